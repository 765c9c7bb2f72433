#pragma once
// Shared by the libFuzzer targets: invariant checks that abort (libFuzzer saves the input),
// and the checks every decoder's output must pass.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <vector>

#include "drivers/decoder.h"
#include "drivers/payload.h"

#define RC_FUZZ_CHECK(cond)                                                        \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      std::abort();                                                                \
    }                                                                              \
  } while (0)

namespace rc::fuzz {

using drivers::Clock;

// Reads the input as records: one byte of milliseconds since the previous record, one byte of
// length (bounded by `max_len`; 0 means `fixed_len` when that is set), then the record's bytes.
// Feeds each record to the decoder and polls it between records as a transport would.
inline std::vector<drivers::RawScan> feedRecords(drivers::Decoder& decoder, const std::uint8_t* data,
                                                 std::size_t size, std::size_t max_len,
                                                 std::size_t fixed_len = 0) {
  std::vector<drivers::RawScan> out;
  auto now = Clock::time_point{} + std::chrono::hours(1);
  std::size_t i = 0;
  while (i + 2 <= size) {
    now += std::chrono::milliseconds(data[i]);
    std::size_t len = fixed_len != 0 ? fixed_len : data[i + 1] % (max_len + 1);
    i += fixed_len != 0 ? 1 : 2;
    len = std::min(len, size - i);
    if (const auto d = decoder.deadline(); d && *d < now) decoder.poll(*d, out);
    decoder.feed(std::span<const std::uint8_t>(data + i, len), now, out);
    i += len;
  }
  decoder.poll(now + std::chrono::seconds(10), out);
  RC_FUZZ_CHECK(!decoder.deadline().has_value());  // a pause always ends a partial scan
  return out;
}

// What every decoder promises: a scan is text within the cap without control characters, or a
// fault with no text; and classification of it holds up.
inline void checkScans(const std::vector<drivers::RawScan>& scans, const drivers::DecoderPolicy& p) {
  for (const auto& s : scans) {
    if (s.fault != drivers::ScanFault::None) {
      RC_FUZZ_CHECK(s.text.empty());
      continue;
    }
    RC_FUZZ_CHECK(!s.text.empty());
    RC_FUZZ_CHECK(s.text.size() <= p.max_length);
    for (const char c : s.text) {
      const auto u = static_cast<unsigned char>(c);
      RC_FUZZ_CHECK(u >= 0x20 && u != 0x7f);
    }
    for (const auto role : {drivers::ReaderRole::Any, drivers::ReaderRole::Card,
                            drivers::ReaderRole::Code}) {
      const auto payload = drivers::classify(s, role, drivers::ClassifyPolicy{});
      RC_FUZZ_CHECK((payload.kind == drivers::PayloadKind::Rejected) ==
                    (payload.reason != drivers::RejectReason::None));
    }
  }
}

}  // namespace rc::fuzz
