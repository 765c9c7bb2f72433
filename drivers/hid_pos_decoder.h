#pragma once
// Decodes HID POS barcode scanner reports (usage page 0x8C, "Bar Code Scanner") into scans.
//
// The layout is the common one of scanners in HID POS mode, as documented by their makers:
//   byte 0      report id 0x02 (scanned data)
//   byte 1      n, the number of data bytes in this report (0..56)
//   bytes 2..4  the AIM symbology identifier, e.g. "]E0" (EAN/UPC), "]Q1" (QR)
//   bytes 5..   n bytes of data
//   byte 63     bit 0 set: more data of the same scan follows in the next report
// A reader with another layout needs its own decoder, not a tweak of this one.

#include <cstdint>
#include <string>

#include "drivers/decoder.h"

namespace rc::drivers {

inline constexpr std::uint8_t kHidPosReportId = 0x02;
inline constexpr std::size_t kHidPosHeaderSize = 5;
inline constexpr std::size_t kHidPosReportSize = 64;
inline constexpr std::size_t kHidPosMoreDataByte = 63;

enum class HidPosState {
  Idle,        // between scans
  Continuing,  // a report said more data follows
  Overlong,    // past the length cap; the scan ends as TooLong
  Poisoned,    // a control byte in the data; the scan ends as ControlCharacter
};

// Reports with another id, a length byte larger than the report, or fewer than 5 bytes are
// ignored (counted). Trailing CR/LF/Tab that a scanner may be configured to append are not part
// of the scan; any other control byte poisons it. A continuation that never comes is ended by
// the pause policy.
class HidPosDecoder final : public Decoder {
 public:
  explicit HidPosDecoder(DecoderPolicy policy) : m_policy(policy) {}

  void feed(std::span<const std::uint8_t> bytes, Clock::time_point now,
            std::vector<RawScan>& out) override;
  void poll(Clock::time_point now, std::vector<RawScan>& out) override;
  std::optional<Clock::time_point> deadline() const override;
  void reset() override;
  std::uint64_t ignoredReports() const override { return m_ignored; }

  HidPosState state() const noexcept { return m_state; }

 private:
  void endScan(Clock::time_point time, bool by_pause, std::vector<RawScan>& out);

  DecoderPolicy m_policy;
  HidPosState m_state = HidPosState::Idle;
  std::string m_text;
  std::string m_symbology;
  Clock::time_point m_last{};
  std::uint64_t m_ignored = 0;
};

}  // namespace rc::drivers
