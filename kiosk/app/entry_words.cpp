#include "kiosk/app/entry_words.h"

#include <cstdio>
#include <ctime>

namespace rc::kiosk {

Str kindWord(core::EntryKind k) noexcept {
  switch (k) {
    case core::EntryKind::CouncilAward: return Str::KindAward;
    case core::EntryKind::CouncilDeduction: return Str::KindDeduction;
    case core::EntryKind::VolunteerHours: return Str::KindVolunteer;
    case core::EntryKind::FundReward: return Str::KindFund;
    case core::EntryKind::Redemption: return Str::KindRedeem;
    case core::EntryKind::Booking: return Str::KindBooking;
    case core::EntryKind::Void: return Str::KindVoid;
  }
  return Str::KindVoid;
}

std::string entryTitle(const EntryLine& e, Lang lang) {
  if (e.what.empty()) return std::string(tr(kindWord(e.kind), lang));
  // A void names what it reversed: "撤销 · 毛巾×1".
  if (e.kind == core::EntryKind::Void) return std::string(tr(Str::KindVoid, lang)) + " · " + e.what;
  return e.what;
}

std::string signedNumber(int v) { return (v > 0 ? "+" : "") + std::to_string(v); }

std::string entryDeltas(const EntryLine& e, Lang lang) {
  if (e.score_delta != 0 && e.points_delta != 0) {
    return tr(Str::BothDeltas, lang, {signedNumber(e.score_delta), signedNumber(e.points_delta)});
  }
  if (e.score_delta != 0) return tr(Str::ScoreDelta, lang, {signedNumber(e.score_delta)});
  return tr(Str::PointsDelta, lang, {signedNumber(e.points_delta)});
}

std::string monthDay(std::int64_t at_ms) {
  const std::time_t t = static_cast<std::time_t>(at_ms / 1000 + 8 * 3600);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d-%02d", tm.tm_mon + 1, tm.tm_mday);
  return buf;
}

}  // namespace rc::kiosk
