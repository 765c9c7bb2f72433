#pragma once
// The council's decision sheet and the volunteer teams' hour sheet, read from a CsvTable
// (core/csv.h readCsv) into typed lines, with every bad line named. Pure: no ledger, so the
// readers can be fuzzed; checking lines against the roster and the rule book is db/council.h.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/types.h"

namespace rc::core {

// One problem with one line of a sheet (line 0: the sheet as a whole, e.g. its header).
struct LineError {
  int line = 0;
  std::string message;  // plain English
};

inline constexpr std::size_t kMaxEvidenceChars = 200;
inline constexpr std::size_t kMaxCollectorChars = 32;
inline constexpr std::size_t kMaxSheetNameChars = 16;
inline constexpr std::size_t kMaxRuleCodeBytes = 32;
inline constexpr int kMaxSessionMinutes = 720;

// A council decision: header `villager_id,name,rule_code,points,evidence,collector`
// (aliases 村民编号, 姓名, 规则编号, 分值, 事由, 采集员). `points` and `collector` may be left
// out; `points`, when given, is the rule's score change (e.g. -3) and must equal it.
struct CouncilLine {
  int line = 0;
  VillagerId villager_id = 0;
  std::string name;
  std::string rule_code;
  std::optional<int> points;
  std::string evidence;   // 1..200 characters
  std::string collector;  // 0..32 characters
};

struct CouncilSheet {
  std::vector<CouncilLine> lines;
  std::vector<LineError> errors;  // in line order; the sheet is good only when empty
};
CouncilSheet parseCouncilSheet(const CsvTable& table);

// A volunteer session: header `team,villager_id,name,date,minutes`
// (aliases 服务队, 村民编号, 姓名, 日期, 分钟).
struct HoursLine {
  int line = 0;
  std::string team;
  VillagerId villager_id = 0;
  std::string name;
  int year = 0, month = 0, day = 0;  // a real calendar date
  int minutes = 0;                   // 1..720
  std::string date() const;          // "2026-11-03"
};

struct HoursSheet {
  std::vector<HoursLine> lines;
  std::vector<LineError> errors;
};
HoursSheet parseHoursSheet(const CsvTable& table);

// Text a villager or a clerk wrote: valid UTF-8 with 1..max_chars characters and no control
// characters (C0, DEL, C1). Returns what is wrong, or nullopt.
std::optional<std::string> checkSheetText(std::string_view text, std::size_t max_chars,
                                          bool may_be_empty = false);

// "2026-11-03" → {2026, 11, 3} when it is a real date (years 2000..2999).
struct CivilDate {
  int year = 0, month = 0, day = 0;
};
std::optional<CivilDate> parseCivilDate(std::string_view text) noexcept;

}  // namespace rc::core
