#pragma once
// The evdev transport, for a reader the kernel keeps as a keyboard: the node is grabbed
// exclusively (EVIOCGRAB) so its keys reach only the kiosk, and key events are turned back into
// boot keyboard reports for the same KeyboardDecoder the libusb transport uses.

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "drivers/reader.h"
#include "drivers/reader_config.h"
#include "drivers/scan_assembler.h"

namespace rc::drivers {

// Reads config.path; uses config.role, decoder, retry and evdev_require_grab.
std::unique_ptr<Reader> makeEvdevReader(ReaderConfig config, ScanSink& sink);

// HID usage (keyboard page) for a Linux key code; kUsageOtherKey for a key that exists but
// is not text, a terminator or Caps Lock (it poisons a scan, like an F-key would); 0 for
// codes that are not keyboard keys (buttons) and modifiers.
std::uint8_t linuxKeyToUsage(std::uint16_t code) noexcept;
// The boot report modifier bit of a Linux modifier key code, or 0.
std::uint8_t linuxKeyToModifier(std::uint16_t code) noexcept;
inline constexpr std::uint8_t kUsageOtherKey = 0x65;  // "Keyboard Application": never text

// Pure: key events in, one boot report per SYN_REPORT frame out. Not thread-safe.
class EvdevReportBuilder {
 public:
  enum class Step {
    None,     // nothing to hand on yet
    Report,   // a frame ended: report() holds the keys down now
    Dropped,  // the kernel dropped events: the decoder must forget any partial scan
  };
  Step onEvent(std::uint16_t type, std::uint16_t code, std::int32_t value);
  const std::array<std::uint8_t, 8>& report() const noexcept { return m_report; }

 private:
  std::uint8_t m_modifiers = 0;
  std::vector<std::uint8_t> m_down;  // usages held, in the order pressed
  bool m_dropping = false;           // after SYN_DROPPED, until the next SYN_REPORT
  std::array<std::uint8_t, 8> m_report{};
};

}  // namespace rc::drivers
