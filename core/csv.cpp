#include "core/csv.h"

namespace rc::core {

bool formulaLike(std::string_view text) noexcept {
  if (text.empty()) return false;
  switch (text.front()) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      return false;
  }
}

std::string csvCell(std::string_view text) {
  std::string cell;
  cell.reserve(text.size() + 3);
  if (formulaLike(text)) cell.push_back('\'');
  cell.append(text);
  if (cell.find_first_of(",\"\r\n") == std::string::npos) return cell;
  std::string quoted = "\"";
  for (const char c : cell) {
    if (c == '"') quoted.push_back('"');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

std::string csvNumber(std::int64_t n) { return std::to_string(n); }

std::string csvRow(std::span<const std::string> cells) {
  std::string row;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) row.push_back(',');
    row += cells[i];
  }
  row += "\r\n";
  return row;
}

}  // namespace rc::core
