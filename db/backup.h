#pragma once
// Backups of a ledger file, shared by the office (rc-office backup / restore) and the kiosk
// (its own daily copy). A backup is taken with SQLite's online backup API inside one read
// transaction, so it is one consistent moment of the ledger while writers go on (WAL: readers
// never block the writer). The copy is written under a hidden temporary name, checked
// (PRAGMA integrity_check and the ledger's own verify: hash chain, balances, stock) and only
// then renamed to its dated name, so a backup file that exists is one that verified. Old
// backups are rotated: the newest `daily` days and the newest backup of each of the newest
// `monthly` months are kept; a failed backup removes nothing.
// Thread-safety: free functions over files; each opens its own connections.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/settings.h"

namespace rc::db {

struct BackupPolicy {
  int daily = 7;     // the newest this many days with a backup
  int monthly = 12;  // and the newest backup of each of the newest this many months
};

struct CopyProgress {
  std::int64_t pages_done = 0;
  std::int64_t pages_total = 0;
};
using CopyProgressFn = std::function<void(const CopyProgress&)>;

enum class BackupErrorCode {
  Source,       // the ledger cannot be opened or read, or is not a red credit ledger
  Destination,  // the folder cannot be created or written (permissions, full disk)
  Verify,       // the copy does not verify: it was not kept
};

struct BackupError {
  BackupErrorCode code = BackupErrorCode::Source;
  std::string message;  // one plain sentence
};

struct BackupDone {
  std::string path;            // the dated backup file written
  std::int64_t bytes = 0;
  std::int64_t entries = 0;    // entries in the copy, all chained and verified
  std::vector<std::string> removed;  // older backups the rotation deleted
  std::vector<std::string> kept;     // every backup kept, newest first
};

// "office-2026-12-02.db": the backup of the ledger file `ledger_path` ("…/office.db") taken
// at `at_ms`, named by its day in China Standard Time.
std::string backupFileName(const std::string& ledger_path, std::int64_t at_ms);

// The day ("2026-12-02") a file named as backupFileName names for `ledger_path`, or nullopt for
// any other file name: rotation touches nothing else.
std::optional<std::string> backupDay(const std::string& ledger_path, std::string_view file_name);

// The days to remove among `days` (the backups' days as "YYYY-MM-DD", any order) under
// `policy`.
std::vector<std::string> daysToRemove(std::vector<std::string> days, const BackupPolicy& policy);

// Copies the ledger at `source` to `dest` (a new file) with the online backup API in one read
// transaction, `pages_per_step` pages at a time (progress after each); the copy is left in
// rollback-journal mode, one self-contained file, fsynced.
Result<Ok, BackupError> copyLedger(const std::string& source, const std::string& dest,
                                   const CopyProgressFn& progress = {}, int pages_per_step = 1024);

// Why the ledger file at `path` cannot be trusted (integrity_check or the ledger's verify
// fails, not a red credit ledger), or nullopt; `entries` receives the count of entries checked.
std::optional<std::string> ledgerFileProblem(const std::string& path, const core::Settings& settings,
                                             std::int64_t* entries = nullptr);

// Backs `ledger_path` up into `dir` (created 0700 when missing) as backupFileName(at_ms):
// copy, verify, rename, fsync, then rotate. A backup of the same day is replaced by the newer.
Result<BackupDone, BackupError> backupLedger(const std::string& ledger_path, const std::string& dir,
                                             const core::Settings& settings, std::int64_t at_ms,
                                             const BackupPolicy& policy = {},
                                             const CopyProgressFn& progress = {});

// Removes the backups of `ledger_path` in `dir` that `policy` does not keep; returns the
// removed paths and fills `kept` (newest first) when given.
std::vector<std::string> rotateBackups(const std::string& ledger_path, const std::string& dir,
                                       const BackupPolicy& policy,
                                       std::vector<std::string>* kept = nullptr);

// An exclusive advisory lock (flock) on "LEDGER.lock" beside the ledger: held by
// `rc-office serve` while it runs and by a restore while it replaces the file, so neither
// happens under the other. A lock file of its own, since a descriptor on the ledger itself
// would release SQLite's POSIX locks when closed. Released by the destructor (or the process's
// end, a crash included). Ownership: owns the descriptor. Thread-safety: one owner.
class LedgerLock {
 public:
  // Nullopt when another process holds it; throws std::runtime_error when the lock file
  // cannot be created (the folder is missing or read-only).
  static std::optional<LedgerLock> tryAcquire(const std::string& ledger_path);
  ~LedgerLock();
  LedgerLock(LedgerLock&& o) noexcept;
  LedgerLock& operator=(LedgerLock&&) = delete;
  LedgerLock(const LedgerLock&) = delete;
  LedgerLock& operator=(const LedgerLock&) = delete;

 private:
  explicit LedgerLock(int fd) noexcept : m_fd(fd) {}
  int m_fd = -1;
};

}  // namespace rc::db
