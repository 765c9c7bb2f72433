// The fault VFS itself (support/fault_vfs.h): that it records what SQLite writes and syncs, that
// a cut really loses what was not synced (a ledger that does not sync loses commits through it,
// so the power-cut test can fail), that a torn write is detected, and the full, failing and
// read-only disks.

#include "support/fault_vfs.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <string>

#include "db/sqlite.h"
#include "support/temp_dir.h"

namespace rc::test {
namespace {

std::int64_t rows(db::Database& d) {
  auto st = d.prepare("SELECT count(*) FROM t");
  auto row = st.step();
  return row && *row ? st.columnInt(0) : -1;
}

std::string integrity(db::Database& d) {
  auto st = d.prepare("PRAGMA integrity_check");
  auto row = st.step();
  return row && *row ? st.columnText(0) : "no answer";
}

db::DbStatus insert(db::Database& d, int i) {
  auto st = d.prepare("INSERT INTO t(v) VALUES (?)");
  st.bind(1, std::string(3000, static_cast<char>('a' + i % 26)));  // most of a page
  return st.run();
}

class FaultVfsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::Database d(path);
    ASSERT_TRUE(d.exec("CREATE TABLE t(id INTEGER PRIMARY KEY, v TEXT NOT NULL)").ok());
  }
  TempDir dir;
  std::string path = dir.file("f.db");
};

TEST_F(FaultVfsTest, RecordsTheWritesAndSyncsOfEachFile) {
  FaultVfs vfs;
  {
    db::Database d(path, db::OpenMode::ReadWrite);
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(insert(d, i).ok());
  }
  const auto counts = vfs.counts();
  ASSERT_EQ(counts.count("f.db-wal"), 1u);
  EXPECT_GE(counts.at("f.db-wal").syncs, 5) << "synchronous=FULL: one sync per commit at least";
  EXPECT_GE(counts.at("f.db-wal").writes, 10);
  EXPECT_GE(counts.at("f.db-wal").bytes, 5 * 3000);
  // Closing the last connection checkpoints into the database file.
  ASSERT_EQ(counts.count("f.db"), 1u);
  EXPECT_GE(counts.at("f.db").writes, 1);
  EXPECT_GE(counts.at("f.db").syncs, 1);
  EXPECT_EQ(vfs.operations(), [&] {
    std::int64_t n = 0;
    for (const auto& [name, c] : counts) n += c.writes + c.syncs;
    return n;
  }());
}

TEST_F(FaultVfsTest, ACutKeepsWhatWasSyncedAndLosesWhatWasNot) {
  FaultVfs vfs;
  {
    db::Database d(path, db::OpenMode::ReadWrite);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(insert(d, i).ok());  // synced
    // Commits that are never synced: acknowledged, yet only in the page cache.
    ASSERT_TRUE(d.exec("PRAGMA synchronous=OFF").ok());
    for (int i = 3; i < 6; ++i) ASSERT_TRUE(insert(d, i).ok());
    EXPECT_EQ(rows(d), 6);
    vfs.armPowerCut(1, CutMode::Discard, 1);
    EXPECT_FALSE(insert(d, 6).ok()) << "the machine is dead";
    EXPECT_TRUE(vfs.powerIsOff());
  }
  const auto cut = vfs.restoreAfterCut();
  EXPECT_GE(cut.writes_lost, 3);
  EXPECT_FALSE(cut.torn);
  db::Database d(path, db::OpenMode::ReadWrite);
  EXPECT_EQ(integrity(d), "ok");
  EXPECT_EQ(rows(d), 3) << "the unsynced commits are gone, the synced ones stay";
}

TEST_F(FaultVfsTest, ATornLastWriteLeavesSectorsOfIt) {
  FaultVfs vfs;
  {
    db::Database d(path, db::OpenMode::ReadWrite);
    ASSERT_TRUE(insert(d, 0).ok());
    ASSERT_TRUE(d.exec("PRAGMA synchronous=OFF").ok());
    ASSERT_TRUE(insert(d, 1).ok());  // its page is the last write, unsynced
    vfs.armPowerCut(1, CutMode::Tear, 7);
    EXPECT_FALSE(insert(d, 2).ok());
  }
  const auto cut = vfs.restoreAfterCut();
  ASSERT_TRUE(cut.torn);
  EXPECT_EQ(cut.torn_file, "f.db-wal");
  EXPECT_EQ(cut.torn_kept % 512, 0);
  EXPECT_LT(cut.torn_kept, cut.torn_length);
  // The log's checksums find the torn frame: the commit it belonged to is dropped whole.
  db::Database d(path, db::OpenMode::ReadWrite);
  EXPECT_EQ(integrity(d), "ok");
  EXPECT_EQ(rows(d), 1);
}

TEST_F(FaultVfsTest, AFullDiskRefusesWritesUntilItHasRoom) {
  FaultVfs vfs;
  db::Database d(path, db::OpenMode::ReadWrite);
  ASSERT_TRUE(insert(d, 0).ok());
  vfs.failWritesFrom(1, SQLITE_FULL);
  const auto full = insert(d, 1);
  ASSERT_FALSE(full.ok());
  EXPECT_EQ(full.error().code, db::DbErrorCode::Io);
  vfs.failWritesFrom(1, SQLITE_IOERR_WRITE);
  EXPECT_FALSE(insert(d, 2).ok());
  EXPECT_EQ(rows(d), 1);
  vfs.diskHasRoom();
  ASSERT_TRUE(insert(d, 3).ok());
  EXPECT_EQ(rows(d), 2);
  EXPECT_EQ(integrity(d), "ok");
}

TEST_F(FaultVfsTest, AReadOnlyFileOpensReadOnlyAndRefusesWrites) {
  FaultVfs vfs;
  db::Database open_before(path, db::OpenMode::ReadWrite);
  vfs.setReadOnly(true);
  EXPECT_FALSE(insert(open_before, 0).ok()) << "a file open before: writes fail (EROFS)";
  {
    db::Database d(path, db::OpenMode::ReadWrite);
    EXPECT_EQ(sqlite3_db_readonly(d.handle(), "main"), 1);
    EXPECT_FALSE(insert(d, 1).ok());
    EXPECT_EQ(rows(d), 0);
  }
  vfs.setReadOnly(false);
  db::Database d(path, db::OpenMode::ReadWrite);
  EXPECT_EQ(sqlite3_db_readonly(d.handle(), "main"), 0);
  EXPECT_TRUE(insert(d, 2).ok());
}

}  // namespace
}  // namespace rc::test
