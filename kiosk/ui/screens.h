#pragma once
// The kiosk's screens, one file each: functions of a read-only View that emit Intents. They
// draw through a Canvas (which records every element for scripts and the layout audit) and
// never change state themselves.

#include <string>

#include "core/settings.h"
#include "kiosk/app/events.h"
#include "kiosk/app/state.h"
#include "kiosk/ui/canvas.h"

namespace rc::kiosk::ui {

struct View {
  const AppState& state;
  const core::Settings& settings;
};

void drawAttract(Canvas& c, const View& v, Intents& out);
void drawHome(Canvas& c, const View& v, Intents& out);
void drawEntryDetail(Canvas& c, const View& v, Intents& out);
void drawSupermarket(Canvas& c, const View& v, Intents& out);
void drawReceipt(Canvas& c, const View& v, Intents& out);
void drawError(Canvas& c, const View& v, Intents& out);
void drawFirstSync(Canvas& c, const View& v, Intents& out);
// The service hub (issue 12).
void drawServices(Canvas& c, const View& v, Intents& out);
void drawConfirm(Canvas& c, const View& v, Intents& out);
void drawTicket(Canvas& c, const View& v, Intents& out);
void drawMyServices(Canvas& c, const View& v, Intents& out);
void drawVolunteer(Canvas& c, const View& v, Intents& out);
void drawDoneMinutes(Canvas& c, const View& v, Intents& out);
void drawNotice(Canvas& c, const View& v, Intents& out);
void drawForOther(Canvas& c, const View& v, Intents& out);
// Staff (issue 13).
void drawStaffPin(Canvas& c, const View& v, Intents& out);
void drawStaffMenu(Canvas& c, const View& v, Intents& out);
void drawStaffToday(Canvas& c, const View& v, Intents& out);
void drawStaffReason(Canvas& c, const View& v, Intents& out);
void drawStaffConfirm(Canvas& c, const View& v, Intents& out);
void drawStaffProducts(Canvas& c, const View& v, Intents& out);
void drawStaffNumber(Canvas& c, const View& v, Intents& out);
void drawStaffDayClose(Canvas& c, const View& v, Intents& out);
void drawStaffOrders(Canvas& c, const View& v, Intents& out);
// A station's picture, `size` across, centred at (cx, cy), in `ink` on `bg`.
void stationIcon(Canvas& c, core::StationKind kind, float cx, float cy, float size,
                 std::uint32_t ink, std::uint32_t bg);
// The status bar (reader state, language) and the idle warning over whichever screen is shown.
void drawStatusBar(Canvas& c, const View& v, Intents& out);
void drawIdleWarning(Canvas& c, const View& v, Intents& out);

// The whole frame: background, the current screen, the status bar, the idle warning. Returns
// the screen's name for the layout ("attract", "error:unknown-card", "supermarket+idle", …).
std::string drawFrame(Canvas& c, const View& v, Intents& out);

}  // namespace rc::kiosk::ui
