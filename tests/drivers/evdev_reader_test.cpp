// The pure half of the evdev transport: key events back into boot reports. The transport itself
// runs against an emulated input device in tests/drivers/umockdev/.
#include "drivers/evdev_reader.h"

#include <gtest/gtest.h>
#include <linux/input.h>

#include "drivers/keyboard_decoder.h"

namespace rc::drivers {
namespace {

using Step = EvdevReportBuilder::Step;
using Report = std::array<std::uint8_t, 8>;

Step key(EvdevReportBuilder& b, std::uint16_t code, int value) {
  return b.onEvent(EV_KEY, code, value);
}
Step syn(EvdevReportBuilder& b) { return b.onEvent(EV_SYN, SYN_REPORT, 0); }

TEST(EvdevReportBuilder, OneReportPerFrameWithModifiersAndHeldKeys) {
  EvdevReportBuilder b;
  EXPECT_EQ(key(b, KEY_LEFTSHIFT, 1), Step::None);
  EXPECT_EQ(key(b, KEY_X, 1), Step::None);
  EXPECT_EQ(b.onEvent(EV_MSC, MSC_SCAN, 0x7001b), Step::None);  // scan codes are noise here
  ASSERT_EQ(syn(b), Step::Report);
  EXPECT_EQ(b.report(), (Report{0x02, 0, 0x1b, 0, 0, 0, 0, 0}));
  key(b, KEY_X, 2);  // autorepeat: not a new press
  key(b, KEY_1, 1);
  ASSERT_EQ(syn(b), Step::Report);
  EXPECT_EQ(b.report(), (Report{0x02, 0, 0x1b, 0x1e, 0, 0, 0, 0}));
  key(b, KEY_X, 0);
  key(b, KEY_LEFTSHIFT, 0);
  ASSERT_EQ(syn(b), Step::Report);
  EXPECT_EQ(b.report(), (Report{0, 0, 0x1e, 0, 0, 0, 0, 0}));
}

TEST(EvdevReportBuilder, SevenKeysHeldIsARolloverReport) {
  EvdevReportBuilder b;
  for (auto k : {KEY_1, KEY_2, KEY_3, KEY_4, KEY_5, KEY_6, KEY_7}) key(b, static_cast<std::uint16_t>(k), 1);
  ASSERT_EQ(syn(b), Step::Report);
  EXPECT_EQ(b.report(), (Report{0, 0, 1, 1, 1, 1, 1, 1}));
}

TEST(EvdevReportBuilder, DroppedEventsResetTheState) {
  EvdevReportBuilder b;
  key(b, KEY_1, 1);
  syn(b);
  EXPECT_EQ(b.onEvent(EV_SYN, SYN_DROPPED, 0), Step::None);
  key(b, KEY_2, 1);  // discarded until the next SYN_REPORT
  EXPECT_EQ(syn(b), Step::Dropped);
  key(b, KEY_3, 1);
  ASSERT_EQ(syn(b), Step::Report);
  EXPECT_EQ(b.report(), (Report{0, 0, 0x20, 0, 0, 0, 0, 0}));
}

TEST(EvdevReportBuilder, KeysThatAreNotTextStillPoisonAScan) {
  EXPECT_EQ(linuxKeyToUsage(KEY_A), 0x04);
  EXPECT_EQ(linuxKeyToUsage(KEY_KPENTER), 0x58);
  EXPECT_EQ(linuxKeyToUsage(KEY_F1), kUsageOtherKey);
  EXPECT_EQ(linuxKeyToUsage(KEY_LEFTSHIFT), 0);  // a modifier, in byte 0
  EXPECT_EQ(linuxKeyToUsage(BTN_LEFT), 0);       // a mouse button is not a key
  EXPECT_EQ(linuxKeyToModifier(KEY_RIGHTALT), 0x40);
  EXPECT_EQ(usageToChar(kUsageOtherKey, false, false), 0);
}

TEST(EvdevReportBuilder, FeedsTheKeyboardDecoderLikeAUsbReader) {
  EvdevReportBuilder b;
  KeyboardDecoder d(DecoderPolicy{});
  std::vector<RawScan> out;
  auto t = Clock::time_point{} + std::chrono::hours(1);
  auto press = [&](std::uint16_t code, bool shift) {
    if (shift) key(b, KEY_LEFTSHIFT, 1);
    key(b, code, 1);
    if (syn(b) == Step::Report) d.feed(b.report(), t += std::chrono::milliseconds(3), out);
    key(b, code, 0);
    if (shift) key(b, KEY_LEFTSHIFT, 0);
    if (syn(b) == Step::Report) d.feed(b.report(), t += std::chrono::milliseconds(3), out);
  };
  for (auto k : {KEY_1, KEY_1, KEY_0, KEY_5}) press(static_cast<std::uint16_t>(k), false);
  press(KEY_X, true);
  press(KEY_ENTER, false);
  ASSERT_EQ(out.size(), 1U);
  EXPECT_EQ(out[0].text, "1105X");
}

}  // namespace
}  // namespace rc::drivers
