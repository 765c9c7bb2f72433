// BackgroundCheckpoint: the write-ahead log is copied back by its own thread, so commits never
// do it, the log stays small while commits go on, and nothing committed is lost.
#include "db/checkpoint.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "support/temp_dir.h"

namespace rc::db {
namespace {

void insertRows(Database& db, int n, int from = 0) {
  const std::string payload(2000, 'p');  // each commit adds one table page to the log
  auto st = db.prepare("INSERT INTO t (id, v) VALUES (?, ?)");
  for (int i = from; i < from + n; ++i) {
    st.bind(1, std::int64_t{i}).bind(2, payload);
    ASSERT_TRUE(st.run().ok()) << "row " << i;
  }
}

std::int64_t count(Database& db) {
  auto st = db.prepare("SELECT count(*) FROM t");
  auto row = st.step();
  EXPECT_TRUE(row && *row);
  return st.columnInt(0);
}

// The frames the log holds now (the second column of PRAGMA wal_checkpoint, taken before it
// copies anything).
std::int64_t logFrames(Database& db) {
  auto st = db.prepare("PRAGMA wal_checkpoint(PASSIVE)");
  auto row = st.step();
  EXPECT_TRUE(row && *row);
  return st.columnInt(1);
}

// Waits (at most five seconds) until the checkpointer has run at least `n` times.
bool waitForCheckpoints(const BackgroundCheckpoint& c, std::int64_t n) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (c.checkpoints() < n) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

TEST(BackgroundCheckpoint, KeepsTheLogSmallWhileCommitsGoOn) {
  test::TempDir dir;
  const auto path = dir.file("ledger.db");
  Database db(path);
  ASSERT_TRUE(db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)").ok());
  {
    BackgroundCheckpoint checkpoint(db, 20);
    insertRows(db, 600);
    ASSERT_TRUE(waitForCheckpoints(checkpoint, 1));
    // The first checkpoint may have run early in the run; the last commits asked for another,
    // which a loaded machine may not have run yet. Give it a moment (when it already ran, no
    // further one comes and the wait simply ends).
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    for (const auto seen = checkpoint.checkpoints();
         checkpoint.checkpoints() == seen && std::chrono::steady_clock::now() < deadline;) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    EXPECT_FALSE(checkpoint.lastError().has_value());
    // One more commit after a complete checkpoint starts the log from its beginning.
    insertRows(db, 1, 600);
    // 601 commits of a page each; SQLite's own checkpoint (every 1000 pages) would not have
    // run yet, so the log would hold every one of them.
    EXPECT_LT(logFrames(db), 100) << "the log was never started again";
  }
  EXPECT_EQ(count(db), 601);
  Database other(path, OpenMode::ReadOnly);
  EXPECT_EQ(count(other), 601);
}

TEST(BackgroundCheckpoint, AReaderHoldingASnapshotNeitherBlocksNorFails) {
  test::TempDir dir;
  const auto path = dir.file("ledger.db");
  Database db(path);
  ASSERT_TRUE(db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)").ok());
  insertRows(db, 10);
  Database reader(path, OpenMode::ReadOnly);
  ASSERT_TRUE(reader.exec("BEGIN").ok());
  EXPECT_EQ(count(reader), 10);  // the snapshot is taken here
  BackgroundCheckpoint checkpoint(db, 30);
  insertRows(db, 40, 10);  // about 80 frames: past the threshold, short of four times it
  // The checkpoint stops short of the reader's snapshot (PASSIVE never waits) and reports no
  // error; the reader still sees its snapshot.
  ASSERT_TRUE(waitForCheckpoints(checkpoint, 1));
  EXPECT_FALSE(checkpoint.lastError().has_value());
  EXPECT_EQ(count(reader), 10);
  ASSERT_TRUE(reader.exec("COMMIT").ok());
  EXPECT_EQ(count(reader), 50);
}

TEST(BackgroundCheckpoint, InMemoryChangesNothing) {
  Database db(":memory:");
  ASSERT_TRUE(db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, v BLOB NOT NULL)").ok());
  BackgroundCheckpoint checkpoint(db, 1);
  insertRows(db, 5);
  EXPECT_EQ(count(db), 5);
  EXPECT_EQ(checkpoint.checkpoints(), 0);
}

}  // namespace
}  // namespace rc::db
