#pragma once
// From raw scans to the events the kiosk acts on: classification, then a hold-off that drops the
// same payload repeated within a short time, so a card left on the reader does not act twice.

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <vector>

#include "drivers/payload.h"
#include "drivers/scan.h"
#include "drivers/scan_queue.h"

namespace rc::drivers {

// Pure and single-threaded. The hold-off slides: every repeat restarts it, so a card resting on
// a reader that re-reads it every second acts once, and again only after it has been lifted for
// longer than the hold-off. Repeats are matched on the classified payload (kind and text, or the
// reason of a rejection), across all readers. A hold-off of zero turns it off. At most
// kMaxRecent payloads are remembered, so a flood of distinct scans cannot grow it.
class ScanAssembler {
 public:
  ScanAssembler(ClassifyPolicy policy, std::chrono::milliseconds hold_off)
      : m_policy(std::move(policy)), m_hold_off(hold_off) {}

  std::optional<ScanEvent> accept(const ScanSource& source, const RawScan& scan);
  std::uint64_t suppressed() const noexcept { return m_suppressed; }

  static constexpr std::size_t kMaxRecent = 64;

 private:
  struct Recent {
    Payload payload;
    Clock::time_point last;
  };
  ClassifyPolicy m_policy;
  std::chrono::milliseconds m_hold_off;
  std::vector<Recent> m_recent;  // payloads seen within the hold-off, in order of first sight
  std::uint64_t m_suppressed = 0;
};

// What reader threads hand their raw scans to: an assembler behind a mutex, feeding a queue.
// Thread-safe; shared by every reader of one kiosk.
class ScanSink {
 public:
  ScanSink(ScanQueue& queue, ClassifyPolicy policy, std::chrono::milliseconds hold_off)
      : m_queue(queue), m_assembler(std::move(policy), hold_off) {}

  void submit(const ScanSource& source, const RawScan& scan);
  std::uint64_t suppressed() const;
  ScanQueue& queue() noexcept { return m_queue; }

 private:
  ScanQueue& m_queue;
  mutable std::mutex m_mutex;
  ScanAssembler m_assembler;
};

}  // namespace rc::drivers
