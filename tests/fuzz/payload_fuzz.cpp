// libFuzzer target: classification of arbitrary scan text.
// Input: [role][3 bytes of symbology][text…].
#include <algorithm>

#include "drivers/payload.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::drivers;
  if (size < 4) return 0;
  const ReaderRole role = static_cast<ReaderRole>(data[0] % 3);
  RawScan scan;
  scan.symbology.assign(reinterpret_cast<const char*>(data + 1), 3);
  scan.text.assign(reinterpret_cast<const char*>(data + 4), size - 4);
  const ClassifyPolicy policy;
  const Payload p = classify(scan, role, policy);
  RC_FUZZ_CHECK((p.kind == PayloadKind::Rejected) == (p.reason != RejectReason::None));
  switch (p.kind) {
    case PayloadKind::CardUid:
      RC_FUZZ_CHECK(role != ReaderRole::Code);
      RC_FUZZ_CHECK(p.text.size() == 8 || p.text.size() == 10 || p.text.size() == 14);
      RC_FUZZ_CHECK(std::all_of(p.text.begin(), p.text.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
      }));
      break;
    case PayloadKind::CardToken:
      RC_FUZZ_CHECK(p.text.starts_with(policy.token_prefix));
      RC_FUZZ_CHECK(p.text.size() <= policy.token_max_length);
      break;
    case PayloadKind::ProductBarcode:
      RC_FUZZ_CHECK(gs1CheckDigitValid(p.text));
      RC_FUZZ_CHECK(p.barcode != BarcodeKind::None);
      break;
    case PayloadKind::Rejected:
      break;
  }
  return 0;
}
