#include "drivers/device_state.h"

#include <algorithm>

namespace rc::drivers {

void DeviceMachine::enter(DeviceState state, Clock::time_point now) {
  if (state != m_state) m_since = now;
  m_state = state;
}

void DeviceMachine::on(DeviceEvent event, Clock::time_point now) {
  if (m_state == DeviceState::Stopped) return;
  switch (event) {
    case DeviceEvent::Arrived:
      // A streaming device stays put: a second matching reader does not interrupt it.
      if (m_state != DeviceState::Streaming) {
        m_failures = 0;
        enter(DeviceState::Opening, now);
      }
      break;
    case DeviceEvent::Opened:
      if (m_state == DeviceState::Opening) {
        m_failures = 0;
        enter(DeviceState::Streaming, now);
      }
      break;
    case DeviceEvent::OpenFailed:
    case DeviceEvent::StreamBroke:
      if (m_state == DeviceState::Opening || m_state == DeviceState::Streaming) {
        ++m_failures;
        m_retry_at = now + backoff(m_failures);
        enter(DeviceState::Retrying, now);
      }
      break;
    case DeviceEvent::Left:
      if (m_state != DeviceState::Absent) enter(DeviceState::Gone, now);
      m_failures = 0;
      break;
    case DeviceEvent::Stop:
      enter(DeviceState::Stopped, now);
      break;
  }
}

bool DeviceMachine::openDue(Clock::time_point now) {
  if (m_state == DeviceState::Retrying && now >= m_retry_at) enter(DeviceState::Opening, now);
  return m_state == DeviceState::Opening;
}

std::optional<Clock::time_point> DeviceMachine::deadline() const {
  if (m_state != DeviceState::Retrying) return std::nullopt;
  return m_retry_at;
}

std::chrono::milliseconds DeviceMachine::backoff(int failures) const noexcept {
  auto wait = m_policy.initial;
  for (int i = 1; i < failures && wait < m_policy.max; ++i) wait *= 2;
  return std::min(wait, m_policy.max);
}

std::string_view toString(DeviceState state) noexcept {
  switch (state) {
    case DeviceState::Absent: return "absent";
    case DeviceState::Opening: return "opening";
    case DeviceState::Streaming: return "streaming";
    case DeviceState::Retrying: return "retrying";
    case DeviceState::Gone: return "gone";
    case DeviceState::Stopped: return "stopped";
  }
  return "?";
}

}  // namespace rc::drivers
