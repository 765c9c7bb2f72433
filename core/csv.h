#pragma once
// CSV as a spreadsheet opens it (RFC 4180): one cell quoted when it must be, and a cell that a
// spreadsheet would run as a formula (beginning with = + - @, a tab or a carriage return)
// made plain text with a leading apostrophe. Pure functions.

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

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
