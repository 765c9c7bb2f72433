#include "core/cart.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/rules.h"

namespace rc::core {
namespace {

constexpr std::int64_t kMaxInt = std::numeric_limits<int>::max();

CartProblem lineProblem(CartError e, const std::string& sku) { return CartProblem{e, sku}; }

}  // namespace

std::string_view toString(CartError e) noexcept {
  switch (e) {
    case CartError::Empty:
      return "empty";
    case CartError::UnknownProduct:
      return "unknown_product";
    case CartError::Inactive:
      return "inactive";
    case CartError::InvalidQuantity:
      return "invalid_quantity";
    case CartError::DuplicateLine:
      return "duplicate_line";
    case CartError::OverLimit:
      return "over_limit";
    case CartError::OutOfStock:
      return "out_of_stock";
    case CartError::NotEligible:
      return "not_eligible";
    case CartError::InsufficientPoints:
      return "insufficient_points";
  }
  return "unknown";
}

Result<PricedCart, CartProblem> priceCart(std::span<const CartLine> lines,
                                          std::span<const Product> catalog, int balance_points,
                                          int score, const Settings& s) {
  // First catalog entry wins if a sku is listed twice, matching a linear search.
  std::unordered_map<std::string_view, const Product*> bySku;
  bySku.reserve(catalog.size());
  for (const auto& p : catalog) {
    bySku.emplace(p.sku, &p);
  }

  PricedCart cart;
  cart.lines.reserve(lines.size());
  std::unordered_set<std::string_view> seen;
  // Saturates just above INT_MAX: no real balance can cover it, and it cannot overflow.
  std::int64_t total = 0;
  for (const auto& line : lines) {
    const auto found = bySku.find(line.sku);
    if (found == bySku.end()) {
      return err(lineProblem(CartError::UnknownProduct, line.sku));
    }
    const Product& product = *found->second;
    // A non-positive price breaks the catalog's contract; selling it would mint points.
    if (!product.active || product.price_points <= 0) {
      return err(lineProblem(CartError::Inactive, line.sku));
    }
    if (line.quantity < 1) {
      return err(lineProblem(CartError::InvalidQuantity, line.sku));
    }
    if (!seen.insert(line.sku).second) {
      return err(lineProblem(CartError::DuplicateLine, line.sku));
    }
    const int limit =
        product.per_order_limit > 0 ? product.per_order_limit : s.default_per_order_limit;
    if (line.quantity > limit) {
      return err(lineProblem(CartError::OverLimit, line.sku));
    }
    if (line.quantity > product.stock) {
      return err(lineProblem(CartError::OutOfStock, line.sku));
    }
    if (product.requires_welfare && !welfareEligible(score, s)) {
      return err(lineProblem(CartError::NotEligible, line.sku));
    }
    const std::int64_t linePoints =
        static_cast<std::int64_t>(line.quantity) * static_cast<std::int64_t>(product.price_points);
    total = std::min(total + linePoints, kMaxInt + 1);
    cart.lines.push_back(PricedLine{line.sku, line.quantity, product.price_points,
                                    static_cast<int>(std::min(linePoints, kMaxInt))});
  }

  if (cart.lines.empty()) {
    return err(CartProblem{CartError::Empty, {}});
  }
  if (total > kMaxInt || total > balance_points) {
    return err(CartProblem{CartError::InsufficientPoints, {}});
  }
  cart.total_points = static_cast<int>(total);
  return cart;
}

void Cart::add(const std::string& sku, int quantity) {
  if (quantity <= 0) {
    return;
  }
  const auto it =
      std::find_if(m_lines.begin(), m_lines.end(), [&](const CartLine& l) { return l.sku == sku; });
  if (it == m_lines.end()) {
    m_lines.push_back(CartLine{sku, quantity});
    return;
  }
  // Saturate: a stuck "+" button must not wrap the quantity negative.
  const std::int64_t merged = static_cast<std::int64_t>(it->quantity) + quantity;
  it->quantity = static_cast<int>(std::min(merged, kMaxInt));
}

void Cart::remove(const std::string& sku, int quantity) {
  if (quantity <= 0) {
    return;
  }
  const auto it =
      std::find_if(m_lines.begin(), m_lines.end(), [&](const CartLine& l) { return l.sku == sku; });
  if (it == m_lines.end()) {
    return;
  }
  if (it->quantity <= quantity) {
    m_lines.erase(it);
  } else {
    it->quantity -= quantity;
  }
}

int Cart::quantityOf(const std::string& sku) const noexcept {
  for (const auto& l : m_lines) {
    if (l.sku == sku) {
      return l.quantity;
    }
  }
  return 0;
}

}  // namespace rc::core
