#pragma once
// What the kiosk shows, as plain values: the screen, the villager in session, the cart, the
// month's boards, errors and device state. Screens read it (as a const View) and never change
// it; the Controller changes it between frames. No SDL, no ImGui, no SQL here.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cart.h"
#include "core/rules.h"
#include "core/types.h"
#include "kiosk/app/strings.h"

namespace rc::kiosk {

using TimePoint = std::chrono::steady_clock::time_point;

enum class ScreenId { Attract, Home, Supermarket, Receipt, Error };

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
};

// Errors of the kiosk itself (its ledger, reader or file), not of what a villager did: they
// stay on screen until fixed, with no way back and no idle timeout.
bool isKioskFault(ErrorKind e) noexcept;

// The link to the office as the status bar shows it. Off: a standalone kiosk (no office URL).
// CertificateMismatch: the office presented another certificate than the one this kiosk was
// enrolled with, so the kiosk works offline and sends it nothing.
enum class SyncState { Off, Connecting, Synced, Pending, Offline, CertificateMismatch };

struct SyncView {
  SyncState state = SyncState::Off;
  std::int64_t pending = 0;  // entries the office has not yet acknowledged
  std::string synced_at;     // "14:02" (China Standard Time) of the last successful sync
  bool operator==(const SyncView&) const = default;
};

std::string_view toString(ScreenId s) noexcept;  // "attract", "home", … (script names)
std::string_view toString(ErrorKind e) noexcept;  // "unknown-card", … (script names)

struct EntryLine {
  core::EntryKind kind = core::EntryKind::CouncilAward;
  int score_delta = 0;
  int points_delta = 0;
  std::int64_t at_ms = 0;
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
  std::string paired_name;  // the party member helping a yellow-carded villager
  std::vector<EntryLine> recent;
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
  ErrorKind kind = ErrorKind::UnknownCard;
  std::string subject;  // the product it concerns, when it concerns one
  int needed = 0;       // NotEnoughPoints: points the product costs; OfflineLimit: the limit
  int available = 0;    // NotEnoughPoints: points left to spend; OfflineLimit: left today
  ScreenId back_to = ScreenId::Attract;
};

struct AppState {
  Lang lang = Lang::Zh;
  ScreenId screen = ScreenId::Attract;

  std::optional<AttractBoards> boards;  // nullopt until the worker has read them
  std::optional<VillagerCard> villager;  // the villager in session
  std::vector<core::Product> products;  // the catalog, active products, refreshed after redeeming

  // Supermarket
  std::vector<std::string> categories;  // in catalog order
  int category = 0;
  int page = 0;
  core::Cart cart;
  bool redeeming = false;  // a redemption is in flight: confirm does nothing
  std::string notice;      // a short line ("已加入：大米5kg"), cleared after a few seconds

  std::optional<Receipt> receipt;
  std::optional<ErrorInfo> error;  // shown when screen == Error

  bool reader_connected = true;
  std::string reader_device;
  bool db_available = true;
  bool out_of_service = false;  // set once, for good: see ErrorKind::OutOfService
  SyncView sync;

  bool idle_warning = false;
  int idle_seconds_left = 0;  // while idle_warning
};

// Products of the current category in catalog order.
std::vector<const core::Product*> productsInCategory(const AppState& s);
const core::Product* productBySku(const AppState& s, const std::string& sku);
// The supermarket's categories in the order shown.
std::vector<std::string> categoriesOf(const std::vector<core::Product>& products);
// Total points of the cart at current prices (unknown SKUs count 0).
int cartTotal(const AppState& s);

}  // namespace rc::kiosk
