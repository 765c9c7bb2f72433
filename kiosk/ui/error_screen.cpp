// Errors: what happened and what to do next, in plain words, and a way back. The device and
// ledger errors have no button: they clear themselves when the reader or the ledger returns.
#include "kiosk/app/error_words.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

void drawError(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.error) return;
  const ErrorInfo& e = *s.error;
  const ErrorWords w = errorWords(e, s.lang, v.settings);
  c.fill({260, 130, 1400, 900}, theme::kCard, 24);
  c.fill({890, 170, 140, 140}, theme::kRed, 70);
  c.text("error.icon", "!", 960, 170, FontRole::Huge, theme::kWhite, theme::kRed, Align::Center);
  c.text("error.title", w.title, 960, 340, FontRole::Title, theme::kRed, theme::kCard,
         Align::Center);
  const float h = c.text("error.body", w.body, 360, 470, FontRole::Body, theme::kInk, theme::kCard,
                         Align::Left, 1200);
  c.text("error.next", w.next, 360, 500 + h, FontRole::Heading, theme::kInk,
         theme::kCard, Align::Left, 1200);
  const bool dismissible = !isKioskFault(e.kind);
  if (dismissible && c.button("error.back", tr(Str::Back, s.lang), {760, 860, 400, 120},
                              ButtonStyle::Primary)) {
    out.push_back(intent::DismissError{});
  }
}

}  // namespace rc::kiosk::ui
