#pragma once
// Text at the edges: every text the ledger records is valid UTF-8 (strict: no overlong forms,
// no surrogates, nothing past U+10FFFF), so no entry can hold bytes a JSON encoder, the office
// or a screen would choke on.

#include <string_view>

namespace rc::core {

bool validUtf8(std::string_view text) noexcept;

}  // namespace rc::core
