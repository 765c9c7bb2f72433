// libFuzzer target: the kiosk config file (kiosk/app/kiosk_config.h) that rc-kiosk reads with
// --kiosk-config: the lines `rc-office enroll-kiosk` prints. Whatever it accepts is UTF-8 text
// within the file's cap, each station once; whatever it refuses is one plain UTF-8 line.
#include <algorithm>
#include <cstdint>
#include <string_view>

#include "core/text.h"
#include "kiosk/app/kiosk_config.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::kiosk;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = parseKioskConfig(text);
  if (!parsed) {
    const auto& message = parsed.error();
    RC_FUZZ_CHECK(!message.empty());
    RC_FUZZ_CHECK(message.find('\n') == std::string::npos);
    RC_FUZZ_CHECK(rc::core::validUtf8(message));
    return 0;
  }
  RC_FUZZ_CHECK(text.size() <= kMaxKioskConfigBytes);
  for (const auto* value : {&parsed->kiosk_id, &parsed->kiosk_secret_key,
                            &parsed->office_cert_sha256, &parsed->office_url}) {
    RC_FUZZ_CHECK(value->size() <= 1024);
    RC_FUZZ_CHECK(rc::core::validUtf8(*value));
    RC_FUZZ_CHECK(value->find('#') == std::string::npos);
  }
  auto stations = parsed->stations;
  std::sort(stations.begin(), stations.end());
  RC_FUZZ_CHECK(std::adjacent_find(stations.begin(), stations.end()) == stations.end());
  RC_FUZZ_CHECK(std::find(stations.begin(), stations.end(), rc::core::StationKind::Supermarket) ==
                stations.end());
  return 0;
}
