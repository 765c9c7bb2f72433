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
  }
  return "?";
}

bool isKioskFault(ErrorKind e) noexcept {
  return e == ErrorKind::DatabaseUnavailable || e == ErrorKind::ReaderUnplugged ||
         e == ErrorKind::OutOfService;
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
