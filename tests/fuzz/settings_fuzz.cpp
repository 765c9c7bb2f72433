// libFuzzer target: the policy settings file (core/settings.h, assets/red_credit.conf) that
// `rc-office --config`, `rc-office serve` and rc-kiosk read. Whatever it accepts prints and
// parses back to the same settings; whatever it refuses is one plain UTF-8 message.
#include <cstdint>
#include <string_view>

#include "core/settings.h"
#include "core/text.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::core;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parseSettings(text);
  if (!parsed) {
    RC_FUZZ_CHECK(parsed.error().line >= 0);
    RC_FUZZ_CHECK(!parsed.error().message.empty());
    RC_FUZZ_CHECK(validUtf8(parsed.error().message));
    return 0;
  }
  const auto printed = settingsToText(*parsed);
  RC_FUZZ_CHECK(validUtf8(printed));
  const auto again = parseSettings(printed);
  RC_FUZZ_CHECK(again.ok());
  RC_FUZZ_CHECK(*again == *parsed);
  return 0;
}
