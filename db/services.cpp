#include "db/services.h"

#include <algorithm>
#include <cstdio>

#include "core/rules.h"
#include "core/text.h"
#include "db/reports.h"
#include "db/service_order_lists.h"
#include "db/uuid.h"

namespace rc::db {
namespace {

LedgerFailure problem(LedgerError code, std::string message) {
  LedgerFailure f;
  f.code = code;
  f.message = std::move(message);
  return f;
}
Err<LedgerFailure> fail(LedgerError code, std::string message) {
  return err(problem(code, std::move(message)));
}
Err<LedgerFailure> storage(const DbError& e) { return fail(LedgerError::Storage, e.message); }

int yearOfMs(std::int64_t ms) { return core::monthOfMs(ms).year; }

constexpr std::int64_t kDayMs = 24 * 3'600'000;
constexpr std::int64_t kChinaOffsetMs = 8 * 3'600'000;
// 00:00 China Standard Time of the day `ms` falls in.
std::int64_t chinaDayStart(std::int64_t ms) {
  const std::int64_t local = ms + kChinaOffsetMs;
  const std::int64_t day = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
  return day * kDayMs - kChinaOffsetMs;
}

Err<LedgerFailure> bookingRefused(core::BookingError why) {
  auto f = problem(LedgerError::Booking, std::string(core::toString(why)));
  f.booking_problem = why;
  return err(std::move(f));
}
Err<LedgerFailure> orderRefused(core::OrderError why) {
  auto f = problem(LedgerError::Order, std::string(core::toString(why)));
  f.order_problem = why;
  return err(std::move(f));
}

// The id of an entry that follows from a booking or order (its cancellation, its hours):
// the parent's id with a suffix, which fits because parents are capped at kMaxParentId.
std::string derivedId(const std::string& parent, std::string_view suffix) {
  return parent + ":" + std::string(suffix);
}
constexpr std::size_t kMaxParentId = 48;

constexpr const char* kOrderSelect =
    "SELECT o.id, o.uuid, s.kind, o.state, o.requester_id, COALESCE(o.claimer_id, 0), o.note, "
    "COALESCE(o.minutes, 0), o.entry_seq FROM service_orders o JOIN stations s ON s.id = "
    "o.station_id";

OrderRow readOrder(const Statement& st) {
  OrderRow o;
  o.id = st.columnInt(0);
  o.uuid = st.columnText(1);
  o.station = core::stationKindFromString(st.columnTextView(2)).value_or(core::StationKind::Errand);
  o.facts.state = core::orderStateFromString(st.columnTextView(3)).value_or(core::OrderState::Cancelled);
  o.facts.requester = st.columnInt(4);
  o.facts.claimer = st.columnInt(5);
  o.note = st.columnText(6);
  o.minutes = static_cast<int>(st.columnInt(7));
  if (!st.columnIsNull(8)) o.entry_seq = st.columnInt(8);
  return o;
}

}  // namespace

Result<std::int64_t, DbError> Services::addStation(core::StationKind kind, const std::string& name) {
  auto st = m_db.cached("INSERT INTO stations (kind, name) VALUES (?, ?)");
  st->bind(1, core::toString(kind)).bind(2, name);
  if (auto r = st->run(); !r) return err(r.error());
  return m_db.lastInsertRowid();
}

Result<std::int64_t, DbError> Services::addSlot(core::StationKind kind, std::int64_t start_ms,
                                                int capacity, int points_cost) {
  auto st = m_db.cached(
      "INSERT INTO slots (station_id, start_ms, capacity, points_cost) "
      "SELECT id, ?, ?, ? FROM stations WHERE kind = ?");
  st->bind(1, start_ms).bind(2, capacity).bind(3, points_cost).bind(4, core::toString(kind));
  if (auto r = st->run(); !r) return err(r.error());
  if (m_db.changes() != 1) return err(DbError{DbErrorCode::Constraint, "no such station"});
  return m_db.lastInsertRowid();
}

std::vector<SlotRow> Services::slotRows(core::StationKind kind, std::int64_t from_ms,
                                     std::int64_t to_ms) {
  auto st = m_db.cached(
      "SELECT sl.id, sl.start_ms, sl.capacity, sl.booked, sl.points_cost, s.name FROM slots sl "
      "JOIN stations s ON s.id = sl.station_id WHERE s.kind = ? AND sl.start_ms >= ? AND "
      "sl.start_ms < ? ORDER BY sl.start_ms");
  st->bind(1, core::toString(kind)).bind(2, from_ms).bind(3, to_ms);
  std::vector<SlotRow> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    SlotRow r;
    r.slot.id = st->columnInt(0);
    r.slot.station = kind;
    r.slot.start_ms = st->columnInt(1);
    r.slot.capacity = static_cast<int>(st->columnInt(2));
    r.slot.booked = static_cast<int>(st->columnInt(3));
    r.slot.points_cost = static_cast<int>(st->columnInt(4));
    r.station_name = st->columnText(5);
    out.push_back(std::move(r));
  }
  return out;
}

bool Services::householdEligibleFor(core::VillagerId villager, std::int64_t now_ms) {
  (void)now_ms;
  return core::householdEligible(householdMembersOf(m_db, villager), m_ledger.settings());
}

std::optional<BookingRow> Services::bookingByUuid(const std::string& uuid) {
  auto st = m_db.cached(
      "SELECT b.id, b.uuid, b.slot_id, b.villager_id, b.status, COALESCE(-e.points_delta, 0) "
      "FROM bookings b LEFT JOIN entries e ON e.seq = b.entry_seq WHERE b.uuid = ?");
  st->bind(1, uuid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return BookingRow{st->columnInt(0), st->columnText(1), st->columnInt(2), st->columnInt(3),
                    st->columnTextView(4) == "cancelled", static_cast<int>(st->columnInt(5))};
}

LedgerResult<BookingRow> Services::book(const BookingDraft& draft) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto r = bookInTransaction(draft, false);
  if (!r) return r;
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  return r;
}

LedgerResult<BookingRow> Services::bookInTransaction(const BookingDraft& draft,
                                                     bool allow_overdraft) {
  BookingDraft d = draft;
  if (d.uuid.empty()) d.uuid = newUuid();
  if (!validEntryId(d.uuid, kMaxParentId)) return fail(LedgerError::BadInput, "malformed booking id");
  if (d.ticket.size() > 16 || !core::validUtf8(d.ticket)) {
    return fail(LedgerError::BadInput, "malformed ticket");
  }
  if (d.now_ms == 0) d.now_ms = nowMs();
  if (auto existing = bookingByUuid(d.uuid)) {
    if (existing->villager_id != d.villager_id || existing->slot_id != d.slot_id) {
      return fail(LedgerError::UuidConflict, "booking " + d.uuid + " exists with other content");
    }
    return *existing;
  }
  core::Slot slot;
  {
    auto st = m_db.cached(
        "SELECT sl.id, s.kind, sl.start_ms, sl.capacity, sl.booked, sl.points_cost FROM slots sl "
        "JOIN stations s ON s.id = sl.station_id WHERE sl.id = ?");
    st->bind(1, d.slot_id);
    auto row = st->step();
    if (!row) return storage(row.error());
    if (!*row) return fail(LedgerError::NotFound, "no slot " + std::to_string(d.slot_id));
    slot.id = st->columnInt(0);
    slot.station = core::stationKindFromString(st->columnTextView(1)).value_or(core::StationKind::Laundry);
    slot.start_ms = st->columnInt(2);
    slot.capacity = static_cast<int>(st->columnInt(3));
    slot.booked = static_cast<int>(st->columnInt(4));
    slot.points_cost = static_cast<int>(st->columnInt(5));
  }
  Roster roster(m_db);
  auto villager = roster.villager(d.villager_id);
  if (!villager) return fail(LedgerError::UnknownVillager, "no villager " + std::to_string(d.villager_id));
  if (d.booked_by != 0) {
    if (d.booked_by == d.villager_id || !roster.villager(d.booked_by) || !isVolunteer(m_db, d.booked_by)) {
      return fail(LedgerError::BadInput, "only a volunteer books for someone else");
    }
  }
  auto bal = m_ledger.balance(d.villager_id);
  core::BookingContext ctx;
  ctx.now_ms = d.now_ms;
  ctx.balance_points = bal ? static_cast<int>(std::clamp<std::int64_t>(bal->points, -core::kMaxBalance, core::kMaxBalance)) : 0;
  ctx.household_eligible = householdEligibleFor(d.villager_id, d.now_ms);
  ctx.age = yearOfMs(d.now_ms) - villager->birth_year;
  {
    // Farm machinery serves the household: one booking per household per slot.
    auto st = m_db.cached(
        "SELECT h.relief, EXISTS (SELECT 1 FROM bookings b JOIN villagers bv ON bv.id = "
        "b.villager_id WHERE b.slot_id = ?1 AND b.status = 'booked' AND (b.villager_id = ?2 OR "
        "(?4 AND bv.household_id = h.id))) FROM households h WHERE h.id = ?3");
    st->bind(1, d.slot_id).bind(2, d.villager_id).bind(3, villager->household_id);
    st->bind(4, core::bookedPerHousehold(slot.station) ? 1 : 0);
    if (auto row = st->step(); row && *row) {
      ctx.relief_household = st->columnInt(0) != 0;
      ctx.already_booked_this_slot = st->columnInt(1) != 0;
    }
  }
  auto cost = core::checkBooking(slot, ctx, m_ledger.settings());
  if (!cost) return bookingRefused(cost.error());
  std::optional<std::int64_t> entry_seq;
  if (*cost > 0) {
    EntryDraft e;
    e.uuid = d.uuid;
    e.kiosk_id = d.kiosk_id;
    e.kiosk_seq = d.kiosk_seq;
    e.villager_id = d.villager_id;
    e.kind = core::EntryKind::Booking;
    e.points_delta = -*cost;
    e.reference = "slot:" + std::to_string(slot.id);
    e.at_ms = d.now_ms;
    auto r = m_ledger.appendInTransaction(e, {.allow_overdraft = allow_overdraft});
    if (!r) return err(r.error());
    entry_seq = r->entry.seq;
  }
  std::string ticket = d.ticket;
  if (ticket.empty()) {
    auto next = m_db.cached("SELECT COALESCE(MAX(id), 0) + 1 FROM bookings");
    auto row = next->step();
    if (!row) return storage(row.error());
    ticket = ticketNumber(slot.station, next->columnInt(0));
  }
  {
    auto st = m_db.cached(
        "INSERT INTO bookings (uuid, slot_id, villager_id, status, entry_seq, created_at_ms, "
        "booked_by, ticket, kiosk_id) VALUES (?, ?, ?, 'booked', ?, ?, ?, ?, ?)");
    st->bind(1, d.uuid).bind(2, d.slot_id).bind(3, d.villager_id).bind(4, entry_seq);
    st->bind(5, d.now_ms);
    if (d.booked_by != 0) {
      st->bind(6, d.booked_by);
    } else {
      st->bindNull(6);
    }
    st->bind(7, ticket).bind(8, d.kiosk_id);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  {
    auto st = m_db.cached("UPDATE slots SET booked = booked + 1 WHERE id = ?");
    st->bind(1, d.slot_id);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  return *bookingByUuid(d.uuid);
}

LedgerResult<BookingRow> Services::cancelBooking(const std::string& booking_uuid,
                                                 const std::string& reason, std::int64_t now_ms) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto b = bookingByUuid(booking_uuid);
  if (!b) return fail(LedgerError::NotFound, "no booking " + booking_uuid);
  if (b->cancelled) return *b;  // cancelling twice changes nothing
  std::optional<std::int64_t> paid_entry;
  {
    auto st = m_db.cached("SELECT entry_seq FROM bookings WHERE id = ?");
    st->bind(1, b->id);
    if (auto row = st->step(); row && *row && !st->columnIsNull(0)) paid_entry = st->columnInt(0);
  }
  if (paid_entry) {
    // The void gives the points and the place back (Ledger::voidEntry).
    VoidDraft v;
    v.uuid = derivedId(booking_uuid, "cancel");
    v.kiosk_id = m_kiosk_id;
    v.target_seq = *paid_entry;
    v.reason = reason.empty() ? "booking cancelled" : reason;
    v.at_ms = now_ms;
    auto r = m_ledger.voidEntry(v);
    if (!r) return err(r.error());
  } else {
    auto st = m_db.cached("UPDATE bookings SET status = 'cancelled' WHERE id = ?");
    st->bind(1, b->id);
    if (auto r = st->run(); !r) return storage(r.error());
    auto upd = m_db.cached("UPDATE slots SET booked = booked - 1 WHERE id = ?");
    upd->bind(1, b->slot_id);
    if (auto r = upd->run(); !r) return storage(r.error());
  }
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  b->cancelled = true;
  return *b;
}

LedgerResult<OrderRow> Services::requestOrder(const std::string& uuid, core::StationKind kind,
                                              core::VillagerId requester, const std::string& note,
                                              std::int64_t now_ms) {
  NewOrder o;
  o.uuid = uuid.empty() ? newUuid() : uuid;
  o.station = kind;
  o.requester = requester;
  o.note = note;
  o.now_ms = now_ms;
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto r = requestInTransaction(o, std::string(kOfficeKioskId), 0, {}, false);
  if (!r) return r;
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  return r;
}

LedgerResult<OrderRow> Services::requestInTransaction(const NewOrder& o,
                                                      const std::string& kiosk_id,
                                                      std::int64_t kiosk_seq,
                                                      const std::string& given_ticket,
                                                      bool allow_overdraft) {
  const std::string id = o.uuid;
  if (!validEntryId(id, kMaxParentId)) return fail(LedgerError::BadInput, "malformed order id");
  if (o.note.size() > kMaxReference) return fail(LedgerError::BadInput, "the note is too long");
  if (given_ticket.size() > 16 || !core::validUtf8(given_ticket)) {
    return fail(LedgerError::BadInput, "malformed ticket");
  }
  const std::int64_t now_ms = o.now_ms == 0 ? nowMs() : o.now_ms;
  if (auto existing = orderByUuid(id)) {
    if (existing->facts.requester != o.requester || existing->station != o.station) {
      return fail(LedgerError::UuidConflict, "order " + id + " exists with other content");
    }
    return *existing;
  }
  std::int64_t station_id = 0;
  {
    auto st = m_db.cached("SELECT id FROM stations WHERE kind = ?");
    st->bind(1, core::toString(o.station));
    auto row = st->step();
    if (!row) return storage(row.error());
    if (!*row || !core::isOrderStation(o.station)) {
      return fail(LedgerError::NotFound, "no such station");
    }
    station_id = st->columnInt(0);
  }
  Roster roster(m_db);
  if (!roster.villager(o.requester)) {
    return fail(LedgerError::UnknownVillager, "no villager " + std::to_string(o.requester));
  }
  if (o.booked_by != 0 &&
      (o.booked_by == o.requester || !roster.villager(o.booked_by) || !isVolunteer(m_db, o.booked_by))) {
    return fail(LedgerError::BadInput, "only a volunteer asks for someone else");
  }
  if (!core::validOrderNote(o.station, o.note)) {
    return fail(LedgerError::BadInput, "a request's note is one or more of its station's presets");
  }
  const int points = core::requestPoints(o.station, m_ledger.settings());
  std::optional<std::int64_t> pay_seq;
  if (points > 0) {
    EntryDraft e;
    e.uuid = id;
    e.kiosk_id = kiosk_id;
    e.kiosk_seq = kiosk_seq;
    e.villager_id = o.requester;
    e.kind = core::EntryKind::Booking;
    e.points_delta = -points;
    e.reference = "order:" + id;
    e.at_ms = now_ms;
    auto r = m_ledger.appendInTransaction(e, {.allow_overdraft = allow_overdraft});
    if (!r) return err(r.error());
    pay_seq = r->entry.seq;
  }
  std::string ticket = given_ticket;
  if (ticket.empty()) {
    auto next = m_db.cached("SELECT COALESCE(MAX(id), 0) + 1 FROM service_orders");
    auto row = next->step();
    if (!row) return storage(row.error());
    ticket = ticketNumber(o.station, next->columnInt(0));
  }
  {
    auto st = m_db.cached(
        "INSERT INTO service_orders (uuid, station_id, requester_id, state, note, "
        "requested_at_ms, updated_at_ms, booked_by, ticket, kiosk_id, points, pay_entry_seq) "
        "VALUES (?, ?, ?, 'requested', ?, ?, ?, ?, ?, ?, ?, ?)");
    st->bind(1, id).bind(2, station_id).bind(3, o.requester).bind(4, o.note);
    st->bind(5, now_ms).bind(6, now_ms);
    if (o.booked_by != 0) {
      st->bind(7, o.booked_by);
    } else {
      st->bindNull(7);
    }
    st->bind(8, ticket).bind(9, kiosk_id).bind(10, points).bind(11, pay_seq);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  return *order(m_db.lastInsertRowid());
}

LedgerResult<OrderRow> Services::actOnOrder(std::int64_t order_id, core::OrderAction action,
                                            const core::OrderActor& actor, int minutes,
                                            std::int64_t now_ms) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto r = actInTransaction(order_id, action, actor, minutes, now_ms);
  if (!r) return r;
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  return r;
}

LedgerResult<OrderRow> Services::actInTransaction(std::int64_t order_id, core::OrderAction action,
                                                  const core::OrderActor& actor, int minutes,
                                                  std::int64_t now_ms) {
  if (now_ms == 0) now_ms = nowMs();
  auto o = order(order_id);
  if (!o) return fail(LedgerError::NotFound, "no order " + std::to_string(order_id));
  auto next = core::applyOrderAction(o->facts, action, actor, minutes);
  if (!next) return orderRefused(next.error());
  std::optional<std::int64_t> entry_seq = o->entry_seq;
  core::VillagerId claimer = o->facts.claimer;
  int done_minutes = o->minutes;
  switch (action) {
    case core::OrderAction::Claim: claimer = actor.id; break;
    case core::OrderAction::Unclaim: claimer = 0; break;
    case core::OrderAction::Complete: done_minutes = minutes; break;
    case core::OrderAction::Confirm: {
      // The office credits the hours from the confirmed order; a kiosk never pushes credit.
      const auto credit = core::volunteerCredit(done_minutes, m_ledger.settings());
      EntryDraft e;
      e.uuid = derivedId(o->uuid, "hours");
      e.villager_id = claimer;
      e.kind = core::EntryKind::VolunteerHours;
      e.score_delta = credit.score;
      e.points_delta = credit.points;
      e.reference = "order:" + std::to_string(o->id);
      e.detail = "minutes=" + std::to_string(done_minutes);
      e.at_ms = now_ms;
      // Under an hour earns nothing; the order is still confirmed.
      if (!credit.none()) {
        auto r = m_ledger.appendInTransaction(e, {});
        if (!r) return err(r.error());
        entry_seq = r->entry.seq;
      }
      break;
    }
    case core::OrderAction::Cancel: {
      // The request's points come back.
      auto st = m_db.cached("SELECT pay_entry_seq FROM service_orders WHERE id = ?");
      st->bind(1, order_id);
      auto row = st->step();
      if (!row) return storage(row.error());
      if (*row && !st->columnIsNull(0)) {
        VoidDraft v;
        v.uuid = derivedId(o->uuid, "refund");
        v.kiosk_id = m_kiosk_id;
        v.target_seq = st->columnInt(0);
        v.reason = "request cancelled";
        v.at_ms = now_ms;
        auto r = m_ledger.voidEntry(v);
        if (!r) return err(r.error());
      }
      break;
    }
  }
  {
    auto st = m_db.cached(
        "UPDATE service_orders SET state = ?, claimer_id = ?, minutes = ?, entry_seq = ?, "
        "updated_at_ms = ? WHERE id = ?");
    st->bind(1, core::toString(*next));
    if (claimer != 0) {
      st->bind(2, claimer);
    } else {
      st->bindNull(2);
    }
    st->bind(3, done_minutes).bind(4, entry_seq).bind(5, now_ms).bind(6, order_id);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  return *order(order_id);
}

std::optional<OrderRow> Services::order(std::int64_t id) {
  auto st = m_db.cached(std::string(kOrderSelect) + " WHERE o.id = ?");
  st->bind(1, id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readOrder(*st);
}

std::vector<OrderRow> Services::orders(std::optional<core::OrderState> state) {
  auto st = m_db.cached(std::string(kOrderSelect) +
                        " WHERE (? IS NULL OR o.state = ?) ORDER BY o.id");
  if (state) {
    st->bind(1, core::toString(*state)).bind(2, core::toString(*state));
  } else {
    st->bindNull(1).bindNull(2);
  }
  std::vector<OrderRow> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readOrder(*st));
  }
  return out;
}

std::optional<OrderRow> Services::orderByUuid(const std::string& uuid) {
  auto st = m_db.cached(std::string(kOrderSelect) + " WHERE o.uuid = ?");
  st->bind(1, uuid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readOrder(*st);
}

// ---- free functions ----------------------------------------------------------------------

std::string bookingNoticeId(const std::string& booking_uuid) { return "booking:" + booking_uuid; }
std::string claimNoticeId(const std::string& order_uuid, core::VillagerId volunteer) {
  return "claim:" + order_uuid + ":" + std::to_string(volunteer);
}

bool isVolunteer(Database& db, core::VillagerId id) {
  auto st = db.cached(
      "SELECT party_member = 1 OR EXISTS (SELECT 1 FROM team_members WHERE villager_id = ?1) "
      "FROM villagers WHERE id = ?1");
  st->bind(1, id);
  auto row = st->step();
  return row && *row && st->columnInt(0) != 0;
}

std::string ticketNumber(core::StationKind station, std::int64_t n) {
  char letter = 'S';
  switch (station) {
    case core::StationKind::Supermarket: letter = 'S'; break;
    case core::StationKind::Laundry: letter = 'L'; break;
    case core::StationKind::Haircut: letter = 'H'; break;
    case core::StationKind::Repair: letter = 'R'; break;
    case core::StationKind::Errand: letter = 'E'; break;
    case core::StationKind::FarmMachinery: letter = 'F'; break;
    case core::StationKind::WarmCanteen: letter = 'C'; break;
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c-%04lld", letter,
                static_cast<long long>(((n % 10000) + 10000) % 10000));
  return buf;
}

std::vector<core::HouseholdMember> householdMembersOf(Database& db, core::VillagerId villager) {
  auto st = db.cached(
      "SELECT v.id, COALESCE(b.score, 1000), COALESCE(h.head_id = v.id, 0) FROM villagers v "
      "LEFT JOIN balances b ON b.villager_id = v.id JOIN households h ON h.id = v.household_id "
      "WHERE v.household_id = (SELECT household_id FROM villagers WHERE id = ?) ORDER BY v.id");
  st->bind(1, villager);
  std::vector<core::HouseholdMember> members;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    members.push_back({st->columnInt(0), static_cast<int>(st->columnInt(1)), st->columnInt(2) != 0});
  }
  return members;
}

// ---- views ---------------------------------------------------------------------------------

namespace {

constexpr const char* kBookingViewSelect =
    "SELECT b.uuid, b.ticket, b.slot_id, s.kind, s.name, sl.start_ms, b.villager_id, v.name, "
    "COALESCE(b.booked_by, 0), COALESCE(bv.name, ''), COALESCE(-e.points_delta, 0), b.status, "
    "b.refused FROM bookings b JOIN slots sl ON sl.id = b.slot_id JOIN stations s ON "
    "s.id = sl.station_id JOIN villagers v ON v.id = b.villager_id LEFT JOIN villagers bv ON "
    "bv.id = b.booked_by LEFT JOIN entries e ON e.seq = b.entry_seq";

BookingView readBookingView(const Statement& st, std::int64_t now_ms, const core::Settings& s) {
  BookingView v;
  v.uuid = st.columnText(0);
  v.ticket = st.columnText(1);
  v.slot_id = st.columnInt(2);
  v.station = core::stationKindFromString(st.columnTextView(3)).value_or(core::StationKind::Laundry);
  v.station_name = st.columnText(4);
  v.start_ms = st.columnInt(5);
  v.villager_id = st.columnInt(6);
  v.villager_name = st.columnText(7);
  v.booked_by = st.columnInt(8);
  v.booked_by_name = st.columnText(9);
  v.points = static_cast<int>(st.columnInt(10));
  const bool booked = st.columnTextView(11) == "booked";
  v.state = booked ? BookingState::Booked
                   : (st.columnInt(12) != 0 ? BookingState::Refused : BookingState::Cancelled);
  v.cancellable = booked && core::bookingCancellable(v.start_ms, now_ms, s);
  return v;
}

constexpr const char* kOrderViewSelect =
    "SELECT o.uuid, o.ticket, s.kind, o.state, o.requester_id, rv.name, COALESCE(g.name, ''), "
    "COALESCE(o.claimer_id, 0), COALESCE(cv.name, ''), o.note, COALESCE(o.minutes, 0), "
    "o.points, o.requested_at_ms FROM service_orders o JOIN stations s ON s.id = o.station_id "
    "JOIN villagers rv ON rv.id = o.requester_id JOIN households h ON h.id = rv.household_id "
    "LEFT JOIN grids g ON g.id = h.grid_id LEFT JOIN villagers cv ON cv.id = o.claimer_id ";

OrderView readOrderView(const Statement& st) {
  OrderView v;
  v.uuid = st.columnText(0);
  v.ticket = st.columnText(1);
  v.station = core::stationKindFromString(st.columnTextView(2)).value_or(core::StationKind::Errand);
  v.state = core::orderStateFromString(st.columnTextView(3)).value_or(core::OrderState::Cancelled);
  v.requester = st.columnInt(4);
  v.requester_name = st.columnText(5);
  v.requester_grid = st.columnText(6);
  v.claimer = st.columnInt(7);
  v.claimer_name = st.columnText(8);
  v.note = st.columnText(9);
  v.minutes = static_cast<int>(st.columnInt(10));
  v.points = static_cast<int>(st.columnInt(11));
  v.requested_ms = st.columnInt(12);
  return v;
}

}  // namespace

std::optional<BookingView> Services::bookingView(const std::string& uuid, std::int64_t now_ms) {
  auto st = m_db.cached(std::string(kBookingViewSelect) + " WHERE b.uuid = ?");
  st->bind(1, uuid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readBookingView(*st, now_ms == 0 ? nowMs() : now_ms, m_ledger.settings());
}

std::vector<BookingView> Services::bookingsBetween(std::int64_t from_ms, std::int64_t to_ms) {
  auto st = m_db.cached(std::string(kBookingViewSelect) +
                        " WHERE sl.start_ms >= ? AND sl.start_ms < ? ORDER BY sl.start_ms, s.kind, "
                        "b.created_at_ms, b.id");
  st->bind(1, from_ms).bind(2, to_ms);
  std::vector<BookingView> out;
  const auto now = nowMs();
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readBookingView(*st, now, m_ledger.settings()));
  }
  return out;
}

std::optional<OrderView> Services::orderView(const std::string& uuid) {
  auto st = m_db.cached(std::string(kOrderViewSelect) + "WHERE o.uuid = ?");
  st->bind(1, uuid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readOrderView(*st);
}

std::vector<OrderView> Services::orderViewsWhere(const std::string& where, core::VillagerId who) {
  auto st = m_db.cached(std::string(kOrderViewSelect) + where);
  if (who != 0) st->bind(1, who);
  std::vector<OrderView> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readOrderView(*st));
  }
  return out;
}

std::vector<OrderView> Services::orderViews(std::optional<core::OrderState> state) {
  if (!state) return orderViewsWhere("ORDER BY o.requested_at_ms, o.id", 0);
  const std::string where =
      "WHERE o.state = '" + std::string(core::toString(*state)) + "' ORDER BY o.requested_at_ms, o.id";
  return orderViewsWhere(where, 0);
}

// ---- db::ServiceDesk -----------------------------------------------------------------------

std::vector<StationView> Services::stations() {
  auto st = m_db.cached("SELECT kind, name FROM stations ORDER BY id");
  std::vector<StationView> all;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    auto kind = core::stationKindFromString(st->columnTextView(0));
    if (!kind || *kind == core::StationKind::Supermarket) continue;
    all.push_back({*kind, st->columnText(1)});
  }
  if (m_offered.empty()) return all;
  std::vector<StationView> out;
  for (auto k : m_offered) {
    auto it = std::find_if(all.begin(), all.end(), [&](const StationView& v) { return v.kind == k; });
    if (it != all.end()) out.push_back(*it);
  }
  return out;
}

std::vector<SlotView> Services::slots(core::StationKind kind, std::int64_t from_ms,
                                      std::int64_t to_ms) {
  std::vector<SlotView> out;
  for (auto& r : slotRows(kind, from_ms, to_ms)) {
    SlotView v;
    v.slot = r.slot;
    v.station_name = std::move(r.station_name);
    v.free_places = std::max(0, r.slot.capacity - r.slot.booked);
    // The office's own file is the authority: every free place is bookable here.
    v.free_offline = v.free_places;
    out.push_back(std::move(v));
  }
  return out;
}

LedgerResult<BookingView> Services::book(const NewBooking& b) {
  BookingDraft d;
  d.uuid = b.uuid.empty() ? newUuid() : b.uuid;
  d.villager_id = b.villager_id;
  d.booked_by = b.booked_by;
  d.slot_id = b.slot_id;
  d.now_ms = b.now_ms == 0 ? nowMs() : b.now_ms;
  d.kiosk_id = m_kiosk_id;
  auto r = book(d);
  if (!r) return err(r.error());
  auto v = bookingView(r->uuid, d.now_ms);
  if (!v) return fail(LedgerError::NotFound, "no booking " + r->uuid);
  return *v;
}

LedgerResult<BookingView> Services::cancelBooking(const std::string& booking_uuid,
                                                  std::int64_t now_ms) {
  if (now_ms == 0) now_ms = nowMs();
  auto v = bookingView(booking_uuid, now_ms);
  if (!v) return fail(LedgerError::NotFound, "no booking " + booking_uuid);
  if (v->state != BookingState::Booked) return *v;
  if (!core::bookingCancellable(v->start_ms, now_ms, m_ledger.settings())) {
    return bookingRefused(core::BookingError::TooLateToCancel);
  }
  auto r = cancelBooking(booking_uuid, "cancelled by the villager", now_ms);
  if (!r) return err(r.error());
  return *bookingView(booking_uuid, now_ms);
}

LedgerResult<BookingView> Services::voidBooking(const std::string& booking_uuid,
                                                const std::string& reason, std::int64_t now_ms) {
  if (now_ms == 0) now_ms = nowMs();
  if (!bookingView(booking_uuid, now_ms)) return fail(LedgerError::NotFound, "no booking " + booking_uuid);
  auto r = cancelBooking(booking_uuid, reason, now_ms);
  if (!r) return err(r.error());
  return *bookingView(booking_uuid, now_ms);
}

std::vector<BookingView> Services::bookingsOf(core::VillagerId villager, std::int64_t now_ms) {
  if (now_ms == 0) now_ms = nowMs();
  // Today's and later bookings; one the office refused stays until its notice is acknowledged.
  auto st = m_db.cached(std::string(kBookingViewSelect) +
                        " WHERE b.villager_id = ? AND sl.start_ms >= ? AND (b.status = 'booked' "
                        "OR (b.refused = 1 AND EXISTS (SELECT 1 FROM notices n WHERE n.id = "
                        "'booking:' || b.uuid AND n.acknowledged_at_ms IS NULL))) "
                        "ORDER BY sl.start_ms, b.id");
  st->bind(1, villager).bind(2, chinaDayStart(now_ms));
  std::vector<BookingView> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readBookingView(*st, now_ms, m_ledger.settings()));
  }
  return out;
}

std::vector<HouseholdShortfall> Services::householdShortfall(core::VillagerId villager) {
  const auto members = householdMembersOf(m_db, villager);
  std::vector<HouseholdShortfall> out;
  Roster roster(m_db);
  for (const auto& s : core::householdShortfall(members, m_ledger.settings())) {
    auto v = roster.villager(s.villager_id);
    out.push_back({s.villager_id, v ? v->name : std::string(), s.score, s.below_by});
  }
  return out;
}

LedgerResult<OrderView> Services::requestOrder(const NewOrder& o) {
  NewOrder n = o;
  if (n.uuid.empty()) n.uuid = newUuid();
  if (n.now_ms == 0) n.now_ms = nowMs();
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto r = requestInTransaction(n, m_kiosk_id, 0, {}, false);
  if (!r) return err(r.error());
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  return *orderView(r->uuid);
}

LedgerResult<OrderView> Services::actOnOrder(const std::string& order_uuid,
                                             core::OrderAction action,
                                             const core::OrderActor& actor, int minutes,
                                             std::int64_t now_ms) {
  auto o = orderByUuid(order_uuid);
  if (!o) return fail(LedgerError::NotFound, "no order " + order_uuid);
  if (action == core::OrderAction::Claim && !actor.staff && !isVolunteer(m_db, actor.id)) {
    return orderRefused(core::OrderError::NotVolunteer);
  }
  auto r = actOnOrder(o->id, action, actor, minutes, now_ms);
  if (!r) return err(r.error());
  return *orderView(order_uuid);
}

std::vector<OrderView> Services::openOrders(core::VillagerId volunteer) {
  return orderViewsWhere(kOpenOrdersWhere, volunteer);
}

std::vector<OrderView> Services::doneOrders() { return orderViewsWhere(kDoneOrdersWhere, 0); }

std::vector<OrderView> Services::claimedBy(core::VillagerId volunteer) {
  return orderViewsWhere(kClaimedByWhere, volunteer);
}

std::vector<OrderView> Services::requestsOf(core::VillagerId villager) {
  return orderViewsWhere(kRequestsOfWhere, villager);
}

int Services::volunteerMinutesThisMonth(core::VillagerId villager, std::int64_t now_ms) {
  const auto month = core::monthOfMs(now_ms == 0 ? nowMs() : now_ms);
  return volunteerMinutesOf(m_db, villager, month);
}

std::vector<Notice> Services::noticesFor(core::VillagerId villager) {
  auto st = m_db.cached(
      "SELECT id, kind, villager_id, station, about_ms, points_refunded, other_name FROM notices "
      "WHERE villager_id = ? AND acknowledged_at_ms IS NULL ORDER BY created_at_ms, id");
  st->bind(1, villager);
  std::vector<Notice> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    Notice n;
    n.id = st->columnText(0);
    n.kind = st->columnTextView(1) == "claim_lost" ? NoticeKind::ClaimLost : NoticeKind::BookingRefused;
    n.villager_id = st->columnInt(2);
    n.station = core::stationKindFromString(st->columnTextView(3)).value_or(core::StationKind::Laundry);
    n.about_ms = st->columnInt(4);
    n.points_refunded = static_cast<int>(st->columnInt(5));
    n.other_name = st->columnText(6);
    out.push_back(std::move(n));
  }
  return out;
}

void Services::acknowledge(const std::string& notice_id) {
  auto st = m_db.cached(
      "UPDATE notices SET acknowledged_at_ms = ? WHERE id = ? AND acknowledged_at_ms IS NULL");
  st->bind(1, nowMs()).bind(2, notice_id);
  (void)st->run();
}

DbStatus Services::addNotice(const Notice& n, std::int64_t now_ms) {
  auto st = m_db.cached(
      "INSERT INTO notices (id, kind, villager_id, station, about_ms, points_refunded, "
      "other_name, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING");
  st->bind(1, n.id).bind(2, n.kind == NoticeKind::ClaimLost ? "claim_lost" : "booking_refused");
  st->bind(3, n.villager_id).bind(4, core::toString(n.station)).bind(5, n.about_ms);
  st->bind(6, n.points_refunded).bind(7, n.other_name).bind(8, now_ms);
  return st->run();
}

DbStatus Services::noteProblem(std::string_view problem_kind, const std::string& subject_uuid,
                               core::VillagerId villager, const std::string& kiosk_id,
                               const std::string& note, std::int64_t now_ms) {
  auto st = m_db.cached(
      "INSERT INTO service_reconciliation (problem, subject_uuid, villager_id, kiosk_id, note, "
      "noted_at_ms) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING");
  st->bind(1, problem_kind).bind(2, subject_uuid).bind(3, villager).bind(4, kiosk_id);
  st->bind(5, note).bind(6, now_ms);
  return st->run();
}

std::string Services::gridName(core::VillagerId villager) {
  return Roster(m_db).gridNameOf(villager);
}

}  // namespace rc::db
