#include "db/backup.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <set>
#include <stdexcept>

#include "core/types.h"
#include "db/ledger.h"
#include "db/schema.h"
#include "db/sqlite.h"

namespace rc::db {
namespace {

namespace fs = std::filesystem;

BackupError backupError(BackupErrorCode code, std::string message) {
  return BackupError{code, std::move(message)};
}

// "office" for "…/office.db"; the whole name when it has no ".db".
std::string ledgerStem(const std::string& ledger_path) {
  std::string name = fs::path(ledger_path).filename().string();
  if (name.size() > 3 && name.ends_with(".db")) name.resize(name.size() - 3);
  return name;
}

bool isDay(std::string_view d) {
  if (d.size() != 10 || d[4] != '-' || d[7] != '-') return false;
  for (std::size_t i = 0; i < d.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (d[i] < '0' || d[i] > '9') return false;
  }
  return true;
}

// fsync on a file or a folder (a rename is durable once its folder is synced).
bool syncPath(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool ok = ::fsync(fd) == 0;
  ::close(fd);
  return ok;
}

void removeWithSidecars(const std::string& path) noexcept {
  std::error_code ec;
  for (const char* suffix : {"", "-journal", "-wal", "-shm"}) fs::remove(path + suffix, ec);
}

struct BackupHandle {
  sqlite3_backup* b = nullptr;
  ~BackupHandle() {
    if (b) sqlite3_backup_finish(b);
  }
};

}  // namespace

std::string backupFileName(const std::string& ledger_path, std::int64_t at_ms) {
  return ledgerStem(ledger_path) + "-" + core::formatChinaTime(at_ms).substr(0, 10) + ".db";
}

std::optional<std::string> backupDay(const std::string& ledger_path, std::string_view file_name) {
  const std::string prefix = ledgerStem(ledger_path) + "-";
  if (file_name.size() != prefix.size() + 13 || !file_name.starts_with(prefix) ||
      !file_name.ends_with(".db")) {
    return std::nullopt;
  }
  const auto day = file_name.substr(prefix.size(), 10);
  if (!isDay(day)) return std::nullopt;
  return std::string(day);
}

std::vector<std::string> daysToRemove(std::vector<std::string> days, const BackupPolicy& policy) {
  std::sort(days.begin(), days.end(), std::greater<>());  // "YYYY-MM-DD" sorts as dates do
  days.erase(std::unique(days.begin(), days.end()), days.end());
  std::set<std::string> keep;
  for (std::size_t i = 0; i < days.size() && i < static_cast<std::size_t>(std::max(0, policy.daily)); ++i) {
    keep.insert(days[i]);
  }
  std::set<std::string> months;
  for (const auto& d : days) {
    const auto month = d.substr(0, 7);
    if (months.contains(month)) continue;  // an older day of a month already kept
    if (months.size() >= static_cast<std::size_t>(std::max(0, policy.monthly))) break;
    months.insert(month);
    keep.insert(d);  // the newest backup of that month
  }
  std::vector<std::string> out;
  for (const auto& d : days) {
    if (!keep.contains(d)) out.push_back(d);
  }
  return out;
}

Result<Ok, BackupError> copyLedger(const std::string& source, const std::string& dest,
                                   const CopyProgressFn& progress, int pages_per_step) {
  std::optional<Database> src;
  try {
    src.emplace(source, OpenMode::ReadOnly);
  } catch (const DbException& e) {
    return err(backupError(BackupErrorCode::Source, "cannot open " + source + ": " + e.what()));
  }
  if (schemaVersion(*src) == 0) {
    return err(backupError(BackupErrorCode::Source, source + " is not a red credit ledger"));
  }
  // One read transaction over the whole copy: the backup is one moment of the ledger however
  // many steps it takes, and writers in other processes go on meanwhile (WAL).
  if (auto st = src->exec("BEGIN; SELECT count(*) FROM sqlite_schema;"); !st) {
    return err(backupError(BackupErrorCode::Source, "cannot read " + source + ": " + st.error().message));
  }
  std::optional<Database> dst;
  try {
    dst.emplace(dest, OpenMode::ReadWriteCreate);
    // The copy is one self-contained file, in rollback-journal mode.
    if (auto st = dst->exec("PRAGMA journal_mode=DELETE"); !st) throw DbException(st.error());
  } catch (const DbException& e) {
    return err(backupError(BackupErrorCode::Destination, "cannot create " + dest + ": " + e.what()));
  }
  {
    BackupHandle h;
    h.b = sqlite3_backup_init(dst->handle(), "main", src->handle(), "main");
    if (!h.b) {
      return err(backupError(BackupErrorCode::Destination,
                             "cannot start the copy to " + dest + ": " + dst->lastError().message));
    }
    for (;;) {
      const int rc = sqlite3_backup_step(h.b, std::max(1, pages_per_step));
      if (progress) {
        progress({sqlite3_backup_pagecount(h.b) - sqlite3_backup_remaining(h.b),
                  sqlite3_backup_pagecount(h.b)});
      }
      if (rc == SQLITE_DONE) break;
      if (rc == SQLITE_OK) continue;
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        sqlite3_sleep(50);
        continue;
      }
      const auto code = (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR ||
                                (rc & 0xff) == SQLITE_READONLY || (rc & 0xff) == SQLITE_CANTOPEN
                            ? BackupErrorCode::Destination
                            : BackupErrorCode::Source;
      return err(backupError(code, "the copy to " + dest + " failed: " + sqlite3_errstr(rc)));
    }
    const int rc = sqlite3_backup_finish(h.b);
    h.b = nullptr;
    if (rc != SQLITE_OK) {
      return err(backupError(BackupErrorCode::Destination,
                             "the copy to " + dest + " failed: " + sqlite3_errstr(rc)));
    }
  }
  (void)src->exec("COMMIT");
  // The copy carries the source's WAL flag in its header: make it a rollback-journal file again.
  if (auto st = dst->exec("PRAGMA journal_mode=DELETE"); !st) {
    return err(backupError(BackupErrorCode::Destination, "cannot finish " + dest + ": " + st.error().message));
  }
  dst.reset();
  src.reset();
  if (!syncPath(dest)) {
    return err(backupError(BackupErrorCode::Destination, "cannot write " + dest + " to disk"));
  }
  return Ok{};
}

std::optional<std::string> ledgerFileProblem(const std::string& path, const core::Settings& settings,
                                             std::int64_t* entries) {
  try {
    Database d(path, OpenMode::ReadOnly);
    if (schemaVersion(d) == 0) return path + " is not a red credit ledger";
    auto st = d.prepare("PRAGMA integrity_check");
    std::vector<std::string> problems;
    for (;;) {
      auto row = st.step();
      if (!row) return "the integrity check could not run: " + row.error().message;
      if (!*row) break;
      problems.push_back(st.columnText(0));
    }
    if (problems.size() != 1 || problems.front() != "ok") {
      return "the file is damaged (SQLite integrity check: " +
             (problems.empty() ? std::string("no answer") : problems.front()) + ")";
    }
    Ledger ledger(d, settings);
    const auto rep = ledger.verify();
    if (entries) *entries = rep.entries_checked;
    if (!rep.ok) {
      std::string why = "the ledger does not verify";
      if (rep.first_bad_seq) why += " (first bad entry: " + std::to_string(*rep.first_bad_seq) + ")";
      if (!rep.problems.empty()) why += ": " + rep.problems.front();
      return why;
    }
  } catch (const std::exception& e) {
    return std::string("cannot read the file: ") + e.what();
  }
  return std::nullopt;
}

std::vector<std::string> rotateBackups(const std::string& ledger_path, const std::string& dir,
                                       const BackupPolicy& policy, std::vector<std::string>* kept) {
  std::vector<std::string> days;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    if (auto d = backupDay(ledger_path, it->path().filename().string())) days.push_back(*d);
  }
  const auto remove = daysToRemove(days, policy);
  const std::set<std::string> gone(remove.begin(), remove.end());
  const std::string stem = ledgerStem(ledger_path);
  auto pathOf = [&](const std::string& day) { return (fs::path(dir) / (stem + "-" + day + ".db")).string(); };
  std::vector<std::string> removed;
  for (const auto& d : remove) {
    if (fs::remove(pathOf(d), ec)) removed.push_back(pathOf(d));
  }
  if (kept) {
    std::sort(days.begin(), days.end(), std::greater<>());
    kept->clear();
    for (const auto& d : days) {
      if (!gone.contains(d)) kept->push_back(pathOf(d));
    }
  }
  return removed;
}

Result<BackupDone, BackupError> backupLedger(const std::string& ledger_path, const std::string& dir,
                                             const core::Settings& settings, std::int64_t at_ms,
                                             const BackupPolicy& policy,
                                             const CopyProgressFn& progress) {
  std::error_code ec;
  if (!fs::is_regular_file(ledger_path, ec)) {
    return err(backupError(BackupErrorCode::Source, "no ledger at " + ledger_path));
  }
  if (!fs::is_directory(dir, ec)) {
    if (!fs::create_directories(dir, ec) || ec) {
      return err(backupError(BackupErrorCode::Destination,
                             "cannot create the folder " + dir + ": " + ec.message()));
    }
    ::chmod(dir.c_str(), 0700);
  }
  const std::string name = backupFileName(ledger_path, at_ms);
  const std::string final_path = (fs::path(dir) / name).string();
  // Hidden, so rotation and people never take it for a backup.
  const std::string tmp = (fs::path(dir) / ("." + name + ".partial")).string();
  removeWithSidecars(tmp);  // left by a backup that was killed
  auto copied = copyLedger(ledger_path, tmp, progress);
  if (!copied) {
    removeWithSidecars(tmp);
    return err(copied.error());
  }
  ::chmod(tmp.c_str(), 0600);
  BackupDone done;
  if (auto why = ledgerFileProblem(tmp, settings, &done.entries)) {
    removeWithSidecars(tmp);
    return err(backupError(BackupErrorCode::Verify,
                           "the copy of " + ledger_path + " does not verify, so it was not kept: " + *why));
  }
  fs::rename(tmp, final_path, ec);
  if (ec) {
    removeWithSidecars(tmp);
    return err(backupError(BackupErrorCode::Destination, "cannot name the backup " + final_path + ": " +
                                                             ec.message()));
  }
  if (!syncPath(dir)) {
    return err(backupError(BackupErrorCode::Destination, "cannot write the folder " + dir + " to disk"));
  }
  done.path = final_path;
  done.bytes = static_cast<std::int64_t>(fs::file_size(final_path, ec));
  done.removed = rotateBackups(ledger_path, dir, policy, &done.kept);
  return done;
}

std::optional<LedgerLock> LedgerLock::tryAcquire(const std::string& ledger_path) {
  const std::string path = ledger_path + ".lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) throw std::runtime_error("cannot create the lock file " + path);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return std::nullopt;
  }
  return LedgerLock(fd);
}

LedgerLock::~LedgerLock() {
  if (m_fd >= 0) ::close(m_fd);
}

LedgerLock::LedgerLock(LedgerLock&& o) noexcept : m_fd(std::exchange(o.m_fd, -1)) {}

}  // namespace rc::db
