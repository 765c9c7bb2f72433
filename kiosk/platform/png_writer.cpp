#include "kiosk/platform/png_writer.h"

#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

namespace rc::kiosk::platform {
namespace {

void putU32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 24));
  out.push_back(static_cast<std::uint8_t>(v >> 16));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}

void putChunk(std::vector<std::uint8_t>& out, const char type[4], const std::uint8_t* data,
              std::size_t size) {
  putU32(out, static_cast<std::uint32_t>(size));
  const std::size_t type_at = out.size();
  out.insert(out.end(), type, type + 4);
  if (size > 0) out.insert(out.end(), data, data + size);
  // The CRC covers the type and the data, not the length.
  const uLong crc = crc32(0L, out.data() + type_at, static_cast<uInt>(size + 4));
  putU32(out, static_cast<std::uint32_t>(crc));
}

}  // namespace

std::vector<std::uint8_t> encodePng(int width, int height, const std::uint8_t* rgb, int pitch) {
  const std::size_t row = static_cast<std::size_t>(width) * 3;
  // Each scanline starts with its filter type; 0 (none) keeps the encoder trivial, and zlib
  // still shrinks a flat UI a lot.
  std::vector<std::uint8_t> raw;
  raw.reserve((row + 1) * static_cast<std::size_t>(height));
  for (int y = 0; y < height; ++y) {
    raw.push_back(0);
    const std::uint8_t* src = rgb + static_cast<std::ptrdiff_t>(y) * pitch;
    raw.insert(raw.end(), src, src + row);
  }
  uLongf packed_size = compressBound(static_cast<uLong>(raw.size()));
  std::vector<std::uint8_t> packed(packed_size);
  if (compress2(packed.data(), &packed_size, raw.data(), static_cast<uLong>(raw.size()), 6) !=
      Z_OK) {
    return {};
  }
  packed.resize(packed_size);

  std::vector<std::uint8_t> out = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
  std::vector<std::uint8_t> header;
  putU32(header, static_cast<std::uint32_t>(width));
  putU32(header, static_cast<std::uint32_t>(height));
  header.insert(header.end(), {8, 2, 0, 0, 0});  // 8-bit, RGB, deflate, no filter set, no interlace
  putChunk(out, "IHDR", header.data(), header.size());
  putChunk(out, "IDAT", packed.data(), packed.size());
  putChunk(out, "IEND", nullptr, 0);
  return out;
}

rc::Status<std::string> writePng(const std::string& path, int width, int height,
                                 const std::uint8_t* rgb, int pitch) {
  const auto png = encodePng(width, height, rgb, pitch);
  if (png.empty()) return rc::err(std::string("could not compress the image"));
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
