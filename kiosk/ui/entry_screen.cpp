// A recent record, explained: what it was for (the council's rule, the goods, the team), when,
// the council's month, both numbers it moved, and the council's evidence in full. Calm: one
// card, one big way back to Home.
#include "core/text.h"
#include "kiosk/app/entry_words.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

void drawEntryDetail(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  const Lang lang = s.lang;
  if (!s.villager || s.entry < 0 || s.entry >= static_cast<int>(s.villager->recent.size())) {
    return;
  }
  const EntryLine& e = s.villager->recent[static_cast<std::size_t>(s.entry)];
  c.fill({260, 120, 1400, 930}, theme::kCard, 24);
  c.text("entry.kind", tr(kindWord(e.kind), lang), 320, 150, FontRole::Body, theme::kInkSoft,
         theme::kCard);
  c.textFit("entry.what", entryTitle(e, lang), 320, 200, 1280, FontRole::Heading, theme::kInk,
            theme::kCard);
  const bool down = e.points_delta < 0 || e.score_delta < 0;
  c.text("entry.moved", tr(Str::EntryMoved, lang), 320, 320, FontRole::Body, theme::kInkSoft,
         theme::kCard);
  c.text("entry.deltas", entryDeltas(e, lang), 320, 370, FontRole::Heading,
         down ? theme::kRed : theme::kOkInk, theme::kCard);
  float y = 470;
  c.text("entry.date", tr(Str::EntryDate, lang, {monthDay(e.at_ms)}), 320, y, FontRole::Body,
         theme::kInk, theme::kCard);
  y += 60;
  const bool council = e.kind == core::EntryKind::CouncilAward ||
                       e.kind == core::EntryKind::CouncilDeduction;
  if (const auto ym = core::YearMonth::parse(e.month); council && ym) {
    c.text("entry.month",
           tr(Str::EntryCouncil, lang, {std::to_string(ym->year), std::to_string(ym->month)}),
           320, y, FontRole::Body, theme::kInk, theme::kCard);
    y += 60;
  }
  if (e.minutes > 0) {
    c.text("entry.minutes", tr(Str::EntryMinutes, lang, {std::to_string(e.minutes)}), 320, y,
           FontRole::Body, theme::kInk, theme::kCard);
    y += 60;
  }
  if (!e.evidence.empty()) {
    // Five lines of 35 characters fit the box; the council's evidence is at most 200 characters
    // and is cut (with "…") only past kEvidenceBytes.
    constexpr std::size_t kEvidenceBytes = 480;
    std::string evidence(core::utf8Prefix(e.evidence, kEvidenceBytes));
    if (evidence.size() < e.evidence.size()) evidence += "…";
    y += 10;
    c.fill({300, y, 1320, 900 - y}, theme::kWarnBg, 14);
    c.text("entry.evidence", tr(Str::EntryEvidence, lang, {evidence}), 330, y + 20,
           FontRole::Body, theme::kWarnInk, theme::kWarnBg, Align::Left, 1260);
  }
  if (c.button("entry.back", tr(Str::Back, lang), {760, 920, 400, 110}, ButtonStyle::Primary)) {
    out.push_back(intent::GoHome{});
  }
}

}  // namespace rc::kiosk::ui
