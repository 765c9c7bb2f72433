#pragma once
// Printable pages for the office: a PDF written with cairo, text laid out by pango in Noto Sans
// CJK, QR codes from libqrencode. Sizes are in millimetres from the page's top-left corner.
// The file appears only when finish() succeeds (it is written beside the target and renamed),
// so a failure leaves nothing half-written.
// Ownership: owns its cairo surface and context. Thread-safety: one thread per Document.

#include <memory>
#include <string>
#include <string_view>

namespace rc::office::pdf {

inline constexpr double kA4Width = 210, kA4Height = 297;
inline constexpr double kA3Width = 297, kA3Height = 420;

struct Colour {
  double r = 0, g = 0, b = 0;  // 0..1
};
inline constexpr Colour kBlack{0, 0, 0};
inline constexpr Colour kWhite{1, 1, 1};
inline constexpr Colour kRed{0.76, 0.07, 0.07};     // the party red of the boards
inline constexpr Colour kGrey{0.45, 0.45, 0.45};
inline constexpr Colour kGold{0.80, 0.60, 0.05};

enum class Align { Left, Centre, Right };

struct TextStyle {
  double size_pt = 12;
  bool bold = false;
  Colour colour = kBlack;
  Align align = Align::Left;
};

class Document {
 public:
  // Opens a PDF of pages width_mm × height_mm to be written at `path`. Throws
  // std::runtime_error when the file cannot be created.
  Document(const std::string& path, double width_mm, double height_mm);
  ~Document();
  Document(const Document&) = delete;
  Document& operator=(const Document&) = delete;

  // Ends the current page and starts the next.
  void newPage();
  // UTF-8 text wrapped to `width_mm`, its top-left at (x, y); returns the height it took (mm).
  double text(double x_mm, double y_mm, double width_mm, std::string_view utf8,
              const TextStyle& style);
  void fillRect(double x_mm, double y_mm, double w_mm, double h_mm, Colour fill);
  void strokeRect(double x_mm, double y_mm, double w_mm, double h_mm, Colour stroke,
                  double line_mm = 0.3, bool dashed = false);
  void line(double x1_mm, double y1_mm, double x2_mm, double y2_mm, Colour stroke,
            double line_mm = 0.3);
  // A five-pointed star centred at (cx, cy), `r_mm` from centre to tip; filled or outlined.
  void star(double cx_mm, double cy_mm, double r_mm, Colour colour, bool filled = true);
  // `data` as a QR code at error-correction level M (byte mode), a square of side_mm with its
  // top-left at (x, y), quiet zone included. Returns the QR version used; throws
  // std::runtime_error when the data does not fit a QR code.
  int qr(double x_mm, double y_mm, double side_mm, std::string_view data);

  int pages() const noexcept { return m_pages; }
  // Finishes the last page and moves the file into place. Throws std::runtime_error on a
  // write error (the partial file is removed).
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
  int m_pages = 1;
};

// The QR version libqrencode picks for `data` at level M, or 0 when it does not fit.
int qrVersionFor(std::string_view data);

}  // namespace rc::office::pdf
