#include "kiosk/app/hub_words.h"

#include <array>
#include <optional>
#include <cstdio>

#include "core/types.h"

namespace rc::kiosk {
namespace {

constexpr std::int64_t kChinaOffsetMs = 8 * 3'600'000;

constexpr std::string_view kJoin = core::kOrderNoteSeparator;

std::vector<std::string> splitNotes(const std::string& stored) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= stored.size()) {
    const auto at = stored.find(kJoin, pos);
    out.push_back(stored.substr(pos, at == std::string::npos ? std::string::npos : at - pos));
    if (at == std::string::npos) break;
    pos = at + kJoin.size();
  }
  return out;
}

std::optional<core::OrderNote> presetOf(core::StationKind kind, const std::string& zh) {
  for (const auto& n : presetNotes(kind)) {
    if (n.zh == zh) return n;
  }
  return std::nullopt;
}

// Days since 1970-01-01 of the China Standard Time day holding `unix_ms`.
std::int64_t chinaDay(std::int64_t unix_ms) noexcept {
  const std::int64_t local = unix_ms + kChinaOffsetMs;
  return local >= 0 ? local / kDayMs : (local - (kDayMs - 1)) / kDayMs;
}

}  // namespace

std::string stationName(core::StationKind kind, const std::string& office_name, Lang lang) {
  if (lang == Lang::Zh && !office_name.empty()) return office_name;
  switch (kind) {
    case core::StationKind::Supermarket: return std::string(tr(Str::StationSupermarket, lang));
    case core::StationKind::Laundry: return std::string(tr(Str::StationLaundry, lang));
    case core::StationKind::Haircut: return std::string(tr(Str::StationHaircut, lang));
    case core::StationKind::Repair: return std::string(tr(Str::StationRepair, lang));
    case core::StationKind::Errand: return std::string(tr(Str::StationErrand, lang));
    case core::StationKind::FarmMachinery: return std::string(tr(Str::StationMachinery, lang));
    case core::StationKind::WarmCanteen: return std::string(tr(Str::StationCanteen, lang));
  }
  return office_name;
}

std::string stationName(const db::StationView& station, Lang lang) {
  return stationName(station.kind, station.name, lang);
}

Str bookingWord(core::StationKind kind) noexcept {
  switch (kind) {
    case core::StationKind::Laundry: return Str::WordLaundry;
    case core::StationKind::FarmMachinery: return Str::WordMachinery;
    case core::StationKind::WarmCanteen: return Str::WordCanteen;
    default: return Str::WordRequest;
  }
}

std::vector<core::OrderNote> presetNotes(core::StationKind kind) {
  return core::orderNotesFor(kind);
}

std::string_view noteLabel(const core::OrderNote& note, Lang lang) noexcept {
  return lang == Lang::Zh ? note.zh : note.en;
}

std::string joinNotes(core::StationKind kind, const std::vector<int>& chosen) {
  const auto notes = presetNotes(kind);
  std::string out;
  for (std::size_t i = 0; i < notes.size(); ++i) {
    bool picked = false;
    for (int c : chosen) picked = picked || c == static_cast<int>(i);
    if (!picked) continue;
    if (!out.empty()) out += kJoin;
    out += notes[i].zh;
  }
  return out;
}

std::string noteIn(core::StationKind kind, const std::string& stored, Lang lang) {
  if (lang == Lang::Zh) return stored;
  std::string out;
  for (const auto& part : splitNotes(stored)) {
    if (!out.empty()) out += "; ";
    const auto p = presetOf(kind, part);
    out += p ? std::string(p->en) : part;
  }
  return out;
}

std::string donePhrase(core::StationKind kind, const std::string& stored, Lang lang) {
  std::string out;
  for (const auto& part : splitNotes(stored)) {
    if (part.empty()) continue;
    if (!out.empty()) out += lang == Lang::Zh ? "、" : ", ";
    const auto p = presetOf(kind, part);
    out += p ? std::string(lang == Lang::Zh ? p->done_zh : p->done_en) : part;
  }
  if (out.empty()) {
    out = stationName(kind, "", lang);
  }
  return out;
}

std::int64_t dayStartMs(std::int64_t unix_ms) noexcept {
  return chinaDay(unix_ms) * kDayMs - kChinaOffsetMs;
}

std::string dayLabel(std::int64_t unix_ms, Lang lang) {
  // "2026-12-03 09:00": the one China Standard Time formatter, read back.
  const std::string t = core::formatChinaTime(unix_ms);
  const auto n = t.size();
  if (n < 16) return t;
  const int month = std::stoi(t.substr(n - 11, 2));
  const int day = std::stoi(t.substr(n - 8, 2));
  return tr(Str::DayLabel, lang, {std::to_string(month), std::to_string(day)});
}

std::string weekdayLabel(std::int64_t unix_ms, Lang lang) {
  // 1970-01-01 was a Thursday.
  static constexpr std::array kDays = {Str::Thu, Str::Fri, Str::Sat, Str::Sun,
                                       Str::Mon, Str::Tue, Str::Wed};
  const std::int64_t d = chinaDay(unix_ms);
  return std::string(tr(kDays[static_cast<std::size_t>(((d % 7) + 7) % 7)], lang));
}

std::string clockLabel(std::int64_t unix_ms) {
  const std::int64_t ms_of_day = unix_ms + kChinaOffsetMs - chinaDay(unix_ms) * kDayMs;
  const int minutes = static_cast<int>(ms_of_day / 60'000);
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", minutes / 60 % 24, minutes % 60);
  return buf;
}

std::string dayName(std::int64_t unix_ms, std::int64_t today_ms, Lang lang) {
  const std::int64_t d = chinaDay(unix_ms) - chinaDay(today_ms);
  if (d == 0) return std::string(tr(Str::Today, lang));
  if (d == 1) return std::string(tr(Str::Tomorrow, lang));
  return dayLabel(unix_ms, lang) + " " + weekdayLabel(unix_ms, lang);
}

std::string whenLabel(std::int64_t unix_ms, Lang lang) {
  return dayLabel(unix_ms, lang) + " " + weekdayLabel(unix_ms, lang) + " " + clockLabel(unix_ms);
}

}  // namespace rc::kiosk
