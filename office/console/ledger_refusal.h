#pragma once
// A ledger repository's refusal (db::LedgerFailure) as the console's plain refusal: the
// Chinese sentence the page chose, with the repository's own English reason in brackets.
#include <string>

#include "db/ledger.h"
#include "office/console/api.h"

namespace rc::office::console {

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

}  // namespace rc::office::console
