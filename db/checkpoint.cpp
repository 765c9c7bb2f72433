#include "db/checkpoint.h"

#include <sqlite3.h>

namespace rc::db {
namespace {

std::optional<Database> openSecond(const Database& db) {
  const std::string& path = db.path();
  if (path.empty() || path == ":memory:" || path.starts_with("file:")) return std::nullopt;
  return Database(path, OpenMode::ReadWrite);
}

}  // namespace

BackgroundCheckpoint::BackgroundCheckpoint(Database& db, int wal_pages)
    : m_db(db), m_wal_pages(wal_pages > 0 ? wal_pages : 1000), m_own(openSecond(db)) {
  if (!m_own) return;
  m_thread = std::thread([this] { run(); });
  // Replaces SQLite's own checkpoint-on-commit hook for this connection.
  sqlite3_wal_hook(m_db.handle(), &BackgroundCheckpoint::onCommit, this);
}

BackgroundCheckpoint::~BackgroundCheckpoint() {
  if (!m_own) return;
  sqlite3_wal_autocheckpoint(m_db.handle(), 1000);  // the connection's default hook, back
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_one();
  m_thread.join();
}

std::optional<DbError> BackgroundCheckpoint::lastError() const {
  std::lock_guard lock(m_mutex);
  return m_last_error;
}

int BackgroundCheckpoint::onCommit(void* self, sqlite3* conn, const char*, int pages) {
  auto* me = static_cast<BackgroundCheckpoint*>(self);
  if (pages >= 4 * me->m_wal_pages) {
    // Writes that never pause leave the background checkpoint no moment at which it has
    // copied the whole log, so the log is never started again and would grow for as long as
    // they go on: past four times the threshold this commit checkpoints, as SQLite's own
    // hook would have at one.
    (void)sqlite3_wal_checkpoint_v2(conn, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    return SQLITE_OK;
  }
  if (pages >= me->m_wal_pages) {
    {
      std::lock_guard lock(me->m_mutex);
      me->m_wanted = true;
    }
    me->m_wake.notify_one();
  }
  return SQLITE_OK;
}

void BackgroundCheckpoint::run() {
  std::unique_lock lock(m_mutex);
  while (true) {
    m_wake.wait(lock, [this] { return m_wanted || m_stop; });
    if (m_stop) return;
    m_wanted = false;
    lock.unlock();
    const int rc = sqlite3_wal_checkpoint_v2(m_own->handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                             nullptr, nullptr);
    std::optional<DbError> error;
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) error = m_own->lastError();
    lock.lock();
    m_last_error = error;
    if (!error) m_done.fetch_add(1);
  }
}

}  // namespace rc::db
