#pragma once
// Decodes the byte stream of a serial (CDC ACM) scanner into scans: one line per scan, ended by
// CR, LF or CRLF (counted once).

#include <cstdint>
#include <string>

#include "drivers/decoder.h"

namespace rc::drivers {

enum class SerialLineState {
  Idle,        // between lines
  Collecting,  // characters of a line
  AfterCr,     // a CR ended the line; an LF right after it belongs to the same ending
  Overlong,    // past the length cap; the line ends as TooLong
  Poisoned,    // a control byte; the line ends as ControlCharacter
};

class SerialLineDecoder final : public Decoder {
 public:
  explicit SerialLineDecoder(DecoderPolicy policy) : m_policy(policy) {}

  void feed(std::span<const std::uint8_t> bytes, Clock::time_point now,
            std::vector<RawScan>& out) override;
  void poll(Clock::time_point now, std::vector<RawScan>& out) override;
  std::optional<Clock::time_point> deadline() const override;
  void reset() override;
  std::uint64_t ignoredReports() const override { return 0; }

  SerialLineState state() const noexcept { return m_state; }

 private:
  void endLine(Clock::time_point time, bool by_pause, std::vector<RawScan>& out);

  DecoderPolicy m_policy;
  SerialLineState m_state = SerialLineState::Idle;
  std::string m_text;
  Clock::time_point m_last{};
};

}  // namespace rc::drivers
