// The console's boards page over real HTTPS (console_fixture.h): the month's boards as
// `rc-office board` reads them, and the A3 poster as a download.
#include <fstream>

#include "db/reports.h"
#include "office/board_poster.h"
#include "office/console_fixture.h"
#include "support/pdf_read.h"

namespace rc::office::test {
namespace {

class ConsoleBoards : public ConsoleTest {};

TEST_F(ConsoleBoards, EveryRoleReadsTheDemoMonthsBoardsAsMonthBoardsBuildsThem) {
  db::MonthBoards expected;
  {
    db::Database d(dbPath());
    expected = db::monthBoards(d, core::Settings{}, {2026, 11});
  }
  ASSERT_FALSE(expected.commended.empty());
  ASSERT_FALSE(expected.party.empty());
  for (const char* who : {"书记", "文书", "信息员一", "审计"}) {
    const auto s = signIn(who);
    const auto r = get(s, "boards");
    ASSERT_EQ(r.status, 200) << who << ": " << r.raw;
    EXPECT_EQ(r.body["month"], "2026-11") << "the demo's latest month by default";
    EXPECT_EQ(r.body["village"], "东岛刘家村");
    EXPECT_EQ(r.body["first_month"], "2025-12") << "the demo's twelve months end in 2026-11";
    ASSERT_EQ(r.body["commended"].size(), expected.commended.size());
    for (std::size_t i = 0; i < expected.commended.size(); ++i) {
      EXPECT_EQ(r.body["commended"][i]["name"], expected.commended[i].name);
      EXPECT_EQ(r.body["commended"][i]["rank"], expected.commended[i].rank);
    }
    ASSERT_EQ(r.body["party_board"].size(), expected.party.size());
    const auto& first = expected.party.front();
    EXPECT_EQ(r.body["party_board"][0]["stars_text"], starWords(first.stars));
    ASSERT_EQ(r.body["yellow_cards"].size(), expected.yellow_cards.size());
    for (std::size_t i = 0; i < expected.yellow_cards.size(); ++i) {
      EXPECT_EQ(r.body["yellow_cards"][i]["paired_name"], expected.yellow_cards[i].paired_name);
    }
  }
}

TEST_F(ConsoleBoards, StarsAreCountedInWordsAsOnThePoster) {
  EXPECT_EQ(starWords({12, 0}), "12 颗红星");
  EXPECT_EQ(starWords({0, 3}), "3 颗灰星");
  EXPECT_EQ(starWords({0, 0}), "无星");
  const auto s = signIn("文书");
  const auto r = get(s, "boards?month=2026-11");
  ASSERT_EQ(r.status, 200) << r.raw;
  bool some_red = false;
  for (const auto& row : r.body["commended"]) {
    if (row["red"].get<int>() > 0) {
      some_red = true;
      EXPECT_EQ(row["stars_text"], std::to_string(row["red"].get<int>()) + " 颗红星");
    }
  }
  EXPECT_TRUE(some_red) << "the honour roll's people have red stars";
}

TEST_F(ConsoleBoards, AnEarlierMonthHasItsOwnBoardsAndABadOrFutureMonthIsRefusedPlainly) {
  const auto s = signIn("书记");
  const auto earlier = get(s, "boards?month=2026-06");
  ASSERT_EQ(earlier.status, 200) << earlier.raw;
  EXPECT_EQ(earlier.body["month"], "2026-06");
  const auto bad = get(s, "boards?month=2026-13");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body["error"].get<std::string>().find("2026-11"), std::string::npos)
      << bad.raw;
  const auto future = get(s, "boards?month=2999-01");
  EXPECT_EQ(future.status, 400);
  EXPECT_NE(future.body["error"].get<std::string>().find("还没到"), std::string::npos)
      << future.raw;
}

TEST_F(ConsoleBoards, ThePosterDownloadsAsAnA3Pdf) {
  const auto s = signIn("信息员二");
  const auto r = get(s, "boards/poster?month=2026-11");
  ASSERT_EQ(r.status, 200) << r.raw.substr(0, 200);
  EXPECT_EQ(r.content_type, "application/pdf");
  EXPECT_NE(r.disposition.find("board-2026-11.pdf"), std::string::npos) << r.disposition;
  ASSERT_GT(r.raw.size(), 1000u);
  EXPECT_EQ(r.raw.substr(0, 5), "%PDF-");
  const auto path = m_dir.file("poster.pdf");
  {
    std::ofstream out(path, std::ios::binary);
    out << r.raw;
  }
  const auto info = rc::test::commandOutput("pdfinfo '" + path + "'");
  EXPECT_NE(info.find("(A3)"), std::string::npos) << info;
  const auto text = rc::test::commandOutput("pdftotext '" + path + "' -");
  EXPECT_NE(text.find("东岛刘家村 红色信用公示榜"), std::string::npos);
  EXPECT_NE(text.find("2026年11月"), std::string::npos);
  const auto bad = get(s, "boards/poster?month=11-2026");
  EXPECT_EQ(bad.status, 400);
}

TEST_F(ConsoleBoards, WithoutASessionNothingIsRead) {
  const ConsoleSession none{"rc_console=" + std::string(64, 'b'), ""};
  EXPECT_EQ(get(none, "boards").status, 401);
  EXPECT_EQ(get(none, "boards/poster").status, 401);
}

}  // namespace
}  // namespace rc::office::test
