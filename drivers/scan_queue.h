#pragma once
// The bounded queue between reader threads and the consumer (the kiosk's frame loop, rc-reader).
// Thread-safe: any number of producers, one or more consumers.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include "drivers/scan.h"

namespace rc::drivers {

class ScanQueue {
 public:
  explicit ScanQueue(std::size_t capacity);

  // Never blocks a reader thread. When full, the oldest scan is dropped: the villager standing
  // at the kiosk cares about the scan just made, and a stalled consumer must not grow memory.
  void push(ScanEvent event);
  // Waits up to `timeout` for a scan.
  std::optional<ScanEvent> pop(std::chrono::milliseconds timeout);
  std::optional<ScanEvent> tryPop();

  // Called after each push, on the pushing thread, outside the lock: the kiosk posts an SDL
  // user event here so a scan shows in the next frame. Set it before readers start.
  void setWakeup(std::function<void()> wakeup);

  std::size_t size() const;
  std::uint64_t dropped() const;

 private:
  const std::size_t m_capacity;
  mutable std::mutex m_mutex;
  std::condition_variable m_ready;
  std::deque<ScanEvent> m_events;
  std::uint64_t m_dropped = 0;
  std::function<void()> m_wakeup;
};

}  // namespace rc::drivers
