#pragma once
// Each error's words as a villager meets them: the title, the body with its figures (the
// product, the slot, the household's shortfall) and the next step, in the kiosk's language.
// One place for the error screen and the voice. Pure; thread-safe.

#include <string>

#include "core/settings.h"
#include "kiosk/app/state.h"

namespace rc::kiosk {

struct ErrorStrs {
  Str title, body, next;
};
// The table entries of an error kind.
ErrorStrs errorStrs(ErrorKind k) noexcept;

struct ErrorWords {
  std::string title;
  std::string body;  // may hold several lines (the household's shortfall)
  std::string next;
};
ErrorWords errorWords(const ErrorInfo& e, Lang lang, const core::Settings& settings);

}  // namespace rc::kiosk
