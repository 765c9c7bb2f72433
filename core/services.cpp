#include "core/services.h"

#include <algorithm>
#include <array>
#include <utility>

namespace rc::core {
namespace {

// Stored in the database and the sync protocol: never rename one.
constexpr std::array<std::pair<StationKind, std::string_view>, 7> kStationNames = {{
    {StationKind::Supermarket, "supermarket"},
    {StationKind::Laundry, "laundry"},
    {StationKind::Haircut, "haircut"},
    {StationKind::Repair, "repair"},
    {StationKind::Errand, "errand"},
    {StationKind::FarmMachinery, "farm_machinery"},
    {StationKind::WarmCanteen, "warm_canteen"},
}};

constexpr std::array<std::pair<OrderState, std::string_view>, 5> kOrderStateNames = {{
    {OrderState::Requested, "requested"},
    {OrderState::Claimed, "claimed"},
    {OrderState::Done, "done"},
    {OrderState::Confirmed, "confirmed"},
    {OrderState::Cancelled, "cancelled"},
}};

// The source: the warm canteen serves villagers aged 70 and over (and relief households).
constexpr int kWarmCanteenMinAge = 70;

// One session of service; longer claims are almost surely a typo (minutes vs hours).
constexpr int kMinServiceMinutes = 1;
constexpr int kMaxServiceMinutes = 600;

bool eligibleFor(StationKind station, const BookingContext& ctx) noexcept {
  switch (eligibilityOf(station)) {
    case Eligibility::Anyone:
      return true;
    case Eligibility::HouseholdWelfare:
      return ctx.household_eligible;
    case Eligibility::WarmCanteen:
      return ctx.age >= kWarmCanteenMinAge || ctx.relief_household;
  }
  return false;
}

}  // namespace

std::string_view toString(StationKind k) noexcept {
  for (const auto& [kind, name] : kStationNames) {
    if (kind == k) {
      return name;
    }
  }
  return "unknown";
}

std::optional<StationKind> stationKindFromString(std::string_view text) noexcept {
  for (const auto& [kind, name] : kStationNames) {
    if (name == text) {
      return kind;
    }
  }
  return std::nullopt;
}

Eligibility eligibilityOf(StationKind k) noexcept {
  switch (k) {
    case StationKind::FarmMachinery:
      return Eligibility::HouseholdWelfare;
    case StationKind::WarmCanteen:
      return Eligibility::WarmCanteen;
    case StationKind::Supermarket:
    case StationKind::Laundry:
    case StationKind::Haircut:
    case StationKind::Repair:
    case StationKind::Errand:
      return Eligibility::Anyone;
  }
  return Eligibility::Anyone;
}

std::string_view toString(BookingError e) noexcept {
  switch (e) {
    case BookingError::SlotInPast:
      return "slot_in_past";
    case BookingError::SlotFull:
      return "slot_full";
    case BookingError::AlreadyBooked:
      return "already_booked";
    case BookingError::NotEligible:
      return "not_eligible";
    case BookingError::InsufficientPoints:
      return "insufficient_points";
  }
  return "unknown";
}

Result<int, BookingError> checkBooking(const Slot& slot, const BookingContext& ctx,
                                       [[maybe_unused]] const Settings& s) {
  if (slot.start_ms < ctx.now_ms) {
    return err(BookingError::SlotInPast);
  }
  // Before SlotFull: a villager who already holds a place should hear that, not "full".
  if (ctx.already_booked_this_slot) {
    return err(BookingError::AlreadyBooked);
  }
  if (slot.booked >= slot.capacity) {
    return err(BookingError::SlotFull);
  }
  if (!eligibleFor(slot.station, ctx)) {
    return err(BookingError::NotEligible);
  }
  // A negative cost would credit points through a booking; treat the slot as free instead.
  // A free slot is never refused for points, even to a balance overdrawn by offline kiosks:
  // nothing is spent, so there is nothing to cover.
  const int cost = std::max(0, slot.points_cost);
  if (cost > 0 && cost > ctx.balance_points) {
    return err(BookingError::InsufficientPoints);
  }
  return cost;
}

std::string_view toString(OrderState s) noexcept {
  for (const auto& [state, name] : kOrderStateNames) {
    if (state == s) {
      return name;
    }
  }
  return "unknown";
}

std::optional<OrderState> orderStateFromString(std::string_view text) noexcept {
  for (const auto& [state, name] : kOrderStateNames) {
    if (name == text) {
      return state;
    }
  }
  return std::nullopt;
}

std::string_view toString(OrderError e) noexcept {
  switch (e) {
    case OrderError::InvalidTransition:
      return "invalid_transition";
    case OrderError::SelfClaim:
      return "self_claim";
    case OrderError::NotClaimer:
      return "not_claimer";
    case OrderError::NotRequester:
      return "not_requester";
    case OrderError::InvalidMinutes:
      return "invalid_minutes";
  }
  return "unknown";
}

Result<OrderState, OrderError> applyOrderAction(const OrderFacts& order, OrderAction action,
                                                const OrderActor& actor, int minutes) {
  // Staff act on anyone's behalf (e.g. for an elderly villager at the counter), but even staff
  // cannot claim their own request: the hours would be credited to the person who asked.
  const bool isRequester = actor.id == order.requester;
  const bool isClaimer = order.claimer != 0 && actor.id == order.claimer;
  switch (action) {
    case OrderAction::Claim:
      if (order.state != OrderState::Requested) {
        return err(OrderError::InvalidTransition);
      }
      if (isRequester) {
        return err(OrderError::SelfClaim);
      }
      return OrderState::Claimed;
    case OrderAction::Unclaim:
      if (order.state != OrderState::Claimed) {
        return err(OrderError::InvalidTransition);
      }
      if (!isClaimer && !actor.staff) {
        return err(OrderError::NotClaimer);
      }
      return OrderState::Requested;
    case OrderAction::Complete:
      if (order.state != OrderState::Claimed) {
        return err(OrderError::InvalidTransition);
      }
      if (!isClaimer && !actor.staff) {
        return err(OrderError::NotClaimer);
      }
      if (minutes < kMinServiceMinutes || minutes > kMaxServiceMinutes) {
        return err(OrderError::InvalidMinutes);
      }
      return OrderState::Done;
    case OrderAction::Confirm:
      if (order.state != OrderState::Done) {
        return err(OrderError::InvalidTransition);
      }
      if (!isRequester && !actor.staff) {
        return err(OrderError::NotRequester);
      }
      return OrderState::Confirmed;
    case OrderAction::Cancel:
      if (order.state != OrderState::Requested && order.state != OrderState::Claimed) {
        return err(OrderError::InvalidTransition);
      }
      if (!isRequester && !actor.staff) {
        return err(OrderError::NotRequester);
      }
      return OrderState::Cancelled;
  }
  return err(OrderError::InvalidTransition);
}

}  // namespace rc::core
