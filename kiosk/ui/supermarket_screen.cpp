// Supermarket: categories on the left, nine goods at a time in the middle (points and stock on
// each), the cart on the right with − and +, the total against the balance, and one green
// button. Tapping a product adds one; scanning its barcode does the same.
#include <algorithm>

#include <iterator>
#include <string_view>

#include "core/text.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

constexpr int kColumns = 3;
constexpr int kPageSize = 9;
constexpr int kCartRowsShown = 4;
constexpr float kPictureSide = 100;

// A product's tile ground when it has no picture: the same colour for the same SKU on every
// kiosk and every day (FNV-1a of the SKU).
std::uint32_t tileGround(std::string_view sku) {
  std::uint32_t h = 2166136261u;
  for (const char ch : sku) h = (h ^ static_cast<std::uint8_t>(ch)) * 16777619u;
  return theme::kTileGrounds[h % std::size(theme::kTileGrounds)];
}

// The product's picture in `r`, or a coloured square with its first character.
void productPicture(Canvas& c, const AppState& s, const core::Product& p, Rect r) {
  if (const auto it = s.pictures.find(p.sku); it != s.pictures.end()) {
    if (c.picture("market.picture." + p.sku, r, it->second)) return;
  }
  const std::uint32_t ground = tileGround(p.sku);
  c.fill(r, ground, 14);
  std::string_view first;  // the name's first character (one to four bytes of UTF-8)
  for (std::size_t k = 1; k <= 4 && first.empty(); ++k) first = core::utf8Prefix(p.name, k);
  // Heading: the size that carries every character (Title holds only display strings).
  c.text("market.initial." + p.sku, first, r.x + r.w / 2, r.y + r.h / 2 - 36, FontRole::Heading,
         theme::kWhite, ground, Align::Center);
}

void header(Canvas& c, const AppState& s) {
  c.text("market.title", tr(Str::ShopTitle, s.lang), 40, 110, FontRole::Heading, theme::kRed,
         theme::kPaper);
  if (s.villager) {
    c.text("market.available", tr(Str::Available, s.lang, {std::to_string(s.villager->points)}), 1880, 110,
           FontRole::Heading, theme::kInk, theme::kPaper, Align::Right);
  }
  if (!s.notice.empty()) {
    c.fill({560, 106, 760, 76}, theme::kYellow, 12);
    c.textFit("market.notice", s.notice, 940, 124, 720, FontRole::Body, theme::kInk,
              theme::kYellow, Align::Center);
  }
}

void categories(Canvas& c, const AppState& s, Intents& out) {
  for (std::size_t i = 0; i < s.categories.size() && i < 7; ++i) {
    const Rect r{40, 210 + static_cast<float>(i) * 104, 260, 92};
    const bool chosen = static_cast<int>(i) == s.category;
    if (c.button("market.cat." + std::to_string(i), s.categories[i], r,
                 chosen ? ButtonStyle::Selected : ButtonStyle::Secondary)) {
      out.push_back(intent::SelectCategory{static_cast<int>(i)});
    }
  }
  if (c.button("market.back", tr(Str::Back, s.lang), {40, 950, 260, 100},
               ButtonStyle::Secondary)) {
    out.push_back(intent::GoHome{});
  }
}

void goods(Canvas& c, const AppState& s, Intents& out) {
  const auto items = productsInCategory(s);
  const int pages = std::max(1, (static_cast<int>(items.size()) + kPageSize - 1) / kPageSize);
  const int page = std::clamp(s.page, 0, pages - 1);
  for (int k = 0; k < kPageSize; ++k) {
    const std::size_t i = static_cast<std::size_t>(page * kPageSize + k);
    if (i >= items.size()) break;
    const core::Product& p = *items[i];
    const Rect r{330 + static_cast<float>(k % kColumns) * 340,
                 210 + static_cast<float>(k / kColumns) * 245, 320, 230};
    const int in_cart = s.cart.quantityOf(p.sku);
    const int left = p.stock - in_cart;
    if (c.button("market.add." + p.sku, "", r, ButtonStyle::Secondary, !s.redeeming)) {
      out.push_back(intent::AddToCart{p.sku});
    }
    c.textFit("market.name", p.name, r.x + 20, r.y + 16, r.w - 40, FontRole::Body, theme::kInk,
              theme::kCard);
    // The picture on the right, between the in-cart badge and the welfare line.
    productPicture(c, s, p, {r.x + r.w - kPictureSide - 14, r.y + 64, kPictureSide, kPictureSide});
    c.text("market.price", tr(Str::PointsEach, s.lang, {std::to_string(p.price_points)}),
           r.x + 20, r.y + 66, FontRole::Heading, theme::kRed, theme::kCard);
    if (left > 0) {
      c.text("market.stock", tr(Str::Stock, s.lang, {std::to_string(left)}), r.x + 20,
             r.y + 150, FontRole::Body, theme::kInkSoft, theme::kCard);
    } else {
      c.text("market.stock", tr(Str::SoldOut, s.lang), r.x + 20, r.y + 150, FontRole::Body,
             theme::kRed, theme::kCard);
    }
    if (p.requires_welfare) {
      c.text("market.welfare", tr(Str::WelfareItem, s.lang), r.x + r.w - 20, r.y + 166,
             FontRole::Body, theme::kWarnInk, theme::kCard, Align::Right);
    }
    if (in_cart > 0) {
      const Rect badge{r.x + r.w - 150, r.y + 10, 140, 56};
      c.fill(badge, theme::kGreen, 28);
      c.text("market.incart", tr(Str::InCart, s.lang, {std::to_string(in_cart)}),
             badge.x + badge.w / 2, badge.y + 8, FontRole::Body, theme::kWhite, theme::kGreen,
             Align::Center);
    }
  }
  if (pages > 1) {
    if (c.button("market.prev", tr(Str::PrevPage, s.lang), {330, 950, 280, 100},
                 ButtonStyle::Secondary, page > 0)) {
      out.push_back(intent::ChangePage{-1});
    }
    c.text("market.page", std::to_string(page + 1) + " / " + std::to_string(pages), 830, 975,
           FontRole::Body, theme::kInk, theme::kPaper, Align::Center);
    if (c.button("market.next", tr(Str::NextPage, s.lang), {1050, 950, 280, 100},
                 ButtonStyle::Secondary, page + 1 < pages)) {
      out.push_back(intent::ChangePage{+1});
    }
  }
}

void cart(Canvas& c, const AppState& s, Intents& out) {
  const Rect panel{1360, 210, 520, 840};
  c.fill(panel, theme::kCard, 20);
  c.text("cart.title", tr(Str::Cart, s.lang), 1385, 225, FontRole::Heading, theme::kInk,
         theme::kCard);
  const auto lines = s.cart.lines();
  if (lines.empty()) {
    c.text("cart.empty", tr(Str::CartEmpty, s.lang), 1385, 320, FontRole::Body, theme::kInkSoft,
           theme::kCard, Align::Left, 470);
  }
  float y = 300;
  for (std::size_t i = 0; i < lines.size() && i < kCartRowsShown; ++i) {
    const auto& line = lines[i];
    const core::Product* p = productBySku(s, line.sku);
    c.textFit("cart.name", p ? p->name : line.sku, 1385, y + 22, 190, FontRole::Body, theme::kInk,
              theme::kCard);
    if (c.button("cart.minus." + line.sku, "−", {1585, y, 84, 84}, ButtonStyle::Secondary,
                 !s.redeeming)) {
      out.push_back(intent::RemoveFromCart{line.sku});
    }
    c.text("cart.qty", std::to_string(line.quantity), 1712, y + 12, FontRole::Heading,
           theme::kInk, theme::kCard, Align::Center);
    if (c.button("cart.plus." + line.sku, "+", {1756, y, 84, 84}, ButtonStyle::Secondary,
                 !s.redeeming)) {
      out.push_back(intent::AddToCart{line.sku});
    }
    y += 96;
  }
  if (lines.size() > kCartRowsShown) {
    c.text("cart.more", tr(Str::MoreLines, s.lang, {std::to_string(lines.size() - kCartRowsShown)}),
           1385, y, FontRole::Body, theme::kInkSoft, theme::kCard);
  }
  const int total = cartTotal(s);
  const int balance = s.villager ? s.villager->points : 0;
  c.text("cart.total", tr(Str::Total, s.lang, {std::to_string(total)}), 1385, 700,
         FontRole::Heading, theme::kInk, theme::kCard);
  c.text("cart.after", tr(Str::After, s.lang, {std::to_string(balance - total)}), 1385, 780,
         FontRole::Body, balance - total < 0 ? theme::kRed : theme::kInkSoft, theme::kCard);
  const bool can = !lines.empty() && !s.redeeming;
  if (c.button("cart.confirm", tr(s.redeeming ? Str::Redeeming : Str::Confirm, s.lang),
               {1385, 870, 470, 160}, ButtonStyle::Confirm, can)) {
    out.push_back(intent::ConfirmRedeem{});
  }
}

}  // namespace

void drawSupermarket(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  header(c, s);
  categories(c, s, out);
  goods(c, s, out);
  cart(c, s, out);
}

}  // namespace rc::kiosk::ui
