// libFuzzer target: core::readCsv, the reader of every spreadsheet the office takes in. Whatever
// it accepts is valid UTF-8 within the caps, with line numbers in file order, and reading the
// same bytes as the encoding it detected gives the same table.
#include <cstdint>
#include <string_view>

#include "core/csv.h"
#include "core/text.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::core;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  CsvLimits limits;
  limits.max_bytes = 1u << 16;
  limits.max_rows = 64;
  limits.max_cells = 16;
  limits.max_cell_bytes = 256;
  const auto table = readCsv(bytes, std::nullopt, limits);
  if (!table) {
    RC_FUZZ_CHECK(!table.error().message.empty());
    RC_FUZZ_CHECK(table.error().line >= 0);
    return 0;
  }
  RC_FUZZ_CHECK(table->header.size() <= limits.max_cells);
  for (const auto& h : table->header) RC_FUZZ_CHECK(validUtf8(h));
  RC_FUZZ_CHECK(table->rows.size() <= limits.max_rows);
  int last_line = 1;
  for (const auto& row : table->rows) {
    RC_FUZZ_CHECK(row.line > last_line);
    last_line = row.line;
    RC_FUZZ_CHECK(row.cells.size() <= limits.max_cells);
    for (const auto& cell : row.cells) {
      RC_FUZZ_CHECK(cell.size() <= limits.max_cell_bytes);
      RC_FUZZ_CHECK(validUtf8(cell));
    }
  }
  const auto again = readCsv(bytes, table->encoding, limits);
  RC_FUZZ_CHECK(again.ok());
  RC_FUZZ_CHECK(again->header == table->header);
  RC_FUZZ_CHECK(again->rows.size() == table->rows.size());
  for (std::size_t i = 0; i < table->rows.size(); ++i) {
    RC_FUZZ_CHECK(again->rows[i].line == table->rows[i].line);
    RC_FUZZ_CHECK(again->rows[i].cells == table->rows[i].cells);
  }
  return 0;
}
