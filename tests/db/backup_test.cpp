// db/backup.h: a verified copy of a real ledger file, its dated name, rotation over a year of
// days, a damaged or edited copy refused, and the lock restore and serve share.
#include "db/backup.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "core/types.h"
#include "village_fixture.h"

namespace rc::db {
namespace {

namespace fs = std::filesystem;
using test::queryInt;
using test::queryText;

// 12:00 China Standard Time on the given day, as Unix ms.
std::int64_t noonCst(int y, int m, int d) { return core::daysFromCivil(y, m, d) * 86'400'000 + 4 * 3'600'000; }

std::string dayOf(std::int64_t days_since_epoch) {
  return core::formatChinaTime(days_since_epoch * 86'400'000 + 4 * 3'600'000).substr(0, 10);
}

std::set<std::string> fileNames(const std::string& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

void touch(const std::string& path) { std::ofstream(path) << "x"; }

class Backup : public test::VillageFixture {
 protected:
  void SetUp() override {
    VillageFixture::SetUp();
    const auto h = addHousehold("东岛路1号");
    m_v = addVillager(h, "刘一", 1960, true);
    addProduct("RICE", 20, 50);
    ASSERT_TRUE(m_ledger.append(draft(core::EntryKind::FundReward, m_v, 0, 500)).ok());
    for (int i = 0; i < 5; ++i) {
      RedemptionDraft r;
      r.villager_id = m_v;
      r.lines = {{"RICE", 1}};
      r.reference = "receipt";
      ASSERT_TRUE(m_ledger.redeem(r).ok());
    }
    m_backups = m_dir.file("backups");
  }
  std::string ledgerPath() const { return m_dir.file("ledger.db"); }

  core::VillagerId m_v = 0;
  std::string m_backups;
};

TEST_F(Backup, TakesAVerifiedSelfContainedCopyNamedByTheDayInChinaStandardTime) {
  // 2026-12-02 20:30 UTC is already 2026-12-03 in China.
  const std::int64_t at = core::daysFromCivil(2026, 12, 2) * 86'400'000 + (20 * 60 + 30) * 60'000;
  auto done = backupLedger(ledgerPath(), m_backups, m_ledger.settings(), at);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(fs::path(done->path).filename(), "ledger-2026-12-03.db");
  EXPECT_EQ(done->entries, m_ledger.entryCount());
  EXPECT_EQ(fileNames(m_backups), std::set<std::string>{"ledger-2026-12-03.db"});  // no -wal, no partial
  EXPECT_EQ(fs::status(m_backups).permissions() & fs::perms::all, fs::perms::owner_all);
  EXPECT_EQ(ledgerFileProblem(done->path, m_ledger.settings()), std::nullopt);
  Database copy(done->path, OpenMode::ReadOnly);
  EXPECT_EQ(queryText(copy, "PRAGMA journal_mode"), "delete");
  EXPECT_EQ(queryInt(copy, "SELECT points FROM balances WHERE villager_id = " + std::to_string(m_v)),
            500 - 5 * 20);
}

TEST_F(Backup, TheCopyIsOneMomentWhileTheLedgerIsWrittenMeanwhile) {
  // The copy's read transaction is open while another connection commits between two of its
  // steps (WAL): the copy holds what was there when it began, whole, and the commit is in the
  // ledger. Without that transaction SQLite would start the copy again and take the commit.
  const std::int64_t before = m_ledger.entryCount();
  int steps = 0;
  auto copied = copyLedger(ledgerPath(), m_dir.file("copy.db"), [&](const CopyProgress& p) {
    ++steps;
    EXPECT_LE(p.pages_done, p.pages_total);
    if (steps == 1) {
      EXPECT_LT(p.pages_done, p.pages_total);
      ASSERT_TRUE(m_ledger.append(draft(core::EntryKind::FundReward, m_v, 0, 7)).ok());
    }
  }, 1);
  ASSERT_TRUE(copied.ok()) << copied.error().message;
  Database copy(m_dir.file("copy.db"), OpenMode::ReadOnly);
  EXPECT_EQ(queryInt(copy, "SELECT count(*) FROM entries"), before);
  EXPECT_GT(steps, 2);
  EXPECT_EQ(m_ledger.entryCount(), before + 1);
  EXPECT_EQ(ledgerFileProblem(m_dir.file("copy.db"), m_ledger.settings()), std::nullopt);
}

TEST_F(Backup, ADamagedOrEditedFileDoesNotVerify) {
  auto done = backupLedger(ledgerPath(), m_backups, m_ledger.settings(), noonCst(2026, 12, 1));
  ASSERT_TRUE(done.ok()) << done.error().message;

  // A balance edited by hand: SQLite finds nothing wrong, the ledger's verify does.
  const std::string edited = m_dir.file("edited.db");
  fs::copy_file(done->path, edited);
  {
    Database d(edited, OpenMode::ReadWrite);
    ASSERT_TRUE(d.exec("UPDATE balances SET points = points + 1000").ok());
  }
  const auto why = ledgerFileProblem(edited, m_ledger.settings());
  ASSERT_TRUE(why.has_value());
  EXPECT_NE(why->find("does not verify"), std::string::npos) << *why;

  // Bytes overwritten in the middle of the file (a failing disk).
  const std::string damaged = m_dir.file("damaged.db");
  fs::copy_file(done->path, damaged);
  const auto size = fs::file_size(damaged);
  {
    std::fstream f(damaged, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 2));
    const std::string junk(8192, '\x5a');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  EXPECT_TRUE(ledgerFileProblem(damaged, m_ledger.settings()).has_value());

  const std::string text = m_dir.file("notes.db");
  touch(text);
  EXPECT_TRUE(ledgerFileProblem(text, m_ledger.settings()).has_value());
}

TEST_F(Backup, ALedgerThatDoesNotVerifyLeavesNoBackupAndRemovesNothing) {
  auto first = backupLedger(ledgerPath(), m_backups, m_ledger.settings(), noonCst(2026, 1, 1));
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(m_db.exec("UPDATE balances SET points = points + 1").ok());
  // Ten days later: the rotation would have removed nothing anyway, but the failed copy must not
  // appear under any name.
  auto bad = backupLedger(ledgerPath(), m_backups, m_ledger.settings(), noonCst(2026, 1, 11),
                          BackupPolicy{1, 0});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, BackupErrorCode::Verify);
  EXPECT_NE(bad.error().message.find("not kept"), std::string::npos) << bad.error().message;
  EXPECT_EQ(fileNames(m_backups), std::set<std::string>{"ledger-2026-01-01.db"});
}

TEST_F(Backup, AFolderThatCannotBeCreatedIsAPlainError) {
  touch(m_dir.file("afile"));
  auto done = backupLedger(ledgerPath(), m_dir.file("afile") + "/backups", m_ledger.settings(), noonCst(2026, 1, 1));
  ASSERT_FALSE(done.ok());
  EXPECT_EQ(done.error().code, BackupErrorCode::Destination);
  auto none = backupLedger(m_dir.file("missing.db"), m_backups, m_ledger.settings(), noonCst(2026, 1, 1));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().code, BackupErrorCode::Source);
}

TEST(BackupNames, OnlyTheLedgersOwnDatedNamesCount) {
  EXPECT_EQ(backupDay("/x/office.db", "office-2026-12-02.db"), "2026-12-02");
  EXPECT_EQ(backupDay("/x/office.db", "office-2026-12-2.db"), std::nullopt);
  EXPECT_EQ(backupDay("/x/office.db", "kiosk-2026-12-02.db"), std::nullopt);
  EXPECT_EQ(backupDay("/x/office.db", ".office-2026-12-02.db.partial"), std::nullopt);
  EXPECT_EQ(backupDay("/x/office.db", "office-2026-12-02.db-journal"), std::nullopt);
  EXPECT_EQ(backupFileName("/var/lib/red-credit/office.db", noonCst(2027, 2, 28)), "office-2027-02-28.db");
}

// One backup a day for 400 days (2026-01-01 to 2027-02-04), rotated after each as the timer
// does, beside files that are not backups: at the end the last 7 days and the newest of each of
// the last 12 months are there, and nothing else was touched.
TEST(BackupRotation, ASimulatedYearKeepsSevenDailyAndTwelveMonthly) {
  rc::test::TempDir dir;
  const std::string ledger = dir.file("office.db");
  const std::string folder = dir.path().string();
  const std::set<std::string> others = {"notes.txt", "kiosk-2026-01-01.db", ".office-2026-01-01.db.partial",
                                        "office-2026-01-01.db.before-restore"};
  for (const auto& o : others) touch(dir.file(o));
  const auto first = core::daysFromCivil(2026, 1, 1);
  std::int64_t most = 0;
  for (std::int64_t d = first; d < first + 400; ++d) {
    touch(dir.file("office-" + dayOf(d) + ".db"));
    std::vector<std::string> kept;
    rotateBackups(ledger, folder, BackupPolicy{}, &kept);
    most = std::max<std::int64_t>(most, static_cast<std::int64_t>(kept.size()));
    ASSERT_EQ(fs::path(kept.front()).filename(), "office-" + dayOf(d) + ".db");
  }
  std::set<std::string> expected = others;
  for (std::int64_t d = first + 393; d < first + 400; ++d) expected.insert("office-" + dayOf(d) + ".db");
  for (const char* month_end : {"2026-03-31", "2026-04-30", "2026-05-31", "2026-06-30", "2026-07-31",
                                "2026-08-31", "2026-09-30", "2026-10-31", "2026-11-30", "2026-12-31",
                                "2027-01-31"}) {
    expected.insert(std::string("office-") + month_end + ".db");
  }
  // The seven days run 2027-01-29 to 02-04, so January's and February's newest are among them.
  EXPECT_EQ(dayOf(first + 393), "2027-01-29");
  EXPECT_EQ(dayOf(first + 399), "2027-02-04");
  EXPECT_EQ(fileNames(folder), expected);
  EXPECT_EQ(expected.size() - others.size(), 17u);
  EXPECT_LE(most, 19);
}

TEST(BackupRotation, AMachineOffForDaysStillKeepsSevenBackups) {
  // Backups on scattered days: "seven daily" means the seven newest backups, not calendar days.
  const std::vector<std::string> days = {"2026-05-01", "2026-05-03", "2026-05-09", "2026-05-20",
                                         "2026-05-21", "2026-06-02", "2026-06-03", "2026-06-30",
                                         "2026-07-01", "2026-07-15"};
  const auto removed = daysToRemove(days, BackupPolicy{7, 12});
  // The three oldest are not among the seven newest; 2026-05-21 stays as May's newest.
  EXPECT_EQ(removed, (std::vector<std::string>{"2026-05-09", "2026-05-03", "2026-05-01"}));
  EXPECT_EQ(daysToRemove(days, BackupPolicy{2, 0}).size(), 8u);
}

TEST(LedgerLockTest, OneHolderAtATimeAndFreedWhenDropped) {
  rc::test::TempDir dir;
  const std::string ledger = dir.file("office.db");
  {
    auto first = LedgerLock::tryAcquire(ledger);
    ASSERT_TRUE(first.has_value());
    EXPECT_FALSE(LedgerLock::tryAcquire(ledger).has_value());
    auto moved = std::move(*first);
    EXPECT_FALSE(LedgerLock::tryAcquire(ledger).has_value());
  }
  EXPECT_TRUE(LedgerLock::tryAcquire(ledger).has_value());
  EXPECT_THROW(LedgerLock::tryAcquire(dir.file("no/such/folder/office.db")), std::runtime_error);
}

}  // namespace
}  // namespace rc::db
