#include "drivers/hid_pos_decoder.h"

#include <gtest/gtest.h>

#include <string_view>

#include "tests/drivers/report_stream.h"

namespace rc::drivers {
namespace {

using rc::test::decodeAll;
using rc::test::texts;
using rc::test::TimedReport;
using std::chrono::milliseconds;
using Strings = std::vector<std::string>;

// A 64-byte HID POS input report.
std::vector<std::uint8_t> posReport(std::string_view data, std::string_view aim = "]Q1",
                                    bool more = false) {
  std::vector<std::uint8_t> r(64, 0);
  r[0] = kHidPosReportId;
  r[1] = static_cast<std::uint8_t>(data.size());
  for (std::size_t i = 0; i < 3 && i < aim.size(); ++i) r[2 + i] = static_cast<std::uint8_t>(aim[i]);
  for (std::size_t i = 0; i < data.size(); ++i) r[5 + i] = static_cast<std::uint8_t>(data[i]);
  r[63] = more ? 1 : 0;
  return r;
}

class Stream {
 public:
  Stream& add(std::vector<std::uint8_t> r, milliseconds gap = milliseconds(2)) {
    m_now += gap;
    m_reports.push_back({m_now, std::move(r)});
    return *this;
  }
  const std::vector<TimedReport>& reports() const { return m_reports; }

 private:
  Clock::time_point m_now = Clock::time_point{} + std::chrono::hours(1);
  std::vector<TimedReport> m_reports;
};

DecoderPolicy policy(PauseAction action = PauseAction::Drop, std::size_t max = 128) {
  return DecoderPolicy{max, milliseconds(100), action};
}

TEST(HidPosDecoder, OneReportIsOneScanWithItsSymbology) {
  HidPosDecoder d(policy());
  Stream s;
  s.add(posReport("6901234567892", "]E0"));
  const auto scans = decodeAll(d, s.reports());
  ASSERT_EQ(texts(scans), Strings{"6901234567892"});
  EXPECT_EQ(scans[0].symbology, "]E0");
}

TEST(HidPosDecoder, ContinuationReportsJoinIntoOneScan) {
  HidPosDecoder d(policy());
  const std::string token = "RC2." + std::string(60, 'a') + "." + std::string(20, 'Z');
  Stream s;
  s.add(posReport(std::string_view(token).substr(0, 56), "]Q1", true));
  s.add(posReport(std::string_view(token).substr(56), "]Q1", false));
  const auto scans = decodeAll(d, s.reports());
  ASSERT_EQ(texts(scans), Strings{token});
  EXPECT_EQ(scans[0].symbology, "]Q1");
}

TEST(HidPosDecoder, ASuffixTheScannerAddsIsNotData) {
  HidPosDecoder d(policy());
  Stream s;
  s.add(posReport("6901234567892\r\n", "]E0"));
  s.add(posReport("12345670\t", "]E4"));
  EXPECT_EQ(texts(decodeAll(d, s.reports())), (Strings{"6901234567892", "12345670"}));
}

TEST(HidPosDecoder, ControlBytesInsideTheDataRejectTheScan) {
  HidPosDecoder d(policy());
  Stream s;
  s.add(posReport(std::string("RC2.ab\x1b[2Jcd", 12)));
  s.add(posReport(std::string("RC2.a\nb", 7)));  // a line break that is not at the end
  s.add(posReport(std::string("ok", 2)));
  EXPECT_EQ(texts(decodeAll(d, s.reports())),
            (Strings{"<control-character>", "<control-character>", "ok"}));
}

TEST(HidPosDecoder, OverlongDataAcrossReportsIsOneError) {
  HidPosDecoder d(policy(PauseAction::Drop, 100));
  const std::string chunk(56, '7');
  Stream s;
  s.add(posReport(chunk, "]Q1", true)).add(posReport(chunk, "]Q1", true));
  s.add(posReport(chunk, "]Q1", false));
  s.add(posReport("after"));
  EXPECT_EQ(texts(decodeAll(d, s.reports())), (Strings{"<too-long>", "after"}));
}

TEST(HidPosDecoder, AContinuationThatNeverComesIsDroppedOrFlushedByPolicy) {
  for (const auto action : {PauseAction::Drop, PauseAction::Flush}) {
    HidPosDecoder d(policy(action));
    Stream s;
    s.add(posReport("RC2.first-half", "]Q1", true));
    s.add(posReport("6901234567892", "]E0"), milliseconds(400));
    const auto scans = decodeAll(d, s.reports());
    if (action == PauseAction::Drop) {
      EXPECT_EQ(texts(scans), Strings{"6901234567892"});
    } else {
      EXPECT_EQ(texts(scans), (Strings{"RC2.first-half", "6901234567892"}));
    }
  }
}

TEST(HidPosDecoder, ReportsThatAreNotScannedDataAreIgnored) {
  HidPosDecoder d(policy());
  auto wrong_id = posReport("123");
  wrong_id[0] = 0x04;
  auto lying_length = posReport("123");
  lying_length[1] = 200;
  Stream s;
  s.add(wrong_id).add(lying_length).add({0x02, 0x01}).add(posReport(""));
  s.add(posReport("fine"));
  EXPECT_EQ(texts(decodeAll(d, s.reports())), Strings{"fine"});
  EXPECT_EQ(d.ignoredReports(), 3U);
}

TEST(HidPosDecoder, ShortReportsWithoutTheFlagByteEndTheScan) {
  HidPosDecoder d(policy());
  std::vector<std::uint8_t> r = {0x02, 4, ']', 'E', '4', '1', '2', '3', '4'};
  Stream s;
  s.add(r);
  const auto scans = decodeAll(d, s.reports());
  ASSERT_EQ(texts(scans), Strings{"1234"});
  EXPECT_EQ(scans[0].symbology, "]E4");
}

}  // namespace
}  // namespace rc::drivers
