#pragma once
// The service hub in the kiosk's words: station names in both languages, the preset notes a
// request is made of (tapped, never typed), and dates and times as a villager reads them
// (China Standard Time: "12月3日 周四 09:00"). Pure functions; thread-safe.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/services.h"
#include "db/service_desk.h"
#include "kiosk/app/strings.h"

namespace rc::kiosk {

inline constexpr std::int64_t kDayMs = 86'400'000;

// The station's name: the office's own in Chinese ("净衣社"), the kiosk's word in English.
std::string stationName(const db::StationView& station, Lang lang);
std::string stationName(core::StationKind kind, const std::string& office_name, Lang lang);
// The short word used in "您 12月3日 的洗衣预约没有成功".
Str bookingWord(core::StationKind kind) noexcept;

// The preset notes of a request station (core::kOrderNotes, the one list the office checks
// requests against), and a note's label in `lang`.
std::vector<core::OrderNote> presetNotes(core::StationKind kind);
std::string_view noteLabel(const core::OrderNote& note, Lang lang) noexcept;
// The notes chosen (indices into presetNotes), in table order, as stored with the request:
// Chinese, joined with "；".
std::string joinNotes(core::StationKind kind, const std::vector<int>& chosen);
// A stored note in `lang` (each preset part translated; anything else as stored).
std::string noteIn(core::StationKind kind, const std::string& stored, Lang lang);
// What the volunteer did, for the confirmation question ("修理水管").
std::string donePhrase(core::StationKind kind, const std::string& stored, Lang lang);

// Start of the China Standard Time day holding `unix_ms`.
std::int64_t dayStartMs(std::int64_t unix_ms) noexcept;
std::string dayLabel(std::int64_t unix_ms, Lang lang);      // "12月3日" / "12/3"
std::string weekdayLabel(std::int64_t unix_ms, Lang lang);  // "周四" / "Thu"
std::string clockLabel(std::int64_t unix_ms);               // "09:00"
// "今天" / "明天" / "12月4日 周五", relative to the day starting at `today_ms`.
std::string dayName(std::int64_t unix_ms, std::int64_t today_ms, Lang lang);
// "12月3日 周四 09:00"
std::string whenLabel(std::int64_t unix_ms, Lang lang);

}  // namespace rc::kiosk
