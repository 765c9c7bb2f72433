#pragma once
// The day close (日结) in a ledger file: what one kiosk's entries add up to over a seq range,
// the closes made, and making the next one. The same reading serves the kiosk that closes its
// day and the office that reconciles it (core::summarizeDay does the arithmetic once).
// Ownership: borrows a Database. Thread-safety: as the Database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/staff.h"
#include "db/ledger.h"
#include "db/sqlite.h"
#include "db/staff.h"

namespace rc::db {

// The station kind a booking entry paid for, from its reference: "slot:N" (a slot of the
// office's numbering, mirrored on kiosks) or "order:UUID" (a request, at the office or a
// kiosk's mirror); empty when the file does not know it.
std::string bookingStation(Database& db, std::string_view reference);

// The entries of `kiosk_id` with kiosk_seq in [first, last], as the day close counts them:
// a booking's station from its slot or request (the office's or the kiosk's mirror), a void
// with the kind, lines and station of its target.
Result<std::vector<core::DayEntry>, DbError> dayEntries(Database& db, std::string_view kiosk_id,
                                                        std::int64_t first, std::int64_t last);

// One entry of a kiosk's day for the staff's list: the entry, whose it is, whether a later
// entry voided it, and what it concerned (a redemption's lines, a booking's station; for a void,
// those of its target, and the target's uuid).
struct KioskDayRow {
  Entry entry;
  std::string villager_name;
  bool voided = false;
  std::string lines;
  std::string station;
  std::string target_uuid;  // void only
  core::EntryKind target_kind = core::EntryKind::Redemption;  // void only
};
// The entries of `kiosk_id` dated in [from_ms, to_ms), newest first.
Result<std::vector<KioskDayRow>, DbError> kioskDayRows(Database& db, std::string_view kiosk_id,
                                                       std::int64_t from_ms, std::int64_t to_ms);

// The highest kiosk_seq the file holds for `kiosk_id` (0: none).
std::int64_t lastKioskSeq(Database& db, std::string_view kiosk_id);

// The hash the file holds for the entry (kiosk_id, kiosk_seq); nullopt when absent.
std::optional<Hash> entryHash(Database& db, std::string_view kiosk_id, std::int64_t kiosk_seq);

// Closes made by (or received from) a kiosk.
std::optional<DayCloseRow> lastDayClose(Database& db, std::string_view kiosk_id);
std::optional<DayCloseRow> dayClose(Database& db, std::string_view kiosk_id, std::int64_t number);
// Every close dated `day` (YYYY-MM-DD), by kiosk then number; `kiosk_id` empty: all kiosks.
std::vector<DayCloseRow> dayClosesOn(Database& db, std::string_view day,
                                     std::string_view kiosk_id = {});

// The entries since the last close (first_seq .. the file's last), not yet closed.
struct OpenDay {
  std::int64_t first_seq = 1;
  std::int64_t last_seq = 0;
  std::int64_t next_number = 1;
  core::DaySummary summary;
};
Result<OpenDay, DbError> openDay(Database& db, std::string_view kiosk_id);

// Makes the next close of `kiosk_id` over every entry since the last one, in one transaction:
// numbered (Z-0001 …), dated now (China Standard Time), with the head hash after its last
// entry (the previous close's head for an empty day; 32 zero bytes before any entry).
LedgerResult<DayCloseRow> closeDay(Database& db, std::string_view kiosk_id,
                                   std::string_view staff_name, std::int64_t now_ms);

// Records a close as a kiosk pushed it (the office). The same close again changes nothing;
// another close under a number already held is refused (UuidConflict) and changes nothing.
LedgerResult<bool> recordDayClose(Database& db, const DayCloseRow& close);

}  // namespace rc::db
