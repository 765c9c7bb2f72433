// Attract: what the kiosk shows to the room. One instruction, big enough to read from two
// metres, and the month's public boards: the party members' red/grey board with stars, the
// honour roll, and the village's volunteer hours.
#include <algorithm>

#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

constexpr int kPartyRows = 12;
// Rows of 340 / 8 = 42.5 px hold the 36 px text: 3 columns of 8.
constexpr std::size_t kHonourMax = 24;
// A short star row (never more than 3 drawn, so nobody counts shapes) and the count in words.
constexpr int kStarsShown = 1;

void partyBoard(Canvas& c, const AttractBoards& b, Lang lang) {
  const Rect panel{40, 330, 960, 720};
  c.fill(panel, theme::kCard, 20);
  c.text("attract.party.title", tr(Str::PartyBoardTitle, lang, {std::to_string(b.month.month)}),
         70, 350, FontRole::Heading, theme::kRed, theme::kCard);
  for (std::size_t i = 0; i < b.party.size() && i < 3 * kPartyRows; ++i) {
    const auto& row = b.party[i];
    const float x = 70 + static_cast<float>(i / kPartyRows) * 310;
    const float y = 440 + static_cast<float>(i % kPartyRows) * 50;
    c.textFit("attract.party.name", row.name, x, y, 112, FontRole::Body, theme::kInk, theme::kCard);
    const bool red = row.stars.red > 0;
    const int count = red ? row.stars.red : row.stars.grey;
    if (count == 0) continue;
    const float w = c.starRow(x + 116, y + 8, 12, count, kStarsShown,
                              red ? theme::kStarRed : theme::kStarGrey);
    c.textFit("attract.party.stars",
              tr(red ? Str::BoardRedStars : Str::BoardGreyStars, lang, {std::to_string(count)}),
              x + 120 + w, y, 300 - 120 - w, FontRole::Body, theme::kInk, theme::kCard);
  }
}

void honourRoll(Canvas& c, const AttractBoards& b, Lang lang) {
  const Rect panel{1040, 330, 840, 460};
  c.fill(panel, theme::kCard, 20);
  c.text("attract.honour.title", tr(Str::HonourTitle, lang), 1070, 350, FontRole::Heading,
         theme::kRed, theme::kCard);
  // Everyone tied at the cut-off is on the roll (core's boards, as the office's board): ten in
  // two columns of five; more in shorter rows, then three columns, never under the text's height.
  const std::size_t n = std::min(b.commended.size(), kHonourMax);
  const std::size_t cols = n <= 16 ? 2 : 3;
  const std::size_t rows = std::max<std::size_t>(5, (n + cols - 1) / cols);
  const float row_h = std::min(68.f, 340.f / static_cast<float>(rows));
  const float col_w = 780.f / static_cast<float>(cols);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& row = b.commended[i];
    const float x = 1070 + static_cast<float>(i / rows) * col_w;
    const float y = 440 + static_cast<float>(i % rows) * row_h;
    c.text("attract.honour.rank", std::to_string(row.rank), x + 40, y, FontRole::Body,
           theme::kRed, theme::kCard, Align::Right);
    c.textFit("attract.honour.name", row.name, x + 56, y, col_w - 56 - 90, FontRole::Body,
              theme::kInk, theme::kCard);
    c.text("attract.honour.score", std::to_string(row.score), x + col_w - 20, y, FontRole::Body,
           theme::kInkSoft, theme::kCard, Align::Right);
  }
}

void volunteering(Canvas& c, const AttractBoards& b, Lang lang) {
  const Rect panel{1040, 820, 840, 230};
  c.fill(panel, theme::kCard, 20);
  c.text("attract.volunteer.title", tr(Str::VolunteerTitle, lang), 1070, 840, FontRole::Heading,
         theme::kInk, theme::kCard);
  const std::string hours = std::to_string(b.volunteer_minutes / 60);
  c.text("attract.volunteer.hours", hours, 1070, 910, FontRole::Huge, theme::kRed, theme::kCard);
  const float w = c.textWidth(hours, FontRole::Huge);
  c.text("attract.volunteer.unit", tr(Str::HoursUnit, lang), 1090 + w, 970, FontRole::Heading,
         theme::kInk, theme::kCard);
  c.text("attract.volunteer.sessions",
         tr(Str::VolunteerSessions, lang, {std::to_string(b.volunteer_sessions)}), 1850, 985,
         FontRole::Body, theme::kInkSoft, theme::kCard, Align::Right);
}

}  // namespace

void drawAttract(Canvas& c, const View& v, Intents&) {
  const AppState& s = v.state;
  c.fill({0, 88, 1920, 222}, theme::kRed);
  c.text("attract.prompt", tr(Str::ScanPrompt, s.lang), 960, 100, FontRole::Huge, theme::kWhite,
         theme::kRed, Align::Center);
  c.text("attract.hint", tr(Str::ScanHint, s.lang), 960, 250, FontRole::Body, theme::kWhite,
         theme::kRed, Align::Center);
  if (!s.boards) {
    c.text("attract.loading", tr(Str::Loading, s.lang), 960, 600, FontRole::Heading,
           theme::kInkSoft, theme::kPaper, Align::Center);
    return;
  }
  partyBoard(c, *s.boards, s.lang);
  honourRoll(c, *s.boards, s.lang);
  volunteering(c, *s.boards, s.lang);
}

}  // namespace rc::kiosk::ui
