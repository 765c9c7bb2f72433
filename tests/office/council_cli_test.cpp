// rc-office council, log and volunteer-hours as a clerk runs them on the demo village (seed 7):
// previews that write nothing, batches posted all or none, reversals, grid logs, hours once,
// sheets saved in GBK; and the sample sheets in docs/ posted on a fresh demo village.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/rules.h"
#include "db/ledger.h"
#include "demo_cli_fixture.h"

namespace rc::office {
namespace {

struct Figures {
  std::int64_t score = 0, points = 0, entries = 0;
};

class CouncilCli : public DemoCli {
 protected:
  std::string write(const std::string& name, const std::string& utf8, bool gbk = false) {
    const auto path = m_scratch.file(name);
    std::ofstream f(path, std::ios::binary);
    f << (gbk ? *core::encodeText(utf8, core::TextEncoding::Gb18030) : utf8);
    return path;
  }
  static Figures figures(const std::string& db_path, core::VillagerId v) {
    db::Database d(db_path);
    db::Ledger ledger(d, {});
    const auto b = ledger.balance(v);
    return {b->score, b->points, ledger.entryCount()};
  }
  test::ProcessResult post(const std::string& db, const std::vector<std::string>& source,
                           bool apply) {
    std::vector<std::string> args = {"--db", db, "council", "post", "--month", "2026-11",
                                     "--approvers", "毕书记,曲主任", "--minutes", "2026-11-26 纪要"};
    args.insert(args.end(), source.begin(), source.end());
    if (apply) args.push_back("--apply");
    return office(args);
  }
  void expectVerifies(const std::string& db) {
    const auto r = office({"--db", db, "verify"});
    EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  }

  // Seed 7: 1 毕杰 and 2 曲丽君 live in 第一网格, 500 刘守涛 in 第三网格.
  const std::string kGood =
      "villager_id,name,rule_code,points,evidence,collector\n"
      "1,毕杰,R10,3,拾到钱包交还失主,刘国庆\n"
      "2,曲丽君,R22,-3,村道旁堆放杂物,\n";
};

TEST_F(CouncilCli, APreviewWritesNothingAndApplyMovesTheBalances) {
  const auto db = copyOfDemo();
  const auto file = write("council.csv", kGood);
  const auto before1 = figures(db, 1);
  const auto before2 = figures(db, 2);

  const auto preview = post(db, {"--file", file}, false);
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_NE(preview.out.find(std::to_string(before1.score) + " → " + std::to_string(before1.score + 3)),
            std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find("Preview only"), std::string::npos);
  EXPECT_EQ(figures(db, 1).entries, before1.entries);

  const auto applied = post(db, {"--file", file}, true);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_NE(applied.out.find("Posted batch 1"), std::string::npos) << applied.out;
  EXPECT_EQ(figures(db, 1).score, before1.score + 3);
  EXPECT_EQ(figures(db, 1).points, before1.points + 3);
  EXPECT_EQ(figures(db, 2).score, before2.score - 3);
  EXPECT_EQ(figures(db, 2).points, before2.points);
  expectVerifies(db);

  const auto list = office({"--db", db, "--json", "council", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const auto j = nlohmann::json::parse(list.out);
  ASSERT_EQ(j.size(), 1u);
  EXPECT_EQ(j[0]["lines"], 2);
  EXPECT_EQ(j[0]["month"], "2026-11");

  // The same sheet again, even re-saved in GBK, is refused naming the batch.
  const auto again = post(db, {"--file", write("again.csv", kGood, true)}, true);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already posted as batch 1"), std::string::npos) << again.err;
  EXPECT_EQ(figures(db, 1).score, before1.score + 3);

  // A reversal puts both balances back, once.
  const auto rev = office({"--db", db, "council", "reverse", "1", "--reason", "议事记录有误"});
  ASSERT_EQ(rev.exit_code, 0) << rev.err;
  EXPECT_EQ(figures(db, 1).score, before1.score);
  EXPECT_EQ(figures(db, 1).points, before1.points);
  EXPECT_EQ(figures(db, 2).score, before2.score);
  expectVerifies(db);
  const auto twice = office({"--db", db, "council", "reverse", "1", "--reason", "再次"});
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("already reversed"), std::string::npos) << twice.err;
  const auto show = office({"--db", db, "council", "show", "1"});
  EXPECT_NE(show.out.find("REVERSED"), std::string::npos) << show.out;
}

TEST_F(CouncilCli, ABatchWithBadLinesIsRefusedWholeNamingEachLine) {
  const auto db = copyOfDemo();
  const auto before = figures(db, 1);
  const auto file = write("bad.csv",
                          "villager_id,name,rule_code,points,evidence\n"
                          "1,毕杰,R10,3,拾到钱包交还失主\n"
                          "2,曲丽君,R99,,没有这条规则\n"
                          "3,曲丽君,R10,,名字不对\n"
                          "1,毕杰,R10,5,分值不对\n"
                          "99999,无名,R10,,没有这个人\n"
                          "1,毕杰,R10,,\n");
  const auto r = post(db, {"--file", file}, true);
  EXPECT_EQ(r.exit_code, 2);
  // The evidence-less line is caught by the reader: that refusal comes first, alone.
  EXPECT_NE(r.err.find("line 7: evidence is empty"), std::string::npos) << r.err;
  const auto fixed = write("bad2.csv",
                           "villager_id,name,rule_code,points,evidence\n"
                           "1,毕杰,R10,3,拾到钱包交还失主\n"
                           "2,曲丽君,R99,,没有这条规则\n"
                           "3,曲丽君,R10,,名字不对\n"
                           "1,毕杰,R10,5,分值不对\n"
                           "99999,无名,R10,,没有这个人\n");
  const auto r2 = post(db, {"--file", fixed}, true);
  EXPECT_EQ(r2.exit_code, 2);
  for (const auto* want : {"line 3: no rule R99", "line 4: villager 3 is", "line 5: points 5",
                           "line 6: no villager 99999", "4 problems", "nothing was written"}) {
    EXPECT_NE(r2.err.find(want), std::string::npos) << want << "\n" << r2.err;
  }
  EXPECT_EQ(r2.err.find("line 2"), std::string::npos);
  const auto after = figures(db, 1);
  EXPECT_EQ(after.score, before.score);
  EXPECT_EQ(after.entries, before.entries);
  EXPECT_EQ(office({"--db", db, "council", "list"}).out, "No council batches.\n");
}

TEST_F(CouncilCli, GridLogsAreProposedAsTheMonthsBatch) {
  const auto db = copyOfDemo();
  const auto before = figures(db, 1);
  const auto other = office({"--db", db, "log", "add", "--grid", "第二网格", "--villager", "1",
                             "--rule", "R10", "--evidence", "拾到手机", "--month", "2026-11"});
  EXPECT_EQ(other.exit_code, 2);
  EXPECT_NE(other.err.find("lives in 第一网格, not in 第二网格"), std::string::npos) << other.err;
  const auto add = office({"--db", db, "log", "add", "--grid", "第一网格", "--villager", "1",
                           "--rule", "R10", "--evidence", "拾到手机", "--month", "2026-11"});
  ASSERT_EQ(add.exit_code, 0) << add.err;
  const auto add2 = office({"--db", db, "log", "add", "--grid", "第三网格", "--villager", "500",
                            "--rule", "R22", "--evidence", "乱倒垃圾", "--month", "2026-11",
                            "--collector", "刘守涛"});
  ASSERT_EQ(add2.exit_code, 0) << add2.err;
  ASSERT_EQ(office({"--db", db, "log", "drop", "2", "--reason", "核实无此事"}).exit_code, 0);

  const auto preview = post(db, {"--from-logs"}, false);
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_NE(preview.out.find("1 毕杰"), std::string::npos) << preview.out;
  EXPECT_EQ(preview.out.find("刘守涛"), std::string::npos) << "a dropped log is not proposed";
  const auto applied = post(db, {"--from-logs"}, true);
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  EXPECT_EQ(figures(db, 1).score, before.score + 3);
  const auto logs = nlohmann::json::parse(
      office({"--db", db, "--json", "log", "list", "--month", "2026-11"}).out);
  ASSERT_EQ(logs.size(), 2u);
  EXPECT_EQ(logs[0]["state"], "posted");
  EXPECT_EQ(logs[0]["batch"], 1);
  EXPECT_EQ(logs[1]["state"], "dropped");
  // Nothing pending is left for a second batch.
  EXPECT_EQ(post(db, {"--from-logs"}, true).exit_code, 2);
  expectVerifies(db);
}

TEST_F(CouncilCli, VolunteerHoursInGbkAreImportedOnce) {
  const auto db = copyOfDemo();
  const auto before = figures(db, 1);
  const auto file = write("hours.csv",
                          "team,villager_id,name,date,minutes\n"
                          "巧工匠,1,毕杰,2026-11-05,120\n"
                          "护绿使者,2,曲丽君,2026-11-06,90\n",
                          true);
  const auto preview = office({"--db", db, "volunteer-hours", "--file", file});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_NE(preview.out.find("gb18030"), std::string::npos) << preview.out;
  EXPECT_NE(preview.out.find("毕杰"), std::string::npos);
  EXPECT_EQ(figures(db, 1).entries, before.entries);
  const auto applied = office({"--db", db, "volunteer-hours", "--file", file, "--apply"});
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  const auto after = figures(db, 1);
  const core::Settings s;
  EXPECT_EQ(after.score, before.score + core::volunteerScore(120, s));
  EXPECT_EQ(after.points, before.points + core::volunteerPoints(120, s));
  EXPECT_EQ(after.entries, before.entries + 2);

  const auto again = office({"--db", db, "volunteer-hours", "--file", file, "--apply"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("2 were already recorded"), std::string::npos) << again.out;
  EXPECT_EQ(figures(db, 1).entries, after.entries);
  EXPECT_EQ(figures(db, 1).score, after.score);

  const auto bad = office({"--db", db, "volunteer-hours", "--apply", "--file",
                           write("bad.csv",
                                 "team,villager_id,name,date,minutes\n"
                                 "蓝精灵,1,毕杰,2026-11-07,60\n"
                                 "巧工匠,1,毕杰,2026-02-30,60\n"
                                 "巧工匠,1,毕杰,2026-11-08,721\n")});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("line 3: date '2026-02-30'"), std::string::npos) << bad.err;
  EXPECT_NE(bad.err.find("line 4: minutes '721'"), std::string::npos) << bad.err;
  EXPECT_EQ(figures(db, 1).entries, after.entries);
  expectVerifies(db);
}

// The sheets in docs/ fit the demo village as `init-demo` makes it without a seed.
TEST_F(CouncilCli, TheSampleSheetsPostOnTheDefaultDemoVillage) {
  const auto db = m_scratch.file("default.db");
  ASSERT_EQ(office({"--db", db, "init-demo", "--month", "2026-11"}).exit_code, 0);
  const std::string docs = std::string(RC_SOURCE_DIR) + "/docs/";
  const auto c = post(db, {"--file", docs + "council-sample.csv"}, true);
  EXPECT_EQ(c.exit_code, 0) << c.err;
  const auto h = office({"--db", db, "volunteer-hours", "--file", docs + "hours-sample.csv", "--apply"});
  EXPECT_EQ(h.exit_code, 0) << h.err;
  expectVerifies(db);
}

}  // namespace
}  // namespace rc::office
