#include "core/roster_csv.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/text.h"

namespace rc::core {
namespace {

std::size_t charCount(std::string_view s) noexcept {
  std::size_t n = 0;
  for (char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
  }
  return n;
}

// C0 controls, DEL, and the C1 controls U+0080..U+009F (UTF-8 C2 80..C2 9F).
bool hasControl(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20 || b == 0x7F) return true;
    if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return true;
  }
  return false;
}

// Formula-like text behind one or more apostrophes: what csvCell made safe (or a text that was
// already such, made safe once more by writeRosterCsv).
bool madeSafe(std::string_view s) noexcept {
  const auto first = s.find_first_not_of('\'');
  return first != 0 && first != std::string_view::npos && formulaLike(s.substr(first));
}

// A cell as the clerk meant it: trimmed, and without the apostrophe a CSV writer puts before
// formula-like text.
std::string cellText(std::string_view raw) {
  std::string_view s = trim(raw);
  if (madeSafe(s)) s.remove_prefix(1);
  return std::string(s);
}

std::string quoted(std::string_view s) {
  // Error messages show at most 40 bytes of a bad value, cut on a character boundary.
  std::size_t end = std::min<std::size_t>(s.size(), 40);
  while (end < s.size() && end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return "'" + std::string(s.substr(0, end)) + (end < s.size() ? "…'" : "'");
}

std::optional<bool> parseFlag(std::string_view s) {
  if (s.empty() || s == "否" || s == "0" || s == "N" || s == "n" || s == "no") return false;
  if (s == "是" || s == "1" || s == "Y" || s == "y" || s == "yes") return true;
  return std::nullopt;
}

std::optional<char> parseGender(std::string_view s) {
  if (s == "男" || s == "M" || s == "m") return 'M';
  if (s == "女" || s == "F" || s == "f") return 'F';
  return std::nullopt;
}

bool validIdDigits(std::string_view s) noexcept {
  if (s.size() < 4 || s.size() > 6) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    const bool x = i + 1 == s.size() && s[i] == 'X';
    if (!digit && !x) return false;
  }
  return true;
}

// A text column: non-empty, short enough, no control characters.
std::optional<std::string> textProblem(std::string_view column, std::string_view value,
                                       std::size_t max_chars) {
  if (value.empty()) return std::string(column) + " is empty";
  if (hasControl(value)) return std::string(column) + " " + quoted(value) + " has control characters";
  if (charCount(value) > max_chars) {
    return std::string(column) + " " + quoted(value) + " is longer than " +
           std::to_string(max_chars) + " characters";
  }
  return std::nullopt;
}

}  // namespace

std::string_view rosterFlag(bool value) noexcept { return value ? "是" : "否"; }
std::string_view rosterGender(char gender) noexcept { return gender == 'M' ? "男" : "女"; }
std::string_view rosterStatus(bool moved_away) noexcept { return moved_away ? "迁出" : "在册"; }

std::string writeRosterCsv(std::span<const RosterRow> rows) {
  // A text that itself starts with the apostrophe of a made-safe formula keeps it through
  // the round trip: it is written with one apostrophe more.
  auto text = [](std::string_view s) {
    if (madeSafe(s)) return csvCell("'" + std::string(s));
    return csvCell(s);
  };
  std::string out(kUtf8Bom);
  std::vector<std::string> cells;
  for (const auto& col : kRosterColumns) cells.push_back(csvCell(col.key));
  out += csvRow(cells);
  for (const auto& r : rows) {
    cells = {text(r.household),
             text(r.address),
             text(r.grid),
             text(r.name),
             csvCell(rosterGender(r.gender)),
             csvNumber(r.birth_year),
             csvCell(r.id_digits),
             csvCell(rosterFlag(r.head)),
             csvCell(rosterFlag(r.party_member)),
             csvCell(rosterFlag(r.committee)),
             csvCell(rosterFlag(r.relief)),
             csvCell(rosterStatus(r.moved_away)),
             r.villager_id ? csvNumber(*r.villager_id) : std::string()};
    out += csvRow(cells);
  }
  return out;
}

RosterParse parseRoster(const CsvTable& table, std::span<const std::string> grids, int this_year) {
  RosterParse out;
  auto bad = [&](int line, std::string message) { out.errors.push_back({line, std::move(message)}); };

  // The header: every column known, none twice, every required one there.
  std::array<int, kRosterColumns.size()> at{};
  at.fill(-1);
  for (std::size_t i = 0; i < table.header.size(); ++i) {
    const std::string_view h = table.header[i];
    std::size_t k = 0;
    while (k < kRosterColumns.size() && h != kRosterColumns[k].key && h != kRosterColumns[k].title) ++k;
    if (k == kRosterColumns.size()) {
      if (!h.empty()) bad(1, "the header has an unknown column " + quoted(h));
      continue;
    }
    if (at[k] >= 0) {
      bad(1, "the header has the column '" + std::string(kRosterColumns[k].key) + "' twice");
      continue;
    }
    at[k] = static_cast<int>(i);
  }
  for (std::size_t k = 0; k < kRosterColumns.size(); ++k) {
    if (kRosterColumns[k].required && at[k] < 0) {
      bad(1, "the header has no column '" + std::string(kRosterColumns[k].key) + "' (" +
                 std::string(kRosterColumns[k].title) + ")");
    }
  }
  if (!out.errors.empty()) return out;
  const std::set<std::string, std::less<>> known_grids(grids.begin(), grids.end());

  for (const auto& record : table.rows) {
    const int line = record.line;
    if (record.cells.size() < table.header.size()) {
      bad(line, "the row has " + std::to_string(record.cells.size()) + " cells; the header has " +
                    std::to_string(table.header.size()));
      continue;
    }
    bool extra = false;
    for (std::size_t i = table.header.size(); i < record.cells.size(); ++i) {
      if (!trim(record.cells[i]).empty()) extra = true;
    }
    if (extra) {
      bad(line, "the row has " + std::to_string(record.cells.size()) + " cells; the header has " +
                    std::to_string(table.header.size()));
      continue;
    }
    auto cell = [&](std::size_t k) {
      return at[k] < 0 ? std::string() : cellText(record.cells[static_cast<std::size_t>(at[k])]);
    };
    const std::size_t errors_before = out.errors.size();
    RosterRow r;
    r.line = line;
    r.household = cell(0);
    r.address = cell(1);
    r.grid = cell(2);
    r.name = cell(3);
    if (auto p = textProblem("household", r.household, kMaxHouseholdCodeChars)) bad(line, *p);
    if (auto p = textProblem("address", r.address, kMaxAddressChars)) bad(line, *p);
    if (r.grid.empty()) {
      bad(line, "grid is empty");
    } else if (!known_grids.contains(r.grid)) {
      bad(line, "unknown grid " + quoted(r.grid));
    }
    if (auto p = textProblem("name", r.name, kMaxNameChars)) bad(line, *p);
    const std::string gender = cell(4);
    if (auto g = parseGender(gender)) {
      r.gender = *g;
    } else {
      bad(line, "gender " + quoted(gender) + " is not 男 or 女 (M or F)");
    }
    const std::string year = cell(5);
    if (auto y = parseWholeNumber(year, 1900, this_year)) {
      r.birth_year = static_cast<int>(*y);
    } else {
      bad(line, "birth_year " + quoted(year) + " is not a year from 1900 to " + std::to_string(this_year));
    }
    r.id_digits = cell(6);
    if (!r.id_digits.empty() && r.id_digits.back() == 'x') r.id_digits.back() = 'X';
    if (!validIdDigits(r.id_digits)) {
      bad(line, "id_digits " + quoted(r.id_digits) +
                    " is not the last 4 to 6 characters of an ID card (digits, the last may be X)");
    }
    const std::array<std::pair<std::size_t, bool*>, 4> flags = {
        {{7, &r.head}, {8, &r.party_member}, {9, &r.committee}, {10, &r.relief}}};
    for (const auto& [k, target] : flags) {
      const std::string v = cell(k);
      if (auto f = parseFlag(v)) {
        *target = *f;
      } else {
        bad(line, std::string(kRosterColumns[k].key) + " " + quoted(v) + " is not 是 or 否 (1 or 0)");
      }
    }
    const std::string status = cell(11);
    if (status.empty() || status == "在册" || status == "active") {
      r.moved_away = false;
    } else if (status == "迁出" || status == "moved_away") {
      r.moved_away = true;
    } else {
      bad(line, "status " + quoted(status) + " is not 在册 or 迁出");
    }
    const std::string id = cell(12);
    if (!id.empty()) {
      if (auto n = parseWholeNumber(id, 1, std::int64_t{1} << 53)) {
        r.villager_id = *n;
      } else {
        bad(line, "villager_id " + quoted(id) + " is not a villager id");
      }
    }
    if (out.errors.size() == errors_before) out.rows.push_back(std::move(r));
  }

  // Across rows: duplicates, heads, and what a household's rows must agree on.
  std::map<std::int64_t, int> by_id;
  std::map<std::tuple<std::string, std::string, std::string>, int> by_key;
  std::map<std::string, const RosterRow*> first_of_household;
  std::map<std::string, int> head_of_household;
  for (const auto& r : out.rows) {
    if (r.villager_id) {
      if (auto [it, fresh] = by_id.emplace(*r.villager_id, r.line); !fresh) {
        bad(r.line, "duplicate villager: villager_id " + std::to_string(*r.villager_id) +
                        " is also on line " + std::to_string(it->second));
      }
    }
    if (auto [it, fresh] = by_key.emplace(std::tuple(r.household, r.name, r.id_digits), r.line); !fresh) {
      bad(r.line, "duplicate villager: " + r.name + " (" + r.id_digits + ") of household " +
                      quoted(r.household) + " is also on line " + std::to_string(it->second));
    }
    auto [first, fresh] = first_of_household.emplace(r.household, &r);
    if (!fresh) {
      const RosterRow& f = *first->second;
      const std::string where = " of household " + quoted(r.household) + " differs from line " +
                                std::to_string(f.line);
      if (f.relief != r.relief) bad(r.line, "relief" + where);
      if (f.grid != r.grid) bad(r.line, "grid" + where);
      if (f.address != r.address) bad(r.line, "address" + where);
    }
    if (r.head) {
      if (auto [it, first_head] = head_of_household.emplace(r.household, r.line); !first_head) {
        bad(r.line, "two heads: household " + quoted(r.household) + " already has its head on line " +
                        std::to_string(it->second));
      }
    }
  }
  std::stable_sort(out.errors.begin(), out.errors.end(),
                   [](const RosterLineError& a, const RosterLineError& b) { return a.line < b.line; });
  if (!out.errors.empty()) out.rows.clear();
  return out;
}

}  // namespace rc::core
