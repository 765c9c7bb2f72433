// libFuzzer target: HID boot keyboard reports, with timing, through the KeyboardDecoder.
// Input: records of [ms since previous][8 report bytes]; the first byte picks the policy.
#include "drivers/keyboard_decoder.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const rc::drivers::DecoderPolicy policy{
      static_cast<std::size_t>(1 + data[0] % 40), std::chrono::milliseconds(100),
      (data[0] & 0x80) != 0 ? rc::drivers::PauseAction::Flush : rc::drivers::PauseAction::Drop};
  rc::drivers::KeyboardDecoder decoder(policy);
  const auto scans = rc::fuzz::feedRecords(decoder, data + 1, size - 1, 8, 8);
  rc::fuzz::checkScans(scans, policy);
  for (const auto& s : scans) {
    // The US map types nothing outside printable ASCII.
    for (const char c : s.text) RC_FUZZ_CHECK(static_cast<unsigned char>(c) < 0x7f);
  }
  return 0;
}
