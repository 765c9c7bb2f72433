#pragma once
// Text at the edges: every text the ledger records is valid UTF-8 (strict: no overlong forms,
// no surrogates, nothing past U+10FFFF), so no entry can hold bytes a JSON encoder, the office
// or a screen would choke on.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace rc::core {

bool validUtf8(std::string_view text) noexcept;

// The longest start of UTF-8 `text` of at most `max_bytes` that does not end inside a
// character: for quoting part of a cell in a message.
std::string_view utf8Prefix(std::string_view text, std::size_t max_bytes) noexcept;

// `s` without spaces, tabs and carriage returns at either end.
std::string_view trim(std::string_view s) noexcept;

// Takes the first line off `text` (up to '\n', which is dropped, as is a '\r' before it)
// and returns it; `text` keeps the rest. Ends when `text` is empty.
std::string_view takeLine(std::string_view& text) noexcept;

// The one reader of the project's `key = value` files (the policy settings, the reader config,
// the kiosk's config): one pair per line, split at the first '='; '#' starts a comment anywhere
// on a line (so no value holds a '#'); blank lines, a UTF-8 byte-order mark and CR LF endings
// are taken; keys and values are trimmed; a line over 1024 bytes is refused. `on` sees every
// pair with its 1-based line and returns a message to stop there, or nullopt to go on.
struct KeyValueError {
  int line = 0;  // 1-based
  std::string message;
};
using KeyValueHandler =
    std::function<std::optional<std::string>(int line, std::string_view key, std::string_view value)>;
Status<KeyValueError> readKeyValues(std::string_view text, const KeyValueHandler& on);

// A whole decimal number within [lo, hi], all of `text` and nothing else; nullopt otherwise
// (the caller says in plain words what it wanted).
std::optional<std::int64_t> parseWholeNumber(std::string_view text, std::int64_t lo,
                                             std::int64_t hi) noexcept;

}  // namespace rc::core
