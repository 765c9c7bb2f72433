// libFuzzer target: HID POS scanner reports, with timing, through the HidPosDecoder.
// Input: records of [ms since previous][length % 65][bytes]; the first byte picks the policy.
#include "drivers/hid_pos_decoder.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const rc::drivers::DecoderPolicy policy{
      static_cast<std::size_t>(1 + data[0] % 200), std::chrono::milliseconds(100),
      (data[0] & 0x80) != 0 ? rc::drivers::PauseAction::Flush : rc::drivers::PauseAction::Drop};
  rc::drivers::HidPosDecoder decoder(policy);
  const auto scans = rc::fuzz::feedRecords(decoder, data + 1, size - 1, 64);
  rc::fuzz::checkScans(scans, policy);
  for (const auto& s : scans) RC_FUZZ_CHECK(s.symbology.empty() || s.symbology.size() == 3);
  return 0;
}
