#include "drivers/serial_reader.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "drivers/fd_reader.h"

namespace rc::drivers {
namespace {

constexpr std::size_t kChunkBytes = 256;

speed_t toSpeed(int baud) noexcept {
  switch (baud) {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    default: return B9600;
  }
}

class SerialDevice final : public FdDevice {
 public:
  explicit SerialDevice(int baud) : m_baud(baud) {}

  rc::Result<UniqueFd, FdOpenError> open(const std::string& path) override {
    // O_NOCTTY: a scanner must never become the kiosk's controlling terminal.
    UniqueFd fd(::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC));
    if (!fd.valid()) {
      const int e = errno;
      if (e == ENOENT || e == ENODEV || e == ENXIO) {
        return rc::err(FdOpenError{true, path + " is not there"});
      }
      if (e == EACCES || e == EPERM) {
        return rc::err(FdOpenError{false, "no permission to open " + path +
                                              ": is the udev rule installed and the kiosk user "
                                              "in its group? trying again"});
      }
      if (e == EBUSY) {
        return rc::err(FdOpenError{false, path + " is held by another program; trying again"});
      }
      return rc::err(FdOpenError{false, path + ": " + std::strerror(e) + "; trying again"});
    }
    termios tio{};
    if (::tcgetattr(fd.get(), &tio) != 0) {
      return rc::err(FdOpenError{false, path + " is not a serial port"});
    }
    ::cfmakeraw(&tio);
    ::cfsetispeed(&tio, toSpeed(m_baud));
    ::cfsetospeed(&tio, toSpeed(m_baud));
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (::tcsetattr(fd.get(), TCSANOW, &tio) != 0) {
      return rc::err(FdOpenError{false, path + ": cannot set the line: " + std::strerror(errno)});
    }
    // Exclusive, so a modem prober opening the port later cannot talk to the scanner.
    ::ioctl(fd.get(), TIOCEXCL);
    return fd;
  }

  FdReadOutcome read(int fd, Decoder& decoder, Clock::time_point now, std::vector<RawScan>& out,
                     std::uint64_t& reports) override {
    std::uint8_t buf[kChunkBytes];
    for (;;) {
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return FdReadOutcome::Ok;
        return FdReadOutcome::Gone;  // EIO, ENODEV: unplugged
      }
      if (n == 0) return FdReadOutcome::Gone;  // hang-up
      ++reports;
      decoder.feed(std::span<const std::uint8_t>(buf, static_cast<std::size_t>(n)), now, out);
      if (static_cast<std::size_t>(n) < sizeof buf) return FdReadOutcome::Ok;
    }
  }

  void release(int fd) noexcept override { ::ioctl(fd, TIOCNXCL); }

 private:
  int m_baud;
};

}  // namespace

std::unique_ptr<Reader> makeSerialReader(ReaderConfig config, ScanSink& sink) {
  const int baud = config.serial_baud;
  return std::make_unique<FdReader>(std::move(config), sink, ReaderKind::Serial,
                                    ReportFormat::Serial, std::make_unique<SerialDevice>(baud));
}

}  // namespace rc::drivers
