#pragma once
// db::ServiceDesk of a synced kiosk, on the kiosk's own file: the office's stations, slots,
// bookings, requests and notices as the last pull sent them (db::KioskJournal::applyPull),
// with this kiosk's own actions not yet answered laid over them. Each action is recorded
// locally (a `booking` entry for points, a `void` for a refund of its own, and a service event
// in the outbox) and goes to the office with the next push; the office decides capacity, who
// claimed first and the hours (docs/sync-protocol.md "Service events").
// While the office is unreachable (NewBooking::office_reachable = false) a booking takes only
// the kiosk's offline share of a slot (core::offlineBookable).
// Ownership: borrows the KioskJournal and its Ledger. Thread-safety: as the Database.

#include <vector>

#include "db/kiosk_journal.h"
#include "db/service_desk.h"

namespace rc::db {

class KioskServices final : public ServiceDesk {
 public:
  // `offered`: the kiosk config's `stations = …`, in its order; empty: every service station.
  KioskServices(Ledger& ledger, KioskJournal& journal, std::vector<core::StationKind> offered = {})
      : m_ledger(ledger), m_db(ledger.database()), m_journal(journal), m_offered(std::move(offered)) {}

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
  // Minutes of the villager's requests confirmed this month as this kiosk knows them.
  int volunteerMinutesThisMonth(core::VillagerId villager, std::int64_t now_ms) override;
  std::vector<Notice> noticesFor(core::VillagerId villager) override;
  void acknowledge(const std::string& notice_id) override;
  std::string gridName(core::VillagerId villager) override;

 private:
  // The villager's cancel (within the cut-off) or staff's void (`staff_reason` given).
  LedgerResult<BookingView> cancel(const std::string& booking_uuid, std::int64_t now_ms,
                                   const std::string& staff_reason);
  std::optional<SlotView> slotView(std::int64_t slot_id);
  std::optional<BookingView> bookingView(const std::string& uuid, std::int64_t now_ms);
  std::optional<OrderView> orderView(const std::string& uuid);
  std::vector<OrderView> orderViews(const std::string& where, core::VillagerId who);
  std::vector<core::HouseholdMember> members(core::VillagerId villager);
  bool volunteer(core::VillagerId id);

  Ledger& m_ledger;
  Database& m_db;
  KioskJournal& m_journal;
  std::vector<core::StationKind> m_offered;
};

}  // namespace rc::db
