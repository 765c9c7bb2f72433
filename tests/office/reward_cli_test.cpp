// rc-office fund, rewards, credit-stars and board --pdf as a clerk runs them: the real binary on
// a copy of the demo village, the ledger read back with SQL, the poster read back with
// poppler's tools (pdfinfo, pdftotext, pdftoppm).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>

#include "db/sqlite.h"
#include "demo_cli_fixture.h"
#include "support/pdf_read.h"

namespace rc::office {
namespace {

using nlohmann::json;
using test::ProcessResult;

std::string run(const std::string& command) { return test::commandOutput(command); }

class RewardCli : public DemoCli {
 protected:
  void SetUp() override { m_db = copyOfDemo(); }

  ProcessResult onCopy(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--db", m_db};
    all.insert(all.end(), args.begin(), args.end());
    return office(all);
  }
  json jsonOf(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--json"};
    all.insert(all.end(), args.begin(), args.end());
    const auto r = onCopy(all);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return json::parse(r.out);
  }
  std::int64_t scalar(const std::string& sql) {
    db::Database d(m_db);
    auto st = d.prepare(sql);
    auto row = st.step();
    return row && *row ? st.columnInt(0) : -1;
  }
  std::int64_t entries() { return scalar("SELECT count(*) FROM entries"); }
  std::int64_t movements() { return scalar("SELECT count(*) FROM fund_movements"); }
  std::int64_t balance() { return jsonOf({"fund"}).at("balance_fen").get<std::int64_t>(); }

  std::string m_db;
};

TEST_F(RewardCli, TheDemoFundHolds150000YuanLessTheQuartersItPaid) {
  const json f = jsonOf({"fund"});
  const auto& list = f.at("movements");
  ASSERT_EQ(list.size(), 5u) << f.dump(2);  // the deposit, four quarters (2025Q4 to 2026Q3)
  EXPECT_EQ(list[0].at("kind"), "deposit");
  EXPECT_EQ(list[0].at("amount_fen"), 15'000'000);
  // The draws are the demo's fund-reward points at 1 yuan each.
  const auto points = scalar("SELECT SUM(points_delta) FROM entries WHERE kind = 'fund_reward'");
  ASSERT_GT(points, 0);
  EXPECT_EQ(f.at("balance_fen"), 15'000'000 - points * 100);
  EXPECT_EQ(f.at("paid_quarters").size(), 4u);
  EXPECT_EQ(f.at("paid_quarters")[3].at("quarter"), "2026Q3");

  const auto text = onCopy({"fund"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("+150,000.00"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("2026Q3"), std::string::npos) << text.out;

  // A quarter the demo paid is refused.
  const auto before = entries();
  const auto again = onCopy({"rewards", "--quarter", "2026Q3", "--apply"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("paid already"), std::string::npos) << again.err;
  EXPECT_EQ(entries(), before);
}

TEST_F(RewardCli, DepositRaisesTheBalanceAndBadAmountsAreRefused) {
  const auto start = balance();
  const auto r = onCopy({"fund", "deposit", "1234.50", "--note", "乡贤捐赠"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Deposited 1,234.50 yuan"), std::string::npos) << r.out;
  EXPECT_EQ(balance(), start + 123'450);
  const auto count = movements();
  for (const auto& bad : std::vector<std::vector<std::string>>{
           {"fund", "deposit", "-5", "--note", "x"},
           {"fund", "deposit", "1,000", "--note", "x"},
           {"fund", "deposit", "0", "--note", "x"},
           {"fund", "deposit", "12.345", "--note", "x"},
           {"fund", "deposit", "99999999999999999999", "--note", "x"},
           {"fund", "deposit", "100"},
           {"fund", "deposit"},
           {"fund", "withdraw", "100"}}) {
    const auto b = onCopy(bad);
    EXPECT_EQ(b.exit_code, 2) << bad[2];
    EXPECT_NE(b.err.find("rc-office: "), std::string::npos);
  }
  EXPECT_EQ(movements(), count);
}

TEST_F(RewardCli, APreviewWritesNothingAndAQuarterIsPaidOnce) {
  ASSERT_EQ(onCopy({"fund", "deposit", "100000", "--note", "镇财政拨款"}).exit_code, 0);
  const auto entries_before = entries();
  const auto movements_before = movements();
  const auto fund_before = balance();

  const json preview = jsonOf({"rewards", "--quarter", "2026Q4"});
  EXPECT_FALSE(preview.at("applied").get<bool>());
  EXPECT_TRUE(preview.at("covered").get<bool>());
  const auto villagers = preview.at("villagers").get<std::int64_t>();
  const auto fen = preview.at("fen").get<std::int64_t>();
  ASSERT_GT(villagers, 0);
  EXPECT_EQ(fen, preview.at("points").get<std::int64_t>() * 100);
  ASSERT_EQ(preview.at("levels").size(), 3u);
  EXPECT_EQ(preview.at("levels")[0].at("level"), "一等");
  const auto text = onCopy({"rewards", "--quarter", "2026Q4"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("Preview only; nothing was written"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("it covers the rewards"), std::string::npos) << text.out;
  EXPECT_EQ(entries(), entries_before);
  EXPECT_EQ(movements(), movements_before);

  const auto paid = onCopy({"rewards", "--quarter", "2026Q4", "--apply"});
  ASSERT_EQ(paid.exit_code, 0) << paid.err;
  EXPECT_NE(paid.out.find("Paid 2026Q4"), std::string::npos) << paid.out;
  EXPECT_EQ(entries(), entries_before + villagers);
  EXPECT_EQ(scalar("SELECT count(*) FROM entries WHERE kind = 'fund_reward' AND reference = "
                   "'fund-2026Q4' AND kiosk_id = 'office'"),
            villagers);
  EXPECT_EQ(balance(), fund_before - fen);

  const auto again = onCopy({"rewards", "--quarter", "2026Q4", "--apply"});
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("paid already"), std::string::npos) << again.err;
  EXPECT_EQ(entries(), entries_before + villagers);
  EXPECT_EQ(balance(), fund_before - fen);

  const auto verify = onCopy({"verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
}

TEST_F(RewardCli, AFundTooSmallIsRefusedWithNothingWritten) {
  // 1,000 yuan a point: no village fund covers that.
  const auto conf = m_scratch.file("dear.conf");
  std::ofstream(conf) << "reward_fen_per_point = 100000\n";
  const auto entries_before = entries();
  const auto movements_before = movements();
  const auto preview = onCopy({"--config", conf, "rewards", "--quarter", "2026Q4"});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_NE(preview.out.find("does NOT cover"), std::string::npos) << preview.out;
  const auto r = onCopy({"--config", conf, "rewards", "--quarter", "2026Q4", "--apply"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("nothing was paid"), std::string::npos) << r.err;
  EXPECT_EQ(entries(), entries_before);
  EXPECT_EQ(movements(), movements_before);
  EXPECT_EQ(scalar("SELECT count(*) FROM reward_quarters WHERE quarter = '2026Q4'"), 0);
  EXPECT_EQ(onCopy({"verify"}).exit_code, 0);
}

TEST_F(RewardCli, MovedAwayVillagersAreNotRewarded) {
  ASSERT_EQ(onCopy({"fund", "deposit", "100000", "--note", "注资"}).exit_code, 0);
  const auto before =
      jsonOf({"rewards", "--quarter", "2026Q4"}).at("villagers").get<std::int64_t>();
  // The highest score in the village moves away.
  const auto who =
      scalar("SELECT villager_id FROM balances ORDER BY score DESC, villager_id LIMIT 1");
  ASSERT_GT(who, 0);
  {
    db::Database d(m_db);
    auto st = d.prepare("UPDATE villagers SET moved_away = 1 WHERE id = ?");
    st.bind(1, who);
    ASSERT_TRUE(st.run().ok());
  }
  EXPECT_EQ(jsonOf({"rewards", "--quarter", "2026Q4"}).at("villagers"), before - 1);
  ASSERT_EQ(onCopy({"rewards", "--quarter", "2026Q4", "--apply"}).exit_code, 0);
  EXPECT_EQ(
      scalar("SELECT count(*) FROM entries WHERE reference = 'fund-2026Q4' AND villager_id = " +
             std::to_string(who)),
      0);
}

TEST_F(RewardCli, BadQuartersAreRefused) {
  for (const char* q : {"2099Q1", "2026Q5", "2026-4", "Q4"}) {
    const auto r = onCopy({"rewards", "--quarter", q});
    EXPECT_EQ(r.exit_code, 2) << q;
  }
  EXPECT_NE(onCopy({"rewards", "--quarter", "2099Q1"}).err.find("has not begun"),
            std::string::npos);
  EXPECT_EQ(onCopy({"rewards"}).exit_code, 2);
}

TEST_F(RewardCli, CreditStarCandidatesAndTheCouncilsAward) {
  const json list = jsonOf({"credit-stars", "--year", "2026"});
  const auto& cands = list.at("candidates");
  ASSERT_EQ(cands.size(), 10u) << list.dump(2);
  EXPECT_EQ(list.at("stars_per_year"), 3);
  EXPECT_TRUE(list.at("awarded").empty());
  for (std::size_t i = 1; i < cands.size(); ++i) {
    EXPECT_GE(cands[i - 1].at("year_end_score"), cands[i].at("year_end_score"));
    EXPECT_EQ(cands[i].at("deductions"), 0);
  }
  const auto id = [&](std::size_t i) {
    return std::to_string(cands[i].at("id").get<std::int64_t>());
  };
  // Not a candidate: the lowest score in the village.
  const auto outsider =
      scalar("SELECT villager_id FROM balances ORDER BY score, villager_id LIMIT 1");
  auto r =
      onCopy({"credit-stars", "--year", "2026", "--award", id(0) + "," + std::to_string(outsider)});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is not a candidate"), std::string::npos) << r.err;
  r = onCopy({"credit-stars", "--year", "2026", "--award",
              id(0) + "," + id(1) + "," + id(2) + "," + id(3)});
  EXPECT_EQ(r.exit_code, 2) << "more than credit_stars_per_year";
  EXPECT_EQ(onCopy({"credit-stars", "--year", "2026", "--award", "1,x"}).exit_code, 2);
  EXPECT_EQ(scalar("SELECT count(*) FROM credit_stars"), 0);

  r = onCopy({"credit-stars", "--year", "2026", "--award", id(0) + "," + id(2) + "," + id(4)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const json after = jsonOf({"credit-stars", "--year", "2026"});
  ASSERT_EQ(after.at("awarded").size(), 3u);
  EXPECT_TRUE(after.at("candidates")[0].at("awarded").get<bool>());
  EXPECT_FALSE(after.at("candidates")[1].at("awarded").get<bool>());
  const auto text = onCopy({"credit-stars", "--year", "2026"});
  EXPECT_NE(text.out.find("Awarded"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(cands[2].at("name").get<std::string>()), std::string::npos);

  r = onCopy({"credit-stars", "--year", "2026", "--award", id(1)});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("awarded already"), std::string::npos) << r.err;
  EXPECT_EQ(scalar("SELECT count(*) FROM credit_stars"), 3);
}

TEST_F(RewardCli, TheBoardPosterIsAnA3PdfWithEveryNameOnTheBoards) {
  const json boards = jsonOf({"board", "--month", "2026-11"});
  const auto pdf = m_scratch.file("poster.pdf");
  const auto r = onCopy({"board", "--month", "2026-11", "--pdf", pdf});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(std::filesystem::exists(pdf));

  const auto info = run("pdfinfo '" + pdf + "'");
  EXPECT_NE(info.find("841.89 x 1190.55 pts (A3)"), std::string::npos) << info;
  const auto pages_at = info.find("Pages:");
  ASSERT_NE(pages_at, std::string::npos);
  const int pages = std::stoi(info.substr(pages_at + 6));
  EXPECT_GE(pages, 1);
  EXPECT_NE(r.out.find("(A3, " + std::to_string(pages) + (pages == 1 ? " page)" : " pages)")),
            std::string::npos)
      << r.out;

  const auto text = run("pdftotext -layout '" + pdf + "' -");
  for (const char* must : {"东岛刘家村 红色信用公示榜", "2026年11月", "党员红灰榜", "张榜表彰",
                           "黄牌警告", "村委会", "打印日期"}) {
    EXPECT_NE(text.find(must), std::string::npos) << must;
  }
  // Every name on the office's boards, ties included, and each yellow card's paired member.
  ASSERT_FALSE(boards.at("party_board").empty());
  ASSERT_FALSE(boards.at("commended").empty());
  ASSERT_FALSE(boards.at("yellow_cards").empty());
  for (const char* board : {"party_board", "commended", "yellow_cards"}) {
    for (const auto& row : boards.at(board)) {
      EXPECT_NE(text.find(row.at("name").get<std::string>()), std::string::npos) << row.dump();
    }
  }
  for (const auto& row : boards.at("yellow_cards")) {
    ASSERT_TRUE(row.contains("paired_with")) << row.dump();
    EXPECT_NE(text.find("结对党员：" + row.at("paired_with").at("name").get<std::string>()),
              std::string::npos)
        << row.dump();
  }
  // Stars counted in words for the first party member.
  const auto& first = boards.at("party_board")[0];
  EXPECT_NE(text.find(std::to_string(first.at("stars").at("red").get<int>()) + " 颗红星"),
            std::string::npos);

  // Red in the title bar; white below the footer.
  const test::Image page = test::renderPdfPage(pdf, 1, 20);
  ASSERT_GT(page.width, 0);
  const auto top = page.at(5, 5);
  EXPECT_GT(top[0], 150);
  EXPECT_LT(top[1], 60);
  EXPECT_LT(top[2], 60);
  const auto margin = page.at(3, 300);  // left margin, 3.8 mm in, beside the rows
  EXPECT_GT(margin[0], 230);
  EXPECT_GT(margin[1], 230);

  // An existing file is replaced only with --force.
  EXPECT_EQ(onCopy({"board", "--month", "2026-11", "--pdf", pdf}).exit_code, 2);
  EXPECT_EQ(onCopy({"board", "--month", "2026-11", "--pdf", pdf, "--force"}).exit_code, 0);
  EXPECT_EQ(onCopy({"board", "--pdf", m_scratch.file("no/such/dir/p.pdf")}).exit_code, 2);
}

}  // namespace
}  // namespace rc::office
