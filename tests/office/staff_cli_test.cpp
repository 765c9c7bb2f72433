// rc-office staff, reconcile and export as a clerk runs them: the real binary on a real
// ledger file (the demo village, whose supermarket kiosk writes to the office's own file).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "core/staff.h"
#include "db/day_close.h"
#include "db/ledger.h"
#include "db/schema.h"
#include "db/sqlite.h"
#include "db/staff.h"
#include "demo_cli_fixture.h"

namespace rc::office {
namespace {

using nlohmann::json;
using test::ProcessResult;

constexpr const char* kKiosk = "kiosk-supermarket";  // the demo's kiosk, on the office's file

class StaffCli : public DemoCli {
 protected:
  void SetUp() override { m_db = copyOfDemo(); }

  // rc-office on this test's copy of the demo ledger.
  ProcessResult onCopy(const std::vector<std::string>& args, const std::string& input = {}) {
    std::vector<std::string> all = {"--db", m_db};
    all.insert(all.end(), args.begin(), args.end());
    return office(all, input);
  }
  std::int64_t scalar(const std::string& sql) {
    db::Database d(m_db);
    auto st = d.prepare(sql);
    auto row = st.step();
    return row && *row ? st.columnInt(0) : -1;
  }

  std::string m_db;
};

TEST_F(StaffCli, AddSetAPinDisableAndList) {
  auto r = onCopy({"staff", "add", "赵春梅", "--card", "04A1B2C3"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Added 赵春梅"), std::string::npos) << r.out;
  r = onCopy({"--json", "staff", "add", "孙书记", "--card", "04FFEE01", "--role", "secretary"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).at("role"), "secretary");

  // The PIN twice on stdin (not a terminal); the cheapest hash cost for the test.
  setenv("RC_PIN_COST", "min", 1);
  r = onCopy({"staff", "pin", "赵春梅"}, "135790\n135790\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out.find("135790"), std::string::npos) << "the PIN is never printed";
  {
    db::Database d(m_db);
    db::StaffRepo repo(d);
    const auto m = repo.byName("赵春梅");
    ASSERT_TRUE(m.has_value());
    EXPECT_TRUE(m->pin_hash.starts_with("$argon2id$"));
    EXPECT_TRUE(db::pinMatches(m->pin_hash, "135790"));
  }
  r = onCopy({"staff", "disable", "赵春梅"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  {
    // A kiosk reported a lockout of the card.
    db::Database d(m_db);
    db::StaffEventRow e;
    e.uuid = "lock-1";
    e.kiosk_id = kKiosk;
    e.staff_name = "赵春梅";
    e.card_uid = "04A1B2C3";
    e.failures = 5;
    e.at_ms = 1'790'000'000'000;
    e.until_ms = e.at_ms + 60'000;
    ASSERT_TRUE(db::recordStaffEvent(d, e, true).ok());
  }
  r = onCopy({"--json", "staff", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto list = json::parse(r.out);
  // The demo village's keeper and secretary, and the two added here.
  ASSERT_EQ(list.size(), 4u);
  auto named = [&](const std::string& name) {
    for (const auto& m : list) {
      if (m.at("name") == name) return m;
    }
    ADD_FAILURE() << "no " << name << " in " << r.out;
    return json::object();
  };
  const auto wang = named("赵春梅");
  const auto liu = named("孙书记");
  EXPECT_TRUE(wang.at("pin_set").get<bool>());
  EXPECT_TRUE(wang.at("disabled").get<bool>());
  EXPECT_EQ(wang.at("card_uid"), "04A1B2C3");
  EXPECT_EQ(wang.at("last_lockout").at("kiosk"), kKiosk);
  EXPECT_EQ(wang.at("last_lockout").at("failures"), 5);
  EXPECT_FALSE(liu.at("pin_set").get<bool>());
  EXPECT_TRUE(liu.at("last_lockout").is_null());
  EXPECT_EQ(r.out.find("argon2"), std::string::npos) << "never the hash";
  r = onCopy({"staff", "list"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("DISABLED"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("last lockout: kiosk kiosk-supermarket"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("no PIN yet"), std::string::npos) << r.out;
  r = onCopy({"staff", "enable", "赵春梅"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(scalar("SELECT disabled FROM staff WHERE name = '赵春梅'"), 0);
}

TEST_F(StaffCli, BadInputIsOnePlainLineAndExitTwo) {
  ASSERT_EQ(onCopy({"staff", "add", "赵春梅", "--card", "04A1B2C3"}).exit_code, 0);
  setenv("RC_PIN_COST", "min", 1);
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"staff"}, "staff needs add, pin"},
      {{"staff", "add", "李"}, "needs --card"},
      {{"staff", "add", "李", "--card", "04A1B2C3"}, "belongs to 赵春梅"},
      {{"staff", "add", "赵春梅", "--card", "0499"}, "already a staff member"},
      {{"staff", "add", "李", "--card", "0499", "--role", "boss"}, "--role is keeper or secretary"},
      {{"staff", "add", "李", "--card", "04 99"}, "printable ASCII"},
      {{"staff", "pin", "nobody"}, "no staff member nobody"},
      {{"staff", "disable", "nobody"}, "no staff member nobody"},
      {{"staff", "fire", "赵春梅"}, "staff has no 'fire'"},
      {{"staff", "pin", "赵春梅", "123456"}, "takes one NAME"},
  };
  for (const auto& [args, words] : cases) {
    const auto r = onCopy(args);
    EXPECT_EQ(r.exit_code, 2) << args.back() << ": " << r.err;
    EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
  // PINs: not six digits, not the same twice, none at all.
  for (const std::string input : {"12345\n12345\n", "123456\n654321\n", "abcdef\nabcdef\n", "\n"}) {
    const auto r = onCopy({"staff", "pin", "赵春梅"}, input);
    EXPECT_EQ(r.exit_code, 2) << input << r.err;
  }
  EXPECT_EQ(scalar("SELECT length(pin_hash) FROM staff WHERE name = '赵春梅'"), 0);
}

TEST_F(StaffCli, ReconcileAStandaloneKioskOnTheOfficesFile) {
  // The demo's kiosk has sold on the office's file and never closed: a difference.
  const std::string day = "2026-11-25";
  auto r = onCopy({"reconcile", "--day", day, "--kiosk", kKiosk});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  EXPECT_NE(r.out.find("no day close"), std::string::npos) << r.out;
  // Its close, made on the same file: agrees (head compared with the file's own hash).
  std::string today;
  {
    db::Database d(m_db);
    const auto c = db::closeDay(d, kKiosk, "赵春梅", db::nowMs());
    ASSERT_TRUE(c.ok()) << c.error().message;
    today = c->day;
  }
  r = onCopy({"reconcile", "--day", today});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("✓ figures, entry range and chain head agree"), std::string::npos) << r.out;
  {
    db::Database d(m_db);
    auto c = db::lastDayClose(d, kKiosk);
    ASSERT_TRUE(c.has_value());
    c->number = 2;
    c->first_seq = c->last_seq + 1;
    c->summary = core::encodeDaySummary({});
    c->head_hash[0] ^= 0x55;
    ASSERT_TRUE(db::recordDayClose(d, *c).ok());
  }
  r = onCopy({"reconcile", "--day", today});
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("Z-0002: chain head differs"), std::string::npos) << r.out;
  r = onCopy({"--json", "reconcile", "--day", today});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(json::parse(r.out).at("difference_count"), 1);
  EXPECT_EQ(onCopy({"reconcile", "--day", "2026/11/25"}).exit_code, 2);
  EXPECT_EQ(onCopy({"reconcile", "--day", day, "--kiosk", "nowhere"}).exit_code, 2);
}

TEST_F(StaffCli, CsvEscapesFormulaLikeNamesAndStartsWithABom) {
  const auto first = scalar(
      "SELECT villager_id FROM entries WHERE kind = 'redemption' ORDER BY at_ms DESC LIMIT 1");
  const auto second = scalar(
      "SELECT villager_id FROM entries WHERE kind = 'redemption' AND villager_id <> " +
      std::to_string(first) + " ORDER BY at_ms DESC LIMIT 1");
  ASSERT_GT(first, 0);
  ASSERT_GT(second, 0);
  {
    db::Database d(m_db);
    ASSERT_TRUE(d.exec("UPDATE villagers SET name = '=1+2' WHERE id = " + std::to_string(first)).ok());
    ASSERT_TRUE(d.exec("UPDATE villagers SET name = '@SUM(A1:A9)' WHERE id = " + std::to_string(second)).ok());
  }
  const auto out = m_scratch.file("nov.csv");
  auto r = onCopy({"export", "--month", "2026-11", "--format", "csv", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("exported"), std::string::npos) << r.err;
  const auto text = test::slurp(out);
  ASSERT_TRUE(text.starts_with("\xEF\xBB\xBF")) << "UTF-8 with BOM";
  EXPECT_NE(text.find(",'=1+2,"), std::string::npos);
  EXPECT_NE(text.find(",'@SUM(A1:A9),"), std::string::npos);
  EXPECT_EQ(text.find(",=1+2,"), std::string::npos);
  EXPECT_NE(text.find("超市兑换,redemption"), std::string::npos);
  EXPECT_NE(text.find("\r\n"), std::string::npos);
  const auto rows = std::count(text.begin(), text.end(), '\n');
  EXPECT_EQ(rows - 1, scalar("SELECT count(*) FROM entries WHERE kind IN ('redemption', 'booking') "
                             "AND at_ms >= 1793462400000 AND at_ms < 1796054400000") +
                          scalar("SELECT count(*) FROM entries e JOIN entries t ON t.seq = e.voids_seq "
                                 "WHERE t.kind IN ('redemption', 'booking') AND e.at_ms >= "
                                 "1793462400000 AND e.at_ms < 1796054400000"));
  // Never over an existing file unless asked; bad input is exit 2.
  r = onCopy({"export", "--month", "2026-11", "--format", "csv", "--out", out});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;
  EXPECT_EQ(onCopy({"export", "--month", "2026-11", "--format", "csv", "--out", out, "--force"}).exit_code, 0);
  EXPECT_EQ(onCopy({"export", "--month", "2026-13", "--format", "csv", "--out", out + "2"}).exit_code, 2);
  EXPECT_EQ(onCopy({"export", "--month", "2026-11", "--format", "pdf", "--out", out + "2"}).exit_code, 2);
  EXPECT_EQ(onCopy({"export", "--day", "2026-11-02", "--month", "2026-11", "--format", "csv",
                    "--out", out + "2"}).exit_code, 2);
  EXPECT_EQ(onCopy({"export", "--month", "2026-11", "--kiosk", "nowhere", "--format", "csv",
                    "--out", out + "2"}).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(out + "2"));
}

// Reads an XLSX back with Python's standard library (zipfile, xml): every sheet's cells by
// reference, shared strings resolved, as JSON.
json readXlsx(const std::string& path, const std::string& scratch) {
  const std::string script = scratch + "/read_xlsx.py";
  std::ofstream(script) << R"PY(
import json, sys, zipfile, xml.etree.ElementTree as ET
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
z = zipfile.ZipFile(sys.argv[1])
strings = []
if 'xl/sharedStrings.xml' in z.namelist():
    for si in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns):
        strings.append(''.join(t.text or '' for t in si.iter('{%s}t' % ns['m'])))
book = ET.fromstring(z.read('xl/workbook.xml'))
out = {}
for i, sheet in enumerate(book.find('m:sheets', ns).findall('m:sheet', ns), start=1):
    cells = {}
    root = ET.fromstring(z.read('xl/worksheets/sheet%d.xml' % i))
    for c in root.iter('{%s}c' % ns['m']):
        v = c.find('m:v', ns)
        if v is None:
            continue
        cells[c.get('r')] = strings[int(v.text)] if c.get('t') == 's' else float(v.text)
    out[sheet.get('name')] = cells
print(json.dumps(out, ensure_ascii=False))
)PY";
  const std::string cmd = "python3 " + script + " " + path;
  FILE* p = ::popen(cmd.c_str(), "r");
  if (p == nullptr) return nullptr;
  std::string text;
  char buf[4096];
  while (const auto n = std::fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  ::pclose(p);
  return json::parse(text, nullptr, false);
}

TEST_F(StaffCli, XlsxHasTheDetailTheTotalsAndAKnownRow) {
  const auto out = m_scratch.file("nov.xlsx");
  auto r = onCopy({"export", "--month", "2026-11", "--kiosk", kKiosk, "--format", "xlsx", "--out", out});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto book = readXlsx(out, m_scratch.path().string());
  ASSERT_TRUE(book.is_object()) << "python3 could not read " << out;
  ASSERT_TRUE(book.contains("明细 Detail"));
  ASSERT_TRUE(book.contains("合计 Totals"));
  ASSERT_TRUE(book.contains("库存变动 Stock"));
  const auto& detail = book.at("明细 Detail");
  EXPECT_EQ(detail.at("A1"), "时间 Time (CST)");
  // The month's first transaction of the kiosk, as the ledger holds it.
  db::Database d(m_db);
  auto st = d.prepare(
      "SELECT e.at_ms, e.kiosk_seq, e.villager_id, v.name, e.kind, e.points_delta FROM entries e "
      "JOIN villagers v ON v.id = e.villager_id WHERE e.kiosk_id = ? AND e.kind = 'redemption' "
      "AND e.at_ms >= 1793462400000 ORDER BY e.at_ms, e.seq LIMIT 1");
  st.bind(1, kKiosk);
  auto row = st.step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(detail.at("A2"), core::formatChinaTime(st.columnInt(0)));
  EXPECT_EQ(detail.at("B2"), kKiosk);
  EXPECT_EQ(detail.at("C2").get<double>(), static_cast<double>(st.columnInt(1)));
  EXPECT_EQ(detail.at("D2").get<double>(), static_cast<double>(st.columnInt(2)));
  EXPECT_EQ(detail.at("E2"), st.columnText(3));
  EXPECT_EQ(detail.at("F2"), "超市兑换");
  EXPECT_EQ(detail.at("G2"), "redemption");
  EXPECT_EQ(detail.at("I2").get<double>(), static_cast<double>(st.columnInt(5)));
  const auto& totals = book.at("合计 Totals");
  EXPECT_EQ(totals.at("A1"), "按类型 By kind");
  EXPECT_EQ(totals.at("A2"), "超市兑换 redemption");
  const auto redemptions = [&] {
    auto q = d.prepare("SELECT count(*) FROM entries WHERE kiosk_id = ? AND kind = 'redemption' "
                       "AND at_ms >= 1793462400000 AND at_ms < 1796054400000");
    q.bind(1, kKiosk);
    auto rr = q.step();
    return rr && *rr ? q.columnInt(0) : -1;
  }();
  EXPECT_EQ(totals.at("B2").get<double>(), static_cast<double>(redemptions));
  bool by_product = false;
  for (const auto& [ref, v] : totals.items()) {
    by_product = by_product || (v.is_string() && v.get<std::string>().starts_with("按商品"));
  }
  EXPECT_TRUE(by_product);
}

}  // namespace
}  // namespace rc::office
