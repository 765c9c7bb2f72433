#include "drivers/hid_pos_decoder.h"

namespace rc::drivers {
namespace {

bool isControl(std::uint8_t b) noexcept { return b < 0x20 || b == 0x7f; }

// A suffix the scanner was configured to add; not data.
bool isSuffix(char c) noexcept { return c == '\r' || c == '\n' || c == '\t'; }

}  // namespace

void HidPosDecoder::feed(std::span<const std::uint8_t> bytes, Clock::time_point now,
                         std::vector<RawScan>& out) {
  if (m_state != HidPosState::Idle && now - m_last > m_policy.pause) endScan(m_last, true, out);
  if (bytes.size() < kHidPosHeaderSize || bytes[0] != kHidPosReportId ||
      bytes[1] > bytes.size() - kHidPosHeaderSize) {
    ++m_ignored;
    return;
  }
  const std::size_t n = bytes[1];
  const bool more = bytes.size() > kHidPosMoreDataByte && (bytes[kHidPosMoreDataByte] & 0x01) != 0;
  if (m_state == HidPosState::Idle) {
    if (n == 0 && !more) return;  // an empty report is not a scan
    m_text.clear();
    m_symbology.clear();
    if (bytes[2] == ']' && !isControl(bytes[3]) && !isControl(bytes[4])) {
      m_symbology.assign({static_cast<char>(bytes[2]), static_cast<char>(bytes[3]),
                          static_cast<char>(bytes[4])});
    }
    m_state = HidPosState::Continuing;
  }
  for (const std::uint8_t b : bytes.subspan(kHidPosHeaderSize, n)) {
    if (m_state != HidPosState::Continuing) break;
    // Suffix bytes are only allowed at the very end; whether this one is, is known at the end.
    if (isControl(b) && !isSuffix(static_cast<char>(b))) {
      m_state = HidPosState::Poisoned;
      m_text.clear();
    } else if (m_text.size() >= m_policy.max_length + 2) {  // room for a CRLF suffix
      m_state = HidPosState::Overlong;
      m_text.clear();
    } else {
      m_text += static_cast<char>(b);
    }
  }
  m_last = now;
  if (!more) endScan(now, false, out);
}

void HidPosDecoder::endScan(Clock::time_point time, bool by_pause, std::vector<RawScan>& out) {
  switch (m_state) {
    case HidPosState::Idle:
      break;
    case HidPosState::Continuing:
      if (!by_pause || m_policy.pause_action == PauseAction::Flush) {
        while (!m_text.empty() && isSuffix(m_text.back())) m_text.pop_back();
        bool clean = true;
        for (const char c : m_text) clean = clean && !isSuffix(c);
        if (!clean) {
          out.push_back({"", ScanFault::ControlCharacter, m_symbology, time});
        } else if (m_text.size() > m_policy.max_length) {
          out.push_back({"", ScanFault::TooLong, m_symbology, time});
        } else if (!m_text.empty()) {
          out.push_back({m_text, ScanFault::None, m_symbology, time});
        }
      }
      break;
    case HidPosState::Overlong:
      out.push_back({"", ScanFault::TooLong, m_symbology, time});
      break;
    case HidPosState::Poisoned:
      out.push_back({"", ScanFault::ControlCharacter, m_symbology, time});
      break;
  }
  m_state = HidPosState::Idle;
  m_text.clear();
  m_symbology.clear();
}

void HidPosDecoder::poll(Clock::time_point now, std::vector<RawScan>& out) {
  if (m_state != HidPosState::Idle && now - m_last >= m_policy.pause) endScan(m_last, true, out);
}

std::optional<Clock::time_point> HidPosDecoder::deadline() const {
  if (m_state == HidPosState::Idle) return std::nullopt;
  return m_last + m_policy.pause;
}

void HidPosDecoder::reset() {
  m_state = HidPosState::Idle;
  m_text.clear();
  m_symbology.clear();
}

}  // namespace rc::drivers
