#include "kiosk/platform/fonts.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

namespace rc::kiosk::platform {

MappedFile::MappedFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open the font " + path + " (package fonts-noto-cjk)");
  struct stat st {};
  if (::fstat(fd, &st) != 0 || st.st_size <= 0) {
    ::close(fd);
    throw std::runtime_error("cannot read the font " + path);
  }
  m_size = static_cast<std::size_t>(st.st_size);
  // Mapped, not read: stb_truetype touches a few tables and the glyphs we bake, so only those
  // pages count against the kiosk's memory, not the whole 19 MB collection.
  m_data = ::mmap(nullptr, m_size, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (m_data == MAP_FAILED) {
    m_data = nullptr;
    throw std::runtime_error("cannot map the font " + path);
  }
}

MappedFile::~MappedFile() {
  if (m_data) ::munmap(m_data, m_size);
}

std::u32string decodeUtf8(std::string_view text) {
  std::u32string out;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    int extra = 0;
    char32_t cp = 0;
    if (c < 0x80) {
      cp = c;
    } else if ((c & 0xE0) == 0xC0) {
      extra = 1;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      cp = c & 0x07;
    } else {
      ++i;
      continue;
    }
    if (i + static_cast<std::size_t>(extra) >= text.size()) break;  // truncated sequence
    bool ok = true;
    for (int k = 1; k <= extra; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((cc & 0xC0) != 0x80) ok = false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    i += static_cast<std::size_t>(extra) + 1;
    if (ok) out.push_back(cp);
  }
  return out;
}

FontSet::FontSet(const std::string& path, float scale) : m_file(path), m_scale(scale) {
  // Always present: ASCII, the fallback box, and the symbols the screens draw as text.
  for (ImWchar c = 0x20; c < 0x7F; ++c) {
    m_all.insert(c);
    m_display.insert(c);
  }
  for (ImWchar c : {kFallbackChar, ImWchar{0x00D7}, ImWchar{0x2212}, ImWchar{0x2713},
                    ImWchar{0x00B7}, ImWchar{0x2026}}) {
    m_all.insert(c);
    m_display.insert(c);
  }
}

bool FontSet::addText(std::string_view text, bool display) {
  bool added = false;
  for (char32_t cp : decodeUtf8(text)) {
    if (cp > 0xFFFF || cp < 0x20) continue;  // ImWchar is 16-bit in Debian's build
    const auto c = static_cast<ImWchar>(cp);
    if (m_all.insert(c).second) added = true;
    if (display && m_display.insert(c).second) added = true;
  }
  if (added) m_dirty = true;
  return added;
}

bool FontSet::build(ImFontAtlas& atlas) {
  atlas.Clear();
  // No power-of-two height: the atlas is uploaded once per build, and the rounding can double it.
  atlas.Flags |= ImFontAtlasFlags_NoPowerOfTwoHeight | ImFontAtlasFlags_NoMouseCursors;
  atlas.TexGlyphPadding = 1;

  auto toRanges = [](const std::set<ImWchar>& chars, ImVector<ImWchar>& out) {
    ImFontGlyphRangesBuilder builder;
    for (ImWchar c : chars) builder.AddChar(c);
    out.clear();
    builder.BuildRanges(&out);
  };
  toRanges(m_all, m_all_ranges);
  toRanges(m_display, m_display_ranges);

  for (std::size_t i = 0; i < kFontRoles; ++i) {
    ImFontConfig cfg;
    cfg.FontNo = kSimplifiedChineseFace;
    // ImGui 1.86 copies font data it does not own, once per size: four copies of the 19 MB
    // collection (most of the start-up time and of the memory). Handed over as "owned", it is
    // used in place; ownership is taken back right after, so the atlas never frees the mapping.
    cfg.FontDataOwnedByAtlas = true;
    // Text is drawn at the size it was baked: no sub-pixel oversampling (it triples the atlas).
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    const auto role = static_cast<FontRole>(i);
    const bool display = role == FontRole::Title || role == FontRole::Huge;
    // ImGui takes a non-const pointer but never writes to font data.
    m_fonts[i] = atlas.AddFontFromMemoryTTF(const_cast<void*>(m_file.data()),
                                            static_cast<int>(m_file.size()), kFontPx[i] * m_scale,
                                            &cfg, display ? m_display_ranges.Data : m_all_ranges.Data);
    if (!atlas.ConfigData.empty()) atlas.ConfigData.back().FontDataOwnedByAtlas = false;
    if (!m_fonts[i]) return false;
  }
  if (!atlas.Build()) return false;
  for (ImFont* f : m_fonts) {
    // A missing glyph must be seen, not skipped: point the fallback at the box.
    if (const ImFontGlyph* box = f->FindGlyphNoFallback(kFallbackChar)) {
      f->FallbackChar = kFallbackChar;
      f->FallbackGlyph = box;
      f->FallbackAdvanceX = box->AdvanceX;
    }
  }
  m_dirty = false;
  return true;
}

}  // namespace rc::kiosk::platform
