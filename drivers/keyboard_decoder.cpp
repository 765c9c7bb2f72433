#include "drivers/keyboard_decoder.h"

#include <algorithm>

namespace rc::drivers {
namespace {

constexpr std::size_t kBootReportSize = 8;
// Ctrl, Alt and GUI on either side. A scan is text; a chord is a hotkey, and a hostile barcode
// must not be able to press one.
constexpr std::uint8_t kChordModifiers = 0x01 | 0x04 | 0x08 | 0x10 | 0x40 | 0x80;

// Usages 0x1e..0x38 on a US layout, unshifted and shifted.
constexpr char kRowPlain[] = "1234567890\0\0\0\0 -=[]\\\\;'`,./";
constexpr char kRowShift[] = "!@#$%^&*()\0\0\0\0 _+{}||:\"~<>?";

bool isTerminator(std::uint8_t usage) noexcept {
  return usage == kUsageEnter || usage == kUsageKeypadEnter || usage == kUsageTab;
}

}  // namespace

char usageToChar(std::uint8_t usage, bool shift, bool caps_lock) noexcept {
  if (usage >= 0x04 && usage <= 0x1d) {  // a..z
    const bool upper = shift != caps_lock;
    return static_cast<char>((upper ? 'A' : 'a') + (usage - 0x04));
  }
  if (usage >= 0x1e && usage <= 0x38) {
    const auto i = static_cast<std::size_t>(usage - 0x1e);
    return shift ? kRowShift[i] : kRowPlain[i];
  }
  // The keypad: readers that type digits on it assume Num Lock is on, as the kiosk never
  // toggles it.
  switch (usage) {
    case 0x54: return '/';
    case 0x55: return '*';
    case 0x56: return '-';
    case 0x57: return '+';
    case 0x62: return '0';
    case 0x63: return '.';
    case 0x67: return '=';
    default: break;
  }
  if (usage >= 0x59 && usage <= 0x61) return static_cast<char>('1' + (usage - 0x59));
  return 0;
}

void KeyboardDecoder::feed(std::span<const std::uint8_t> bytes, Clock::time_point now,
                           std::vector<RawScan>& out) {
  if (bytes.size() < kBootReportSize) {
    ++m_ignored;
    return;
  }
  if (m_state != KeyboardState::Idle && now - m_last > m_policy.pause) {
    endScan(m_last, true, out);
  }
  const auto keys = bytes.subspan(2, 6);
  // ErrorRollOver (and its siblings POSTFail, ErrorUndefined) in a slot means the report does
  // not say which keys are down. Keep the previous state, so nothing counts twice.
  if (std::any_of(keys.begin(), keys.end(), [](std::uint8_t k) {
        return k >= kUsageErrorRollOver && k <= kUsageErrorUndefined;
      })) {
    ++m_ignored;
    return;
  }
  const std::uint8_t modifiers = bytes[0];
  for (const std::uint8_t k : keys) {
    if (k == 0) continue;
    if (std::find(m_held.begin(), m_held.end(), k) != m_held.end()) continue;  // still held
    pressed(k, modifiers, now, out);
  }
  std::copy(keys.begin(), keys.end(), m_held.begin());
  m_last = now;
}

void KeyboardDecoder::pressed(std::uint8_t usage, std::uint8_t modifiers, Clock::time_point now,
                              std::vector<RawScan>& out) {
  if (usage >= 0xe0) return;  // modifier usages belong in byte 0; a report that repeats them is harmless
  if ((modifiers & kChordModifiers) != 0) {
    if (m_state == KeyboardState::Idle || m_state == KeyboardState::Collecting) {
      m_state = KeyboardState::Poisoned;
      m_text.clear();
    }
    return;
  }
  if (usage == kUsageCapsLock) {
    m_caps = !m_caps;
    return;
  }
  if (isTerminator(usage)) {
    endScan(now, false, out);
    return;
  }
  const bool shift = (modifiers & (kModLeftShift | kModRightShift)) != 0;
  const char c = usageToChar(usage, shift, m_caps);
  if (c != 0) {
    append(c);
  } else if (m_state == KeyboardState::Idle || m_state == KeyboardState::Collecting) {
    m_state = KeyboardState::Poisoned;  // Esc, Backspace, arrows, F-keys …
    m_text.clear();
  }
}

void KeyboardDecoder::append(char c) {
  switch (m_state) {
    case KeyboardState::Idle:
    case KeyboardState::Collecting:
      if (m_text.size() >= m_policy.max_length) {
        m_state = KeyboardState::Overlong;
        m_text.clear();
      } else {
        m_text += c;
        m_state = KeyboardState::Collecting;
      }
      break;
    case KeyboardState::Overlong:
    case KeyboardState::Poisoned:
      break;
  }
}

void KeyboardDecoder::endScan(Clock::time_point time, bool by_pause, std::vector<RawScan>& out) {
  switch (m_state) {
    case KeyboardState::Idle:
      break;
    case KeyboardState::Collecting:
      if (!by_pause || m_policy.pause_action == PauseAction::Flush) {
        out.push_back({m_text, ScanFault::None, "", time});
      }
      break;
    case KeyboardState::Overlong:
      out.push_back({"", ScanFault::TooLong, "", time});
      break;
    case KeyboardState::Poisoned:
      out.push_back({"", ScanFault::ControlCharacter, "", time});
      break;
  }
  m_state = KeyboardState::Idle;
  m_text.clear();
}

void KeyboardDecoder::poll(Clock::time_point now, std::vector<RawScan>& out) {
  if (m_state != KeyboardState::Idle && now - m_last >= m_policy.pause) endScan(m_last, true, out);
}

std::optional<Clock::time_point> KeyboardDecoder::deadline() const {
  if (m_state == KeyboardState::Idle) return std::nullopt;
  return m_last + m_policy.pause;
}

void KeyboardDecoder::reset() {
  m_state = KeyboardState::Idle;
  m_text.clear();
  m_held.fill(0);
}

}  // namespace rc::drivers
