// Home, after a card scan: who you are, your credit score with its stars, your points, your
// rank and what the score means for welfare, in plain words; one big way on (the supermarket).
#include <ctime>

#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

Str kindWord(core::EntryKind k) {
  switch (k) {
    case core::EntryKind::CouncilAward: return Str::KindAward;
    case core::EntryKind::CouncilDeduction: return Str::KindDeduction;
    case core::EntryKind::VolunteerHours: return Str::KindVolunteer;
    case core::EntryKind::FundReward: return Str::KindFund;
    case core::EntryKind::Redemption: return Str::KindRedeem;
    case core::EntryKind::Booking: return Str::KindBooking;
    case core::EntryKind::Void: return Str::KindVoid;
  }
  return Str::KindVoid;
}

constexpr int kRecentEntries = 5;

std::string signedNumber(int v) { return (v > 0 ? "+" : "") + std::to_string(v); }

// "11-05" in China Standard Time.
std::string monthDay(std::int64_t at_ms) {
  const std::time_t t = static_cast<std::time_t>(at_ms / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d-%02d", tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

void scorePanel(Canvas& c, const VillagerCard& vc, const View& v) {
  const Lang lang = v.state.lang;
  c.fill({40, 120, 900, 800}, theme::kCard, 20);
  c.textFit("home.name", tr(Str::Hello, lang, {vc.name}), 80, 140, 820, FontRole::Heading,
            theme::kInk, theme::kCard);
  c.text("home.score.label", tr(Str::ScoreLabel, lang), 80, 230, FontRole::Body, theme::kInkSoft,
         theme::kCard);
  c.text("home.score", std::to_string(vc.score), 80, 270, FontRole::Huge, theme::kInk,
         theme::kCard);
  const bool red = vc.stars.red > 0;
  const int count = red ? vc.stars.red : vc.stars.grey;
  float x = 80;
  if (count > 0) {
    x += c.starRow(80, 420, 22, count, 10, red ? theme::kStarRed : theme::kStarGrey) + 16;
    c.text("home.stars", tr(red ? Str::RedStars : Str::GreyStars, lang, {std::to_string(count)}),
           x, 416, FontRole::Body, theme::kInk, theme::kCard);
  } else {
    c.text("home.stars", tr(Str::NoStars, lang), x, 416, FontRole::Body, theme::kInkSoft,
           theme::kCard);
  }
  if (vc.rank > 0) {
    c.text("home.rank", tr(Str::Rank, lang, {std::to_string(vc.rank), std::to_string(vc.ranked)}),
           80, 480, FontRole::Body, theme::kInk, theme::kCard);
  }
  // Welfare in plain words: the threshold and what it means, never just a flag.
  const bool ok = vc.welfare;
  const std::uint32_t bg = ok ? theme::kOkBg : theme::kWarnBg;
  const std::uint32_t fg = ok ? theme::kOkInk : theme::kWarnInk;
  c.fill({70, 550, 840, 130}, bg, 14);
  const std::string welfare =
      ok ? std::string(tr(Str::WelfareYes, lang))
         : tr(Str::WelfareNo, lang, {std::to_string(v.settings.welfare_threshold - vc.score)});
  c.text("home.welfare", welfare, 95, 565, FontRole::Body, fg, bg, Align::Left, 790);
  if (vc.yellow_card) {
    c.fill({70, 700, 840, 200}, theme::kYellow, 14);
    c.text("home.yellow", tr(Str::YellowCard, lang), 95, 715, FontRole::Body, theme::kInk,
           theme::kYellow, Align::Left, 790);
    if (!vc.paired_name.empty()) {
      c.text("home.yellow.pair", tr(Str::YellowCardPair, lang, {vc.paired_name}), 95, 800,
             FontRole::Body, theme::kInk, theme::kYellow, Align::Left, 790);
    }
  }
}

void pointsPanel(Canvas& c, const VillagerCard& vc, const View& v, Intents& out) {
  const Lang lang = v.state.lang;
  c.fill({980, 120, 900, 930}, theme::kCard, 20);
  c.text("home.points.label", tr(Str::PointsLabel, lang), 1020, 140, FontRole::Body,
         theme::kInkSoft, theme::kCard);
  c.text("home.points", std::to_string(vc.points), 1020, 180, FontRole::Huge, theme::kRed,
         theme::kCard);
  const AppState& s = v.state;
  const bool services = servicesOffered(s) && s.hub.has_value();
  if (c.button("home.supermarket", tr(Str::GoShop, lang),
               services ? Rect{1020, 340, 400, 150} : Rect{1020, 340, 820, 150},
               ButtonStyle::Primary)) {
    out.push_back(intent::OpenSupermarket{});
  }
  float top = 530;
  int shown = kRecentEntries;
  if (services) {
    // The second way on: the stations this kiosk offers.
    if (c.button("home.services", tr(Str::GoServices, lang), {1440, 340, 400, 150},
                 ButtonStyle::Primary)) {
      out.push_back(intent::OpenServices{});
    }
    const auto mine = s.hub->bookings.size() + s.hub->requests.size();
    if (c.button("home.mine", tr(Str::HomeMine, lang, {std::to_string(mine)}),
                 {1020, 510, 405, 100}, ButtonStyle::Secondary, true, FontRole::Body)) {
      out.push_back(intent::OpenMine{});
    }
    if (vc.servesOthers() && !s.helper &&
        c.button("home.volunteer",
                 tr(Str::HomeVolunteer, lang, {std::to_string(s.hub->open.size())}),
                 {1435, 510, 405, 100}, ButtonStyle::Secondary, true, FontRole::Body)) {
      out.push_back(intent::OpenVolunteer{});
    }
    top = 640;
    shown = 4;
  }
  c.text("home.recent.title", tr(Str::RecentTitle, lang), 1020, top, FontRole::Heading,
         theme::kInk, theme::kCard);
  if (vc.recent.empty()) {
    c.text("home.recent.none", tr(Str::NoEntries, lang), 1020, top + 90, FontRole::Body,
           theme::kInkSoft, theme::kCard);
  }
  float y = top + 90;
  int n = 0;
  for (const auto& e : vc.recent) {
    if (n++ >= shown) break;
    c.text("home.recent.date", monthDay(e.at_ms), 1020, y, FontRole::Body, theme::kInkSoft,
           theme::kCard);
    c.textFit("home.recent.kind", tr(kindWord(e.kind), lang), 1150, y, 330, FontRole::Body,
              theme::kInk, theme::kCard);
    const std::string delta = e.points_delta != 0
                                  ? tr(Str::PointsDelta, lang, {signedNumber(e.points_delta)})
                                  : tr(Str::ScoreDelta, lang, {signedNumber(e.score_delta)});
    c.text("home.recent.delta", delta, 1840, y, FontRole::Body,
           e.points_delta < 0 || e.score_delta < 0 ? theme::kRed : theme::kOkInk, theme::kCard,
           Align::Right);
    y += services ? 76 : 80;
  }
}

}  // namespace

void drawHome(Canvas& c, const View& v, Intents& out) {
  if (!v.state.villager) return;
  const VillagerCard& vc = *v.state.villager;
  scorePanel(c, vc, v);
  pointsPanel(c, vc, v, out);
  if (c.button("home.logout", tr(Str::Exit, v.state.lang), {40, 950, 320, 100},
               ButtonStyle::Secondary)) {
    out.push_back(intent::EndSession{});
  }
  if (!v.state.notice.empty()) {
    c.fill({380, 950, 560, 100}, theme::kYellow, 14);
    c.textFit("home.notice", v.state.notice, 660, 980, 520, FontRole::Body, theme::kInk,
              theme::kYellow, Align::Center);
  }
}

}  // namespace rc::kiosk::ui
