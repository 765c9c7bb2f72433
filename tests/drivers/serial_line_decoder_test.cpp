#include "drivers/serial_line_decoder.h"

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

class Chunks {
 public:
  Chunks& add(std::string_view bytes, milliseconds gap = milliseconds(1)) {
    m_now += gap;
    m_reports.push_back({m_now, std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
    return *this;
  }
  const std::vector<TimedReport>& reports() const { return m_reports; }

 private:
  Clock::time_point m_now = Clock::time_point{} + std::chrono::hours(1);
  std::vector<TimedReport> m_reports;
};

DecoderPolicy policy(PauseAction action = PauseAction::Drop, std::size_t max = 64) {
  return DecoderPolicy{max, milliseconds(100), action};
}

TEST(SerialLineDecoder, CrLfAndCrLfEachEndOneLine) {
  SerialLineDecoder d(policy());
  Chunks c;
  c.add("one\rtwo\nthree\r\nfour\n\rfive\r");
  EXPECT_EQ(texts(decodeAll(d, c.reports())),
            (Strings{"one", "two", "three", "four", "five"}));
}

TEST(SerialLineDecoder, ACrLfSplitAcrossReadsCountsOnce) {
  SerialLineDecoder d(policy());
  Chunks c;
  c.add("6901234567892\r").add("\n0004567890\r").add("\n");
  EXPECT_EQ(texts(decodeAll(d, c.reports())), (Strings{"6901234567892", "0004567890"}));
}

TEST(SerialLineDecoder, ALineArrivingInPiecesIsOneScan) {
  SerialLineDecoder d(policy());
  Chunks c;
  c.add("RC2.ab").add("cd").add("ef\r\n");
  EXPECT_EQ(texts(decodeAll(d, c.reports())), Strings{"RC2.abcdef"});
}

TEST(SerialLineDecoder, EmptyLinesAreNotScans) {
  SerialLineDecoder d(policy());
  Chunks c;
  c.add("\r\n\n\r\r\n");
  EXPECT_TRUE(decodeAll(d, c.reports()).empty());
}

TEST(SerialLineDecoder, ControlBytesAndOverlongLinesAreErrors) {
  SerialLineDecoder d(policy(PauseAction::Drop, 10));
  Chunks c;
  c.add(std::string_view("ab\0cd\r\n", 7));
  c.add("\x1b[31mred\n");
  c.add("01234567890123456789\n");
  c.add("0123456789\n");
  EXPECT_EQ(texts(decodeAll(d, c.reports())),
            (Strings{"<control-character>", "<control-character>", "<too-long>", "0123456789"}));
}

TEST(SerialLineDecoder, APartialLineIsDroppedOrFlushedAfterAPause) {
  for (const auto action : {PauseAction::Drop, PauseAction::Flush}) {
    SerialLineDecoder d(policy(action));
    Chunks c;
    c.add("00045").add("67890\n", milliseconds(300));
    const auto got = texts(decodeAll(d, c.reports()));
    if (action == PauseAction::Drop) {
      EXPECT_EQ(got, Strings{"67890"});
    } else {
      EXPECT_EQ(got, (Strings{"00045", "67890"}));
    }
  }
}

TEST(SerialLineDecoder, GarbageBetweenScansStaysOutOfThem) {
  SerialLineDecoder d(policy());
  Chunks c;
  c.add("0004567890\r\n").add("\xff\xfe garbage", milliseconds(200));
  c.add("0004567891\r\n", milliseconds(200));
  EXPECT_EQ(texts(decodeAll(d, c.reports())), (Strings{"0004567890", "0004567891"}));
}

}  // namespace
}  // namespace rc::drivers
