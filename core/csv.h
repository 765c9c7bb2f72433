#pragma once
// CSV as a spreadsheet opens it (RFC 4180). Writing: one cell quoted when it must be, and a
// cell that a spreadsheet would run as a formula (beginning with = + - @, a tab or a carriage
// return) made plain text with a leading apostrophe. Reading: see "reading" below. Pure
// functions (the GB18030 conversion is glibc's iconv).

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace rc::core {

// The UTF-8 byte order mark: Excel reads a CSV file as UTF-8 only with it.
inline constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

// True for text a spreadsheet would take as a formula.
bool formulaLike(std::string_view text) noexcept;

// One cell: formula-like text gets a leading apostrophe; a cell with a comma, a quote, a
// newline or a carriage return is quoted, its quotes doubled.
std::string csvCell(std::string_view text);

// A whole number as a cell: written as it is (a negative number is a number, not a formula).
std::string csvNumber(std::int64_t n);

// Cells already made by csvCell or csvNumber, joined by commas and ended by CRLF.
std::string csvRow(std::span<const std::string> cells);

}  // namespace rc::core

// ---- reading ---------------------------------------------------------------------------------
// A village spreadsheet saved as CSV: UTF-8 (with or without the BOM) or GB18030 (of which GBK
// is a subset; Excel on a Chinese Windows saves "CSV" in it). Read whole into UTF-8 cells, with
// caps on every size, so a bad or hostile file is refused with the line it failed on.
namespace rc::core {

enum class TextEncoding { Utf8, Gb18030 };
std::string_view toString(TextEncoding e) noexcept;  // "utf-8", "gb18030"
// "utf-8"/"utf8", "gbk"/"gb18030"/"gb2312" (any case); nullopt otherwise.
std::optional<TextEncoding> textEncodingFromString(std::string_view name) noexcept;

// UTF-8 text when it is valid UTF-8 (a leading BOM dropped), else GB18030 converted to UTF-8;
// nullopt when it is neither (or `forced` is given and the text is not valid in it).
struct DecodedText {
  std::string utf8;
  TextEncoding encoding = TextEncoding::Utf8;
};
std::optional<DecodedText> decodeText(std::string_view bytes,
                                      std::optional<TextEncoding> forced = std::nullopt);
// UTF-8 text in `to`; nullopt when a character has no GB18030 form (never for valid UTF-8).
std::optional<std::string> encodeText(std::string_view utf8, TextEncoding to);

struct CsvLimits {
  std::size_t max_bytes = 16u << 20;  // the whole file
  std::size_t max_rows = 200'000;
  std::size_t max_cells = 64;         // per row
  std::size_t max_cell_bytes = 2048;  // per cell, in UTF-8
};

struct CsvRecord {
  int line = 0;  // the file's line (1-based) where the record starts
  std::vector<std::string> cells;
};

struct CsvTable {
  TextEncoding encoding = TextEncoding::Utf8;
  std::vector<std::string> header;  // the first record, cells trimmed of spaces
  std::vector<CsvRecord> rows;      // every later record; blank lines skipped
  // The column named `name` in the header, or -1.
  int column(std::string_view name) const noexcept;
};

struct CsvError {
  int line = 0;  // 0: the file as a whole
  std::string message;  // plain English
};

// RFC 4180: commas, double quotes (doubled inside a quoted cell), CRLF or LF line ends, line
// breaks inside quoted cells. Refused: an empty file, more than a limit allows, a quote left
// open, text after a closing quote, text neither UTF-8 nor GB18030.
Result<CsvTable, CsvError> readCsv(std::string_view bytes,
                                   std::optional<TextEncoding> encoding = std::nullopt,
                                   const CsvLimits& limits = {});

}  // namespace rc::core
