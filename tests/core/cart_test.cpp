#include "core/cart.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace rc::core {
namespace {

constexpr int kIntMax = std::numeric_limits<int>::max();

Product product(std::string sku, int price, int stock, int limit = 0, bool welfare = false,
                bool active = true) {
  Product p;
  p.sku = std::move(sku);
  p.name = "商品";
  p.category = "粮油";
  p.price_points = price;
  p.stock = stock;
  p.per_order_limit = limit;
  p.requires_welfare = welfare;
  p.active = active;
  return p;
}

class PriceCartTest : public ::testing::Test {
 protected:
  std::vector<Product> catalog = {
      product("RICE-5KG", 50, 20),
      product("OIL-1L", 30, 3),
      product("SOAP", 5, 100, 10),  // its own limit, above the default 5
      product("EGGS", 12, 50, 2),   // its own limit, below the default
      product("FESTIVAL-GIFT", 40, 10, 1, true),
      product("OLD-TEA", 8, 10, 0, false, false),
  };
  Settings settings;
  int balance = 500;
  int score = 1010;

  Result<PricedCart, CartProblem> price(const std::vector<CartLine>& lines) {
    return priceCart(lines, catalog, balance, score, settings);
  }
  CartProblem problem(const std::vector<CartLine>& lines) {
    auto r = price(lines);
    EXPECT_FALSE(r.ok());
    return r.ok() ? CartProblem{} : r.error();
  }
};

TEST_F(PriceCartTest, PricesLinesInCartOrder) {
  const auto r = price({{"OIL-1L", 2}, {"RICE-5KG", 1}, {"SOAP", 10}});
  ASSERT_TRUE(r.ok()) << toString(r.error().error);
  const std::vector<PricedLine> expected = {
      {"OIL-1L", 2, 30, 60}, {"RICE-5KG", 1, 50, 50}, {"SOAP", 10, 5, 50}};
  EXPECT_EQ(r->lines, expected);
  EXPECT_EQ(r->total_points, 160);
}

TEST_F(PriceCartTest, EmptyCart) { EXPECT_EQ(problem({}), (CartProblem{CartError::Empty, ""})); }

TEST_F(PriceCartTest, UnknownProduct) {
  EXPECT_EQ(problem({{"RICE-5KG", 1}, {"CAVIAR", 1}}),
            (CartProblem{CartError::UnknownProduct, "CAVIAR"}));
  EXPECT_EQ(problem({{"rice-5kg", 1}}), (CartProblem{CartError::UnknownProduct, "rice-5kg"}));
}

TEST_F(PriceCartTest, InactiveProduct) {
  EXPECT_EQ(problem({{"OLD-TEA", 1}}), (CartProblem{CartError::Inactive, "OLD-TEA"}));
}

TEST_F(PriceCartTest, ZeroPricedProductIsNotForSale) {
  catalog.push_back(product("FREE", 0, 10));
  EXPECT_EQ(problem({{"FREE", 1}}), (CartProblem{CartError::Inactive, "FREE"}));
}

TEST_F(PriceCartTest, InvalidQuantity) {
  EXPECT_EQ(problem({{"RICE-5KG", 0}}), (CartProblem{CartError::InvalidQuantity, "RICE-5KG"}));
  EXPECT_EQ(problem({{"RICE-5KG", -3}}), (CartProblem{CartError::InvalidQuantity, "RICE-5KG"}));
}

TEST_F(PriceCartTest, DuplicateLine) {
  EXPECT_EQ(problem({{"RICE-5KG", 1}, {"OIL-1L", 1}, {"RICE-5KG", 1}}),
            (CartProblem{CartError::DuplicateLine, "RICE-5KG"}));
}

TEST_F(PriceCartTest, DefaultPerOrderLimit) {
  EXPECT_TRUE(price({{"RICE-5KG", 5}}).ok());
  EXPECT_EQ(problem({{"RICE-5KG", 6}}), (CartProblem{CartError::OverLimit, "RICE-5KG"}));
  settings.default_per_order_limit = 6;
  EXPECT_TRUE(price({{"RICE-5KG", 6}}).ok());
}

TEST_F(PriceCartTest, ProductLimitOverridesTheDefault) {
  EXPECT_TRUE(price({{"SOAP", 10}}).ok());
  EXPECT_EQ(problem({{"SOAP", 11}}), (CartProblem{CartError::OverLimit, "SOAP"}));
  EXPECT_TRUE(price({{"EGGS", 2}}).ok());
  EXPECT_EQ(problem({{"EGGS", 3}}), (CartProblem{CartError::OverLimit, "EGGS"}));
}

TEST_F(PriceCartTest, OutOfStock) {
  EXPECT_TRUE(price({{"OIL-1L", 3}}).ok());
  EXPECT_EQ(problem({{"OIL-1L", 4}}), (CartProblem{CartError::OutOfStock, "OIL-1L"}));
  catalog[0].stock = 0;
  EXPECT_EQ(problem({{"RICE-5KG", 1}}), (CartProblem{CartError::OutOfStock, "RICE-5KG"}));
}

TEST_F(PriceCartTest, WelfareGoodsNeedTheThreshold) {
  score = 1005;
  EXPECT_TRUE(price({{"FESTIVAL-GIFT", 1}}).ok());
  score = 1004;
  EXPECT_EQ(problem({{"FESTIVAL-GIFT", 1}}),
            (CartProblem{CartError::NotEligible, "FESTIVAL-GIFT"}));
  // Ordinary goods stay available to everyone, whatever the score.
  score = 900;
  EXPECT_TRUE(price({{"RICE-5KG", 1}}).ok());
}

TEST_F(PriceCartTest, InsufficientPointsComparesWithTheBalance) {
  balance = 160;
  EXPECT_TRUE(price({{"OIL-1L", 2}, {"RICE-5KG", 2}}).ok());  // exactly the balance
  balance = 159;
  EXPECT_EQ(problem({{"OIL-1L", 2}, {"RICE-5KG", 2}}),
            (CartProblem{CartError::InsufficientPoints, ""}));
  balance = -10;  // an overdrawn account cannot redeem anything
  EXPECT_EQ(problem({{"SOAP", 1}}), (CartProblem{CartError::InsufficientPoints, ""}));
}

TEST_F(PriceCartTest, FirstLineProblemWinsOverLaterLines) {
  EXPECT_EQ(problem({{"OIL-1L", 9}, {"CAVIAR", 1}}), (CartProblem{CartError::OverLimit, "OIL-1L"}));
  EXPECT_EQ(problem({{"CAVIAR", 1}, {"OIL-1L", 9}}),
            (CartProblem{CartError::UnknownProduct, "CAVIAR"}));
}

TEST_F(PriceCartTest, PerLineChecksRunInDocumentedOrder) {
  // Inactive before quantity.
  EXPECT_EQ(problem({{"OLD-TEA", 0}}).error, CartError::Inactive);
  // Quantity before duplicate.
  EXPECT_EQ(problem({{"RICE-5KG", 1}, {"RICE-5KG", 0}}).error, CartError::InvalidQuantity);
  // Duplicate before limit.
  EXPECT_EQ(problem({{"RICE-5KG", 1}, {"RICE-5KG", 99}}).error, CartError::DuplicateLine);
  // Limit before stock: 6 is over the limit of 5 and under the stock of 20; 4 of OIL is over
  // its stock of 3 and under the limit.
  EXPECT_EQ(problem({{"OIL-1L", 6}}).error, CartError::OverLimit);
  // Stock before eligibility.
  score = 900;
  catalog[4].stock = 0;
  EXPECT_EQ(problem({{"FESTIVAL-GIFT", 1}}).error, CartError::OutOfStock);
}

TEST_F(PriceCartTest, LineProblemsBeatCartWideProblems) {
  balance = 0;
  EXPECT_EQ(problem({{"RICE-5KG", 1}, {"FESTIVAL-GIFT", 1}}).error, CartError::InsufficientPoints);
  score = 900;
  EXPECT_EQ(problem({{"RICE-5KG", 1}, {"FESTIVAL-GIFT", 1}}),
            (CartProblem{CartError::NotEligible, "FESTIVAL-GIFT"}));
}

TEST_F(PriceCartTest, HugeTotalsAreInsufficientPointsNotOverflow) {
  catalog = {product("GOLD", kIntMax, kIntMax, kIntMax), product("SILVER", kIntMax / 2 + 1, 10)};
  balance = kIntMax;
  // One line whose product does not fit in an int.
  EXPECT_EQ(problem({{"GOLD", 2}}).error, CartError::InsufficientPoints);
  // Two lines that each fit, but whose sum does not.
  EXPECT_EQ(problem({{"SILVER", 1}, {"GOLD", 1}}).error, CartError::InsufficientPoints);
  // Exactly INT_MAX with a balance of INT_MAX is fine.
  const auto r = price({{"GOLD", 1}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total_points, kIntMax);
}

TEST(CartErrorTest, NamesAreSnakeCase) {
  EXPECT_EQ(toString(CartError::Empty), "empty");
  EXPECT_EQ(toString(CartError::UnknownProduct), "unknown_product");
  EXPECT_EQ(toString(CartError::Inactive), "inactive");
  EXPECT_EQ(toString(CartError::InvalidQuantity), "invalid_quantity");
  EXPECT_EQ(toString(CartError::DuplicateLine), "duplicate_line");
  EXPECT_EQ(toString(CartError::OverLimit), "over_limit");
  EXPECT_EQ(toString(CartError::OutOfStock), "out_of_stock");
  EXPECT_EQ(toString(CartError::NotEligible), "not_eligible");
  EXPECT_EQ(toString(CartError::InsufficientPoints), "insufficient_points");
}

// ---- the kiosk's editable cart --------------------------------------------------------------

TEST(CartTest, AddMergesLinesAndKeepsOrder) {
  Cart cart;
  EXPECT_TRUE(cart.empty());
  cart.add("RICE-5KG");
  cart.add("OIL-1L", 2);
  cart.add("RICE-5KG", 2);
  ASSERT_EQ(cart.lines().size(), 2u);
  EXPECT_EQ(cart.lines()[0], (CartLine{"RICE-5KG", 3}));
  EXPECT_EQ(cart.lines()[1], (CartLine{"OIL-1L", 2}));
  EXPECT_EQ(cart.quantityOf("RICE-5KG"), 3);
  EXPECT_EQ(cart.quantityOf("SOAP"), 0);
}

TEST(CartTest, RemoveDecrementsAndDropsTheLineAtZero) {
  Cart cart;
  cart.add("RICE-5KG", 3);
  cart.add("OIL-1L");
  cart.remove("RICE-5KG");
  EXPECT_EQ(cart.quantityOf("RICE-5KG"), 2);
  cart.remove("RICE-5KG", 5);  // more than there is: the line goes, nothing negative
  EXPECT_EQ(cart.quantityOf("RICE-5KG"), 0);
  ASSERT_EQ(cart.lines().size(), 1u);
  EXPECT_EQ(cart.lines()[0].sku, "OIL-1L");
  cart.remove("OIL-1L");
  EXPECT_TRUE(cart.empty());
  cart.remove("NOT-THERE");
  EXPECT_TRUE(cart.empty());
}

TEST(CartTest, NonPositiveQuantitiesAreIgnored) {
  Cart cart;
  cart.add("RICE-5KG", 0);
  cart.add("RICE-5KG", -2);
  EXPECT_TRUE(cart.empty());
  cart.add("RICE-5KG", 2);
  cart.remove("RICE-5KG", 0);
  cart.remove("RICE-5KG", -1);
  EXPECT_EQ(cart.quantityOf("RICE-5KG"), 2);
}

TEST(CartTest, AddSaturatesInsteadOfWrapping) {
  Cart cart;
  cart.add("SOAP", kIntMax);
  cart.add("SOAP", 5);
  EXPECT_EQ(cart.quantityOf("SOAP"), kIntMax);
}

TEST(CartTest, ClearEmptiesAndLinesFeedPriceCart) {
  Cart cart;
  cart.add("SOAP", 2);
  const std::vector<Product> catalog = {product("SOAP", 5, 100)};
  const auto r = priceCart(cart.lines(), catalog, 100, 1000, Settings{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->total_points, 10);
  cart.clear();
  EXPECT_TRUE(cart.empty());
  EXPECT_EQ(cart.lines().size(), 0u);
}

}  // namespace
}  // namespace rc::core
