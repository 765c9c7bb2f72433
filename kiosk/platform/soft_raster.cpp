#include "kiosk/platform/soft_raster.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace rc::kiosk::platform {
namespace {

// Half-open pixel rectangle the current command may touch.
struct Clip {
  int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
};

std::uint32_t pack(ImU32 c, const PixelTarget& t) noexcept {
  const std::uint32_t r = c & 0xFFu;
  const std::uint32_t g = (c >> 8) & 0xFFu;
  const std::uint32_t b = (c >> 16) & 0xFFu;
  const std::uint32_t lanes = (0xFFu << t.r_shift) | (0xFFu << t.g_shift) | (0xFFu << t.b_shift);
  return (r << t.r_shift) | (g << t.g_shift) | (b << t.b_shift) | ~lanes;
}

std::uint32_t alphaOf(ImU32 c) noexcept { return (c >> IM_COL32_A_SHIFT) & 0xFFu; }

// src over dst with coverage a (0–255), two byte lanes at a time; every lane stays within 16
// bits (255 × 256), so lanes never carry into each other.
inline std::uint32_t blend(std::uint32_t src, std::uint32_t dst, std::uint32_t a) noexcept {
  const std::uint32_t w = a + (a >> 7);  // 0..256
  const std::uint32_t iw = 256 - w;
  const std::uint32_t lo =
      (((src & 0x00FF00FFu) * w + (dst & 0x00FF00FFu) * iw) >> 8) & 0x00FF00FFu;
  const std::uint32_t hi =
      (((src >> 8) & 0x00FF00FFu) * w + ((dst >> 8) & 0x00FF00FFu) * iw) & 0xFF00FF00u;
  return lo | hi;
}

// The pixels whose centres lie in [a, b): ceil(a - 0.5) for |a| < 2^31. Truncation is the
// ceiling for negatives and one less for positive fractions; std::ceil is a library call
// without SSE4.1, made a few times per triangle row.
inline int firstPixel(float a) noexcept {
  const float v = a - 0.5f;
  const int i = static_cast<int>(v);
  return i + (static_cast<float>(i) < v ? 1 : 0);
}

// Opaque pixels along a row. Row fills are most of a frame's work (the background alone is
// two million pixels), and GCC 12 at -O2 stores one pixel per iteration: here four pixels a
// store on any x86-64 (SSE2 is its baseline), sixteen an iteration.
inline void fillSpan(std::uint32_t* p, int n, std::uint32_t v) noexcept {
  int i = 0;
#if defined(__SSE2__)
  const __m128i v4 = _mm_set1_epi32(static_cast<int>(v));
  for (; i + 16 <= n; i += 16) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i), v4);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i + 4), v4);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i + 8), v4);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i + 12), v4);
  }
  for (; i + 4 <= n; i += 4) _mm_storeu_si128(reinterpret_cast<__m128i*>(p + i), v4);
#endif
  for (; i < n; ++i) p[i] = v;
}

bool sameUv(const ImVec2& a, const ImVec2& b) noexcept { return a.x == b.x && a.y == b.y; }

class Painter {
 public:
  Painter(const PixelTarget& t, const AlphaAtlas& atlas, ImVec2 white, RasterStats& stats) noexcept
      : m_t(t), m_atlas(atlas), m_white(white), m_stats(stats) {}

  void setClip(Clip c) noexcept { m_clip = c; }
  // The picture the current command samples; nullptr: the atlas.
  void setPicture(const RgbaTexture* p) noexcept {
    m_pic = p && p->rgba && p->width > 0 && p->height > 0 ? p : nullptr;
  }
  bool picture() const noexcept { return m_pic != nullptr; }

  // One pixel of the picture at texel (tx, ty) (clamped), tinted by `col`, over `dst`.
  std::uint32_t pictureOver(float tu, float tv, ImU32 col, std::uint32_t dst) noexcept {
    // Clamped as floats first: a degenerate triangle's gradients may be huge.
    const int tx = static_cast<int>(std::clamp(tu, 0.f, static_cast<float>(m_pic->width - 1)));
    const int ty = static_cast<int>(std::clamp(tv, 0.f, static_cast<float>(m_pic->height - 1)));
    const std::uint8_t* t =
        m_pic->rgba + (static_cast<std::ptrdiff_t>(ty) * m_pic->width + tx) * 4;
    const auto mul = [](std::uint32_t a, std::uint32_t b) { return (a * b + 127) / 255; };
    const std::uint32_t r = mul(t[0], col & 0xFFu);
    const std::uint32_t g = mul(t[1], (col >> 8) & 0xFFu);
    const std::uint32_t b = mul(t[2], (col >> 16) & 0xFFu);
    const std::uint32_t a = mul(t[3], alphaOf(col));
    ++m_stats.picture_pixels;
    if (a == 0) return dst;
    const std::uint32_t src = pack(IM_COL32(r, g, b, 255), m_t);
    return a == 255 ? src : blend(src, dst, a);
  }

  // An axis-aligned quad of the picture: (x0, y0) maps to uv0 and (x1, y1) to uv1.
  void pictureQuad(float x0, float y0, float x1, float y1, ImVec2 uv0, ImVec2 uv1,
                   ImU32 col) noexcept {
    if (x1 == x0 || y1 == y0) return;
    const int ix0 = std::max(m_clip.x0, firstPixel(std::min(x0, x1)));
    const int ix1 = std::min(m_clip.x1, firstPixel(std::max(x0, x1)));
    const int iy0 = std::max(m_clip.y0, firstPixel(std::min(y0, y1)));
    const int iy1 = std::min(m_clip.y1, firstPixel(std::max(y0, y1)));
    if (ix0 >= ix1 || iy0 >= iy1 || alphaOf(col) == 0) return;
    const float W = static_cast<float>(m_pic->width);
    const float H = static_cast<float>(m_pic->height);
    const float dudx = (uv1.x - uv0.x) / (x1 - x0) * W;
    const float dvdy = (uv1.y - uv0.y) / (y1 - y0) * H;
    for (int y = iy0; y < iy1; ++y) {
      const float tv = uv0.y * H + (static_cast<float>(y) + 0.5f - y0) * dvdy;
      std::uint32_t* row = m_t.pixels + static_cast<std::ptrdiff_t>(y) * m_t.pitch;
      for (int x = ix0; x < ix1; ++x) {
        const float tu = uv0.x * W + (static_cast<float>(x) + 0.5f - x0) * dudx;
        row[x] = pictureOver(tu, tv, col, row[x]);
      }
    }
  }

  // A solid axis-aligned rectangle.
  void fillRect(float x0, float y0, float x1, float y1, ImU32 col) noexcept {
    const int ix0 = std::max(m_clip.x0, firstPixel(x0));
    const int ix1 = std::min(m_clip.x1, firstPixel(x1));
    const int iy0 = std::max(m_clip.y0, firstPixel(y0));
    const int iy1 = std::min(m_clip.y1, firstPixel(y1));
    const std::uint32_t a = alphaOf(col);
    if (ix0 >= ix1 || iy0 >= iy1 || a == 0) return;
    ++m_stats.rect_fills;
    const std::uint32_t src = pack(col, m_t);
    for (int y = iy0; y < iy1; ++y) {
      std::uint32_t* row = m_t.pixels + static_cast<std::ptrdiff_t>(y) * m_t.pitch;
      if (a == 255) {
        fillSpan(row + ix0, ix1 - ix0, src);
      } else {
        for (int x = ix0; x < ix1; ++x) row[x] = blend(src, row[x], a);
      }
    }
  }

  // An axis-aligned quad sampling the atlas: (x0, y0) maps to uv0 and (x1, y1) to uv1.
  void glyph(float x0, float y0, float x1, float y1, ImVec2 uv0, ImVec2 uv1, ImU32 col) noexcept {
    if (!m_atlas.pixels || x1 == x0 || y1 == y0) return;
    const float lx = std::min(x0, x1);
    const float hx = std::max(x0, x1);
    const float ly = std::min(y0, y1);
    const float hy = std::max(y0, y1);
    const int ix0 = std::max(m_clip.x0, firstPixel(lx));
    const int ix1 = std::min(m_clip.x1, firstPixel(hx));
    const int iy0 = std::max(m_clip.y0, firstPixel(ly));
    const int iy1 = std::min(m_clip.y1, firstPixel(hy));
    const std::uint32_t ca = alphaOf(col);
    if (ix0 >= ix1 || iy0 >= iy1 || ca == 0) return;
    ++m_stats.glyph_quads;
    const std::uint32_t src = pack(col, m_t);
    const float W = static_cast<float>(m_atlas.width);
    const float H = static_cast<float>(m_atlas.height);
    const float dudx = (uv1.x - uv0.x) / (x1 - x0) * W;
    const float dvdy = (uv1.y - uv0.y) / (y1 - y0) * H;
    const float u_at0 = uv0.x * W - x0 * dudx;  // texel x at pixel x = 0
    const float v_at0 = uv0.y * H - y0 * dvdy;
    // The texel column steps by a constant per pixel. When the whole span samples inside the
    // atlas (every glyph), it is stepped in 16.16 fixed point with no per-pixel float
    // conversion or clamp; text is most of what a frame blends.
    const float u_first = u_at0 + (static_cast<float>(ix0) + 0.5f) * dudx;
    const float u_last = u_first + static_cast<float>(ix1 - 1 - ix0) * dudx;
    const bool stepped = std::min(u_first, u_last) >= 0.f && std::max(u_first, u_last) < W - 1.f &&
                         W < 32768.f;  // no overflow
    const auto u_fixed = static_cast<std::int32_t>(u_first * 65536.f);
    const auto du_fixed = static_cast<std::int32_t>(dudx * 65536.f);
    for (int y = iy0; y < iy1; ++y) {
      const int ty = std::clamp(static_cast<int>(v_at0 + (static_cast<float>(y) + 0.5f) * dvdy), 0,
                                m_atlas.height - 1);
      const std::uint8_t* tex = m_atlas.pixels + static_cast<std::ptrdiff_t>(ty) * m_atlas.width;
      std::uint32_t* row = m_t.pixels + static_cast<std::ptrdiff_t>(y) * m_t.pitch;
      std::int32_t u = u_fixed;
      for (int x = ix0; x < ix1; ++x) {
        const int tx =
            stepped ? u >> 16
                    : std::clamp(static_cast<int>(u_at0 + (static_cast<float>(x) + 0.5f) * dudx), 0,
                                 m_atlas.width - 1);
        u += du_fixed;
        std::uint32_t a = tex[tx];
        if (a == 0) continue;
        if (ca != 255) a = (a * ca + 127) / 255;
        row[x] = a == 255 ? src : blend(src, row[x], a);
      }
    }
  }

  // Any triangle, row by row: each row's span comes from the three edges, so no pixel outside
  // the triangle is visited. Solid unless its vertices sample the atlas.
  void triangle(const ImDrawVert& va, const ImDrawVert& vb, const ImDrawVert& vc) noexcept {
    ImVec2 p0 = va.pos, p1 = vb.pos, p2 = vc.pos;
    ImVec2 t0 = va.uv, t1 = vb.uv, t2 = vc.uv;
    float area = (p1.x - p0.x) * (p2.y - p0.y) - (p1.y - p0.y) * (p2.x - p0.x);
    if (std::fabs(area) < 1e-6f) return;
    if (area < 0) {
      std::swap(p1, p2);
      std::swap(t1, t2);
      area = -area;
    }
    const ImU32 col = va.col;
    const std::uint32_t ca = alphaOf(col);
    if (ca == 0) return;
    ++m_stats.triangles;
    const bool solid =
        !m_pic && sameUv(t0, m_white) && sameUv(t1, m_white) && sameUv(t2, m_white);
    if (!solid && !m_pic && !m_atlas.pixels) return;
    const std::uint32_t src = pack(col, m_t);
    // Texel gradients, for the rare textured triangle (the atlas, or a picture's rounded
    // corners).
    const float W = static_cast<float>(m_pic ? m_pic->width : m_atlas.width);
    const float H = static_cast<float>(m_pic ? m_pic->height : m_atlas.height);
    const float dudx = ((t1.x - t0.x) * (p2.y - p0.y) - (t2.x - t0.x) * (p1.y - p0.y)) / area * W;
    const float dudy = ((t2.x - t0.x) * (p1.x - p0.x) - (t1.x - t0.x) * (p2.x - p0.x)) / area * W;
    const float dvdx = ((t1.y - t0.y) * (p2.y - p0.y) - (t2.y - t0.y) * (p1.y - p0.y)) / area * H;
    const float dvdy = ((t2.y - t0.y) * (p1.x - p0.x) - (t1.y - t0.y) * (p2.x - p0.x)) / area * H;

    const float min_y = std::min({p0.y, p1.y, p2.y});
    const float max_y = std::max({p0.y, p1.y, p2.y});
    const int iy0 = std::max(m_clip.y0, firstPixel(min_y));
    const int iy1 = std::min(m_clip.y1, firstPixel(max_y));
    const ImVec2 edges[3][2] = {{p0, p1}, {p1, p2}, {p2, p0}};
    for (int y = iy0; y < iy1; ++y) {
      const float yc = static_cast<float>(y) + 0.5f;
      float xl = -1e30f;
      float xr = 1e30f;
      bool empty = false;
      // Inside: cross(b - a, p - a) >= 0 for every edge. An edge going down bounds the span on
      // the right, one going up on the left. The crossing is computed from the edge's endpoints
      // in a fixed order, so two triangles sharing an edge agree on it to the bit: no gap and
      // no pixel drawn twice between a fan's triangles.
      for (const auto& e : edges) {
        const float dy = e[1].y - e[0].y;
        if (dy == 0) {
          if ((e[1].x - e[0].x) * (yc - e[0].y) < 0) empty = true;
          continue;
        }
        const bool down = dy > 0;
        const ImVec2& top = down ? e[0] : e[1];
        const ImVec2& bottom = down ? e[1] : e[0];
        const float x = top.x + (yc - top.y) * (bottom.x - top.x) / (bottom.y - top.y);
        if (down) {
          xr = std::min(xr, x);
        } else {
          xl = std::max(xl, x);
        }
      }
      if (empty || xl >= xr) continue;
      const int ix0 = std::max(m_clip.x0, firstPixel(std::max(xl, -1e6f)));
      const int ix1 = std::min(m_clip.x1, firstPixel(std::min(xr, 1e6f)));
      std::uint32_t* row = m_t.pixels + static_cast<std::ptrdiff_t>(y) * m_t.pitch;
      if (solid) {
        if (ca == 255) {
          if (ix0 < ix1) fillSpan(row + ix0, ix1 - ix0, src);
        } else {
          for (int x = ix0; x < ix1; ++x) row[x] = blend(src, row[x], ca);
        }
        continue;
      }
      if (m_pic) {
        const float dyy = yc - p0.y;
        for (int x = ix0; x < ix1; ++x) {
          const float dx = static_cast<float>(x) + 0.5f - p0.x;
          row[x] = pictureOver(t0.x * W + dudx * dx + dudy * dyy, t0.y * H + dvdx * dx + dvdy * dyy,
                               col, row[x]);
        }
        continue;
      }
      for (int x = ix0; x < ix1; ++x) {
        const float dx = static_cast<float>(x) + 0.5f - p0.x;
        const float dyy = yc - p0.y;
        const int tx = std::clamp(static_cast<int>(t0.x * W + dudx * dx + dudy * dyy), 0,
                                  m_atlas.width - 1);
        const int ty = std::clamp(static_cast<int>(t0.y * H + dvdx * dx + dvdy * dyy), 0,
                                  m_atlas.height - 1);
        std::uint32_t a = m_atlas.pixels[static_cast<std::ptrdiff_t>(ty) * m_atlas.width + tx];
        if (ca != 255) a = (a * ca + 127) / 255;
        if (a != 0) row[x] = a == 255 ? src : blend(src, row[x], a);
      }
    }
  }

  bool isWhite(const ImDrawVert& v) const noexcept { return sameUv(v.uv, m_white); }

 private:
  const PixelTarget& m_t;
  const AlphaAtlas& m_atlas;
  ImVec2 m_white;
  RasterStats& m_stats;
  Clip m_clip;
  const RgbaTexture* m_pic = nullptr;
};

// ImGui's rectangles and glyphs: vertices a (x0,y0), b (x1,y0), c (x1,y1), d (x0,y1), indexed
// a b c, a c d, one colour, UVs spanning a→c.
bool isAxisQuad(const ImDrawVert& a, const ImDrawVert& b, const ImDrawVert& c,
                const ImDrawVert& d) noexcept {
  return a.pos.y == b.pos.y && b.pos.x == c.pos.x && c.pos.y == d.pos.y && d.pos.x == a.pos.x &&
         a.col == b.col && a.col == c.col && a.col == d.col && b.uv.x == c.uv.x &&
         b.uv.y == a.uv.y && d.uv.x == a.uv.x && d.uv.y == c.uv.y;
}

}  // namespace

void SoftRasterizer::clear(const PixelTarget& t, std::uint32_t rgb) noexcept {
  const ImU32 col = IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, 255);
  const std::uint32_t px = pack(col, t);
  for (int y = 0; y < t.height; ++y) {
    fillSpan(t.pixels + static_cast<std::ptrdiff_t>(y) * t.pitch, t.width, px);
  }
}

RasterStats SoftRasterizer::render(const ImDrawData& data, const PixelTarget& t) const noexcept {
  RasterStats stats;
  if (!t.pixels || t.width <= 0 || t.height <= 0) return stats;
  Painter paint(t, m_atlas, m_white, stats);
  const ImVec2 off = data.DisplayPos;
  const ImVec2 scale = data.FramebufferScale;
  for (int n = 0; n < data.CmdListsCount; ++n) {
    const ImDrawList* list = data.CmdLists[n];
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) {
        // ImDrawCallback_ResetRenderState and friends: nothing to reset here.
        if (cmd.UserCallback != ImDrawCallback_ResetRenderState) cmd.UserCallback(list, &cmd);
        continue;
      }
      Clip clip;
      clip.x0 = std::max(0, static_cast<int>(std::floor((cmd.ClipRect.x - off.x) * scale.x)));
      clip.y0 = std::max(0, static_cast<int>(std::floor((cmd.ClipRect.y - off.y) * scale.y)));
      clip.x1 = std::min(t.width, static_cast<int>(std::ceil((cmd.ClipRect.z - off.x) * scale.x)));
      clip.y1 = std::min(t.height, static_cast<int>(std::ceil((cmd.ClipRect.w - off.y) * scale.y)));
      if (clip.x0 >= clip.x1 || clip.y0 >= clip.y1) continue;
      paint.setClip(clip);
      const void* tex = cmd.GetTexID();
      paint.setPicture(tex && tex != static_cast<const void*>(m_atlas.pixels)
                           ? static_cast<const RgbaTexture*>(tex)
                           : nullptr);

      const ImDrawVert* vtx = list->VtxBuffer.Data + cmd.VtxOffset;
      const ImDrawIdx* idx = list->IdxBuffer.Data + cmd.IdxOffset;
      const unsigned count = cmd.ElemCount - cmd.ElemCount % 3;
      auto at = [&](unsigned i) -> ImDrawVert {
        ImDrawVert v = vtx[idx[i]];
        v.pos.x = (v.pos.x - off.x) * scale.x;
        v.pos.y = (v.pos.y - off.y) * scale.y;
        return v;
      };
      unsigned i = 0;
      while (i < count) {
        if (i + 6 <= count && idx[i + 3] == idx[i] && idx[i + 4] == idx[i + 2]) {
          const ImDrawVert a = at(i), b = at(i + 1), c = at(i + 2), d = at(i + 5);
          if (isAxisQuad(a, b, c, d)) {
            if (paint.picture()) {
              paint.pictureQuad(a.pos.x, a.pos.y, c.pos.x, c.pos.y, a.uv, c.uv, a.col);
            } else if (paint.isWhite(a) && paint.isWhite(c)) {
              paint.fillRect(std::min(a.pos.x, c.pos.x), std::min(a.pos.y, c.pos.y),
                             std::max(a.pos.x, c.pos.x), std::max(a.pos.y, c.pos.y), a.col);
            } else {
              paint.glyph(a.pos.x, a.pos.y, c.pos.x, c.pos.y, a.uv, c.uv, a.col);
            }
            i += 6;
            continue;
          }
        }
        paint.triangle(at(i), at(i + 1), at(i + 2));
        i += 3;
      }
    }
  }
  return stats;
}

}  // namespace rc::kiosk::platform
