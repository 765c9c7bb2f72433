#pragma once
// Pictures of the demo village's goods, drawn here with cairo as a few flat shapes (a rice
// bag, a bottle of oil, a towel, a bar of soap, …): no image is downloaded or shipped.
// Pure; thread-safe.

#include <cstdint>
#include <string_view>
#include <vector>

namespace rc::office {

// The PNG (256×256, transparent ground) of the demo product `sku`, or empty for the goods the
// demo leaves without a picture (their kiosk tiles show the name's first character).
std::vector<std::uint8_t> demoPicture(std::string_view sku);

}  // namespace rc::office
