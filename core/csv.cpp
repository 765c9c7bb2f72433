#include "core/csv.h"

#include <iconv.h>

#include <cctype>
#include <cerrno>
#include <vector>

#include "core/text.h"

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

// ---- reading ---------------------------------------------------------------------------------

namespace rc::core {
namespace {

// Converts with glibc's iconv; nullopt on any invalid or unconvertible sequence.
std::optional<std::string> convert(std::string_view in, const char* from, const char* to) {
  iconv_t cd = ::iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  out.resize(in.size() * 2 + 16);
  std::vector<char> src(in.begin(), in.end());
  char* inp = src.data();
  std::size_t in_left = src.size();
  std::size_t used = 0;
  bool ok = true;
  while (in_left > 0) {
    char* outp = out.data() + used;
    std::size_t out_left = out.size() - used;
    const std::size_t r = ::iconv(cd, &inp, &in_left, &outp, &out_left);
    used = out.size() - out_left;
    if (r == static_cast<std::size_t>(-1)) {
      if (errno == E2BIG) {
        out.resize(out.size() * 2);
        continue;
      }
      ok = false;
      break;
    }
  }
  ::iconv_close(cd);
  if (!ok) return std::nullopt;
  out.resize(used);
  return out;
}

}  // namespace

std::string_view toString(TextEncoding e) noexcept {
  return e == TextEncoding::Utf8 ? "utf-8" : "gb18030";
}

std::optional<TextEncoding> textEncodingFromString(std::string_view name) noexcept {
  std::string lower;
  for (char c : name.substr(0, 16)) lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lower == "utf-8" || lower == "utf8") return TextEncoding::Utf8;
  if (lower == "gbk" || lower == "gb18030" || lower == "gb2312" || lower == "cp936") {
    return TextEncoding::Gb18030;
  }
  return std::nullopt;
}

std::optional<DecodedText> decodeText(std::string_view bytes, std::optional<TextEncoding> forced) {
  const bool bom = bytes.starts_with(kUtf8Bom);
  if (forced != TextEncoding::Gb18030) {
    const std::string_view body = bom ? bytes.substr(kUtf8Bom.size()) : bytes;
    if (validUtf8(body)) return DecodedText{std::string(body), TextEncoding::Utf8};
    if (forced == TextEncoding::Utf8 || bom) return std::nullopt;
  }
  auto utf8 = convert(bytes, "GB18030", "UTF-8");
  if (!utf8 || !validUtf8(*utf8)) return std::nullopt;
  return DecodedText{std::move(*utf8), TextEncoding::Gb18030};
}

std::optional<std::string> encodeText(std::string_view utf8, TextEncoding to) {
  if (!validUtf8(utf8)) return std::nullopt;
  if (to == TextEncoding::Utf8) return std::string(utf8);
  return convert(utf8, "UTF-8", "GB18030");
}

int CsvTable::column(std::string_view name) const noexcept {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable, CsvError> readCsv(std::string_view bytes, std::optional<TextEncoding> encoding,
                                   const CsvLimits& limits) {
  if (bytes.size() > limits.max_bytes) {
    return err(CsvError{0, "the file is larger than " + std::to_string(limits.max_bytes >> 20) +
                               " MiB"});
  }
  auto decoded = decodeText(bytes, encoding);
  if (!decoded) {
    return err(CsvError{0, encoding ? "the file is not valid " + std::string(toString(*encoding))
                                    : std::string("the file is neither UTF-8 nor GBK/GB18030 text")});
  }
  CsvTable table;
  table.encoding = decoded->encoding;
  const std::string& text = decoded->utf8;
  std::vector<CsvRecord> records;
  CsvRecord rec;
  std::string cell;
  int line = 1;
  bool in_quotes = false, after_quote = false, record_started = false;
  auto endCell = [&]() -> std::optional<CsvError> {
    if (rec.cells.size() >= limits.max_cells) {
      return CsvError{rec.line, "more than " + std::to_string(limits.max_cells) + " columns"};
    }
    rec.cells.push_back(std::move(cell));
    cell.clear();
    after_quote = false;
    return std::nullopt;
  };
  auto endRecord = [&]() -> std::optional<CsvError> {
    if (auto e = endCell()) return e;
    const bool blank = rec.cells.size() == 1 && rec.cells[0].empty();
    if (!blank) {
      if (records.size() >= limits.max_rows + 1) {
        return CsvError{rec.line, "more than " + std::to_string(limits.max_rows) + " rows"};
      }
      records.push_back(std::move(rec));
    }
    rec = CsvRecord{};
    record_started = false;
    return std::nullopt;
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!record_started) {
      rec.line = line;
      record_started = true;
    }
    if (in_quotes) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          cell.push_back('"');
          ++i;
        } else {
          in_quotes = false;
          after_quote = true;
        }
      } else {
        if (c == '\n') ++line;
        cell.push_back(c);
      }
    } else if (c == '"') {
      if (!cell.empty() || after_quote) {
        return err(CsvError{line, "a quote in the middle of a cell (write it as \"\" inside a quoted cell)"});
      }
      in_quotes = true;
    } else if (c == ',') {
      if (auto e = endCell()) return err(std::move(*e));
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (auto e = endRecord()) return err(std::move(*e));
      ++line;
    } else {
      if (after_quote) return err(CsvError{line, "text after a closing quote"});
      cell.push_back(c);
    }
    if (cell.size() > limits.max_cell_bytes) {
      return err(CsvError{line, "a cell longer than " + std::to_string(limits.max_cell_bytes) +
                                    " bytes"});
    }
  }
  if (in_quotes) return err(CsvError{rec.line, "a quoted cell is never closed"});
  if (record_started) {
    if (auto e = endRecord()) return err(std::move(*e));
  }
  if (records.empty()) return err(CsvError{0, "the file is empty"});
  table.header = std::move(records.front().cells);
  for (auto& h : table.header) {
    while (!h.empty() && h.back() == ' ') h.pop_back();
    while (!h.empty() && h.front() == ' ') h.erase(h.begin());
  }
  records.erase(records.begin());
  table.rows = std::move(records);
  return table;
}

}  // namespace rc::core
