// Errors: what happened and what to do next, in plain words, and a way back. The device and
// ledger errors have no button: they clear themselves when the reader or the ledger returns.
#include "kiosk/app/hub_words.h"
#include "kiosk/ui/screens.h"
#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

using platform::FontRole;

namespace {

struct Words {
  Str title, body, next;
};

Words wordsFor(ErrorKind k) {
  switch (k) {
    case ErrorKind::UnknownCard: return {Str::ErrUnknownCardTitle, Str::ErrUnknownCardBody, Str::ErrUnknownCardNext};
    case ErrorKind::NotEnoughPoints: return {Str::ErrPointsTitle, Str::ErrPointsBody, Str::ErrPointsNext};
    case ErrorKind::OutOfStock: return {Str::ErrStockTitle, Str::ErrStockBody, Str::ErrStockNext};
    case ErrorKind::NotEligible: return {Str::ErrEligibleTitle, Str::ErrEligibleBody, Str::ErrEligibleNext};
    case ErrorKind::ReaderUnplugged: return {Str::ErrReaderTitle, Str::ErrReaderBody, Str::ErrReaderNext};
    case ErrorKind::DatabaseUnavailable: return {Str::ErrDbTitle, Str::ErrDbBody, Str::ErrDbNext};
    case ErrorKind::UnknownProduct: return {Str::ErrProductTitle, Str::ErrProductBody, Str::ErrProductNext};
    case ErrorKind::CardFirst: return {Str::ErrCardFirstTitle, Str::ErrCardFirstBody, Str::ErrCardFirstNext};
    case ErrorKind::Unreadable: return {Str::ErrUnreadableTitle, Str::ErrUnreadableBody, Str::ErrUnreadableNext};
    case ErrorKind::RedeemFailed: return {Str::ErrRedeemTitle, Str::ErrRedeemBody, Str::ErrRedeemNext};
    case ErrorKind::OfflineLimit: return {Str::ErrOfflineTitle, Str::ErrOfflineBody, Str::ErrOfflineNext};
    case ErrorKind::OutOfService: return {Str::ErrDbTitle, Str::ErrTrustBody, Str::ErrTrustNext};
    case ErrorKind::SlotFull: return {Str::ErrSlotFullTitle, Str::ErrSlotFullBody, Str::ErrSlotFullNext};
    case ErrorKind::SlotPast: return {Str::ErrSlotPastTitle, Str::ErrSlotPastBody, Str::ErrSlotPastNext};
    case ErrorKind::MachineryNotEligible: return {Str::ErrMachineryTitle, Str::ErrMachineryBody, Str::ErrMachineryNext};
    case ErrorKind::CanteenNotEligible: return {Str::ErrCanteenTitle, Str::ErrCanteenBody, Str::ErrCanteenNext};
    case ErrorKind::AlreadyBooked: return {Str::ErrAlreadyTitle, Str::ErrAlreadyBody, Str::ErrAlreadyNext};
    case ErrorKind::ServicePoints: return {Str::ErrPointsTitle, Str::ErrPointsBody, Str::ErrServicePointsNext};
    case ErrorKind::TooLateToCancel: return {Str::ErrTooLateTitle, Str::ErrTooLateBody, Str::ErrTooLateNext};
    case ErrorKind::NeedsOffice: return {Str::ErrNeedsOfficeTitle, Str::ErrNeedsOfficeBody, Str::ErrNeedsOfficeNext};
    case ErrorKind::AlreadyClaimed: return {Str::ErrClaimedTitle, Str::ErrClaimedBody, Str::ErrClaimedNext};
    case ErrorKind::ServiceFailed: return {Str::ErrServiceTitle, Str::ErrServiceBody, Str::ErrServiceNext};
  }
  return {Str::ErrRedeemTitle, Str::ErrRedeemBody, Str::ErrRedeemNext};
}

}  // namespace

void drawError(Canvas& c, const View& v, Intents& out) {
  const AppState& s = v.state;
  if (!s.error) return;
  const ErrorInfo& e = *s.error;
  const Words w = wordsFor(e.kind);
  c.fill({260, 130, 1400, 900}, theme::kCard, 24);
  c.fill({890, 170, 140, 140}, theme::kRed, 70);
  c.text("error.icon", "!", 960, 170, FontRole::Huge, theme::kWhite, theme::kRed, Align::Center);
  c.text("error.title", tr(w.title, s.lang), 960, 340, FontRole::Title, theme::kRed, theme::kCard,
         Align::Center);
  std::string body;
  // The service hub names the station in the villager's language, and the slot's time.
  const std::string station =
      e.station ? stationName(*e.station, e.subject, s.lang) : e.subject;
  const std::string slot = e.at_ms > 0 ? station + " " + whenLabel(e.at_ms, s.lang) : station;
  if (e.kind == ErrorKind::SlotFull || e.kind == ErrorKind::SlotPast ||
      e.kind == ErrorKind::AlreadyBooked || e.kind == ErrorKind::NeedsOffice ||
      e.kind == ErrorKind::TooLateToCancel) {
    body = tr(w.body, s.lang, {slot});
  } else if (e.kind == ErrorKind::ServicePoints && e.needed <= 0) {
    // A request whose cost the hub did not say: no figures rather than a wrong "0".
    body = tr(Str::ErrServicePointsBody, s.lang, {station});
  } else if (e.kind == ErrorKind::ServicePoints) {
    body = tr(w.body, s.lang, {station, std::to_string(e.needed), std::to_string(e.available)});
  } else if (e.kind == ErrorKind::MachineryNotEligible) {
    body = tr(w.body, s.lang, {std::to_string(v.settings.welfare_threshold)});
    // Whose score, and how far from the threshold: the household's own figures.
    for (std::size_t i = 0; i < e.shortfall.size() && i < 3; ++i) {
      const auto& m = e.shortfall[i];
      body += "\n" + tr(Str::ErrMachineryLine, s.lang,
                        {m.name, std::to_string(m.score), std::to_string(m.below_by)});
    }
  } else if (e.kind == ErrorKind::NotEnoughPoints) {
    body = tr(w.body, s.lang, {e.subject, std::to_string(e.needed), std::to_string(e.available)});
  } else if (e.kind == ErrorKind::OfflineLimit) {
    body = tr(w.body, s.lang, {std::to_string(e.needed), std::to_string(e.available)});
  } else {
    body = tr(w.body, s.lang, {e.subject});
  }
  const float h = c.text("error.body", body, 360, 470, FontRole::Body, theme::kInk, theme::kCard,
                         Align::Left, 1200);
  c.text("error.next", tr(w.next, s.lang), 360, 500 + h, FontRole::Heading, theme::kInk,
         theme::kCard, Align::Left, 1200);
  const bool dismissible = !isKioskFault(e.kind);
  if (dismissible && c.button("error.back", tr(Str::Back, s.lang), {760, 860, 400, 120},
                              ButtonStyle::Primary)) {
    out.push_back(intent::DismissError{});
  }
}

}  // namespace rc::kiosk::ui
