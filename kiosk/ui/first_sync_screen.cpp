// A synced kiosk's first start: the roster is on its way from the office. Calm words on what is
// happening, what has arrived so far, and (when the office cannot be reached) what staff can
// check. No buttons: a card scanned now waits and opens when the roster is here.
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

void drawFirstSync(Canvas& c, const View& v, Intents&) {
  const AppState& s = v.state;
  const SyncView& sv = s.sync;
  c.fill({260, 170, 1400, 820}, theme::kCard, 24);
  c.text("first-sync.title", tr(Str::FirstSyncTitle, s.lang), 960, 220, FontRole::Title,
         theme::kRed, theme::kCard, Align::Center);
  float y = 360;
  y += c.text("first-sync.why", tr(Str::FirstSyncWhy, s.lang), 340, y, FontRole::Body,
              theme::kInk, theme::kCard, Align::Left, 1240) +
       40;
  // Progress: batches stored so far. The total is not known ahead, so no bar pretends to it.
  std::string progress =
      sv.roster_pages > 0
          ? tr(Str::FirstSyncProgress, s.lang,
               {std::to_string(sv.roster_villagers), std::to_string(sv.roster_products),
                std::to_string(sv.roster_pages)})
          : std::string(tr(Str::FirstSyncConnecting, s.lang));
  y += c.text("first-sync.progress", progress, 340, y, FontRole::Heading, theme::kInk,
              theme::kCard, Align::Left, 1240) +
       30;
  if (sv.failures > 0) {
    c.fill({320, y - 10, 1280, 170}, theme::kWarnBg, 12);
    c.text("first-sync.retrying",
           tr(Str::FirstSyncRetrying, s.lang, {std::to_string(sv.failures)}), 350, y,
           FontRole::Body, theme::kWarnInk, theme::kWarnBg, Align::Left, 1220);
    c.text("first-sync.next", tr(Str::FirstSyncRetryNext, s.lang), 350, y + 70, FontRole::Body,
           theme::kWarnInk, theme::kWarnBg, Align::Left, 1220);
    y += 190;
  }
  if (s.scan_waiting) {
    c.fill({320, y, 1280, 100}, theme::kOkBg, 12);
    c.text("first-sync.held", tr(Str::FirstSyncHeld, s.lang), 350, y + 22, FontRole::Body,
           theme::kOkInk, theme::kOkBg, Align::Left, 1220);
  }
}

}  // namespace rc::kiosk::ui
