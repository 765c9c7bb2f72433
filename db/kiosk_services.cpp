// KioskServices. Section index: views · stations and slots · bookings · requests · notices
#include "db/kiosk_services.h"

#include <algorithm>

#include "core/rules.h"
#include "core/text.h"
#include "db/roster.h"
#include "db/service_order_lists.h"
#include "db/services.h"
#include "db/uuid.h"

namespace rc::db {
namespace {

constexpr std::size_t kMaxParentId = 48;
constexpr std::int64_t kDayMs = 24 * 3'600'000;
constexpr std::int64_t kChinaOffsetMs = 8 * 3'600'000;

std::int64_t chinaDayStart(std::int64_t ms) {
  const std::int64_t local = ms + kChinaOffsetMs;
  const std::int64_t day = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
  return day * kDayMs - kChinaOffsetMs;
}

Err<LedgerFailure> fail(LedgerError code, std::string message) {
  LedgerFailure f;
  f.code = code;
  f.message = std::move(message);
  return err(std::move(f));
}
Err<LedgerFailure> storage(const DbError& e) { return fail(LedgerError::Storage, e.message); }
Err<LedgerFailure> bookingRefused(core::BookingError why) {
  LedgerFailure f;
  f.code = LedgerError::Booking;
  f.message = std::string(core::toString(why));
  f.booking_problem = why;
  return err(std::move(f));
}
Err<LedgerFailure> orderRefused(core::OrderError why) {
  LedgerFailure f;
  f.code = LedgerError::Order;
  f.message = std::string(core::toString(why));
  f.order_problem = why;
  return err(std::move(f));
}

// A slot's places as this kiosk knows them: the office's count plus this kiosk's own bookings
// the office has not yet counted.
constexpr const char* kSlotSelect =
    "SELECT sl.id, s.kind, sl.start_ms, sl.capacity, sl.booked + (SELECT count(*) FROM "
    "kiosk_bookings k WHERE k.slot_id = sl.id AND k.pending = 1 AND k.state = 'booked'), "
    "sl.points_cost, s.name, (SELECT count(*) FROM kiosk_bookings k WHERE k.slot_id = sl.id AND "
    "k.pending = 1 AND k.offline = 1 AND k.state = 'booked') FROM slots sl JOIN stations s ON "
    "s.id = sl.station_id ";

SlotView readSlot(const Statement& st, const core::Settings& s) {
  SlotView v;
  v.slot.id = st.columnInt(0);
  v.slot.station = core::stationKindFromString(st.columnTextView(1)).value_or(core::StationKind::Laundry);
  v.slot.start_ms = st.columnInt(2);
  v.slot.capacity = static_cast<int>(st.columnInt(3));
  v.slot.booked = static_cast<int>(st.columnInt(4));
  v.slot.points_cost = static_cast<int>(st.columnInt(5));
  v.station_name = st.columnText(6);
  v.free_places = std::max(0, v.slot.capacity - v.slot.booked);
  v.free_offline = core::offlineBookable(v.slot, static_cast<int>(st.columnInt(7)), s);
  return v;
}

constexpr const char* kBookingSelect =
    "SELECT k.uuid, k.ticket, k.slot_id, s.kind, s.name, sl.start_ms, k.villager_id, v.name, "
    "k.booked_by, COALESCE(bv.name, ''), k.points, k.state FROM kiosk_bookings k JOIN slots sl ON "
    "sl.id = k.slot_id JOIN stations s ON s.id = sl.station_id JOIN villagers v ON v.id = "
    "k.villager_id LEFT JOIN villagers bv ON bv.id = k.booked_by ";

BookingView readBooking(const Statement& st, std::int64_t now_ms, const core::Settings& s) {
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
  const auto state = st.columnTextView(11);
  v.state = state == "booked" ? BookingState::Booked
                              : state == "refused" ? BookingState::Refused : BookingState::Cancelled;
  v.cancellable = v.state == BookingState::Booked && core::bookingCancellable(v.start_ms, now_ms, s);
  return v;
}

constexpr const char* kOrderSelect =
    "SELECT o.uuid, o.ticket, o.station, o.state, o.requester_id, rv.name, COALESCE(g.name, ''), "
    "o.claimer_id, COALESCE(cv.name, ''), o.note, o.minutes, o.points, o.requested_at_ms, "
    "o.pending FROM kiosk_orders o JOIN villagers rv ON rv.id = o.requester_id JOIN households h "
    "ON h.id = rv.household_id LEFT JOIN grids g ON g.id = h.grid_id LEFT JOIN villagers cv ON "
    "cv.id = o.claimer_id ";

OrderView readOrder(const Statement& st) {
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
  v.pending = st.columnInt(13) != 0;
  return v;
}

}  // namespace

// ---- views ---------------------------------------------------------------------------------

std::optional<SlotView> KioskServices::slotView(std::int64_t slot_id) {
  auto st = m_db.cached(std::string(kSlotSelect) + "WHERE sl.id = ?");
  st->bind(1, slot_id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readSlot(*st, m_ledger.settings());
}

std::optional<BookingView> KioskServices::bookingView(const std::string& uuid, std::int64_t now_ms) {
  auto st = m_db.cached(std::string(kBookingSelect) + "WHERE k.uuid = ?");
  st->bind(1, uuid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readBooking(*st, now_ms, m_ledger.settings());
}

std::optional<OrderView> KioskServices::orderView(const std::string& uuid) {
  auto st = m_db.cached(std::string(kOrderSelect) + "WHERE o.uuid = ?");
  st->bind(1, uuid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readOrder(*st);
}

std::vector<OrderView> KioskServices::orderViews(const std::string& where, core::VillagerId who) {
  auto st = m_db.cached(std::string(kOrderSelect) + where);
  st->bind(1, who);
  std::vector<OrderView> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readOrder(*st));
  }
  return out;
}

std::vector<core::HouseholdMember> KioskServices::members(core::VillagerId villager) {
  auto st = m_db.cached(
      "SELECT v.id, COALESCE(b.score, 1000), COALESCE(h.head_id = v.id, 0) FROM villagers v "
      "LEFT JOIN office_balances b ON b.villager_id = v.id JOIN households h ON h.id = "
      "v.household_id WHERE v.household_id = (SELECT household_id FROM villagers WHERE id = ?) "
      "ORDER BY v.id");
  st->bind(1, villager);
  std::vector<core::HouseholdMember> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back({st->columnInt(0), static_cast<int>(st->columnInt(1)), st->columnInt(2) != 0});
  }
  return out;
}

bool KioskServices::volunteer(core::VillagerId id) {
  auto st = m_db.cached(
      "SELECT party_member = 1 OR EXISTS (SELECT 1 FROM office_volunteers WHERE villager_id = ?1) "
      "FROM villagers WHERE id = ?1");
  st->bind(1, id);
  auto row = st->step();
  return row && *row && st->columnInt(0) != 0;
}

// ---- stations and slots --------------------------------------------------------------------

std::vector<StationView> KioskServices::stations() {
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

std::vector<SlotView> KioskServices::slots(core::StationKind kind, std::int64_t from_ms,
                                           std::int64_t to_ms) {
  auto st = m_db.cached(std::string(kSlotSelect) +
                        "WHERE s.kind = ? AND sl.start_ms >= ? AND sl.start_ms < ? ORDER BY sl.start_ms");
  st->bind(1, core::toString(kind)).bind(2, from_ms).bind(3, to_ms);
  std::vector<SlotView> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readSlot(*st, m_ledger.settings()));
  }
  return out;
}

// ---- bookings ------------------------------------------------------------------------------

LedgerResult<BookingView> KioskServices::book(const NewBooking& b) {
  const std::string uuid = b.uuid.empty() ? newUuid() : b.uuid;
  const std::int64_t now = b.now_ms == 0 ? nowMs() : b.now_ms;
  if (!validEntryId(uuid, kMaxParentId)) return fail(LedgerError::BadInput, "malformed booking id");
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  if (auto existing = bookingView(uuid, now)) {
    if (existing->villager_id != b.villager_id || existing->slot_id != b.slot_id) {
      return fail(LedgerError::UuidConflict, "booking " + uuid + " exists with other content");
    }
    return *existing;
  }
  auto slot = slotView(b.slot_id);
  if (!slot) return fail(LedgerError::NotFound, "no slot " + std::to_string(b.slot_id));
  Roster roster(m_db);
  auto villager = roster.villager(b.villager_id);
  if (!villager) return fail(LedgerError::UnknownVillager, "no villager " + std::to_string(b.villager_id));
  if (b.booked_by != 0 && (b.booked_by == b.villager_id || !volunteer(b.booked_by))) {
    return fail(LedgerError::BadInput, "only a volunteer books for someone else");
  }
  const auto& settings = m_ledger.settings();
  core::BookingContext ctx;
  ctx.now_ms = now;
  ctx.balance_points = static_cast<int>(
      std::clamp<std::int64_t>(m_journal.standing(b.villager_id).points, -core::kMaxBalance, core::kMaxBalance));
  ctx.household_eligible = core::householdEligible(members(b.villager_id), settings);
  ctx.age = core::monthOfMs(now).year - villager->birth_year;
  {
    auto st = m_db.cached(
        "SELECT h.relief, EXISTS (SELECT 1 FROM kiosk_bookings k JOIN villagers kv ON kv.id = "
        "k.villager_id WHERE k.slot_id = ?1 AND k.state = 'booked' AND (k.villager_id = ?2 OR "
        "(?4 AND kv.household_id = h.id))) FROM households h WHERE h.id = ?3");
    st->bind(1, b.slot_id).bind(2, b.villager_id).bind(3, villager->household_id);
    st->bind(4, core::bookedPerHousehold(slot->slot.station) ? 1 : 0);
    if (auto row = st->step(); row && *row) {
      ctx.relief_household = st->columnInt(0) != 0;
      ctx.already_booked_this_slot = st->columnInt(1) != 0;
    }
  }
  auto cost = core::checkBooking(slot->slot, ctx, settings);
  if (!cost) return bookingRefused(cost.error());
  // Without the office, only the kiosk's share of the slot; the last places need the office.
  if (!b.office_reachable && slot->free_offline <= 0) {
    return bookingRefused(core::BookingError::OfficeUnreachable);
  }
  std::int64_t entry_seq = 0;
  if (*cost > 0) {
    EntryDraft e;
    e.uuid = uuid;
    e.kiosk_id = m_journal.kioskId();
    e.villager_id = b.villager_id;
    e.kind = core::EntryKind::Booking;
    e.points_delta = -*cost;
    e.reference = "slot:" + std::to_string(slot->slot.id);
    e.at_ms = now;
    // The kiosk's own balances hold its entries only; the standing above is the limit.
    auto r = m_ledger.appendInTransaction(e, {.allow_overdraft = true});
    if (!r) return err(r.error());
    entry_seq = r->entry.kiosk_seq;
  }
  std::string ticket;
  {
    auto st = m_db.cached("SELECT count(*) + 1 FROM kiosk_bookings WHERE pending = 1 OR ticket LIKE 'K%'");
    auto row = st->step();
    if (!row) return storage(row.error());
    ticket = "K" + ticketNumber(slot->slot.station, st->columnInt(0));
  }
  {
    auto st = m_db.cached(
        "INSERT INTO kiosk_bookings (uuid, ticket, slot_id, villager_id, booked_by, points, state, "
        "created_at_ms, pending, offline) VALUES (?, ?, ?, ?, ?, ?, 'booked', ?, 1, ?)");
    st->bind(1, uuid).bind(2, ticket).bind(3, b.slot_id).bind(4, b.villager_id);
    st->bind(5, b.booked_by).bind(6, *cost).bind(7, now).bind(8, b.office_reachable ? 0 : 1);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  ServiceEvent ev;
  ev.uuid = uuid + ":book";
  ev.kind = ServiceEventKind::Book;
  ev.subject = uuid;
  ev.villager_id = b.villager_id;
  ev.booked_by = b.booked_by;
  ev.slot_id = b.slot_id;
  ev.station = slot->slot.station;
  ev.points = *cost;
  ev.ticket = ticket;
  ev.entry_kiosk_seq = entry_seq;
  ev.at_ms = now;
  if (auto r = m_journal.recordServiceEvent(ev); !r) return storage(r.error());
  if (auto c = (*tx)->commit(); !c) return storage(c.error());
  return *bookingView(uuid, now);
}

LedgerResult<BookingView> KioskServices::cancelBooking(const std::string& booking_uuid,
                                                       std::int64_t now_ms) {
  return cancel(booking_uuid, now_ms, {});
}

LedgerResult<BookingView> KioskServices::voidBooking(const std::string& booking_uuid,
                                                     const std::string& reason,
                                                     std::int64_t now_ms) {
  return cancel(booking_uuid, now_ms, reason.empty() ? "voided by staff" : reason);
}

LedgerResult<BookingView> KioskServices::cancel(const std::string& booking_uuid,
                                                std::int64_t now_ms,
                                                const std::string& staff_reason) {
  const std::int64_t now = now_ms == 0 ? nowMs() : now_ms;
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto v = bookingView(booking_uuid, now);
  if (!v) return fail(LedgerError::NotFound, "no booking " + booking_uuid);
  if (v->state != BookingState::Booked) return *v;
  if (staff_reason.empty() && !core::bookingCancellable(v->start_ms, now, m_ledger.settings())) {
    return bookingRefused(core::BookingError::TooLateToCancel);
  }
  std::int64_t void_seq = 0;
  // Points this kiosk took come back by its own void; others' the office gives back.
  if (auto paid = m_ledger.entryByUuid(booking_uuid);
      paid && paid->kiosk_id == m_journal.kioskId() && paid->kind == core::EntryKind::Booking) {
    VoidDraft d;
    d.uuid = booking_uuid + ":cancel";
    d.kiosk_id = m_journal.kioskId();
    d.target_seq = paid->seq;
    d.reason = staff_reason.empty() ? "booking cancelled" : staff_reason;
    d.at_ms = now;
    auto r = m_ledger.voidEntry(d);
    if (!r) return err(r.error());
    void_seq = r->entry.kiosk_seq;
  }
  {
    auto st = m_db.cached("UPDATE kiosk_bookings SET state = 'cancelled', pending = 1 WHERE uuid = ?");
    st->bind(1, booking_uuid);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  ServiceEvent ev;
  ev.uuid = booking_uuid + ":cancel";
  ev.kind = ServiceEventKind::CancelBooking;
  ev.subject = booking_uuid;
  ev.villager_id = v->villager_id;
  ev.slot_id = v->slot_id;
  ev.station = v->station;
  ev.entry_kiosk_seq = void_seq;
  ev.at_ms = now;
  if (auto r = m_journal.recordServiceEvent(ev); !r) return storage(r.error());
  if (auto c = (*tx)->commit(); !c) return storage(c.error());
  return *bookingView(booking_uuid, now);
}

std::vector<BookingView> KioskServices::bookingsOf(core::VillagerId villager, std::int64_t now_ms) {
  const std::int64_t now = now_ms == 0 ? nowMs() : now_ms;
  auto st = m_db.cached(std::string(kBookingSelect) +
                        "WHERE k.villager_id = ? AND sl.start_ms >= ? AND (k.state = 'booked' OR "
                        "(k.state = 'refused' AND EXISTS (SELECT 1 FROM notices n WHERE n.id = "
                        "'booking:' || k.uuid AND n.acknowledged_at_ms IS NULL))) "
                        "ORDER BY sl.start_ms, k.uuid");
  st->bind(1, villager).bind(2, chinaDayStart(now));
  std::vector<BookingView> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readBooking(*st, now, m_ledger.settings()));
  }
  return out;
}

std::vector<HouseholdShortfall> KioskServices::householdShortfall(core::VillagerId villager) {
  std::vector<HouseholdShortfall> out;
  Roster roster(m_db);
  for (const auto& s : core::householdShortfall(members(villager), m_ledger.settings())) {
    auto v = roster.villager(s.villager_id);
    out.push_back({s.villager_id, v ? v->name : std::string(), s.score, s.below_by});
  }
  return out;
}

// ---- requests ------------------------------------------------------------------------------

LedgerResult<OrderView> KioskServices::requestOrder(const NewOrder& o) {
  const std::string uuid = o.uuid.empty() ? newUuid() : o.uuid;
  const std::int64_t now = o.now_ms == 0 ? nowMs() : o.now_ms;
  if (!validEntryId(uuid, kMaxParentId)) return fail(LedgerError::BadInput, "malformed order id");
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  if (auto existing = orderView(uuid)) {
    if (existing->requester != o.requester || existing->station != o.station) {
      return fail(LedgerError::UuidConflict, "order " + uuid + " exists with other content");
    }
    return *existing;
  }
  {
    auto st = m_db.cached("SELECT EXISTS (SELECT 1 FROM stations WHERE kind = ?)");
    st->bind(1, core::toString(o.station));
    auto row = st->step();
    if (!row || !*row || st->columnInt(0) == 0 || !core::isOrderStation(o.station)) {
      return fail(LedgerError::NotFound, "no such station");
    }
  }
  if (!Roster(m_db).villager(o.requester)) {
    return fail(LedgerError::UnknownVillager, "no villager " + std::to_string(o.requester));
  }
  if (o.booked_by != 0 && (o.booked_by == o.requester || !volunteer(o.booked_by))) {
    return fail(LedgerError::BadInput, "only a volunteer asks for someone else");
  }
  if (!core::validOrderNote(o.station, o.note)) {
    return fail(LedgerError::BadInput, "a request's note is one or more of its station's presets");
  }
  const int points = core::requestPoints(o.station, m_ledger.settings());
  std::int64_t entry_seq = 0;
  if (points > 0) {
    if (m_journal.standing(o.requester).points < points) {
      return fail(LedgerError::InsufficientPoints, "not enough points");
    }
    EntryDraft e;
    e.uuid = uuid;
    e.kiosk_id = m_journal.kioskId();
    e.villager_id = o.requester;
    e.kind = core::EntryKind::Booking;
    e.points_delta = -points;
    e.reference = "order:" + uuid;
    e.at_ms = now;
    auto r = m_ledger.appendInTransaction(e, {.allow_overdraft = true});
    if (!r) return err(r.error());
    entry_seq = r->entry.kiosk_seq;
  }
  std::string ticket;
  {
    auto st = m_db.cached("SELECT count(*) + 1 FROM kiosk_orders WHERE ticket LIKE 'K%'");
    auto row = st->step();
    if (!row) return storage(row.error());
    ticket = "K" + ticketNumber(o.station, st->columnInt(0));
  }
  {
    auto st = m_db.cached(
        "INSERT INTO kiosk_orders (uuid, ticket, station, state, requester_id, claimer_id, "
        "booked_by, note, minutes, points, requested_at_ms, updated_at_ms, pending) VALUES "
        "(?, ?, ?, 'requested', ?, 0, ?, ?, 0, ?, ?, ?, 1)");
    st->bind(1, uuid).bind(2, ticket).bind(3, core::toString(o.station)).bind(4, o.requester);
    st->bind(5, o.booked_by).bind(6, o.note).bind(7, points).bind(8, now).bind(9, now);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  ServiceEvent ev;
  ev.uuid = uuid + ":request";
  ev.kind = ServiceEventKind::Request;
  ev.subject = uuid;
  ev.villager_id = o.requester;
  ev.booked_by = o.booked_by;
  ev.station = o.station;
  ev.points = points;
  ev.note = o.note;
  ev.ticket = ticket;
  ev.entry_kiosk_seq = entry_seq;
  ev.at_ms = now;
  if (auto r = m_journal.recordServiceEvent(ev); !r) return storage(r.error());
  if (auto c = (*tx)->commit(); !c) return storage(c.error());
  return *orderView(uuid);
}

LedgerResult<OrderView> KioskServices::actOnOrder(const std::string& order_uuid,
                                                  core::OrderAction action,
                                                  const core::OrderActor& actor, int minutes,
                                                  std::int64_t now_ms) {
  const std::int64_t now = now_ms == 0 ? nowMs() : now_ms;
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto o = orderView(order_uuid);
  if (!o) return fail(LedgerError::NotFound, "no order " + order_uuid);
  if (action == core::OrderAction::Claim && !actor.staff && !volunteer(actor.id)) {
    return orderRefused(core::OrderError::NotVolunteer);
  }
  auto next = core::applyOrderAction({o->state, o->requester, o->claimer}, action, actor, minutes);
  if (!next) return orderRefused(next.error());
  core::VillagerId claimer = o->claimer;
  int done_minutes = o->minutes;
  if (action == core::OrderAction::Claim) claimer = actor.id;
  if (action == core::OrderAction::Unclaim) claimer = 0;
  if (action == core::OrderAction::Complete) done_minutes = minutes;
  {
    auto st = m_db.cached(
        "UPDATE kiosk_orders SET state = ?, claimer_id = ?, minutes = ?, updated_at_ms = ?, "
        "pending = 1 WHERE uuid = ?");
    st->bind(1, core::toString(*next)).bind(2, claimer).bind(3, done_minutes).bind(4, now);
    st->bind(5, order_uuid);
    if (auto r = st->run(); !r) return storage(r.error());
  }
  ServiceEvent ev;
  ev.uuid = newUuid();
  ev.kind = ServiceEventKind::OrderAction;
  ev.subject = order_uuid;
  ev.villager_id = actor.id;
  ev.station = o->station;
  ev.action = action;
  ev.staff = actor.staff;
  ev.minutes = action == core::OrderAction::Complete ? minutes : 0;
  ev.at_ms = now;
  if (auto r = m_journal.recordServiceEvent(ev); !r) return storage(r.error());
  if (auto c = (*tx)->commit(); !c) return storage(c.error());
  return *orderView(order_uuid);
}

std::vector<OrderView> KioskServices::openOrders(core::VillagerId volunteer_id) {
  return orderViews(kOpenOrdersWhere, volunteer_id);
}

std::vector<OrderView> KioskServices::doneOrders() { return orderViews(kDoneOrdersWhere, 0); }

std::vector<OrderView> KioskServices::claimedBy(core::VillagerId volunteer_id) {
  return orderViews(kClaimedByWhere, volunteer_id);
}

std::vector<OrderView> KioskServices::requestsOf(core::VillagerId villager) {
  return orderViews(kRequestsOfWhere, villager);
}

int KioskServices::volunteerMinutesThisMonth(core::VillagerId villager, std::int64_t now_ms) {
  const auto month = core::monthOfMs(now_ms == 0 ? nowMs() : now_ms);
  auto st = m_db.cached(
      "SELECT COALESCE(SUM(minutes), 0) FROM kiosk_orders WHERE claimer_id = ? AND state = "
      "'confirmed' AND pending = 0 AND updated_at_ms >= ? AND updated_at_ms < ?");
  st->bind(1, villager).bind(2, core::monthStartMs(month)).bind(3, core::monthStartMs(month.next()));
  auto row = st->step();
  return row && *row ? static_cast<int>(std::min<std::int64_t>(st->columnInt(0), 1'000'000'000)) : 0;
}

// ---- notices -------------------------------------------------------------------------------

std::vector<Notice> KioskServices::noticesFor(core::VillagerId villager) {
  // The same table as on the office's file: the pull fills it here.
  Services office_view(m_ledger);
  return office_view.noticesFor(villager);
}

void KioskServices::acknowledge(const std::string& notice_id) {
  Services office_view(m_ledger);
  office_view.acknowledge(notice_id);
}

std::string KioskServices::gridName(core::VillagerId villager) {
  return Roster(m_db).gridNameOf(villager);
}

}  // namespace rc::db
