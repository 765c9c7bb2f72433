#pragma once
// What the kiosk shows, as plain values: the screen, the villager in session, the cart, the
// month's boards, errors and device state. Screens read it (as a const View) and never change
// it; the Controller changes it between frames. No SDL, no ImGui, no SQL here.

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/cart.h"
#include "core/rules.h"
#include "core/staff.h"
#include "core/types.h"
#include "db/product_pictures.h"
#include "db/service_desk.h"
#include "db/staff.h"
#include "kiosk/app/strings.h"

namespace rc::kiosk {

using TimePoint = std::chrono::steady_clock::time_point;

enum class ScreenId {
  Attract,
  Home,
  Supermarket,
  Receipt,
  Error,
  // A synced kiosk's first start: the village's roster is being downloaded from the office.
  FirstSync,
  // The service hub (issue 12): stations and their slots or preset requests, one confirm
  // screen for every booking, request and cancellation, the ticket, the villager's own
  // bookings and requests, the volunteer's requests, the minutes a service took, what the
  // office decided (shown once on the next scan), and a volunteer booking for someone else.
  Services,
  Confirm,
  Ticket,
  MyServices,
  Volunteer,
  DoneMinutes,
  Notice,
  ForOther,
  // Staff (issue 13): the PIN pad, the menu, today's transactions, a reason, one confirm for
  // every staff action, a product (restock, stock count), a count, the day close, and the
  // requests waiting for their requester's confirmation.
  StaffPin,
  StaffMenu,
  StaffToday,
  StaffReason,
  StaffConfirm,
  StaffProducts,
  StaffNumber,
  StaffDayClose,
  StaffOrders,
  // Why a recent entry moved the villager's numbers (tapped on Home): rule, evidence, month.
  EntryDetail,
};

// Every error a villager can meet, each with plain words and a next step (strings.h).
enum class ErrorKind {
  UnknownCard,
  NotEnoughPoints,
  OutOfStock,
  NotEligible,
  ReaderUnplugged,
  DatabaseUnavailable,
  UnknownProduct,
  CardFirst,
  Unreadable,
  RedeemFailed,
  OfflineLimit,  // the office is unreachable and the villager reached today's offline allowance
  OutOfService,  // this kiosk's file was rolled back, replaced or edited: staff must look at it
  // The service hub's refusals, each in its own words with a next step.
  SlotFull,              // no place left in the slot
  SlotPast,              // the slot has started
  MachineryNotEligible,  // the household does not pass the household rule (whose score, how far)
  CanteenNotEligible,    // the warm canteen is for villagers aged 70+ and relief households
  AlreadyBooked,         // this villager (household, for the farm machinery) holds the slot
  TooLateToCancel,       // the slot starts within the policy's cut-off: no cancelling now
  ServicePoints,         // the booking or request costs more points than the villager has
  NeedsOffice,           // offline, the slot's offline share is used up: the last places need the office
  AlreadyClaimed,        // another volunteer claimed the request first
  ServiceFailed,         // anything else: nothing was recorded
};

// Errors of the kiosk itself (its ledger, reader or file), not of what a villager did: they
// stay on screen until fixed, with no way back and no idle timeout.
bool isKioskFault(ErrorKind e) noexcept;

// The link to the office as the status bar shows it. Off: a standalone kiosk (no office URL).
// CertificateMismatch: the office presented another certificate than the one this kiosk was
// enrolled with, so the kiosk works offline and sends it nothing.
enum class SyncState { Off, Connecting, Synced, Pending, Offline, CertificateMismatch };

// The receipt printer as the status bar shows it. Off: none configured (nothing shown); Ready:
// it prints (nothing shown either); PaperOut, Absent, Fault: a line says so, and the kiosk goes
// on without paper.
enum class PrinterLight { Off, Ready, PaperOut, Absent, Fault };

struct SyncView {
  SyncState state = SyncState::Off;
  std::int64_t pending = 0;  // entries the office has not yet acknowledged
  std::string synced_at;     // "14:02" (China Standard Time) of the last successful sync
  // The kiosk file's first pull (sync::SyncStatus): until it finished, the FirstSync screen
  // shows its progress and scans wait for it. Always true for a standalone kiosk.
  bool roster_ready = true;
  int roster_pages = 0;
  std::int64_t roster_villagers = 0;
  std::int64_t roster_products = 0;
  int failures = 0;  // rounds failed in a row (the office not reachable yet)
  bool operator==(const SyncView&) const = default;
};

std::string_view toString(ScreenId s) noexcept;  // "attract", "home", … (script names)
std::string_view toString(ErrorKind e) noexcept;  // "unknown-card", … (script names)

struct EntryLine {
  core::EntryKind kind = core::EntryKind::CouncilAward;
  int score_delta = 0;
  int points_delta = 0;
  std::int64_t at_ms = 0;
  // Why (db::EntryReasons): the rule, the goods or the team; empty: the kind's word says it.
  std::string what;
  std::string evidence;  // the council's evidence, a fund reward's words
  std::string month;     // "2026-11": the council's month
  int minutes = 0;       // volunteer hours
};

// One villager as the Home screen shows them.
struct VillagerCard {
  core::VillagerId id = 0;
  std::string name;
  int score = core::kBaseScore;
  int points = 0;
  core::Stars stars;
  int rank = 0;    // among all villagers at the end of the boards' month; 0 when unknown
  int ranked = 0;  // how many were ranked
  bool welfare = false;
  bool yellow_card = false;
  bool party_member = false;
  bool volunteer = false;  // in a volunteer team
  std::string grid;        // the villager's grid ("第三网格"), when the hub knows it
  // Party members and volunteers claim service requests (我的志愿服务).
  bool servesOthers() const noexcept { return party_member || volunteer; }
  std::string paired_name;  // the party member helping a yellow-carded villager
  std::vector<EntryLine> recent;
  // Volunteer teams recruiting this month (rc-office team recruit): what the villager can do
  // next to raise the score, named in the welfare box.
  std::vector<std::string> recruiting;
};

struct BoardLine {
  std::string name;
  int score = core::kBaseScore;
  int rank = 0;
  core::Stars stars;
};

// The Attract screen's public boards for one month.
struct AttractBoards {
  core::YearMonth month;
  std::vector<BoardLine> party;      // the red/grey board, by rank
  std::vector<BoardLine> commended;  // the honour roll, top 10 (ties may add a few)
  int volunteer_minutes = 0;
  int volunteer_sessions = 0;
};

struct ReceiptLine {
  std::string name;
  int quantity = 0;
  int points = 0;
};

struct Receipt {
  std::string order_number;
  std::vector<ReceiptLine> lines;
  int total_points = 0;
  int balance_after = 0;
  std::int64_t ledger_seq = 0;
};

struct ErrorInfo {
  // The common case in one line: {kind, subject, needed, available, back_to}.
  ErrorInfo(ErrorKind k = ErrorKind::UnknownCard, std::string what = {}, int need = 0,
            int have = 0, ScreenId back = ScreenId::Attract)
      : kind(k), subject(std::move(what)), needed(need), available(have), back_to(back) {}

  ErrorKind kind = ErrorKind::UnknownCard;
  std::string subject;  // the product it concerns, when it concerns one
  int needed = 0;       // NotEnoughPoints: points the product costs; OfflineLimit: the limit
  int available = 0;    // NotEnoughPoints: points left to spend; OfflineLimit: left today
  ScreenId back_to = ScreenId::Attract;
  // The service hub's refusals: the station (named in the villager's language) and the slot.
  std::optional<core::StationKind> station;
  std::int64_t at_ms = 0;
  // MachineryNotEligible: the household members below the threshold, by name and score.
  std::vector<db::HouseholdShortfall> shortfall;
};

// The service hub as it concerns the villager in session; for a party member or volunteer also
// the requests they may claim and those they claimed.
struct HubView {
  std::vector<db::BookingView> bookings;  // upcoming, by start (refused ones until noticed)
  std::vector<db::OrderView> requests;    // their own, not yet confirmed or cancelled
  std::vector<db::Notice> notices;        // what the office decided, shown once
  std::vector<db::OrderView> open;        // volunteers: claimable (never their own), own grid first
  std::vector<db::OrderView> claimed;     // volunteers: what they claimed, oldest first
  int volunteer_minutes = 0;              // volunteers: credited this month
};

// What the Confirm screen asks, one decision.
enum class ConfirmKind { Book, Request, CancelBooking, CancelRequest };
struct ConfirmAsk {
  ConfirmKind kind = ConfirmKind::Book;
  core::StationKind station = core::StationKind::Laundry;
  std::string station_name;
  std::int64_t slot_id = 0;   // Book
  std::int64_t at_ms = 0;     // the slot's start (Book, CancelBooking) or the request's time
  int points = 0;             // what it costs, or what comes back
  std::string note;           // Request, CancelRequest: the preset notes, joined
  std::string uuid;           // CancelBooking, CancelRequest
  std::string ticket;         // CancelBooking, CancelRequest
};

// A booking or request that went through: the number to show at the station.
struct Ticket {
  bool booking = true;  // false: a request (haircut, repair, errand)
  std::string number;
  core::StationKind station = core::StationKind::Laundry;
  std::string station_name;
  std::int64_t at_ms = 0;  // the slot's start; a request: when it was made
  int points = 0;
  std::string villager_name;
  std::string helper_name;  // the volunteer who booked for the villager, if one did
  std::string note;
  std::string grid;
  bool pending = false;  // a synced kiosk: the office has not answered yet
};

// One of this kiosk's transactions today, as the staff's list shows it.
struct StaffTxn {
  std::string uuid;
  std::int64_t seq = 0;  // the kiosk's own number of the entry
  std::int64_t at_ms = 0;
  std::string villager;
  core::EntryKind kind = core::EntryKind::Redemption;
  int points = 0;    // as recorded: a spend is negative, a void positive
  std::string what;  // "毛巾×2、肥皂×1", a station's name, or what a void reversed
  bool voided = false;   // a later entry reversed it
  bool pending = false;  // the office has not acknowledged it yet
  bool voidable = false; // a redemption or booking not voided yet
};

// Today at this kiosk: its transactions, their totals (core::summarizeDay over them), and the
// day as the next close would count it (every entry since the last close).
struct StaffDay {
  std::vector<StaffTxn> txns;  // newest first
  core::DaySummary today;
  core::DaySummary open;  // since the last close
  std::int64_t first_seq = 1;
  std::int64_t last_seq = 0;
  std::int64_t next_number = 1;
  std::int64_t pending = 0;  // entries the office has not acknowledged; -1: standalone
  // SKU and station names for the totals' lines.
  std::vector<std::pair<std::string, std::string>> names;
};

// What the staff's confirm screen asks, one decision.
enum class StaffAsk { Void, Restock, Count, ConfirmOrder };

// The staff member at the kiosk: from the card's scan through the PIN to the end of the
// session (exit, or two minutes untouched).
struct StaffSession {
  std::string card_uid;
  std::string name;
  core::StaffRole role = core::StaffRole::Keeper;
  bool has_pin = true;     // false: no PIN set at the office yet
  bool signed_in = false;  // the PIN was right
  // The PIN pad: digits typed (shown as dots), a check in flight, the last PIN wrong.
  int pin_len = 0;
  bool checking = false;
  bool wrong = false;
  int tries_left = core::kPinFreeTries;
  int locked_minutes = 0;  // > 0: the card is locked for about this long
  // Lists.
  std::optional<StaffDay> day;
  int page = 0;
  std::vector<db::OrderView> orders;
  // The decision in hand.
  StaffAsk ask = StaffAsk::Void;
  std::optional<StaffTxn> target;  // Void
  std::optional<core::VoidReason> void_reason;
  bool counting = false;  // StaffProducts, StaffNumber: a stock count; false: a restock
  std::optional<core::Product> product;
  int number = 0;  // StaffNumber: what arrived, or what is on the shelf
  std::optional<core::CountReason> count_reason;
  std::string order_uuid;  // ConfirmOrder
  // The close just made, shown until Done.
  std::optional<db::DayCloseRow> closed;
  core::DaySummary closed_summary;
  bool busy = false;       // a staff request is in flight: buttons do nothing
  std::string done_line;   // what the last action did ("已作废 …"), shown on the next screen
  std::string done_line_en;
  std::string problem;     // why the last action did not go through, in the kiosk's words
  std::string problem_en;
};

// The prompt a villager meets on scan before Home: a notice, or a done request to confirm.
struct Prompt {
  const db::Notice* notice = nullptr;
  const db::OrderView* done = nullptr;
};
// The first notice, else the first request done by a volunteer and waiting for this villager's
// confirmation that they have not put off (`later`) this session; both null: none.
Prompt nextPrompt(const std::optional<HubView>& hub, const std::vector<std::string>& later);

struct AppState {
  Lang lang = Lang::Zh;
  ScreenId screen = ScreenId::Attract;

  std::optional<AttractBoards> boards;  // nullopt until the worker has read them
  std::optional<VillagerCard> villager;  // the villager in session
  int entry = 0;  // EntryDetail: the index in villager->recent
  std::vector<core::Product> products;  // the catalog, active products, refreshed after redeeming
  // Product pictures by SKU, decoded to RGBA on the DB worker (a product without one has none).
  std::map<std::string, std::shared_ptr<const db::RgbaPicture>> pictures;

  // Supermarket
  std::vector<std::string> categories;  // in catalog order
  int category = 0;
  int page = 0;
  core::Cart cart;
  bool redeeming = false;  // a redemption is in flight: confirm does nothing
  std::string notice;      // a short line ("已加入：大米5kg"), cleared after a few seconds

  std::optional<Receipt> receipt;
  std::optional<ErrorInfo> error;  // shown when screen == Error

  // Service hub. No ServiceDesk, or one offering no station: no Services way on Home.
  std::vector<db::StationView> stations;  // this kiosk's, in the kiosk config's order
  int station = 0;                        // the one shown on the Services screen
  std::int64_t today_ms = 0;              // start of today (China Standard Time) of `slots`
  std::vector<db::SlotView> slots;        // of stations[station]: today and the next 6 days
  bool slots_loading = false;
  std::vector<int> notes;                 // preset notes chosen (indices into the station's)
  std::optional<HubView> hub;             // for the villager in session
  int volunteer_page = 0;                 // of the open requests, kVolunteerRows a page
  std::optional<ConfirmAsk> confirm;      // shown when screen == Confirm
  std::optional<Ticket> ticket;           // shown when screen == Ticket
  // A volunteer booking for an elderly villager: the volunteer, while `villager` is the one
  // booked for (their points are used).
  std::optional<VillagerCard> helper;
  bool acting = false;                    // a hub action is in flight: confirm does nothing
  std::string done_uuid;                  // DoneMinutes: the claimed request being marked done
  int minutes = 60;                       // DoneMinutes
  std::vector<std::string> later;         // done requests the villager put off this session

  std::optional<StaffSession> staff;  // a staff card was scanned (StaffPin onwards)

  bool reader_connected = true;
  std::string reader_device;
  bool db_available = true;
  bool out_of_service = false;  // set once, for good: see ErrorKind::OutOfService
  SyncView sync;
  PrinterLight printer = PrinterLight::Off;

  bool idle_warning = false;
  int idle_seconds_left = 0;  // while idle_warning

  // FirstSync: a card scanned before the roster arrived, looked up as soon as it has.
  bool scan_waiting = false;
  int say_again = 0;  // how often 再听一遍 was tapped: the voice speaks the screen again
};

// A synced kiosk whose file has not yet had its first whole pull: it does not know the village.
inline bool waitingForRoster(const AppState& s) {
  return s.sync.state != SyncState::Off && !s.sync.roster_ready;
}

inline bool servicesOffered(const AppState& s) { return !s.stations.empty(); }
// Requests a page of the volunteer screen lists (open ones on the left, claimed on the right).
inline constexpr int kVolunteerRows = 4;
const db::StationView* currentStation(const AppState& s);
// Slot stations (laundry, farm machinery, warm canteen) book a slot; the others take requests:
// core::isSlotStation.

// Products of the current category in catalog order.
std::vector<const core::Product*> productsInCategory(const AppState& s);
const core::Product* productBySku(const AppState& s, const std::string& sku);
// The supermarket's categories in the order shown.
std::vector<std::string> categoriesOf(const std::vector<core::Product>& products);
// Total points of the cart at current prices (unknown SKUs count 0).
int cartTotal(const AppState& s);

}  // namespace rc::kiosk
