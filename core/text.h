#pragma once
// Text at the edges: every text the ledger records is valid UTF-8 (strict: no overlong forms,
// no surrogates, nothing past U+10FFFF), so no entry can hold bytes a JSON encoder, the office
// or a screen would choke on.

#include <cstdint>
#include <optional>
#include <string_view>

namespace rc::core {

bool validUtf8(std::string_view text) noexcept;

// A whole decimal number within [lo, hi], all of `text` and nothing else; nullopt otherwise
// (the caller says in plain words what it wanted).
std::optional<std::int64_t> parseWholeNumber(std::string_view text, std::int64_t lo,
                                             std::int64_t hi) noexcept;

}  // namespace rc::core
