// The service hub: slots and bookings that take points and a place, eligibility for farm
// machinery and the warm canteen, and order-style requests whose hours are credited to the
// volunteer who did the work.
#include "db/services.h"

#include <gtest/gtest.h>

#include <string>

#include "core/rules.h"
#include "village_fixture.h"

namespace rc::db {
namespace {

using core::BookingError;
using core::EntryKind;
using core::OrderAction;
using core::OrderError;
using core::OrderState;
using core::StationKind;
using test::queryInt;

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// Volunteer rates that differ from the defaults, so the test proves they come from Settings.
core::Settings hubSettings() {
  core::Settings s;
  s.volunteer_score_per_hour = 2;
  s.volunteer_points_per_hour = 5;
  return s;
}

class ServicesTest : public test::VillageFixture {
 protected:
  ServicesTest() : VillageFixture(hubSettings()) {}

  void SetUp() override {
    VillageFixture::SetUp();
    if (HasFatalFailure()) return;
    m_now = core::monthStartMs({2025, 6}) + 9 * kHourMs;  // 2025-06-01 09:00 CST
    m_poor = addHousehold("东岛路2号");
    m_head = addVillager(m_poor, "刘福海", 1960, true);
    m_son = addVillager(m_poor, "刘小军", 1985);
    m_relief = addHousehold("东岛路3号", true);
    m_reliefMember = addVillager(m_relief, "韩桂兰", 1985, true);  // 40 in 2025
    m_other = addHousehold("东岛路4号");
    m_elder = addVillager(m_other, "郭玉珍", 1950, true);  // 75 in 2025
    m_young = addVillager(m_other, "郭强", 1985);          // 40 in 2025, no relief
    for (auto k : {StationKind::Laundry, StationKind::FarmMachinery, StationKind::WarmCanteen,
                   StationKind::Haircut, StationKind::Repair}) {
      auto id = m_services.addStation(k, std::string(core::toString(k)));
      ASSERT_TRUE(id.ok()) << id.error().message;
    }
  }

  std::int64_t slot(StationKind k, std::int64_t start, int capacity, int cost) {
    auto id = m_services.addSlot(k, start, capacity, cost);
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
    return id.ok() ? *id : 0;
  }

  BookingDraft booking(core::VillagerId who, std::int64_t slot_id, std::string uuid = {}) {
    BookingDraft d;
    d.uuid = std::move(uuid);
    d.villager_id = who;
    d.slot_id = slot_id;
    d.now_ms = m_now;
    return d;
  }

  int bookedOn(std::int64_t slot_id) {
    return static_cast<int>(
        queryInt(m_db, "SELECT booked FROM slots WHERE id = " + std::to_string(slot_id))
            .value_or(-1));
  }

  void expectBookingRefused(const BookingDraft& d, BookingError why) {
    const auto pointsBefore = balanceOf(d.villager_id).points;
    const auto bookedBefore = bookedOn(d.slot_id);
    const auto entriesBefore = m_ledger.entryCount();
    auto r = m_services.book(d);
    ASSERT_FALSE(r.ok()) << "booked, expected " << core::toString(why);
    EXPECT_EQ(r.error().code, LedgerError::Booking) << test::describe(r.error());
    ASSERT_TRUE(r.error().booking_problem.has_value());
    EXPECT_EQ(*r.error().booking_problem, why)
        << core::toString(*r.error().booking_problem) << " instead of " << core::toString(why);
    EXPECT_EQ(balanceOf(d.villager_id).points, pointsBefore);
    EXPECT_EQ(bookedOn(d.slot_id), bookedBefore);
    EXPECT_EQ(m_ledger.entryCount(), entriesBefore);
  }

  Services m_services{m_ledger};
  std::int64_t m_now = 0;
  core::HouseholdId m_poor = 0, m_relief = 0, m_other = 0;
  core::VillagerId m_head = 0, m_son = 0, m_reliefMember = 0, m_elder = 0, m_young = 0;
};

// --- stations and slots --------------------------------------------------------------------

TEST_F(ServicesTest, SlotsAreListedByStationInTimeOrder) {
  const auto late = slot(StationKind::Laundry, m_now + 2 * kDayMs, 3, 10);
  const auto early = slot(StationKind::Laundry, m_now + kDayMs, 2, 0);
  slot(StationKind::FarmMachinery, m_now + kDayMs, 1, 0);
  const auto list = m_services.slotRows(StationKind::Laundry, m_now, m_now + 7 * kDayMs);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0].slot.id, early);
  EXPECT_EQ(list[1].slot.id, late);
  EXPECT_EQ(list[1].slot.capacity, 3);
  EXPECT_EQ(list[1].slot.points_cost, 10);
  EXPECT_EQ(list[1].slot.booked, 0);
  EXPECT_EQ(list[1].slot.station, StationKind::Laundry);
  EXPECT_EQ(list[1].station_name, "laundry");
  EXPECT_TRUE(
      m_services.slotRows(StationKind::Laundry, m_now + 3 * kDayMs, m_now + 7 * kDayMs).empty());

  // No errand station was set up; a slot there has nowhere to go.
  EXPECT_FALSE(m_services.addSlot(StationKind::Errand, m_now + kDayMs, 1, 0).ok());
  // The same station and start twice is refused.
  EXPECT_FALSE(m_services.addSlot(StationKind::Laundry, m_now + kDayMs, 5, 0).ok());
  EXPECT_FALSE(m_services.addStation(StationKind::Laundry, "again").ok());
}

// --- bookings ------------------------------------------------------------------------------

TEST_F(ServicesTest, BookingTakesThePointsAndAPlace) {
  fund(m_young, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 2, 15);
  auto r = m_services.book(booking(m_young, s, "book-0001"));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->uuid, "book-0001");
  EXPECT_EQ(r->slot_id, s);
  EXPECT_EQ(r->villager_id, m_young);
  EXPECT_FALSE(r->cancelled);
  EXPECT_EQ(r->points, 15);
  EXPECT_EQ(balanceOf(m_young).points, 35);
  EXPECT_EQ(balanceOf(m_young).score, 1000) << "booking never touches the score";
  EXPECT_EQ(bookedOn(s), 1);

  auto e = m_ledger.entryByUuid("book-0001");
  ASSERT_TRUE(e.has_value()) << "the booking's ledger entry shares its uuid";
  EXPECT_EQ(e->kind, EntryKind::Booking);
  EXPECT_EQ(e->points_delta, -15);
  EXPECT_EQ(e->reference, "slot:" + std::to_string(s));
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(ServicesTest, AFreeSlotWritesNoLedgerEntry) {
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 2, 0);
  auto r = m_services.book(booking(m_young, s));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->points, 0);
  EXPECT_EQ(bookedOn(s), 1);
  EXPECT_EQ(m_ledger.entryCount(), 0);
}

TEST_F(ServicesTest, AFreeSlotIsNeverRefusedForPointsEvenWhenOverdrawn) {
  // Two offline kiosks overdrew this villager; the office merged both redemptions.
  {
    db::Transaction tx(m_db);
    auto merged = m_ledger.appendInTransaction(draft(EntryKind::Booking, m_young, 0, -8),
                                               {.allow_overdraft = true});
    ASSERT_TRUE(merged.ok()) << test::describe(merged.error());
    ASSERT_TRUE(tx.commit());
  }
  ASSERT_EQ(balanceOf(m_young).points, -8);
  const auto free = slot(StationKind::Laundry, m_now + kDayMs, 2, 0);
  auto r = m_services.book(booking(m_young, free));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(balanceOf(m_young).points, -8);
  const auto paid = slot(StationKind::Laundry, m_now + 2 * kDayMs, 2, 1);
  expectBookingRefused(booking(m_young, paid), BookingError::InsufficientPoints);
}

TEST_F(ServicesTest, AFullSlotIsRefused) {
  fund(m_young, 50);
  fund(m_elder, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 1, 10);
  ASSERT_TRUE(m_services.book(booking(m_young, s)).ok());
  expectBookingRefused(booking(m_elder, s), BookingError::SlotFull);
  EXPECT_EQ(balanceOf(m_elder).points, 50);
}

TEST_F(ServicesTest, BookingTheSameSlotTwiceIsAlreadyBooked) {
  fund(m_young, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 5, 10);
  ASSERT_TRUE(m_services.book(booking(m_young, s, "book-a")).ok());
  // A new request (new uuid) for the same slot: the villager hears "already booked", even
  // though the slot has room.
  expectBookingRefused(booking(m_young, s, "book-b"), BookingError::AlreadyBooked);
  EXPECT_EQ(balanceOf(m_young).points, 40);
}

TEST_F(ServicesTest, AnUnaffordableOrPastSlotIsRefused) {
  fund(m_young, 5);
  const auto dear = slot(StationKind::Laundry, m_now + kDayMs, 5, 10);
  expectBookingRefused(booking(m_young, dear), BookingError::InsufficientPoints);
  const auto past = slot(StationKind::Laundry, m_now - kHourMs, 5, 0);
  expectBookingRefused(booking(m_young, past), BookingError::SlotInPast);

  auto missing = m_services.book(booking(m_young, 9999));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, LedgerError::NotFound);
  auto nobody = m_services.book(booking(4242, dear));
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, LedgerError::UnknownVillager);
}

TEST_F(ServicesTest, FarmMachineryNeedsTheHouseholdHeadAtTheThreshold) {
  const auto s = slot(StationKind::FarmMachinery, m_now + kDayMs, 10, 0);
  // The son is above the threshold, but the default household rule looks at the head (1000).
  mustAppend(draft(EntryKind::CouncilAward, m_son, 10, 10));
  expectBookingRefused(booking(m_son, s), BookingError::NotEligible);
  expectBookingRefused(booking(m_head, s), BookingError::NotEligible);

  mustAppend(draft(EntryKind::CouncilAward, m_head, 4, 4));  // 1004: one short
  expectBookingRefused(booking(m_head, s), BookingError::NotEligible);

  mustAppend(draft(EntryKind::CouncilAward, m_head, 1, 1));  // 1005
  auto r = m_services.book(booking(m_son, s));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(bookedOn(s), 1);

  // A deduction takes the household back below the line for the next booking.
  // (The household holds a place in `s` already: one booking per household per slot.)
  expectBookingRefused(booking(m_head, s), BookingError::AlreadyBooked);
  mustAppend(draft(EntryKind::CouncilDeduction, m_head, -1, 0));
  const auto next = slot(StationKind::FarmMachinery, m_now + 2 * kDayMs, 10, 0);
  expectBookingRefused(booking(m_head, next), BookingError::NotEligible);
}

TEST_F(ServicesTest, TheWarmCanteenServesTheElderlyAndReliefHouseholds) {
  const auto s = slot(StationKind::WarmCanteen, m_now + kDayMs, 30, 0);
  expectBookingRefused(booking(m_young, s), BookingError::NotEligible);  // 40, no relief
  auto elder = m_services.book(booking(m_elder, s));
  ASSERT_TRUE(elder.ok()) << test::describe(elder.error());
  auto relief = m_services.book(booking(m_reliefMember, s));  // 40, relief household
  ASSERT_TRUE(relief.ok()) << test::describe(relief.error());
  EXPECT_EQ(bookedOn(s), 2);
}

TEST_F(ServicesTest, BookingIsIdempotentByUuid) {
  fund(m_young, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 5, 10);
  auto first = m_services.book(booking(m_young, s, "book-retry"));
  ASSERT_TRUE(first.ok()) << test::describe(first.error());
  auto again = m_services.book(booking(m_young, s, "book-retry"));
  ASSERT_TRUE(again.ok()) << test::describe(again.error());
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->points, 10);
  EXPECT_EQ(balanceOf(m_young).points, 40) << "the points were taken once";
  EXPECT_EQ(bookedOn(s), 1);
  EXPECT_EQ(m_ledger.entryCount(), 2);

  // The same uuid for another slot is not a retry.
  const auto other = slot(StationKind::Laundry, m_now + 2 * kDayMs, 5, 10);
  auto conflict = m_services.book(booking(m_young, other, "book-retry"));
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, LedgerError::UuidConflict);
  EXPECT_EQ(bookedOn(other), 0);
}

TEST_F(ServicesTest, CancellingVoidsThePointsAndFreesThePlace) {
  fund(m_young, 50);
  fund(m_elder, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 1, 20);
  auto b = m_services.book(booking(m_young, s, "book-cancel"));
  ASSERT_TRUE(b.ok());
  const auto bookingSeq = m_ledger.entryByUuid("book-cancel")->seq;
  expectBookingRefused(booking(m_elder, s), BookingError::SlotFull);

  auto c = m_services.cancelBooking("book-cancel", "changed plans", m_now + kHourMs);
  ASSERT_TRUE(c.ok()) << test::describe(c.error());
  EXPECT_TRUE(c->cancelled);
  EXPECT_EQ(balanceOf(m_young).points, 50);
  EXPECT_EQ(bookedOn(s), 0);
  auto v = m_ledger.entryByUuid("book-cancel:cancel");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->kind, EntryKind::Void);
  EXPECT_EQ(v->voids_seq, bookingSeq);
  EXPECT_EQ(v->points_delta, 20);
  EXPECT_EQ(v->reference, "changed plans");

  // Cancelling again changes nothing.
  const auto entries = m_ledger.entryCount();
  auto again = m_services.cancelBooking("book-cancel", "", m_now + kHourMs);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->cancelled);
  EXPECT_EQ(m_ledger.entryCount(), entries);
  EXPECT_EQ(balanceOf(m_young).points, 50);
  EXPECT_EQ(bookedOn(s), 0);

  // The freed place can be taken, and the villager may book again with a new request.
  auto elder = m_services.book(booking(m_elder, s));
  ASSERT_TRUE(elder.ok()) << test::describe(elder.error());
  EXPECT_EQ(balanceOf(m_elder).points, 30);
  auto missing = m_services.cancelBooking("no-such-booking", "", m_now);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, LedgerError::NotFound);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(ServicesTest, VoidingABookingsEntryDirectlyAlsoGivesThePlaceBack) {
  fund(m_young, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 1, 20);
  ASSERT_TRUE(m_services.book(booking(m_young, s, "book-void")).ok());
  const auto seq = m_ledger.entryByUuid("book-void")->seq;
  VoidDraft v;
  v.target_seq = seq;
  v.reason = "staff: booked by mistake";
  auto r = m_ledger.voidEntry(v);
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(bookedOn(s), 0);
  EXPECT_EQ(balanceOf(m_young).points, 50);
  // The booking knows it is cancelled: cancelling it again changes nothing.
  auto again = m_services.cancelBooking("book-void", "", m_now);
  ASSERT_TRUE(again.ok()) << test::describe(again.error());
  EXPECT_TRUE(again->cancelled);
  EXPECT_EQ(bookedOn(s), 0);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(ServicesTest, AnIdTooLongToCarryItsCancellationIsRefusedUpFront) {
  fund(m_young, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 2, 5);
  auto tooLong = m_services.book(booking(m_young, s, std::string(49, 'b')));
  ASSERT_FALSE(tooLong.ok());
  EXPECT_EQ(tooLong.error().code, LedgerError::BadInput);
  EXPECT_EQ(bookedOn(s), 0);
  const std::string longest(48, 'c');
  ASSERT_TRUE(m_services.book(booking(m_young, s, longest)).ok());
  auto c = m_services.cancelBooking(longest, "", m_now);
  ASSERT_TRUE(c.ok()) << test::describe(c.error());
  EXPECT_EQ(balanceOf(m_young).points, 50);
  auto order = m_services.requestOrder(std::string(49, 'o'), StationKind::Repair, m_young, "", m_now);
  ASSERT_FALSE(order.ok());
  EXPECT_EQ(order.error().code, LedgerError::BadInput);
}

TEST_F(ServicesTest, ACancelledBookingCanBeMadeAgain) {
  fund(m_young, 50);
  const auto s = slot(StationKind::Laundry, m_now + kDayMs, 3, 10);
  ASSERT_TRUE(m_services.book(booking(m_young, s, "book-1")).ok());
  ASSERT_TRUE(m_services.cancelBooking("book-1", "", m_now).ok());
  auto r = m_services.book(booking(m_young, s, "book-2"));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(balanceOf(m_young).points, 40);
  EXPECT_EQ(bookedOn(s), 1);
}

// --- orders --------------------------------------------------------------------------------

class OrderTest : public ServicesTest {
 protected:
  core::OrderActor as(core::VillagerId id, bool staff = false) { return {id, staff}; }

  OrderRow request(const std::string& uuid) {
    auto r = m_services.requestOrder(uuid, StationKind::Haircut, m_elder, "上门理发", m_now);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : test::describe(r.error()));
    return r.ok() ? *r : OrderRow{};
  }

  LedgerResult<OrderRow> act(std::int64_t id, OrderAction a, core::OrderActor who,
                             int minutes = 0) {
    return m_services.actOnOrder(id, a, who, minutes, m_now + kHourMs);
  }

  void expectRefused(std::int64_t id, OrderAction a, core::OrderActor who, OrderError why,
                     int minutes = 0) {
    const auto before = m_services.order(id);
    auto r = act(id, a, who, minutes);
    ASSERT_FALSE(r.ok()) << "expected " << core::toString(why);
    EXPECT_EQ(r.error().code, LedgerError::Order);
    ASSERT_TRUE(r.error().order_problem.has_value());
    EXPECT_EQ(*r.error().order_problem, why) << core::toString(*r.error().order_problem);
    const auto after = m_services.order(id);
    ASSERT_TRUE(before && after);
    EXPECT_EQ(after->facts.state, before->facts.state);
    EXPECT_EQ(after->facts.claimer, before->facts.claimer);
  }
};

TEST_F(OrderTest, RequestedClaimedDoneConfirmedCreditsTheClaimersHours) {
  const auto o = request("order-0001");
  EXPECT_EQ(o.facts.state, OrderState::Requested);
  EXPECT_EQ(o.facts.requester, m_elder);
  EXPECT_EQ(o.facts.claimer, 0);
  EXPECT_EQ(o.station, StationKind::Haircut);
  EXPECT_EQ(o.note, "上门理发");

  auto r = act(o.id, OrderAction::Claim, as(m_young));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->facts.state, OrderState::Claimed);
  EXPECT_EQ(r->facts.claimer, m_young);

  r = act(o.id, OrderAction::Complete, as(m_young), 150);
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->facts.state, OrderState::Done);
  EXPECT_EQ(r->minutes, 150);
  EXPECT_EQ(balanceOf(m_young).score, 1000) << "nothing is credited before the requester confirms";

  r = act(o.id, OrderAction::Confirm, as(m_elder));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->facts.state, OrderState::Confirmed);
  ASSERT_TRUE(r->entry_seq.has_value());

  // 150 minutes = 2 full hours at 2 score and 5 points per hour (hubSettings).
  const auto& s = m_ledger.settings();
  EXPECT_EQ(core::volunteerScore(150, s), 4);
  EXPECT_EQ(balanceOf(m_young).score, 1004);
  EXPECT_EQ(balanceOf(m_young).points, 10);
  EXPECT_EQ(balanceOf(m_elder).score, 1000) << "the requester earns nothing";
  EXPECT_EQ(balanceOf(m_elder).points, 0);
  auto e = m_ledger.entryBySeq(*r->entry_seq);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->kind, EntryKind::VolunteerHours);
  EXPECT_EQ(e->villager_id, m_young);
  EXPECT_EQ(e->uuid, "order-0001:hours");
  EXPECT_EQ(e->reference, "order:" + std::to_string(o.id));
  EXPECT_EQ(e->detail, "minutes=150");

  // Nothing happens after confirmation; the hours are never credited twice.
  for (auto a : {OrderAction::Confirm, OrderAction::Claim, OrderAction::Cancel}) {
    expectRefused(o.id, a, as(m_elder, true), OrderError::InvalidTransition);
  }
  EXPECT_EQ(balanceOf(m_young).score, 1004);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(OrderTest, NobodyClaimsTheirOwnRequest) {
  const auto o = request("order-self");
  expectRefused(o.id, OrderAction::Claim, as(m_elder), OrderError::SelfClaim);
  expectRefused(o.id, OrderAction::Claim, as(m_elder, true), OrderError::SelfClaim);
}

TEST_F(OrderTest, OutOfOrderActionsAreRefused) {
  const auto o = request("order-steps");
  expectRefused(o.id, OrderAction::Complete, as(m_young), OrderError::InvalidTransition, 60);
  expectRefused(o.id, OrderAction::Confirm, as(m_elder), OrderError::InvalidTransition);
  expectRefused(o.id, OrderAction::Unclaim, as(m_young), OrderError::InvalidTransition);
  ASSERT_TRUE(act(o.id, OrderAction::Claim, as(m_young)).ok());
  expectRefused(o.id, OrderAction::Claim, as(m_head), OrderError::InvalidTransition);
  expectRefused(o.id, OrderAction::Confirm, as(m_elder), OrderError::InvalidTransition);
  expectRefused(o.id, OrderAction::Complete, as(m_head), OrderError::NotClaimer, 60);
  expectRefused(o.id, OrderAction::Complete, as(m_young), OrderError::InvalidMinutes, 0);
  expectRefused(o.id, OrderAction::Complete, as(m_young), OrderError::InvalidMinutes, 601);
  ASSERT_TRUE(act(o.id, OrderAction::Complete, as(m_young), 60).ok());
  expectRefused(o.id, OrderAction::Confirm, as(m_head), OrderError::NotRequester);
  expectRefused(o.id, OrderAction::Cancel, as(m_elder), OrderError::InvalidTransition);
  EXPECT_EQ(m_ledger.entryCount(), 0);
  // Staff may confirm on an elderly villager's behalf.
  auto r = act(o.id, OrderAction::Confirm, as(m_head, true));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(balanceOf(m_young).score, 1002);
  EXPECT_EQ(balanceOf(m_young).points, 5);

  auto missing = act(999, OrderAction::Claim, as(m_young));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, LedgerError::NotFound);
}

TEST_F(OrderTest, UnderAnHourIsConfirmedButEarnsNothing) {
  const auto o = request("order-short");
  ASSERT_TRUE(act(o.id, OrderAction::Claim, as(m_young)).ok());
  ASSERT_TRUE(act(o.id, OrderAction::Complete, as(m_young), 45).ok());
  auto r = act(o.id, OrderAction::Confirm, as(m_elder));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->facts.state, OrderState::Confirmed);
  EXPECT_FALSE(r->entry_seq.has_value());
  EXPECT_EQ(m_ledger.entryCount(), 0);
}

TEST_F(OrderTest, UnclaimAndCancelReturnTheOrder) {
  const auto o = request("order-back");
  ASSERT_TRUE(act(o.id, OrderAction::Claim, as(m_young)).ok());
  auto r = act(o.id, OrderAction::Unclaim, as(m_young));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->facts.state, OrderState::Requested);
  EXPECT_EQ(r->facts.claimer, 0);
  r = act(o.id, OrderAction::Claim, as(m_head));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->facts.claimer, m_head);
  // Claimed: the requester no longer cancels alone (the volunteer may be on the way); staff do.
  expectRefused(o.id, OrderAction::Cancel, as(m_elder), OrderError::InvalidTransition);
  r = act(o.id, OrderAction::Cancel, core::OrderActor{m_son, true});
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->facts.state, OrderState::Cancelled);
  expectRefused(o.id, OrderAction::Claim, as(m_young), OrderError::InvalidTransition);
  EXPECT_EQ(m_services.orders(OrderState::Cancelled).size(), 1u);
  EXPECT_TRUE(m_services.orders(OrderState::Requested).empty());
}

TEST_F(OrderTest, ARequestIsIdempotentByUuid) {
  const auto first = request("order-dup");
  const auto again = request("order-dup");
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(m_services.orders(std::nullopt).size(), 1u);
  auto noStation = m_services.requestOrder("order-errand", StationKind::Errand, m_elder, "", m_now);
  ASSERT_FALSE(noStation.ok());
  EXPECT_EQ(noStation.error().code, LedgerError::NotFound);
  auto nobody = m_services.requestOrder("order-nobody", StationKind::Repair, 4242, "", m_now);
  ASSERT_FALSE(nobody.ok());
  EXPECT_EQ(nobody.error().code, LedgerError::UnknownVillager);
}

}  // namespace
}  // namespace rc::db
