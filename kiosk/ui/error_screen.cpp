// Errors: what happened and what to do next, in plain words, and a way back. The device and
// ledger errors have no button: they clear themselves when the reader or the ledger returns.
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
  if (e.kind == ErrorKind::NotEnoughPoints) {
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
