#pragma once
// ESC/POS for the kiosk's receipt printer: a small document model (text lines with alignment,
// bold and double size, rule lines, two-column lines, QR codes, CODE128 barcodes, feeds and a
// cut) and its encoding to the bytes a Chinese 58 mm or 80 mm thermal printer takes, with text
// in GB18030 (converted by glibc's iconv). Pure: no I/O, no threads; thread-safe.
//
// Widths: in Chinese mode (FS &) a printer draws every multi-byte GB18030 character as a
// double-width glyph, so an ASCII character is one column and anything else two.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/result.h"

namespace rc::drivers::escpos {

// Columns of plain text on the two paper widths (12 × 24 dot font).
inline constexpr int kColumns58mm = 32;
inline constexpr int kColumns80mm = 48;

// Caps on what one document may hold: a receipt is far smaller; anything larger is a bug.
inline constexpr std::size_t kMaxTextBytes = 1024;     // one text or column cell, UTF-8
inline constexpr std::size_t kMaxQrBytes = 512;        // the QR code's data
inline constexpr std::size_t kMaxBarcodeBytes = 64;    // CODE128 data, printable ASCII
inline constexpr std::size_t kMaxBlocks = 2000;
inline constexpr int kMaxFeedLines = 20;

enum class Align : std::uint8_t { Left = 0, Center = 1, Right = 2 };

struct Style {
  Align align = Align::Left;
  bool bold = false;
  bool big = false;  // double width and double height
  bool operator==(const Style&) const = default;
};

// A line of text, wrapped at the paper's width (a big line at half of it).
struct Text {
  std::string text;
  Style style;
  bool operator==(const Text&) const = default;
};
// A full-width line of one character ('-' or '=').
struct Rule {
  char ch = '-';
  bool operator==(const Rule&) const = default;
};
// "大米5kg ×2 ........ 30": left text, right text flush right. A left side too long for the
// line takes lines of its own, and the right side goes on the last of them.
struct Columns {
  std::string left;
  std::string right;
  bool bold = false;
  bool operator==(const Columns&) const = default;
};
// A QR code (model 2, error correction M), centred, with GS ( k.
struct Qr {
  std::string data;
  int module = 6;  // dots per module, 1..16
  bool operator==(const Qr&) const = default;
};
// A CODE128 barcode (code set B) with its text printed below, centred, with GS k.
struct Barcode {
  std::string data;
  bool operator==(const Barcode&) const = default;
};
struct Feed {
  int lines = 1;
  bool operator==(const Feed&) const = default;
};
// Feeds to the cutter and cuts, leaving a hinge (a partial cut).
struct Cut {
  bool operator==(const Cut&) const = default;
};

using Block = std::variant<Text, Rule, Columns, Qr, Barcode, Feed, Cut>;

struct Document {
  int columns = kColumns58mm;  // kColumns58mm or kColumns80mm
  std::vector<Block> blocks;

  Document& text(std::string s, Style style = {});
  Document& rule(char ch = '-');
  Document& columnsLine(std::string left, std::string right, bool bold = false);
  Document& qr(std::string data, int module = 6);
  Document& barcode(std::string data);
  Document& feed(int lines = 1);
  Document& cut();
};

// Printer commands, as bytes.
namespace cmd {
inline constexpr std::uint8_t kInit[] = {0x1b, 0x40};         // ESC @
inline constexpr std::uint8_t kChineseOn[] = {0x1c, 0x26};    // FS &
inline constexpr std::uint8_t kLineFeed = 0x0a;               // LF
inline constexpr std::uint8_t kCut[] = {0x1d, 0x56, 0x42, 0x00};  // GS V 66 0: feed, part cut
// DLE EOT 4: real-time roll paper sensor status; the printer answers one byte at once.
inline constexpr std::uint8_t kPaperStatusQuery[] = {0x10, 0x04, 0x04};
}  // namespace cmd

// The display width of UTF-8 text on the printer: ASCII 1 column, anything else 2.
int printWidth(std::string_view utf8) noexcept;

// UTF-8 to GB18030 with iconv; nullopt for invalid UTF-8 or a character GB18030 lacks.
std::optional<std::string> toGb18030(std::string_view utf8);

// The document as printer bytes: ESC @, FS &, then each block. An error names the first
// block that cannot be printed: text that is not valid UTF-8, holds a control character or is
// too long; a QR or barcode whose data is empty, too long or (barcode) not printable ASCII; a
// width other than 32 or 48; too many blocks.
rc::Result<std::vector<std::uint8_t>, std::string> encode(const Document& doc);

// The answer to DLE EOT 4, or nullopt when the byte is not one (its fixed bits are wrong).
enum class Paper { Present, NearEnd, Out };
std::optional<Paper> parsePaperStatus(std::uint8_t answer) noexcept;

}  // namespace rc::drivers::escpos
