// libFuzzer target: the reader config parser. Whatever it accepts must print and parse back to
// the same config.
#include <string_view>

#include "drivers/reader_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = rc::drivers::parseReaderConfig(text);
  if (!parsed) {
    RC_FUZZ_CHECK(!parsed.error().message.empty());
    return 0;
  }
  const auto again = rc::drivers::parseReaderConfig(rc::drivers::readerConfigToText(*parsed));
  RC_FUZZ_CHECK(again.ok());
  RC_FUZZ_CHECK(*again == *parsed);
  return 0;
}
