#pragma once
// The kiosk's own software rasterizer for Dear ImGui draw data, used when there is no GPU (and
// always headless). It draws straight into a 32-bit window surface:
//   - axis-aligned solid quads (panels, buttons, bands) as row fills, opaque ones as plain stores;
//   - axis-aligned textured quads (every glyph) from the 8-bit alpha atlas, blended per pixel;
//   - any other triangle (stars, corner fans, strokes) by scanline spans, never by testing a
//     whole bounding box;
//   - quads and triangles of a picture (an RgbaTexture: a command whose texture id is not the
//     atlas's), sampled nearest and blended by the picture's alpha.
// SDL's own software renderer does each of these several times slower (a full 1920×1080 frame
// cost 20–25 ms there), and needs the atlas expanded to 32 bits per texel.
// Pure: no SDL, no globals; a target and an atlas in, pixels out. Not thread-safe per target.

#include <imgui.h>

#include <cstdint>

namespace rc::kiosk::platform {

// A 32-bit pixel buffer whose red, green and blue channels sit in byte lanes at the given
// shifts (0, 8, 16 or 24); the remaining lane, if any, is written as 0xFF.
struct PixelTarget {
  std::uint32_t* pixels = nullptr;
  int width = 0;
  int height = 0;
  int pitch = 0;  // in pixels
  int r_shift = 16;
  int g_shift = 8;
  int b_shift = 0;
};

struct AlphaAtlas {
  const std::uint8_t* pixels = nullptr;
  int width = 0;
  int height = 0;
};

// A picture as a texture: 8-bit RGBA, rows top-down, no padding. A draw command whose
// ImTextureID is not the atlas's pixels carries the address of one of these.
struct RgbaTexture {
  const std::uint8_t* rgba = nullptr;
  int width = 0;
  int height = 0;
};

struct RasterStats {
  int rect_fills = 0;
  int glyph_quads = 0;
  int triangles = 0;
  int picture_pixels = 0;  // pixels sampled from pictures
};

class SoftRasterizer {
 public:
  // `white_uv`: the atlas's white texel (ImFontAtlas::TexUvWhitePixel); vertices sampling it
  // are solid colour.
  SoftRasterizer(AlphaAtlas atlas, ImVec2 white_uv) noexcept : m_atlas(atlas), m_white(white_uv) {}

  void setAtlas(AlphaAtlas atlas, ImVec2 white_uv) noexcept {
    m_atlas = atlas;
    m_white = white_uv;
  }

  // Fills the whole target with an opaque colour given as 0xRRGGBB.
  static void clear(const PixelTarget& t, std::uint32_t rgb) noexcept;
  // Draws `data` (positions relative to data.DisplayPos) over what the target holds.
  RasterStats render(const ImDrawData& data, const PixelTarget& t) const noexcept;

 private:
  AlphaAtlas m_atlas;
  ImVec2 m_white;
};

}  // namespace rc::kiosk::platform
