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
    case BookingError::TooLateToCancel:
      return "too_late_to_cancel";
    case BookingError::OfficeUnreachable:
      return "office_unreachable";
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

bool isSlotStation(StationKind k) noexcept {
  return k == StationKind::Laundry || k == StationKind::FarmMachinery ||
         k == StationKind::WarmCanteen;
}

bool isOrderStation(StationKind k) noexcept {
  return k == StationKind::Haircut || k == StationKind::Repair || k == StationKind::Errand;
}

bool bookedPerHousehold(StationKind k) noexcept { return k == StationKind::FarmMachinery; }

int offlineBookable(const Slot& slot, int booked_offline_here, const Settings& s) noexcept {
  const int percent = std::clamp(s.offline_slot_share_percent, 0, 100);
  const int capacity = std::max(0, slot.capacity);
  const int share = static_cast<int>(static_cast<std::int64_t>(capacity) * percent / 100);
  const int free_places = std::max(0, capacity - std::max(0, slot.booked));
  const int left_in_share = std::max(0, share - std::max(0, booked_offline_here));
  return std::min(free_places, left_in_share);
}

bool bookingCancellable(std::int64_t slot_start_ms, std::int64_t now_ms,
                        const Settings& s) noexcept {
  const std::int64_t cutoff_ms =
      static_cast<std::int64_t>(std::max(0, s.booking_cancel_cutoff_minutes)) * 60'000;
  return now_ms <= slot_start_ms - cutoff_ms;
}

int requestPoints(StationKind k, const Settings& s) noexcept {
  switch (k) {
    case StationKind::Haircut: return std::max(0, s.haircut_request_points);
    case StationKind::Repair: return std::max(0, s.repair_request_points);
    case StationKind::Errand: return std::max(0, s.errand_request_points);
    case StationKind::Supermarket:
    case StationKind::Laundry:
    case StationKind::FarmMachinery:
    case StationKind::WarmCanteen:
      return 0;
  }
  return 0;
}

VolunteerCredit volunteerCredit(int minutes, const Settings& s) noexcept {
  return VolunteerCredit{volunteerScore(minutes, s), volunteerPoints(minutes, s)};
}

std::vector<OrderNote> orderNotesFor(StationKind k) {
  std::vector<OrderNote> out;
  for (const auto& n : kOrderNotes) {
    if (n.station == k) out.push_back(n);
  }
  return out;
}

std::string joinOrderNotes(std::span<const std::string_view> notes) {
  std::string out;
  for (const auto n : notes) {
    if (!out.empty()) out += kOrderNoteSeparator;
    out += n;
  }
  return out;
}

namespace {
constexpr std::size_t kMaxNotesPerOrder = 8;

// Calls f(part) for each part of a joined note; stops and returns false when f does.
template <class F>
bool forEachNotePart(std::string_view joined, F&& f) {
  std::size_t pos = 0;
  while (true) {
    const auto next = joined.find(kOrderNoteSeparator, pos);
    const auto part = joined.substr(pos, next == std::string_view::npos ? next : next - pos);
    if (!f(part)) return false;
    if (next == std::string_view::npos) return true;
    pos = next + kOrderNoteSeparator.size();
  }
}
}  // namespace

bool validOrderNote(StationKind k, std::string_view joined) noexcept {
  if (joined.empty()) return false;
  std::array<std::string_view, kMaxNotesPerOrder> seen{};
  std::size_t count = 0;
  return forEachNotePart(joined, [&](std::string_view part) {
    const bool preset = std::any_of(std::begin(kOrderNotes), std::end(kOrderNotes),
                                    [&](const OrderNote& n) { return n.station == k && n.zh == part; });
    if (!preset || count == kMaxNotesPerOrder) return false;
    if (std::find(seen.begin(), seen.begin() + static_cast<std::ptrdiff_t>(count), part) !=
        seen.begin() + static_cast<std::ptrdiff_t>(count)) {
      return false;
    }
    seen[count++] = part;
    return true;
  });
}

std::string orderNoteInEnglish(std::string_view joined) {
  std::string out;
  forEachNotePart(joined, [&](std::string_view part) {
    if (!out.empty()) out += "; ";
    const auto* hit = std::find_if(std::begin(kOrderNotes), std::end(kOrderNotes),
                                   [&](const OrderNote& n) { return n.zh == part; });
    out += hit != std::end(kOrderNotes) ? hit->en : part;
    return true;
  });
  return out;
}

std::vector<Shortfall> householdShortfall(std::span<const HouseholdMember> members,
                                          const Settings& s) {
  std::vector<Shortfall> out;
  if (householdEligible(members, s)) return out;
  for (const auto& m : members) {
    if (s.household_rule == HouseholdRule::Head && !m.is_head) continue;
    if (m.score < s.welfare_threshold) {
      out.push_back({m.id, m.score, s.welfare_threshold - m.score});
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Shortfall& a, const Shortfall& b) { return a.below_by > b.below_by; });
  return out;
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

std::string_view toString(OrderAction a) noexcept {
  switch (a) {
    case OrderAction::Claim: return "claim";
    case OrderAction::Unclaim: return "unclaim";
    case OrderAction::Complete: return "complete";
    case OrderAction::Confirm: return "confirm";
    case OrderAction::Cancel: return "cancel";
  }
  return "unknown";
}

std::optional<OrderAction> orderActionFromString(std::string_view text) noexcept {
  for (auto a : {OrderAction::Claim, OrderAction::Unclaim, OrderAction::Complete,
                 OrderAction::Confirm, OrderAction::Cancel}) {
    if (toString(a) == text) return a;
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
    case OrderError::NotVolunteer:
      return "not_volunteer";
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
      // Once claimed, the volunteer may be on the way: only staff cancel then.
      if (order.state == OrderState::Claimed && !actor.staff) {
        return err(OrderError::InvalidTransition);
      }
      return OrderState::Cancelled;
  }
  return err(OrderError::InvalidTransition);
}

}  // namespace rc::core
