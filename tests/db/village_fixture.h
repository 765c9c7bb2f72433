#pragma once
// A small village on a real SQLite file for the db tests: one grid, a few households and
// villagers, a catalog with stock. Helpers read the raw tables with plain SQL so a test can
// check the ledger against what is actually on disk.

#include <gtest/gtest.h>

#include <cstdint>
#include <optional>
#include <string>

#include "core/settings.h"
#include "db/catalog.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/schema.h"
#include "db/sqlite.h"
#include "support/temp_dir.h"

namespace rc::db::test {

// One integer from a query with no parameters (or nullopt with no row).
inline std::optional<std::int64_t> queryInt(Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  auto row = st.step();
  if (!row || !*row || st.columnIsNull(0)) return std::nullopt;
  return st.columnInt(0);
}

inline std::string queryText(Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  auto row = st.step();
  if (!row || !*row) return {};
  return st.columnText(0);
}

// The score and points a villager's entries add up to, straight from the entries table.
struct SummedBalance {
  std::int64_t score = core::kBaseScore;
  std::int64_t points = 0;
  std::int64_t count = 0;
};

inline SummedBalance sumOfEntries(Database& db, core::VillagerId id) {
  auto st = db.cached(
      "SELECT 1000 + COALESCE(SUM(score_delta), 0), COALESCE(SUM(points_delta), 0), count(*) "
      "FROM entries WHERE villager_id = ?");
  st->bind(1, id);
  auto row = st->step();
  EXPECT_TRUE(row && *row);
  return {st->columnInt(0), st->columnInt(1), st->columnInt(2)};
}

inline std::int64_t productStock(Database& db, const std::string& sku) {
  auto st = db.cached("SELECT stock FROM products WHERE sku = ?");
  st->bind(1, sku);
  auto row = st->step();
  EXPECT_TRUE(row && *row) << "no product " << sku;
  return st->columnInt(0);
}

inline std::int64_t sumOfMovements(Database& db, const std::string& sku) {
  auto st = db.cached(
      "SELECT COALESCE(SUM(m.delta), 0) FROM stock_movements m JOIN products p "
      "ON p.id = m.product_id WHERE p.sku = ?");
  st->bind(1, sku);
  auto row = st->step();
  EXPECT_TRUE(row && *row);
  return st->columnInt(0);
}

inline std::string describe(const LedgerFailure& f) {
  return std::string(toString(f.code)) + ": " + f.message;
}

// The fixture owns the directory, the connection and the ledger, in that order, so the file
// outlives the connection and the connection outlives the ledger.
class VillageFixture : public ::testing::Test {
 protected:
  explicit VillageFixture(core::Settings settings = {})
      : m_db(m_dir.file("ledger.db")), m_ledger(m_db, std::move(settings)) {}

  void SetUp() override {
    auto st = migrate(m_db);
    ASSERT_TRUE(st.ok()) << st.error().message;
    Roster roster(m_db);
    auto grid = roster.addGrid("第一网格");
    ASSERT_TRUE(grid.ok());
    m_grid = *grid;
  }

  core::HouseholdId addHousehold(const std::string& address, bool relief = false) {
    auto id = Roster(m_db).addHousehold(m_grid, address, relief);
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
    return id.ok() ? *id : 0;
  }

  core::VillagerId addVillager(core::HouseholdId household, const std::string& name,
                               int birth_year = 1960, bool head = false) {
    Roster roster(m_db);
    Villager v;
    v.household_id = household;
    v.name = name;
    v.birth_year = birth_year;
    auto id = roster.addVillager(v);
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message);
    if (!id.ok()) return 0;
    if (head) {
      EXPECT_TRUE(roster.setHouseholdHead(household, *id).ok());
    }
    return *id;
  }

  // A product with `stock` units received onto the shelf.
  void addProduct(const std::string& sku, int price, int stock, int per_order_limit = 0,
                  bool requires_welfare = false) {
    core::Product p;
    p.sku = sku;
    p.name = sku;
    p.category = "粮油";
    p.price_points = price;
    p.per_order_limit = per_order_limit;
    p.requires_welfare = requires_welfare;
    Catalog catalog(m_db);
    auto id = catalog.addProduct(p);
    ASSERT_TRUE(id.ok()) << id.error().message;
    if (stock > 0) {
      auto st = catalog.moveStock(sku, stock, "receive", std::nullopt, nowMs(), "first delivery");
      ASSERT_TRUE(st.ok()) << st.error().message;
    }
  }

  static EntryDraft draft(core::EntryKind kind, core::VillagerId who, int score, int points,
                          std::string uuid = {}) {
    EntryDraft d;
    d.uuid = std::move(uuid);
    d.villager_id = who;
    d.kind = kind;
    d.score_delta = score;
    d.points_delta = points;
    d.reference = "test";
    return d;
  }

  // Appends and expects success; returns the result.
  AppendResult mustAppend(const EntryDraft& d) {
    auto r = m_ledger.append(d);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : describe(r.error()));
    return r.ok() ? *r : AppendResult{};
  }

  AppendResult fund(core::VillagerId who, int points) {
    return mustAppend(draft(core::EntryKind::FundReward, who, 0, points));
  }

  Balance balanceOf(core::VillagerId who) {
    auto b = m_ledger.balance(who);
    EXPECT_TRUE(b.has_value()) << "no balance for villager " << who;
    return b.value_or(Balance{});
  }

  rc::test::TempDir m_dir;
  Database m_db;
  Ledger m_ledger;
  core::GridId m_grid = 0;
};

}  // namespace rc::db::test
