// The villager's own bookings and requests (cancel while allowed, after a confirm), and a
// volunteer's or party member's requests: those waiting to be claimed (own grid first, oldest
// first; never their own), those they claimed (give up, or mark done with the minutes), and
// this month's hours.
#include <algorithm>

#include "kiosk/app/hub_words.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

constexpr int kMineRows = 6;

void noticeBand(Canvas& c, const AppState& s) {
  if (s.notice.empty()) return;
  c.fill({560, 104, 800, 76}, theme::kYellow, 12);
  c.textFit("hub.notice", s.notice, 960, 122, 760, FontRole::Body, theme::kInk, theme::kYellow,
            Align::Center);
}

// The office's name for the station when this kiosk offers it, else the kiosk's word.
std::string stationOf(const AppState& s, core::StationKind kind) {
  for (const auto& st : s.stations) {
    if (st.kind == kind) return stationName(st, s.lang);
  }
  return stationName(kind, "", s.lang);
}

std::string orderState(const db::OrderView& o, Lang lang) {
  if (o.pending) return std::string(tr(Str::StateWaitOffice, lang));
  switch (o.state) {
    case core::OrderState::Requested: return std::string(tr(Str::StateRequested, lang));
    case core::OrderState::Claimed: return tr(Str::StateClaimed, lang, {o.claimer_name});
    case core::OrderState::Done: return std::string(tr(Str::StateDone, lang));
    default: return {};
  }
}

}  // namespace

void drawMyServices(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  c.text("mine.title", tr(Str::MineTitle, s.lang), 40, 108, FontRole::Heading, theme::kRed,
         theme::kPaper);
  noticeBand(c, s);
  c.fill({40, 200, 1840, 730}, theme::kCard, 20);
  int row = 0;
  auto rowRect = [&] { return Rect{40, 214 + static_cast<float>(row) * 118, 1840, 110}; };
  if (s.hub) {
    for (const auto& b : s.hub->bookings) {
      if (row >= kMineRows) break;
      const Rect r = rowRect();
      stationIcon(c, b.station, r.x + 70, r.y + r.h / 2, 70, theme::kRed, theme::kCard);
      c.textFit("mine.booking",
                stationName(b.station, b.station_name, s.lang) + "  " + whenLabel(b.start_ms, s.lang),
                r.x + 140, r.y + 12, 900, FontRole::Body, theme::kInk, theme::kCard);
      const std::string sub = b.state == db::BookingState::Refused
                                  ? std::string(tr(Str::StateRefused, s.lang))
                                  : tr(Str::TicketNo, s.lang, {b.ticket});
      c.textFit("mine.booking.sub", sub, r.x + 140, r.y + 58, 900, FontRole::Body,
                b.state == db::BookingState::Refused ? theme::kRed : theme::kInkSoft,
                theme::kCard);
      if (b.cancellable && b.state == db::BookingState::Booked) {
        if (c.button("mine.cancel." + std::to_string(row), tr(Str::CancelBtn, s.lang),
                     {1560, r.y + 10, 280, 90}, ButtonStyle::Secondary, !s.acting)) {
          out.push_back(intent::AskCancelBooking{b.uuid});
        }
      } else if (b.state == db::BookingState::Booked) {
        c.text("mine.late", tr(Str::TooLateToCancel, s.lang), 1840, r.y + 34, FontRole::Body,
               theme::kInkSoft, theme::kCard, Align::Right);
      }
      ++row;
    }
    for (const auto& o : s.hub->requests) {
      if (row >= kMineRows) break;
      const Rect r = rowRect();
      stationIcon(c, o.station, r.x + 70, r.y + r.h / 2, 70, theme::kRed, theme::kCard);
      c.textFit("mine.request",
                stationOf(s, o.station) + "：" + noteIn(o.station, o.note, s.lang),
                r.x + 140, r.y + 12, 900, FontRole::Body, theme::kInk, theme::kCard);
      c.textFit("mine.request.sub", tr(Str::TicketNo, s.lang, {o.ticket}) + "  " + orderState(o, s.lang),
                r.x + 140, r.y + 58, 1300, FontRole::Body, theme::kInkSoft, theme::kCard);
      if (o.state == core::OrderState::Requested && !o.pending) {
        if (c.button("mine.cancel." + std::to_string(row), tr(Str::CancelBtn, s.lang),
                     {1560, r.y + 10, 280, 90}, ButtonStyle::Secondary, !s.acting)) {
          out.push_back(intent::AskCancelRequest{o.uuid});
        }
      }
      ++row;
    }
  }
  if (row == 0) {
    c.text("mine.none", tr(Str::MineNone, s.lang), 100, 260, FontRole::Body, theme::kInkSoft,
           theme::kCard);
  }
  if (c.button("mine.back", tr(Str::Back, s.lang), {40, 950, 400, 100}, ButtonStyle::Secondary,
               !s.acting)) {
    out.push_back(intent::GoHome{});
  }
}

void drawVolunteer(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.hub) return;
  const HubView& h = *s.hub;
  c.text("vol.title", tr(Str::VolTitle, s.lang), 40, 108, FontRole::Heading, theme::kRed,
         theme::kPaper);
  noticeBand(c, s);
  c.text("vol.hours",
         tr(Str::VolHours, s.lang,
            {std::to_string(h.volunteer_minutes / 60), std::to_string(h.volunteer_minutes % 60)}),
         1880, 118, FontRole::Body, theme::kInk, theme::kPaper, Align::Right);
  // Left: open requests to claim.
  c.fill({40, 200, 900, 730}, theme::kCard, 20);
  c.text("vol.open.title", tr(Str::VolOpen, s.lang), 70, 214, FontRole::Heading, theme::kInk,
         theme::kCard);
  if (h.open.empty()) {
    c.text("vol.open.none", tr(Str::VolNoneOpen, s.lang), 70, 310, FontRole::Body,
           theme::kInkSoft, theme::kCard);
  }
  // A page of kVolunteerRows; each claim button's id counts from the list's start.
  // (A page past the end, after claims emptied it, shows the last page.)
  const std::size_t pages = std::max<std::size_t>(1, (h.open.size() + kVolunteerRows - 1) / kVolunteerRows);
  const std::size_t page = std::min(static_cast<std::size_t>(std::max(0, s.volunteer_page)), pages - 1);
  const std::size_t first = page * kVolunteerRows;
  if (h.open.size() > kVolunteerRows) {
    if (c.button("vol.prev", tr(Str::PrevPage, s.lang), {520, 208, 190, 84}, ButtonStyle::Secondary,
                 page > 0 && !s.acting)) {
      out.push_back(intent::VolunteerPage{-1});
    }
    if (c.button("vol.next", tr(Str::NextPage, s.lang), {725, 208, 190, 84}, ButtonStyle::Secondary,
                 first + kVolunteerRows < h.open.size() && !s.acting)) {
      out.push_back(intent::VolunteerPage{+1});
    }
  }
  for (std::size_t i = first; i < h.open.size() && i < first + kVolunteerRows; ++i) {
    const auto& o = h.open[i];
    const float y = 300 + static_cast<float>(i - first) * 156;
    stationIcon(c, o.station, 110, y + 60, 64, theme::kRed, theme::kCard);
    c.textFit("vol.open.who", o.requester_name + "  " + o.requester_grid, 170, y + 8, 480,
              FontRole::Body, theme::kInk, theme::kCard);
    c.textFit("vol.open.note",
              noteIn(o.station, o.note, s.lang) + "  " + dayLabel(o.requested_ms, s.lang), 170,
              y + 60, 480, FontRole::Body, theme::kInkSoft, theme::kCard);
    if (c.button("vol.claim." + std::to_string(i), tr(Str::ClaimBtn, s.lang), {680, y, 230, 120},
                 ButtonStyle::Confirm, !s.acting)) {
      out.push_back(intent::Claim{o.uuid});
    }
  }
  // Right: what they claimed.
  c.fill({980, 200, 900, 730}, theme::kCard, 20);
  c.text("vol.claimed.title", tr(Str::VolClaimed, s.lang), 1010, 214, FontRole::Heading,
         theme::kInk, theme::kCard);
  if (h.claimed.empty()) {
    c.text("vol.claimed.none", tr(Str::VolNoneClaimed, s.lang), 1010, 310, FontRole::Body,
           theme::kInkSoft, theme::kCard);
  }
  for (std::size_t i = 0; i < h.claimed.size() && i < kVolunteerRows; ++i) {
    const auto& o = h.claimed[i];
    const float y = 300 + static_cast<float>(i) * 156;
    c.textFit("vol.claimed.who", o.requester_name + "  " + o.requester_grid, 1010, y + 8, 420,
              FontRole::Body, theme::kInk, theme::kCard);
    c.textFit("vol.claimed.note", noteIn(o.station, o.note, s.lang), 1010, y + 60, 420,
              FontRole::Body, theme::kInkSoft, theme::kCard);
    if (o.state == core::OrderState::Claimed && !o.pending) {
      if (c.button("vol.done." + std::to_string(i), tr(Str::DoneBtn, s.lang), {1450, y, 200, 120},
                   ButtonStyle::Confirm, !s.acting)) {
        out.push_back(intent::StartDone{o.uuid});
      }
      if (c.button("vol.unclaim." + std::to_string(i), tr(Str::UnclaimBtn, s.lang), {1665, y, 190, 120},
                   ButtonStyle::Secondary, !s.acting)) {
        out.push_back(intent::Unclaim{o.uuid});
      }
    } else {
      c.text("vol.claimed.state",
             o.pending ? tr(Str::StateWaitOffice, s.lang) : tr(Str::WaitConfirm, s.lang), 1850,
             y + 34, FontRole::Body, theme::kInkSoft, theme::kCard, Align::Right);
    }
  }
  if (c.button("vol.back", tr(Str::Back, s.lang), {40, 950, 400, 100}, ButtonStyle::Secondary,
               !s.acting)) {
    out.push_back(intent::GoHome{});
  }
  if (servicesOffered(s) &&
      c.button("vol.for-other", tr(Str::ForOtherBtn, s.lang), {1380, 950, 500, 100},
               ButtonStyle::Primary, !s.acting)) {
    out.push_back(intent::ForOther{});
  }
}

}  // namespace rc::kiosk::ui
