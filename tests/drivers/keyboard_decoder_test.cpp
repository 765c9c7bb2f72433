#include "drivers/keyboard_decoder.h"

#include <gtest/gtest.h>

#include "tests/drivers/report_stream.h"

namespace rc::drivers {
namespace {

using rc::test::decodeAll;
using rc::test::KeyboardStream;
using rc::test::texts;
using std::chrono::milliseconds;
using Strings = std::vector<std::string>;

DecoderPolicy policy(PauseAction action = PauseAction::Drop, std::size_t max_length = 32) {
  return DecoderPolicy{max_length, milliseconds(100), action};
}

TEST(KeyboardDecoder, DecodesACardNumberEndedByEnter) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.type("0004567890\n");
  const auto scans = decodeAll(d, s.reports());
  ASSERT_EQ(texts(scans), Strings{"0004567890"});
  // The scan is stamped with the Enter report, where latency is measured from.
  EXPECT_EQ(scans[0].time, s.reports()[s.reports().size() - 2].at);
}

TEST(KeyboardDecoder, ShiftGivesTheCapitalXOfAnIdNumber) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.type("11010519491231002X\n");
  EXPECT_EQ(texts(decodeAll(d, s.reports())), Strings{"11010519491231002X"});
}

TEST(KeyboardDecoder, RightShiftAndShiftedSymbolsCount) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.report(0x20, {0x1b}).report(0, {});          // right Shift + x
  s.report(0x02, {0x1e}).report(0, {});          // '!'
  s.report(0x00, {0x2d}).report(0x02, {0x2d});  // '-', then still held with Shift: not new
  s.report(0, {}).type("\n");
  EXPECT_EQ(texts(decodeAll(d, s.reports())), Strings{"X!-"});
}

TEST(KeyboardDecoder, DoubledDigitsNeedAReleaseBetween) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.report(0, {0x27}).report(0, {}).report(0, {0x27}).report(0, {});  // 0, release, 0, release
  s.report(0, {0x1e}).report(0, {0x1e}).report(0, {});  // 1 held across two reports: one '1'
  s.report(0, {0x1f}).report(0, {0x1f, 0x20}).report(0, {0x20}).report(0, {});  // 2, then 3 joins
  s.type("\n");
  EXPECT_EQ(texts(decodeAll(d, s.reports())), Strings{"00123"});
}

TEST(KeyboardDecoder, RolloverErrorReportsAreIgnoredWhole) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.report(0, {0x1e});
  s.report(0, {0x01, 0x01, 0x01, 0x01, 0x01, 0x01});  // too many keys: says nothing
  s.report(0, {0x1e});  // still the same '1' held: not new against the last real report
  s.report(0, {}).type("2\n");
  EXPECT_EQ(texts(decodeAll(d, s.reports())), Strings{"12"});
  EXPECT_EQ(d.ignoredReports(), 1U);
}

TEST(KeyboardDecoder, CapsLockTogglesLettersOnlyAndShiftInvertsIt) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.report(0, {0x39}).report(0, {});  // Caps Lock on
  s.type("ab1");                      // typed as lower case, read as upper
  s.report(0x02, {0x04}).report(0, {});  // Shift+a with Caps Lock: lower case
  s.type("\n");
  EXPECT_EQ(texts(decodeAll(d, s.reports())), Strings{"AB1a"});
  EXPECT_TRUE(d.capsLock());
}

TEST(KeyboardDecoder, TabAndKeypadEnterEndScansAndKeypadDigitsAreDigits) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.type("12\t");
  s.report(0, {0x62}).report(0, {}).report(0, {0x59}).report(0, {});  // keypad 0, keypad 1
  s.report(0, {0x58}).report(0, {});                                  // keypad Enter
  EXPECT_EQ(texts(decodeAll(d, s.reports())), (Strings{"12", "01"}));
}

TEST(KeyboardDecoder, AStrayEnterIsNotAScan) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.type("\n\n\t");
  EXPECT_TRUE(decodeAll(d, s.reports()).empty());
}

TEST(KeyboardDecoder, OverlongInputIsOneErrorAndTheNextScanIsClean) {
  KeyboardDecoder d(policy(PauseAction::Drop, 8));
  KeyboardStream s;
  s.type("12345678\n");   // exactly the cap: fine
  s.type("123456789012345678901234567890\n");
  s.type("42\n");
  EXPECT_EQ(texts(decodeAll(d, s.reports())), (Strings{"12345678", "<too-long>", "42"}));
}

TEST(KeyboardDecoder, ControlKeysAndHotkeyChordsRejectTheScan) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.type("12").report(0, {0x29}).report(0, {}).type("34\n");  // Esc in the middle
  s.type("5").report(0x01, {0x06}).report(0, {}).type("\n");   // Ctrl+C
  s.report(0x08, {0x15}).report(0, {}).type("\n");             // GUI+R, from idle
  s.type("6").report(0, {0x3a}).report(0, {}).type("\n");      // F1
  s.type("78\n");
  EXPECT_EQ(texts(decodeAll(d, s.reports())),
            (Strings{"<control-character>", "<control-character>", "<control-character>",
                     "<control-character>", "78"}));
}

TEST(KeyboardDecoder, AScanSplitByAPauseIsDroppedByDefault) {
  KeyboardDecoder d(policy(PauseAction::Drop));
  KeyboardStream s;
  s.type("00045").pause(milliseconds(300)).type("67890\n");
  // The first half never acts; the second half arrives alone and is left to classification,
  // which rejects five digits.
  EXPECT_EQ(texts(decodeAll(d, s.reports())), Strings{"67890"});
}

TEST(KeyboardDecoder, AScanSplitByAPauseIsFlushedWhenThePolicySaysSo) {
  KeyboardDecoder d(policy(PauseAction::Flush));
  KeyboardStream s;
  s.type("00045").pause(milliseconds(300)).type("67890");
  const auto scans = decodeAll(d, s.reports());
  EXPECT_EQ(texts(scans), (Strings{"00045", "67890"}));
  // A flushed scan is stamped with its own last report, not with when the pause was noticed.
  EXPECT_LT(scans[0].time, s.reports()[10].at);
}

TEST(KeyboardDecoder, PollFlushesAfterThePauseWithoutAnotherReport) {
  KeyboardDecoder d(policy(PauseAction::Flush));
  KeyboardStream s;
  s.type("1234");
  std::vector<RawScan> out;
  for (const auto& r : s.reports()) d.feed(r.bytes, r.at, out);
  ASSERT_TRUE(d.deadline().has_value());
  d.poll(*d.deadline() - milliseconds(1), out);
  EXPECT_TRUE(out.empty());
  d.poll(*d.deadline(), out);
  EXPECT_EQ(texts(out), Strings{"1234"});
  EXPECT_FALSE(d.deadline().has_value());
}

TEST(KeyboardDecoder, GarbageBetweenScansDoesNotLeakIntoThem) {
  KeyboardDecoder d(policy(PauseAction::Drop));
  KeyboardStream s;
  s.type("0004567890\n");
  s.pause(milliseconds(500)).type("zq").raw({0x01, 0x02}).raw({});  // noise and short reports
  s.pause(milliseconds(500)).type("0004567891\n");
  EXPECT_EQ(texts(decodeAll(d, s.reports())), (Strings{"0004567890", "0004567891"}));
  EXPECT_EQ(d.ignoredReports(), 2U);
}

TEST(KeyboardDecoder, ResetForgetsAPartialScanAndHeldKeys) {
  KeyboardDecoder d(policy());
  KeyboardStream s;
  s.type("123").report(0, {0x21});  // '4' held when the stream breaks
  std::vector<RawScan> out;
  for (const auto& r : s.reports()) d.feed(r.bytes, r.at, out);
  d.reset();
  EXPECT_EQ(d.state(), KeyboardState::Idle);
  KeyboardStream more(s.now());
  more.report(0, {0x21}).report(0, {}).type("\n");  // the same '4', now new again
  for (const auto& r : more.reports()) d.feed(r.bytes, r.at, out);
  EXPECT_EQ(texts(out), Strings{"4"});
}

TEST(KeyboardDecoder, UsMapCoversTheCharactersReadersType) {
  EXPECT_EQ(usageToChar(0x04, false, false), 'a');
  EXPECT_EQ(usageToChar(0x1d, true, false), 'Z');
  EXPECT_EQ(usageToChar(0x1b, true, false), 'X');
  EXPECT_EQ(usageToChar(0x27, false, false), '0');
  EXPECT_EQ(usageToChar(0x26, true, false), '(');
  EXPECT_EQ(usageToChar(0x2d, true, false), '_');
  EXPECT_EQ(usageToChar(0x38, true, false), '?');
  EXPECT_EQ(usageToChar(0x61, false, false), '9');
  EXPECT_EQ(usageToChar(0x28, false, false), 0);  // Enter is not text
  EXPECT_EQ(usageToChar(0x2a, false, false), 0);  // Backspace
  EXPECT_EQ(usageToChar(0x4f, false, false), 0);  // Right arrow
}

}  // namespace
}  // namespace rc::drivers
