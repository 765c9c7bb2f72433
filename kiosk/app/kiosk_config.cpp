#include "kiosk/app/kiosk_config.h"

#include <algorithm>

#include "core/text.h"

namespace rc::kiosk {

Result<KioskConfigFile, std::string> parseKioskConfig(std::string_view text) {
  if (text.size() > kMaxKioskConfigBytes) return err(std::string("the kiosk config is too large"));
  KioskConfigFile out;
  auto read = core::readKeyValues(text, [&](int, std::string_view key,
                                            std::string_view value) -> std::optional<std::string> {
    if (key == "stations") {
      if (!out.stations.empty()) return std::string("'stations' is given twice");
      while (!value.empty()) {
        const auto comma = value.find(',');
        const auto name = core::trim(value.substr(0, comma));
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
        const auto kind = core::stationKindFromString(name);
        if (!kind || *kind == core::StationKind::Supermarket) {
          return "unknown service station '" + std::string(name) +
                 "' (laundry, farm_machinery, warm_canteen, haircut, repair, errand)";
        }
        if (std::find(out.stations.begin(), out.stations.end(), *kind) != out.stations.end()) {
          return "station '" + std::string(name) + "' is listed twice";
        }
        out.stations.push_back(*kind);
      }
      if (out.stations.empty()) return std::string("'stations' has no value");
      return std::nullopt;
    }
    std::string* slot = key == "kiosk_id"             ? &out.kiosk_id
                        : key == "kiosk_secret_key"   ? &out.kiosk_secret_key
                        : key == "office_cert_sha256" ? &out.office_cert_sha256
                        : key == "office_url"         ? &out.office_url
                                                      : nullptr;
    if (!slot) {
      return "unknown key '" + std::string(key) +
             "' (kiosk_id, kiosk_secret_key, office_cert_sha256, office_url, stations)";
    }
    if (!slot->empty()) return "'" + std::string(key) + "' is given twice";
    if (value.empty()) return "'" + std::string(key) + "' has no value";
    *slot = value;
    return std::nullopt;
  });
  if (!read) return err("line " + std::to_string(read.error().line) + ": " + read.error().message);
  return out;
}

}  // namespace rc::kiosk
