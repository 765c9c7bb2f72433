// Attract: what the kiosk shows to the room. One instruction, big enough to read from two
// metres, and the month's public boards: the party members' red/grey board with stars, the
// honour roll, and the village's volunteer hours.
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

constexpr int kPartyRows = 12;
constexpr int kStarsShown = 4;

void partyBoard(Canvas& c, const AttractBoards& b, Lang lang) {
  const Rect panel{40, 330, 960, 720};
  c.fill(panel, theme::kCard, 20);
  c.text("attract.party.title", tr(Str::PartyBoardTitle, lang, {std::to_string(b.month.month)}),
         70, 350, FontRole::Heading, theme::kRed, theme::kCard);
  for (std::size_t i = 0; i < b.party.size() && i < 3 * kPartyRows; ++i) {
    const auto& row = b.party[i];
    const float x = 70 + static_cast<float>(i / kPartyRows) * 310;
    const float y = 440 + static_cast<float>(i % kPartyRows) * 50;
    c.textFit("attract.party.name", row.name, x, y, 120, FontRole::Body, theme::kInk, theme::kCard);
    const bool red = row.stars.red > 0;
    const int count = red ? row.stars.red : row.stars.grey;
    const float w = c.starRow(x + 124, y + 8, 13, count, kStarsShown,
                              red ? theme::kStarRed : theme::kStarGrey);
    if (count > kStarsShown) {
      c.text("attract.party.more", "+" + std::to_string(count - kStarsShown), x + 128 + w, y,
             FontRole::Body, theme::kInkSoft, theme::kCard);
    }
  }
}

void honourRoll(Canvas& c, const AttractBoards& b, Lang lang) {
  const Rect panel{1040, 330, 840, 460};
  c.fill(panel, theme::kCard, 20);
  c.text("attract.honour.title", tr(Str::HonourTitle, lang), 1070, 350, FontRole::Heading,
         theme::kRed, theme::kCard);
  for (std::size_t i = 0; i < b.commended.size() && i < 10; ++i) {
    const auto& row = b.commended[i];
    const float x = 1070 + static_cast<float>(i / 5) * 410;
    const float y = 440 + static_cast<float>(i % 5) * 68;
    c.text("attract.honour.rank", std::to_string(row.rank), x + 40, y, FontRole::Body,
           theme::kRed, theme::kCard, Align::Right);
    c.textFit("attract.honour.name", row.name, x + 60, y, 170, FontRole::Body, theme::kInk,
              theme::kCard);
    c.text("attract.honour.score", std::to_string(row.score), x + 370, y, FontRole::Body,
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
