// office/board_poster.h on boards made up for the purpose: long boards continue on further
// pages with every name, grey stars and no stars are written out, empty boards and an unpaired
// yellow card say so. Read back with pdfinfo and pdftotext.
#include "office/board_poster.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "support/temp_dir.h"
#include "support/pdf_read.h"

namespace rc::office {
namespace {

std::string run(const std::string& command) { return test::commandOutput(command); }

db::BoardRow row(int id, const std::string& name, int score, const core::Settings& s) {
  db::BoardRow r;
  r.id = id;
  r.name = name;
  r.score = score;
  r.rank = id;
  r.stars = core::starsFor(score, s);
  return r;
}

TEST(BoardPoster, LongBoardsContinueOnFurtherPagesWithEveryName) {
  test::TempDir dir;
  const core::Settings s;
  db::MonthBoards b;
  b.month = {2026, 11};
  // 120 party members from 1059 down to 940: red stars, none, grey stars.
  for (int i = 0; i < 120; ++i)
    b.party.push_back(row(i + 1, "党员" + std::to_string(i + 1), 1059 - i, s));
  for (int i = 0; i < 30; ++i)
    b.commended.push_back(row(i + 1, "表彰" + std::to_string(i + 1), 1040, s));
  const auto path = dir.file("long.pdf");
  const int pages = writeBoardPoster(path, b, s, {"测试村", core::monthStartMs({2026, 12})});
  EXPECT_GE(pages, 3);
  const auto info = run("pdfinfo '" + path + "'");
  EXPECT_NE(info.find("Pages:           " + std::to_string(pages) + "\n"), std::string::npos)
      << info;
  EXPECT_NE(info.find("(A3)"), std::string::npos) << info;
  const auto text = run("pdftotext '" + path + "' -");
  for (int i = 1; i <= 120; ++i) {
    EXPECT_NE(text.find("党员" + std::to_string(i) + "\n"), std::string::npos) << i;
  }
  EXPECT_NE(text.find("表彰30"), std::string::npos);
  EXPECT_NE(text.find("测试村 红色信用公示榜 2026年11月（续）"), std::string::npos);
  EXPECT_NE(text.find("11 颗红星"), std::string::npos);  // 1059
  EXPECT_NE(text.find("无星"), std::string::npos);       // 1000
  EXPECT_NE(text.find("12 颗灰星"), std::string::npos);  // 940
  // pdftotext drops the thin spaces around the page number.
  EXPECT_NE(text.find("第" + std::to_string(pages) + "页"), std::string::npos);
  EXPECT_NE(text.find("党员红灰榜（续）"), std::string::npos);
  EXPECT_NE(text.find("打印日期：2026年12月1日"), std::string::npos);
  EXPECT_NE(text.find("（本月无）"), std::string::npos) << "no yellow cards this month";
}

TEST(BoardPoster, AYellowCardWithoutAPairSaysSo) {
  test::TempDir dir;
  const core::Settings s;
  db::MonthBoards b;
  b.month = {2026, 3};
  auto paired = row(1, "王甲", 980, s);
  paired.paired_with = 9;
  paired.paired_name = "李党员";
  b.yellow_cards = {paired, row(2, "王乙", 985, s)};
  const auto path = dir.file("short.pdf");
  EXPECT_EQ(writeBoardPoster(path, b, s, {"", core::monthStartMs({2026, 4})}), 1);
  const auto text = run("pdftotext '" + path + "' -");
  EXPECT_NE(text.find("本村 红色信用公示榜"), std::string::npos);
  EXPECT_NE(text.find("2026年3月"), std::string::npos);
  EXPECT_NE(text.find("结对党员：李党员"), std::string::npos);
  EXPECT_NE(text.find("结对党员：待安排"), std::string::npos);
}

}  // namespace
}  // namespace rc::office
