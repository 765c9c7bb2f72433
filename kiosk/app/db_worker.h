#pragma once
// The thread that talks to the ledger, so no SQLite call (a durable commit takes milliseconds)
// ever runs on the UI thread. Requests go in; each gets exactly one response, queued for the UI
// thread, and `wake` is called so the frame loop drains it in its next turn.
// When no request came for kIdleCheck it lets the KioskData take its daily backup.
// Ownership: owns the KioskData and the thread (joined in the destructor).
// Thread-safety: post/drain/setOffline from any thread.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "kiosk/app/events.h"
#include "kiosk/app/kiosk_data.h"

namespace rc::kiosk {

class DbWorker {
 public:
  DbWorker(std::unique_ptr<KioskData> data, std::function<void()> wake);
  ~DbWorker();
  DbWorker(const DbWorker&) = delete;
  DbWorker& operator=(const DbWorker&) = delete;

  static constexpr std::chrono::seconds kIdleCheck{60};

  void post(Request request);
  std::vector<Response> drain();
  void setOffline(bool offline) noexcept { m_data->setOffline(offline); }

 private:
  void run();

  std::unique_ptr<KioskData> m_data;
  std::function<void()> m_wake;
  std::mutex m_mutex;
  std::condition_variable m_cv;
  std::deque<Request> m_in;
  std::vector<Response> m_out;
  bool m_stop = false;
  std::thread m_thread;  // last: starts after everything it uses exists
};

}  // namespace rc::kiosk
