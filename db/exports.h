#pragma once
// The kiosk transactions of a period as rc-office export writes them: redemptions, bookings
// and their voids, one row each with the villager's name and what was taken (the lines, or
// the station), and the staff's stock movements (restocks and counts).
// Ownership: borrows a Database. Thread-safety: as the Database.

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/staff.h"
#include "core/types.h"
#include "db/sqlite.h"

namespace rc::db {

struct ExportRow {
  std::int64_t seq = 0;  // the office's seq
  std::int64_t at_ms = 0;
  std::string kiosk_id;
  std::int64_t kiosk_seq = 0;
  core::VillagerId villager_id = 0;
  std::string villager_name;
  core::EntryKind kind = core::EntryKind::Redemption;
  core::EntryKind voided_kind = core::EntryKind::Redemption;  // void only
  std::string lines;    // a redemption's (or the voided one's) "SKU*2;SKU*1"
  std::string station;  // a booking's (or the voided one's) station kind
  std::int64_t points_delta = 0;
  std::string reference;
  std::string voids;  // void only: the entry it reverses, "kiosk#seq"
};

// The row as the day close counts it (for totals with core::summarizeDay).
core::DayEntry dayEntryOf(const ExportRow& row);

// Transactions with at_ms in [from_ms, to_ms), of `kiosk_id` (empty: every kiosk and the
// office's own counter), in time order.
std::int64_t countTransactions(Database& db, std::int64_t from_ms, std::int64_t to_ms,
                               std::string_view kiosk_id);
DbStatus forEachTransaction(Database& db, std::int64_t from_ms, std::int64_t to_ms,
                            std::string_view kiosk_id,
                            const std::function<void(const ExportRow&)>& row);

// SKU -> product name; station kind -> the station's name.
std::map<std::string, std::string> productNames(Database& db);
std::map<std::string, std::string> stationNames(Database& db);

struct StockMovementRow {
  std::int64_t at_ms = 0;
  std::string kiosk_id;
  std::string sku;
  std::int64_t delta = 0;
  std::string reason;  // receive | count
  std::string note;
  std::string staff_name;
};
// Staff stock movements (those naming a staff member) in [from_ms, to_ms), in time order.
std::vector<StockMovementRow> staffStockMovements(Database& db, std::int64_t from_ms,
                                                  std::int64_t to_ms, std::string_view kiosk_id);

}  // namespace rc::db
