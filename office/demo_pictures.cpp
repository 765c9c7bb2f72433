#include "office/demo_pictures.h"

#include <cairo.h>

#include <array>
#include <cmath>
#include <memory>
#include <numbers>

namespace rc::office {
namespace {

constexpr int kSide = 256;

struct Rgb {
  double r, g, b;
};
constexpr Rgb rgb(std::uint32_t hex) {
  return {static_cast<double>((hex >> 16) & 0xFF) / 255.0,
          static_cast<double>((hex >> 8) & 0xFF) / 255.0, static_cast<double>(hex & 0xFF) / 255.0};
}

constexpr Rgb kOutline = rgb(0x3F3A36);

void set(cairo_t* cr, Rgb c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }

void roundedRect(cairo_t* cr, double x, double y, double w, double h, double r) {
  const double pi = std::numbers::pi;
  cairo_new_sub_path(cr);
  cairo_arc(cr, x + w - r, y + r, r, -pi / 2, 0);
  cairo_arc(cr, x + w - r, y + h - r, r, 0, pi / 2);
  cairo_arc(cr, x + r, y + h - r, r, pi / 2, pi);
  cairo_arc(cr, x + r, y + r, r, pi, 3 * pi / 2);
  cairo_close_path(cr);
}

// Fills the current path with `fill` and strokes it with the outline.
void paintShape(cairo_t* cr, Rgb fill) {
  set(cr, fill);
  cairo_fill_preserve(cr);
  set(cr, kOutline);
  cairo_set_line_width(cr, 6);
  cairo_stroke(cr);
}

// A sack of grain: a round-shouldered bag tied at the top, with a coloured band.
void sack(cairo_t* cr, Rgb bag, Rgb band) {
  cairo_move_to(cr, 70, 70);
  cairo_curve_to(cr, 40, 120, 40, 200, 60, 226);
  cairo_line_to(cr, 196, 226);
  cairo_curve_to(cr, 216, 200, 216, 120, 186, 70);
  cairo_close_path(cr);
  paintShape(cr, bag);
  cairo_move_to(cr, 70, 70);
  cairo_line_to(cr, 100, 30);
  cairo_line_to(cr, 156, 30);
  cairo_line_to(cr, 186, 70);
  cairo_close_path(cr);
  paintShape(cr, bag);
  roundedRect(cr, 58, 124, 140, 56, 10);
  paintShape(cr, band);
  cairo_rectangle(cr, 98, 58, 60, 14);
  paintShape(cr, band);
}

// A bottle: cap, neck, body and a label; `liquid` shows through the body.
void bottle(cairo_t* cr, Rgb liquid, Rgb cap, Rgb label, double width) {
  const double x = 128 - width / 2;
  roundedRect(cr, 108, 18, 40, 30, 6);
  paintShape(cr, cap);
  cairo_rectangle(cr, 114, 46, 28, 30);
  paintShape(cr, liquid);
  roundedRect(cr, x, 74, width, 160, 26);
  paintShape(cr, liquid);
  cairo_rectangle(cr, x + 10, 128, width - 20, 56);
  paintShape(cr, label);
}

// A folded towel with two stripes.
void towel(cairo_t* cr) {
  roundedRect(cr, 36, 70, 184, 130, 16);
  paintShape(cr, rgb(0x38BDF8));
  set(cr, rgb(0xFFFFFF));
  cairo_rectangle(cr, 36, 160, 184, 12);
  cairo_fill(cr);
  cairo_rectangle(cr, 36, 180, 184, 8);
  cairo_fill(cr);
  cairo_move_to(cr, 36, 110);
  cairo_line_to(cr, 220, 110);
  set(cr, kOutline);
  cairo_set_line_width(cr, 4);
  cairo_stroke(cr);
}

// A bar of soap with bubbles.
void soap(cairo_t* cr, Rgb bar) {
  roundedRect(cr, 40, 110, 176, 100, 40);
  paintShape(cr, bar);
  const double pi = std::numbers::pi;
  for (const auto& [x, y, r] : {std::array{90.0, 70.0, 22.0}, std::array{140.0, 52.0, 16.0},
                                std::array{176.0, 80.0, 12.0}}) {
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * pi);
    paintShape(cr, rgb(0xE0F2FE));
  }
}

// Three eggs in a tray.
void eggs(cairo_t* cr) {
  const double pi = std::numbers::pi;
  for (const double x : {72.0, 128.0, 184.0}) {
    cairo_save(cr);
    cairo_translate(cr, x, 120);
    cairo_scale(cr, 1.0, 1.3);
    cairo_new_sub_path(cr);
    cairo_arc(cr, 0, 0, 30, 0, 2 * pi);
    cairo_restore(cr);
    paintShape(cr, rgb(0xF5DEB3));
  }
  roundedRect(cr, 30, 150, 196, 60, 12);
  paintShape(cr, rgb(0xA8A29E));
}

// A tube of toothpaste.
void tube(cairo_t* cr) {
  cairo_move_to(cr, 40, 90);
  cairo_line_to(cr, 190, 100);
  cairo_line_to(cr, 190, 156);
  cairo_line_to(cr, 40, 166);
  cairo_close_path(cr);
  paintShape(cr, rgb(0xFFFFFF));
  cairo_rectangle(cr, 70, 110, 80, 36);
  paintShape(cr, rgb(0x2563EB));
  roundedRect(cr, 188, 108, 34, 40, 6);
  paintShape(cr, rgb(0xDC2626));
}

// Rolls of toilet paper.
void rolls(cairo_t* cr) {
  const double pi = std::numbers::pi;
  for (const auto& [x, y] : {std::array{90.0, 170.0}, std::array{166.0, 170.0},
                             std::array{128.0, 96.0}}) {
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, 38, 0, 2 * pi);
    paintShape(cr, rgb(0xFAFAF9));
    cairo_new_sub_path(cr);
    cairo_arc(cr, x, y, 12, 0, 2 * pi);
    paintShape(cr, rgb(0xD6D3D1));
  }
}

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  auto* out = static_cast<std::vector<std::uint8_t>*>(closure);
  out->insert(out->end(), data, data + length);
  return CAIRO_STATUS_SUCCESS;
}

}  // namespace

std::vector<std::uint8_t> demoPicture(std::string_view sku) {
  using Draw = void (*)(cairo_t*);
  Draw draw = nullptr;
  if (sku == "RICE-5KG") draw = [](cairo_t* cr) { sack(cr, rgb(0xF5F5DC), rgb(0xDC2626)); };
  if (sku == "RICE-10KG") draw = [](cairo_t* cr) { sack(cr, rgb(0xFEF3C7), rgb(0x15803D)); };
  if (sku == "FLOUR-5KG") draw = [](cairo_t* cr) { sack(cr, rgb(0xFFFFFF), rgb(0x2563EB)); };
  if (sku == "MILLET-2KG") draw = [](cairo_t* cr) { sack(cr, rgb(0xFDE68A), rgb(0xB45309)); };
  if (sku == "PEANUT-OIL-1800ML") {
    draw = [](cairo_t* cr) { bottle(cr, rgb(0xFACC15), rgb(0xDC2626), rgb(0xFFFFFF), 110); };
  }
  if (sku == "SOY-OIL-5L") {
    draw = [](cairo_t* cr) { bottle(cr, rgb(0xFDE047), rgb(0x15803D), rgb(0xFFFFFF), 150); };
  }
  if (sku == "SOY-SAUCE-500ML") {
    draw = [](cairo_t* cr) { bottle(cr, rgb(0x431407), rgb(0xDC2626), rgb(0xFDE68A), 90); };
  }
  if (sku == "VINEGAR-500ML") {
    draw = [](cairo_t* cr) { bottle(cr, rgb(0x78350F), rgb(0x1E3A8A), rgb(0xFFFFFF), 90); };
  }
  if (sku == "EGGS-30") draw = eggs;
  if (sku == "TOWEL") draw = towel;
  if (sku == "SOAP") draw = [](cairo_t* cr) { soap(cr, rgb(0xF9A8D4)); };
  if (sku == "LAUNDRY-SOAP") draw = [](cairo_t* cr) { soap(cr, rgb(0xFDE68A)); };
  if (sku == "TOOTHPASTE") draw = tube;
  if (sku == "TOILET-PAPER-10") draw = rolls;
  if (!draw) return {};

  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface(
      cairo_image_surface_create(CAIRO_FORMAT_ARGB32, kSide, kSide), &cairo_surface_destroy);
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr(cairo_create(surface.get()),
                                                        &cairo_destroy);
  cairo_set_line_join(cr.get(), CAIRO_LINE_JOIN_ROUND);
  draw(cr.get());
  cairo_surface_flush(surface.get());
  std::vector<std::uint8_t> png;
  if (cairo_surface_write_to_png_stream(surface.get(), &append, &png) != CAIRO_STATUS_SUCCESS) {
    return {};
  }
  return png;
}

}  // namespace rc::office
