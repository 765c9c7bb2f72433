#include "office/pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <stdexcept>

namespace rc::office::pdf {
namespace {

constexpr double kPointsPerMm = 72.0 / 25.4;
constexpr double pt(double mm) { return mm * kPointsPerMm; }
constexpr const char* kFontFamily = "Noto Sans CJK SC";

struct QrCode {
  QRcode* code = nullptr;
  explicit QrCode(std::string_view data) {
    const std::string copy(data);  // libqrencode wants a NUL-terminated string
    code = QRcode_encodeData(static_cast<int>(copy.size()),
                             reinterpret_cast<const unsigned char*>(copy.data()), 0, QR_ECLEVEL_M);
  }
  ~QrCode() {
    if (code) QRcode_free(code);
  }
  QrCode(const QrCode&) = delete;
  QrCode& operator=(const QrCode&) = delete;
};

}  // namespace

struct Document::Impl {
  std::string path;
  std::string temp_path;
  cairo_surface_t* surface = nullptr;
  cairo_t* cr = nullptr;
  bool finished = false;

  ~Impl() {
    if (cr) cairo_destroy(cr);
    if (surface) cairo_surface_destroy(surface);
    if (!finished && !temp_path.empty()) std::remove(temp_path.c_str());
  }
  void colour(Colour c) { cairo_set_source_rgb(cr, c.r, c.g, c.b); }
};

Document::Document(const std::string& path, double width_mm, double height_mm)
    : m_impl(std::make_unique<Impl>()) {
  m_impl->path = path;
  m_impl->temp_path = path + ".part";
  m_impl->surface = cairo_pdf_surface_create(m_impl->temp_path.c_str(), pt(width_mm), pt(height_mm));
  if (cairo_surface_status(m_impl->surface) != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot write " + path + ": " +
                             cairo_status_to_string(cairo_surface_status(m_impl->surface)));
  }
  cairo_pdf_surface_set_metadata(m_impl->surface, CAIRO_PDF_METADATA_CREATOR, "rc-office");
  m_impl->cr = cairo_create(m_impl->surface);
  // Millimetres from here on.
  cairo_scale(m_impl->cr, kPointsPerMm, kPointsPerMm);
}

Document::~Document() = default;

void Document::newPage() {
  cairo_show_page(m_impl->cr);
  ++m_pages;
}

double Document::text(double x_mm, double y_mm, double width_mm, std::string_view utf8,
                      const TextStyle& style) {
  cairo_t* cr = m_impl->cr;
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, kFontFamily);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  // The context is in millimetres: a size in points becomes that many mm/2.835.
  pango_font_description_set_absolute_size(font, style.size_pt / kPointsPerMm * PANGO_SCALE);
  pango_layout_set_font_description(layout, font);
  pango_layout_set_width(layout, static_cast<int>(width_mm * PANGO_SCALE));
  pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment(layout, style.align == Align::Centre  ? PANGO_ALIGN_CENTER
                                     : style.align == Align::Right ? PANGO_ALIGN_RIGHT
                                                                   : PANGO_ALIGN_LEFT);
  pango_layout_set_text(layout, utf8.data(), static_cast<int>(utf8.size()));
  m_impl->colour(style.colour);
  cairo_move_to(cr, x_mm, y_mm);
  pango_cairo_show_layout(cr, layout);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  pango_font_description_free(font);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

void Document::fillRect(double x_mm, double y_mm, double w_mm, double h_mm, Colour fill) {
  m_impl->colour(fill);
  cairo_rectangle(m_impl->cr, x_mm, y_mm, w_mm, h_mm);
  cairo_fill(m_impl->cr);
}

void Document::strokeRect(double x_mm, double y_mm, double w_mm, double h_mm, Colour stroke,
                          double line_mm, bool dashed) {
  cairo_t* cr = m_impl->cr;
  m_impl->colour(stroke);
  cairo_set_line_width(cr, line_mm);
  const double dash[] = {2.0, 1.5};
  cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
  cairo_rectangle(cr, x_mm, y_mm, w_mm, h_mm);
  cairo_stroke(cr);
  cairo_set_dash(cr, nullptr, 0, 0);
}

void Document::line(double x1_mm, double y1_mm, double x2_mm, double y2_mm, Colour stroke,
                    double line_mm) {
  cairo_t* cr = m_impl->cr;
  m_impl->colour(stroke);
  cairo_set_line_width(cr, line_mm);
  cairo_move_to(cr, x1_mm, y1_mm);
  cairo_line_to(cr, x2_mm, y2_mm);
  cairo_stroke(cr);
}

void Document::star(double cx_mm, double cy_mm, double r_mm, Colour colour, bool filled) {
  cairo_t* cr = m_impl->cr;
  const double inner = r_mm * 0.382;
  for (int i = 0; i < 10; ++i) {
    const double a = -M_PI / 2 + i * M_PI / 5;
    const double r = i % 2 == 0 ? r_mm : inner;
    const double x = cx_mm + r * std::cos(a), y = cy_mm + r * std::sin(a);
    if (i == 0) {
      cairo_move_to(cr, x, y);
    } else {
      cairo_line_to(cr, x, y);
    }
  }
  cairo_close_path(cr);
  m_impl->colour(colour);
  if (filled) {
    cairo_fill(cr);
  } else {
    cairo_set_line_width(cr, r_mm * 0.12);
    cairo_stroke(cr);
  }
}

int Document::qr(double x_mm, double y_mm, double side_mm, std::string_view data) {
  QrCode q(data);
  if (!q.code) throw std::runtime_error("the text does not fit a QR code");
  const int n = q.code->width;
  const int quiet = 4;  // modules of white around the code, as the standard asks
  const double module = side_mm / (n + 2 * quiet);
  fillRect(x_mm, y_mm, side_mm, side_mm, kWhite);
  m_impl->colour(kBlack);
  for (int row = 0; row < n; ++row) {
    for (int col = 0; col < n; ++col) {
      if (q.code->data[row * n + col] & 1) {
        cairo_rectangle(m_impl->cr, x_mm + (quiet + col) * module, y_mm + (quiet + row) * module,
                        module, module);
      }
    }
  }
  cairo_fill(m_impl->cr);
  return q.code->version;
}

void Document::finish() {
  if (m_impl->finished) return;
  cairo_destroy(m_impl->cr);
  m_impl->cr = nullptr;
  cairo_surface_finish(m_impl->surface);
  const cairo_status_t status = cairo_surface_status(m_impl->surface);
  cairo_surface_destroy(m_impl->surface);
  m_impl->surface = nullptr;
  if (status != CAIRO_STATUS_SUCCESS) {
    throw std::runtime_error("cannot write " + m_impl->path + ": " + cairo_status_to_string(status));
  }
  std::error_code ec;
  std::filesystem::rename(m_impl->temp_path, m_impl->path, ec);
  if (ec) throw std::runtime_error("cannot write " + m_impl->path + ": " + ec.message());
  m_impl->finished = true;
}

int qrVersionFor(std::string_view data) {
  QrCode q(data);
  return q.code ? q.code->version : 0;
}

}  // namespace rc::office::pdf
