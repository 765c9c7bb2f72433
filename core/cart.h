#pragma once
// Supermarket carts: what a villager picked, checked against the catalog, stock, per-order
// limits, eligibility and the points balance before anything reaches the ledger.

#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/settings.h"

namespace rc::core {

struct Product {
  std::string sku;       // our own code, e.g. "RICE-5KG"
  std::string barcode;   // EAN-13/EAN-8/UPC-A printed on the pack, may be empty
  std::string name;      // Chinese display name
  std::string category;  // e.g. "粮油"
  int price_points = 0;  // > 0
  int stock = 0;         // units on the shelf
  int per_order_limit = 0;        // 0: Settings::default_per_order_limit
  bool requires_welfare = false;  // only for villagers at or above the welfare threshold
  bool active = true;
};

struct CartLine {
  std::string sku;
  int quantity = 0;
  bool operator==(const CartLine&) const = default;
};

struct PricedLine {
  std::string sku;
  int quantity = 0;
  int unit_points = 0;
  int line_points = 0;
  bool operator==(const PricedLine&) const = default;
};

struct PricedCart {
  std::vector<PricedLine> lines;  // in the cart's order
  int total_points = 0;
};

enum class CartError {
  Empty,               // nothing to redeem
  UnknownProduct,      // sku not in the catalog
  Inactive,            // withdrawn from sale
  InvalidQuantity,     // quantity < 1
  DuplicateLine,       // the same sku twice (a cart merges lines)
  OverLimit,           // more than the per-order limit
  OutOfStock,          // more than on the shelf
  NotEligible,         // product requires welfare eligibility
  InsufficientPoints,  // total above the balance
};

struct CartProblem {
  CartError error = CartError::Empty;
  std::string sku;  // the offending line, empty for cart-wide problems
  bool operator==(const CartProblem&) const = default;
};

std::string_view toString(CartError e) noexcept;

// Validates and prices. The first problem in line order wins; cart-wide problems (Empty,
// InsufficientPoints) are reported after every line is fine.
Result<PricedCart, CartProblem> priceCart(std::span<const CartLine> lines,
                                          std::span<const Product> catalog, int balance_points,
                                          int score, const Settings& s);

// An editable cart for the kiosk: + and - per product, merged lines, order kept.
// Not thread-safe; owned by the UI state.
class Cart {
 public:
  void add(const std::string& sku, int quantity = 1);
  // Removes up to `quantity`; the line disappears at zero.
  void remove(const std::string& sku, int quantity = 1);
  void clear() noexcept { m_lines.clear(); }
  int quantityOf(const std::string& sku) const noexcept;
  bool empty() const noexcept { return m_lines.empty(); }
  std::span<const CartLine> lines() const noexcept { return m_lines; }

 private:
  std::vector<CartLine> m_lines;
};

}  // namespace rc::core
