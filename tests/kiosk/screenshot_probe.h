#pragma once
// Screenshots checked against what the screen declared: a PNG the kiosk wrote is decoded with
// stb_image (Debian's libstb, linked by the test) and probed at the rectangles of the layout
// the kiosk dumped for the same screen (--dump-layout). Each button's face shows its declared
// background colour at four points inside its rounded corners, and its label's colour inside
// it; each text shows its colour and its declared background inside its rectangle.

#include <gtest/gtest.h>
#include <stb/stb_image.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rc::kiosk::test {

struct Screenshot {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgb;  // rows of RGB triplets, no padding

  std::uint32_t at(int x, int y) const {
    const auto* p = &rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(width) +
                          static_cast<std::size_t>(x)) *
                         3];
    return std::uint32_t{p[0]} << 16 | std::uint32_t{p[1]} << 8 | p[2];
  }
};

// nullopt when the file is missing or not an image.
inline std::optional<Screenshot> loadScreenshot(const std::string& path) {
  int w = 0;
  int h = 0;
  int channels = 0;
  std::unique_ptr<stbi_uc, void (*)(void*)> pixels(stbi_load(path.c_str(), &w, &h, &channels, 3),
                                                   &stbi_image_free);
  if (!pixels) return std::nullopt;
  Screenshot s;
  s.width = w;
  s.height = h;
  s.rgb.assign(pixels.get(), pixels.get() + static_cast<std::size_t>(w) * h * 3);
  return s;
}

// The layout of `screen` in a --dump-layout file, or nullptr.
inline const nlohmann::json* screenLayout(const nlohmann::json& dump, std::string_view screen) {
  for (const auto& s : dump) {
    if (s["screen"].get<std::string>() == screen) return &s;
  }
  return nullptr;
}

inline std::uint32_t colourOf(const nlohmann::json& hex) {
  return static_cast<std::uint32_t>(std::stoul(hex.get<std::string>().substr(1), nullptr, 16));
}

inline std::string hexOf(std::uint32_t rgb) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "#%06X", rgb & 0xFFFFFFu);
  return buf;
}

// Per channel, within `tolerance` (a GPU may round a flat colour by one step).
inline bool near(std::uint32_t a, std::uint32_t b, int tolerance) {
  for (int shift = 0; shift <= 16; shift += 8) {
    const int ca = static_cast<int>((a >> shift) & 0xFF);
    const int cb = static_cast<int>((b >> shift) & 0xFF);
    if (std::abs(ca - cb) > tolerance) return false;
  }
  return true;
}

struct ProbeReport {
  int buttons = 0;  // buttons whose face was probed
  int texts = 0;    // texts (and labels) whose colours were found
  std::vector<std::string> problems;
};

// Probes every element of one screen's layout that is drawn in the open (not inert under a
// dialog). Coordinates in the layout are window pixels, like the screenshot's.
inline ProbeReport probeScreen(const Screenshot& shot, const nlohmann::json& layout,
                               int tolerance = 2) {
  ProbeReport report;
  const double scale = layout["width"].get<double>() / 1920.0;
  const std::string screen = layout["screen"].get<std::string>();
  auto problem = [&](const nlohmann::json& e, const std::string& what) {
    report.problems.push_back(screen + " " + e["id"].get<std::string>() + ": " + what);
  };
  // How many pixels of the rectangle are (nearly) `rgb`; the rectangle is clipped to the image.
  auto count = [&](int x0, int y0, int x1, int y1, std::uint32_t rgb) {
    int n = 0;
    for (int y = std::max(y0, 0); y < std::min(y1, shot.height); ++y) {
      for (int x = std::max(x0, 0); x < std::min(x1, shot.width); ++x) {
        if (near(shot.at(x, y), rgb, tolerance)) ++n;
      }
    }
    return n;
  };
  for (const auto& e : layout["elements"]) {
    if (e["inert"].get<bool>()) continue;
    const auto& r = e["rect"];
    const int x0 = static_cast<int>(std::ceil(r[0].get<double>()));
    const int y0 = static_cast<int>(std::ceil(r[1].get<double>()));
    const int x1 = static_cast<int>(std::floor(r[0].get<double>() + r[2].get<double>()));
    const int y1 = static_cast<int>(std::floor(r[1].get<double>() + r[3].get<double>()));
    if (x0 < 0 || y0 < 0 || x1 > shot.width || y1 > shot.height || x1 <= x0 || y1 <= y0) {
      problem(e, "rectangle outside the " + std::to_string(shot.width) + "x" +
                     std::to_string(shot.height) + " screenshot");
      continue;
    }
    const std::uint32_t bg = colourOf(e["bg_color"]);
    const std::uint32_t fg = colourOf(e["text_color"]);
    const bool has_text = !e["text"].get<std::string>().empty() && e["font_px"].get<double>() > 0;
    if (e["tappable"].get<bool>()) {
      // A button's face: inside its 14-unit rounded corners and 3-unit border.
      const int inset = static_cast<int>(std::ceil(20 * scale));
      if (x1 - x0 <= 2 * inset || y1 - y0 <= 2 * inset) continue;
      ++report.buttons;
      for (const auto& [px, py] : {std::pair{x0 + inset, y0 + inset},
                                   {x1 - 1 - inset, y0 + inset},
                                   {x0 + inset, y1 - 1 - inset},
                                   {x1 - 1 - inset, y1 - 1 - inset}}) {
        if (!near(shot.at(px, py), bg, tolerance)) {
          problem(e, "face at (" + std::to_string(px) + "," + std::to_string(py) + ") is " +
                         hexOf(shot.at(px, py)) + ", declared " + hexOf(bg));
        }
      }
      if (has_text) {
        if (count(x0, y0, x1, y1, fg) == 0) {
          problem(e, "no pixel of the label's colour " + hexOf(fg));
        } else {
          ++report.texts;
        }
      }
      continue;
    }
    if (!has_text) continue;
    const int ink = count(x0, y0, x1, y1, fg);
    const int paper = count(x0, y0, x1, y1, bg);
    if (ink == 0) problem(e, "no pixel of the text's colour " + hexOf(fg));
    if (paper == 0) problem(e, "no pixel of the declared background " + hexOf(bg));
    if (ink > 0 && paper > 0) ++report.texts;
  }
  return report;
}

// Each screenshot in `shots_dir` (NAME.png) against the layout its screen had last in
// `layout_file`; the scripts leave a screen right after its screenshot, so that is the frame
// the screenshot holds. Returns how many buttons and texts were probed.
inline ProbeReport expectScreenshotsShowTheirLayout(
    const std::string& shots_dir, const std::string& layout_file,
    const std::vector<std::pair<std::string, std::string>>& shot_and_screen, int tolerance = 2) {
  ProbeReport total;
  std::ifstream in(layout_file);
  const auto dump = nlohmann::json::parse(in, nullptr, false);
  EXPECT_FALSE(dump.is_discarded()) << layout_file;
  if (dump.is_discarded()) return total;
  for (const auto& [shot, screen] : shot_and_screen) {
    const auto image = loadScreenshot(shots_dir + "/" + shot + ".png");
    const nlohmann::json* layout = screenLayout(dump, screen);
    EXPECT_TRUE(image.has_value()) << shot << ".png is not a PNG";
    EXPECT_NE(layout, nullptr) << "no layout for " << screen;
    if (!image || !layout) continue;
    EXPECT_EQ(image->width, (*layout)["width"].get<int>()) << shot;
    EXPECT_EQ(image->height, (*layout)["height"].get<int>()) << shot;
    const auto r = probeScreen(*image, *layout, tolerance);
    EXPECT_GT(r.buttons + r.texts, 0) << shot << ": nothing to probe";
    for (const auto& p : r.problems) ADD_FAILURE() << shot << ".png: " << p;
    total.buttons += r.buttons;
    total.texts += r.texts;
  }
  return total;
}

}  // namespace rc::kiosk::test
