#include "db/services.h"

#include "core/rules.h"
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

std::vector<SlotRow> Services::slots(core::StationKind kind, std::int64_t from_ms,
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
  auto st = m_db.cached(
      "SELECT v.id, b.score, COALESCE(h.head_id = v.id, 0) FROM villagers v "
      "JOIN balances b ON b.villager_id = v.id JOIN households h ON h.id = v.household_id "
      "WHERE v.household_id = (SELECT household_id FROM villagers WHERE id = ?)");
  st->bind(1, villager);
  std::vector<core::HouseholdMember> members;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    members.push_back({st->columnInt(0), static_cast<int>(st->columnInt(1)), st->columnInt(2) != 0});
  }
  return core::householdEligible(members, m_ledger.settings());
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
  BookingDraft d = draft;
  if (d.uuid.empty()) d.uuid = newUuid();
  if (!validEntryId(d.uuid, kMaxParentId)) return fail(LedgerError::BadInput, "malformed booking id");
  if (d.now_ms == 0) d.now_ms = nowMs();
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
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
  auto bal = m_ledger.balance(d.villager_id);
  core::BookingContext ctx;
  ctx.now_ms = d.now_ms;
  ctx.balance_points = bal ? bal->points : 0;
  ctx.household_eligible = householdEligibleFor(d.villager_id, d.now_ms);
  ctx.age = yearOfMs(d.now_ms) - villager->birth_year;
  {
    auto st = m_db.cached(
        "SELECT h.relief, EXISTS (SELECT 1 FROM bookings WHERE slot_id = ? AND villager_id = ? "
        "AND status = 'booked') FROM households h WHERE h.id = ?");
    st->bind(1, d.slot_id).bind(2, d.villager_id).bind(3, villager->household_id);
    if (auto row = st->step(); row && *row) {
      ctx.relief_household = st->columnInt(0) != 0;
      ctx.already_booked_this_slot = st->columnInt(1) != 0;
    }
  }
  auto cost = core::checkBooking(slot, ctx, m_ledger.settings());
  if (!cost) {
    auto f = problem(LedgerError::Booking, std::string(core::toString(cost.error())));
    f.booking_problem = cost.error();
    return err(std::move(f));
  }
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
    auto r = m_ledger.appendInTransaction(e, {});
    if (!r) return err(r.error());
    entry_seq = r->entry.seq;
  }
  {
    auto st = m_db.cached(
        "INSERT INTO bookings (uuid, slot_id, villager_id, status, entry_seq, created_at_ms) "
        "VALUES (?, ?, ?, 'booked', ?, ?)");
    st->bind(1, d.uuid).bind(2, d.slot_id).bind(3, d.villager_id).bind(4, entry_seq);
    st->bind(5, d.now_ms);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  {
    auto st = m_db.cached("UPDATE slots SET booked = booked + 1 WHERE id = ?");
    st->bind(1, d.slot_id);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  auto row = bookingByUuid(d.uuid);
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  return *row;
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
  if (note.size() > kMaxReference) return fail(LedgerError::BadInput, "the note is too long");
  const std::string id = uuid.empty() ? newUuid() : uuid;
  if (!validEntryId(id, kMaxParentId)) return fail(LedgerError::BadInput, "malformed order id");
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  {
    auto st = m_db.cached(std::string(kOrderSelect) + " WHERE o.uuid = ?");
    st->bind(1, id);
    if (auto row = st->step(); row && *row) return readOrder(*st);
  }
  if (!Roster(m_db).villager(requester)) {
    return fail(LedgerError::UnknownVillager, "no villager " + std::to_string(requester));
  }
  {
    auto st = m_db.cached(
        "INSERT INTO service_orders (uuid, station_id, requester_id, state, note, "
        "requested_at_ms, updated_at_ms) SELECT ?, id, ?, 'requested', ?, ?, ? FROM stations "
        "WHERE kind = ?");
    st->bind(1, id).bind(2, requester).bind(3, note).bind(4, now_ms).bind(5, now_ms);
    st->bind(6, core::toString(kind));
    if (auto r = st->run(); !r) return storage(r.error());
    if (m_db.changes() != 1) return fail(LedgerError::NotFound, "no such station");
  }
  const auto order_id = m_db.lastInsertRowid();
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  return *order(order_id);
}

LedgerResult<OrderRow> Services::actOnOrder(std::int64_t order_id, core::OrderAction action,
                                            const core::OrderActor& actor, int minutes,
                                            std::int64_t now_ms) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto o = order(order_id);
  if (!o) return fail(LedgerError::NotFound, "no order " + std::to_string(order_id));
  auto next = core::applyOrderAction(o->facts, action, actor, minutes);
  if (!next) {
    auto f = problem(LedgerError::Order, std::string(core::toString(next.error())));
    f.order_problem = next.error();
    return err(std::move(f));
  }
  std::optional<std::int64_t> entry_seq = o->entry_seq;
  core::VillagerId claimer = o->facts.claimer;
  int done_minutes = o->minutes;
  switch (action) {
    case core::OrderAction::Claim: claimer = actor.id; break;
    case core::OrderAction::Unclaim: claimer = 0; break;
    case core::OrderAction::Complete: done_minutes = minutes; break;
    case core::OrderAction::Confirm: {
      const auto& s = m_ledger.settings();
      EntryDraft e;
      e.uuid = derivedId(o->uuid, "hours");
      e.villager_id = claimer;
      e.kind = core::EntryKind::VolunteerHours;
      e.score_delta = core::volunteerScore(done_minutes, s);
      e.points_delta = core::volunteerPoints(done_minutes, s);
      e.reference = "order:" + std::to_string(o->id);
      e.detail = "minutes=" + std::to_string(done_minutes);
      e.at_ms = now_ms;
      // Under an hour earns nothing; the order is still confirmed.
      if (e.score_delta != 0 || e.points_delta != 0) {
        auto r = m_ledger.appendInTransaction(e, {});
        if (!r) return err(r.error());
        entry_seq = r->entry.seq;
      }
      break;
    }
    case core::OrderAction::Cancel: break;
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
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
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

}  // namespace rc::db
