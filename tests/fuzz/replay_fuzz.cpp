// libFuzzer target: the replay file parser behind `rc-reader listen --replay` and RC_READER's
// `replay:FILE` (drivers/fake_reader.h). Whatever it accepts is within its bounds and prints
// and parses back to the same script; whatever it refuses names the line.
#include <cstdint>
#include <string_view>

#include "core/text.h"
#include "drivers/fake_reader.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::drivers;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parseReplay(text);
  if (!parsed) {
    RC_FUZZ_CHECK(parsed.error().line >= 0);
    RC_FUZZ_CHECK(!parsed.error().message.empty());
    RC_FUZZ_CHECK(rc::core::validUtf8(parsed.error().message));
    return 0;
  }
  RC_FUZZ_CHECK(parsed->format != ReportFormat::Auto);
  for (const auto& step : parsed->steps) {
    RC_FUZZ_CHECK(step.delay.count() >= 0 && step.delay.count() <= 60'000);
    RC_FUZZ_CHECK(!step.bytes.empty() && step.bytes.size() <= 4096);
  }
  const auto again = parseReplay(replayToText(*parsed));
  RC_FUZZ_CHECK(again.ok());
  RC_FUZZ_CHECK(*again == *parsed);
  return 0;
}
