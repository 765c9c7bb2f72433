#pragma once
// The supermarket catalog: products priced in points, and stock as the sum of append-only
// movements (receive, adjust, redeem, void) with the level materialized on the product.
// Ownership: borrows a Database. Thread-safety: as the Database.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "core/cart.h"
#include "db/sqlite.h"

namespace rc::db {

class Catalog {
 public:
  explicit Catalog(Database& db) noexcept : m_db(db) {}

  // Adds a product with no stock; returns its id. Throws nothing: errors are values.
  Result<std::int64_t, DbError> addProduct(const core::Product& p);
  std::vector<core::Product> products(bool active_only = true);
  std::vector<core::Product> productsBySku(std::span<const std::string> skus);
  std::optional<core::Product> productByBarcode(const std::string& barcode);

  // Records a movement and moves the materialized stock with it, inside the caller's
  // transaction or its own. A movement that would take stock below zero fails (CHECK).
  DbStatus moveStock(const std::string& sku, int delta, std::string_view reason,
                     std::optional<std::int64_t> entry_seq, std::int64_t at_ms,
                     std::string_view note);
  // What the entry `entry_seq` moved, per SKU, net of anything already put back: what a void
  // of it must return. SKUs whose movements cancel out are left out.
  Result<std::vector<std::pair<std::string, int>>, DbError> stockTakenBy(std::int64_t entry_seq);

 private:
  Database& m_db;
};

}  // namespace rc::db
