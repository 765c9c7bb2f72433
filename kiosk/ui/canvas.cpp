#include "kiosk/ui/canvas.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "kiosk/ui/theme.h"

namespace rc::kiosk::ui {

ImU32 toImU32(std::uint32_t rgb, std::uint8_t alpha) noexcept {
  return IM_COL32((rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, alpha);
}

double contrastRatio(std::uint32_t a_rgb, std::uint32_t b_rgb) noexcept {
  auto luminance = [](std::uint32_t rgb) {
    auto channel = [](std::uint32_t v) {
      const double c = static_cast<double>(v & 0xFF) / 255.0;
      return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(rgb >> 16) + 0.7152 * channel(rgb >> 8) + 0.0722 * channel(rgb);
  };
  double la = luminance(a_rgb);
  double lb = luminance(b_rgb);
  if (la < lb) std::swap(la, lb);
  return (la + 0.05) / (lb + 0.05);
}

void Canvas::record(std::string_view id, Rect r, float font_px, std::uint32_t fg, std::uint32_t bg,
                    std::string_view text, bool tappable, bool enabled) {
  Element e;
  e.id = std::string(id);
  e.x = r.x * m_scale;
  e.y = r.y * m_scale;
  e.w = r.w * m_scale;
  e.h = r.h * m_scale;
  e.font_px = font_px;
  e.text_rgb = fg;
  e.bg_rgb = bg;
  e.text = std::string(text);
  e.tappable = tappable;
  e.enabled = enabled;
  e.inert = m_inert;
  m_layout.elements.push_back(std::move(e));
}

namespace {

constexpr float kQuarterTurn = 0.5f * std::numbers::pi_v<float>;

struct Corner {
  ImVec2 centre;
  float from;  // the arc's start angle; each corner turns a quarter from there
};

// The four corner centres of a rounded rectangle, clockwise from the top left.
std::array<Corner, 4> corners(float x0, float y0, float x1, float y1, float rad) {
  return {{{ImVec2(x0 + rad, y0 + rad), 2 * kQuarterTurn},
           {ImVec2(x1 - rad, y0 + rad), 3 * kQuarterTurn},
           {ImVec2(x1 - rad, y1 - rad), 0.f},
           {ImVec2(x0 + rad, y1 - rad), kQuarterTurn}}};
}

int cornerSegments(float rad) { return std::clamp(static_cast<int>(rad / 3.f), 4, 12); }

}  // namespace

// Rounded shapes are built from axis-aligned rectangles plus small corner fans. ImGui's own
// rounded rectangle is one fan of long thin triangles across the whole shape; SDL's software
// renderer tests every pixel of each triangle's bounding box, so a rounded panel cost as much as
// filling it a dozen times. Rectangles become plain fills; each corner fan only spans r × r.
void Canvas::fill(Rect r, std::uint32_t rgb, float rounding, std::uint8_t alpha) {
  const ImU32 col = toImU32(rgb, alpha);
  const float x0 = r.x * m_scale;
  const float y0 = r.y * m_scale;
  const float x1 = (r.x + r.w) * m_scale;
  const float y1 = (r.y + r.h) * m_scale;
  const float rad = std::min(rounding * m_scale, std::min(x1 - x0, y1 - y0) / 2);
  if (rad < 1.f) {
    m_dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, y1), col);
    return;
  }
  // The middle band, then the two side bands between the corners: no pixel drawn twice, so a
  // translucent fill stays even.
  m_dl->AddRectFilled(ImVec2(x0, y0 + rad), ImVec2(x1, y1 - rad), col);
  m_dl->AddRectFilled(ImVec2(x0 + rad, y0), ImVec2(x1 - rad, y0 + rad), col);
  m_dl->AddRectFilled(ImVec2(x0 + rad, y1 - rad), ImVec2(x1 - rad, y1), col);
  const int segments = cornerSegments(rad);
  for (const auto& k : corners(x0, y0, x1, y1, rad)) {
    m_dl->PathLineTo(k.centre);
    m_dl->PathArcTo(k.centre, rad, k.from, k.from + kQuarterTurn, segments);
    m_dl->PathFillConvex(col);
  }
}

void Canvas::frame(Rect r, std::uint32_t rgb, float thickness, float rounding) {
  const ImU32 col = toImU32(rgb);
  const float t = thickness * m_scale;
  const float x0 = r.x * m_scale;
  const float y0 = r.y * m_scale;
  const float x1 = (r.x + r.w) * m_scale;
  const float y1 = (r.y + r.h) * m_scale;
  const float rad = std::max(std::min(rounding * m_scale, std::min(x1 - x0, y1 - y0) / 2), t);
  // Four straight bands as rectangles, then each corner as a short arc stroke.
  m_dl->AddRectFilled(ImVec2(x0 + rad, y0), ImVec2(x1 - rad, y0 + t), col);
  m_dl->AddRectFilled(ImVec2(x0 + rad, y1 - t), ImVec2(x1 - rad, y1), col);
  m_dl->AddRectFilled(ImVec2(x0, y0 + rad), ImVec2(x0 + t, y1 - rad), col);
  m_dl->AddRectFilled(ImVec2(x1 - t, y0 + rad), ImVec2(x1, y1 - rad), col);
  const float mid = rad - t / 2;
  const int segments = cornerSegments(rad);
  for (const auto& k : corners(x0, y0, x1, y1, rad)) {
    m_dl->PathArcTo(k.centre, mid, k.from, k.from + kQuarterTurn, segments);
    m_dl->PathStroke(col, 0, t);
  }
}

float Canvas::textWidth(std::string_view text, platform::FontRole role) const {
  const ImFont* f = m_fonts.font(role);
  if (!f) return 0;
  return f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, text.data(), text.data() + text.size()).x /
         m_scale;
}

float Canvas::text(std::string_view id, std::string_view text, float x, float y,
                   platform::FontRole role, std::uint32_t fg, std::uint32_t bg, Align align,
                   float wrap) {
  const ImFont* f = m_fonts.font(role);
  if (!f || text.empty()) return 0;
  const float size = f->FontSize;
  const ImVec2 dim = f->CalcTextSizeA(size, FLT_MAX, wrap * m_scale, text.data(),
                                      text.data() + text.size());
  const float w = dim.x / m_scale;
  const float h = dim.y / m_scale;
  if (align == Align::Center) x -= w / 2;
  if (align == Align::Right) x -= w;
  m_dl->AddText(f, size, px(x, y), toImU32(fg), text.data(), text.data() + text.size(),
                wrap * m_scale);
  record(id.empty() ? "text" : id, {x, y, w, h}, size, fg, bg, text, false, true);
  return h;
}

void Canvas::textFit(std::string_view id, std::string_view t, float x, float y, float max_w,
                     platform::FontRole role, std::uint32_t fg, std::uint32_t bg, Align align) {
  if (textWidth(t, role) <= max_w) {
    text(id, t, x, y, role, fg, bg, align);
    return;
  }
  // Cut whole UTF-8 characters until it fits with the ellipsis.
  std::string s(t);
  while (!s.empty() && textWidth(s + "…", role) > max_w) {
    std::size_t cut = s.size() - 1;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.erase(cut);
  }
  text(id, s + "…", x, y, role, fg, bg, align);
}

bool Canvas::button(std::string_view id, std::string_view label, Rect r, ButtonStyle style,
                    bool enabled, platform::FontRole font) {
  bool clicked = false;
  bool held = false;
  if (enabled && !m_inert) {
    ImGui::SetCursorScreenPos(px(r.x, r.y));
    ImGui::PushID(id.data(), id.data() + id.size());
    clicked = ImGui::InvisibleButton("##b", ImVec2(r.w * m_scale, r.h * m_scale));
    held = ImGui::IsItemActive();
    ImGui::PopID();
  }
  std::uint32_t bg = theme::kCard;
  std::uint32_t fg = theme::kInk;
  switch (style) {
    case ButtonStyle::Primary:
      bg = held ? theme::kRedPressed : theme::kRed;
      fg = theme::kWhite;
      break;
    case ButtonStyle::Confirm:
      bg = held ? theme::kGreenPressed : theme::kGreen;
      fg = theme::kWhite;
      break;
    case ButtonStyle::Secondary:
      bg = held ? theme::kDisabledBg : theme::kCard;
      fg = theme::kInk;
      break;
    case ButtonStyle::Selected:
      bg = theme::kSelectedBg;
      fg = theme::kWhite;
      break;
  }
  if (!enabled) {
    bg = theme::kDisabledBg;
    fg = theme::kDisabledInk;
  }
  fill(r, bg, 14);
  if (style == ButtonStyle::Secondary && enabled) frame(r, theme::kInk, 3, 14);
  const ImFont* f = m_fonts.font(font);
  if (f && !label.empty()) {
    const ImVec2 dim = f->CalcTextSizeA(f->FontSize, FLT_MAX, 0, label.data(),
                                        label.data() + label.size());
    const float tx = r.x + (r.w - dim.x / m_scale) / 2;
    const float ty = r.y + (r.h - dim.y / m_scale) / 2;
    m_dl->AddText(f, f->FontSize, px(tx, ty), toImU32(fg), label.data(),
                  label.data() + label.size());
  }
  record(id, r, f ? f->FontSize : 0, fg, bg, label, !m_inert, enabled);
  return clicked;
}

void Canvas::star(float cx, float cy, float radius, std::uint32_t rgb) {
  // A fan of triangles from the centre: a star is concave, so one convex fill would be wrong.
  ImVec2 pts[10];
  const float inner = radius * 0.45f;
  for (int i = 0; i < 10; ++i) {
    const float a = -std::numbers::pi_v<float> / 2 + static_cast<float>(i) * std::numbers::pi_v<float> / 5;
    const float rr = (i % 2 == 0) ? radius : inner;
    pts[i] = px(cx + rr * std::cos(a), cy + rr * std::sin(a));
  }
  const ImVec2 c = px(cx, cy);
  const ImU32 col = toImU32(rgb);
  for (int i = 0; i < 10; ++i) m_dl->AddTriangleFilled(c, pts[i], pts[(i + 1) % 10], col);
}

void Canvas::tick(float cx, float cy, float size, std::uint32_t rgb) {
  const ImVec2 pts[3] = {px(cx - size * 0.5f, cy), px(cx - size * 0.12f, cy + size * 0.38f),
                         px(cx + size * 0.55f, cy - size * 0.4f)};
  m_dl->AddPolyline(pts, 3, toImU32(rgb), 0, size * 0.22f * m_scale);
}

void Canvas::circle(float cx, float cy, float radius, std::uint32_t rgb, float thickness) {
  const int segments = std::clamp(static_cast<int>(radius / 2.f), 12, 48);
  if (thickness <= 0) {
    m_dl->AddCircleFilled(px(cx, cy), radius * m_scale, toImU32(rgb), segments);
  } else {
    m_dl->AddCircle(px(cx, cy), radius * m_scale, toImU32(rgb), segments, thickness * m_scale);
  }
}

void Canvas::line(float x0, float y0, float x1, float y1, float thickness, std::uint32_t rgb) {
  m_dl->AddLine(px(x0, y0), px(x1, y1), toImU32(rgb), thickness * m_scale);
}

void Canvas::convex(const float* xy, int points, std::uint32_t rgb) {
  for (int i = 0; i < points; ++i) m_dl->PathLineTo(px(xy[2 * i], xy[2 * i + 1]));
  m_dl->PathFillConvex(toImU32(rgb));
}

float Canvas::starRow(float x, float y, float radius, int count, int max_shown,
                      std::uint32_t rgb) {
  const int shown = count < max_shown ? count : max_shown;
  const float step = radius * 2.2f;
  for (int i = 0; i < shown; ++i) star(x + radius + static_cast<float>(i) * step, y + radius, radius, rgb);
  return static_cast<float>(shown) * step;
}

bool Canvas::picture(std::string_view id, Rect r,
                     const std::shared_ptr<const db::RgbaPicture>& pic) {
  if (!pic || pic->width <= 0 || pic->height <= 0 || !m_textures) return false;
  const ImTextureID tex = m_textures(pic);
  if (!tex) return false;
  const float w = static_cast<float>(pic->width);
  const float h = static_cast<float>(pic->height);
  const float k = std::min(r.w / w, r.h / h);
  const Rect d{r.x + (r.w - w * k) / 2, r.y + (r.h - h * k) / 2, w * k, h * k};
  m_dl->AddImage(tex, px(d.x, d.y), px(d.x + d.w, d.y + d.h));
  record(id, d, 0, 0, 0, "", false, true);
  return true;
}

}  // namespace rc::kiosk::ui
