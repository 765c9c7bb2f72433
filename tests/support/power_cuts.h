#pragma once
// Power cuts through the fault VFS (support/fault_vfs.h), the same run for the tests (50 cuts)
// and `scripts/bench durability` (1,000): a kiosk's ledger taking redemptions (db::Ledger::redeem,
// the kiosk's one redemption path) and the office's ledger merging a kiosk's pushes
// (db::OfficeSync::applyBatch), taking turns. Each round arms a cut at a random write or sync,
// keeps working until the power goes, puts the files back as a disk would hold them (in half
// the rounds with the last write torn), reopens and checks: PRAGMA integrity_check is ok, the
// ledger's verify() is true, and every acknowledged entry (a redeem() or applyBatch() that
// returned) is there, once. The next round resubmits what was in flight when the power went,
// as a kiosk does, so a commit that was never acknowledged must come back as a duplicate.
//
// The rounds checkpoint every 16 pages of log (instead of SQLite's 1000), so the cuts also land
// in checkpoints: writes to the database file itself, its sync, the log's restart.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rc::test {

struct PowerCutOptions {
  long cuts = 50;
  std::uint64_t seed = 20261202;
  // A line every 50 cuts (long runs).
  std::function<void(const std::string&)> progress;
};

struct PowerCutReport {
  long cuts = 0;
  long torn = 0;                       // cuts that tore the last write
  long before_first_commit = 0;        // rounds in which the power went before any ack
  std::int64_t kiosk_acknowledged = 0;   // redemptions acknowledged
  std::int64_t office_acknowledged = 0;  // pushed entries acknowledged by a merge
  std::int64_t committed_unacknowledged = 0;  // in flight at the cut, yet on the disk
  std::int64_t lost = 0;                      // acknowledged, then missing after a cut
  std::int64_t duplicated = 0;                // held more than once
  std::int64_t integrity_failures = 0;
  std::int64_t verify_failures = 0;
  std::int64_t operations = 0;  // writes and syncs through the shim
  double seconds = 0;
  // The first problems, each naming its cut and the seed that replays the run.
  std::vector<std::string> problems;

  std::int64_t acknowledged() const { return kiosk_acknowledged + office_acknowledged; }
};

// Runs in `dir` (a fresh directory on a real disk). Installs a FaultVfs for the run's length.
// Throws std::runtime_error when the run cannot start (the ledgers cannot be made).
PowerCutReport runPowerCuts(const std::string& dir, const PowerCutOptions& options);

}  // namespace rc::test
