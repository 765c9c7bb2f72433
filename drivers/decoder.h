#pragma once
// The shape shared by the pure report decoders (HID boot keyboard, HID POS, serial lines):
// bytes and the time they arrived in, raw scans out. No clock, no I/O, no threads, so the tests
// and fuzzers drive them with recorded report streams and made-up times.

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "drivers/scan.h"

namespace rc::drivers {

// What a pause in the middle of a scan does to the part already read (policy).
enum class PauseAction {
  Drop,   // discard it: a reader that ends scans with Enter/Tab never pauses mid-scan, so a
          // partial is noise or half a scan, and half a card number must never act as one
  Flush,  // deliver it: for readers configured without a terminator
};

struct DecoderPolicy {
  std::size_t max_length = 128;          // characters in one scan; more is a TooLong fault
  std::chrono::milliseconds pause{100};  // silence that ends a partial scan
  PauseAction pause_action = PauseAction::Drop;
  bool operator==(const DecoderPolicy&) const = default;
};

// A report decoder. Implementations are small explicit state machines; not thread-safe (each
// transport owns one per device, on its own thread).
class Decoder {
 public:
  virtual ~Decoder() = default;
  // One report (or one chunk of serial bytes) that arrived at `now`; completed scans are
  // appended to `out`.
  virtual void feed(std::span<const std::uint8_t> bytes, Clock::time_point now,
                    std::vector<RawScan>& out) = 0;
  // Nothing arrived: ends a partial scan once the pause has passed.
  virtual void poll(Clock::time_point now, std::vector<RawScan>& out) = 0;
  // When poll() next has work to do; nullopt when idle.
  virtual std::optional<Clock::time_point> deadline() const = 0;
  // The stream broke (events lost, device gone): forget any partial scan.
  virtual void reset() = 0;
  // Reports that were not understood or were error reports (rollover), for the status line.
  virtual std::uint64_t ignoredReports() const = 0;
};

std::unique_ptr<Decoder> makeDecoder(ReportFormat format, const DecoderPolicy& policy);

}  // namespace rc::drivers
