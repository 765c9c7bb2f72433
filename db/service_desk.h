#pragma once
// The service hub as a kiosk uses it, whichever file the kiosk runs on:
//  - a standalone kiosk on the office's own ledger file: db::Services, the authority itself;
//  - a synced kiosk on its own file: db::KioskJournal, whose bookings, requests and order
//    actions go to the office with the entries (the office is the authority on capacity, on who
//    claimed first and on volunteer hours) and come back with the pull.
// The kiosk's screens reach the hub only through this interface (kiosk/app/kiosk_data.cpp), so
// both kinds of kiosk show and do the same. Every rule (eligibility, cost, offline share, order
// transitions) lives once in core/services.* and is applied by the implementations.
//
// Times are Unix ms; days and "today" are China Standard Time days. Failures carry
// LedgerFailure::booking_problem / order_problem (core/services.h) so the screen can name the
// refusal in plain words; `detail` strings are for logs.
// Ownership: implementations borrow a Ledger. Thread-safety: as the Database (the kiosk's DB
// worker thread only).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/services.h"
#include "core/types.h"
#include "db/ledger.h"

namespace rc::db {

struct StationView {
  core::StationKind kind = core::StationKind::Laundry;
  std::string name;  // as the office named it ("净衣社")
};

struct SlotView {
  core::Slot slot;            // capacity and booked as this kiosk knows them
  std::string station_name;
  int free_places = 0;        // capacity - booked (never below 0)
  // While the office is unreachable a kiosk may fill only its offline share of a slot
  // (core::offlineBookable); the places past it need the office.
  int free_offline = 0;
};

enum class BookingState { Booked, Cancelled, Refused };  // Refused: the office had no place left

struct BookingView {
  std::string uuid;
  std::string ticket;  // short number for the ticket ("L-0412")
  std::int64_t slot_id = 0;
  core::StationKind station = core::StationKind::Laundry;
  std::string station_name;
  std::int64_t start_ms = 0;
  core::VillagerId villager_id = 0;
  std::string villager_name;
  core::VillagerId booked_by = 0;  // the volunteer who booked for the villager; 0: themselves
  std::string booked_by_name;
  int points = 0;  // what it cost (0: free)
  BookingState state = BookingState::Booked;
  bool cancellable = false;  // upcoming, booked, and before the policy's cut-off
};

struct NewBooking {
  std::string uuid;  // the same for every retry of one confirmed booking; empty: a new one
  core::VillagerId villager_id = 0;
  core::VillagerId booked_by = 0;  // a volunteer booking for an elderly villager; 0: none
  std::int64_t slot_id = 0;
  std::int64_t now_ms = 0;  // 0: the clock
  bool office_reachable = true;  // a synced kiosk: false limits it to the offline share
};

struct OrderView {
  std::string uuid;
  std::string ticket;  // short number ("R-0031")
  core::StationKind station = core::StationKind::Repair;
  core::OrderState state = core::OrderState::Requested;
  core::VillagerId requester = 0;
  std::string requester_name;
  std::string requester_grid;  // the requester's grid, so volunteers nearby see it first
  core::VillagerId claimer = 0;  // 0: unclaimed
  std::string claimer_name;
  std::string note;  // the preset notes chosen, joined ("修水管；代买药")
  int minutes = 0;   // once done
  int points = 0;    // what the request cost the requester
  std::int64_t requested_ms = 0;
  // Synced kiosk: an action of this kiosk the office has not yet answered (claim, done …).
  bool pending = false;
};

struct NewOrder {
  std::string uuid;  // the same for every retry; empty: a new one
  core::StationKind station = core::StationKind::Repair;
  core::VillagerId requester = 0;
  core::VillagerId booked_by = 0;  // a volunteer asking for the villager; 0: none
  std::string note;                // preset notes only (core::kOrderNotes), joined
  std::int64_t now_ms = 0;
};

// Something the office decided that the villager must hear on their next scan, in plain words:
// a booking the office could not keep (points refunded), a claim that another volunteer won.
enum class NoticeKind { BookingRefused, ClaimLost };
struct Notice {
  std::string id;  // stable, so a notice shown and acknowledged is not shown again
  NoticeKind kind = NoticeKind::BookingRefused;
  core::VillagerId villager_id = 0;
  core::StationKind station = core::StationKind::Laundry;
  std::int64_t about_ms = 0;  // the slot's start, or the request's time
  int points_refunded = 0;
  std::string other_name;     // ClaimLost: who claimed it
};

// Why a household may not use the farm machinery, in figures the screen can say:
// whose score is below the threshold and by how much (core::householdEligible's reasons).
struct HouseholdShortfall {
  core::VillagerId villager_id = 0;
  std::string name;
  int score = 0;
  int below_by = 0;  // threshold - score
};

class ServiceDesk {
 public:
  virtual ~ServiceDesk() = default;

  // The kiosk whose bookings and requests these are, on a file several kiosks may share (a
  // standalone kiosk on the office's own file): its day close counts them. A synced kiosk's
  // desk records under its journal's id whatever this says.
  virtual void setKioskId(const std::string& kiosk_id) { (void)kiosk_id; }

  // The stations this kiosk offers, in the order of the kiosk config (`stations = …`).
  virtual std::vector<StationView> stations() = 0;
  // Slots of one station starting in [from_ms, to_ms), by start.
  virtual std::vector<SlotView> slots(core::StationKind kind, std::int64_t from_ms,
                                      std::int64_t to_ms) = 0;
  virtual LedgerResult<BookingView> book(const NewBooking& b) = 0;
  // Before the policy's cut-off only; points back, place freed.
  virtual LedgerResult<BookingView> cancelBooking(const std::string& booking_uuid,
                                                  std::int64_t now_ms) = 0;
  // Staff: cancels a booking whatever the cut-off, its points back by a void whose reason is
  // `reason` (core::voidReference: the reason and who voided it).
  virtual LedgerResult<BookingView> voidBooking(const std::string& booking_uuid,
                                                const std::string& reason,
                                                std::int64_t now_ms) = 0;
  // A villager's bookings whose slot has not ended, by start; refused ones until noticed.
  virtual std::vector<BookingView> bookingsOf(core::VillagerId villager, std::int64_t now_ms) = 0;
  virtual std::vector<HouseholdShortfall> householdShortfall(core::VillagerId villager) = 0;

  virtual LedgerResult<OrderView> requestOrder(const NewOrder& o) = 0;
  virtual LedgerResult<OrderView> actOnOrder(const std::string& order_uuid,
                                             core::OrderAction action,
                                             const core::OrderActor& actor, int minutes,
                                             std::int64_t now_ms) = 0;
  // Requests nobody claimed yet: the volunteer's own grid first, then oldest first.
  virtual std::vector<OrderView> openOrders(core::VillagerId volunteer) = 0;
  // Requests done and waiting for their requester's confirmation, oldest first: staff confirm
  // on the requester's behalf.
  virtual std::vector<OrderView> doneOrders() = 0;
  // What the volunteer claimed and has not seen confirmed, oldest first.
  virtual std::vector<OrderView> claimedBy(core::VillagerId volunteer) = 0;
  // The villager's own requests not yet confirmed or cancelled (those done wait for their
  // confirmation), oldest first.
  virtual std::vector<OrderView> requestsOf(core::VillagerId villager) = 0;
  // Volunteer minutes credited to the villager in the month of `now_ms`.
  virtual int volunteerMinutesThisMonth(core::VillagerId villager, std::int64_t now_ms) = 0;

  virtual std::vector<Notice> noticesFor(core::VillagerId villager) = 0;
  virtual void acknowledge(const std::string& notice_id) = 0;

  // The villager's grid as the office named it ("第三网格"), shown before a request is sent so
  // the villager sees where volunteers will come; empty when unknown.
  virtual std::string gridName(core::VillagerId villager) = 0;
};

}  // namespace rc::db
