#pragma once
// Decodes HID boot keyboard reports from a "keyboard wedge" card or QR reader into scans.
// A boot report is [modifiers][reserved][k1..k6]: the keys held down at that moment.

#include <array>
#include <cstdint>
#include <string>

#include "drivers/decoder.h"

namespace rc::drivers {

// HID usage ids (Keyboard/Keypad page 0x07) that the decoder treats specially.
inline constexpr std::uint8_t kUsageErrorRollOver = 0x01;
inline constexpr std::uint8_t kUsageErrorUndefined = 0x03;
inline constexpr std::uint8_t kUsageEnter = 0x28;
inline constexpr std::uint8_t kUsageTab = 0x2b;
inline constexpr std::uint8_t kUsageCapsLock = 0x39;
inline constexpr std::uint8_t kUsageKeypadEnter = 0x58;
inline constexpr std::uint8_t kModLeftShift = 0x02;
inline constexpr std::uint8_t kModRightShift = 0x20;

enum class KeyboardState {
  Idle,        // between scans
  Collecting,  // characters of a scan
  Overlong,    // past the length cap: the rest is skipped, the scan ends as TooLong
  Poisoned,    // a control key was pressed: the rest is skipped, the scan ends as ControlCharacter
};

// The character a key gives on a US layout, or 0 when it is not a text key.
char usageToChar(std::uint8_t usage, bool shift, bool caps_lock) noexcept;

// Rules: a key counts only when it is newly pressed against the previous report (so "0012"
// needs a release between the two zeros); reports with ErrorRollOver in a key slot are
// ignored whole; Shift gives upper case and symbols (an ID number's final `X`), Caps Lock
// toggles letters; Enter, keypad Enter or Tab ends a scan; Ctrl/Alt/GUI chords and keys that
// are not text poison the scan; a pause ends a partial scan by policy.
class KeyboardDecoder final : public Decoder {
 public:
  explicit KeyboardDecoder(DecoderPolicy policy) : m_policy(policy) {}

  void feed(std::span<const std::uint8_t> bytes, Clock::time_point now,
            std::vector<RawScan>& out) override;
  void poll(Clock::time_point now, std::vector<RawScan>& out) override;
  std::optional<Clock::time_point> deadline() const override;
  void reset() override;
  std::uint64_t ignoredReports() const override { return m_ignored; }

  KeyboardState state() const noexcept { return m_state; }
  bool capsLock() const noexcept { return m_caps; }

 private:
  void pressed(std::uint8_t usage, std::uint8_t modifiers, Clock::time_point now,
               std::vector<RawScan>& out);
  void append(char c);
  void endScan(Clock::time_point time, bool by_pause, std::vector<RawScan>& out);

  DecoderPolicy m_policy;
  KeyboardState m_state = KeyboardState::Idle;
  std::array<std::uint8_t, 6> m_held{};  // keys of the previous accepted report
  bool m_caps = false;
  std::string m_text;
  Clock::time_point m_last{};  // last report of the current scan
  std::uint64_t m_ignored = 0;
};

}  // namespace rc::drivers
