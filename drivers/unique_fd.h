#pragma once
// RAII for a POSIX file descriptor, and a wake-up descriptor that stops a thread blocked in
// poll(). Used by the evdev and serial transports.

#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <utility>

namespace rc::drivers {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) noexcept : m_fd(fd) {}
  ~UniqueFd() { reset(); }
  UniqueFd(UniqueFd&& o) noexcept : m_fd(std::exchange(o.m_fd, -1)) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept {
    if (this != &o) reset(std::exchange(o.m_fd, -1));
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const noexcept { return m_fd; }
  bool valid() const noexcept { return m_fd >= 0; }
  void reset(int fd = -1) noexcept {
    if (m_fd >= 0) ::close(m_fd);
    m_fd = fd;
  }

 private:
  int m_fd = -1;
};

// An eventfd: signal() from any thread makes it readable until clear() on the polling thread.
class WakeFd {
 public:
  WakeFd() : m_fd(::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}
  bool valid() const noexcept { return m_fd.valid(); }
  int get() const noexcept { return m_fd.get(); }
  void signal() noexcept {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(m_fd.get(), &one, sizeof one);
  }
  void clear() noexcept {
    std::uint64_t v = 0;
    [[maybe_unused]] const auto n = ::read(m_fd.get(), &v, sizeof v);
  }

 private:
  UniqueFd m_fd;
};

}  // namespace rc::drivers
