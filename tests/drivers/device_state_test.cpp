#include "drivers/device_state.h"

#include <gtest/gtest.h>

namespace rc::drivers {
namespace {

using std::chrono::milliseconds;

const Clock::time_point kT0 = Clock::time_point{} + std::chrono::hours(1);
const RetryPolicy kRetry{milliseconds(100), milliseconds(800)};

TEST(DeviceMachine, PlugOpenStreamUnplugReplug) {
  DeviceMachine m(kRetry);
  EXPECT_EQ(m.state(), DeviceState::Absent);
  EXPECT_FALSE(m.openDue(kT0));
  m.on(DeviceEvent::Arrived, kT0);
  EXPECT_EQ(m.state(), DeviceState::Opening);
  EXPECT_TRUE(m.openDue(kT0));
  m.on(DeviceEvent::Opened, kT0 + milliseconds(3));
  EXPECT_EQ(m.state(), DeviceState::Streaming);
  EXPECT_EQ(m.since(), kT0 + milliseconds(3));
  EXPECT_FALSE(m.openDue(kT0 + milliseconds(4)));
  m.on(DeviceEvent::Left, kT0 + milliseconds(50));
  EXPECT_EQ(m.state(), DeviceState::Gone);
  m.on(DeviceEvent::Arrived, kT0 + milliseconds(60));
  EXPECT_EQ(m.state(), DeviceState::Opening);
  m.on(DeviceEvent::Opened, kT0 + milliseconds(61));
  EXPECT_EQ(m.state(), DeviceState::Streaming);
}

TEST(DeviceMachine, AccessDeniedRetriesWithADoublingCappedBackoff) {
  DeviceMachine m(kRetry);
  m.on(DeviceEvent::Arrived, kT0);
  auto now = kT0;
  const std::vector<int> expected_ms = {100, 200, 400, 800, 800};
  for (const int wait : expected_ms) {
    ASSERT_TRUE(m.openDue(now));
    m.on(DeviceEvent::OpenFailed, now);  // udev has not yet given access
    EXPECT_EQ(m.state(), DeviceState::Retrying);
    ASSERT_TRUE(m.deadline());
    EXPECT_EQ(*m.deadline() - now, milliseconds(wait));
    EXPECT_FALSE(m.openDue(now + milliseconds(wait) - milliseconds(1)));
    now += milliseconds(wait);
  }
  EXPECT_EQ(m.failures(), 5);
  ASSERT_TRUE(m.openDue(now));
  m.on(DeviceEvent::Opened, now);
  EXPECT_EQ(m.state(), DeviceState::Streaming);
  EXPECT_EQ(m.failures(), 0);
  EXPECT_FALSE(m.deadline());
}

TEST(DeviceMachine, UnplugWhileRetryingIsGoneAndAFreshArrivalStartsOver) {
  DeviceMachine m(kRetry);
  m.on(DeviceEvent::Arrived, kT0);
  m.on(DeviceEvent::OpenFailed, kT0);
  m.on(DeviceEvent::OpenFailed, kT0);  // ignored: not opening any more
  EXPECT_EQ(m.failures(), 1);
  m.on(DeviceEvent::Left, kT0 + milliseconds(10));
  EXPECT_EQ(m.state(), DeviceState::Gone);
  EXPECT_FALSE(m.openDue(kT0 + milliseconds(500)));
  m.on(DeviceEvent::Arrived, kT0 + milliseconds(600));
  EXPECT_TRUE(m.openDue(kT0 + milliseconds(600)));
  EXPECT_EQ(m.failures(), 0);
}

TEST(DeviceMachine, ABrokenStreamReopensAfterTheFirstBackoff) {
  DeviceMachine m(kRetry);
  m.on(DeviceEvent::Arrived, kT0);
  m.on(DeviceEvent::Opened, kT0);
  m.on(DeviceEvent::StreamBroke, kT0 + milliseconds(5));
  EXPECT_EQ(m.state(), DeviceState::Retrying);
  EXPECT_TRUE(m.openDue(kT0 + milliseconds(105)));
}

TEST(DeviceMachine, ASecondReaderArrivingDoesNotInterruptTheStream) {
  DeviceMachine m(kRetry);
  m.on(DeviceEvent::Arrived, kT0);
  m.on(DeviceEvent::Opened, kT0);
  m.on(DeviceEvent::Arrived, kT0 + milliseconds(1));
  EXPECT_EQ(m.state(), DeviceState::Streaming);
}

TEST(DeviceMachine, StopIsFinal) {
  DeviceMachine m(kRetry);
  m.on(DeviceEvent::Arrived, kT0);
  m.on(DeviceEvent::Stop, kT0);
  m.on(DeviceEvent::Arrived, kT0);
  m.on(DeviceEvent::Opened, kT0);
  EXPECT_EQ(m.state(), DeviceState::Stopped);
  EXPECT_FALSE(m.openDue(kT0));
}

TEST(DeviceMachine, UnplugBeforeAnyDeviceStaysAbsent) {
  DeviceMachine m(kRetry);
  m.on(DeviceEvent::Left, kT0);
  EXPECT_EQ(m.state(), DeviceState::Absent);
  EXPECT_EQ(toString(DeviceState::Streaming), "streaming");
}

}  // namespace
}  // namespace rc::drivers
