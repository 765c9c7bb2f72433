#pragma once
// The kiosk config file's parser, apart from the link it describes (office_link.h) so that it
// is callable on its own (tests/fuzz/kiosk_config_fuzz.cpp). Pure; thread-safe.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/services.h"

namespace rc::kiosk {

// The kiosk config file: `key = value` lines as enroll-kiosk prints them (kiosk_id,
// kiosk_secret_key, office_cert_sha256, office_url), and optionally `stations = laundry,
// warm_canteen` (the service stations this kiosk offers, in the order its Services screen
// shows them; absent: every station the office has); '#' comments and blank lines are ignored.
// Values are kept as text here and checked by resolveOfficeLink; stations are checked here.
struct KioskConfigFile {
  std::string kiosk_id;
  std::string kiosk_secret_key;  // base64; never logged
  std::string office_cert_sha256;
  std::string office_url;
  std::vector<core::StationKind> stations;
};
inline constexpr std::size_t kMaxKioskConfigBytes = 16 * 1024;
Result<KioskConfigFile, std::string> parseKioskConfig(std::string_view text);

}  // namespace rc::kiosk
