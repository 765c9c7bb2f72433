#pragma once
// Service hub rules: stations, bookable slots, and order-style service requests
// (requested -> claimed -> done -> confirmed), validated before the ledger sees them.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/rules.h"
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
  TooLateToCancel,    // cancelling after the policy's cut-off (bookingCancellable)
  OfficeUnreachable,  // offline, past the kiosk's offline share of the slot (offlineBookable)
};
std::string_view toString(BookingError e) noexcept;

// The points a booking costs, or why it cannot be made.
Result<int, BookingError> checkBooking(const Slot& slot, const BookingContext& ctx,
                                       const Settings& s);

// Stations booked by slot (laundry, farm machinery, warm canteen) and stations asked for by
// request (haircut, repair, errand).
bool isSlotStation(StationKind k) noexcept;
bool isOrderStation(StationKind k) noexcept;
// Farm machinery serves a household: one booking per household per slot, not per villager.
bool bookedPerHousehold(StationKind k) noexcept;

// The places a kiosk that cannot reach the office may still book in `slot`: its offline share
// (offline_slot_share_percent of the capacity, rounded down) less the places it already booked
// there while offline (`booked_offline_here`), and never more than the slot's free places as
// the kiosk knows them (capacity - booked). Never below 0.
int offlineBookable(const Slot& slot, int booked_offline_here, const Settings& s) noexcept;

// A booking may be cancelled, points back and place freed, until booking_cancel_cutoff_minutes
// before the slot starts.
bool bookingCancellable(std::int64_t slot_start_ms, std::int64_t now_ms,
                        const Settings& s) noexcept;

// What a haircut, repair or errand request costs the requester (policy, 0 allowed); 0 for a
// station that takes no requests.
int requestPoints(StationKind k, const Settings& s) noexcept;

// What a confirmed order credits the volunteer who did it: volunteer hours (core/rules.h) from
// the minutes the volunteer marked done.
struct VolunteerCredit {
  int score = 0;
  int points = 0;
  bool none() const noexcept { return score == 0 && points == 0; }
};
VolunteerCredit volunteerCredit(int minutes, const Settings& s) noexcept;

// The preset notes a villager taps for a request (no typing): per station, Chinese first; and
// what the volunteer did, as the requester is asked to confirm it ("刘建国 为您修理水管 60
// 分钟" / "Liu Jianguo fixed the water pipe for you, 60 minutes").
struct OrderNote {
  StationKind station;
  std::string_view zh;
  std::string_view en;
  std::string_view done_zh;
  std::string_view done_en;
};
inline constexpr OrderNote kOrderNotes[] = {
    {StationKind::Haircut, "理发", "Haircut", "理发", "cut your hair"},
    {StationKind::Haircut, "剪短", "Cut short", "剪短头发", "cut your hair short"},
    {StationKind::Haircut, "修面", "Shave", "修面", "shaved you"},
    {StationKind::Haircut, "上门理发", "Haircut at home", "上门理发", "cut your hair at home"},
    {StationKind::Repair, "修水管", "Fix water pipe", "修理水管", "fixed the water pipe"},
    {StationKind::Repair, "修电器", "Fix appliance", "修理电器", "fixed an appliance"},
    {StationKind::Repair, "修门窗", "Fix door or window", "修理门窗", "fixed a door or window"},
    {StationKind::Repair, "修农具", "Fix farm tool", "修理农具", "fixed a farm tool"},
    {StationKind::Errand, "代买药", "Buy medicine", "买药", "bought medicine"},
    {StationKind::Errand, "代缴费", "Pay a bill", "缴费", "paid a bill"},
    {StationKind::Errand, "代买菜", "Buy groceries", "买菜", "bought groceries"},
    {StationKind::Errand, "代取快递", "Pick up a parcel", "取快递", "picked up a parcel"},
};
// Notes are stored and sent joined by this separator, in the order tapped.
inline constexpr std::string_view kOrderNoteSeparator = "；";
std::vector<OrderNote> orderNotesFor(StationKind k);
std::string joinOrderNotes(std::span<const std::string_view> notes);
// The note of a request: one to eight preset notes of that station (their Chinese text),
// joined by kOrderNoteSeparator, none twice. Anything else (typed text) is refused.
bool validOrderNote(StationKind k, std::string_view joined) noexcept;
// The English labels of a joined note ("修水管；代买药" -> "Fix water pipe; Buy medicine");
// parts that are no preset stay as they are.
std::string orderNoteInEnglish(std::string_view joined);

// Why a household does not pass the household rule, in figures: the members whose score is
// below the threshold and by how much. Under HouseholdRule::Head only the head counts; under
// the other rules every member below the threshold is named. Empty when the household passes
// (householdEligible) or has nobody to name.
struct Shortfall {
  VillagerId villager_id = 0;
  int score = 0;
  int below_by = 0;  // welfare_threshold - score, > 0
  bool operator==(const Shortfall&) const = default;
};
std::vector<Shortfall> householdShortfall(std::span<const HouseholdMember> members,
                                          const Settings& s);

// Order-style requests (点单式): a villager requests, a party member or volunteer claims,
// does it, and the requester (or staff) confirms; hours are credited on confirm. The requester
// cancels while nobody has claimed it; staff also after a claim.
enum class OrderState { Requested, Claimed, Done, Confirmed, Cancelled };
enum class OrderAction { Claim, Unclaim, Complete, Confirm, Cancel };

std::string_view toString(OrderState s) noexcept;
std::optional<OrderState> orderStateFromString(std::string_view text) noexcept;
std::string_view toString(OrderAction a) noexcept;
std::optional<OrderAction> orderActionFromString(std::string_view text) noexcept;

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
  NotVolunteer,       // only party members and volunteer-team members claim requests
};
std::string_view toString(OrderError e) noexcept;

// The next state, or why not. `minutes` matters only for Complete.
Result<OrderState, OrderError> applyOrderAction(const OrderFacts& order, OrderAction action,
                                                const OrderActor& actor, int minutes = 0);

}  // namespace rc::core
