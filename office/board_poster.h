#pragma once
// The month's boards as an A3 portrait poster for the village notice board (张榜公示): a red
// title bar with the village and the month, the party members' red/grey board with their stars
// drawn and counted in words, the honour roll (everyone tied at the cut-off), the yellow cards
// each with the paired party member, and a footer with the date printed and the village
// committee. Pages continue when a board does not fit. Big type, high contrast: read from a
// metre away.

#include <cstdint>
#include <string>

#include "core/rules.h"
#include "core/settings.h"
#include "db/reports.h"

namespace rc::office {

struct PosterInfo {
  std::string village;          // 东岛刘家村; empty: 本村
  std::int64_t printed_ms = 0;  // the date in the footer (China Standard Time)
};

// A board row's stars counted in words, as the poster writes them beside the drawn stars (and
// the console's boards page too): "12 颗红星", "3 颗灰星", "无星".
std::string starWords(const core::Stars& stars);
// The poster draws at most this many stars on a row; the words always give the count.
inline constexpr int kStarsDrawn = 5;

// Writes the poster to `path` (through office/pdf.h: nothing appears unless it is complete).
// Returns the number of pages. Throws std::runtime_error when the file cannot be written.
int writeBoardPoster(const std::string& path, const db::MonthBoards& boards,
                     const core::Settings& settings, const PosterInfo& info);

}  // namespace rc::office
