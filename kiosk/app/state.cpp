#include "kiosk/app/state.h"

#include <algorithm>

namespace rc::kiosk {

std::string_view toString(ScreenId s) noexcept {
  switch (s) {
    case ScreenId::Attract: return "attract";
    case ScreenId::Home: return "home";
    case ScreenId::Supermarket: return "supermarket";
    case ScreenId::Receipt: return "receipt";
    case ScreenId::Error: return "error";
    case ScreenId::FirstSync: return "first-sync";
    case ScreenId::Services: return "services";
    case ScreenId::Confirm: return "confirm";
    case ScreenId::Ticket: return "ticket";
    case ScreenId::MyServices: return "my-services";
    case ScreenId::EntryDetail: return "entry";
    case ScreenId::Volunteer: return "volunteer";
    case ScreenId::DoneMinutes: return "done-minutes";
    case ScreenId::Notice: return "notice";
    case ScreenId::ForOther: return "for-other";
    case ScreenId::StaffPin: return "staff-pin";
    case ScreenId::StaffMenu: return "staff-menu";
    case ScreenId::StaffToday: return "staff-today";
    case ScreenId::StaffReason: return "staff-reason";
    case ScreenId::StaffConfirm: return "staff-confirm";
    case ScreenId::StaffProducts: return "staff-products";
    case ScreenId::StaffNumber: return "staff-number";
    case ScreenId::StaffDayClose: return "staff-day-close";
    case ScreenId::StaffOrders: return "staff-orders";
  }
  return "?";
}

std::string_view toString(ErrorKind e) noexcept {
  switch (e) {
    case ErrorKind::UnknownCard: return "unknown-card";
    case ErrorKind::NotEnoughPoints: return "not-enough-points";
    case ErrorKind::OutOfStock: return "out-of-stock";
    case ErrorKind::NotEligible: return "not-eligible";
    case ErrorKind::ReaderUnplugged: return "reader-unplugged";
    case ErrorKind::DatabaseUnavailable: return "database-unavailable";
    case ErrorKind::UnknownProduct: return "unknown-product";
    case ErrorKind::CardFirst: return "card-first";
    case ErrorKind::Unreadable: return "unreadable";
    case ErrorKind::RedeemFailed: return "redeem-failed";
    case ErrorKind::OfflineLimit: return "offline-limit";
    case ErrorKind::OutOfService: return "out-of-service";
    case ErrorKind::SlotFull: return "slot-full";
    case ErrorKind::SlotPast: return "slot-past";
    case ErrorKind::MachineryNotEligible: return "machinery-not-eligible";
    case ErrorKind::CanteenNotEligible: return "canteen-not-eligible";
    case ErrorKind::AlreadyBooked: return "already-booked";
    case ErrorKind::ServicePoints: return "service-points";
    case ErrorKind::TooLateToCancel: return "too-late-to-cancel";
    case ErrorKind::NeedsOffice: return "needs-office";
    case ErrorKind::AlreadyClaimed: return "already-claimed";
    case ErrorKind::ServiceFailed: return "service-failed";
  }
  return "?";
}

bool isKioskFault(ErrorKind e) noexcept {
  return e == ErrorKind::DatabaseUnavailable || e == ErrorKind::ReaderUnplugged ||
         e == ErrorKind::OutOfService;
}

Prompt nextPrompt(const std::optional<HubView>& hub, const std::vector<std::string>& later) {
  Prompt p;
  if (!hub) return p;
  if (!hub->notices.empty()) {
    p.notice = &hub->notices.front();
    return p;
  }
  for (const auto& o : hub->requests) {
    if (o.state != core::OrderState::Done || o.pending) continue;
    if (std::find(later.begin(), later.end(), o.uuid) != later.end()) continue;
    p.done = &o;
    return p;
  }
  return p;
}

const db::StationView* currentStation(const AppState& s) {
  if (s.stations.empty()) return nullptr;
  return &s.stations[static_cast<std::size_t>(s.station) % s.stations.size()];
}

std::vector<const core::Product*> productsInCategory(const AppState& s) {
  std::vector<const core::Product*> out;
  if (s.categories.empty()) return out;
  const auto& cat = s.categories[static_cast<std::size_t>(s.category) % s.categories.size()];
  for (const auto& p : s.products) {
    if (p.category == cat) out.push_back(&p);
  }
  return out;
}

const core::Product* productBySku(const AppState& s, const std::string& sku) {
  for (const auto& p : s.products) {
    if (p.sku == sku) return &p;
  }
  return nullptr;
}

std::vector<std::string> categoriesOf(const std::vector<core::Product>& products) {
  // Biggest shelves first (everyday goods), the few welfare items last; ties by name.
  std::vector<std::pair<int, std::string>> counted;
  for (const auto& p : products) {
    auto it = std::find_if(counted.begin(), counted.end(),
                           [&](const auto& c) { return c.second == p.category; });
    if (it == counted.end()) {
      counted.push_back({1, p.category});
    } else {
      ++it->first;
    }
  }
  std::sort(counted.begin(), counted.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::string> out;
  for (auto& c : counted) out.push_back(std::move(c.second));
  return out;
}

int cartTotal(const AppState& s) {
  int total = 0;
  for (const auto& line : s.cart.lines()) {
    if (const auto* p = productBySku(s, line.sku)) total += p->price_points * line.quantity;
  }
  return total;
}

}  // namespace rc::kiosk
