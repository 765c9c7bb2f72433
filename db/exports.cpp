#include "db/exports.h"

#include "db/day_close.h"

namespace rc::db {
namespace {

// Redemptions, bookings, and voids of either.
constexpr const char* kWhere =
    " FROM entries e LEFT JOIN entries t ON t.seq = e.voids_seq "
    "LEFT JOIN villagers v ON v.id = e.villager_id "
    "WHERE e.at_ms >= ?1 AND e.at_ms < ?2 AND (?3 = '' OR e.kiosk_id = ?3) AND "
    "(e.kind = 'redemption' OR e.kind = 'booking' OR (e.kind = 'void' AND "
    "(t.kind = 'redemption' OR t.kind = 'booking')))";

}  // namespace

core::DayEntry dayEntryOf(const ExportRow& r) {
  core::DayEntry d;
  d.seq = r.seq;
  d.kind = r.kind;
  d.points_delta = r.points_delta;
  d.lines = r.lines;
  d.station = r.station;
  d.voided_kind = r.voided_kind;
  return d;
}

std::int64_t countTransactions(Database& db, std::int64_t from_ms, std::int64_t to_ms,
                               std::string_view kiosk_id) {
  auto st = db.cached(std::string("SELECT count(*)") + kWhere);
  st->bind(1, from_ms).bind(2, to_ms).bind(3, kiosk_id);
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

DbStatus forEachTransaction(Database& db, std::int64_t from_ms, std::int64_t to_ms,
                            std::string_view kiosk_id,
                            const std::function<void(const ExportRow&)>& emit) {
  // A separate statement: bookingStation uses the connection's cache meanwhile.
  auto st = db.prepare(std::string(
      "SELECT e.seq, e.at_ms, e.kiosk_id, e.kiosk_seq, e.villager_id, COALESCE(v.name, ''), "
      "e.kind, e.points_delta, e.reference, e.detail, t.kind, t.detail, t.reference, "
      "t.kiosk_id, t.kiosk_seq") + kWhere + " ORDER BY e.at_ms, e.seq");
  st.bind(1, from_ms).bind(2, to_ms).bind(3, kiosk_id);
  while (true) {
    auto row = st.step();
    if (!row) return err(row.error());
    if (!*row) return Ok{};
    ExportRow r;
    r.seq = st.columnInt(0);
    r.at_ms = st.columnInt(1);
    r.kiosk_id = st.columnText(2);
    r.kiosk_seq = st.columnInt(3);
    r.villager_id = st.columnInt(4);
    r.villager_name = st.columnText(5);
    r.kind = core::entryKindFromString(st.columnTextView(6)).value_or(core::EntryKind::Void);
    r.points_delta = st.columnInt(7);
    r.reference = st.columnText(8);
    std::string detail = st.columnText(9);
    std::string of_reference = r.reference;
    core::EntryKind what = r.kind;
    if (r.kind == core::EntryKind::Void) {
      r.voided_kind =
          core::entryKindFromString(st.columnTextView(10)).value_or(core::EntryKind::Void);
      what = r.voided_kind;
      detail = st.columnText(11);
      of_reference = st.columnText(12);
      r.voids = st.columnText(13) + "#" + std::to_string(st.columnInt(14));
    }
    if (what == core::EntryKind::Redemption) r.lines = detail;
    if (what == core::EntryKind::Booking) r.station = bookingStation(db, of_reference);
    emit(r);
  }
}

std::map<std::string, std::string> productNames(Database& db) {
  std::map<std::string, std::string> out;
  auto st = db.cached("SELECT sku, name FROM products");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out[st->columnText(0)] = st->columnText(1);
  }
  return out;
}

std::map<std::string, std::string> stationNames(Database& db) {
  std::map<std::string, std::string> out;
  auto st = db.cached("SELECT kind, name FROM stations ORDER BY id");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.emplace(st->columnText(0), st->columnText(1));
  }
  return out;
}

std::vector<StockMovementRow> staffStockMovements(Database& db, std::int64_t from_ms,
                                                  std::int64_t to_ms, std::string_view kiosk_id) {
  std::vector<StockMovementRow> out;
  auto st = db.cached(
      "SELECT m.at_ms, m.kiosk_id, p.sku, m.delta, m.reason, m.note, m.staff_name "
      "FROM stock_movements m JOIN products p ON p.id = m.product_id WHERE m.staff_name <> '' "
      "AND m.at_ms >= ?1 AND m.at_ms < ?2 AND (?3 = '' OR m.kiosk_id = ?3) ORDER BY m.at_ms, m.id");
  st->bind(1, from_ms).bind(2, to_ms).bind(3, kiosk_id);
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back({st->columnInt(0), st->columnText(1), st->columnText(2), st->columnInt(3),
                   st->columnText(4), st->columnText(5), st->columnText(6)});
  }
  return out;
}

}  // namespace rc::db
