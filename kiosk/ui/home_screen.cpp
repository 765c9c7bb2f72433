// Home, after a card scan: who you are, your credit score with its stars, your points, your
// rank and what the score means for welfare, in plain words; one big way on (the supermarket).
#include "kiosk/app/entry_words.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

constexpr int kRecentEntries = 5;

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
  // What to do next: the volunteer teams recruiting this month, in the same box (two lines
  // each at most), the yellow card's notice moved down to make room.
  const bool next = !vc.recruiting.empty();
  c.fill({70, 540, 840, next ? 205.f : 130.f}, bg, 14);
  const std::string welfare =
      ok ? std::string(tr(Str::WelfareYes, lang))
         : tr(Str::WelfareNo, lang, {std::to_string(v.settings.welfare_threshold - vc.score)});
  const float h = c.text("home.welfare", welfare, 95, 555, FontRole::Body, fg, bg, Align::Left, 790);
  if (next) {
    std::string teams;
    for (const auto& t : vc.recruiting) teams += (teams.empty() ? "" : "、") + t;
    c.text("home.recruiting", tr(Str::Recruiting, lang, {teams}), 95, 555 + h + 8, FontRole::Body,
           fg, bg, Align::Left, 790);
  }
  if (vc.yellow_card) {
    const float top = next ? 760 : 690;
    c.fill({70, top, 840, next ? 145.f : 200.f}, theme::kYellow, 14);
    c.text("home.yellow", tr(Str::YellowCard, lang), 95, top + 12, FontRole::Body, theme::kInk,
           theme::kYellow, Align::Left, 790);
    if (!vc.paired_name.empty()) {
      c.text("home.yellow.pair", tr(Str::YellowCardPair, lang, {vc.paired_name}), 95,
             top + (next ? 70 : 97), FontRole::Body, theme::kInk, theme::kYellow, Align::Left,
             790);
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
  } else {
    c.text("home.recent.hint", tr(Str::RecentHint, lang), 1840, top + 14, FontRole::Body,
           theme::kInkSoft, theme::kCard, Align::Right);
  }
  // Each record is a button (the whole row) that opens why: the rule, the goods or the team,
  // and both numbers it moved.
  const float step = services ? 82 : 86;
  float y = top + 76;
  for (int i = 0; i < shown && i < static_cast<int>(vc.recent.size()); ++i) {
    const EntryLine& e = vc.recent[static_cast<std::size_t>(i)];
    const std::string id = "home.recent." + std::to_string(i);
    if (c.button(id, "", {1010, y, 840, theme::kMinTarget}, ButtonStyle::Secondary)) {
      out.push_back(intent::OpenEntry{i});
    }
    const float ty = y + 20;
    c.text("home.recent.date", monthDay(e.at_ms), 1030, ty, FontRole::Body, theme::kInkSoft,
           theme::kCard);
    const std::string delta = entryDeltas(e, lang);
    const float dw = c.textWidth(delta, FontRole::Body);
    c.textFit("home.recent.kind", entryTitle(e, lang), 1150, ty, 1820 - 1150 - dw - 24,
              FontRole::Body, theme::kInk, theme::kCard);
    c.text("home.recent.delta", delta, 1830, ty, FontRole::Body,
           e.points_delta < 0 || e.score_delta < 0 ? theme::kRed : theme::kOkInk, theme::kCard,
           Align::Right);
    y += step;
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
