#pragma once
// What one frame put on screen, element by element: stable id, rectangle, font size, text and
// background colours. Scripts tap by id through it, `expect text` searches it, and
// `--dump-layout` writes it for the layout audit (target sizes, contrast). No ImGui here.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rc::kiosk::ui {

struct Element {
  std::string id;  // "home.supermarket", "market.add.RICE-5KG"; text-only elements may repeat
  float x = 0, y = 0, w = 0, h = 0;  // pixels
  float font_px = 0;                 // 0 for elements without text
  std::uint32_t text_rgb = 0;        // 0xRRGGBB
  std::uint32_t bg_rgb = 0;
  std::string text;
  bool tappable = false;
  bool enabled = true;
  bool inert = false;  // drawn under a dialog: dimmed and not tappable
};

struct Layout {
  std::string screen;  // "attract", "home", … and "error:KIND"
  std::string spoken;  // what the kiosk says on this screen (kiosk/app/speech.h)
  std::vector<Element> elements;

  const Element* find(std::string_view id) const {
    for (const auto& e : elements) {
      if (e.id == id && e.tappable) return &e;
    }
    for (const auto& e : elements) {
      if (e.id == id) return &e;
    }
    return nullptr;
  }
  bool containsText(std::string_view needle) const {
    for (const auto& e : elements) {
      if (e.text.find(needle) != std::string::npos) return true;
    }
    return false;
  }
};

// WCAG 2 contrast ratio of two sRGB colours (1..21).
double contrastRatio(std::uint32_t a_rgb, std::uint32_t b_rgb) noexcept;

}  // namespace rc::kiosk::ui
