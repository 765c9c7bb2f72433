#pragma once
// The village roster as a spreadsheet: the columns `rc-office import-roster` reads and
// `export-roster` writes, and the pure step from a read CSV table to typed roster rows with
// every bad line named (no database here: matching rows to the ledger is db/roster_import.h).
//
// Columns (header keys; the Chinese titles in kRosterColumns are accepted as aliases):
//   household   a stable household code of the village's choosing ("H001", "3组12号")
//   address     the household's address
//   grid        the household's grid, by name (must be one the ledger has)
//   name        1..16 characters, no control characters
//   gender      男/女 (or M/F)
//   birth_year  1900..this year
//   id_digits   the last 4 to 6 characters of the ID card: digits, the last may be X
//   head        是/否 (or 1/0): the household's head, at most one per household
//   party_member, committee   是/否
//   relief      是/否: a household property (低保/五保), the same on all its rows
//   status      在册 (on the roster, the default when empty) or 迁出 (moved away); optional
//   villager_id the roster id of an existing villager to update; optional
// A flag cell left empty means 否. A cell that export wrote with a leading apostrophe (a
// formula-like text made safe for a spreadsheet) is read without it.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"

namespace rc::core {

struct RosterColumn {
  std::string_view key;    // the English header key
  std::string_view title;  // the Chinese column title, accepted as an alias
  bool required;
};
// In the order export-roster writes them.
inline constexpr std::array<RosterColumn, 13> kRosterColumns = {{
    {"household", "户号", true},
    {"address", "住址", true},
    {"grid", "网格", true},
    {"name", "姓名", true},
    {"gender", "性别", true},
    {"birth_year", "出生年份", true},
    {"id_digits", "身份证后几位", true},
    {"head", "户主", true},
    {"party_member", "党员", true},
    {"committee", "两委", true},
    {"relief", "低保户", true},
    {"status", "状态", false},
    {"villager_id", "村民编号", false},
}};

inline constexpr std::size_t kMaxHouseholdCodeChars = 32;
inline constexpr std::size_t kMaxAddressChars = 100;
inline constexpr std::size_t kMaxNameChars = 16;

struct RosterRow {
  int line = 0;  // the file's line the row starts on
  std::string household;  // the household code
  std::string address;
  std::string grid;
  std::string name;
  char gender = 'F';  // 'F' or 'M'
  int birth_year = 0;
  std::string id_digits;  // 4..6 characters, digits and a final X
  bool head = false;
  bool party_member = false;
  bool committee = false;
  bool relief = false;
  bool moved_away = false;
  std::optional<std::int64_t> villager_id;

  bool operator==(const RosterRow&) const = default;
};

struct RosterLineError {
  int line = 0;  // 1 for the header
  std::string message;  // plain English, naming the column and the value
};

struct RosterParse {
  std::vector<RosterRow> rows;           // the good rows
  std::vector<RosterLineError> errors;   // every bad line, in line order
};

// Checks the header, every row's cells, and what must agree across rows: a villager listed
// twice (same villager_id, or same household, name and id digits), two heads in a household,
// a household's relief, address or grid differing between its rows. `grids`: the grid names
// the ledger has; `this_year`: the latest birth year taken.
RosterParse parseRoster(const CsvTable& table, std::span<const std::string> grids, int this_year);

// The rows as export-roster writes them: UTF-8 with the BOM, the header keys of
// kRosterColumns, CRLF line ends; parseRoster reads back the same rows (line numbers aside).
std::string writeRosterCsv(std::span<const RosterRow> rows);

// "是"/"否", "男"/"女", "在册"/"迁出": the words export-roster writes.
std::string_view rosterFlag(bool value) noexcept;
std::string_view rosterGender(char gender) noexcept;
std::string_view rosterStatus(bool moved_away) noexcept;

}  // namespace rc::core
