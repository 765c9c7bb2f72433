// libFuzzer target: the kiosk's session scripts (kiosk/app/script.h, docs/kiosk-script.md).
// Whatever the bytes, a script is read into commands within every bound or refused with the
// line that is wrong; never a command with text that is not UTF-8.
#include <cstdint>
#include <string_view>

#include "core/text.h"
#include "kiosk/app/script.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::kiosk;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parseScript(text);
  if (!parsed) {
    RC_FUZZ_CHECK(parsed.error().line >= 1);
    RC_FUZZ_CHECK(!parsed.error().message.empty());
    RC_FUZZ_CHECK(rc::core::validUtf8(parsed.error().message));
    return 0;
  }
  RC_FUZZ_CHECK(parsed->size() <= kMaxScriptLines);
  int previous = 0;
  for (const auto& c : *parsed) {
    RC_FUZZ_CHECK(c.line > previous);  // one command a line, in order
    previous = c.line;
    RC_FUZZ_CHECK(c.arg.size() <= kMaxScriptArg);
    RC_FUZZ_CHECK(rc::core::validUtf8(c.arg));
    RC_FUZZ_CHECK(c.duration.count() >= 0);
    if (c.op == ScriptOp::Wait) RC_FUZZ_CHECK(c.duration.count() <= 3'600'000);
    const bool needs_arg = c.op == ScriptOp::Scan || c.op == ScriptOp::Tap ||
                           c.op == ScriptOp::DoubleTap || c.op == ScriptOp::Type ||
                           c.op == ScriptOp::ExpectScreen || c.op == ScriptOp::ExpectText ||
                           c.op == ScriptOp::ExpectNoText || c.op == ScriptOp::Screenshot;
    if (needs_arg) RC_FUZZ_CHECK(!c.arg.empty());
    if (c.op == ScriptOp::Screenshot) {  // a file name under the screenshot folder
      RC_FUZZ_CHECK(c.arg.find_first_of("/\\") == std::string::npos);
    }
    if (c.op == ScriptOp::SyncWait) RC_FUZZ_CHECK(c.arg == "synced" || c.arg == "offline");
  }
  return 0;
}
