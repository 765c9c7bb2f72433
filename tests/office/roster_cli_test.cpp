// rc-office init, import-roster and export-roster as a clerk runs them: the real binary on real
// ledger files (a fresh `init` ledger, and the demo village), with UTF-8 and GBK spreadsheets.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "db/sqlite.h"
#include "demo_cli_fixture.h"

namespace rc::office {
namespace {

using nlohmann::json;
using test::ProcessResult;

const std::string kSample = std::string(RC_SOURCE_DIR) + "/docs/roster-sample.csv";

void writeFile(const std::string& path, const std::string& bytes) {
  std::ofstream f(path, std::ios::binary);
  f << bytes;
}

std::int64_t scalar(const std::string& db_path, const std::string& sql) {
  db::Database d(db_path);
  auto st = d.prepare(sql);
  auto row = st.step();
  return row && *row ? st.columnInt(0) : -1;
}

class RosterCli : public ::testing::Test {
 protected:
  ProcessResult office(const std::vector<std::string>& args) {
    return test::runProcess(RC_OFFICE_BIN, args, m_dir.path().string());
  }
  // A fresh `init` ledger.
  std::string initLedger() {
    const auto path = m_dir.file("office.db");
    const auto r = office({"--db", path, "init", "--village", "东岛刘家村"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return path;
  }
  test::TempDir m_dir;
};

TEST_F(RosterCli, InitMakesALedgerWithTheRuleBookAndNoVillagersThatVerifies) {
  const auto db = initLedger();
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM rules"), 35);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM rule_categories"), 11);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM grids"), 5);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM volunteer_teams"), 14);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM stations"), 7);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM villagers"), 0);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM entries"), 0);
  auto r = office({"--db", db, "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  r = office({"--db", db, "--json", "summary"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j.at("village"), "东岛刘家村");
  EXPECT_EQ(j.at("villagers"), 0);
  EXPECT_EQ(j.at("rules"), 35);
  r = office({"--db", db, "board"});
  EXPECT_EQ(r.exit_code, 0) << r.err;

  // An existing file is not replaced unless asked.
  r = office({"--db", db, "init"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("already exists"), std::string::npos) << r.err;
  r = office({"--db", db, "init", "--force"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(RosterCli, TheSampleImportsIntoAFreshLedgerPreviewFirst) {
  const auto db = initLedger();
  const auto changes_before = scalar(db, "SELECT count(*) FROM change_log");
  auto r = office({"--db", db, "import-roster", kSample});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("households: 4 new"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("villagers:  9 new"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Nothing was written"), std::string::npos) << r.out;
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM villagers"), 0) << "a preview writes nothing";
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM change_log"), changes_before);

  r = office({"--db", db, "--json", "import-roster", kSample, "--apply"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = json::parse(r.out);
  EXPECT_EQ(j.at("applied"), true);
  EXPECT_EQ(j.at("villagers_new"), 9);
  EXPECT_EQ(j.at("encoding"), "utf-8");
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM villagers"), 9);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM households"), 4);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM villagers WHERE moved_away = 1"), 1);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM households WHERE head_id IS NOT NULL"), 4);
  EXPECT_EQ(scalar(db, "SELECT relief FROM households WHERE code = 'H003'"), 1);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM villagers WHERE id_digits = '442X'"), 1);

  // Re-importing the same file changes nothing.
  const auto changes_after = scalar(db, "SELECT count(*) FROM change_log");
  r = office({"--db", db, "--json", "import-roster", kSample, "--apply"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = json::parse(r.out);
  EXPECT_EQ(j.at("applied"), false);
  EXPECT_EQ(j.at("villagers_unchanged"), 9);
  EXPECT_EQ(j.at("households_unchanged"), 4);
  EXPECT_TRUE(j.at("changes").empty());
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM change_log"), changes_after);
  r = office({"--db", db, "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(RosterCli, ImportsAGbkSpreadsheet) {
  const auto db = initLedger();
  const auto utf8 = test::slurp(kSample).substr(core::kUtf8Bom.size());
  const auto gbk = core::encodeText(utf8, core::TextEncoding::Gb18030);
  ASSERT_TRUE(gbk);
  ASSERT_NE(*gbk, utf8);
  const auto file = m_dir.file("roster-gbk.csv");
  writeFile(file, *gbk);
  auto r = office({"--db", db, "--json", "import-roster", file, "--apply"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).at("encoding"), "gb18030");
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM villagers WHERE name = '逄晓燕'"), 1);
  // The same file said to be GBK, and the UTF-8 sample after it: nothing left to change.
  r = office({"--db", db, "import-roster", file, "--encoding", "gbk"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Nothing to change"), std::string::npos) << r.out;
  r = office({"--db", db, "import-roster", kSample});
  EXPECT_NE(r.out.find("Nothing to change"), std::string::npos) << r.out;
}

TEST_F(RosterCli, EveryBadRowIsNamedAndTheWholeFileRefused) {
  const auto db = initLedger();
  const std::string file = m_dir.file("bad.csv");
  writeFile(file,
            "household,address,grid,name,gender,birth_year,id_digits,head,party_member,committee,relief,status\n"
            "H1,一排1号,第一网格,刘德胜,男,1952,3712,是,否,否,否,在册\n"         // 2 good
            "H1,一排1号,第一网格,王秀英,女\n"                                     // 3 missing cells
            "H1,一排1号,第一网格,刘德胜,男,1952,3712,否,否,否,否,在册\n"       // 4 duplicate
            "H2,一排2号,第九网格,刘海涛,男,1969,0613,是,否,否,否,在册\n"       // 5 unknown grid
            "H3,一排3号,第二网格,于丽,女,1871,4421,是,否,否,否,在册\n"         // 6 bad year
            "H4,一排4号,第二网格,刘浩然,中,2008,1207,是,否,否,否,在册\n"       // 7 bad gender
            "H5,一排5号,第二网格,鞠桂兰,女,1938,88,是,否,否,否,在册\n"         // 8 bad id digits
            "H6,一排6号,第二网格,\"刘\x07志强\",男,1983,2751,是,否,否,否,在册\n"  // 9 control char
            "H1,一排1号,第一网格,刘建国,男,1978,5518,是,否,否,否,在册\n"       // 10 two heads
            "H1,一排1号,第一网格,刘丽,女,1980,5519,否,否,否,是,在册\n");      // 11 relief differs
  const auto changes_before = scalar(db, "SELECT count(*) FROM change_log");
  const auto r = office({"--db", db, "import-roster", file, "--apply"});
  EXPECT_EQ(r.exit_code, 2);
  const std::vector<std::pair<int, std::string>> expected = {
      {3, "cells"},         {4, "duplicate villager"}, {5, "unknown grid"},
      {6, "birth_year"},    {7, "gender"},             {8, "id_digits"},
      {9, "control characters"}, {10, "two heads"},   {11, "relief"}};
  for (const auto& [line, reason] : expected) {
    const std::string prefix = file + ":" + std::to_string(line) + ": ";
    const auto at = r.err.find(prefix);
    ASSERT_NE(at, std::string::npos) << "line " << line << " not named:\n" << r.err;
    const auto end = r.err.find('\n', at);
    EXPECT_NE(r.err.substr(at, end - at).find(reason), std::string::npos) << r.err.substr(at, end - at);
  }
  EXPECT_NE(r.err.find("rc-office: " + file + ": 9 bad lines; nothing was imported"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM villagers"), 0) << "line 2 was good, but nothing is written";
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM households"), 0);
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM change_log"), changes_before);

  // A header without a required column is named on line 1.
  writeFile(file, "household,address,grid,name,gender,birth_year,head,party_member,committee,relief\n"
                  "H1,一排1号,第一网格,刘德胜,男,1952,是,否,否,否\n");
  const auto h = office({"--db", db, "import-roster", file});
  EXPECT_EQ(h.exit_code, 2);
  EXPECT_NE(h.err.find(file + ":1: the header has no column 'id_digits'"), std::string::npos) << h.err;
}

class DemoRosterCli : public DemoCli {};

TEST_F(DemoRosterCli, TheDemoRosterRoundTripsThroughGbkAndAnUpdateReachesTheKiosks) {
  const auto db = copyOfDemo();
  const auto csv = m_scratch.file("roster.csv");
  auto r = office({"--db", db, "export-roster", "--out", csv, "--encoding", "gbk"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("928 villagers"), std::string::npos) << r.out;
  const auto bytes = test::slurp(csv);
  ASSERT_FALSE(core::decodeText(bytes, core::TextEncoding::Utf8)) << "GBK, not UTF-8";
  r = office({"--db", db, "--json", "import-roster", csv, "--apply"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = json::parse(r.out);
  EXPECT_EQ(j.at("encoding"), "gb18030");
  EXPECT_EQ(j.at("villagers_unchanged"), 928);
  EXPECT_EQ(j.at("households_unchanged"), 358);
  EXPECT_TRUE(j.at("changes").empty()) << j.at("changes").dump();

  // Export refuses to replace the file unless asked; UTF-8 with BOM by default.
  r = office({"--db", db, "export-roster", "--out", csv});
  EXPECT_EQ(r.exit_code, 2);
  r = office({"--db", db, "export-roster", "--out", csv, "--force"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto text = test::slurp(csv);
  ASSERT_TRUE(text.starts_with(core::kUtf8Bom));

  // Villager 1 moves away and is a year older on paper: one villager updated, a change for the
  // kiosks' pull, nothing else.
  auto table = core::readCsv(text);
  ASSERT_TRUE(table);
  const auto& row = table->rows.front().cells;
  ASSERT_EQ(row.back(), "1");
  const std::string old_line = core::csvRow(std::vector<std::string>(row.begin(), row.end()));
  auto cells = row;
  cells[5] = std::to_string(std::stoi(cells[5]) - 1);
  cells[11] = "迁出";
  const auto at = text.find(old_line);
  ASSERT_NE(at, std::string::npos);
  text.replace(at, old_line.size(), core::csvRow(cells));
  writeFile(csv, text);
  const auto log_before = scalar(db, "SELECT count(*) FROM change_log WHERE topic = 'villager' AND row_key = '1'");
  r = office({"--db", db, "import-roster", csv});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("villager 1 "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("birth_year, status"), std::string::npos) << r.out;
  EXPECT_EQ(scalar(db, "SELECT moved_away FROM villagers WHERE id = 1"), 0) << "preview";
  r = office({"--db", db, "--json", "import-roster", csv, "--apply"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  j = json::parse(r.out);
  EXPECT_EQ(j.at("villagers_updated"), 1);
  EXPECT_EQ(j.at("villagers_unchanged"), 927);
  EXPECT_EQ(scalar(db, "SELECT moved_away FROM villagers WHERE id = 1"), 1);
  EXPECT_GT(scalar(db, "SELECT count(*) FROM change_log WHERE topic = 'villager' AND row_key = '1'"), log_before);
  r = office({"--db", db, "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(DemoRosterCli, AnUnknownVillagerIdIsABadLine) {
  const auto db = copyOfDemo();
  const auto csv = m_scratch.file("one.csv");
  writeFile(csv,
            "household,address,grid,name,gender,birth_year,id_digits,head,party_member,committee,relief,villager_id\n"
            "H900,某处,第一网格,刘某,男,1960,1234,是,否,否,否,99999\n");
  const auto r = office({"--db", db, "import-roster", csv, "--apply"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(csv + ":2: villager_id 99999 is not a villager"), std::string::npos) << r.err;
  EXPECT_EQ(scalar(db, "SELECT count(*) FROM households WHERE code = 'H900'"), 0);
}

}  // namespace
}  // namespace rc::office
