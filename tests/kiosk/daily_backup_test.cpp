// The kiosk's own daily copy of its ledger (KioskData::dailyBackup, db/backup.h): once a day,
// verified, the two newest kept, a failure retried an hour later.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/types.h"
#include "db/backup.h"
#include "kiosk/app/kiosk_data.h"
#include "kiosk_fixture.h"

namespace rc::kiosk {
namespace {

namespace fs = std::filesystem;

std::int64_t noonCst(int y, int m, int d) { return core::daysFromCivil(y, m, d) * 86'400'000 + 4 * 3'600'000; }

std::size_t filesIn(const std::string& dir) {
  return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

TEST(KioskDailyBackup, OnceADayVerifiedAndTheTwoNewestKept) {
  rc::test::TempDir dir;
  const std::string path = test::villageCopy(dir, "kiosk.db");
  KioskData data(path, core::Settings{}, "kiosk-test");
  ASSERT_FALSE(std::holds_alternative<response::Unavailable>(data.handle(request::LoadBoards{})));
  EXPECT_EQ(data.backupDir(), dir.file("kiosk.db.backups"));

  auto b = data.dailyBackup(noonCst(2026, 12, 1));
  ASSERT_TRUE(b.ran);
  ASSERT_TRUE(b.error.empty()) << b.error;
  EXPECT_EQ(fs::path(b.path).filename(), "kiosk-2026-12-01.db");
  EXPECT_EQ(db::ledgerFileProblem(b.path, core::Settings{}), std::nullopt);
  EXPECT_FALSE(data.dailyBackup(noonCst(2026, 12, 1) + 3'600'000).ran);  // done today

  // Taken before a restart: a new KioskData finds today's file and does not take another.
  KioskData restarted(path, core::Settings{}, "kiosk-test");
  EXPECT_FALSE(restarted.dailyBackup(noonCst(2026, 12, 1) + 7'200'000).ran);

  ASSERT_TRUE(data.dailyBackup(noonCst(2026, 12, 2)).ran);
  ASSERT_TRUE(data.dailyBackup(noonCst(2026, 12, 3)).ran);
  EXPECT_EQ(filesIn(data.backupDir()), 2u);
  EXPECT_TRUE(fs::exists(dir.file("kiosk.db.backups/kiosk-2026-12-03.db")));
  EXPECT_TRUE(fs::exists(dir.file("kiosk.db.backups/kiosk-2026-12-02.db")));
}

TEST(KioskDailyBackup, ACopyThatDoesNotVerifyIsNotKeptAndIsRetriedAnHourLater) {
  rc::test::TempDir dir;
  const std::string path = test::villageCopy(dir, "kiosk.db");
  KioskData data(path, core::Settings{}, "kiosk-test");
  ASSERT_TRUE(data.dailyBackup(noonCst(2026, 12, 1)).ran);
  // A balance edited on the kiosk's file: the next day's copy does not verify, is not kept,
  // and the day before's stays.
  db::Database raw(path);
  ASSERT_TRUE(raw.exec("UPDATE balances SET points = points + 5").ok());
  const auto day2 = noonCst(2026, 12, 2);
  auto b = data.dailyBackup(day2);
  EXPECT_TRUE(b.ran);
  EXPECT_NE(b.error.find("does not verify"), std::string::npos) << b.error;
  EXPECT_EQ(filesIn(data.backupDir()), 1u);
  EXPECT_TRUE(fs::exists(dir.file("kiosk.db.backups/kiosk-2026-12-01.db")));
  EXPECT_FALSE(data.dailyBackup(day2 + 600'000).ran);  // not every minute
  ASSERT_TRUE(raw.exec("UPDATE balances SET points = points - 5").ok());
  b = data.dailyBackup(day2 + 3'600'000);
  ASSERT_TRUE(b.ran);
  EXPECT_TRUE(b.error.empty()) << b.error;
  EXPECT_EQ(fs::path(b.path).filename(), "kiosk-2026-12-02.db");

  // A simulated outage takes no backup.
  data.setOffline(true);
  EXPECT_FALSE(data.dailyBackup(noonCst(2026, 12, 3)).ran);
}

}  // namespace
}  // namespace rc::kiosk
