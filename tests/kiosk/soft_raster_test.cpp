// The kiosk's own rasterizer against ImGui's real draw lists (a real context, the default
// font's real atlas): exact rectangle coverage, blending, shared fan edges drawn once, glyphs
// sampled texel for texel, clipping, and both channel orders a window surface may have.
#include "kiosk/platform/soft_raster.h"

#include <gtest/gtest.h>
#include <imgui.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace rc::kiosk::platform {
namespace {

constexpr int kW = 160;
constexpr int kH = 120;

class SoftRasterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(kW, kH);
    io.DeltaTime = 1.f / 60.f;
    io.Fonts->AddFontDefault();
    unsigned char* alpha = nullptr;
    io.Fonts->GetTexDataAsAlpha8(&alpha, &m_atlas.width, &m_atlas.height);
    m_atlas.pixels = alpha;
    io.Fonts->SetTexID(static_cast<ImTextureID>(alpha));
    ImGui::GetStyle().AntiAliasedFill = false;
    ImGui::GetStyle().AntiAliasedLines = false;
    ImGui::NewFrame();
    m_pixels.assign(static_cast<std::size_t>(kW * kH), 0);
  }
  void TearDown() override { ImGui::DestroyContext(m_ctx); }

  ImDrawList& dl() { return *ImGui::GetForegroundDrawList(); }

  // Ends the frame and rasterizes it onto black, in ARGB lane order unless told otherwise.
  RasterStats draw(int r_shift = 16, int g_shift = 8, int b_shift = 0) {
    ImGui::Render();
    PixelTarget t;
    t.pixels = m_pixels.data();
    t.width = kW;
    t.height = kH;
    t.pitch = kW;
    t.r_shift = r_shift;
    t.g_shift = g_shift;
    t.b_shift = b_shift;
    SoftRasterizer::clear(t, 0x000000);
    SoftRasterizer raster(m_atlas, ImGui::GetIO().Fonts->TexUvWhitePixel);
    return raster.render(*ImGui::GetDrawData(), t);
  }

  std::uint32_t at(int x, int y) const { return m_pixels[static_cast<std::size_t>(y * kW + x)]; }
  static int red(std::uint32_t p) { return static_cast<int>((p >> 16) & 0xFF); }

  ImGuiContext* m_ctx = nullptr;
  AlphaAtlas m_atlas;
  std::vector<std::uint32_t> m_pixels;
};

TEST_F(SoftRasterTest, OpaqueRectangleCoversExactlyItsPixels) {
  dl().AddRectFilled(ImVec2(10, 5), ImVec2(20, 15), IM_COL32(200, 100, 50, 255));
  const auto stats = draw();
  EXPECT_EQ(stats.rect_fills, 1);
  EXPECT_EQ(stats.triangles, 0);
  int inside = 0;
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      const bool in = x >= 10 && x < 20 && y >= 5 && y < 15;
      ASSERT_EQ(at(x, y), in ? 0xFFC86432u : 0xFF000000u) << x << "," << y;
      inside += in;
    }
  }
  EXPECT_EQ(inside, 100);
}

TEST_F(SoftRasterTest, ChannelOrderFollowsTheTarget) {
  dl().AddRectFilled(ImVec2(0, 0), ImVec2(4, 4), IM_COL32(0x11, 0x22, 0x33, 255));
  draw(0, 8, 16);  // ABGR8888: red in the low byte
  EXPECT_EQ(at(1, 1), 0xFF332211u);
}

TEST_F(SoftRasterTest, TranslucentFillBlendsOverWhatIsThere) {
  dl().AddRectFilled(ImVec2(0, 0), ImVec2(40, 40), IM_COL32(255, 255, 255, 255));
  dl().AddRectFilled(ImVec2(20, 0), ImVec2(60, 40), IM_COL32(0, 0, 0, 128));
  draw();
  EXPECT_EQ(red(at(10, 10)), 255);                  // white alone
  EXPECT_NEAR(red(at(30, 10)), 127, 1);             // half black over white
  EXPECT_NEAR(red(at(50, 10)), 0, 0);               // half black over black
  EXPECT_EQ(at(50, 10) >> 24, 0xFFu);               // the spare lane stays opaque
}

TEST_F(SoftRasterTest, FanTrianglesShareEdgesWithoutGapsOrOverlap) {
  // A translucent disc: a fan of 48 triangles. A gap would leave black, an overlap would blend
  // twice; either breaks the uniform inside.
  const ImVec2 c(80, 60);
  const float r = 40;
  dl().AddCircleFilled(c, r, IM_COL32(255, 0, 0, 128), 48);
  const auto stats = draw();
  EXPECT_GE(stats.triangles, 40);
  int covered = 0;
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      const float dx = static_cast<float>(x) + 0.5f - c.x;
      const float dy = static_cast<float>(y) + 0.5f - c.y;
      const float d = std::sqrt(dx * dx + dy * dy);
      const int v = red(at(x, y));
      if (d < r - 1.5f) {
        ASSERT_EQ(v, 128) << "inside at " << x << "," << y;
      } else if (d > r + 0.5f) {
        ASSERT_EQ(v, 0) << "outside at " << x << "," << y;
      }
      covered += v != 0;
    }
  }
  const double area = 3.14159265 * r * r;
  EXPECT_NEAR(covered, area, area * 0.02);
}

TEST_F(SoftRasterTest, GlyphsAreSampledTexelForTexel) {
  ImFont* font = ImGui::GetIO().Fonts->Fonts[0];
  const ImFontGlyph* g = font->FindGlyph('W');
  ASSERT_NE(g, nullptr);
  const ImVec2 pos(30, 40);
  dl().AddText(font, font->FontSize, pos, IM_COL32(255, 255, 255, 255), "W");
  const auto stats = draw();
  EXPECT_EQ(stats.glyph_quads, 1);
  const int x0 = static_cast<int>(pos.x + g->X0);
  const int y0 = static_cast<int>(pos.y + g->Y0);
  const int u0 = static_cast<int>(std::lround(g->U0 * static_cast<float>(m_atlas.width)));
  const int v0 = static_cast<int>(std::lround(g->V0 * static_cast<float>(m_atlas.height)));
  const int w = static_cast<int>(g->X1 - g->X0);
  const int h = static_cast<int>(g->Y1 - g->Y0);
  int lit = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const int texel = m_atlas.pixels[(v0 + y) * m_atlas.width + u0 + x];
      ASSERT_NEAR(red(at(x0 + x, y0 + y)), texel, 1) << x << "," << y;
      lit += texel > 0;
    }
  }
  EXPECT_GT(lit, 10);
}

TEST_F(SoftRasterTest, ClipRectangleBoundsEveryKindOfShape) {
  dl().PushClipRect(ImVec2(20, 20), ImVec2(60, 50));
  dl().AddRectFilled(ImVec2(0, 0), ImVec2(kW, kH), IM_COL32(0, 255, 0, 255));
  dl().AddTriangleFilled(ImVec2(0, 0), ImVec2(150, 10), ImVec2(10, 110), IM_COL32(255, 0, 0, 255));
  dl().PopClipRect();
  draw();
  for (int y = 0; y < kH; ++y) {
    for (int x = 0; x < kW; ++x) {
      const bool in = x >= 20 && x < 60 && y >= 20 && y < 50;
      if (!in) {
        ASSERT_EQ(at(x, y), 0xFF000000u) << x << "," << y;
      }
    }
  }
  EXPECT_NE(at(21, 21), 0xFF000000u);
}

// A picture (RgbaTexture) drawn as ImGui draws an image: an axis quad sampled texel for texel
// (nearest), its alpha blended over what is there; and with rounded corners (a fan of textured
// triangles) the same texels inside and the ground outside the corners.
TEST_F(SoftRasterTest, PicturesAreSampledTexelForTexelAsQuadsAndTriangles) {
  // 4×2 texels: red, green, blue, half-transparent white; then yellow, cyan, magenta, clear.
  const std::vector<std::uint8_t> rgba = {255, 0,   0,   255, 0,   255, 0,   255,
                                          0,   0,   255, 255, 255, 255, 255, 128,
                                          255, 255, 0,   255, 0,   255, 255, 255,
                                          255, 0,   255, 255, 0,   0,   0,   0};
  RgbaTexture pic{rgba.data(), 4, 2};
  // Each texel 10×10 pixels at (20, 10).
  dl().AddImage(static_cast<ImTextureID>(&pic), ImVec2(20, 10), ImVec2(60, 30));
  dl().AddImageRounded(static_cast<ImTextureID>(&pic), ImVec2(80, 40), ImVec2(160, 120),
                       ImVec2(0, 0), ImVec2(1, 1), IM_COL32_WHITE, 30.f);
  const auto stats = draw();
  EXPECT_GT(stats.picture_pixels, 800);
  EXPECT_EQ(at(25, 15), 0xFFFF0000u);
  EXPECT_EQ(at(35, 15), 0xFF00FF00u);
  EXPECT_EQ(at(45, 15), 0xFF0000FFu);
  EXPECT_EQ(red(at(55, 15)), 128);  // half white over black
  EXPECT_EQ(at(25, 25), 0xFFFFFF00u);
  EXPECT_EQ(at(35, 25), 0xFF00FFFFu);
  EXPECT_EQ(at(45, 25), 0xFFFF00FFu);
  EXPECT_EQ(at(55, 25), 0xFF000000u);  // clear: the ground shows
  EXPECT_EQ(at(19, 15), 0xFF000000u);  // nothing outside the quad
  EXPECT_EQ(at(60, 15), 0xFF000000u);
  // Rounded: texels 20×40 pixels from (80, 40); the corners' cut-off shows the ground.
  EXPECT_EQ(at(110, 60), 0xFF00FF00u);
  EXPECT_EQ(at(130, 100), 0xFFFF00FFu);
  EXPECT_EQ(at(90, 100), 0xFFFFFF00u);
  EXPECT_EQ(at(81, 41), 0xFF000000u);
  EXPECT_EQ(at(158, 118), 0xFF000000u);
}

}  // namespace
}  // namespace rc::kiosk::platform
