#include "drivers/evdev_reader.h"

#include <fcntl.h>
#include <linux/input.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "drivers/fd_reader.h"

namespace rc::drivers {
namespace {

struct KeyUsage {
  std::uint16_t code;
  std::uint8_t usage;
};

// Linux key codes (linux/input-event-codes.h) to HID keyboard usages, for the keys a reader
// may type: letters, digits, the symbol row, the keypad, Enter, Tab, Caps Lock.
constexpr KeyUsage kKeyUsages[] = {
    {KEY_A, 0x04}, {KEY_B, 0x05}, {KEY_C, 0x06}, {KEY_D, 0x07}, {KEY_E, 0x08},
    {KEY_F, 0x09}, {KEY_G, 0x0a}, {KEY_H, 0x0b}, {KEY_I, 0x0c}, {KEY_J, 0x0d},
    {KEY_K, 0x0e}, {KEY_L, 0x0f}, {KEY_M, 0x10}, {KEY_N, 0x11}, {KEY_O, 0x12},
    {KEY_P, 0x13}, {KEY_Q, 0x14}, {KEY_R, 0x15}, {KEY_S, 0x16}, {KEY_T, 0x17},
    {KEY_U, 0x18}, {KEY_V, 0x19}, {KEY_W, 0x1a}, {KEY_X, 0x1b}, {KEY_Y, 0x1c},
    {KEY_Z, 0x1d}, {KEY_1, 0x1e}, {KEY_2, 0x1f}, {KEY_3, 0x20}, {KEY_4, 0x21},
    {KEY_5, 0x22}, {KEY_6, 0x23}, {KEY_7, 0x24}, {KEY_8, 0x25}, {KEY_9, 0x26},
    {KEY_0, 0x27}, {KEY_ENTER, 0x28}, {KEY_ESC, 0x29}, {KEY_BACKSPACE, 0x2a},
    {KEY_TAB, 0x2b}, {KEY_SPACE, 0x2c}, {KEY_MINUS, 0x2d}, {KEY_EQUAL, 0x2e},
    {KEY_LEFTBRACE, 0x2f}, {KEY_RIGHTBRACE, 0x30}, {KEY_BACKSLASH, 0x31},
    {KEY_SEMICOLON, 0x33}, {KEY_APOSTROPHE, 0x34}, {KEY_GRAVE, 0x35}, {KEY_COMMA, 0x36},
    {KEY_DOT, 0x37}, {KEY_SLASH, 0x38}, {KEY_CAPSLOCK, 0x39}, {KEY_KPSLASH, 0x54},
    {KEY_KPASTERISK, 0x55}, {KEY_KPMINUS, 0x56}, {KEY_KPPLUS, 0x57}, {KEY_KPENTER, 0x58},
    {KEY_KP1, 0x59}, {KEY_KP2, 0x5a}, {KEY_KP3, 0x5b}, {KEY_KP4, 0x5c}, {KEY_KP5, 0x5d},
    {KEY_KP6, 0x5e}, {KEY_KP7, 0x5f}, {KEY_KP8, 0x60}, {KEY_KP9, 0x61}, {KEY_KP0, 0x62},
    {KEY_KPDOT, 0x63}, {KEY_KPEQUAL, 0x67},
};

constexpr KeyUsage kModifierBits[] = {
    {KEY_LEFTCTRL, 0x01},  {KEY_LEFTSHIFT, 0x02},  {KEY_LEFTALT, 0x04},  {KEY_LEFTMETA, 0x08},
    {KEY_RIGHTCTRL, 0x10}, {KEY_RIGHTSHIFT, 0x20}, {KEY_RIGHTALT, 0x40}, {KEY_RIGHTMETA, 0x80},
};

constexpr std::size_t kEventsPerRead = 64;

class EvdevDevice final : public FdDevice {
 public:
  explicit EvdevDevice(bool require_grab) : m_require_grab(require_grab) {}

  rc::Result<UniqueFd, FdOpenError> open(const std::string& path) override {
    UniqueFd fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC));
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
      return rc::err(FdOpenError{false, path + ": " + std::strerror(e) + "; trying again"});
    }
    m_warning.clear();
    m_grabbed = ::ioctl(fd.get(), EVIOCGRAB, 1) == 0;
    if (!m_grabbed) {
      const std::string why = std::strerror(errno);
      if (m_require_grab) {
        return rc::err(FdOpenError{false, "cannot grab " + path + " exclusively (" + why +
                                              "; is another program holding it?); trying again"});
      }
      m_warning = path + " is not grabbed: its keys also reach the system";
    }
    m_builder = EvdevReportBuilder{};
    return fd;
  }

  FdReadOutcome read(int fd, Decoder& decoder, Clock::time_point now, std::vector<RawScan>& out,
                     std::uint64_t& reports) override {
    input_event events[kEventsPerRead];
    for (;;) {
      const ssize_t n = ::read(fd, events, sizeof events);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) return FdReadOutcome::Ok;
        return FdReadOutcome::Gone;  // ENODEV: unplugged
      }
      if (n == 0) return FdReadOutcome::Gone;
      const auto count = static_cast<std::size_t>(n) / sizeof(input_event);
      for (std::size_t i = 0; i < count; ++i) {
        const input_event& ev = events[i];
        switch (m_builder.onEvent(ev.type, ev.code, ev.value)) {
          case EvdevReportBuilder::Step::None:
            break;
          case EvdevReportBuilder::Step::Report:
            ++reports;
            decoder.feed(m_builder.report(), now, out);
            break;
          case EvdevReportBuilder::Step::Dropped:
            decoder.reset();
            break;
        }
      }
      if (count < kEventsPerRead) return FdReadOutcome::Ok;
    }
  }

  void release(int fd) noexcept override {
    if (m_grabbed) ::ioctl(fd, EVIOCGRAB, 0);
    m_grabbed = false;
  }

  std::string openWarning() const override { return m_warning; }

 private:
  bool m_require_grab;
  bool m_grabbed = false;
  std::string m_warning;
  EvdevReportBuilder m_builder;
};

}  // namespace

std::uint8_t linuxKeyToUsage(std::uint16_t code) noexcept {
  for (const auto& k : kKeyUsages) {
    if (k.code == code) return k.usage;
  }
  if (linuxKeyToModifier(code) != 0 || code == KEY_RESERVED || code >= BTN_MISC) return 0;
  return kUsageOtherKey;
}

std::uint8_t linuxKeyToModifier(std::uint16_t code) noexcept {
  for (const auto& k : kModifierBits) {
    if (k.code == code) return k.usage;
  }
  return 0;
}

EvdevReportBuilder::Step EvdevReportBuilder::onEvent(std::uint16_t type, std::uint16_t code,
                                                     std::int32_t value) {
  if (type == EV_SYN && code == SYN_DROPPED) {
    m_dropping = true;
    return Step::None;
  }
  if (type == EV_SYN && code == SYN_REPORT) {
    if (m_dropping) {
      // What is held now is unknown; assume nothing, so nothing counts twice.
      m_dropping = false;
      m_down.clear();
      m_modifiers = 0;
      return Step::Dropped;
    }
    m_report.fill(0);
    m_report[0] = m_modifiers;
    if (m_down.size() > 6) {
      std::fill(m_report.begin() + 2, m_report.end(), std::uint8_t{0x01});  // ErrorRollOver
    } else {
      std::copy(m_down.begin(), m_down.end(), m_report.begin() + 2);
    }
    return Step::Report;
  }
  if (type != EV_KEY || m_dropping || value == 2) return Step::None;  // 2: autorepeat
  if (const std::uint8_t bit = linuxKeyToModifier(code); bit != 0) {
    m_modifiers = value != 0 ? static_cast<std::uint8_t>(m_modifiers | bit)
                             : static_cast<std::uint8_t>(m_modifiers & ~bit);
    return Step::None;
  }
  const std::uint8_t usage = linuxKeyToUsage(code);
  if (usage == 0) return Step::None;
  const auto it = std::find(m_down.begin(), m_down.end(), usage);
  if (value != 0 && it == m_down.end()) m_down.push_back(usage);
  if (value == 0 && it != m_down.end()) m_down.erase(it);
  return Step::None;
}

std::unique_ptr<Reader> makeEvdevReader(ReaderConfig config, ScanSink& sink) {
  const bool grab = config.evdev_require_grab;
  return std::make_unique<FdReader>(std::move(config), sink, ReaderKind::Evdev,
                                    ReportFormat::Keyboard, std::make_unique<EvdevDevice>(grab));
}

}  // namespace rc::drivers
