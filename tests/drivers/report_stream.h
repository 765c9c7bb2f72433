#pragma once
// Builds the report streams a keyboard-wedge reader sends, with their timing, for decoder tests
// and the emulated USB device: each character is a press report and a release report.

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

#include "drivers/decoder.h"

namespace rc::test {

using drivers::Clock;

struct TimedReport {
  Clock::time_point at;
  std::vector<std::uint8_t> bytes;
};

// The boot usage and whether Shift is needed for `c` on a US layout; usage 0 if not typeable.
inline std::pair<std::uint8_t, bool> usageFor(char c) {
  if (c >= 'a' && c <= 'z') return {static_cast<std::uint8_t>(0x04 + (c - 'a')), false};
  if (c >= 'A' && c <= 'Z') return {static_cast<std::uint8_t>(0x04 + (c - 'A')), true};
  if (c >= '1' && c <= '9') return {static_cast<std::uint8_t>(0x1e + (c - '1')), false};
  switch (c) {
    case '0': return {0x27, false};
    case '\n': return {0x28, false};
    case '\t': return {0x2b, false};
    case ' ': return {0x2c, false};
    case '-': return {0x2d, false};
    case '_': return {0x2d, true};
    case '.': return {0x37, false};
    case '~': return {0x35, true};
    case '/': return {0x38, false};
    default: return {0, false};
  }
}

class KeyboardStream {
 public:
  explicit KeyboardStream(Clock::time_point start = Clock::time_point{} + std::chrono::hours(1),
                          std::chrono::milliseconds gap = std::chrono::milliseconds(4))
      : m_now(start), m_gap(gap) {}

  // Press and release for every character; '\n' is Enter, '\t' Tab, capitals use Shift.
  KeyboardStream& type(std::string_view text) {
    for (const char c : text) {
      const auto [usage, shift] = usageFor(c);
      report(shift ? 0x02 : 0x00, {usage});
      report(0x00, {});
    }
    return *this;
  }
  // One report with these modifiers and keys held.
  KeyboardStream& report(std::uint8_t modifiers, std::initializer_list<std::uint8_t> keys) {
    std::vector<std::uint8_t> r(8, 0);
    r[0] = modifiers;
    std::size_t i = 2;
    for (const auto k : keys) r[i++] = k;
    m_reports.push_back({m_now, std::move(r)});
    m_now += m_gap;
    return *this;
  }
  KeyboardStream& raw(std::vector<std::uint8_t> bytes) {
    m_reports.push_back({m_now, std::move(bytes)});
    m_now += m_gap;
    return *this;
  }
  KeyboardStream& pause(std::chrono::milliseconds ms) {
    m_now += ms;
    return *this;
  }

  const std::vector<TimedReport>& reports() const { return m_reports; }
  Clock::time_point now() const { return m_now; }

 private:
  Clock::time_point m_now;
  std::chrono::milliseconds m_gap;
  std::vector<TimedReport> m_reports;
};

// Feeds every report, polling the decoder between reports as a transport would, and once more
// a second after the last report.
inline std::vector<drivers::RawScan> decodeAll(drivers::Decoder& decoder,
                                               const std::vector<TimedReport>& reports) {
  std::vector<drivers::RawScan> out;
  for (const auto& r : reports) {
    if (const auto d = decoder.deadline(); d && *d < r.at) decoder.poll(*d, out);
    decoder.feed(r.bytes, r.at, out);
  }
  const auto end = reports.empty() ? Clock::time_point{} : reports.back().at;
  decoder.poll(end + std::chrono::seconds(1), out);
  return out;
}

inline std::vector<std::string> texts(const std::vector<drivers::RawScan>& scans) {
  std::vector<std::string> out;
  for (const auto& s : scans) {
    out.push_back(s.fault == drivers::ScanFault::None ? s.text
                                                      : "<" + std::string(toString(s.fault)) + ">");
  }
  return out;
}

}  // namespace rc::test
