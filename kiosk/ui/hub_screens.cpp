// The service hub's one-decision screens: confirm (a booking, a request, a cancellation), the
// ticket, the minutes a volunteer spent, and what the office decided (a notice, or a done
// request for its requester to confirm), each a card in the middle with one or two buttons.
#include "kiosk/app/hub_words.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

constexpr Rect kPanel{360, 120, 1200, 930};

// One line of a card: Heading for the first, Body after; returns the next line's y.
float detail(Canvas& c, std::string_view id, const std::string& text, float y, bool big) {
  const float h = c.text(id, text, 460, y, big ? FontRole::Heading : FontRole::Body, theme::kInk,
                         theme::kCard, Align::Left, 1000);
  return y + h + (big ? 26 : 20);
}

}  // namespace

void drawConfirm(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.confirm || !s.villager) return;
  const ConfirmAsk& a = *s.confirm;
  c.fill(kPanel, theme::kCard, 24);
  stationIcon(c, a.station, 960, 200, 110, theme::kRed, theme::kCard);
  Str title = Str::ConfirmBookTitle;
  Str yes = Str::ConfirmYesBook;
  Str no = Str::Back;
  switch (a.kind) {
    case ConfirmKind::Book: break;
    case ConfirmKind::Request:
      title = Str::ConfirmRequestTitle;
      yes = Str::ConfirmYesRequest;
      break;
    case ConfirmKind::CancelBooking:
      title = Str::ConfirmCancelBookingTitle;
      yes = Str::ConfirmYesCancel;
      no = Str::ConfirmNoCancel;
      break;
    case ConfirmKind::CancelRequest:
      title = Str::ConfirmCancelRequestTitle;
      yes = Str::ConfirmYesCancel;
      no = Str::ConfirmNoCancel;
      break;
  }
  c.text("confirm.title", tr(title, s.lang), 960, 290, FontRole::Title, theme::kInk, theme::kCard,
         Align::Center);
  float y = 420;
  y = detail(c, "confirm.station",
             tr(Str::LineStation, s.lang, {stationName(a.station, a.station_name, s.lang)}), y,
             true);
  if (a.kind == ConfirmKind::Book || a.kind == ConfirmKind::CancelBooking) {
    y = detail(c, "confirm.time", tr(Str::LineTime, s.lang, {whenLabel(a.at_ms, s.lang)}), y, true);
  }
  if (!a.note.empty()) {
    y = detail(c, "confirm.note", tr(Str::LineNote, s.lang, {noteIn(a.station, a.note, s.lang)}),
               y, true);
  }
  if (a.kind == ConfirmKind::Book || a.kind == ConfirmKind::Request) {
    y = detail(c, "confirm.points",
               a.points > 0 ? tr(Str::LinePoints, s.lang, {std::to_string(a.points),
                                                           std::to_string(s.villager->points - a.points)})
                            : std::string(tr(Str::LineFree, s.lang)),
               y, false);
  } else if (a.kind == ConfirmKind::CancelBooking && a.points > 0) {
    y = detail(c, "confirm.points", tr(Str::LineRefund, s.lang, {std::to_string(a.points)}), y,
               false);
  }
  if (a.kind == ConfirmKind::Request && !s.villager->grid.empty()) {
    y = detail(c, "confirm.grid", tr(Str::LineGrid, s.lang, {s.villager->grid}), y, false);
  }
  if (s.helper) {
    detail(c, "confirm.for", tr(Str::LineFor, s.lang, {s.villager->name, s.villager->name}), y,
           false);
  }
  if (c.button("confirm.yes", tr(s.acting ? Str::Working : yes, s.lang), {420, 870, 520, 150},
               ButtonStyle::Confirm, !s.acting)) {
    out.push_back(intent::ConfirmYes{});
  }
  if (c.button("confirm.no", tr(no, s.lang), {980, 870, 520, 150}, ButtonStyle::Secondary,
               !s.acting)) {
    out.push_back(intent::ConfirmNo{});
  }
}

void drawTicket(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.ticket) return;
  const Ticket& t = *s.ticket;
  c.fill(kPanel, theme::kCard, 24);
  c.fill({900, 150, 120, 120}, theme::kGreen, 60);
  c.tick(960, 210, 40, theme::kWhite);
  c.text("ticket.title", tr(t.booking ? Str::TicketBooked : Str::TicketRequested, s.lang), 960,
         290, FontRole::Title, theme::kGreen, theme::kCard, Align::Center);
  c.text("ticket.number", tr(Str::TicketNo, s.lang, {t.number}), 960, 390, FontRole::Heading,
         theme::kInk, theme::kCard, Align::Center);
  const std::string station = stationName(t.station, t.station_name, s.lang);
  float y = 490;
  y = detail(c, "ticket.station", tr(Str::LineStation, s.lang, {station}), y, true);
  if (t.booking) {
    y = detail(c, "ticket.time", tr(Str::LineTime, s.lang, {whenLabel(t.at_ms, s.lang)}), y, false);
  } else {
    y = detail(c, "ticket.note", tr(Str::LineNote, s.lang, {noteIn(t.station, t.note, s.lang)}), y,
               false);
    if (!t.grid.empty()) y = detail(c, "ticket.grid", tr(Str::LineGrid, s.lang, {t.grid}), y, false);
  }
  y = detail(c, "ticket.points",
             t.points > 0 ? tr(Str::TicketPoints, s.lang, {std::to_string(t.points)})
                          : std::string(tr(Str::CostFree, s.lang)),
             y, false);
  if (!t.helper_name.empty()) {
    y = detail(c, "ticket.both", tr(Str::TicketBoth, s.lang, {t.helper_name, t.villager_name}), y,
               false);
  }
  if (t.pending) y = detail(c, "ticket.pending", std::string(tr(Str::TicketPending, s.lang)), y, false);
  c.fill({460, 806, 1000, 3}, theme::kLine);
  c.textFit("ticket.next",
            t.booking ? tr(Str::TicketBookedNext, s.lang, {station})
                      : std::string(tr(Str::TicketRequestNext, s.lang)),
            960, 822, 1100, FontRole::Body, theme::kInkSoft, theme::kCard, Align::Center);
  if (c.button("ticket.done", tr(Str::Done, s.lang), {760, 910, 400, 110}, ButtonStyle::Primary)) {
    out.push_back(intent::FinishReceipt{});
  }
}

void drawDoneMinutes(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.hub) return;
  const db::OrderView* order = nullptr;
  for (const auto& o : s.hub->claimed) {
    if (o.uuid == s.done_uuid) order = &o;
  }
  if (!order) return;
  c.fill(kPanel, theme::kCard, 24);
  c.text("minutes.title", tr(Str::MinutesTitle, s.lang), 960, 160, FontRole::Title, theme::kInk,
         theme::kCard, Align::Center);
  c.textFit("minutes.for",
            tr(Str::MinutesFor, s.lang, {order->requester_name, noteIn(order->station, order->note, s.lang)}),
            960, 270, 1100, FontRole::Body, theme::kInkSoft, theme::kCard, Align::Center);
  if (c.button("minutes.minus", "-15", {460, 360, 240, 150}, ButtonStyle::Secondary,
               !s.acting && s.minutes > 15)) {
    out.push_back(intent::AdjustMinutes{-15});
  }
  c.text("minutes.value", std::to_string(s.minutes), 910, 360, FontRole::Huge, theme::kRed,
         theme::kCard, Align::Center);
  c.text("minutes.unit", tr(Str::MinutesValue, s.lang, {""}), 1030, 430, FontRole::Heading,
         theme::kInk, theme::kCard);
  if (c.button("minutes.plus", "+15", {1220, 360, 240, 150}, ButtonStyle::Secondary,
               !s.acting && s.minutes < 600)) {
    out.push_back(intent::AdjustMinutes{+15});
  }
  constexpr int kPresets[] = {15, 30, 60, 90, 120};
  for (int i = 0; i < 5; ++i) {
    const int m = kPresets[i];
    if (c.button("minutes." + std::to_string(m), std::to_string(m),
                 {460 + static_cast<float>(i) * 204, 570, 184, 130},
                 m == s.minutes ? ButtonStyle::Selected : ButtonStyle::Secondary, !s.acting)) {
      out.push_back(intent::SetMinutes{m});
    }
  }
  if (c.button("minutes.confirm", tr(s.acting ? Str::Working : Str::MinutesConfirm, s.lang),
               {420, 870, 520, 150}, ButtonStyle::Confirm, !s.acting)) {
    out.push_back(intent::ConfirmDone{});
  }
  if (c.button("minutes.back", tr(Str::Back, s.lang), {980, 870, 520, 150},
               ButtonStyle::Secondary, !s.acting)) {
    out.push_back(intent::OpenVolunteer{});
  }
}

void drawNotice(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  const Prompt p = nextPrompt(s.hub, s.later);
  if (!p.notice && !p.done) return;
  c.fill(kPanel, theme::kCard, 24);
  if (p.notice) {
    const db::Notice& n = *p.notice;
    const bool refused = n.kind == db::NoticeKind::BookingRefused;
    stationIcon(c, n.station, 960, 220, 120, theme::kRed, theme::kCard);
    c.text("notice.title", tr(refused ? Str::NoticeRefusedTitle : Str::NoticeClaimLostTitle, s.lang),
           960, 320, FontRole::Title, theme::kRed, theme::kCard, Align::Center);
    const std::string day = dayLabel(n.about_ms, s.lang);
    const std::string word(tr(bookingWord(n.station), s.lang));
    const std::string body =
        refused ? tr(Str::NoticeRefused, s.lang, {day, word})
                : tr(Str::NoticeClaimLost, s.lang, {day, stationName(n.station, "", s.lang), n.other_name});
    const float h = c.text("notice.body", body, 460, 460, FontRole::Heading, theme::kInk,
                           theme::kCard, Align::Left, 1000);
    if (refused && n.points_refunded > 0) {
      c.text("notice.points", tr(Str::NoticeRefundPoints, s.lang, {std::to_string(n.points_refunded)}),
             460, 490 + h, FontRole::Body, theme::kOkInk, theme::kCard);
    }
    if (c.button("notice.ok", tr(Str::NoticeOk, s.lang), {710, 870, 500, 150},
                 ButtonStyle::Primary)) {
      out.push_back(intent::NoticeOk{});
    }
    return;
  }
  const db::OrderView& o = *p.done;
  stationIcon(c, o.station, 960, 220, 120, theme::kRed, theme::kCard);
  c.text("notice.title", tr(Str::NoticeDoneTitle, s.lang), 960, 320, FontRole::Title, theme::kInk,
         theme::kCard, Align::Center);
  c.text("notice.body",
         tr(Str::NoticeDoneAsk, s.lang,
            {o.claimer_name, donePhrase(o.station, o.note, s.lang), std::to_string(o.minutes)}),
         460, 460, FontRole::Heading, theme::kInk, theme::kCard, Align::Left, 1000);
  if (c.button("notice.confirm", tr(s.acting ? Str::Working : Str::NoticeConfirm, s.lang),
               {420, 870, 520, 150}, ButtonStyle::Confirm, !s.acting)) {
    out.push_back(intent::NoticeConfirm{});
  }
  if (c.button("notice.later", tr(Str::NoticeLater, s.lang), {980, 870, 520, 150},
               ButtonStyle::Secondary, !s.acting)) {
    out.push_back(intent::NoticeLater{});
  }
}

}  // namespace rc::kiosk::ui
