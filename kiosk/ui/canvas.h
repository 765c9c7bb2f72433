#pragma once
// Drawing for the screens in reference units (1920×1080), scaled to the window, recording
// every element into the frame's Layout. Buttons are ImGui items (so taps go through ImGui's
// press/release logic) drawn by hand: big, flat, with a pressed shade and no hover state.
// Not thread-safe: UI thread, inside one ImGui frame.

#include <imgui.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "db/product_pictures.h"

#include "kiosk/platform/fonts.h"
#include "kiosk/ui/layout.h"

namespace rc::kiosk::ui {

struct Rect {
  float x = 0, y = 0, w = 0, h = 0;
};

enum class Align { Left, Center, Right };
enum class ButtonStyle { Primary, Confirm, Secondary, Selected };

class Canvas {
 public:
  Canvas(ImDrawList* dl, const platform::FontSet& fonts, float scale, Layout& layout)
      : m_dl(dl), m_fonts(fonts), m_scale(scale), m_layout(layout) {}

  void fill(Rect r, std::uint32_t rgb, float rounding = 0, std::uint8_t alpha = 255);
  void frame(Rect r, std::uint32_t rgb, float thickness, float rounding = 0);
  // Text at (x, y) top-left (or top-centre/right by `align`), wrapped at `wrap` when > 0.
  // Returns the text's height in reference units.
  float text(std::string_view id, std::string_view text, float x, float y, platform::FontRole font,
             std::uint32_t fg, std::uint32_t bg, Align align = Align::Left, float wrap = 0);
  // Text cut with "…" to fit `max_w`.
  void textFit(std::string_view id, std::string_view text, float x, float y, float max_w,
               platform::FontRole font, std::uint32_t fg, std::uint32_t bg,
               Align align = Align::Left);
  float textWidth(std::string_view text, platform::FontRole font) const;
  // A tappable button; true on the frame it is tapped (released inside).
  bool button(std::string_view id, std::string_view label, Rect r, ButtonStyle style,
              bool enabled = true, platform::FontRole font = platform::FontRole::Heading);
  // A five-pointed star of outer radius `radius` centred at (cx, cy).
  void star(float cx, float cy, float radius, std::uint32_t rgb);
  // A tick mark centred at (cx, cy), `size` wide.
  void tick(float cx, float cy, float size, std::uint32_t rgb);
  // A disc (thickness 0) or a ring of radius `radius` centred at (cx, cy).
  void circle(float cx, float cy, float radius, std::uint32_t rgb, float thickness = 0);
  // A straight stroke from (x0, y0) to (x1, y1).
  void line(float x0, float y0, float x1, float y1, float thickness, std::uint32_t rgb);
  // A filled convex polygon (points in reference units, clockwise).
  void convex(const float* xy, int points, std::uint32_t rgb);
  // Up to `max_shown` stars in a row from (x, y); returns the width used.
  float starRow(float x, float y, float radius, int count, int max_shown, std::uint32_t rgb);

  // What makes a picture's texture for the renderer (Platform::pictureTexture); without one,
  // picture() draws nothing.
  using TextureFor = std::function<ImTextureID(const std::shared_ptr<const db::RgbaPicture>&)>;
  void setTextures(TextureFor textures) { m_textures = std::move(textures); }
  // The picture fitted inside `r` (its proportions kept, centred), recorded as `id` with the
  // rectangle it covers. False, with nothing drawn, when there is no picture or no texture.
  bool picture(std::string_view id, Rect r, const std::shared_ptr<const db::RgbaPicture>& pic);

  float scale() const noexcept { return m_scale; }
  // Inert: buttons draw and are recorded, but cannot be tapped (under a dialog).
  void setInert(bool inert) noexcept { m_inert = inert; }

 private:
  ImVec2 px(float x, float y) const { return ImVec2(x * m_scale, y * m_scale); }
  void record(std::string_view id, Rect r, float font_px, std::uint32_t fg, std::uint32_t bg,
              std::string_view text, bool tappable, bool enabled);

  ImDrawList* m_dl;
  const platform::FontSet& m_fonts;
  float m_scale;
  Layout& m_layout;
  bool m_inert = false;
  TextureFor m_textures;
};

ImU32 toImU32(std::uint32_t rgb, std::uint8_t alpha = 255) noexcept;

}  // namespace rc::kiosk::ui
