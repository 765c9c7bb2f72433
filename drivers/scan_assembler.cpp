#include "drivers/scan_assembler.h"

#include <algorithm>

namespace rc::drivers {

std::optional<ScanEvent> ScanAssembler::accept(const ScanSource& source, const RawScan& scan) {
  Payload payload = classify(scan, source.role, m_policy);
  const Clock::time_point now = scan.time;
  if (m_hold_off.count() <= 0) return ScanEvent{source, std::move(payload), now};

  std::erase_if(m_recent, [&](const Recent& r) { return now - r.last > m_hold_off; });
  const auto same = std::find_if(m_recent.begin(), m_recent.end(),
                                 [&](const Recent& r) { return r.payload == payload; });
  if (same != m_recent.end()) {
    same->last = std::max(same->last, now);
    ++m_suppressed;
    return std::nullopt;
  }
  if (m_recent.size() >= kMaxRecent) m_recent.erase(m_recent.begin());
  m_recent.push_back({payload, now});
  return ScanEvent{source, std::move(payload), now};
}

void ScanSink::submit(const ScanSource& source, const RawScan& scan) {
  std::optional<ScanEvent> event;
  {
    std::lock_guard lock(m_mutex);
    event = m_assembler.accept(source, scan);
  }
  if (event) m_queue.push(std::move(*event));
}

std::uint64_t ScanSink::suppressed() const {
  std::lock_guard lock(m_mutex);
  return m_assembler.suppressed();
}

}  // namespace rc::drivers
