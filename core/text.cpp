#include "core/text.h"

#include <charconv>
#include <cstdint>

namespace rc::core {

bool validUtf8(std::string_view text) noexcept {
  std::size_t i = 0;
  const std::size_t n = text.size();
  auto byte = [&](std::size_t at) { return static_cast<std::uint8_t>(text[at]); };
  auto continuation = [&](std::size_t at) { return at < n && (byte(at) & 0xC0) == 0x80; };
  while (i < n) {
    const std::uint8_t b = byte(i);
    if (b < 0x80) {
      ++i;
    } else if (b >= 0xC2 && b <= 0xDF) {
      if (!continuation(i + 1)) return false;
      i += 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      if (!continuation(i + 1) || !continuation(i + 2)) return false;
      const std::uint8_t b1 = byte(i + 1);
      if (b == 0xE0 && b1 < 0xA0) return false;  // overlong
      if (b == 0xED && b1 > 0x9F) return false;  // a UTF-16 surrogate
      i += 3;
    } else if (b >= 0xF0 && b <= 0xF4) {
      if (!continuation(i + 1) || !continuation(i + 2) || !continuation(i + 3)) return false;
      const std::uint8_t b1 = byte(i + 1);
      if (b == 0xF0 && b1 < 0x90) return false;  // overlong
      if (b == 0xF4 && b1 > 0x8F) return false;  // past U+10FFFF
      i += 4;
    } else {
      return false;  // a stray continuation byte, C0/C1 (overlong) or F5..FF
    }
  }
  return true;
}

std::string_view utf8Prefix(std::string_view text, std::size_t max_bytes) noexcept {
  if (text.size() <= max_bytes) return text;
  std::size_t end = max_bytes;
  // Back up over continuation bytes (10xxxxxx) to the start of the cut character.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

std::string_view trim(std::string_view s) noexcept {
  constexpr std::string_view kBlank = " \t\r";
  const auto first = s.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  const auto last = s.find_last_not_of(kBlank);
  return s.substr(first, last - first + 1);
}

std::string_view takeLine(std::string_view& text) noexcept {
  const auto nl = text.find('\n');
  std::string_view line = text.substr(0, nl);
  text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

Status<KeyValueError> readKeyValues(std::string_view text, const KeyValueHandler& on) {
  constexpr std::size_t kMaxLineBytes = 1024;
  constexpr std::string_view kBom = "\xEF\xBB\xBF";  // Notepad on the office PC may save one
  if (text.substr(0, kBom.size()) == kBom) text.remove_prefix(kBom.size());
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    std::string_view line = takeLine(text);
    if (line.size() > kMaxLineBytes) {
      // Counted in bytes: a Chinese character takes three.
      return err(KeyValueError{line_no, "line is too long (more than 1024 bytes)"});
    }
    if (!validUtf8(line)) return err(KeyValueError{line_no, "line is not UTF-8 text"});
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = trim(line);
    if (line.empty()) continue;
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) {
      return err(KeyValueError{line_no, "expected 'key = value', got '" + std::string(line) + "'"});
    }
    const std::string_view key = trim(line.substr(0, eq));
    if (key.empty()) return err(KeyValueError{line_no, "missing key before '='"});
    if (auto problem = on(line_no, key, trim(line.substr(eq + 1)))) {
      return err(KeyValueError{line_no, std::move(*problem)});
    }
  }
  return Ok{};
}

std::optional<std::int64_t> parseWholeNumber(std::string_view text, std::int64_t lo,
                                             std::int64_t hi) noexcept {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || ec != std::errc() || p != text.data() + text.size() || v < lo || v > hi) {
    return std::nullopt;
  }
  return v;
}

}  // namespace rc::core
