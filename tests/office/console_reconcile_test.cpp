// The console's reconcile page over real HTTPS: a day's closes against the office
// (db::reconcileDay), who may read it, bad days and kiosks, and the exports, which must be the
// files `rc-office export` writes.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/staff.h"
#include "db/exports.h"
#include "db/ledger.h"
#include "office/console_fixture.h"

namespace rc::office::test {
namespace {

class ConsoleReconcile : public ConsoleTest {
 protected:
  // The first day of the demo's November on which the supermarket kiosk sold something.
  std::string busyDay() {
    db::Database d(dbPath());
    for (int day = 1; day <= 30; ++day) {
      const std::string text = "2026-11-" + std::string(day < 10 ? "0" : "") + std::to_string(day);
      const auto from = core::chinaDayStartMs(text);
      if (db::countTransactions(d, *from, *from + 86'400'000, "kiosk-supermarket") > 0) return text;
    }
    ADD_FAILURE() << "the demo sold nothing in November";
    return "2026-11-15";
  }

  std::string readFile(const std::string& path) {
    std::string bytes(static_cast<std::size_t>(std::filesystem::file_size(path)), '\0');
    std::ifstream f(path, std::ios::binary);
    f.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return bytes;
  }
};

TEST_F(ConsoleReconcile, ADemoDayShowsTheSupermarketWithoutACloseAsADifference) {
  const std::string day = busyDay();
  auto s = signIn("文书");
  const auto r = get(s, "reconcile?day=" + day);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["day"], day);
  EXPECT_EQ(r.body["agrees"], false);
  const json* shop = nullptr;
  for (const auto& k : r.body["kiosks"]) {
    if (k["kiosk"] == "kiosk-supermarket") shop = &k;
  }
  ASSERT_NE(shop, nullptr) << r.body.dump(2);
  EXPECT_EQ((*shop)["agrees"], false);
  ASSERT_FALSE((*shop)["differences"].empty());
  EXPECT_NE((*shop)["differences"][0].get<std::string>().find("no day close"), std::string::npos);
  // What the office holds of that day, close or not: the export's rows counted.
  EXPECT_GT((*shop)["office_day"]["redemptions"].get<int>(), 0);
  EXPECT_GT((*shop)["office_day"]["redeemed_points"].get<int>(), 0);
  EXPECT_NE(std::find(r.body["all_kiosks"].begin(), r.body["all_kiosks"].end(), "kiosk-supermarket"),
            r.body["all_kiosks"].end());

  // One kiosk only; no day given is today, China time.
  const auto one = get(s, "reconcile?day=" + day + "&kiosk=kiosk-supermarket");
  ASSERT_EQ(one.status, 200) << one.raw;
  ASSERT_EQ(one.body["kiosks"].size(), 1u);
  const auto today = get(s, "reconcile");
  ASSERT_EQ(today.status, 200) << today.raw;
  EXPECT_EQ(today.body["day"], core::chinaDay(db::nowMs()));
}

TEST_F(ConsoleReconcile, OnlyTheOfficeRolesReadItAndBadInputIsRefusedInPlainWords) {
  for (const char* name : {"书记", "审计"}) {
    EXPECT_EQ(get(signIn(name), "reconcile?day=2026-11-20").status, 200) << name;
    EXPECT_EQ(get(signIn(name), "reconcile/export?day=2026-11-20&format=csv").status, 200) << name;
  }
  const auto c = signIn("信息员二");
  EXPECT_EQ(get(c, "reconcile?day=2026-11-20").status, 403);
  EXPECT_EQ(get(c, "reconcile/export?month=2026-11&format=xlsx").status, 403);

  const auto s = signIn("文书");
  auto r = get(s, "reconcile?day=2026-13-01");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body["error"].get<std::string>().find("日期应写成"), std::string::npos) << r.raw;
  r = get(s, "reconcile?day=2026-11-20&kiosk=nowhere");
  EXPECT_EQ(r.status, 404);
  EXPECT_NE(r.body["error"].get<std::string>().find("没有这台终端"), std::string::npos) << r.raw;
  r = get(s, "reconcile/export?format=csv");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body["error"].get<std::string>().find("请选一天或一个月"), std::string::npos) << r.raw;
  r = get(s, "reconcile/export?day=2026-11-20&month=2026-11&format=csv");
  EXPECT_EQ(r.status, 400);
  r = get(s, "reconcile/export?month=2026-1&format=csv");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body["error"].get<std::string>().find("月份应写成"), std::string::npos) << r.raw;
  r = get(s, "reconcile/export?month=2026-11&format=pdf");
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body["error"].get<std::string>().find("csv 或 xlsx"), std::string::npos) << r.raw;
  r = get(s, "reconcile/export?month=2026-11&format=csv&kiosk=nowhere");
  EXPECT_EQ(r.status, 404);
}

TEST_F(ConsoleReconcile, TheDownloadsAreTheFilesRcOfficeExportWrites) {
  const std::string day = busyDay();
  const auto s = signIn("文书");
  const auto csv = get(s, "reconcile/export?month=2026-11&format=csv");
  ASSERT_EQ(csv.status, 200) << csv.raw.substr(0, 300);
  EXPECT_EQ(csv.content_type.rfind("text/csv", 0), 0u) << csv.content_type;
  EXPECT_NE(csv.disposition.find("rc-export-2026-11.csv"), std::string::npos) << csv.disposition;
  ASSERT_GT(csv.raw.size(), 3u);
  EXPECT_EQ(csv.raw.substr(0, 3), "\xEF\xBB\xBF");  // UTF-8 with a BOM, for Excel

  const std::string file = m_dir.file("month.csv");
  std::ostringstream out, err;
  ASSERT_EQ(runOffice({"--db", dbPath(), "export", "--month", "2026-11", "--format", "csv", "--out",
                       file},
                      out, err),
            0)
      << err.str();
  EXPECT_EQ(csv.raw, readFile(file));
  EXPECT_NE(csv.raw.find("kiosk-supermarket"), std::string::npos);

  // One kiosk's day as a workbook: a zip holding the detail sheet.
  const auto xlsx = get(s, "reconcile/export?day=" + day + "&format=xlsx&kiosk=kiosk-supermarket");
  ASSERT_EQ(xlsx.status, 200) << xlsx.raw.substr(0, 300);
  EXPECT_NE(xlsx.content_type.find("spreadsheetml"), std::string::npos) << xlsx.content_type;
  EXPECT_NE(xlsx.disposition.find("rc-export-" + day + "-kiosk-supermarket.xlsx"), std::string::npos)
      << xlsx.disposition;
  ASSERT_GT(xlsx.raw.size(), 1000u);
  EXPECT_EQ(xlsx.raw.substr(0, 2), "PK");
  EXPECT_NE(xlsx.raw.find("xl/worksheets/sheet1.xml"), std::string::npos);
  // Nothing is left behind in the temporary folder.
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::temp_directory_path())) {
    EXPECT_EQ(e.path().filename().string().rfind("rc-console-export-", 0), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace rc::office::test
