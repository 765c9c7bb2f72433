#pragma once
// The kiosk's fonts: Noto Sans CJK SC (face 2 of NotoSansCJK-Regular.ttc) baked at a few pixel
// sizes, with glyph ranges built from the text the kiosk can show (UI strings, every villager
// and product name) instead of the whole CJK block (a 4096² atlas, ~180 MB). New text that
// needs glyphs marks the set dirty; the owner rebuilds between frames. A missing glyph draws
// as a visible box, never as nothing.
// Ownership: maps the font file for its lifetime; the ImFontAtlas borrows the mapping.
// Not thread-safe: UI thread only.

#include <imgui.h>

#include <array>
#include <cstddef>
#include <set>
#include <string>
#include <string_view>

namespace rc::kiosk::platform {

inline constexpr const char* kDefaultFontPath = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
inline constexpr int kSimplifiedChineseFace = 2;
// What draws in place of a character the atlas lacks: U+25A1 WHITE SQUARE.
inline constexpr ImWchar kFallbackChar = 0x25A1;

// Body and heading sizes carry every glyph; title and huge carry the short display strings,
// digits and ASCII only (they cost the most atlas area per glyph).
enum class FontRole { Body, Heading, Title, Huge };
inline constexpr std::size_t kFontRoles = 4;

// Reference pixel sizes at 1920×1080; scaled with the window.
inline constexpr std::array<float, kFontRoles> kFontPx = {36.f, 56.f, 72.f, 120.f};

// A read-only mapping of a file (RAII over mmap/munmap). Throws at start-up when unreadable.
class MappedFile {
 public:
  explicit MappedFile(const std::string& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  const void* data() const noexcept { return m_data; }
  std::size_t size() const noexcept { return m_size; }

 private:
  void* m_data = nullptr;
  std::size_t m_size = 0;
};

class FontSet {
 public:
  // Throws std::runtime_error when the font file cannot be read.
  FontSet(const std::string& path, float scale);

  // Adds the characters of UTF-8 `text` to every size (display = false) or to the display sizes
  // too (display = true). Returns true when a character was new.
  bool addText(std::string_view text, bool display = false);
  bool dirty() const noexcept { return m_dirty; }
  std::size_t glyphCount() const noexcept { return m_all.size(); }

  // Clears `atlas` and bakes the fonts into it (alpha only; the renderer uploads it). Returns
  // false when the font face cannot be parsed.
  bool build(ImFontAtlas& atlas);
  ImFont* font(FontRole role) const noexcept { return m_fonts[static_cast<std::size_t>(role)]; }
  float px(FontRole role) const noexcept { return font(role) ? font(role)->FontSize : 0.f; }

 private:
  MappedFile m_file;
  float m_scale = 1.f;
  std::set<ImWchar> m_all;
  std::set<ImWchar> m_display;
  bool m_dirty = true;
  // The atlas keeps pointers into these until the next build.
  ImVector<ImWchar> m_all_ranges;
  ImVector<ImWchar> m_display_ranges;
  std::array<ImFont*, kFontRoles> m_fonts{};
};

// The code points of UTF-8 text (invalid bytes skipped). Shared with tests.
std::u32string decodeUtf8(std::string_view text);

}  // namespace rc::kiosk::platform
