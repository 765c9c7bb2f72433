// libFuzzer target: the roster spreadsheet parser (core::parseRoster) behind import-roster.
// A file is either refused with its bad lines named, or its rows are within every bound; and
// the rows written as export-roster writes them read back as the same rows.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/roster_csv.h"
#include "core/text.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::core;
  static const std::vector<std::string> kGrids = {"第一网格", "第二网格", "G"};
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CsvLimits limits;
  limits.max_bytes = 1u << 16;
  limits.max_rows = 64;
  const auto table = readCsv(bytes, std::nullopt, limits);
  if (!table) return 0;
  const auto parsed = parseRoster(*table, kGrids, 2026);
  if (!parsed.errors.empty()) {
    RC_FUZZ_CHECK(parsed.rows.empty());
    for (const auto& e : parsed.errors) {
      RC_FUZZ_CHECK(e.line >= 1);
      RC_FUZZ_CHECK(!e.message.empty());
      RC_FUZZ_CHECK(validUtf8(e.message));
    }
    return 0;
  }
  for (const auto& r : parsed.rows) {
    RC_FUZZ_CHECK(!r.name.empty() && !r.household.empty() && !r.address.empty());
    RC_FUZZ_CHECK(r.gender == 'M' || r.gender == 'F');
    RC_FUZZ_CHECK(r.birth_year >= 1900 && r.birth_year <= 2026);
    RC_FUZZ_CHECK(r.id_digits.size() >= 4 && r.id_digits.size() <= 6);
    RC_FUZZ_CHECK(!r.villager_id || *r.villager_id > 0);
  }
  const auto written = writeRosterCsv(parsed.rows);
  const auto table2 = readCsv(written, std::nullopt, limits);
  RC_FUZZ_CHECK(table2.ok());
  const auto again = parseRoster(*table2, kGrids, 2026);
  RC_FUZZ_CHECK(again.errors.empty());
  RC_FUZZ_CHECK(again.rows.size() == parsed.rows.size());
  for (std::size_t i = 0; i < parsed.rows.size(); ++i) {
    auto a = again.rows[i];
    a.line = parsed.rows[i].line;
    RC_FUZZ_CHECK(a == parsed.rows[i]);
  }
  return 0;
}
