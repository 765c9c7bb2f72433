#include "db/day_close.h"

#include <cstring>

namespace rc::db {
namespace {


constexpr const char* kCloseColumns =
    "kiosk_id, number, day, first_seq, last_seq, head_hash, summary, staff_name, closed_at_ms";

DayCloseRow readClose(Statement& st) {
  DayCloseRow c;
  c.kiosk_id = st.columnText(0);
  c.number = st.columnInt(1);
  c.day = st.columnText(2);
  c.first_seq = st.columnInt(3);
  c.last_seq = st.columnInt(4);
  const auto blob = st.columnBlob(5);
  if (blob.size() == c.head_hash.size()) std::memcpy(c.head_hash.data(), blob.data(), blob.size());
  c.summary = st.columnText(6);
  c.staff_name = st.columnText(7);
  c.closed_at_ms = st.columnInt(8);
  return c;
}

}  // namespace

std::string bookingStation(Database& db, std::string_view reference) {
  if (reference.starts_with("slot:")) {
    auto st = db.cached(
        "SELECT t.kind FROM slots s JOIN stations t ON t.id = s.station_id WHERE s.id = ?");
    st->bind(1, reference.substr(5));
    if (auto row = st->step(); row && *row) return st->columnText(0);
    return {};
  }
  if (reference.starts_with("order:")) {
    auto st = db.cached(
        "SELECT COALESCE((SELECT t.kind FROM service_orders o JOIN stations t ON t.id = "
        "o.station_id WHERE o.uuid = ?1 OR o.id = ?1), (SELECT station FROM kiosk_orders "
        "WHERE uuid = ?1), '')");
    st->bind(1, reference.substr(6));
    if (auto row = st->step(); row && *row) return st->columnText(0);
  }
  return {};
}

Result<std::vector<core::DayEntry>, DbError> dayEntries(Database& db, std::string_view kiosk_id,
                                                        std::int64_t first, std::int64_t last) {
  struct Raw {
    core::DayEntry e;
    std::string reference;
  };
  std::vector<Raw> raw;
  {
    auto st = db.cached(
        "SELECT e.kiosk_seq, e.kind, e.points_delta, e.detail, e.reference, t.kind, t.detail, "
        "t.reference FROM entries e LEFT JOIN entries t ON t.seq = e.voids_seq "
        "WHERE e.kiosk_id = ? AND e.kiosk_seq BETWEEN ? AND ? ORDER BY e.kiosk_seq");
    st->bind(1, kiosk_id).bind(2, first).bind(3, last);
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) break;
      Raw r;
      r.e.seq = st->columnInt(0);
      r.e.kind = core::entryKindFromString(st->columnTextView(1)).value_or(core::EntryKind::Void);
      r.e.points_delta = st->columnInt(2);
      if (r.e.kind == core::EntryKind::Void) {
        r.e.voided_kind =
            core::entryKindFromString(st->columnTextView(5)).value_or(core::EntryKind::Void);
        r.e.lines = st->columnText(6);
        r.reference = st->columnText(7);
      } else {
        r.e.lines = st->columnText(3);
        r.reference = st->columnText(4);
      }
      raw.push_back(std::move(r));
    }
  }
  std::vector<core::DayEntry> out;
  out.reserve(raw.size());
  for (auto& r : raw) {
    const auto kind = r.e.kind == core::EntryKind::Void ? r.e.voided_kind : r.e.kind;
    if (kind == core::EntryKind::Booking) {
      r.e.station = bookingStation(db, r.reference);
      r.e.lines.clear();
    } else if (kind != core::EntryKind::Redemption) {
      r.e.lines.clear();
    }
    out.push_back(std::move(r.e));
  }
  return out;
}

Result<std::vector<KioskDayRow>, DbError> kioskDayRows(Database& db, std::string_view kiosk_id,
                                                       std::int64_t from_ms, std::int64_t to_ms) {
  std::vector<KioskDayRow> out;
  {
    auto st = db.cached(
        "SELECT e.seq, e.uuid, e.kiosk_seq, e.villager_id, e.kind, e.score_delta, e.points_delta, "
        "e.reference, e.detail, e.voids_seq, e.at_ms, COALESCE(v.name, ''), "
        "EXISTS (SELECT 1 FROM entries x WHERE x.voids_seq = e.seq), "
        "COALESCE(t.detail, ''), COALESCE(t.reference, ''), COALESCE(t.uuid, ''), "
        "COALESCE(t.kind, '') "
        "FROM entries e LEFT JOIN villagers v ON v.id = e.villager_id "
        "LEFT JOIN entries t ON t.seq = e.voids_seq "
        "WHERE e.kiosk_id = ? AND e.at_ms >= ? AND e.at_ms < ? ORDER BY e.kiosk_seq DESC");
    st->bind(1, kiosk_id).bind(2, from_ms).bind(3, to_ms);
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) break;
      KioskDayRow r;
      Entry& e = r.entry;
      e.seq = st->columnInt(0);
      e.uuid = st->columnText(1);
      e.kiosk_id = std::string(kiosk_id);
      e.kiosk_seq = st->columnInt(2);
      e.villager_id = st->columnInt(3);
      e.kind = core::entryKindFromString(st->columnTextView(4)).value_or(core::EntryKind::Void);
      e.score_delta = static_cast<int>(st->columnInt(5));
      e.points_delta = static_cast<int>(st->columnInt(6));
      e.reference = st->columnText(7);
      e.detail = st->columnText(8);
      if (!st->columnIsNull(9)) e.voids_seq = st->columnInt(9);
      e.at_ms = st->columnInt(10);
      r.villager_name = st->columnText(11);
      r.voided = st->columnInt(12) != 0;
      const bool is_void = e.kind == core::EntryKind::Void;
      const std::string_view kind = is_void ? st->columnTextView(16) : st->columnTextView(4);
      const std::string reference = is_void ? st->columnText(14) : e.reference;
      if (kind == "redemption") r.lines = is_void ? st->columnText(13) : e.detail;
      if (kind == "booking") r.station = reference;  // resolved below, once the statement is done
      if (is_void) {
        r.target_uuid = st->columnText(15);
        r.target_kind = core::entryKindFromString(kind).value_or(core::EntryKind::Redemption);
      }
      out.push_back(std::move(r));
    }
  }
  for (auto& r : out) {
    if (!r.station.empty()) r.station = bookingStation(db, r.station);
  }
  return out;
}

std::int64_t lastKioskSeq(Database& db, std::string_view kiosk_id) {
  auto st = db.cached("SELECT COALESCE(MAX(kiosk_seq), 0) FROM entries WHERE kiosk_id = ?");
  st->bind(1, kiosk_id);
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

std::optional<Hash> entryHash(Database& db, std::string_view kiosk_id, std::int64_t kiosk_seq) {
  auto st = db.cached("SELECT hash FROM entries WHERE kiosk_id = ? AND kiosk_seq = ?");
  st->bind(1, kiosk_id).bind(2, kiosk_seq);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  const auto blob = st->columnBlob(0);
  Hash h{};
  if (blob.size() != h.size()) return std::nullopt;
  std::memcpy(h.data(), blob.data(), h.size());
  return h;
}

std::optional<DayCloseRow> lastDayClose(Database& db, std::string_view kiosk_id) {
  auto st = db.cached(std::string("SELECT ") + kCloseColumns +
                      " FROM day_closes WHERE kiosk_id = ? ORDER BY number DESC LIMIT 1");
  st->bind(1, kiosk_id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readClose(*st);
}

std::optional<DayCloseRow> dayClose(Database& db, std::string_view kiosk_id, std::int64_t number) {
  auto st = db.cached(std::string("SELECT ") + kCloseColumns +
                      " FROM day_closes WHERE kiosk_id = ? AND number = ?");
  st->bind(1, kiosk_id).bind(2, number);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readClose(*st);
}

std::vector<DayCloseRow> dayClosesOn(Database& db, std::string_view day,
                                     std::string_view kiosk_id) {
  std::vector<DayCloseRow> out;
  auto st = db.cached(std::string("SELECT ") + kCloseColumns +
                      " FROM day_closes WHERE day = ?1 AND (COALESCE(?2, '') = '' OR kiosk_id = ?2) "
                      "ORDER BY kiosk_id, number");
  st->bind(1, day).bind(2, kiosk_id);
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readClose(*st));
  }
  return out;
}

Result<OpenDay, DbError> openDay(Database& db, std::string_view kiosk_id) {
  OpenDay d;
  if (auto prev = lastDayClose(db, kiosk_id)) {
    d.first_seq = prev->last_seq + 1;
    d.next_number = prev->number + 1;
  }
  d.last_seq = std::max(lastKioskSeq(db, kiosk_id), d.first_seq - 1);
  auto entries = dayEntries(db, kiosk_id, d.first_seq, d.last_seq);
  if (!entries) return err(entries.error());
  d.summary = core::summarizeDay(*entries);
  return d;
}

LedgerResult<DayCloseRow> closeDay(Database& db, std::string_view kiosk_id,
                                   std::string_view staff_name, std::int64_t now_ms) {
  if (!core::validStaffName(staff_name)) return failWith(LedgerError::BadInput, "no staff name");
  auto tx = Transaction::begin(db);
  if (!tx) return failStorage(tx.error());
  auto open = openDay(db, kiosk_id);
  if (!open) return failStorage(open.error());
  DayCloseRow c;
  c.kiosk_id = std::string(kiosk_id);
  c.number = open->next_number;
  c.day = core::chinaDay(now_ms);
  c.first_seq = open->first_seq;
  c.last_seq = open->last_seq;
  if (c.last_seq >= 1) {
    auto h = entryHash(db, kiosk_id, c.last_seq);
    if (!h) return failWith(LedgerError::UnknownEntry, "the last entry of the day is missing");
    c.head_hash = *h;
  }
  c.summary = core::encodeDaySummary(open->summary);
  c.staff_name = std::string(staff_name);
  c.closed_at_ms = now_ms;
  auto st = db.cached(std::string("INSERT INTO day_closes (") + kCloseColumns +
                      ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, c.kiosk_id).bind(2, c.number).bind(3, c.day).bind(4, c.first_seq);
  st->bind(5, c.last_seq).bindBlob(6, c.head_hash.data(), c.head_hash.size());
  st->bind(7, c.summary).bind(8, c.staff_name).bind(9, c.closed_at_ms);
  if (auto r = st->run(); !r) return failStorage(r.error());
  if (auto r = (*tx)->commit(); !r) return failStorage(r.error());
  return c;
}

LedgerResult<bool> recordDayClose(Database& db, const DayCloseRow& c) {
  if (c.kiosk_id.empty() || c.kiosk_id.size() > 64 || c.number < 1 ||
      !core::chinaDayStartMs(c.day) || c.first_seq < 1 || c.last_seq < c.first_seq - 1 ||
      !core::validStaffName(c.staff_name) || !core::parseDaySummary(c.summary)) {
    return failWith(LedgerError::BadInput, "a malformed day close");
  }
  if (auto held = dayClose(db, c.kiosk_id, c.number)) {
    if (*held == c) return false;
    return failWith(LedgerError::UuidConflict,
                core::dayCloseNumber(c.number) + " of " + c.kiosk_id + " is held with other figures");
  }
  auto st = db.cached(std::string("INSERT INTO day_closes (") + kCloseColumns +
                      ", acked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)");
  st->bind(1, c.kiosk_id).bind(2, c.number).bind(3, c.day).bind(4, c.first_seq);
  st->bind(5, c.last_seq).bindBlob(6, c.head_hash.data(), c.head_hash.size());
  st->bind(7, c.summary).bind(8, c.staff_name).bind(9, c.closed_at_ms);
  if (auto r = st->run(); !r) return failStorage(r.error());
  return true;
}

}  // namespace rc::db
