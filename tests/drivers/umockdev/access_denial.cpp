// Interposes open() for this test binary only: the executable's symbol comes first in the
// lookup order, ahead of umockdev's preload library, which it then calls as usual.
#include "tests/drivers/umockdev/access_denial.h"

#include <dlfcn.h>
#include <fcntl.h>

#include <atomic>
#include <cerrno>
#include <cstdarg>
#include <cstring>

namespace rc::test {
namespace {

std::atomic<int> g_to_deny{0};
std::atomic<int> g_denied{0};

bool deny(const char* path) {
  if (path == nullptr || std::strstr(path, "/dev/bus/usb/") == nullptr) return false;
  int n = g_to_deny.load();
  while (n > 0) {
    if (g_to_deny.compare_exchange_weak(n, n - 1)) {
      ++g_denied;
      errno = EACCES;
      return true;
    }
  }
  return false;
}

}  // namespace

void denyUsbOpens(int count) { g_to_deny = count; }
int deniedUsbOpens() { return g_denied.load(); }

}  // namespace rc::test

extern "C" {

int open(const char* path, int flags, ...) {
  mode_t mode = 0;
  if ((flags & (O_CREAT | O_TMPFILE)) != 0) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);  // NOLINT(clang-analyzer-valist.Uninitialized): started above
    va_end(ap);
  }
  if (rc::test::deny(path)) return -1;
  using Open = int (*)(const char*, int, ...);
  static const auto next = reinterpret_cast<Open>(dlsym(RTLD_NEXT, "open"));
  return next(path, flags, mode);
}

// NOLINTNEXTLINE(bugprone-reserved-identifier,readability-identifier-naming): libc's name
int __open_2(const char* path, int flags) {
  if (rc::test::deny(path)) return -1;
  using Open2 = int (*)(const char*, int);
  static const auto next = reinterpret_cast<Open2>(dlsym(RTLD_NEXT, "__open_2"));
  return next(path, flags);
}

}  // extern "C"
