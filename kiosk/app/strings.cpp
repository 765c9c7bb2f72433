#include "kiosk/app/strings.h"

#include <array>

namespace rc::kiosk {
namespace {

struct Entry {
  std::string_view zh;
  std::string_view en;
  bool display;
};

constexpr std::array kTable = {
#define RC_KIOSK_STR_ROW(name, zh, en, display) Entry{zh, en, display},
    RC_KIOSK_STRINGS(RC_KIOSK_STR_ROW)
#undef RC_KIOSK_STR_ROW
};

}  // namespace

std::string_view tr(Str id, Lang lang) noexcept {
  const auto& e = kTable[static_cast<std::size_t>(id)];
  return lang == Lang::Zh ? e.zh : e.en;
}

std::string fill(std::string_view pattern, std::initializer_list<std::string> args) {
  std::string out;
  auto arg = args.begin();
  std::size_t i = 0;
  while (i < pattern.size()) {
    if (pattern.compare(i, 2, "{}") == 0 && arg != args.end()) {
      out += *arg++;
      i += 2;
    } else {
      out += pattern[i++];
    }
  }
  return out;
}

std::vector<std::string_view> allStrings() {
  std::vector<std::string_view> out;
  for (const auto& e : kTable) {
    out.push_back(e.zh);
    out.push_back(e.en);
  }
  return out;
}

std::vector<std::string_view> displayStrings() {
  std::vector<std::string_view> out;
  for (const auto& e : kTable) {
    if (!e.display) continue;
    out.push_back(e.zh);
    out.push_back(e.en);
  }
  return out;
}

}  // namespace rc::kiosk
