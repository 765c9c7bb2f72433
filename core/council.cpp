#include "core/council.h"

#include <array>
#include <cstdio>
#include <limits>

#include "core/text.h"

namespace rc::core {
namespace {

struct ColumnSpec {
  std::string_view key;
  std::string_view alias;  // the Chinese column title a clerk may use instead
  bool required = true;
};

// The column index of every spec (or -1 when an optional one is absent); errors on line 1 for an
// unknown, repeated or missing column. Blank header cells (a spreadsheet's trailing columns) are
// ignored.
template <std::size_t N>
std::array<int, N> mapColumns(const CsvTable& t, const std::array<ColumnSpec, N>& specs,
                              std::vector<LineError>& errors) {
  std::array<int, N> at{};
  at.fill(-1);
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const std::string_view name = t.header[c];
    if (name.empty()) continue;
    bool known = false;
    for (std::size_t i = 0; i < N; ++i) {
      if (name != specs[i].key && name != specs[i].alias) continue;
      known = true;
      if (at[i] >= 0) {
        errors.push_back({1, "column '" + std::string(specs[i].key) + "' appears twice"});
      } else {
        at[i] = static_cast<int>(c);
      }
    }
    if (!known) {
      std::string list;
      for (const auto& s : specs) list += (list.empty() ? "" : ",") + std::string(s.key);
      errors.push_back({1, "unknown column '" + std::string(name) + "' (the columns are " + list + ")"});
    }
  }
  for (std::size_t i = 0; i < N; ++i) {
    if (specs[i].required && at[i] < 0) {
      errors.push_back({1, "missing column '" + std::string(specs[i].key) + "'"});
    }
  }
  return at;
}

std::string_view cell(const CsvRecord& r, int column) {
  if (column < 0 || static_cast<std::size_t>(column) >= r.cells.size()) return {};
  return trim(r.cells[static_cast<std::size_t>(column)]);
}

// Maps the header to `specs`, then reads each row with `read(row, columns, why)`, which fills a
// line and says in `why` what is wrong with it: a line with no complaint joins the sheet, any
// other becomes one error naming all its complaints.
template <class Sheet, std::size_t N, class Read>
Sheet readSheet(const CsvTable& table, const std::array<ColumnSpec, N>& specs, Read&& read) {
  Sheet sheet;
  const auto col = mapColumns(table, specs, sheet.errors);
  if (!sheet.errors.empty()) return sheet;
  if (table.rows.empty()) {
    sheet.errors.push_back({0, "the sheet has no lines under its header"});
    return sheet;
  }
  for (const auto& r : table.rows) {
    std::vector<std::string> why;
    auto l = read(r, col, why);
    l.line = r.line;
    if (why.empty()) {
      sheet.lines.push_back(std::move(l));
    } else {
      std::string msg;
      for (const auto& w : why) msg += (msg.empty() ? "" : "; ") + w;
      sheet.errors.push_back({r.line, std::move(msg)});
    }
  }
  return sheet;
}

std::size_t utf8Chars(std::string_view s) noexcept {
  std::size_t n = 0;
  for (const char c : s) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;
  }
  return n;
}

bool hasControl(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b < 0x20U || b == 0x7FU) return true;
    // C1 controls U+0080..U+009F are C2 80..C2 9F in UTF-8.
    if (b == 0xC2U && i + 1 < s.size()) {
      const auto n = static_cast<unsigned char>(s[i + 1]);
      if (n >= 0x80U && n <= 0x9FU) return true;
    }
  }
  return false;
}

// A villager id cell: the roster id, a whole number > 0.
std::optional<VillagerId> villagerIdCell(std::string_view text) {
  auto v = parseWholeNumber(text, 1, std::numeric_limits<std::int32_t>::max());
  if (!v) return std::nullopt;
  return static_cast<VillagerId>(*v);
}

}  // namespace

std::optional<std::string> checkSheetText(std::string_view text, std::size_t max_chars,
                                          bool may_be_empty) {
  if (!validUtf8(text)) return "is not valid UTF-8 text";
  if (text.empty()) {
    if (may_be_empty) return std::nullopt;
    return "is empty";
  }
  if (hasControl(text)) return "holds a control character";
  if (utf8Chars(text) > max_chars) return "is longer than " + std::to_string(max_chars) + " characters";
  return std::nullopt;
}

std::optional<CivilDate> parseCivilDate(std::string_view text) noexcept {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = parseWholeNumber(text.substr(0, 4), 2000, 2999);
  const auto m = parseWholeNumber(text.substr(5, 2), 1, 12);
  const auto d = parseWholeNumber(text.substr(8, 2), 1, 31);
  if (!y || !m || !d) return std::nullopt;
  CivilDate c{static_cast<int>(*y), static_cast<int>(*m), static_cast<int>(*d)};
  // A real date: the day after it is in the next month, or it is the day before the 1st.
  const auto days = daysFromCivil(c.year, c.month, c.day);
  const int next_month = c.month == 12 ? 1 : c.month + 1;
  const int next_year = c.month == 12 ? c.year + 1 : c.year;
  if (days >= daysFromCivil(next_year, next_month, 1)) return std::nullopt;
  return c;
}

std::string HoursLine::date() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

CouncilSheet parseCouncilSheet(const CsvTable& table) {
  static constexpr std::array<ColumnSpec, 6> kSpecs = {{
      {"villager_id", "村民编号", true},
      {"name", "姓名", true},
      {"rule_code", "规则编号", true},
      {"points", "分值", false},
      {"evidence", "事由", true},
      {"collector", "采集员", false},
  }};
  return readSheet<CouncilSheet>(table, kSpecs, [](const CsvRecord& r, const auto& col,
                                                   std::vector<std::string>& why) {
    CouncilLine l;
    if (auto id = villagerIdCell(cell(r, col[0]))) {
      l.villager_id = *id;
    } else {
      why.push_back("villager_id '" + std::string(utf8Prefix(cell(r, col[0]), 32)) + "' is not a roster id");
    }
    l.name = std::string(cell(r, col[1]));
    if (auto bad = checkSheetText(l.name, kMaxSheetNameChars)) why.push_back("name " + *bad);
    l.rule_code = std::string(cell(r, col[2]));
    if (l.rule_code.empty() || l.rule_code.size() > kMaxRuleCodeBytes ||
        checkSheetText(l.rule_code, kMaxRuleCodeBytes)) {
      why.push_back("rule_code '" + std::string(utf8Prefix(l.rule_code, kMaxRuleCodeBytes)) + "' is not a rule code");
    }
    if (const auto p = cell(r, col[3]); !p.empty()) {
      const bool negative = p.front() == '-';
      const auto plain = (negative || p.front() == '+') ? p.substr(1) : p;
      if (auto v = parseWholeNumber(plain, 0, 100'000)) {
        l.points = static_cast<int>(negative ? -*v : *v);
      } else {
        why.push_back("points '" + std::string(utf8Prefix(p, 32)) + "' is not a whole number");
      }
    }
    l.evidence = std::string(cell(r, col[4]));
    if (auto bad = checkSheetText(l.evidence, kMaxEvidenceChars)) why.push_back("evidence " + *bad);
    l.collector = std::string(cell(r, col[5]));
    if (auto bad = checkSheetText(l.collector, kMaxCollectorChars, true)) {
      why.push_back("collector " + *bad);
    }
    return l;
  });
}

HoursSheet parseHoursSheet(const CsvTable& table) {
  static constexpr std::array<ColumnSpec, 5> kSpecs = {{
      {"team", "服务队", true},
      {"villager_id", "村民编号", true},
      {"name", "姓名", true},
      {"date", "日期", true},
      {"minutes", "分钟", true},
  }};
  return readSheet<HoursSheet>(table, kSpecs, [](const CsvRecord& r, const auto& col,
                                                 std::vector<std::string>& why) {
    HoursLine l;
    l.team = std::string(cell(r, col[0]));
    if (auto bad = checkSheetText(l.team, kMaxSheetNameChars * 2)) why.push_back("team " + *bad);
    if (auto id = villagerIdCell(cell(r, col[1]))) {
      l.villager_id = *id;
    } else {
      why.push_back("villager_id '" + std::string(utf8Prefix(cell(r, col[1]), 32)) + "' is not a roster id");
    }
    l.name = std::string(cell(r, col[2]));
    if (auto bad = checkSheetText(l.name, kMaxSheetNameChars)) why.push_back("name " + *bad);
    if (auto d = parseCivilDate(cell(r, col[3]))) {
      l.year = d->year;
      l.month = d->month;
      l.day = d->day;
    } else {
      why.push_back("date '" + std::string(utf8Prefix(cell(r, col[3]), 32)) +
                    "' is not a date written YYYY-MM-DD");
    }
    if (auto m = parseWholeNumber(cell(r, col[4]), 1, kMaxSessionMinutes)) {
      l.minutes = static_cast<int>(*m);
    } else {
      why.push_back("minutes '" + std::string(utf8Prefix(cell(r, col[4]), 32)) +
                    "' is not a whole number from 1 to 720");
    }
    return l;
  });
}

}  // namespace rc::core
