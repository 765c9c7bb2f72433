#pragma once
// What the kiosk says when a screen appears: its essentials in the screen's language (the
// greeting with the name and the points, what a tap did, each error's words and next step,
// the receipt, the ticket). Pure: no SDL, no audio; thread-safe.
//
// An utterance is a few phrases. A phrase that is one fixed string of strings.h (no values in
// it) carries that string's name as its key, so a recorded prompt
// (assets/voice/<zh|en>/<key>.wav) can replace synthesis for it; a phrase with values (a name,
// a number) is always synthesized.

#include <string>
#include <string_view>
#include <vector>

#include "core/settings.h"
#include "kiosk/app/state.h"

namespace rc::kiosk {

struct Phrase {
  std::string text;
  std::string key;  // the strings.h name of a fixed phrase ("ScanPrompt"); empty: has values
  bool operator==(const Phrase&) const = default;
};

struct Utterance {
  Lang lang = Lang::Zh;
  std::vector<Phrase> phrases;
  // The phrases as one text, each ending a sentence ("。" / ". ").
  std::string text() const;
  bool empty() const noexcept { return phrases.empty(); }
  bool operator==(const Utterance&) const = default;
};

// What the screen in `s` says (the idle warning's question when it shows).
Utterance spokenFor(const AppState& s, const core::Settings& settings);

// The name of a strings.h entry ("ScanPrompt"): the key of its recorded prompt.
std::string_view strName(Str id) noexcept;

}  // namespace rc::kiosk
