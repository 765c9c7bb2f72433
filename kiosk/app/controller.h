#pragma once
// Applies intents, scans, device changes and the DB worker's responses to the AppState,
// between frames; emits requests for the worker. All the kiosk's decisions live here (what a
// scan means on each screen, cart checks, double-tap safety, idle timeouts), as plain code that
// tests drive without SDL or threads.
// Ownership: owns the AppState. Not thread-safe: the UI thread only.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/settings.h"
#include "core/staff.h"
#include "drivers/scan.h"
#include "kiosk/app/events.h"
#include "kiosk/app/printer_port.h"
#include "kiosk/app/state.h"

namespace rc::db {
struct DayCloseRow;
}

namespace rc::kiosk {

inline constexpr std::chrono::seconds kIdleWarning{45};
inline constexpr std::chrono::seconds kIdleReset{60};
inline constexpr std::chrono::seconds kNoticeTime{4};
inline constexpr std::chrono::seconds kDbRetry{15};
// A staff session ends after two minutes untouched (core::kStaffIdleMs), warned 15 s before.
inline constexpr std::chrono::seconds kStaffIdleReset{core::kStaffIdleMs / 1000};
inline constexpr std::chrono::seconds kStaffIdleWarning{kStaffIdleReset - std::chrono::seconds(15)};

class Controller {
 public:
  Controller(core::Settings settings, std::string kiosk_id);

  const AppState& state() const noexcept { return m_s; }
  const core::Settings& settings() const noexcept { return m_settings; }

  // Asks for the boards, the catalog and the stations this kiosk offers.
  void start(TimePoint now);
  void apply(const Intent& intent, TimePoint now);
  void onScan(const drivers::Payload& payload, TimePoint now);
  void onResponse(Response response, TimePoint now);
  void onReader(bool connected, const std::string& device, TimePoint now);
  // The sync worker's status as the status bar shows it; `pulls_with_changes` counts the pulls
  // that brought something new (figures, catalog, boards): a new count reloads the boards and
  // the catalog.
  void onSync(const SyncView& view, std::uint64_t pulls_with_changes, TimePoint now);
  // The receipt printer (nullptr: none) and its paper's columns (32 or 48): reaching the
  // receipt after a redemption prints it, reaching a ticket prints that (controller_print.cpp).
  void setPrinter(PrinterPort* printer, int columns) noexcept;
  // The printer's state for the status bar.
  void onPrinter(PrinterLight light, TimePoint now);
  // Prints a day close just made (日结单), its products and stations named from the catalog and
  // this kiosk's stations.
  void printDayClose(const db::DayCloseRow& row);
  // The kiosk's file can no longer be trusted (rolled back, replaced or edited): the session
  // ends and "暂停服务" stays, whatever is tapped or scanned. The reason goes to the log.
  void outOfService(TimePoint now);
  // Idle warning and reset, notices expiring, retrying an unavailable ledger.
  void tick(TimePoint now);
  // When tick() next has something to do; nullopt when nothing is timed.
  std::optional<TimePoint> nextDeadline() const;

  std::vector<Request> takeRequests();
  // Requests sent and not yet answered.
  int pending() const noexcept { return m_pending; }
  // True once after any change to the state: the loop draws a frame.
  bool takeChanged() noexcept;

 private:
  // Built in place: moving a whole Request variant trips GCC 12's -Wmaybe-uninitialized.
  template <class R>
  void send(R r) {
    m_out.emplace_back(std::in_place_type<R>, std::move(r));
    ++m_pending;
  }
  void touch(TimePoint now);
  void showError(ErrorInfo e);
  void endSession();
  void addToCart(const std::string& sku, TimePoint now, bool from_scan);
  void setProducts(std::vector<core::Product> products);
  void redeem();
  // The screen to show with no session: Attract, or the device/ledger error that replaces it.
  void showIdleScreen();
  bool idleTimed() const noexcept;
  // The service hub (controller.cpp's second half).
  void applyHub(const Intent& intent, TimePoint now);
  void loadSlots();
  void askOrRefuse(ConfirmAsk a);  // the confirm screen, or the points it lacks at once
  void confirmYes();
  void orderAct(const std::string& uuid, core::OrderAction action, int minutes);
  // Home, or the first prompt (a notice, a done request to confirm) waiting for the villager.
  void homeOrPrompt();
  void onServed(response::Served& s, TimePoint now);
  void onServiceRefused(response::ServiceRefused& r);
  core::VillagerId villagerId() const noexcept { return m_s.villager ? m_s.villager->id : 0; }
  // Staff (controller_staff.cpp).
  void applyStaff(const Intent& intent, TimePoint now);
  void onStaffResponse(Response& response, TimePoint now);
  void staffYes();
  // The idle limits of whoever is at the kiosk: a villager's minute, or a staff member's two.
  std::chrono::seconds idleWarningAfter() const noexcept;
  std::chrono::seconds idleResetAfter() const noexcept;
  void printReceipt();
  void printTicket();

  core::Settings m_settings;
  std::string m_kiosk_id;
  AppState m_s;
  std::vector<Request> m_out;
  int m_pending = 0;
  bool m_changed = true;
  TimePoint m_last_activity{};
  std::optional<TimePoint> m_notice_until;
  std::optional<TimePoint> m_db_retry_at;
  std::string m_held_card;  // scanned while waitingForRoster: looked up once the roster is here
  std::uint64_t m_sync_pulls = 0;
  // One confirmed cart, one UUID: a retry or a second tap cannot record it twice.
  std::string m_redeem_uuid;
  std::string m_order_number;
  // One confirmed booking or request, one UUID: a second tap or a retry records it once.
  std::string m_service_uuid;
  // The PIN as typed, sent once six digits are in and cleared at once; never in the state.
  std::string m_pin;
  PrinterPort* m_printer = nullptr;
  int m_printer_columns = 32;
};

}  // namespace rc::kiosk
