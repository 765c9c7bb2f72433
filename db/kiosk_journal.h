#pragma once
// The kiosk's half of sync, over the kiosk's own ledger file: its entries (kiosk_id = this
// kiosk, kiosk_seq 1, 2, 3 …) are the journal; those past the office's acknowledgement are
// the outbox. Pulled changes land in the roster and catalog tables and in office_balances,
// the office's authoritative score and points.
//
// The kiosk file's own `balances` table sums the kiosk's own entries only (so verify holds);
// what a villager may spend is standing(): the office's figures plus the kiosk's entries the
// office has not yet counted.
// Ownership: borrows a Ledger (and its Database). Thread-safety: as the Database; the sync
// worker opens its own connection to the same file (WAL).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/boards.h"
#include "db/ledger.h"
#include "db/sync_types.h"

namespace rc::db {

struct Standing {
  std::int64_t score = core::kBaseScore;  // within ±core::kMaxBalance
  std::int64_t points = 0;
  bool from_office = false;  // false: the office has never sent this villager's figures
};

// The entries of `kiosk_id` after kiosk_seq `after` (at most `limit`), as pushed: a kiosk's
// outbox on its own file, the office's copy of them on the office's.
std::vector<WireEntry> kioskWireEntries(Database& db, std::string_view kiosk_id, std::int64_t after,
                                        std::int64_t limit);

class KioskJournal {
 public:
  KioskJournal(Ledger& ledger, std::string kiosk_id);

  const std::string& kioskId() const noexcept { return m_kiosk_id; }

  // The highest seq the office said it holds; only moves forward. With it the kiosk keeps that
  // entry's hash (the head the office acknowledged), so a file rolled back or edited below it
  // is noticed (chainProblem). A `held` past this file's last entry is itself such a sign: the
  // office holds entries this file no longer has; it is refused and nothing is recorded.
  std::int64_t ackedSeq();
  DbStatus setAcked(std::int64_t held);
  // Why this file can no longer be trusted to sync, or nullopt: the head the office
  // acknowledged is missing or changed. Cheap; checked before every push.
  std::optional<std::string> chainProblem();
  // chainProblem() and a full verify of the file (hash chain, balances and stock recomputed
  // from the entries): what the kiosk checks when it starts.
  std::optional<std::string> integrityProblem();
  std::int64_t lastSeq();
  std::int64_t pendingCount() { return lastSeq() - ackedSeq(); }
  // This kiosk's entries after `after`, oldest first.
  std::vector<WireEntry> outbox(std::int64_t after, int limit);

  PullCursor pullCursor();
  // True once a pull has run to its last page at least once: the file holds the village's
  // roster, catalog and figures. Before that a card the file does not know may well be a
  // villager's (the kiosk waits instead of calling it unknown).
  bool rosterReceived();
  // Applies one pulled page and moves the cursor, in one transaction.
  DbStatus applyPull(const PullPage& page);

  Standing standing(core::VillagerId id);
  // Every villager on the roster with the office's score (plus this kiosk's pending score
  // entries), base score when the office never sent one: what the kiosk ranks by.
  std::vector<core::Scored> standingScores();
  // A villager's recent entries as the office explained them (pulled), newest first.
  std::vector<PulledHistory> history(core::VillagerId id, int limit);
  // The boards the office last sent (applyPull), or nullopt before any arrived.
  std::optional<PulledBoards> boards();
  // Points this villager spent today (China Standard Time) in entries the office has not yet
  // acknowledged: what counts against the offline limit.
  int offlineSpentToday(core::VillagerId id, std::int64_t now_ms);

  // A supermarket redemption recorded on the kiosk: priced against the local catalog and the
  // villager's standing (office figures plus pending entries), with this kiosk's id and next
  // seq. The offline limit is the caller's check (sync::checkOfflineLimit).
  LedgerResult<AppendResult> redeem(const RedemptionDraft& draft);

  // Service events (db::KioskServices records them): those not yet taken by the office whose
  // entry (if any) the office already holds, oldest first; and marking them taken.
  std::vector<ServiceEvent> serviceOutbox(int limit);
  DbStatus ackServiceEvents(std::span<const ServiceEvent> events);
  std::int64_t pendingServiceEvents();
  // Records one event (in the caller's transaction).
  DbStatus recordServiceEvent(const ServiceEvent& e);

  // Staff work waiting for the office (docs/sync-protocol.md "Staff work"): stock movements
  // in the stock outbox, this kiosk's day closes whose entries the office already holds, and
  // its lockouts not yet acknowledged; at most `limit` of each, oldest first. Marking them
  // taken after the office's 200 (the office applies each once, so a resend is harmless).
  StaffWork staffOutbox(int limit);
  DbStatus ackStaffWork(const StaffWork& work);
  std::int64_t pendingStaffWork();

 private:
  std::int64_t state(std::string_view key);
  DbStatus setState(std::string_view key, std::int64_t value);
  DbStatus applyProducts(const PullPage& page);
  DbStatus applyBoards(const PulledBoards& boards);
  DbStatus applyServices(const PullPage& page);
  DbStatus applyHistory(const std::vector<PulledHistory>& rows);

  Ledger& m_ledger;
  Database& m_db;
  std::string m_kiosk_id;
};

}  // namespace rc::db
