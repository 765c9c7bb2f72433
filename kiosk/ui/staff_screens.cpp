// The staff's screens: the PIN pad, the menu, today's transactions with their totals, a
// reason (for a void or a stock count), one confirm for every staff action, products to
// restock or count, the count pad, the day close, and the requests waiting for confirmation.
// Big keys and one decision per screen, like the villagers' screens.
#include <algorithm>

#include "kiosk/app/hub_words.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

constexpr int kTodayRows = 7;
constexpr int kOrderRows = 6;
constexpr int kProductCols = 4;
constexpr int kProductRows = 3;
constexpr Rect kPanel{360, 120, 1200, 800};

std::string pick(const AppState& s, const std::string& zh, const std::string& en) {
  return s.lang == Lang::Zh || en.empty() ? zh : en;
}

// What the last action did (green) or why it did not go through (red), under the title.
void resultBand(Canvas& c, const AppState& s, float y) {
  const StaffSession& st = *s.staff;
  if (!st.problem.empty()) {
    c.fill({40, y, 1840, 76}, theme::kWarnBg, 12);
    c.textFit("staff.problem", pick(s, st.problem, st.problem_en), 960, y + 18, 1780,
              FontRole::Body, theme::kWarnInk, theme::kWarnBg, Align::Center);
  } else if (!st.done_line.empty()) {
    c.fill({40, y, 1840, 76}, theme::kOkBg, 12);
    c.textFit("staff.done", pick(s, st.done_line, st.done_line_en), 960, y + 18, 1780,
              FontRole::Body, theme::kOkInk, theme::kOkBg, Align::Center);
  }
}

void title(Canvas& c, std::string_view id, const std::string& text) {
  c.textFit(id, text, 40, 108, 1500, FontRole::Heading, theme::kRed, theme::kPaper);
}

bool backButton(Canvas& c, const AppState& s, std::string_view id, Str label = Str::Back) {
  return c.button(id, tr(label, s.lang), {40, 960, 400, 100}, ButtonStyle::Secondary,
                  !s.staff->busy);
}

std::string kindWord(core::EntryKind k, Lang lang) {
  switch (k) {
    case core::EntryKind::Redemption: return std::string(tr(Str::StaffKindRedeem, lang));
    case core::EntryKind::Booking: return std::string(tr(Str::StaffKindBook, lang));
    default: return std::string(tr(Str::StaffKindVoid, lang));
  }
}

std::string nameOf(const StaffDay& d, const std::string& key) {
  for (const auto& [k, name] : d.names) {
    if (k == key) return name;
  }
  return key;
}

std::string signedText(std::int64_t n) { return (n > 0 ? "+" : "") + std::to_string(n); }

// The totals of a summary, a line each: counts and points, then products and services.
float summaryLines(Canvas& c, const AppState& s, const StaffDay& d, const core::DaySummary& sum,
                   std::string_view id, float x, float y, float w, std::size_t max_lines,
                   std::uint32_t bg) {
  const std::pair<Str, std::pair<std::int64_t, std::int64_t>> sums[] = {
      {Str::StaffSumRedeemed, {sum.redemptions, sum.redeemed_points}},
      {Str::StaffSumBooked, {sum.bookings, sum.booked_points}},
      {Str::StaffSumVoided, {sum.voids, sum.returned_points}},
  };
  int k = 0;
  for (const auto& [str, n] : sums) {
    c.textFit(std::string(id) + ".sum." + std::to_string(k++),
              tr(str, s.lang, {std::to_string(n.first), std::to_string(n.second)}), x, y, w,
              FontRole::Body, theme::kInk, bg);
    y += 52;
  }
  y += 10;
  std::size_t shown = 0;
  auto line = [&](const std::string& key, std::int64_t count, std::int64_t points, bool service) {
    if (shown++ >= max_lines) return;
    std::string text = tr(Str::StaffTotalLine, s.lang, {nameOf(d, key), std::to_string(count)});
    if (service && points != 0) text += "  " + tr(Str::PointsEach, s.lang, {std::to_string(points)});
    c.textFit(std::string(id) + ".line." + std::to_string(shown), text, x, y, w, FontRole::Body,
              theme::kInkSoft, bg);
    y += 50;
  };
  for (const auto& l : sum.products) line(l.key, l.count, 0, false);
  for (const auto& l : sum.services) line(l.key, l.count, l.points, true);
  return y;
}

}  // namespace

void drawStaffPin(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  c.text("pin.title", tr(Str::StaffPinTitle, s.lang, {st.name}), 960, 110, FontRole::Heading,
         theme::kInk, theme::kPaper, Align::Center);
  for (int i = 0; i < core::kPinLength; ++i) {
    const float cx = 960 - 250 + static_cast<float>(i) * 100;
    if (i < st.pin_len) {
      c.circle(cx, 230, 26, theme::kInk);
    } else {
      c.circle(cx, 230, 26, theme::kLine, 4);
    }
  }
  std::string message;
  std::uint32_t ink = theme::kInkSoft;
  if (!st.has_pin) {
    message = tr(Str::StaffNoPin, s.lang);
    ink = theme::kWarnInk;
  } else if (st.locked_minutes > 0) {
    message = tr(Str::StaffLocked, s.lang, {std::to_string(st.locked_minutes)});
    ink = theme::kWarnInk;
  } else if (st.checking) {
    message = tr(Str::StaffPinChecking, s.lang);
  } else if (st.wrong) {
    message = tr(Str::StaffPinWrong, s.lang, {std::to_string(st.tries_left)});
    ink = theme::kWarnInk;
  } else {
    message = tr(Str::StaffPinHint, s.lang);
  }
  c.textFit("pin.message", message, 960, 290, 1700, FontRole::Body, ink, theme::kPaper,
            Align::Center);
  const bool keys = st.has_pin && st.locked_minutes == 0 && !st.checking;
  // 1 2 3 / 4 5 6 / 7 8 9 / back 0 erase
  for (int i = 0; i < 12; ++i) {
    const Rect r{660 + static_cast<float>(i % 3) * 210, 370 + static_cast<float>(i / 3) * 150, 190,
                 130};
    if (i == 9) {
      if (c.button("pin.exit", tr(Str::Back, s.lang), r, ButtonStyle::Secondary, !st.checking)) {
        out.push_back(intent::StaffExit{});
      }
    } else if (i == 11) {
      if (c.button("pin.erase", tr(Str::StaffErase, s.lang), r, ButtonStyle::Secondary,
                   keys && st.pin_len > 0)) {
        out.push_back(intent::PinErase{});
      }
    } else {
      const int digit = i == 10 ? 0 : i + 1;
      if (c.button("pin." + std::to_string(digit), std::to_string(digit), r, ButtonStyle::Primary,
                   keys, FontRole::Title)) {
        out.push_back(intent::PinKey{digit});
      }
    }
  }
}

void drawStaffMenu(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  title(c, "staff.title", tr(Str::StaffMenuTitle, s.lang, {st.name}));
  resultBand(c, s, 190);
  struct Tile {
    const char* id;
    Str label;
    ScreenId screen;
    bool counting;
  };
  static constexpr Tile kTiles[] = {
      {"menu.today", Str::StaffMenuToday, ScreenId::StaffToday, false},
      {"menu.restock", Str::StaffMenuRestock, ScreenId::StaffProducts, false},
      {"menu.count", Str::StaffMenuCount, ScreenId::StaffProducts, true},
      {"menu.orders", Str::StaffMenuOrders, ScreenId::StaffOrders, false},
      {"menu.close", Str::StaffMenuClose, ScreenId::StaffDayClose, false},
  };
  int i = 0;
  for (const auto& t : kTiles) {
    const Rect r{100 + static_cast<float>(i % 3) * 590, 300 + static_cast<float>(i / 3) * 290, 540,
                 250};
    if (c.button(t.id, tr(t.label, s.lang), r, ButtonStyle::Primary, !st.busy, FontRole::Title)) {
      out.push_back(intent::StaffOpen{t.screen, t.counting});
    }
    ++i;
  }
  c.text("menu.hint", tr(Str::StaffMenuHint, s.lang), 960, 880, FontRole::Body, theme::kInkSoft,
         theme::kPaper, Align::Center, 1700);
  if (c.button("menu.exit", tr(Str::Exit, s.lang), {1480, 960, 400, 100}, ButtonStyle::Secondary,
               !st.busy)) {
    out.push_back(intent::StaffExit{});
  }
}

void drawStaffToday(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  title(c, "today.title", std::string(tr(Str::StaffTodayTitle, s.lang)));
  if (st.day) {
    const std::string sync = st.day->pending < 0  ? std::string(tr(Str::StaffStandalone, s.lang))
                             : st.day->pending > 0 ? tr(Str::StaffPending, s.lang, {std::to_string(st.day->pending)})
                                                   : std::string(tr(Str::StaffAllSynced, s.lang));
    c.textFit("today.sync", sync, 1880, 118, 700, FontRole::Body, theme::kInk, theme::kPaper,
              Align::Right);
  }
  resultBand(c, s, 190);
  c.fill({40, 280, 1260, 660}, theme::kCard, 20);
  c.fill({1320, 280, 560, 660}, theme::kCard, 20);
  c.text("today.totals", tr(Str::StaffTotalsTitle, s.lang), 1350, 296, FontRole::Body,
         theme::kInk, theme::kCard);
  if (!st.day) {
    c.text("today.loading", tr(Str::Loading, s.lang), 80, 320, FontRole::Body, theme::kInkSoft,
           theme::kCard);
  } else {
    const auto& txns = st.day->txns;
    if (txns.empty()) {
      c.text("today.none", tr(Str::StaffNone, s.lang), 80, 320, FontRole::Body, theme::kInkSoft,
             theme::kCard);
    }
    const int pages = std::max(1, static_cast<int>(txns.size() + kTodayRows - 1) / kTodayRows);
    const int page = std::min(st.page, pages - 1);
    for (int row = 0; row < kTodayRows; ++row) {
      const std::size_t i = static_cast<std::size_t>(page * kTodayRows + row);
      if (i >= txns.size()) break;
      const StaffTxn& t = txns[i];
      const float y = 292 + static_cast<float>(row) * 92;
      const std::string head = clockLabel(t.at_ms) + "  " + kindWord(t.kind, s.lang) + "  " +
                               tr(Str::StaffLineTxn, s.lang, {t.villager, t.what, signedText(t.points)});
      c.textFit("today.row." + std::to_string(row), head, 70, y + 22, 920, FontRole::Body,
                t.voided ? theme::kInkSoft : theme::kInk, theme::kCard);
      if (t.voidable) {
        if (c.button("today.void." + std::to_string(row), tr(Str::StaffVoidButton, s.lang),
                     {1060, y + 4, 210, 84}, ButtonStyle::Secondary, !st.busy)) {
          out.push_back(intent::StaffVoid{t.uuid});
        }
      } else if (t.voided) {
        c.text("today.voided." + std::to_string(row), tr(Str::StaffVoidedMark, s.lang), 1250,
               y + 22, FontRole::Body, theme::kWarnInk, theme::kCard, Align::Right);
      } else if (t.pending) {
        c.text("today.pending." + std::to_string(row), tr(Str::StaffPending, s.lang, {"1"}), 1250,
               y + 22, FontRole::Body, theme::kInkSoft, theme::kCard, Align::Right);
      }
    }
    summaryLines(c, s, *st.day, st.day->today, "today.total", 1350, 350, 500, 9, theme::kCard);
    if (txns.size() > kTodayRows) {
      if (c.button("today.prev", tr(Str::PrevPage, s.lang), {1000, 960, 300, 100},
                   ButtonStyle::Secondary, page > 0 && !st.busy)) {
        out.push_back(intent::StaffPage{-1});
      }
      if (c.button("today.next", tr(Str::NextPage, s.lang), {1320, 960, 300, 100},
                   ButtonStyle::Secondary, page + 1 < pages && !st.busy)) {
        out.push_back(intent::StaffPage{+1});
      }
    }
  }
  if (backButton(c, s, "today.back")) out.push_back(intent::StaffMenu{});
}

void drawStaffReason(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  const bool voiding = st.ask == StaffAsk::Void;
  c.text("reason.title", tr(voiding ? Str::StaffReasonTitle : Str::StaffCountReasonTitle, s.lang),
         960, 110, FontRole::Title, theme::kInk, theme::kPaper, Align::Center);
  std::string context;
  if (voiding && st.target) {
    context = tr(Str::StaffLineTxn, s.lang,
                 {st.target->villager, st.target->what, signedText(st.target->points)});
  } else if (st.product) {
    context = tr(Str::StaffLineCount, s.lang,
                 {st.product->name, std::to_string(st.product->stock), std::to_string(st.number),
                  signedText(st.number - st.product->stock)});
  }
  c.textFit("reason.context", context, 960, 220, 1700, FontRole::Body, theme::kInkSoft,
            theme::kPaper, Align::Center);
  int i = 0;
  auto reasonButton = [&](std::string_view id, const std::string& label) {
    const Rect r{160 + static_cast<float>(i % 2) * 820, 310 + static_cast<float>(i / 2) * 200, 780,
                 160};
    ++i;
    return c.button(id, label, r, ButtonStyle::Primary, !st.busy);
  };
  if (voiding) {
    for (auto r : core::kVoidReasons) {
      const std::string label(s.lang == Lang::Zh ? core::voidReasonZh(r) : core::voidReasonEn(r));
      if (reasonButton("reason." + std::string(core::toString(r)), label)) {
        out.push_back(intent::StaffVoidReason{r});
      }
    }
  } else {
    for (auto r : core::kCountReasons) {
      const std::string label(s.lang == Lang::Zh ? core::countReasonZh(r) : core::countReasonEn(r));
      if (reasonButton("reason." + std::string(core::toString(r)), label)) {
        out.push_back(intent::StaffCountReason{r});
      }
    }
  }
  if (backButton(c, s, "reason.back")) out.push_back(intent::StaffNo{});
}

void drawStaffConfirm(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  c.fill(kPanel, theme::kCard, 24);
  Str head = Str::StaffConfirmVoid;
  Str yes = Str::StaffYesRecord;
  std::vector<std::string> lines;
  switch (st.ask) {
    case StaffAsk::Void:
      yes = Str::StaffYesVoid;
      if (st.target) {
        lines.push_back(tr(Str::StaffLineTxn, s.lang,
                           {st.target->villager, st.target->what, signedText(st.target->points)}));
      }
      if (st.void_reason) {
        lines.push_back(tr(Str::StaffLineReason, s.lang,
                           {std::string(s.lang == Lang::Zh ? core::voidReasonZh(*st.void_reason)
                                                           : core::voidReasonEn(*st.void_reason))}));
      }
      break;
    case StaffAsk::Restock:
      head = Str::StaffConfirmRestock;
      if (st.product) {
        lines.push_back(tr(Str::StaffLineRestock, s.lang,
                           {st.product->name, std::to_string(st.number),
                            std::to_string(st.product->stock),
                            std::to_string(st.product->stock + st.number)}));
      }
      break;
    case StaffAsk::Count:
      head = Str::StaffConfirmCount;
      if (st.product) {
        lines.push_back(tr(Str::StaffLineCount, s.lang,
                           {st.product->name, std::to_string(st.product->stock),
                            std::to_string(st.number), signedText(st.number - st.product->stock)}));
      }
      if (st.count_reason) {
        lines.push_back(tr(Str::StaffLineReason, s.lang,
                           {std::string(s.lang == Lang::Zh ? core::countReasonZh(*st.count_reason)
                                                           : core::countReasonEn(*st.count_reason))}));
      }
      break;
    case StaffAsk::ConfirmOrder:
      head = Str::StaffConfirmOrderTitle;
      yes = Str::StaffYesConfirm;
      for (const auto& o : st.orders) {
        if (o.uuid != st.order_uuid) continue;
        lines.push_back(tr(Str::StaffOrderLine, s.lang,
                           {o.ticket, stationName(o.station, "", s.lang), o.requester_name,
                            o.claimer_name, std::to_string(o.minutes)}));
      }
      break;
  }
  lines.push_back(tr(Str::StaffLineBy, s.lang, {st.name}));
  c.text("staff.confirm.title", tr(head, s.lang), 960, 170, FontRole::Title, theme::kInk,
         theme::kCard, Align::Center);
  float y = 330;
  int n = 0;
  for (const auto& l : lines) {
    y += c.text("staff.confirm.line." + std::to_string(n++), l, 460, y, FontRole::Heading,
                theme::kInk, theme::kCard, Align::Left, 1000) +
         30;
  }
  if (c.button("staff.confirm.yes", tr(st.busy ? Str::Working : yes, s.lang), {420, 760, 520, 140},
               ButtonStyle::Confirm, !st.busy)) {
    out.push_back(intent::StaffYes{});
  }
  if (c.button("staff.confirm.no", tr(Str::Back, s.lang), {980, 760, 520, 140},
               ButtonStyle::Secondary, !st.busy)) {
    out.push_back(intent::StaffNo{});
  }
}

void drawStaffProducts(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  title(c, "stock.title",
        std::string(tr(st.counting ? Str::StaffProductsCount : Str::StaffProductsRestock, s.lang)));
  resultBand(c, s, 190);
  constexpr int kPerPage = kProductCols * kProductRows;
  const int count = static_cast<int>(s.products.size());
  const int pages = std::max(1, (count + kPerPage - 1) / kPerPage);
  const int page = std::min(st.page, pages - 1);
  for (int i = 0; i < kPerPage; ++i) {
    const int at = page * kPerPage + i;
    if (at >= count) break;
    const core::Product& p = s.products[static_cast<std::size_t>(at)];
    const Rect r{40 + static_cast<float>(i % kProductCols) * 465,
                 290 + static_cast<float>(i / kProductCols) * 215, 445, 195};
    if (c.button("stock.product." + std::to_string(i), "", r, ButtonStyle::Secondary, !st.busy)) {
      out.push_back(intent::StaffPickProduct{p.sku});
    }
    c.textFit("stock.name." + std::to_string(i), p.name, r.x + 24, r.y + 30, r.w - 48,
              FontRole::Heading, theme::kInk, theme::kCard);
    c.textFit("stock.count." + std::to_string(i), tr(Str::StaffInStock, s.lang, {std::to_string(p.stock)}),
              r.x + 24, r.y + 118, r.w - 48, FontRole::Body,
              p.stock > 0 ? theme::kInkSoft : theme::kWarnInk, theme::kCard);
  }
  if (count > kPerPage) {
    if (c.button("stock.prev", tr(Str::PrevPage, s.lang), {1160, 960, 340, 100},
                 ButtonStyle::Secondary, page > 0 && !st.busy)) {
      out.push_back(intent::StaffPage{-1});
    }
    if (c.button("stock.next", tr(Str::NextPage, s.lang), {1540, 960, 340, 100},
                 ButtonStyle::Secondary, page + 1 < pages && !st.busy)) {
      out.push_back(intent::StaffPage{+1});
    }
  }
  if (backButton(c, s, "stock.back")) out.push_back(intent::StaffMenu{});
}

void drawStaffNumber(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff || !s.staff->product) return;
  const StaffSession& st = *s.staff;
  const core::Product& p = *st.product;
  c.textFit("number.title",
            tr(st.counting ? Str::StaffNumberCount : Str::StaffNumberRestock, s.lang, {p.name}),
            960, 108, 1800, FontRole::Heading, theme::kInk, theme::kPaper, Align::Center);
  c.text("number.stock", tr(Str::StaffNumberStock, s.lang, {std::to_string(p.stock)}), 960, 190,
         FontRole::Body, theme::kInkSoft, theme::kPaper, Align::Center);
  c.fill({710, 250, 500, 130}, theme::kCard, 16);
  c.frame({710, 250, 500, 130}, theme::kLine, 3, 16);
  c.text("number.value", std::to_string(st.number), 960, 256, FontRole::Huge, theme::kInk,
         theme::kCard, Align::Center);
  for (int i = 0; i < 12; ++i) {
    const Rect r{660 + static_cast<float>(i % 3) * 210, 400 + static_cast<float>(i / 3) * 140, 190,
                 120};
    if (i == 9) {
      if (c.button("number.erase", tr(Str::StaffErase, s.lang), r, ButtonStyle::Secondary,
                   st.number > 0)) {
        out.push_back(intent::NumberKey{-1});
      }
    } else if (i == 11) {
      const bool ok = st.counting || st.number > 0;
      if (c.button("number.ok", tr(Str::StaffNumberOk, s.lang), r, ButtonStyle::Confirm, ok)) {
        out.push_back(intent::NumberOk{});
      }
    } else {
      const int digit = i == 10 ? 0 : i + 1;
      if (c.button("number." + std::to_string(digit), std::to_string(digit), r,
                   ButtonStyle::Primary, true, FontRole::Title)) {
        out.push_back(intent::NumberKey{digit});
      }
    }
  }
  if (backButton(c, s, "number.back")) out.push_back(intent::StaffNo{});
}

void drawStaffDayClose(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  resultBand(c, s, 190);
  c.fill({40, 280, 1840, 660}, theme::kCard, 20);
  if (st.closed) {
    const db::DayCloseRow& z = *st.closed;
    title(c, "close.title", tr(Str::StaffClosedTitle, s.lang, {core::dayCloseNumber(z.number)}));
    const StaffDay empty;
    float y = summaryLines(c, s, st.day ? *st.day : empty, st.closed_summary, "close.done", 80,
                           300, 1760, 6, theme::kCard);
    const std::int64_t n = z.last_seq - z.first_seq + 1;
    c.textFit("close.range", tr(Str::StaffCloseRange, s.lang, {std::to_string(z.first_seq),
                                                                std::to_string(z.last_seq),
                                                                std::to_string(n)}),
              80, y + 10, 1760, FontRole::Body, theme::kInk, theme::kCard);
    c.textFit("close.head", tr(Str::StaffClosedHead, s.lang, {db::hashToHex(z.head_hash).substr(0, 16)}),
              80, y + 66, 1760, FontRole::Body, theme::kInkSoft, theme::kCard);
    c.textFit("close.sync", tr(Str::StaffClosedSync, s.lang), 80, y + 122, 1760, FontRole::Body,
              theme::kInkSoft, theme::kCard);
    if (s.printer == PrinterLight::Ready) {
      c.textFit("close.printed", tr(Str::StaffClosedPrinted, s.lang), 80, y + 178, 1760,
                FontRole::Body, theme::kInk, theme::kCard);
    }
    if (c.button("close.done", tr(Str::Done, s.lang), {1480, 960, 400, 100}, ButtonStyle::Confirm,
                 !st.busy)) {
      out.push_back(intent::StaffMenu{});
    }
    return;
  }
  if (!st.day) {
    title(c, "close.title", tr(Str::StaffCloseTitle, s.lang, {""}));
    c.text("close.loading", tr(Str::Loading, s.lang), 80, 320, FontRole::Body, theme::kInkSoft,
           theme::kCard);
  } else {
    const StaffDay& d = *st.day;
    title(c, "close.title", tr(Str::StaffCloseTitle, s.lang, {core::dayCloseNumber(d.next_number)}));
    float y = summaryLines(c, s, d, d.open, "close.open", 80, 300, 1760, 6, theme::kCard);
    const std::int64_t n = d.last_seq - d.first_seq + 1;
    c.textFit("close.range",
              n > 0 ? tr(Str::StaffCloseRange, s.lang, {std::to_string(d.first_seq),
                                                         std::to_string(d.last_seq), std::to_string(n)})
                    : std::string(tr(Str::StaffCloseEmpty, s.lang)),
              80, y + 10, 1760, FontRole::Body, theme::kInk, theme::kCard);
    c.textFit("close.note", tr(Str::StaffCloseNote, s.lang), 80, y + 66, 1760, FontRole::Body,
              theme::kWarnInk, theme::kCard);
  }
  if (c.button("close.yes", tr(st.busy ? Str::Working : Str::StaffCloseButton, s.lang),
               {1380, 960, 500, 100}, ButtonStyle::Confirm, !st.busy && st.day.has_value())) {
    out.push_back(intent::StaffCloseDay{});
  }
  if (backButton(c, s, "close.back")) out.push_back(intent::StaffMenu{});
}

void drawStaffOrders(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.staff) return;
  const StaffSession& st = *s.staff;
  title(c, "orders.title", std::string(tr(Str::StaffOrdersTitle, s.lang)));
  resultBand(c, s, 190);
  c.fill({40, 280, 1840, 660}, theme::kCard, 20);
  if (st.orders.empty()) {
    c.text("orders.none", tr(st.busy ? Str::Loading : Str::StaffOrdersNone, s.lang), 80, 320,
           FontRole::Body, theme::kInkSoft, theme::kCard);
  }
  const int pages = std::max(1, static_cast<int>(st.orders.size() + kOrderRows - 1) / kOrderRows);
  const int page = std::min(st.page, pages - 1);
  for (int row = 0; row < kOrderRows; ++row) {
    const std::size_t i = static_cast<std::size_t>(page * kOrderRows + row);
    if (i >= st.orders.size()) break;
    const db::OrderView& o = st.orders[i];
    const float y = 292 + static_cast<float>(row) * 106;
    stationIcon(c, o.station, 110, y + 50, 70, theme::kRed, theme::kCard);
    c.textFit("orders.row." + std::to_string(row),
              tr(Str::StaffOrderLine, s.lang,
                 {o.ticket, stationName(o.station, "", s.lang), o.requester_name, o.claimer_name,
                  std::to_string(o.minutes)}),
              170, y + 28, 1300, FontRole::Body, theme::kInk, theme::kCard);
    if (c.button("orders.confirm." + std::to_string(row), tr(Str::StaffConfirmFor, s.lang),
                 {1500, y + 6, 340, 90}, ButtonStyle::Secondary, !st.busy && !o.pending)) {
      out.push_back(intent::StaffConfirmOrder{o.uuid});
    }
  }
  if (st.orders.size() > kOrderRows) {
    if (c.button("orders.prev", tr(Str::PrevPage, s.lang), {1160, 960, 340, 100},
                 ButtonStyle::Secondary, page > 0 && !st.busy)) {
      out.push_back(intent::StaffPage{-1});
    }
    if (c.button("orders.next", tr(Str::NextPage, s.lang), {1540, 960, 340, 100},
                 ButtonStyle::Secondary, page + 1 < pages && !st.busy)) {
      out.push_back(intent::StaffPage{+1});
    }
  }
  if (backButton(c, s, "orders.back")) out.push_back(intent::StaffMenu{});
}

}  // namespace rc::kiosk::ui
