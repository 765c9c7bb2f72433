#pragma once
// An in-memory db::ServiceDesk over the demo village's roster and balances, for the kiosk's
// screen and flow tests: the screens reach the hub only through the interface, so a double of
// it shows that they ask, show and refuse as they should. The real desks (db::Services on the
// office's file, the KioskJournal's on a synced kiosk) have their own tests in tests/db; the
// end-to-end sessions run on them. The rules are core's own (core::checkBooking,
// core::applyOrderAction, core::householdEligible), so refusals here are the real refusals.
// Thread-safety: one thread at a time (the kiosk's DB worker, or the test after it settled).

#include <algorithm>
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/rules.h"
#include "core/services.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/service_desk.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/kiosk_data.h"

namespace rc::kiosk::test {

class FakeServiceDesk : public db::ServiceDesk {
 public:
  struct Person {
    std::string name;
    core::HouseholdId household = 0;
    std::string grid;
    int birth_year = 1960;
    int score = core::kBaseScore;
    int points = 0;
    bool is_head = false;
  };

  FakeServiceDesk(db::Database& d, core::Settings settings, std::int64_t now_ms)
      : m_settings(std::move(settings)), m_now(now_ms) {
    db::Roster roster(d);
    db::Ledger ledger(d, m_settings);
    std::map<core::HouseholdId, bool> relief;
    for (const auto& h : roster.households()) relief[h.id] = h.relief;
    for (const auto& v : roster.villagers()) {
      Person p;
      p.name = v.name;
      p.household = v.household_id;
      p.grid = "第" + std::to_string(v.grid_id) + "网格";
      p.birth_year = v.birth_year;
      p.is_head = v.is_head;
      if (const auto b = ledger.balance(v.id)) {
        p.score = static_cast<int>(b->score);
        p.points = static_cast<int>(b->points);
      }
      m_people[v.id] = p;
      m_relief[v.id] = relief[v.household_id];
    }
    m_stations = {{core::StationKind::Laundry, "净衣社"},
                  {core::StationKind::FarmMachinery, "三秋农机服务"},
                  {core::StationKind::WarmCanteen, "暖心食堂"},
                  {core::StationKind::Haircut, "理发"},
                  {core::StationKind::Repair, "修理"},
                  {core::StationKind::Errand, "跑腿"}};
  }

  // ---- set-up -----------------------------------------------------------------------------
  std::int64_t addSlot(core::StationKind kind, std::int64_t start_ms, int capacity, int cost,
                       int offline_share = -1) {
    core::Slot s;
    s.id = static_cast<std::int64_t>(m_slots.size()) + 101;
    s.station = kind;
    s.start_ms = start_ms;
    s.capacity = capacity;
    s.points_cost = cost;
    m_slots.push_back(s);
    m_offline_share[s.id] = offline_share < 0 ? capacity : offline_share;
    return s.id;
  }
  // Another kiosk (or the office) took `n` places of the slot.
  void takePlaces(std::int64_t slot_id, int n) {
    if (core::Slot* s = slot(slot_id)) s->booked += n;
  }
  std::string addOrder(core::StationKind kind, core::VillagerId requester, const std::string& note,
                       std::int64_t at_ms) {
    db::OrderView o;
    o.uuid = "order-" + std::to_string(m_orders.size() + 1);
    o.ticket = "R-" + std::to_string(31 + m_orders.size());
    o.station = kind;
    o.requester = requester;
    o.requester_name = m_people[requester].name;
    o.requester_grid = m_people[requester].grid;
    o.note = note;
    o.requested_ms = at_ms;
    m_orders.push_back(o);
    return o.uuid;
  }
  db::OrderView& order(const std::string& uuid) {
    for (auto& o : m_orders) {
      if (o.uuid == uuid) return o;
    }
    return m_orders.front();
  }
  void addNotice(db::Notice n) { m_notices.push_back(std::move(n)); }
  void setCancelCutoff(std::int64_t ms_before_start) { m_cutoff = ms_before_start; }
  void setStations(std::vector<db::StationView> s) { m_stations = std::move(s); }
  const Person& person(core::VillagerId id) { return m_people[id]; }
  void setPoints(core::VillagerId id, int points) { m_people[id].points = points; }
  void setMinutes(core::VillagerId id, int minutes) { m_minutes[id] = minutes; }

  // ---- what the tests read back -------------------------------------------------------------
  std::vector<db::BookingView> bookings;  // every booking made, cancelled ones included
  std::vector<db::OrderView>& orders() { return m_orders; }
  std::set<std::string> acknowledged;
  std::vector<bool> reachable_seen;  // office_reachable of each book() call
  std::int64_t clock_shift = 0;      // added to the booking's clock: time passing on screen

  // ---- db::ServiceDesk ----------------------------------------------------------------------
  std::vector<db::StationView> stations() override { return m_stations; }

  std::vector<db::SlotView> slots(core::StationKind kind, std::int64_t from_ms,
                                  std::int64_t to_ms) override {
    std::vector<db::SlotView> out;
    for (const auto& s : m_slots) {
      if (s.station != kind || s.start_ms < from_ms || s.start_ms >= to_ms) continue;
      db::SlotView v;
      v.slot = s;
      v.station_name = nameOf(kind);
      v.free_places = std::max(0, s.capacity - s.booked);
      v.free_offline = std::max(0, m_offline_share[s.id] - s.booked);
      out.push_back(v);
    }
    std::sort(out.begin(), out.end(),
              [](const auto& a, const auto& b) { return a.slot.start_ms < b.slot.start_ms; });
    return out;
  }

  db::LedgerResult<db::BookingView> book(const db::NewBooking& b) override {
    reachable_seen.push_back(b.office_reachable);
    for (const auto& x : bookings) {
      if (!b.uuid.empty() && x.uuid == b.uuid) return x;
    }
    core::Slot* s = slot(b.slot_id);
    if (!s) return failure(db::LedgerError::NotFound, std::nullopt);
    const Person& p = m_people[b.villager_id];
    core::BookingContext ctx;
    ctx.now_ms = (b.now_ms != 0 ? b.now_ms : m_now) + clock_shift;
    ctx.balance_points = p.points;
    ctx.household_eligible = householdEligible(p.household);
    ctx.age = 2026 - p.birth_year;
    ctx.relief_household = m_relief[b.villager_id];
    for (const auto& x : bookings) {
      if (x.slot_id != s->id || x.state != db::BookingState::Booked) continue;
      // The farm machinery: one booking per household per slot.
      const bool same = s->station == core::StationKind::FarmMachinery
                            ? m_people[x.villager_id].household == p.household
                            : x.villager_id == b.villager_id;
      ctx.already_booked_this_slot = ctx.already_booked_this_slot || same;
    }
    const auto cost = core::checkBooking(*s, ctx, m_settings);
    if (!cost) return failure(db::LedgerError::Booking, cost.error());
    if (!b.office_reachable && s->booked >= m_offline_share[s->id]) {
      return failure(db::LedgerError::Booking, core::BookingError::SlotFull);
    }
    ++s->booked;
    m_people[b.villager_id].points -= cost.value();
    db::BookingView v;
    v.uuid = b.uuid.empty() ? "booking-" + std::to_string(bookings.size() + 1) : b.uuid;
    v.ticket = "L-" + std::to_string(412 + bookings.size());
    v.slot_id = s->id;
    v.station = s->station;
    v.station_name = nameOf(s->station);
    v.start_ms = s->start_ms;
    v.villager_id = b.villager_id;
    v.villager_name = p.name;
    v.booked_by = b.booked_by;
    if (b.booked_by != 0) v.booked_by_name = m_people[b.booked_by].name;
    v.points = cost.value();
    v.cancellable = true;
    bookings.push_back(v);
    return v;
  }

  db::LedgerResult<db::BookingView> cancelBooking(const std::string& uuid,
                                                  std::int64_t now_ms) override {
    for (auto& x : bookings) {
      if (x.uuid != uuid) continue;
      if (x.state != db::BookingState::Booked || (now_ms != 0 ? now_ms : m_now) > x.start_ms - m_cutoff) {
        return failure(db::LedgerError::Booking, core::BookingError::SlotInPast);
      }
      x.state = db::BookingState::Cancelled;
      x.cancellable = false;
      if (core::Slot* s = slot(x.slot_id)) --s->booked;
      m_people[x.villager_id].points += x.points;
      return x;
    }
    return failure(db::LedgerError::NotFound, std::nullopt);
  }

  db::LedgerResult<db::BookingView> voidBooking(const std::string& uuid, const std::string&,
                                                std::int64_t) override {
    for (auto& x : bookings) {
      if (x.uuid != uuid) continue;
      if (x.state != db::BookingState::Booked) return x;
      x.state = db::BookingState::Cancelled;
      x.cancellable = false;
      if (core::Slot* s = slot(x.slot_id)) --s->booked;
      m_people[x.villager_id].points += x.points;
      return x;
    }
    return failure(db::LedgerError::NotFound, std::nullopt);
  }

  std::vector<db::BookingView> bookingsOf(core::VillagerId villager, std::int64_t) override {
    std::vector<db::BookingView> out;
    for (const auto& x : bookings) {
      if (x.villager_id == villager && x.state == db::BookingState::Booked) out.push_back(x);
    }
    return out;
  }

  std::vector<db::HouseholdShortfall> householdShortfall(core::VillagerId villager) override {
    std::vector<db::HouseholdShortfall> out;
    const auto household = m_people[villager].household;
    for (const auto& [id, p] : m_people) {
      if (p.household != household || p.score >= m_settings.welfare_threshold) continue;
      out.push_back({id, p.name, p.score, m_settings.welfare_threshold - p.score});
    }
    return out;
  }

  db::LedgerResult<db::OrderView> requestOrder(const db::NewOrder& o) override {
    for (const auto& x : m_orders) {
      if (!o.uuid.empty() && x.uuid == o.uuid) return x;
    }
    const std::string uuid = addOrder(o.station, o.requester, o.note, o.now_ms != 0 ? o.now_ms : m_now);
    auto& made = order(uuid);
    if (!o.uuid.empty()) made.uuid = o.uuid;
    return made;
  }

  db::LedgerResult<db::OrderView> actOnOrder(const std::string& uuid, core::OrderAction action,
                                             const core::OrderActor& actor, int minutes,
                                             std::int64_t) override {
    for (auto& o : m_orders) {
      if (o.uuid != uuid) continue;
      const auto next = core::applyOrderAction({o.state, o.requester, o.claimer}, action, actor, minutes);
      if (!next) {
        db::LedgerFailure f;
        f.code = db::LedgerError::Order;
        f.order_problem = next.error();
        return rc::err(std::move(f));
      }
      o.state = next.value();
      if (action == core::OrderAction::Claim) {
        o.claimer = actor.id;
        o.claimer_name = m_people[actor.id].name;
      } else if (action == core::OrderAction::Unclaim) {
        o.claimer = 0;
        o.claimer_name.clear();
      } else if (action == core::OrderAction::Complete) {
        o.minutes = minutes;
      } else if (action == core::OrderAction::Confirm) {
        m_minutes[o.claimer] += o.minutes;
      }
      return o;
    }
    return failure(db::LedgerError::NotFound, std::nullopt);
  }

  std::vector<db::OrderView> openOrders(core::VillagerId volunteer) override {
    std::vector<db::OrderView> out;
    for (const auto& o : m_orders) {
      if (o.state == core::OrderState::Requested) out.push_back(o);
    }
    const std::string grid = m_people[volunteer].grid;
    std::stable_sort(out.begin(), out.end(), [&](const auto& a, const auto& b) {
      const bool ga = a.requester_grid == grid;
      const bool gb = b.requester_grid == grid;
      return ga != gb ? ga : a.requested_ms < b.requested_ms;
    });
    return out;
  }

  std::vector<db::OrderView> doneOrders() override {
    std::vector<db::OrderView> out;
    for (const auto& o : m_orders) {
      if (o.state == core::OrderState::Done) out.push_back(o);
    }
    return out;
  }

  std::vector<db::OrderView> claimedBy(core::VillagerId volunteer) override {
    std::vector<db::OrderView> out;
    for (const auto& o : m_orders) {
      if (o.claimer == volunteer &&
          (o.state == core::OrderState::Claimed || o.state == core::OrderState::Done)) {
        out.push_back(o);
      }
    }
    return out;
  }

  std::vector<db::OrderView> requestsOf(core::VillagerId villager) override {
    std::vector<db::OrderView> out;
    for (const auto& o : m_orders) {
      if (o.requester == villager && o.state != core::OrderState::Confirmed &&
          o.state != core::OrderState::Cancelled) {
        out.push_back(o);
      }
    }
    return out;
  }

  int volunteerMinutesThisMonth(core::VillagerId villager, std::int64_t) override {
    return m_minutes[villager];
  }

  std::vector<db::Notice> noticesFor(core::VillagerId villager) override {
    std::vector<db::Notice> out;
    for (const auto& n : m_notices) {
      if (n.villager_id == villager && !acknowledged.count(n.id)) out.push_back(n);
    }
    return out;
  }
  void acknowledge(const std::string& id) override { acknowledged.insert(id); }

  std::string gridName(core::VillagerId villager) override { return m_people[villager].grid; }

 private:
  static rc::Err<db::LedgerFailure> failure(db::LedgerError code,
                                            std::optional<core::BookingError> why) {
    db::LedgerFailure f;
    f.code = code;
    f.booking_problem = why;
    return rc::err(std::move(f));
  }
  core::Slot* slot(std::int64_t id) {
    for (auto& s : m_slots) {
      if (s.id == id) return &s;
    }
    return nullptr;
  }
  std::string nameOf(core::StationKind kind) const {
    for (const auto& s : m_stations) {
      if (s.kind == kind) return s.name;
    }
    return {};
  }
  bool householdEligible(core::HouseholdId household) {
    std::vector<core::HouseholdMember> members;
    for (const auto& [id, p] : m_people) {
      if (p.household == household) members.push_back({id, p.score, p.is_head});
    }
    return core::householdEligible(members, m_settings);
  }

  core::Settings m_settings;
  std::int64_t m_now = 0;
  std::int64_t m_cutoff = 3'600'000;  // an hour before the start
  std::map<core::VillagerId, Person> m_people;
  std::map<core::VillagerId, bool> m_relief;
  std::vector<db::StationView> m_stations;
  std::vector<core::Slot> m_slots;
  std::map<std::int64_t, int> m_offline_share;
  std::vector<db::OrderView> m_orders;
  std::vector<db::Notice> m_notices;
  std::map<core::VillagerId, int> m_minutes;
};

// The kiosk owns its desk; the test keeps the fake to look at it afterwards.
class DeskRef : public db::ServiceDesk {
 public:
  explicit DeskRef(db::ServiceDesk& d) : m_d(d) {}
  std::vector<db::StationView> stations() override { return m_d.stations(); }
  std::vector<db::SlotView> slots(core::StationKind k, std::int64_t f, std::int64_t t) override {
    return m_d.slots(k, f, t);
  }
  db::LedgerResult<db::BookingView> book(const db::NewBooking& b) override { return m_d.book(b); }
  db::LedgerResult<db::BookingView> cancelBooking(const std::string& u, std::int64_t n) override {
    return m_d.cancelBooking(u, n);
  }
  std::vector<db::BookingView> bookingsOf(core::VillagerId v, std::int64_t n) override {
    return m_d.bookingsOf(v, n);
  }
  std::vector<db::HouseholdShortfall> householdShortfall(core::VillagerId v) override {
    return m_d.householdShortfall(v);
  }
  db::LedgerResult<db::OrderView> requestOrder(const db::NewOrder& o) override {
    return m_d.requestOrder(o);
  }
  db::LedgerResult<db::OrderView> actOnOrder(const std::string& u, core::OrderAction a,
                                             const core::OrderActor& actor, int m,
                                             std::int64_t n) override {
    return m_d.actOnOrder(u, a, actor, m, n);
  }
  std::vector<db::OrderView> openOrders(core::VillagerId v) override { return m_d.openOrders(v); }
  std::vector<db::OrderView> claimedBy(core::VillagerId v) override { return m_d.claimedBy(v); }
  std::vector<db::OrderView> doneOrders() override { return m_d.doneOrders(); }
  db::LedgerResult<db::BookingView> voidBooking(const std::string& u, const std::string& r,
                                                std::int64_t n) override {
    return m_d.voidBooking(u, r, n);
  }
  std::vector<db::OrderView> requestsOf(core::VillagerId v) override { return m_d.requestsOf(v); }
  int volunteerMinutesThisMonth(core::VillagerId v, std::int64_t n) override {
    return m_d.volunteerMinutesThisMonth(v, n);
  }
  std::vector<db::Notice> noticesFor(core::VillagerId v) override { return m_d.noticesFor(v); }
  void acknowledge(const std::string& id) override { m_d.acknowledge(id); }
  std::string gridName(core::VillagerId v) override { return m_d.gridName(v); }

 private:
  db::ServiceDesk& m_d;
};

inline ServiceDeskFactory factoryFor(db::ServiceDesk& desk) {
  return [&desk](db::Ledger&, db::KioskJournal*) -> std::unique_ptr<db::ServiceDesk> {
    return std::make_unique<DeskRef>(desk);
  };
}

}  // namespace rc::kiosk::test
