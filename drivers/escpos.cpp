#include "drivers/escpos.h"

#include <iconv.h>

#include <cerrno>

#include "core/text.h"

// Sections: the document builder; widths and wrapping; GB18030; the encoder; paper status.

namespace rc::drivers::escpos {

// ---- the document builder ------------------------------------------------------------------

Document& Document::text(std::string s, Style style) {
  blocks.emplace_back(Text{std::move(s), style});
  return *this;
}
Document& Document::rule(char ch) {
  blocks.emplace_back(Rule{ch});
  return *this;
}
Document& Document::columnsLine(std::string left, std::string right, bool bold) {
  blocks.emplace_back(Columns{std::move(left), std::move(right), bold});
  return *this;
}
Document& Document::qr(std::string data, int module) {
  blocks.emplace_back(Qr{std::move(data), module});
  return *this;
}
Document& Document::barcode(std::string data) {
  blocks.emplace_back(Barcode{std::move(data)});
  return *this;
}
Document& Document::feed(int lines) {
  blocks.emplace_back(Feed{lines});
  return *this;
}
Document& Document::cut() {
  blocks.emplace_back(Cut{});
  return *this;
}

namespace {

// ---- widths and wrapping -------------------------------------------------------------------

bool continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xc0) == 0x80; }

// The length in bytes of the UTF-8 character starting at s[i] (the text is valid UTF-8).
std::size_t charLength(std::string_view s, std::size_t i) noexcept {
  std::size_t n = 1;
  while (i + n < s.size() && continuation(s[i + n])) ++n;
  return n;
}

// Splits `s` into pieces of at most `width` columns, at character boundaries.
std::vector<std::string> wrap(std::string_view s, int width) {
  std::vector<std::string> lines;
  std::string line;
  int used = 0;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = charLength(s, i);
    const int w = n == 1 ? 1 : 2;
    if (used + w > width && !line.empty()) {
      lines.push_back(std::move(line));
      line.clear();
      used = 0;
    }
    line.append(s.substr(i, n));
    used += w;
    i += n;
  }
  if (!line.empty() || lines.empty()) lines.push_back(std::move(line));
  return lines;
}

std::optional<std::string> checkText(std::string_view s) {
  if (s.size() > kMaxTextBytes) return "text longer than 1024 bytes";
  if (!core::validUtf8(s)) return "text is not valid UTF-8";
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    // A control byte could be a printer command: ESC, GS and DLE never come from text.
    if (u < 0x20 || u == 0x7f) return "text holds a control character";
  }
  return std::nullopt;
}

// ---- the encoder ---------------------------------------------------------------------------

class Encoder {
 public:
  explicit Encoder(int columns) : m_columns(columns) {}

  std::vector<std::uint8_t>& bytes() { return m_out; }

  template <std::size_t N>
  void put(const std::uint8_t (&cmd)[N]) {
    m_out.insert(m_out.end(), cmd, cmd + N);
  }
  void put(std::initializer_list<std::uint8_t> b) { m_out.insert(m_out.end(), b); }

  void align(Align a) {
    if (a == m_align) return;
    put({0x1b, 0x61, static_cast<std::uint8_t>(a)});  // ESC a n
    m_align = a;
  }
  void bold(bool on) {
    if (on == m_bold) return;
    put({0x1b, 0x45, static_cast<std::uint8_t>(on ? 1 : 0)});  // ESC E n
    m_bold = on;
  }
  // GS ! for single-byte characters and FS ! for Chinese ones: double width and height.
  void big(bool on) {
    if (on == m_big) return;
    put({0x1d, 0x21, static_cast<std::uint8_t>(on ? 0x11 : 0x00)});
    put({0x1c, 0x21, static_cast<std::uint8_t>(on ? 0x0c : 0x00)});
    m_big = on;
  }
  // A line of text already cut to width: GB18030 bytes, then LF.
  std::optional<std::string> line(std::string_view utf8) {
    const auto gb = toGb18030(utf8);
    if (!gb) return "text has a character GB18030 lacks";
    m_out.insert(m_out.end(), gb->begin(), gb->end());
    m_out.push_back(cmd::kLineFeed);
    return std::nullopt;
  }

  std::optional<std::string> operator()(const Text& t) {
    if (auto e = checkText(t.text)) return e;
    align(t.style.align);
    bold(t.style.bold);
    big(t.style.big);
    for (const auto& l : wrap(t.text, t.style.big ? m_columns / 2 : m_columns)) {
      if (auto e = line(l)) return e;
    }
    return std::nullopt;
  }
  std::optional<std::string> operator()(const Rule& r) {
    if (r.ch < 0x21 || r.ch > 0x7e) return "a rule must be drawn with a printable ASCII character";
    plain(false);
    return line(std::string(static_cast<std::size_t>(m_columns), r.ch));
  }
  std::optional<std::string> operator()(const Columns& c) {
    if (auto e = checkText(c.left)) return e;
    if (auto e = checkText(c.right)) return e;
    plain(c.bold);
    const int right = printWidth(c.right);
    if (right > m_columns) return "the right column is wider than the paper";
    // The left side wraps so that its last line leaves room for a space and the right side.
    auto lefts = wrap(c.left, m_columns);
    if (printWidth(lefts.back()) + 1 + right > m_columns) lefts.emplace_back();
    for (std::size_t i = 0; i + 1 < lefts.size(); ++i) {
      if (auto e = line(lefts[i])) return e;
    }
    const int pad = m_columns - printWidth(lefts.back()) - right;
    return line(lefts.back() + std::string(static_cast<std::size_t>(pad), ' ') + c.right);
  }
  std::optional<std::string> operator()(const Qr& q) {
    if (q.data.empty() || q.data.size() > kMaxQrBytes) return "QR data must be 1 to 512 bytes";
    if (q.module < 1 || q.module > 16) return "QR module size must be 1 to 16";
    plain(false);
    align(Align::Center);
    // GS ( k, function 165: model 2; 167: module size; 169: error correction M; 180: store
    // the data (pL pH count it plus the 3 bytes cn fn m); 181: print.
    put({0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00});
    put({0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, static_cast<std::uint8_t>(q.module)});
    put({0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31});
    const std::size_t n = q.data.size() + 3;
    put({0x1d, 0x28, 0x6b, static_cast<std::uint8_t>(n & 0xff), static_cast<std::uint8_t>(n >> 8),
         0x31, 0x50, 0x30});
    m_out.insert(m_out.end(), q.data.begin(), q.data.end());
    put({0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30});
    m_out.push_back(cmd::kLineFeed);
    return std::nullopt;
  }
  std::optional<std::string> operator()(const Barcode& b) {
    // Code set B takes printable ASCII; '{' starts a code-set escape in GS k's data.
    if (b.data.empty() || b.data.size() > kMaxBarcodeBytes) {
      return "barcode data must be 1 to 64 characters";
    }
    for (const char c : b.data) {
      if (c < 0x20 || c > 0x7e || c == '{') return "barcode data must be printable ASCII without '{'";
    }
    plain(false);
    align(Align::Center);
    put({0x1d, 0x48, 0x02});  // GS H 2: its text below
    put({0x1d, 0x68, 0x50});  // GS h 80: 80 dots high
    put({0x1d, 0x77, 0x02});  // GS w 2: module width
    // GS k 73 n: CODE128, n bytes of data starting with "{B" (code set B).
    put({0x1d, 0x6b, 0x49, static_cast<std::uint8_t>(b.data.size() + 2), '{', 'B'});
    m_out.insert(m_out.end(), b.data.begin(), b.data.end());
    m_out.push_back(cmd::kLineFeed);
    return std::nullopt;
  }
  std::optional<std::string> operator()(const Feed& f) {
    if (f.lines < 1 || f.lines > kMaxFeedLines) return "a feed must be 1 to 20 lines";
    put({0x1b, 0x64, static_cast<std::uint8_t>(f.lines)});  // ESC d n
    return std::nullopt;
  }
  std::optional<std::string> operator()(const Cut&) {
    put(cmd::kCut);
    return std::nullopt;
  }

 private:
  void plain(bool b) {
    align(Align::Left);
    bold(b);
    big(false);
  }

  const int m_columns;
  std::vector<std::uint8_t> m_out;
  // What ESC @ leaves: left, not bold, normal size.
  Align m_align = Align::Left;
  bool m_bold = false;
  bool m_big = false;
};

}  // namespace

int printWidth(std::string_view utf8) noexcept {
  int w = 0;
  for (const char c : utf8) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      w += 1;
    } else if (!continuation(c)) {
      w += 2;
    }
  }
  return w;
}

// ---- GB18030 -------------------------------------------------------------------------------

std::optional<std::string> toGb18030(std::string_view utf8) {
  if (!core::validUtf8(utf8)) return std::nullopt;
  iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out(utf8.size() * 2 + 4, '\0');  // GB18030 is never longer than twice UTF-8
  char* in = const_cast<char*>(utf8.data());  // iconv's signature; it does not write
  std::size_t in_left = utf8.size();
  char* o = out.data();
  std::size_t out_left = out.size();
  const std::size_t r = iconv(cd, &in, &in_left, &o, &out_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1) || in_left != 0) return std::nullopt;
  out.resize(out.size() - out_left);
  return out;
}

rc::Result<std::vector<std::uint8_t>, std::string> encode(const Document& doc) {
  if (doc.columns != kColumns58mm && doc.columns != kColumns80mm) {
    return rc::err(std::string("the paper must be 32 or 48 columns wide"));
  }
  if (doc.blocks.size() > kMaxBlocks) return rc::err(std::string("more than 2000 blocks"));
  Encoder enc(doc.columns);
  enc.put(cmd::kInit);
  enc.put(cmd::kChineseOn);
  for (std::size_t i = 0; i < doc.blocks.size(); ++i) {
    if (auto e = std::visit(enc, doc.blocks[i])) {
      return rc::err("block " + std::to_string(i + 1) + ": " + *e);
    }
  }
  return std::move(enc.bytes());
}

// ---- paper status --------------------------------------------------------------------------

std::optional<Paper> parsePaperStatus(std::uint8_t answer) noexcept {
  // Bits 1 and 4 are always set, bits 0 and 7 always clear: anything else is not the answer.
  if ((answer & 0x93) != 0x12) return std::nullopt;
  if ((answer & 0x60) != 0) return Paper::Out;      // bits 5, 6: paper end
  if ((answer & 0x0c) != 0) return Paper::NearEnd;  // bits 2, 3: near end
  return Paper::Present;
}

}  // namespace rc::drivers::escpos
