// Receipt: it worked, here is the order number to tell the shopkeeper, what it cost and what
// is left. One button to finish (and log out).
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

void drawReceipt(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.receipt) return;
  const Receipt& r = *s.receipt;
  c.fill({360, 120, 1200, 930}, theme::kCard, 24);
  // A green disc with a tick, drawn rather than taken from the font.
  c.fill({900, 150, 120, 120}, theme::kGreen, 60);
  c.tick(960, 210, 40, theme::kWhite);
  c.text("receipt.title", tr(Str::Success, s.lang), 960, 290, FontRole::Title, theme::kGreen,
         theme::kCard, Align::Center);
  c.text("receipt.order", tr(Str::OrderNo, s.lang, {r.order_number}), 960, 390,
         FontRole::Heading, theme::kInk, theme::kCard, Align::Center);
  float y = 490;
  for (std::size_t i = 0; i < r.lines.size() && i < 4; ++i) {
    const auto& l = r.lines[i];
    c.textFit("receipt.line", l.name + " × " + std::to_string(l.quantity), 460, y, 700,
              FontRole::Body, theme::kInk, theme::kCard);
    c.text("receipt.line.points", tr(Str::PointsEach, s.lang, {std::to_string(l.points)}), 1460, y,
           FontRole::Body, theme::kInk, theme::kCard, Align::Right);
    y += 60;
  }
  c.fill({460, 740, 1000, 3}, theme::kLine);
  c.text("receipt.spent",
         tr(Str::Spent, s.lang, {std::to_string(r.total_points), std::to_string(r.balance_after)}),
         960, 760, FontRole::Heading, theme::kInk, theme::kCard, Align::Center);
  c.text("receipt.next", tr(Str::TakeGoods, s.lang), 960, 845, FontRole::Body, theme::kInkSoft,
         theme::kCard, Align::Center);
  if (c.button("receipt.done", tr(Str::Done, s.lang), {760, 920, 400, 110},
               ButtonStyle::Primary)) {
    out.push_back(intent::FinishReceipt{});
  }
}

}  // namespace rc::kiosk::ui
