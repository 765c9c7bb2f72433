#pragma once
// The service hub: stations, bookable slots and bookings (laundry, farm machinery, warm
// canteen), and order-style service requests (haircut, repair, errands) whose volunteer hours
// are credited when the requester confirms. Every points movement goes through the Ledger in
// the same transaction as the booking or order change.
// It is also the db::ServiceDesk of a standalone kiosk running on the office's own file: the
// authority itself, so every booking and order action is decided at once.
// Ownership: borrows a Ledger (and its Database). Thread-safety: as the Database.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/services.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/service_desk.h"

namespace rc::db {

struct SlotRow {
  core::Slot slot;
  std::string station_name;
};

struct BookingDraft {
  std::string uuid;  // the booking's id and its ledger entry's; empty: a new one
  std::string kiosk_id = std::string(kOfficeKioskId);
  std::int64_t kiosk_seq = 0;
  core::VillagerId villager_id = 0;
  core::VillagerId booked_by = 0;  // a volunteer booking for the villager; 0: none
  std::int64_t slot_id = 0;
  std::int64_t now_ms = 0;
  std::string ticket;  // empty: numbered here
};

struct BookingRow {
  std::int64_t id = 0;
  std::string uuid;
  std::int64_t slot_id = 0;
  core::VillagerId villager_id = 0;
  bool cancelled = false;
  int points = 0;  // what it cost
};

struct OrderRow {
  std::int64_t id = 0;
  std::string uuid;
  core::StationKind station = core::StationKind::Haircut;
  core::OrderFacts facts;
  std::string note;
  int minutes = 0;
  std::optional<std::int64_t> entry_seq;  // the volunteer-hours entry, once confirmed
};

// Party members and volunteer-team members claim requests and book for elderly villagers.
bool isVolunteer(Database& db, core::VillagerId id);

// The short number on a ticket: the station's letter and four digits ("L-0412").
std::string ticketNumber(core::StationKind station, std::int64_t n);

// The ids of the notices the office gives: a booking it refused, a claim another volunteer won.
std::string bookingNoticeId(const std::string& booking_uuid);
std::string claimNoticeId(const std::string& order_uuid, core::VillagerId volunteer);

// The household's members with their scores, as core::householdEligible reads them.
std::vector<core::HouseholdMember> householdMembersOf(Database& db, core::VillagerId villager);

class Services final : public ServiceDesk {
 public:
  // `offered`: the stations a kiosk on this file offers, in its order (the kiosk config's
  // `stations = …`); empty: every service station in the file (never the supermarket).
  explicit Services(Ledger& ledger, std::vector<core::StationKind> offered = {})
      : m_ledger(ledger), m_db(ledger.database()), m_offered(std::move(offered)) {}

  Result<std::int64_t, DbError> addStation(core::StationKind kind, const std::string& name);
  Result<std::int64_t, DbError> addSlot(core::StationKind kind, std::int64_t start_ms,
                                        int capacity, int points_cost);
  std::vector<SlotRow> slotRows(core::StationKind kind, std::int64_t from_ms, std::int64_t to_ms);

  // Checks the slot, the villager's eligibility and points (core::checkBooking), takes the
  // points and a place in one transaction. The same uuid again returns the first booking.
  LedgerResult<BookingRow> book(const BookingDraft& draft);
  // Gives the place back and voids the points entry, if any.
  LedgerResult<BookingRow> cancelBooking(const std::string& booking_uuid, const std::string& reason,
                                         std::int64_t now_ms);

  // A villager's request; the same uuid again returns the first order.
  LedgerResult<OrderRow> requestOrder(const std::string& uuid, core::StationKind kind,
                                      core::VillagerId requester, const std::string& note,
                                      std::int64_t now_ms);
  // Claim, unclaim, complete (with minutes), confirm (credits the claimer's volunteer hours)
  // or cancel.
  LedgerResult<OrderRow> actOnOrder(std::int64_t order_id, core::OrderAction action,
                                    const core::OrderActor& actor, int minutes,
                                    std::int64_t now_ms);
  std::optional<OrderRow> order(std::int64_t id);
  std::optional<OrderRow> orderByUuid(const std::string& uuid);
  std::vector<OrderRow> orders(std::optional<core::OrderState> state);

  // Every booking (with its villager and station) of slots starting in [from_ms, to_ms),
  // by start: the office's day list (`rc-office bookings --day`).
  std::vector<BookingView> bookingsBetween(std::int64_t from_ms, std::int64_t to_ms);
  // Orders as a kiosk shows them, optionally in one state, oldest first.
  std::vector<OrderView> orderViews(std::optional<core::OrderState> state);
  std::optional<BookingView> bookingView(const std::string& uuid, std::int64_t now_ms);
  std::optional<OrderView> orderView(const std::string& uuid);

  // ---- db::ServiceDesk: a kiosk on the office's own file --------------------------------
  void setKioskId(const std::string& kiosk_id) override { m_kiosk_id = kiosk_id; }
  std::vector<StationView> stations() override;
  std::vector<SlotView> slots(core::StationKind kind, std::int64_t from_ms,
                              std::int64_t to_ms) override;
  LedgerResult<BookingView> book(const NewBooking& b) override;
  LedgerResult<BookingView> cancelBooking(const std::string& booking_uuid,
                                          std::int64_t now_ms) override;
  LedgerResult<BookingView> voidBooking(const std::string& booking_uuid, const std::string& reason,
                                        std::int64_t now_ms) override;
  std::vector<BookingView> bookingsOf(core::VillagerId villager, std::int64_t now_ms) override;
  std::vector<HouseholdShortfall> householdShortfall(core::VillagerId villager) override;
  LedgerResult<OrderView> requestOrder(const NewOrder& o) override;
  LedgerResult<OrderView> actOnOrder(const std::string& order_uuid, core::OrderAction action,
                                     const core::OrderActor& actor, int minutes,
                                     std::int64_t now_ms) override;
  std::vector<OrderView> openOrders(core::VillagerId volunteer) override;
  std::vector<OrderView> claimedBy(core::VillagerId volunteer) override;
  std::vector<OrderView> doneOrders() override;
  std::vector<OrderView> requestsOf(core::VillagerId villager) override;
  int volunteerMinutesThisMonth(core::VillagerId villager, std::int64_t now_ms) override;
  std::vector<Notice> noticesFor(core::VillagerId villager) override;
  void acknowledge(const std::string& notice_id) override;
  std::string gridName(core::VillagerId villager) override;

  // For the office merging kiosks' service events in its own transaction (db::OfficeSync):
  // the same paths without a transaction of their own. The caller holds a Transaction.
  LedgerResult<BookingRow> bookInTransaction(const BookingDraft& draft, bool allow_overdraft);
  // A villager's request with its points (policy), checked as requestOrder(NewOrder) checks.
  LedgerResult<OrderRow> requestInTransaction(const NewOrder& o, const std::string& kiosk_id,
                                              std::int64_t kiosk_seq, const std::string& ticket,
                                              bool allow_overdraft);
  LedgerResult<OrderRow> actInTransaction(std::int64_t order_id, core::OrderAction action,
                                          const core::OrderActor& actor, int minutes,
                                          std::int64_t now_ms);
  // Records a notice and a line on the service reconciliation list.
  DbStatus addNotice(const Notice& n, std::int64_t now_ms);
  DbStatus noteProblem(std::string_view problem, const std::string& subject_uuid,
                       core::VillagerId villager, const std::string& kiosk_id,
                       const std::string& note, std::int64_t now_ms);

 private:
  std::optional<BookingRow> bookingByUuid(const std::string& uuid);
  bool householdEligibleFor(core::VillagerId villager, std::int64_t now_ms);
  std::vector<OrderView> orderViewsWhere(const std::string& where, core::VillagerId who);

  Ledger& m_ledger;
  Database& m_db;
  std::vector<core::StationKind> m_offered;
  std::string m_kiosk_id = std::string(kOfficeKioskId);  // who books through the ServiceDesk
};

}  // namespace rc::db
