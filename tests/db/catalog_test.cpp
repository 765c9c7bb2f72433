// The supermarket catalog: products priced in points, and stock that only moves through
// append-only movements whose sum is the level on the shelf.
#include "db/catalog.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "village_fixture.h"

namespace rc::db {
namespace {

using test::queryInt;

class CatalogTest : public test::VillageFixture {
 protected:
  core::Product product(const std::string& sku, int price, const std::string& barcode = {}) {
    core::Product p;
    p.sku = sku;
    p.barcode = barcode;
    p.name = sku;
    p.category = "粮油";
    p.price_points = price;
    return p;
  }
  Catalog m_catalog{m_db};
};

TEST_F(CatalogTest, ProductsReadBackWithTheirStock) {
  ASSERT_TRUE(m_catalog.addProduct(product("RICE-5KG", 30, "6901234567892")).ok());
  auto oil = product("OIL-1L", 20);
  oil.per_order_limit = 2;
  oil.requires_welfare = true;
  ASSERT_TRUE(m_catalog.addProduct(oil).ok());
  auto old = product("OLD-TEA", 9);
  old.active = false;
  ASSERT_TRUE(m_catalog.addProduct(old).ok());
  ASSERT_TRUE(m_catalog.moveStock("RICE-5KG", 12, "receive", std::nullopt, 1, "delivery").ok());

  const auto active = m_catalog.products();
  ASSERT_EQ(active.size(), 2u);
  EXPECT_EQ(m_catalog.products(false).size(), 3u);
  const auto bySku =
      m_catalog.productsBySku(std::vector<std::string>{"OIL-1L", "NOPE", "RICE-5KG"});
  ASSERT_EQ(bySku.size(), 2u);
  EXPECT_EQ(bySku[0].sku, "OIL-1L");
  EXPECT_EQ(bySku[0].per_order_limit, 2);
  EXPECT_TRUE(bySku[0].requires_welfare);
  EXPECT_EQ(bySku[0].stock, 0);
  EXPECT_EQ(bySku[1].stock, 12);
  EXPECT_EQ(bySku[1].price_points, 30);

  const auto scanned = m_catalog.productByBarcode("6901234567892");
  ASSERT_TRUE(scanned.has_value());
  EXPECT_EQ(scanned->sku, "RICE-5KG");
  EXPECT_FALSE(m_catalog.productByBarcode("0000000000000").has_value());
}

TEST_F(CatalogTest, ANonPositivePriceOrADuplicateSkuIsRefused) {
  ASSERT_TRUE(m_catalog.addProduct(product("SOAP", 5)).ok());
  EXPECT_FALSE(m_catalog.addProduct(product("SOAP", 6)).ok());
  EXPECT_FALSE(m_catalog.addProduct(product("FREE", 0)).ok());
  EXPECT_EQ(m_catalog.products().size(), 1u);
}

TEST_F(CatalogTest, StockNeverGoesBelowZeroAndEveryMoveIsRecorded) {
  ASSERT_TRUE(m_catalog.addProduct(product("SOAP", 5)).ok());
  ASSERT_TRUE(m_catalog.moveStock("SOAP", 3, "receive", std::nullopt, 1, "").ok());
  auto st = m_catalog.moveStock("SOAP", -4, "adjust", std::nullopt, 2, "count");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, DbErrorCode::Constraint);
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 3);
  EXPECT_EQ(queryInt(m_db, "SELECT count(*) FROM stock_movements"), 1)
      << "the refused move left a row";

  st = m_catalog.moveStock("NO-SUCH", 1, "receive", std::nullopt, 3, "");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(queryInt(m_db, "SELECT count(*) FROM stock_movements"), 1);

  ASSERT_TRUE(m_catalog.moveStock("SOAP", -3, "adjust", std::nullopt, 4, "broken").ok());
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 0);
  EXPECT_EQ(test::sumOfMovements(m_db, "SOAP"), 0);
  EXPECT_FALSE(m_db.inTransaction());
}

TEST_F(CatalogTest, ABusyDatabaseIsAnErrorValueNotAnException) {
  ASSERT_TRUE(m_catalog.addProduct(product("SOAP", 5)).ok());
  Database other(m_db.path(), OpenMode::ReadWrite, 50);
  ASSERT_TRUE(other.exec("BEGIN IMMEDIATE").ok());  // another writer holds the lock
  Database mine(m_db.path(), OpenMode::ReadWrite, 50);
  Catalog catalog(mine);
  DbStatus st = Ok{};
  EXPECT_NO_THROW(st = catalog.moveStock("SOAP", 1, "receive", std::nullopt, 1, ""));
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, DbErrorCode::Busy);
  ASSERT_TRUE(other.exec("ROLLBACK").ok());
  EXPECT_TRUE(catalog.moveStock("SOAP", 1, "receive", std::nullopt, 1, "").ok());
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 1);
}

}  // namespace
}  // namespace rc::db
