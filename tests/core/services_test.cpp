#include "core/services.h"

#include <gtest/gtest.h>

namespace rc::core {
namespace {

// ---- stations ---------------------------------------------------------------------------------

TEST(StationTest, NamesRoundTrip) {
  const StationKind all[] = {StationKind::Supermarket, StationKind::Laundry,
                             StationKind::Haircut,     StationKind::Repair,
                             StationKind::Errand,      StationKind::FarmMachinery,
                             StationKind::WarmCanteen};
  for (auto k : all) {
    const auto back = stationKindFromString(toString(k));
    ASSERT_TRUE(back.has_value()) << toString(k);
    EXPECT_EQ(*back, k);
  }
  EXPECT_EQ(toString(StationKind::FarmMachinery), "farm_machinery");
  EXPECT_EQ(toString(StationKind::WarmCanteen), "warm_canteen");
  EXPECT_EQ(toString(StationKind::Supermarket), "supermarket");
  EXPECT_FALSE(stationKindFromString("Laundry").has_value());
  EXPECT_FALSE(stationKindFromString("").has_value());
}

TEST(StationTest, EligibilityPerStation) {
  EXPECT_EQ(eligibilityOf(StationKind::FarmMachinery), Eligibility::HouseholdWelfare);
  EXPECT_EQ(eligibilityOf(StationKind::WarmCanteen), Eligibility::WarmCanteen);
  for (auto k : {StationKind::Supermarket, StationKind::Laundry, StationKind::Haircut,
                 StationKind::Repair, StationKind::Errand}) {
    EXPECT_EQ(eligibilityOf(k), Eligibility::Anyone) << toString(k);
  }
}

// ---- bookings ----------------------------------------------------------------------------------

constexpr std::int64_t kNow = 1'714'000'000'000;

Slot slot(StationKind station, int capacity = 4, int booked = 0, int cost = 10) {
  return Slot{1, station, kNow + 3'600'000, capacity, booked, cost};
}

BookingContext ctx() {
  BookingContext c;
  c.now_ms = kNow;
  c.balance_points = 100;
  c.age = 45;
  return c;
}

BookingError bookingError(const Slot& s, const BookingContext& c) {
  const auto r = checkBooking(s, c, Settings{});
  EXPECT_FALSE(r.ok());
  return r.ok() ? BookingError::SlotInPast : r.error();
}

TEST(BookingTest, ReturnsThePointsTheBookingCosts) {
  const auto r = checkBooking(slot(StationKind::Laundry), ctx(), Settings{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 10);
  const auto free = checkBooking(slot(StationKind::Laundry, 4, 0, 0), ctx(), Settings{});
  ASSERT_TRUE(free.ok());
  EXPECT_EQ(*free, 0);
}

TEST(BookingTest, SlotInPast) {
  Slot s = slot(StationKind::Laundry);
  s.start_ms = kNow;  // starting right now is still bookable
  EXPECT_TRUE(checkBooking(s, ctx(), Settings{}).ok());
  s.start_ms = kNow - 1;
  EXPECT_EQ(bookingError(s, ctx()), BookingError::SlotInPast);
}

TEST(BookingTest, AlreadyBooked) {
  BookingContext c = ctx();
  c.already_booked_this_slot = true;
  EXPECT_EQ(bookingError(slot(StationKind::Laundry), c), BookingError::AlreadyBooked);
}

TEST(BookingTest, SlotFull) {
  EXPECT_TRUE(checkBooking(slot(StationKind::Laundry, 4, 3), ctx(), Settings{}).ok());
  EXPECT_EQ(bookingError(slot(StationKind::Laundry, 4, 4), ctx()), BookingError::SlotFull);
  EXPECT_EQ(bookingError(slot(StationKind::Laundry, 4, 5), ctx()), BookingError::SlotFull);
  EXPECT_EQ(bookingError(slot(StationKind::Laundry, 0, 0), ctx()), BookingError::SlotFull);
}

TEST(BookingTest, FarmMachineryNeedsAnEligibleHousehold) {
  BookingContext c = ctx();
  EXPECT_EQ(bookingError(slot(StationKind::FarmMachinery), c), BookingError::NotEligible);
  c.household_eligible = true;
  EXPECT_TRUE(checkBooking(slot(StationKind::FarmMachinery), c, Settings{}).ok());
}

TEST(BookingTest, WarmCanteenIsForSeventyPlusOrReliefHouseholds) {
  BookingContext c = ctx();
  c.age = 69;
  EXPECT_EQ(bookingError(slot(StationKind::WarmCanteen), c), BookingError::NotEligible);
  c.age = 70;
  EXPECT_TRUE(checkBooking(slot(StationKind::WarmCanteen), c, Settings{}).ok());
  c.age = 40;
  c.relief_household = true;
  EXPECT_TRUE(checkBooking(slot(StationKind::WarmCanteen), c, Settings{}).ok());
  // Household welfare is irrelevant to the canteen.
  c.relief_household = false;
  c.household_eligible = true;
  EXPECT_EQ(bookingError(slot(StationKind::WarmCanteen), c), BookingError::NotEligible);
}

TEST(BookingTest, InsufficientPoints) {
  BookingContext c = ctx();
  c.balance_points = 10;
  EXPECT_TRUE(checkBooking(slot(StationKind::Laundry), c, Settings{}).ok());  // exactly enough
  c.balance_points = 9;
  EXPECT_EQ(bookingError(slot(StationKind::Laundry), c), BookingError::InsufficientPoints);
  // A free slot needs no points, even with an overdrawn balance.
  c.balance_points = -5;
  EXPECT_TRUE(checkBooking(slot(StationKind::Laundry, 4, 0, 0), c, Settings{}).ok());
}

TEST(BookingTest, NegativeCostNeverCreditsPoints) {
  const auto r = checkBooking(slot(StationKind::Laundry, 4, 0, -20), ctx(), Settings{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, 0);
}

TEST(BookingTest, ChecksRunInDocumentedOrder) {
  BookingContext everythingWrong = ctx();
  everythingWrong.already_booked_this_slot = true;
  everythingWrong.balance_points = 0;
  everythingWrong.age = 20;
  Slot s = slot(StationKind::WarmCanteen, 1, 1, 50);
  s.start_ms = kNow - 1;
  EXPECT_EQ(bookingError(s, everythingWrong), BookingError::SlotInPast);
  s.start_ms = kNow + 1;
  EXPECT_EQ(bookingError(s, everythingWrong), BookingError::AlreadyBooked);
  everythingWrong.already_booked_this_slot = false;
  EXPECT_EQ(bookingError(s, everythingWrong), BookingError::SlotFull);
  s.booked = 0;
  EXPECT_EQ(bookingError(s, everythingWrong), BookingError::NotEligible);
  everythingWrong.age = 80;
  EXPECT_EQ(bookingError(s, everythingWrong), BookingError::InsufficientPoints);
}

TEST(BookingTest, ErrorNames) {
  EXPECT_EQ(toString(BookingError::SlotInPast), "slot_in_past");
  EXPECT_EQ(toString(BookingError::SlotFull), "slot_full");
  EXPECT_EQ(toString(BookingError::AlreadyBooked), "already_booked");
  EXPECT_EQ(toString(BookingError::NotEligible), "not_eligible");
  EXPECT_EQ(toString(BookingError::InsufficientPoints), "insufficient_points");
}

// ---- service orders
// ------------------------------------------------------------------------------

constexpr VillagerId kRequester = 100;
constexpr VillagerId kVolunteer = 200;
constexpr VillagerId kOther = 300;
constexpr VillagerId kClerk = 400;

OrderFacts order(OrderState state) {
  const bool claimed = state != OrderState::Requested;
  return OrderFacts{state, kRequester, claimed ? kVolunteer : 0};
}
const OrderActor requester{kRequester, false};
const OrderActor volunteer{kVolunteer, false};
const OrderActor other{kOther, false};
const OrderActor clerk{kClerk, true};

OrderError orderError(const OrderFacts& o, OrderAction a, const OrderActor& who, int minutes = 0) {
  const auto r = applyOrderAction(o, a, who, minutes);
  EXPECT_FALSE(r.ok());
  return r.ok() ? OrderError::InvalidTransition : r.error();
}

OrderState nextState(const OrderFacts& o, OrderAction a, const OrderActor& who, int minutes = 0) {
  const auto r = applyOrderAction(o, a, who, minutes);
  EXPECT_TRUE(r.ok()) << toString(r.error());
  return r.ok() ? *r : o.state;
}

TEST(OrderTest, HappyPathRequestedClaimedDoneConfirmed) {
  EXPECT_EQ(nextState(order(OrderState::Requested), OrderAction::Claim, volunteer),
            OrderState::Claimed);
  EXPECT_EQ(nextState(order(OrderState::Claimed), OrderAction::Complete, volunteer, 45),
            OrderState::Done);
  EXPECT_EQ(nextState(order(OrderState::Done), OrderAction::Confirm, requester),
            OrderState::Confirmed);
}

TEST(OrderTest, ClaimOnlyFromRequestedAndNeverOwnRequest) {
  EXPECT_EQ(orderError(order(OrderState::Requested), OrderAction::Claim, requester),
            OrderError::SelfClaim);
  // Staff cannot claim their own request either: the hours would go to the asker.
  OrderFacts own = order(OrderState::Requested);
  own.requester = kClerk;
  EXPECT_EQ(orderError(own, OrderAction::Claim, clerk), OrderError::SelfClaim);
  EXPECT_EQ(nextState(order(OrderState::Requested), OrderAction::Claim, clerk),
            OrderState::Claimed);
  for (auto s :
       {OrderState::Claimed, OrderState::Done, OrderState::Confirmed, OrderState::Cancelled}) {
    EXPECT_EQ(orderError(order(s), OrderAction::Claim, other), OrderError::InvalidTransition)
        << toString(s);
  }
}

TEST(OrderTest, UnclaimByClaimerOrStaff) {
  EXPECT_EQ(nextState(order(OrderState::Claimed), OrderAction::Unclaim, volunteer),
            OrderState::Requested);
  EXPECT_EQ(nextState(order(OrderState::Claimed), OrderAction::Unclaim, clerk),
            OrderState::Requested);
  EXPECT_EQ(orderError(order(OrderState::Claimed), OrderAction::Unclaim, other),
            OrderError::NotClaimer);
  EXPECT_EQ(orderError(order(OrderState::Claimed), OrderAction::Unclaim, requester),
            OrderError::NotClaimer);
  for (auto s :
       {OrderState::Requested, OrderState::Done, OrderState::Confirmed, OrderState::Cancelled}) {
    EXPECT_EQ(orderError(order(s), OrderAction::Unclaim, volunteer), OrderError::InvalidTransition)
        << toString(s);
  }
}

TEST(OrderTest, UnclaimedOrderHasNoClaimerEvenForActorZero) {
  // claimer 0 means "nobody": an actor with id 0 is not its claimer.
  OrderFacts o{OrderState::Claimed, kRequester, 0};
  EXPECT_EQ(orderError(o, OrderAction::Complete, OrderActor{0, false}, 30), OrderError::NotClaimer);
}

TEST(OrderTest, CompleteByClaimerOrStaffWithSaneMinutes) {
  EXPECT_EQ(nextState(order(OrderState::Claimed), OrderAction::Complete, clerk, 30),
            OrderState::Done);
  EXPECT_EQ(orderError(order(OrderState::Claimed), OrderAction::Complete, other, 30),
            OrderError::NotClaimer);
  EXPECT_EQ(orderError(order(OrderState::Claimed), OrderAction::Complete, requester, 30),
            OrderError::NotClaimer);
  for (auto s :
       {OrderState::Requested, OrderState::Done, OrderState::Confirmed, OrderState::Cancelled}) {
    EXPECT_EQ(orderError(order(s), OrderAction::Complete, volunteer, 30),
              OrderError::InvalidTransition)
        << toString(s);
  }
}

TEST(OrderTest, CompletingNeedsOneToSixHundredMinutes) {
  const auto o = order(OrderState::Claimed);
  EXPECT_EQ(orderError(o, OrderAction::Complete, volunteer, 0), OrderError::InvalidMinutes);
  EXPECT_EQ(orderError(o, OrderAction::Complete, volunteer, -30), OrderError::InvalidMinutes);
  EXPECT_EQ(nextState(o, OrderAction::Complete, volunteer, 1), OrderState::Done);
  EXPECT_EQ(nextState(o, OrderAction::Complete, volunteer, 600), OrderState::Done);
  EXPECT_EQ(orderError(o, OrderAction::Complete, volunteer, 601), OrderError::InvalidMinutes);
  // Who comes before how long: a stranger hears "not yours", not "bad minutes".
  EXPECT_EQ(orderError(o, OrderAction::Complete, other, 0), OrderError::NotClaimer);
}

TEST(OrderTest, ConfirmByRequesterOrStaffOnlyWhenDone) {
  EXPECT_EQ(nextState(order(OrderState::Done), OrderAction::Confirm, clerk), OrderState::Confirmed);
  EXPECT_EQ(orderError(order(OrderState::Done), OrderAction::Confirm, volunteer),
            OrderError::NotRequester);
  EXPECT_EQ(orderError(order(OrderState::Done), OrderAction::Confirm, other),
            OrderError::NotRequester);
  for (auto s :
       {OrderState::Requested, OrderState::Claimed, OrderState::Confirmed, OrderState::Cancelled}) {
    EXPECT_EQ(orderError(order(s), OrderAction::Confirm, requester), OrderError::InvalidTransition)
        << toString(s);
  }
}

TEST(OrderTest, CancelBeforeTheWorkIsDone) {
  EXPECT_EQ(nextState(order(OrderState::Requested), OrderAction::Cancel, requester),
            OrderState::Cancelled);
  EXPECT_EQ(orderError(order(OrderState::Claimed), OrderAction::Cancel, requester),
            OrderError::InvalidTransition)
      << "once claimed, only staff cancel";
  EXPECT_EQ(nextState(order(OrderState::Claimed), OrderAction::Cancel, clerk),
            OrderState::Cancelled);
  EXPECT_EQ(orderError(order(OrderState::Claimed), OrderAction::Cancel, volunteer),
            OrderError::NotRequester);
  EXPECT_EQ(orderError(order(OrderState::Requested), OrderAction::Cancel, other),
            OrderError::NotRequester);
  for (auto s : {OrderState::Done, OrderState::Confirmed, OrderState::Cancelled}) {
    EXPECT_EQ(orderError(order(s), OrderAction::Cancel, requester), OrderError::InvalidTransition)
        << toString(s);
  }
}

TEST(OrderTest, ConfirmedAndCancelledAreFinal) {
  for (auto s : {OrderState::Confirmed, OrderState::Cancelled}) {
    for (auto a : {OrderAction::Claim, OrderAction::Unclaim, OrderAction::Complete,
                   OrderAction::Confirm, OrderAction::Cancel}) {
      EXPECT_EQ(orderError(order(s), a, clerk, 30), OrderError::InvalidTransition) << toString(s);
    }
  }
}

TEST(OrderTest, StateAndErrorNames) {
  const OrderState all[] = {OrderState::Requested, OrderState::Claimed, OrderState::Done,
                            OrderState::Confirmed, OrderState::Cancelled};
  for (auto s : all) {
    const auto back = orderStateFromString(toString(s));
    ASSERT_TRUE(back.has_value()) << toString(s);
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(toString(OrderState::Requested), "requested");
  EXPECT_EQ(toString(OrderState::Cancelled), "cancelled");
  EXPECT_FALSE(orderStateFromString("canceled").has_value());
  EXPECT_EQ(toString(OrderError::InvalidTransition), "invalid_transition");
  EXPECT_EQ(toString(OrderError::SelfClaim), "self_claim");
  EXPECT_EQ(toString(OrderError::NotClaimer), "not_claimer");
  EXPECT_EQ(toString(OrderError::NotRequester), "not_requester");
  EXPECT_EQ(toString(OrderError::InvalidMinutes), "invalid_minutes");
}

}  // namespace
}  // namespace rc::core

namespace rc::core {
namespace {

// ---- the service hub's policies ------------------------------------------------------------

TEST(OfflineShareTest, AKioskOfflineFillsOnlyItsShareOfASlot) {
  Settings s;  // 50 %
  Slot sl{1, StationKind::Laundry, 0, 4, 0, 5};
  EXPECT_EQ(offlineBookable(sl, 0, s), 2);
  EXPECT_EQ(offlineBookable(sl, 1, s), 1);
  EXPECT_EQ(offlineBookable(sl, 2, s), 0);
  EXPECT_EQ(offlineBookable(sl, 5, s), 0) << "never below zero";
  sl.booked = 3;  // only one place left at all
  EXPECT_EQ(offlineBookable(sl, 0, s), 1);
  sl.booked = 4;
  EXPECT_EQ(offlineBookable(sl, 0, s), 0);
  // Rounded down: a slot of 3 at 50 % leaves one place offline; one place leaves none.
  EXPECT_EQ(offlineBookable(Slot{1, StationKind::Laundry, 0, 3, 0, 0}, 0, s), 1);
  EXPECT_EQ(offlineBookable(Slot{1, StationKind::Laundry, 0, 1, 0, 0}, 0, s), 0);
  s.offline_slot_share_percent = 100;
  EXPECT_EQ(offlineBookable(Slot{1, StationKind::Laundry, 0, 3, 1, 0}, 0, s), 2);
  s.offline_slot_share_percent = 0;
  EXPECT_EQ(offlineBookable(Slot{1, StationKind::Laundry, 0, 30, 0, 0}, 0, s), 0);
}

TEST(CancelCutoffTest, ABookingIsCancellableUntilTheCutoff) {
  Settings s;  // 60 minutes
  const std::int64_t start = kNow + 2 * 3'600'000;
  EXPECT_TRUE(bookingCancellable(start, kNow, s));
  EXPECT_TRUE(bookingCancellable(start, start - 60 * 60'000, s)) << "at the cut-off itself";
  EXPECT_FALSE(bookingCancellable(start, start - 60 * 60'000 + 1, s));
  EXPECT_FALSE(bookingCancellable(start, start + 1, s));
  s.booking_cancel_cutoff_minutes = 0;
  EXPECT_TRUE(bookingCancellable(start, start, s));
}

TEST(StationKindsTest, SlotAndOrderStations) {
  for (auto k : {StationKind::Laundry, StationKind::FarmMachinery, StationKind::WarmCanteen}) {
    EXPECT_TRUE(isSlotStation(k)) << toString(k);
    EXPECT_FALSE(isOrderStation(k)) << toString(k);
  }
  for (auto k : {StationKind::Haircut, StationKind::Repair, StationKind::Errand}) {
    EXPECT_TRUE(isOrderStation(k)) << toString(k);
    EXPECT_FALSE(isSlotStation(k)) << toString(k);
  }
  EXPECT_FALSE(isSlotStation(StationKind::Supermarket));
  EXPECT_FALSE(isOrderStation(StationKind::Supermarket));
  EXPECT_TRUE(bookedPerHousehold(StationKind::FarmMachinery));
  EXPECT_FALSE(bookedPerHousehold(StationKind::Laundry));
}

TEST(RequestPointsTest, PerStationFromPolicy) {
  Settings s;
  EXPECT_EQ(requestPoints(StationKind::Haircut, s), 0) << "free by default";
  s.haircut_request_points = 5;
  s.repair_request_points = 3;
  s.errand_request_points = 1;
  EXPECT_EQ(requestPoints(StationKind::Haircut, s), 5);
  EXPECT_EQ(requestPoints(StationKind::Repair, s), 3);
  EXPECT_EQ(requestPoints(StationKind::Errand, s), 1);
  EXPECT_EQ(requestPoints(StationKind::Laundry, s), 0);
}

TEST(VolunteerCreditTest, FullHoursAtThePolicyRates) {
  Settings s;
  s.volunteer_score_per_hour = 2;
  s.volunteer_points_per_hour = 5;
  EXPECT_TRUE(volunteerCredit(59, s).none());
  EXPECT_EQ(volunteerCredit(60, s).score, 2);
  EXPECT_EQ(volunteerCredit(60, s).points, 5);
  EXPECT_EQ(volunteerCredit(150, s).score, 4);
  EXPECT_EQ(volunteerCredit(150, s).points, 10);
}

TEST(OrderNotesTest, EveryOrderStationHasPresetsWithEnglishLabels) {
  for (auto k : {StationKind::Haircut, StationKind::Repair, StationKind::Errand}) {
    const auto notes = orderNotesFor(k);
    EXPECT_GE(notes.size(), 3u) << toString(k);
    for (const auto& n : notes) {
      EXPECT_FALSE(n.zh.empty());
      EXPECT_FALSE(n.en.empty());
      EXPECT_TRUE(validOrderNote(k, n.zh)) << n.zh;
    }
  }
  EXPECT_TRUE(orderNotesFor(StationKind::Laundry).empty());
}

TEST(OrderNotesTest, OnlyJoinedPresetsOfTheStationAreANote) {
  const std::string_view two[] = {"修水管", "修电器"};
  const auto joined = joinOrderNotes(two);
  EXPECT_EQ(joined, "修水管；修电器");
  EXPECT_TRUE(validOrderNote(StationKind::Repair, joined));
  EXPECT_EQ(orderNoteInEnglish(joined), "Fix water pipe; Fix appliance");
  EXPECT_FALSE(validOrderNote(StationKind::Errand, joined)) << "another station's presets";
  EXPECT_FALSE(validOrderNote(StationKind::Repair, "")) << "no note";
  EXPECT_FALSE(validOrderNote(StationKind::Repair, "修水管；修水管")) << "twice";
  EXPECT_FALSE(validOrderNote(StationKind::Repair, "修水管；")) << "empty part";
  EXPECT_FALSE(validOrderNote(StationKind::Repair, "please fix the roof")) << "typed text";
  EXPECT_FALSE(validOrderNote(StationKind::Repair, "修水管;修电器")) << "ASCII separator";
}

TEST(HouseholdShortfallTest, NamesWhoIsBelowTheThresholdAndByHowMuch) {
  Settings s;  // head rule, threshold 1005
  const HouseholdMember failing[] = {{1, 998, true}, {2, 990, false}, {3, 1010, false}};
  auto head = householdShortfall(failing, s);
  ASSERT_EQ(head.size(), 1u) << "under the head rule only the head counts";
  EXPECT_EQ(head[0], (Shortfall{1, 998, 7}));

  s.household_rule = HouseholdRule::AllMembers;
  auto all = householdShortfall(failing, s);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], (Shortfall{2, 990, 15})) << "furthest below first";
  EXPECT_EQ(all[1], (Shortfall{1, 998, 7}));

  const HouseholdMember passing[] = {{1, 1005, true}, {2, 900, false}};
  s.household_rule = HouseholdRule::Head;
  EXPECT_TRUE(householdShortfall(passing, s).empty());
}

}  // namespace
}  // namespace rc::core
