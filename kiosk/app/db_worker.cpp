#include "kiosk/app/db_worker.h"

namespace rc::kiosk {

DbWorker::DbWorker(std::unique_ptr<KioskData> data, std::function<void()> wake)
    : m_data(std::move(data)), m_wake(std::move(wake)), m_thread([this] { run(); }) {}

DbWorker::~DbWorker() {
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_cv.notify_all();
  m_thread.join();
}

void DbWorker::post(Request request) {
  {
    std::lock_guard lock(m_mutex);
    m_in.push_back(std::move(request));
  }
  m_cv.notify_one();
}

std::vector<Response> DbWorker::drain() {
  std::lock_guard lock(m_mutex);
  return std::exchange(m_out, {});
}

void DbWorker::run() {
  for (;;) {
    Request r;
    {
      std::unique_lock lock(m_mutex);
      // Idle for a minute: time for the daily backup (a no-op but once a day).
      if (!m_cv.wait_for(lock, kIdleCheck, [this] { return m_stop || !m_in.empty(); })) {
        lock.unlock();
        (void)m_data->dailyBackup(db::nowMs());
        continue;
      }
      // Requests still queued at shutdown are dropped: the kiosk is closing, and a redemption
      // not yet started was never confirmed to anyone.
      if (m_stop) return;
      r = std::move(m_in.front());
      m_in.pop_front();
    }
    Response out = m_data->handle(r);
    {
      std::lock_guard lock(m_mutex);
      m_out.push_back(std::move(out));
    }
    if (m_wake) m_wake();
  }
}

}  // namespace rc::kiosk
