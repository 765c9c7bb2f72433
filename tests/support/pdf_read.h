#pragma once
// Reading back the PDFs the office writes, with poppler's tools (poppler-utils): the output of
// a shell command, a PDF's text (pdftotext), its page count (pdfinfo), and a page rendered to
// pixels (pdftoppm, binary PPM).

#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

namespace rc::test {

// What `command` (run by the shell) writes on standard output; "" when it cannot start.
inline std::string commandOutput(const std::string& command) {
  std::string out;
  FILE* p = ::popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  ::pclose(p);
  return out;
}

inline std::string pdfText(const std::string& pdf) {
  return commandOutput("pdftotext '" + pdf + "' -");
}

inline std::string pdfInfo(const std::string& pdf) { return commandOutput("pdfinfo '" + pdf + "'"); }

// The "Pages:" of pdfinfo; 0 when it cannot be read.
inline std::size_t pdfPages(const std::string& pdf) {
  const auto info = pdfInfo(pdf);
  const auto at = info.find("Pages:");
  return at == std::string::npos ? 0 : std::stoul(info.substr(at + 6));
}

// A binary PPM (P6) as pdftoppm writes it.
struct Image {
  int width = 0, height = 0;
  std::string pixels;  // RGB, row by row
  // {r, g, b} at (x, y); {-1, -1, -1} outside the image.
  std::array<int, 3> at(int x, int y) const {
    if (x < 0 || y < 0 || x >= width || y >= height) return {-1, -1, -1};
    const auto i = (static_cast<std::size_t>(y) * width + x) * 3;
    if (i + 2 >= pixels.size()) return {-1, -1, -1};
    return {static_cast<unsigned char>(pixels[i]), static_cast<unsigned char>(pixels[i + 1]),
            static_cast<unsigned char>(pixels[i + 2])};
  }
};

inline Image readPpm(const std::filesystem::path& path) {
  Image img;
  FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return img;
  int maxval = 0;
  char magic[3] = {};
  const bool header = std::fscanf(f, "%2s %d %d %d", magic, &img.width, &img.height, &maxval) == 4 &&
                      std::string(magic) == "P6" && std::fgetc(f) != EOF;
  if (header) {
    char buf[1 << 16];
    std::size_t n = 0;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) img.pixels.append(buf, n);
  }
  std::fclose(f);
  if (!header) return {};
  return img;
}

// Page `page` (1-based) of `pdf` at `dpi`, rendered beside it; an empty image on failure.
inline Image renderPdfPage(const std::string& pdf, int page, int dpi) {
  const std::string prefix = pdf + ".page";
  commandOutput("pdftoppm -r " + std::to_string(dpi) + " -f " + std::to_string(page) + " -l " +
                std::to_string(page) + " -singlefile '" + pdf + "' '" + prefix + "'");
  const std::filesystem::path ppm = prefix + ".ppm";
  Image img = readPpm(ppm);
  std::error_code ec;
  std::filesystem::remove(ppm, ec);
  return img;
}

}  // namespace rc::test
