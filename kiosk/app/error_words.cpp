#include "kiosk/app/error_words.h"

#include "kiosk/app/hub_words.h"

namespace rc::kiosk {

ErrorStrs errorStrs(ErrorKind k) noexcept {
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

ErrorWords errorWords(const ErrorInfo& e, Lang lang, const core::Settings& settings) {
  const ErrorStrs w = errorStrs(e.kind);
  ErrorWords out{std::string(tr(w.title, lang)), {}, std::string(tr(w.next, lang))};
  // The service hub names the station in the villager's language, and the slot's time.
  const std::string station = e.station ? stationName(*e.station, e.subject, lang) : e.subject;
  const std::string slot = e.at_ms > 0 ? station + " " + whenLabel(e.at_ms, lang) : station;
  if (e.kind == ErrorKind::SlotFull || e.kind == ErrorKind::SlotPast ||
      e.kind == ErrorKind::AlreadyBooked || e.kind == ErrorKind::NeedsOffice ||
      e.kind == ErrorKind::TooLateToCancel) {
    out.body = tr(w.body, lang, {slot});
  } else if (e.kind == ErrorKind::ServicePoints && e.needed <= 0) {
    // A request whose cost the hub did not say: no figures rather than a wrong "0".
    out.body = tr(Str::ErrServicePointsBody, lang, {station});
  } else if (e.kind == ErrorKind::ServicePoints) {
    out.body = tr(w.body, lang, {station, std::to_string(e.needed), std::to_string(e.available)});
  } else if (e.kind == ErrorKind::MachineryNotEligible) {
    out.body = tr(w.body, lang, {std::to_string(settings.welfare_threshold)});
    // Whose score, and how far from the threshold: the household's own figures.
    for (std::size_t i = 0; i < e.shortfall.size() && i < 3; ++i) {
      const auto& m = e.shortfall[i];
      out.body += "\n" + tr(Str::ErrMachineryLine, lang,
                            {m.name, std::to_string(m.score), std::to_string(m.below_by)});
    }
  } else if (e.kind == ErrorKind::NotEnoughPoints) {
    out.body = tr(w.body, lang, {e.subject, std::to_string(e.needed), std::to_string(e.available)});
  } else if (e.kind == ErrorKind::OfflineLimit) {
    out.body = tr(w.body, lang, {std::to_string(e.needed), std::to_string(e.available)});
  } else {
    out.body = tr(w.body, lang, {e.subject});
  }
  return out;
}

}  // namespace rc::kiosk
