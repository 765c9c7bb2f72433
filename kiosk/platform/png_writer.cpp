#include "kiosk/platform/png_writer.h"

#include <stb/stb_image_write.h>

#include <filesystem>
#include <fstream>

namespace rc::kiosk::platform {
namespace {

void append(void* context, void* data, int size) {
  auto& out = *static_cast<std::vector<std::uint8_t>*>(context);
  const auto* bytes = static_cast<const std::uint8_t*>(data);
  out.insert(out.end(), bytes, bytes + size);
}

}  // namespace

std::vector<std::uint8_t> encodePng(int width, int height, const std::uint8_t* rgb, int pitch) {
  std::vector<std::uint8_t> out;
  if (stbi_write_png_to_func(&append, &out, width, height, 3, rgb, pitch) == 0) return {};
  return out;
}

rc::Status<std::string> writePng(const std::string& path, int width, int height,
                                 const std::uint8_t* rgb, int pitch) {
  const auto png = encodePng(width, height, rgb, pitch);
  if (png.empty()) return rc::err(std::string("could not encode the image"));
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(png.data()), static_cast<std::streamsize>(png.size()));
    if (!out) return rc::err("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return rc::err("cannot rename " + tmp + ": " + ec.message());
  return rc::Ok{};
}

}  // namespace rc::kiosk::platform
