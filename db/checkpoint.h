#pragma once
// Keeps WAL checkpoints off the commit path. By default SQLite checkpoints inside the commit
// that takes the write-ahead log past 1000 pages: that commit also copies the log into the
// database file and fsyncs it, so about one redemption in a hundred (a redemption writes about
// a dozen pages) waits several times as long as the rest. A BackgroundCheckpoint takes that
// job from the connection: after each commit SQLite tells it how many pages the log holds, and
// past the threshold it wakes its own thread, which checkpoints (PASSIVE: it never blocks or
// waits for the writer or readers) over its own connection to the same file. The next write
// after a complete checkpoint starts the log from its beginning again, so it stays small.
// Writes that never pause (a large merge) give the thread no moment to finish: past four times
// the threshold the committing connection checkpoints by itself, so the log stays bounded.
//
// Ownership: holds a second connection and one thread; `db` must outlive it. Thread-safety:
// the hook runs on the writer's thread, the checkpoint on the object's own; the counters are
// atomic. On destruction the thread stops and `db` checkpoints by itself again (SQLite's
// default, every 1000 pages).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <thread>

#include "db/sqlite.h"

namespace rc::db {

class BackgroundCheckpoint {
 public:
  // A database in memory has no log: then nothing changes. Throws DbException when the
  // second connection cannot open the file.
  explicit BackgroundCheckpoint(Database& db, int wal_pages = 1000);
  ~BackgroundCheckpoint();
  BackgroundCheckpoint(const BackgroundCheckpoint&) = delete;
  BackgroundCheckpoint& operator=(const BackgroundCheckpoint&) = delete;

  // Checkpoints run so far, and the last one's error (the next commit past the threshold
  // tries again).
  std::int64_t checkpoints() const noexcept { return m_done.load(); }
  std::optional<DbError> lastError() const;

 private:
  static int onCommit(void* self, sqlite3* conn, const char* schema, int pages);
  void run();

  Database& m_db;
  const int m_wal_pages;
  std::optional<Database> m_own;  // the checkpointer's connection; none in memory
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_wanted = false;
  bool m_stop = false;
  std::optional<DbError> m_last_error;
  std::atomic<std::int64_t> m_done{0};
  std::thread m_thread;  // last: started once everything above exists
};

}  // namespace rc::db
