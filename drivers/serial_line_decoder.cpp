#include "drivers/serial_line_decoder.h"

namespace rc::drivers {

void SerialLineDecoder::feed(std::span<const std::uint8_t> bytes, Clock::time_point now,
                             std::vector<RawScan>& out) {
  if (bytes.empty()) return;
  if (m_state != SerialLineState::Idle && now - m_last > m_policy.pause) endLine(m_last, true, out);
  for (const std::uint8_t b : bytes) {
    if (m_state == SerialLineState::AfterCr) {
      m_state = SerialLineState::Idle;
      if (b == '\n') continue;
    }
    if (b == '\r' || b == '\n') {
      endLine(now, false, out);
      if (b == '\r') m_state = SerialLineState::AfterCr;
      continue;
    }
    switch (m_state) {
      case SerialLineState::Idle:
      case SerialLineState::Collecting:
        if (b < 0x20 || b == 0x7f) {
          m_state = SerialLineState::Poisoned;
          m_text.clear();
        } else if (m_text.size() >= m_policy.max_length) {
          m_state = SerialLineState::Overlong;
          m_text.clear();
        } else {
          m_text += static_cast<char>(b);
          m_state = SerialLineState::Collecting;
        }
        break;
      case SerialLineState::AfterCr:  // handled above
      case SerialLineState::Overlong:
      case SerialLineState::Poisoned:
        break;
    }
  }
  m_last = now;
}

void SerialLineDecoder::endLine(Clock::time_point time, bool by_pause, std::vector<RawScan>& out) {
  switch (m_state) {
    case SerialLineState::Idle:
    case SerialLineState::AfterCr:
      break;
    case SerialLineState::Collecting:
      if (!by_pause || m_policy.pause_action == PauseAction::Flush) {
        out.push_back({m_text, ScanFault::None, "", time});
      }
      break;
    case SerialLineState::Overlong:
      out.push_back({"", ScanFault::TooLong, "", time});
      break;
    case SerialLineState::Poisoned:
      out.push_back({"", ScanFault::ControlCharacter, "", time});
      break;
  }
  m_state = SerialLineState::Idle;
  m_text.clear();
}

void SerialLineDecoder::poll(Clock::time_point now, std::vector<RawScan>& out) {
  if (m_state != SerialLineState::Idle && now - m_last >= m_policy.pause) endLine(m_last, true, out);
}

std::optional<Clock::time_point> SerialLineDecoder::deadline() const {
  if (m_state == SerialLineState::Idle) return std::nullopt;
  return m_last + m_policy.pause;
}

void SerialLineDecoder::reset() {
  m_state = SerialLineState::Idle;
  m_text.clear();
}

}  // namespace rc::drivers
