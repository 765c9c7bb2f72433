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
