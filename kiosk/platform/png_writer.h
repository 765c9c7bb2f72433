#pragma once
// Screenshots as PNG (8-bit RGB), encoded by stb_image_write from Debian's libstb, the library
// ImGui already links. Pure function plus a file helper; thread-safe.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.h"

namespace rc::kiosk::platform {

// `rgb` holds `height` rows of `width` RGB triplets, `pitch` bytes apart. Empty when the
// encoder fails.
std::vector<std::uint8_t> encodePng(int width, int height, const std::uint8_t* rgb, int pitch);

// Writes the PNG to `path` (through a temporary file, renamed when complete).
rc::Status<std::string> writePng(const std::string& path, int width, int height,
                                 const std::uint8_t* rgb, int pitch);

}  // namespace rc::kiosk::platform
