// db::Services as the db::ServiceDesk of a kiosk on the office's own file: every station,
// every refusal with its own kind, bookings for someone else, preset requests with their
// points, and the whole volunteer loop down to the hours entry, on a real SQLite file.
#include <gtest/gtest.h>

#include <string>

#include "core/rules.h"
#include "db/services.h"
#include "village_fixture.h"

namespace rc::db {
namespace {

using core::BookingError;
using core::EntryKind;
using core::OrderAction;
using core::OrderState;
using core::StationKind;
using test::queryInt;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

core::Settings deskSettings() {
  core::Settings s;
  s.volunteer_score_per_hour = 2;
  s.volunteer_points_per_hour = 5;
  s.repair_request_points = 3;
  s.booking_cancel_cutoff_minutes = 120;
  return s;
}

class ServiceDeskTest : public test::VillageFixture {
 protected:
  ServiceDeskTest() : VillageFixture(deskSettings()) {}

  void SetUp() override {
    VillageFixture::SetUp();
    if (HasFatalFailure()) return;
    m_now = core::monthStartMs({2026, 12}) + 9 * kHourMs;  // 2026-12-01 09:00 CST
    Roster roster(m_db);
    // The first grid: a household below the threshold, one above, an elder.
    m_poor = addHousehold("东岛路2号");
    m_poorHead = addVillager(m_poor, "刘福海", 1960, true);
    m_poorSon = addVillager(m_poor, "刘小军", 1985);
    m_good = addHousehold("东岛路4号");
    m_elder = addVillager(m_good, "郭玉珍", 1950, true);  // 76
    m_young = addVillager(m_good, "郭强", 1985);
    // A party member in the first grid and a team volunteer in the second.
    Villager pm;
    pm.household_id = addHousehold("东岛路6号");
    pm.name = "刘建国";
    pm.birth_year = 1970;
    pm.party_member = true;
    m_party = *roster.addVillager(pm);
    auto grid2 = roster.addGrid("第二网格");
    ASSERT_TRUE(grid2.ok());
    auto far = roster.addHousehold(*grid2, "西岛路1号", false);
    ASSERT_TRUE(far.ok());
    Villager tv;
    tv.household_id = *far;
    tv.name = "韩志强";
    tv.birth_year = 1980;
    m_teamVolunteer = *roster.addVillager(tv);
    m_farRequester = addVillager(*far, "韩桂兰", 1948);
    auto team = roster.addTeam("巧工匠");
    ASSERT_TRUE(team.ok());
    ASSERT_TRUE(roster.addTeamMember(*team, m_teamVolunteer).ok());

    // The head of the good household earns 1010; the poor head has 998.
    mustAppend(draft(EntryKind::CouncilAward, m_elder, 10, 0));
    mustAppend(draft(EntryKind::CouncilDeduction, m_poorHead, -2, 0));
    for (auto k : {StationKind::Laundry, StationKind::FarmMachinery, StationKind::WarmCanteen,
                   StationKind::Haircut, StationKind::Repair, StationKind::Errand}) {
      ASSERT_TRUE(m_desk.addStation(k, std::string(core::toString(k)) + "站").ok());
    }
  }

  std::int64_t slot(StationKind k, std::int64_t start, int capacity, int cost) {
    auto id = m_desk.addSlot(k, start, capacity, cost);
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
    return id.ok() ? *id : 0;
  }

  NewBooking booking(core::VillagerId who, std::int64_t slot_id) {
    NewBooking b;
    b.villager_id = who;
    b.slot_id = slot_id;
    b.now_ms = m_now;
    return b;
  }

  void expectRefused(const NewBooking& b, BookingError why) {
    const auto points = balanceOf(b.villager_id).points;
    const auto entries = m_ledger.entryCount();
    auto r = m_desk.book(b);
    ASSERT_FALSE(r.ok()) << "booked; expected " << core::toString(why);
    ASSERT_TRUE(r.error().booking_problem.has_value()) << test::describe(r.error());
    EXPECT_EQ(*r.error().booking_problem, why) << core::toString(*r.error().booking_problem);
    EXPECT_EQ(balanceOf(b.villager_id).points, points);
    EXPECT_EQ(m_ledger.entryCount(), entries);
  }

  OrderView request(StationKind k, core::VillagerId who, std::string note, std::int64_t at) {
    NewOrder o;
    o.station = k;
    o.requester = who;
    o.note = std::move(note);
    o.now_ms = at;
    auto r = m_desk.requestOrder(o);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : test::describe(r.error()));
    return r.ok() ? *r : OrderView{};
  }

  int bookedOn(std::int64_t slot_id) {
    return static_cast<int>(
        queryInt(m_db, "SELECT booked FROM slots WHERE id = " + std::to_string(slot_id)).value_or(-1));
  }

  Services m_desk{m_ledger};
  std::int64_t m_now = 0;
  core::HouseholdId m_poor = 0, m_good = 0;
  core::VillagerId m_poorHead = 0, m_poorSon = 0, m_elder = 0, m_young = 0, m_party = 0,
                   m_teamVolunteer = 0, m_farRequester = 0;
};

TEST_F(ServiceDeskTest, StationsAreTheFilesOrTheKioskListInItsOrder) {
  ASSERT_TRUE(m_desk.addStation(StationKind::Supermarket, "红色信用超市").ok());
  const auto all = m_desk.stations();
  ASSERT_EQ(all.size(), 6u) << "every service station, never the supermarket";
  EXPECT_EQ(all[0].kind, StationKind::Laundry);
  EXPECT_EQ(all[0].name, "laundry站");

  Services laundryKiosk(m_ledger, {StationKind::WarmCanteen, StationKind::Laundry});
  const auto offered = laundryKiosk.stations();
  ASSERT_EQ(offered.size(), 2u);
  EXPECT_EQ(offered[0].kind, StationKind::WarmCanteen);
  EXPECT_EQ(offered[1].kind, StationKind::Laundry);
}

TEST_F(ServiceDeskTest, LaundryBookingTicketAndCancelBeforeTheCutoff) {
  fund(m_young, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 2, 15);
  auto slots = m_desk.slots(StationKind::Laundry, m_now, m_now + 7 * kDayMs);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(slots[0].free_places, 2);
  EXPECT_EQ(slots[0].free_offline, 2) << "the office's file is the authority";

  auto r = m_desk.book(booking(m_young, s));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->ticket, "L-0001");
  EXPECT_EQ(r->station, StationKind::Laundry);
  EXPECT_EQ(r->station_name, "laundry站");
  EXPECT_EQ(r->villager_name, "郭强");
  EXPECT_EQ(r->points, 15);
  EXPECT_EQ(r->state, BookingState::Booked);
  EXPECT_TRUE(r->cancellable);
  EXPECT_EQ(balanceOf(m_young).points, 35);
  EXPECT_EQ(m_desk.slots(StationKind::Laundry, m_now, m_now + 7 * kDayMs)[0].free_places, 1);

  const auto mine = m_desk.bookingsOf(m_young, m_now);
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].uuid, r->uuid);

  // After the cut-off (two hours before the start) the booking stays.
  auto late = m_desk.cancelBooking(r->uuid, m_now + kDayMs - kHourMs);
  ASSERT_FALSE(late.ok());
  ASSERT_TRUE(late.error().booking_problem.has_value());
  EXPECT_EQ(*late.error().booking_problem, BookingError::TooLateToCancel);
  EXPECT_EQ(balanceOf(m_young).points, 35);

  auto c = m_desk.cancelBooking(r->uuid, m_now + kHourMs);
  ASSERT_TRUE(c.ok()) << test::describe(c.error());
  EXPECT_EQ(c->state, BookingState::Cancelled);
  EXPECT_FALSE(c->cancellable);
  EXPECT_EQ(balanceOf(m_young).points, 50) << "points back";
  EXPECT_EQ(bookedOn(s), 0) << "place freed";
  EXPECT_TRUE(m_desk.bookingsOf(m_young, m_now).empty());
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(ServiceDeskTest, EachRefusalHasItsOwnKind) {
  fund(m_young, 5);
  fund(m_elder, 50);
  const auto full = slot(StationKind::Laundry, m_now + kDayMs, 1, 0);
  ASSERT_TRUE(m_desk.book(booking(m_elder, full)).ok());
  expectRefused(booking(m_young, full), BookingError::SlotFull);
  expectRefused(booking(m_elder, full), BookingError::AlreadyBooked);
  const auto past = slot(StationKind::Laundry, m_now - kHourMs, 4, 0);
  expectRefused(booking(m_young, past), BookingError::SlotInPast);
  const auto dear = slot(StationKind::Laundry, m_now + 2 * kDayMs, 4, 10);
  expectRefused(booking(m_young, dear), BookingError::InsufficientPoints);
  const auto farm = slot(StationKind::FarmMachinery, m_now + kDayMs, 4, 0);
  expectRefused(booking(m_poorSon, farm), BookingError::NotEligible);
  const auto canteen = slot(StationKind::WarmCanteen, m_now + kDayMs, 4, 0);
  expectRefused(booking(m_young, canteen), BookingError::NotEligible);
}

TEST_F(ServiceDeskTest, FarmMachineryNamesTheShortfallAndServesAHouseholdOnce) {
  const auto shortfall = m_desk.householdShortfall(m_poorSon);
  ASSERT_EQ(shortfall.size(), 1u) << "under the head rule, the head's score decides";
  EXPECT_EQ(shortfall[0].villager_id, m_poorHead);
  EXPECT_EQ(shortfall[0].name, "刘福海");
  EXPECT_EQ(shortfall[0].score, 998);
  EXPECT_EQ(shortfall[0].below_by, 7);
  EXPECT_TRUE(m_desk.householdShortfall(m_young).empty());

  const auto farm = slot(StationKind::FarmMachinery, m_now + kDayMs, 4, 0);
  auto r = m_desk.book(booking(m_young, farm));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->ticket.substr(0, 2), "F-");
  EXPECT_EQ(r->points, 0);
  expectRefused(booking(m_elder, farm), BookingError::AlreadyBooked);
}

TEST_F(ServiceDeskTest, WarmCanteenServesTheElderly) {
  const auto meal = slot(StationKind::WarmCanteen, m_now + 3 * kHourMs, 30, 0);
  auto r = m_desk.book(booking(m_elder, meal));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->station, StationKind::WarmCanteen);
  EXPECT_EQ(bookedOn(meal), 1);
}

TEST_F(ServiceDeskTest, AVolunteerBooksForAnElderlyVillagerWithTheVillagersPoints) {
  fund(m_elder, 40);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 2, 10);
  auto b = booking(m_elder, s);
  b.booked_by = m_party;
  auto r = m_desk.book(b);
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->villager_name, "郭玉珍");
  EXPECT_EQ(r->booked_by, m_party);
  EXPECT_EQ(r->booked_by_name, "刘建国");
  EXPECT_EQ(balanceOf(m_elder).points, 30);
  EXPECT_EQ(balanceOf(m_party).points, 0);

  // Someone who is no volunteer does not book for others.
  auto other = booking(m_elder, slot(StationKind::Laundry, m_now + 2 * kDayMs, 2, 0));
  other.booked_by = m_young;
  auto refused = m_desk.book(other);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, LedgerError::BadInput);
}

TEST_F(ServiceDeskTest, RequestsTakePresetNotesAndThePointsOfThePolicy) {
  NewOrder typed;
  typed.station = StationKind::Repair;
  typed.requester = m_elder;
  typed.note = "屋顶漏水";
  typed.now_ms = m_now;
  auto refusedNote = m_desk.requestOrder(typed);
  ASSERT_FALSE(refusedNote.ok());
  EXPECT_EQ(refusedNote.error().code, LedgerError::BadInput);

  typed.note = "修水管；修电器";
  auto poor = m_desk.requestOrder(typed);
  ASSERT_FALSE(poor.ok()) << "a repair costs 3 points; the elder has none";
  EXPECT_EQ(poor.error().code, LedgerError::InsufficientPoints);

  fund(m_elder, 10);
  const auto o = request(StationKind::Repair, m_elder, "修水管；修电器", m_now);
  EXPECT_EQ(o.ticket, "R-0001");
  EXPECT_EQ(o.points, 3);
  EXPECT_EQ(o.state, OrderState::Requested);
  EXPECT_EQ(o.requester_name, "郭玉珍");
  EXPECT_EQ(o.requester_grid, "第一网格");
  EXPECT_EQ(balanceOf(m_elder).points, 7);
  // A haircut is free by policy.
  const auto cut = request(StationKind::Haircut, m_elder, "理发", m_now + 1);
  EXPECT_EQ(cut.points, 0);
  EXPECT_EQ(m_desk.requestsOf(m_elder).size(), 2u);

  // Cancelled while unclaimed: the points come back.
  auto c = m_desk.actOnOrder(o.uuid, OrderAction::Cancel, {m_elder, false}, 0, m_now + 2);
  ASSERT_TRUE(c.ok()) << test::describe(c.error());
  EXPECT_EQ(c->state, OrderState::Cancelled);
  EXPECT_EQ(balanceOf(m_elder).points, 10);
  EXPECT_EQ(m_desk.requestsOf(m_elder).size(), 1u);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(ServiceDeskTest, TheVolunteerLoopEndsInAnHoursEntryForTheClaimer) {
  const auto far = request(StationKind::Errand, m_farRequester, "代买药", m_now);
  fund(m_elder, 3);
  const auto repair = request(StationKind::Repair, m_elder, "修水管", m_now + 2 * kHourMs);
  // Own grid first, then oldest first: the party member (first grid) sees the elder's later
  // repair before the older errand from the second grid; the team volunteer the other way.
  auto open = m_desk.openOrders(m_party);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].uuid, repair.uuid);
  EXPECT_EQ(open[1].uuid, far.uuid);
  open = m_desk.openOrders(m_teamVolunteer);
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].uuid, far.uuid);
  EXPECT_EQ(m_desk.openOrders(m_elder).size(), 1u) << "nobody sees their own request";

  auto notVolunteer = m_desk.actOnOrder(repair.uuid, OrderAction::Claim, {m_young, false}, 0, m_now);
  ASSERT_FALSE(notVolunteer.ok());
  ASSERT_TRUE(notVolunteer.error().order_problem.has_value());
  EXPECT_EQ(*notVolunteer.error().order_problem, core::OrderError::NotVolunteer);

  auto claimed = m_desk.actOnOrder(repair.uuid, OrderAction::Claim, {m_party, false}, 0, m_now + 3 * kHourMs);
  ASSERT_TRUE(claimed.ok()) << test::describe(claimed.error());
  EXPECT_EQ(claimed->claimer_name, "刘建国");
  ASSERT_EQ(m_desk.claimedBy(m_party).size(), 1u);
  EXPECT_EQ(m_desk.openOrders(m_teamVolunteer).size(), 1u);

  auto done = m_desk.actOnOrder(repair.uuid, OrderAction::Complete, {m_party, false}, 90, m_now + 4 * kHourMs);
  ASSERT_TRUE(done.ok()) << test::describe(done.error());
  EXPECT_EQ(done->state, OrderState::Done);
  EXPECT_EQ(done->minutes, 90);
  ASSERT_EQ(m_desk.requestsOf(m_elder).size(), 1u) << "done waits for the requester's confirmation";

  auto confirmed = m_desk.actOnOrder(repair.uuid, OrderAction::Confirm, {m_elder, false}, 0, m_now + 5 * kHourMs);
  ASSERT_TRUE(confirmed.ok()) << test::describe(confirmed.error());
  EXPECT_EQ(confirmed->state, OrderState::Confirmed);
  EXPECT_TRUE(m_desk.requestsOf(m_elder).empty());
  EXPECT_TRUE(m_desk.claimedBy(m_party).empty());

  auto hours = m_ledger.entryByUuid(repair.uuid + ":hours");
  ASSERT_TRUE(hours.has_value()) << "the office credits the hours on confirm";
  EXPECT_EQ(hours->kind, EntryKind::VolunteerHours);
  EXPECT_EQ(hours->villager_id, m_party);
  EXPECT_EQ(hours->score_delta, 2) << "one full hour at 2 score per hour";
  EXPECT_EQ(hours->points_delta, 5);
  EXPECT_EQ(hours->detail, "minutes=90");
  EXPECT_EQ(balanceOf(m_party).score, 1002);
  EXPECT_EQ(m_desk.volunteerMinutesThisMonth(m_party, m_now), 90);
  EXPECT_EQ(m_desk.volunteerMinutesThisMonth(m_party, m_now + 40 * kDayMs), 0);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(ServiceDeskTest, NoticesAreShownUntilAcknowledged) {
  Notice n;
  n.id = "booking:abc";
  n.kind = NoticeKind::BookingRefused;
  n.villager_id = m_young;
  n.station = StationKind::Laundry;
  n.about_ms = m_now + kDayMs;
  n.points_refunded = 15;
  ASSERT_TRUE(m_desk.addNotice(n, m_now).ok());
  ASSERT_TRUE(m_desk.addNotice(n, m_now).ok()) << "the same notice twice is one notice";
  auto shown = m_desk.noticesFor(m_young);
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].points_refunded, 15);
  EXPECT_EQ(shown[0].kind, NoticeKind::BookingRefused);
  EXPECT_TRUE(m_desk.noticesFor(m_elder).empty());
  m_desk.acknowledge(n.id);
  EXPECT_TRUE(m_desk.noticesFor(m_young).empty());
}

}  // namespace
}  // namespace rc::db
