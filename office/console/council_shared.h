#pragma once
// What the council and grid log pages share: a ledger repository's refusal as the console's
// plain refusal, and the reason a drop or a reversal must give.
#include <string>
#include <string_view>

#include "db/council.h"
#include "db/ledger.h"
#include "office/console/api.h"

namespace rc::office::console {

// The repository's refusal (db::LedgerFailure): the Chinese sentence the page chose, with the
// repository's own English reason in brackets.
template <class T>
T orRefuse(db::LedgerResult<T> r, const std::string& zh) {
  if (r) return std::move(*r);
  const auto code = r.error().code;
  const int status = code == db::LedgerError::NotFound          ? 404
                     : code == db::LedgerError::AlreadyVoided   ? 409
                     : code == db::LedgerError::Storage         ? 503
                                                                 : 400;
  throw ConsoleError(status, zh + " (" + r.error().message + ")");
}

inline std::size_t utf8Chars(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The body's "reason": required, at most the characters a reversal's reason may have (it is the
// reversing entries' reference), as db::Council checks it.
inline std::string reasonText(const Request& req) {
  auto reason = req.text("reason", 4 * db::kMaxReversalReasonChars);
  if (utf8Chars(reason) > db::kMaxReversalReasonChars) {
    badInput("reason：理由太长了，最多 " + std::to_string(db::kMaxReversalReasonChars) +
             " 个字 (at most " + std::to_string(db::kMaxReversalReasonChars) + " characters)");
  }
  return reason;
}

}  // namespace rc::office::console
