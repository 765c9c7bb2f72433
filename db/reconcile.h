#pragma once
// The office's reconciliation of a day (rc-office reconcile): each kiosk's day closes dated
// that day checked against what the office holds — the summary recomputed over the office's
// copy of the same entries (db::dayEntries, core::summarizeDay), the seq range, the chain
// head — and the day's lines already on the staff's lists (overdrafts, shelves, prices,
// oversold slots, lost claims, refused entries and events, staff work, lockouts).
// Ownership: borrows a Database. Thread-safety: as the Database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/staff.h"
#include "db/sqlite.h"
#include "db/staff.h"

namespace rc::db {

// A line of one of the office's lists, dated that day.
struct ReconcileLine {
  std::string list;     // entries | services | refused | staff | lockout
  std::string problem;  // overdraft, stock, price, unknown_product, oversold, claim_lost,
                        // refused_event, refused_entry, close_conflict, refused_movement, locked
  std::string subject;  // the entry (kiosk#seq), event, movement or close it is about
  std::string text;     // plain words for the clerk
  std::int64_t at_ms = 0;
};

struct CloseCheck {
  DayCloseRow close;
  std::int64_t office_held = 0;            // the kiosk's entries the office holds: 1..office_held
  std::optional<core::DaySummary> kiosk;   // the close's own figures (nullopt: unreadable)
  std::optional<core::DaySummary> office;  // recomputed over the office's entries
  std::vector<std::string> differences;    // empty: the close agrees
};

struct KioskReconcile {
  std::string kiosk_id;
  bool enrolled = false;  // false: a standalone kiosk writing to the office's own file
  std::vector<CloseCheck> closes;
  std::vector<std::string> differences;  // about the kiosk itself (no close that day)
  std::vector<ReconcileLine> lines;
  bool agrees() const noexcept;
  std::size_t differenceCount() const noexcept;
};

struct ReconcileReport {
  std::string day;
  std::vector<KioskReconcile> kiosks;
  bool agrees() const noexcept;
  std::size_t differenceCount() const noexcept;
};

enum class ReconcileError { BadDay, UnknownKiosk, Storage };
struct ReconcileFailure {
  ReconcileError code = ReconcileError::BadDay;
  std::string message;
};

// A kiosk the office knows: enrolled, or named by an entry or a day close in the file.
bool knownKiosk(Database& db, std::string_view kiosk_id);

// Every enrolled, non-revoked kiosk (and any other kiosk id with a close or a transaction
// that day), or only `kiosk_id` when given. A kiosk without a close that day is a difference;
// a `close_conflict` line is one too. Refused: a malformed day, a kiosk the office never
// heard of.
Result<ReconcileReport, ReconcileFailure> reconcileDay(Database& db, std::string_view day,
                                                       std::string_view kiosk_id = {});

}  // namespace rc::db
