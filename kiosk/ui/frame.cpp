#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

std::string drawFrame(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  c.fill({0, 0, 1920, 1080}, theme::kPaper);
  std::string name(toString(s.screen));
  // Under the idle warning the screen is drawn but not tappable: one decision at a time.
  c.setInert(s.idle_warning);
  switch (s.screen) {
    case ScreenId::Attract: drawAttract(c, v, out); break;
    case ScreenId::Home: drawHome(c, v, out); break;
    case ScreenId::EntryDetail: drawEntryDetail(c, v, out); break;
    case ScreenId::Supermarket: drawSupermarket(c, v, out); break;
    case ScreenId::Receipt: drawReceipt(c, v, out); break;
    case ScreenId::Error:
      drawError(c, v, out);
      if (s.error) name += ":" + std::string(toString(s.error->kind));
      break;
    case ScreenId::FirstSync: drawFirstSync(c, v, out); break;
    case ScreenId::Services: drawServices(c, v, out); break;
    case ScreenId::Confirm:
      drawConfirm(c, v, out);
      if (s.confirm) {
        static constexpr const char* kAsks[] = {"book", "request", "cancel-booking",
                                                "cancel-request"};
        name += ":" + std::string(kAsks[static_cast<int>(s.confirm->kind)]);
      }
      break;
    case ScreenId::Ticket: drawTicket(c, v, out); break;
    case ScreenId::MyServices: drawMyServices(c, v, out); break;
    case ScreenId::Volunteer: drawVolunteer(c, v, out); break;
    case ScreenId::DoneMinutes: drawDoneMinutes(c, v, out); break;
    case ScreenId::Notice: {
      drawNotice(c, v, out);
      const Prompt p = nextPrompt(s.hub, s.later);
      if (p.notice) {
        name += p.notice->kind == db::NoticeKind::BookingRefused ? ":booking-refused" : ":claim-lost";
      } else if (p.done) {
        name += ":confirm-done";
      }
      break;
    }
    case ScreenId::ForOther: drawForOther(c, v, out); break;
    case ScreenId::StaffPin:
      drawStaffPin(c, v, out);
      if (s.staff && s.staff->locked_minutes > 0) name += ":locked";
      if (s.staff && s.staff->wrong && s.staff->locked_minutes == 0) name += ":wrong";
      break;
    case ScreenId::StaffMenu: drawStaffMenu(c, v, out); break;
    case ScreenId::StaffToday: drawStaffToday(c, v, out); break;
    case ScreenId::StaffReason:
      drawStaffReason(c, v, out);
      if (s.staff) name += s.staff->ask == StaffAsk::Void ? ":void" : ":count";
      break;
    case ScreenId::StaffConfirm: {
      drawStaffConfirm(c, v, out);
      static constexpr const char* kAsks[] = {"void", "restock", "count", "confirm-order"};
      if (s.staff) name += ":" + std::string(kAsks[static_cast<int>(s.staff->ask)]);
      break;
    }
    case ScreenId::StaffProducts:
      drawStaffProducts(c, v, out);
      if (s.staff) name += s.staff->counting ? ":count" : ":restock";
      break;
    case ScreenId::StaffNumber: drawStaffNumber(c, v, out); break;
    case ScreenId::StaffDayClose:
      drawStaffDayClose(c, v, out);
      if (s.staff && s.staff->closed) name += ":closed";
      break;
    case ScreenId::StaffOrders: drawStaffOrders(c, v, out); break;
  }
  if (s.staff && s.staff->busy) name += "+working";
  // A hub action in flight draws its buttons disabled: a frame of its own for the layout.
  if (s.acting) name += "+working";
  drawStatusBar(c, v, out);
  c.setInert(false);
  if (s.idle_warning) {
    drawIdleWarning(c, v, out);
    name += "+idle";
  }
  return name;
}

namespace {

// The link to the office in plain words, calm: working offline is normal, so no red and no
// alarm, only a grey dot instead of the green one.
void drawSyncStatus(Canvas& c, const AppState& s, float max_w) {
  const SyncView& v = s.sync;
  if (v.state == SyncState::Off) return;
  std::string words;
  std::uint32_t dot = theme::kSignalIdle;
  switch (v.state) {
    case SyncState::Off: return;
    case SyncState::Connecting: words = tr(Str::SyncConnecting, s.lang); break;
    case SyncState::Synced:
      words = tr(Str::SyncSynced, s.lang, {v.synced_at});
      dot = theme::kSignalOk;
      break;
    case SyncState::Pending:
      words = tr(Str::SyncPending, s.lang, {std::to_string(v.pending)});
      dot = theme::kSignalOk;
      break;
    case SyncState::Offline:
      words = v.pending > 0 ? tr(Str::SyncOfflinePending, s.lang, {std::to_string(v.pending)})
                            : std::string(tr(Str::SyncOffline, s.lang));
      break;
    case SyncState::CertificateMismatch:
      // Not the calm offline grey: staff must call the office (see the kiosk's log).
      words = tr(Str::SyncCertMismatch, s.lang);
      dot = theme::kRed;
      break;
  }
  c.fill({940, 30, 28, 28}, dot, 14);
  c.textFit("status.sync", words, 984, 22, max_w, FontRole::Body, theme::kWhite, theme::kInk);
}

// The receipt printer, only when staff must do something: paper out, not connected, fault.
// Nothing when it prints or when the kiosk has none.
bool drawPrinterStatus(Canvas& c, const AppState& s) {
  Str words = Str::PrinterFault;
  switch (s.printer) {
    case PrinterLight::Off:
    case PrinterLight::Ready: return false;
    case PrinterLight::PaperOut: words = Str::PrinterPaperOut; break;
    case PrinterLight::Absent: words = Str::PrinterMissing; break;
    case PrinterLight::Fault: words = Str::PrinterFault; break;
  }
  c.fill({1300, 10, 330, 68}, theme::kRed, 10);
  c.textFit("status.printer", tr(words, s.lang), 1465, 22, 310, FontRole::Body, theme::kWhite,
            theme::kRed, Align::Center);
  return true;
}

}  // namespace

void drawStatusBar(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  c.fill({0, 0, 1920, theme::kStatusBarH}, theme::kInk);
  if (s.staff) {
    c.text("status.title", tr(Str::AppTitle, s.lang), 40, 22, FontRole::Body, theme::kWhite,
           theme::kInk);
  } else if (c.button("status.say-again", tr(Str::SayAgain, s.lang), {20, 4, 440, 80},
                      ButtonStyle::Secondary, true, FontRole::Body)) {
    // 再听一遍 on every villager screen, first where the eye starts, never over a screen's own
    // buttons; it takes the title's place (the village's name is on the cards and receipts).
    out.push_back(intent::SayAgain{});
  }
  if (s.reader_connected) {
    c.star(520, 44, 14, theme::kSignalOk);
    c.text("status.reader", tr(Str::ReaderOk, s.lang), 550, 22, FontRole::Body, theme::kWhite,
           theme::kInk);
  } else {
    c.fill({500, 10, 400, 68}, theme::kRed, 10);
    c.text("status.reader", tr(Str::ReaderMissing, s.lang), 700, 22, FontRole::Body,
           theme::kWhite, theme::kRed, Align::Center);
  }
  const bool printer_shown = drawPrinterStatus(c, s);
  drawSyncStatus(c, s, printer_shown ? 300 : 640);
  if (c.button("status.lang", tr(Str::LangToggle, s.lang), {1640, 4, 260, 80},
               ButtonStyle::Secondary, true, FontRole::Body)) {
    out.push_back(intent::ToggleLanguage{});
  }
}

void drawIdleWarning(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  c.fill({0, 0, 1920, 1080}, theme::kShade, 0, 170);
  const Rect box{460, 270, 1000, 520};
  c.fill(box, theme::kCard, 24);
  c.text("idle.title", tr(Str::IdleTitle, s.lang), 960, 320, FontRole::Title, theme::kInk,
         theme::kCard, Align::Center);
  c.text("idle.body", tr(Str::IdleBody, s.lang, {std::to_string(s.idle_seconds_left)}), 520, 440,
         FontRole::Body, theme::kInk, theme::kCard, Align::Left, 880);
  if (c.button("idle.stay", tr(Str::IdleStay, s.lang), {690, 620, 540, 130},
               ButtonStyle::Confirm)) {
    out.push_back(intent::StillHere{});
  }
}

}  // namespace rc::kiosk::ui
