#include "drivers/scan_queue.h"

#include <algorithm>

namespace rc::drivers {

ScanQueue::ScanQueue(std::size_t capacity) : m_capacity(std::max<std::size_t>(1, capacity)) {}

void ScanQueue::push(ScanEvent event) {
  std::function<void()> wakeup;
  {
    std::lock_guard lock(m_mutex);
    if (m_events.size() >= m_capacity) {
      m_events.pop_front();
      ++m_dropped;
    }
    m_events.push_back(std::move(event));
    wakeup = m_wakeup;
  }
  m_ready.notify_one();
  if (wakeup) wakeup();
}

std::optional<ScanEvent> ScanQueue::pop(std::chrono::milliseconds timeout) {
  std::unique_lock lock(m_mutex);
  if (!m_ready.wait_for(lock, timeout, [this] { return !m_events.empty(); })) return std::nullopt;
  ScanEvent e = std::move(m_events.front());
  m_events.pop_front();
  return e;
}

std::optional<ScanEvent> ScanQueue::tryPop() { return pop(std::chrono::milliseconds(0)); }

void ScanQueue::setWakeup(std::function<void()> wakeup) {
  std::lock_guard lock(m_mutex);
  m_wakeup = std::move(wakeup);
}

std::size_t ScanQueue::size() const {
  std::lock_guard lock(m_mutex);
  return m_events.size();
}

std::uint64_t ScanQueue::dropped() const {
  std::lock_guard lock(m_mutex);
  return m_dropped;
}

}  // namespace rc::drivers
