// The session script parser: every command, and a clear line-numbered error for the rest.
#include "kiosk/app/script.h"

#include <gtest/gtest.h>

namespace rc::kiosk {
namespace {

TEST(Script, ParsesEveryCommand) {
  const auto r = parseScript(
      "# a session\n"
      "scan 00142D5D\n"
      "tap home.supermarket\n"
      "double-tap cart.confirm\n"
      "type 1234\n"
      "wait 46s\n"
      "wait 250ms\n"
      "expect screen error:unknown-card\n"
      "expect text 请刷卡或扫码\n"
      "expect no-text 还在使用吗\n"
      "screenshot 01-attract\n"
      "reader unplug\nreader plug\ndb offline\ndb online\n");
  ASSERT_TRUE(r) << r.error().message;
  const auto& c = r.value();
  ASSERT_EQ(c.size(), 14u);
  EXPECT_EQ(c[0].op, ScriptOp::Scan);
  EXPECT_EQ(c[0].arg, "00142D5D");
  EXPECT_EQ(c[0].line, 2);
  EXPECT_EQ(c[2].op, ScriptOp::DoubleTap);
  EXPECT_EQ(c[4].duration, std::chrono::seconds(46));
  EXPECT_EQ(c[5].duration, std::chrono::milliseconds(250));
  EXPECT_EQ(c[6].op, ScriptOp::ExpectScreen);
  EXPECT_EQ(c[6].arg, "error:unknown-card");
  EXPECT_EQ(c[7].arg, "请刷卡或扫码");
  EXPECT_EQ(c[8].op, ScriptOp::ExpectNoText);
  EXPECT_EQ(c[13].op, ScriptOp::DbOnline);
}

TEST(Script, ErrorsNameTheLine) {
  auto bad = [](std::string_view text) { return parseScript(text).error(); };
  EXPECT_EQ(bad("scan x\nwait soon\n").line, 2);
  EXPECT_EQ(bad("tap\n").message, "tap needs an element id");
  EXPECT_EQ(bad("expect colour red\n").line, 1);
  EXPECT_EQ(bad("screenshot ../../etc/passwd\n").message, "a screenshot name cannot contain a slash");
  EXPECT_EQ(bad("reader wiggle\n").line, 1);
  EXPECT_EQ(bad("\n\nfly\n").message, "unknown command 'fly'");
  EXPECT_EQ(bad("scan " + std::string(kMaxScriptArg + 1, 'x')).message, "argument too long");
  // A wait is at most an hour in either unit (found by the fuzzer: 4545s passed).
  EXPECT_EQ(parseScript("wait 3600s\n")->front().duration, std::chrono::hours(1));
  EXPECT_EQ(bad("wait 3601s\n").line, 1);
  EXPECT_EQ(bad("wait 4545s\n").line, 1);
  EXPECT_EQ(bad("scan x\nexpect text \xE5\x85\n").message, "line is not UTF-8 text");
}

}  // namespace
}  // namespace rc::kiosk
