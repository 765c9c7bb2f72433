#pragma once
// The life of one reader device as the kiosk shows it: absent → opening → streaming → gone → …,
// with retrying (and a growing backoff) when opening fails, e.g. while udev has not yet given
// the kiosk's group access to a newly plugged reader. A pure state machine; the transports feed
// it events and ask it when to try again.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "drivers/scan.h"

namespace rc::drivers {

enum class DeviceState {
  Absent,     // no matching device seen since start
  Opening,    // a matching device is there; opening and setting it up now
  Streaming,  // reading reports
  Retrying,   // opening failed or the stream broke; trying again after a backoff
  Gone,       // the device was there and has been unplugged
  Stopped,    // the reader was stopped by the application
};

enum class DeviceEvent {
  Arrived,      // a matching device appeared (or is present at start)
  Opened,       // open, claim and set-up succeeded
  OpenFailed,   // e.g. ACCESS, BUSY, a kernel driver that may not be detached
  StreamBroke,  // repeated transfer errors on a device that is still there
  Left,         // the device was unplugged
  Stop,
};

struct RetryPolicy {
  std::chrono::milliseconds initial{100};
  std::chrono::milliseconds max{2000};
  bool operator==(const RetryPolicy&) const = default;
};

class DeviceMachine {
 public:
  explicit DeviceMachine(RetryPolicy policy) : m_policy(policy) {}

  void on(DeviceEvent event, Clock::time_point now);
  // Whether to try opening now: true in Opening, and in Retrying once the backoff has passed
  // (which moves the machine to Opening).
  bool openDue(Clock::time_point now);
  // When Retrying next becomes due; nullopt in the other states.
  std::optional<Clock::time_point> deadline() const;

  DeviceState state() const noexcept { return m_state; }
  Clock::time_point since() const noexcept { return m_since; }
  int failures() const noexcept { return m_failures; }  // consecutive, reset by Opened/Arrived
  // The wait after the n-th consecutive failure: initial, doubled each time, capped at max.
  std::chrono::milliseconds backoff(int failures) const noexcept;

 private:
  void enter(DeviceState state, Clock::time_point now);

  RetryPolicy m_policy;
  DeviceState m_state = DeviceState::Absent;
  Clock::time_point m_since{};
  Clock::time_point m_retry_at{};
  int m_failures = 0;
};

// What the kiosk's status line and rc-reader show about a reader. A snapshot, copied out.
struct ReaderStatus {
  DeviceState state = DeviceState::Absent;
  std::string device;  // the device in use or last seen, e.g. "ffff:0035 at 1-2"
  std::string detail;  // the last problem, in plain words, or empty
  int open_failures = 0;
  std::uint64_t reports = 0;          // reports (or serial chunks) read
  std::uint64_t ignored_reports = 0;  // not understood, or error reports (rollover)
  std::uint64_t transfer_errors = 0;
  std::uint64_t scans = 0;  // raw scans handed to the sink
  Clock::time_point since{};
};

std::string_view toString(DeviceState state) noexcept;

}  // namespace rc::drivers
