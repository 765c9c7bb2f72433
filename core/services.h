#pragma once
// Service hub rules: stations, bookable slots, and order-style service requests
// (requested -> claimed -> done -> confirmed), validated before the ledger sees them.

#include <cstdint>
#include <optional>
#include <string_view>

#include "core/result.h"
#include "core/settings.h"
#include "core/types.h"

namespace rc::core {

enum class StationKind {
  Supermarket,    // 红色信用超市
  Laundry,        // 净衣社 (slots)
  Haircut,        // 理发 (orders)
  Repair,         // 修理 (orders)
  Errand,         // 跑腿 (orders)
  FarmMachinery,  // 三秋农机服务 (slots, per household, welfare-gated)
  WarmCanteen,    // 暖心食堂 (slots, 70+ or relief households)
};

std::string_view toString(StationKind k) noexcept;
std::optional<StationKind> stationKindFromString(std::string_view text) noexcept;

// Who may use a station.
enum class Eligibility {
  Anyone,
  HouseholdWelfare,  // the villager's household passes the household rule
  WarmCanteen,       // aged 70+ or a household on relief
};

Eligibility eligibilityOf(StationKind k) noexcept;

struct Slot {
  std::int64_t id = 0;
  StationKind station = StationKind::Laundry;
  std::int64_t start_ms = 0;  // Unix ms
  int capacity = 0;
  int booked = 0;
  int points_cost = 0;  // >= 0
};

struct BookingContext {
  std::int64_t now_ms = 0;
  int balance_points = 0;
  bool household_eligible = false;  // householdEligible() for the villager's household
  int age = 0;
  bool relief_household = false;
  bool already_booked_this_slot = false;
};

enum class BookingError {
  SlotInPast,
  SlotFull,
  AlreadyBooked,
  NotEligible,
  InsufficientPoints,
};
std::string_view toString(BookingError e) noexcept;

// The points a booking costs, or why it cannot be made.
Result<int, BookingError> checkBooking(const Slot& slot, const BookingContext& ctx,
                                       const Settings& s);

// Order-style requests (点单式): a villager requests, a party member or volunteer claims,
// does it, and the requester (or staff) confirms; hours are credited on confirm.
enum class OrderState { Requested, Claimed, Done, Confirmed, Cancelled };
enum class OrderAction { Claim, Unclaim, Complete, Confirm, Cancel };

std::string_view toString(OrderState s) noexcept;
std::optional<OrderState> orderStateFromString(std::string_view text) noexcept;

struct OrderActor {
  VillagerId id = 0;
  bool staff = false;
};

struct OrderFacts {
  OrderState state = OrderState::Requested;
  VillagerId requester = 0;
  VillagerId claimer = 0;  // 0 when unclaimed
};

enum class OrderError {
  InvalidTransition,  // e.g. confirm before done, anything after confirmed/cancelled
  SelfClaim,          // nobody claims their own request
  NotClaimer,         // only the claimer unclaims or completes
  NotRequester,       // only the requester (or staff) confirms or cancels
  InvalidMinutes,     // completing needs 1..600 minutes of service
};
std::string_view toString(OrderError e) noexcept;

// The next state, or why not. `minutes` matters only for Complete.
Result<OrderState, OrderError> applyOrderAction(const OrderFacts& order, OrderAction action,
                                                const OrderActor& actor, int minutes = 0);

}  // namespace rc::core
