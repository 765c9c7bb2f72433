#include "db/catalog.h"

namespace rc::db {
namespace {

constexpr const char* kProductColumns =
    "sku, COALESCE(barcode, ''), name, category, price_points, stock, per_order_limit, "
    "requires_welfare, active";

core::Product readProduct(const Statement& st) {
  core::Product p;
  p.sku = st.columnText(0);
  p.barcode = st.columnText(1);
  p.name = st.columnText(2);
  p.category = st.columnText(3);
  p.price_points = static_cast<int>(st.columnInt(4));
  p.stock = static_cast<int>(st.columnInt(5));
  p.per_order_limit = static_cast<int>(st.columnInt(6));
  p.requires_welfare = st.columnInt(7) != 0;
  p.active = st.columnInt(8) != 0;
  return p;
}

}  // namespace

Result<std::int64_t, DbError> Catalog::addProduct(const core::Product& p) {
  auto st = m_db.cached(
      "INSERT INTO products (sku, barcode, name, category, price_points, per_order_limit, "
      "requires_welfare, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, p.sku);
  if (p.barcode.empty()) {
    st->bindNull(2);
  } else {
    st->bind(2, p.barcode);
  }
  st->bind(3, p.name).bind(4, p.category).bind(5, p.price_points).bind(6, p.per_order_limit);
  st->bind(7, p.requires_welfare ? 1 : 0).bind(8, p.active ? 1 : 0);
  if (auto r = st->run(); !r) return err(r.error());
  return m_db.lastInsertRowid();
}

Result<std::vector<std::pair<std::string, int>>, DbError> Catalog::stockTakenBy(
    std::int64_t entry_seq) {
  std::vector<std::pair<std::string, int>> taken;
  auto st = m_db.cached(
      "SELECT p.sku, SUM(m.delta) FROM stock_movements m JOIN products p ON p.id = m.product_id "
      "WHERE m.entry_seq = ? GROUP BY p.id HAVING SUM(m.delta) <> 0 ORDER BY p.id");
  st->bind(1, entry_seq);
  while (true) {
    auto row = st->step();
    if (!row) return err(row.error());
    if (!*row) break;
    taken.emplace_back(st->columnText(0), static_cast<int>(st->columnInt(1)));
  }
  return taken;
}

std::vector<core::Product> Catalog::products(bool active_only) {
  auto st = m_db.cached(std::string("SELECT ") + kProductColumns +
                        " FROM products WHERE active >= ? ORDER BY category, id");
  st->bind(1, active_only ? 1 : 0);
  std::vector<core::Product> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readProduct(*st));
  }
  return out;
}

std::vector<core::Product> Catalog::productsBySku(std::span<const std::string> skus) {
  std::vector<core::Product> out;
  auto st = m_db.cached(std::string("SELECT ") + kProductColumns + " FROM products WHERE sku = ?");
  for (const auto& sku : skus) {
    st->bind(1, sku);
    auto row = st->step();
    if (row && *row) out.push_back(readProduct(*st));
    st->reset();
  }
  return out;
}

std::optional<core::Product> Catalog::productByBarcode(const std::string& barcode) {
  auto st = m_db.cached(std::string("SELECT ") + kProductColumns +
                        " FROM products WHERE barcode = ?");
  st->bind(1, barcode);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readProduct(*st);
}

DbStatus Catalog::moveStock(const std::string& sku, int delta, std::string_view reason,
                            std::optional<std::int64_t> entry_seq, std::int64_t at_ms,
                            std::string_view note) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return err(tx.error());
  {
    auto st = m_db.cached(
        "INSERT INTO stock_movements (product_id, delta, reason, entry_seq, at_ms, note) "
        "SELECT id, ?, ?, ?, ?, ? FROM products WHERE sku = ?");
    st->bind(1, delta).bind(2, reason).bind(3, entry_seq).bind(4, at_ms).bind(5, note);
    st->bind(6, sku);
    if (auto r = st->run(); !r) return r;
    if (m_db.changes() != 1) {
      return err(DbError{DbErrorCode::Constraint, "no product " + sku});
    }
  }
  {
    auto st = m_db.cached("UPDATE products SET stock = stock + ? WHERE sku = ?");
    st->bind(1, delta).bind(2, sku);
    if (auto r = st->run(); !r) return r;
  }
  return (*tx)->commit();
}

}  // namespace rc::db
