// docs/office.md as written: an empty office ledger, the sample roster, printed cards, the
// collectors' logs and the council's sheet posted for the month, volunteer hours, the printed
// board, the fund and the quarter's rewards, the year's credit stars. The real rc-office binary
// on a real ledger file, one command after another, as the village clerk types them.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>

#include "db/sqlite.h"
#include "demo_cli_fixture.h"
#include "sync/card_token.h"
#include "support/pdf_read.h"

namespace rc::office {
namespace {

using nlohmann::json;
using test::ProcessResult;

const std::string kDocs = std::string(RC_SOURCE_DIR) + "/docs/";

std::string run(const std::string& command) { return test::commandOutput(command); }

class Walkthrough : public ::testing::Test {
 protected:
  // Runs rc-office --db village.db ARGS and expects exit code `code`.
  ProcessResult office(std::vector<std::string> args, int code = 0) {
    args.insert(args.begin(), {"--db", m_db});
    auto r = test::runProcess(RC_OFFICE_BIN, args, m_dir.path().string());
    std::string line;
    for (const auto& a : args) line += a + " ";
    EXPECT_EQ(r.exit_code, code) << line << "\n" << r.out << r.err;
    return r;
  }
  json officeJson(std::vector<std::string> args) {
    args.insert(args.begin(), "--json");
    const auto r = office(std::move(args));
    return json::parse(r.out, nullptr, false);
  }
  std::string file(const std::string& name, const std::string& text) {
    const auto path = m_dir.file(name);
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  test::TempDir m_dir;
  std::string m_db = m_dir.file("village.db");
};

bool has(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST_F(Walkthrough, FromAnEmptyLedgerToAMonthOfCouncilCardsABoardAndAQuartersRewards) {
  // 1. The ledger and its rule book.
  auto r = office({"init", "--village", "东岛刘家村"});
  EXPECT_TRUE(has(r.out, "35 rules")) << r.out;
  const auto rules = officeJson({"rules"});
  ASSERT_EQ(rules.size(), 35u);
  EXPECT_EQ(rules.at(0).at("code"), "R01");

  // 2. The roster: a preview that writes nothing, then the import.
  r = office({"import-roster", kDocs + "roster-sample.csv"});
  EXPECT_TRUE(has(r.out, "Nothing was written")) << r.out;
  EXPECT_EQ(officeJson({"summary"}).at("villagers"), 0);
  office({"import-roster", kDocs + "roster-sample.csv", "--apply"});
  EXPECT_EQ(officeJson({"summary"}).at("villagers"), 9);

  // 3. Cards for everyone still living here (刘建国 moved away), in one PDF.
  r = office({"card-sheet", "--out", m_dir.file("cards.pdf")});
  EXPECT_TRUE(has(r.out, "8 card(s)")) << r.out;
  const std::string cards_text = run("pdftotext '" + m_dir.file("cards.pdf") + "' -");
  for (const char* name : {"刘德胜", "王秀英", "刘海涛", "于丽", "刘浩然", "鞠桂兰", "刘志强", "逄晓燕"}) {
    EXPECT_TRUE(has(cards_text, name)) << name;
  }
  EXPECT_FALSE(has(cards_text, "刘建国"));
  // A lost card replaced: the new token verifies with the public key kiosks pull; the serial
  // of the old one is revoked.
  r = office({"issue-card", "3", "--replace"}, 2);  // villager 3 moved away: no new card
  r = office({"issue-card", "7", "--replace"});
  const auto at = r.out.find("RC2.");
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string token = r.out.substr(at, r.out.find('\n', at) - at);
  std::string key_text;
  {
    db::Database d(m_db);
    auto st = d.prepare("SELECT value FROM meta WHERE key = 'card_public_key'");
    auto row = st.step();
    ASSERT_TRUE(row && *row);
    key_text = st.columnText(0);
  }
  const auto key = sync::decodeCardPublicKey(key_text);
  ASSERT_TRUE(key);
  const auto verified = sync::verifyCardToken(token, *key);
  ASSERT_TRUE(verified) << sync::toString(verified.error());
  EXPECT_EQ(verified->villager_id, 7);
  const auto cards7 = officeJson({"cards", "7"}).at("cards");
  ASSERT_EQ(cards7.size(), 2u);
  int revoked = 0;
  for (const auto& c : cards7) revoked += c.at("revoked_at_ms").is_null() ? 0 : 1;
  EXPECT_EQ(revoked, 1);

  // 4. The collectors' logs; one for a villager of another grid is refused.
  office({"log", "add", "--grid", "第一网格", "--villager", "4", "--rule", "R01", "--evidence",
          "按时参加11月主题党日活动", "--collector", "刘海涛", "--month", "2026-11"});
  office({"log", "add", "--grid", "第二网格", "--villager", "8", "--rule", "R22", "--evidence",
          "11月20日在村道旁堆放柴草，经劝导已清理", "--collector", "鞠桂兰", "--month", "2026-11"});
  r = office({"log", "add", "--grid", "第一网格", "--villager", "8", "--rule", "R10", "--evidence",
              "拾到钱包", "--month", "2026-11"},
             2);
  EXPECT_TRUE(has(r.err, "第二网格")) << r.err;

  // 5. The council: the logs as a batch, then a sheet; volunteer hours; the board.
  const std::vector<std::string> council = {"--approvers", "刘书记,王主任", "--minutes",
                                            "2026-11-26 第11次议事会议"};
  auto post = std::vector<std::string>{"council", "post", "--month", "2026-11", "--from-logs"};
  post.insert(post.end(), council.begin(), council.end());
  r = office(post);
  EXPECT_TRUE(has(r.out, "1000 → 1002")) << r.out;
  post.push_back("--apply");
  office(post);
  const auto sheet = file("council.csv",
                          "villager_id,name,rule_code,points,evidence,collector\n"
                          "5,于丽,R11,10,11月9日跳入河中救起落水儿童,鞠桂兰\n");
  post = {"council", "post", "--month", "2026-11", "--file", sheet, "--apply"};
  post.insert(post.end(), council.begin(), council.end());
  office(post);
  const auto hours = file("hours.csv",
                          "team,villager_id,name,date,minutes\n"
                          "银龄互助,2,王秀英,2026-11-05,120\n"
                          "巾帼志愿,5,于丽,2026-11-12,180\n");
  office({"volunteer-hours", "--file", hours, "--apply"});
  r = office({"volunteer-hours", "--file", hours, "--apply"});  // once only
  EXPECT_TRUE(has(r.out, "0 new sessions")) << r.out;
  EXPECT_EQ(officeJson({"villager", "5"}).at("score"), 1013);  // 1000 + 10 + 3 hours
  EXPECT_EQ(officeJson({"villager", "8"}).at("score"), 997);

  office({"board", "--month", "2026-11", "--pdf", m_dir.file("board.pdf")});
  const std::string board_text = run("pdftotext '" + m_dir.file("board.pdf") + "' -");
  EXPECT_TRUE(has(board_text, "2026年11月")) << board_text;
  EXPECT_TRUE(has(board_text, "于丽")) << board_text;
  EXPECT_TRUE(has(board_text, "刘海涛")) << board_text;  // the party members' board
  EXPECT_FALSE(has(board_text, "刘建国")) << "moved away: not on the boards";

  // 6. The fund and the quarter's rewards: 于丽 at 1013 reaches the lowest level.
  office({"fund", "deposit", "150000", "--note", "村集体拨付红色信用基金"});
  r = office({"rewards", "--quarter", "2026Q4"});
  EXPECT_TRUE(has(r.out, "Preview only")) << r.out;
  const auto points_before = officeJson({"villager", "5"}).at("points").get<int>();
  office({"rewards", "--quarter", "2026Q4", "--apply"});
  EXPECT_EQ(officeJson({"villager", "5"}).at("points").get<int>(), points_before + 30);
  r = office({"rewards", "--quarter", "2026Q4", "--apply"}, 2);  // once a quarter
  const auto fund = officeJson({"fund"});
  EXPECT_EQ(fund.dump().find("149970") != std::string::npos ||
                fund.dump().find("14997000") != std::string::npos,
            true)
      << fund.dump();

  // 7. The year's credit stars.
  r = office({"credit-stars", "--year", "2026"});
  EXPECT_TRUE(has(r.out, "于丽")) << r.out;
  office({"credit-stars", "--year", "2026", "--award", "5"});

  // 8. Everything adds up.
  r = office({"verify"});
  EXPECT_TRUE(has(r.out, "The ledger holds")) << r.out;
}

}  // namespace
}  // namespace rc::office
