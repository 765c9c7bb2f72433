#include "drivers/fake_reader.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "drivers/reader_factory.h"
#include "tests/drivers/report_stream.h"
#include "tests/support/temp_dir.h"

namespace rc::drivers {
namespace {

using std::chrono::milliseconds;

const std::string kFixtures = std::string(RC_SOURCE_DIR) + "/tests/drivers/fixtures/";

std::vector<ScanEvent> drain(ScanQueue& q, std::size_t want, milliseconds timeout) {
  std::vector<ScanEvent> out;
  const auto deadline = Clock::now() + timeout;
  while (out.size() < want && Clock::now() < deadline) {
    if (auto e = q.pop(milliseconds(20))) out.push_back(std::move(*e));
  }
  return out;
}

TEST(FakeReader, ScansFromTheAppAreClassifiedAndQueued) {
  ScanQueue q(8);
  ScanSink sink(q, ClassifyPolicy{}, milliseconds(2000));
  ReaderConfig c;
  c.role = ReaderRole::Card;
  FakeReader r(c, sink);
  ASSERT_TRUE(r.start());
  EXPECT_EQ(r.status().state, DeviceState::Streaming);
  r.scan("0004567890");
  r.scan("0004567890");  // held on the reader: once
  r.scan("bad\x1b");
  r.scan(std::string(200, '7'));  // over the length cap, like a real reader's scan
  const auto events = drain(q, 3, milliseconds(100));
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(events[0].payload.kind, PayloadKind::CardUid);
  EXPECT_EQ(events[0].source.kind, ReaderKind::Fake);
  EXPECT_EQ(events[1].payload.reason, RejectReason::ControlCharacter);
  EXPECT_EQ(events[2].payload.reason, RejectReason::TooLong);
  r.stop();
  EXPECT_EQ(r.status().state, DeviceState::Stopped);
}

TEST(FakeReader, ReportsGoThroughTheRealDecoder) {
  ScanQueue q(8);
  ScanSink sink(q, ClassifyPolicy{}, milliseconds(2000));
  FakeReader r(ReaderConfig{}, sink);
  rc::test::KeyboardStream s(Clock::now());
  s.type("1a2b3c4d\n");
  for (const auto& rep : s.reports()) r.report(rep.bytes, rep.at);
  const auto events = drain(q, 1, milliseconds(100));
  ASSERT_EQ(events.size(), 1U);
  EXPECT_EQ(events[0].payload.text, "1A2B3C4D");
  EXPECT_EQ(r.status().reports, s.reports().size());
}

TEST(Replay, ParsesTheFormatAndWritesItBack) {
  const auto s = parseReplay(
      "# a comment\nformat hidpos\n+0 02 03 5d 45 30 31 32 33\n\n+15 0203 5d45 30 34 35 36 # x\n");
  ASSERT_TRUE(s) << s.error().message;
  EXPECT_EQ(s->format, ReportFormat::HidPos);
  ASSERT_EQ(s->steps.size(), 2U);
  EXPECT_EQ(s->steps[1].delay, milliseconds(15));
  EXPECT_EQ(s->steps[1].bytes.size(), 8U);
  const auto again = parseReplay(replayToText(*s));
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *s);
}

TEST(Replay, MistakesNameTheirLine) {
  const std::vector<std::pair<std::string, int>> bad = {
      {"format morse\n", 1},
      {"+0 00\nformat serial\n", 2},
      {"0 00 00\n", 1},
      {"\n+x 00\n", 2},
      {"+70000 00\n", 1},
      {"+1 0\n", 1},
      {"+1 zz\n", 1},
      {"+1\n", 1},
  };
  for (const auto& [text, line] : bad) {
    const auto r = parseReplay(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().line, line) << text;
  }
}

struct FixtureCase {
  const char* file;
  ReaderRole role;
  std::vector<std::string> expected;  // payload texts, in order
};

class ReplayFixtures : public ::testing::TestWithParam<FixtureCase> {};

TEST_P(ReplayFixtures, PlaysARecordingThroughDecoderClassificationAndHoldOff) {
  const FixtureCase& fc = GetParam();
  ReaderConfig c;
  c.reader = ReaderKind::Replay;
  c.path = kFixtures + fc.file;
  c.role = fc.role;
  ScanQueue q(16);
  ScanSink sink(q, c.classify, c.hold_off);
  auto made = makeReader(c, sink);
  ASSERT_TRUE(made) << made.error().message;
  Reader& r = **made;
  ASSERT_TRUE(r.start());
  auto events = drain(q, fc.expected.size(), milliseconds(10'000));
  std::vector<std::string> got;
  for (const auto& e : events) got.push_back(e.payload.text);
  EXPECT_EQ(got, fc.expected);
  const auto deadline = Clock::now() + milliseconds(5000);
  while (r.status().state != DeviceState::Gone && Clock::now() < deadline) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(r.status().state, DeviceState::Gone);
  EXPECT_EQ(r.status().detail, "replay finished");
  EXPECT_FALSE(q.tryPop());
  r.stop();
}

INSTANTIATE_TEST_SUITE_P(
    Fixtures, ReplayFixtures,
    ::testing::Values(
        FixtureCase{"sycreader_card.replay", ReaderRole::Card, {"0004567890", "1A2B3C4D"}},
        FixtureCase{"hidpos_scanner.replay",
                    ReaderRole::Code,
                    {"RC2." + std::string(40, 'A') + "_" + std::string(40, 'b') +
                         ".sig-0123456789",
                     "6901234567892"}},
        FixtureCase{"serial_scanner.replay",
                    ReaderRole::Any,
                    {"6901234567892", "RC2.token-from-serial", "0004567890"}}));

TEST(Replay, AMissingOrBrokenFileIsBadInput) {
  rc::test::TempDir dir;
  ScanQueue q(4);
  ScanSink sink(q, ClassifyPolicy{}, milliseconds(0));
  ReaderConfig c;
  c.reader = ReaderKind::Replay;
  c.path = dir.file("missing.replay");
  auto missing = makeReader(c, sink);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ReaderErrc::BadInput);
  std::ofstream(dir.file("broken.replay")) << "format keyboard\n+0 00 00\n+1 0g\n";
  c.path = dir.file("broken.replay");
  auto broken = makeReader(c, sink);
  ASSERT_FALSE(broken);
  EXPECT_NE(broken.error().message.find("broken.replay:3:"), std::string::npos)
      << broken.error().message;
}

TEST(ReplayReader, StopsPromptlyInTheMiddleOfALongPause) {
  ScanQueue q(4);
  ScanSink sink(q, ClassifyPolicy{}, milliseconds(0));
  ReplayScript script;
  script.steps.push_back({milliseconds(60'000), {0, 0, 0x1e, 0, 0, 0, 0, 0}});
  ReplayReader r(ReaderConfig{}, sink, script);
  ASSERT_TRUE(r.start());
  const auto t0 = Clock::now();
  r.stop();
  EXPECT_LT(Clock::now() - t0, milliseconds(1000));
  EXPECT_EQ(r.status().state, DeviceState::Stopped);
}

}  // namespace
}  // namespace rc::drivers
