#pragma once
// The service hub: stations, bookable slots and bookings (laundry, farm machinery, warm
// canteen), and order-style service requests (haircut, repair, errands) whose volunteer hours
// are credited when the requester confirms. Every points movement goes through the Ledger in
// the same transaction as the booking or order change.
// Ownership: borrows a Ledger (and its Database). Thread-safety: as the Database.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/services.h"
#include "db/ledger.h"
#include "db/roster.h"

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
  std::int64_t slot_id = 0;
  std::int64_t now_ms = 0;
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

class Services {
 public:
  explicit Services(Ledger& ledger) noexcept : m_ledger(ledger), m_db(ledger.database()) {}

  Result<std::int64_t, DbError> addStation(core::StationKind kind, const std::string& name);
  Result<std::int64_t, DbError> addSlot(core::StationKind kind, std::int64_t start_ms,
                                        int capacity, int points_cost);
  std::vector<SlotRow> slots(core::StationKind kind, std::int64_t from_ms, std::int64_t to_ms);

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
  std::vector<OrderRow> orders(std::optional<core::OrderState> state);

 private:
  std::optional<BookingRow> bookingByUuid(const std::string& uuid);
  bool householdEligibleFor(core::VillagerId villager, std::int64_t now_ms);

  Ledger& m_ledger;
  Database& m_db;
};

}  // namespace rc::db
