#include "sync/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace rc::sync {

Result<bool, std::string> writePrivateFile(const std::string& path, std::string_view data,
                                           IfExists if_exists) {
  const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return err("cannot create " + tmp + ": " + std::strerror(errno));
  auto fail = [&](const std::string& what) -> Result<bool, std::string> {
    const int e = errno;
    ::close(fd);
    ::unlink(tmp.c_str());
    return err(what + ": " + std::strerror(e));
  };
  if (::fchmod(fd, 0600) != 0) return fail("cannot set the mode of " + tmp);
  std::size_t off = 0;
  while (off < data.size()) {
    const auto n = ::write(fd, data.data() + off, data.size() - off);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail("cannot write " + tmp);
    off += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail("cannot write " + tmp);
  ::close(fd);
  const bool placed = if_exists == IfExists::Replace ? ::rename(tmp.c_str(), path.c_str()) == 0
                                                     : ::link(tmp.c_str(), path.c_str()) == 0;
  const int e = errno;
  ::unlink(tmp.c_str());  // after link(), the temporary name; after rename(), nothing
  if (!placed) return err("cannot create " + path + ": " + std::strerror(e));
  return true;
}

}  // namespace rc::sync
