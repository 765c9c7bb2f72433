// The ESC/POS encoder: exact bytes of each block (init, Chinese mode, alignment, bold, double
// size, GB18030 text, two-column lines on 32 and 48 columns, QR by GS ( k with its lengths,
// CODE128 by GS k, feed, cut), what it refuses, and the DLE EOT 4 answer.
#include "drivers/escpos.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace rc::drivers::escpos {
namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes ascii(std::string_view s) { return Bytes(s.begin(), s.end()); }
Bytes spaces(int n) { return Bytes(static_cast<std::size_t>(n), 0x20); }

const Bytes kHead = {0x1b, 0x40, 0x1c, 0x26};  // ESC @, FS &
const Bytes kHongSeXinYong = {0xba, 0xec, 0xc9, 0xab, 0xd0, 0xc5, 0xd3, 0xc3};  // 红色信用
const Bytes kDaMi = {0xb4, 0xf3, 0xc3, 0xd7};                                    // 大米

Bytes encoded(const Document& d) {
  auto r = encode(d);
  EXPECT_TRUE(r) << r.error();
  return r ? r.value() : Bytes{};
}

TEST(Escpos, AnEmptyDocumentIsInitAndChineseMode) {
  EXPECT_EQ(encoded(Document{}), kHead);
}

TEST(Escpos, TextIsGb18030) {
  const auto gb = toGb18030("红色信用");
  ASSERT_TRUE(gb);
  EXPECT_EQ(Bytes(gb->begin(), gb->end()), kHongSeXinYong);
  EXPECT_EQ(*toGb18030("Z-0001"), "Z-0001");
  EXPECT_FALSE(toGb18030("\xff\xfe"));
}

TEST(Escpos, ATitleCentredBoldAndDoubleSize) {
  Document d;
  d.text("红色信用", {Align::Center, true, true});
  d.text("ok");  // back to left, plain, normal size
  EXPECT_EQ(encoded(d), cat({kHead,
                             {0x1b, 0x61, 0x01},               // ESC a 1: centre
                             {0x1b, 0x45, 0x01},               // ESC E 1: bold
                             {0x1d, 0x21, 0x11},               // GS ! 0x11: double
                             {0x1c, 0x21, 0x0c},               // FS ! 0x0C: double (Chinese)
                             kHongSeXinYong, {0x0a},
                             {0x1b, 0x61, 0x00}, {0x1b, 0x45, 0x00},
                             {0x1d, 0x21, 0x00}, {0x1c, 0x21, 0x00},
                             ascii("ok"), {0x0a}}));
}

TEST(Escpos, RightAlignment) {
  Document d;
  d.text("x", {Align::Right, false, false});
  EXPECT_EQ(encoded(d), cat({kHead, {0x1b, 0x61, 0x02}, ascii("x"), {0x0a}}));
}

TEST(Escpos, ChineseCountsTwoColumns) {
  EXPECT_EQ(printWidth("大米5kg"), 7);
  EXPECT_EQ(printWidth("红色信用"), 8);
  EXPECT_EQ(printWidth("×2"), 3);
  EXPECT_EQ(printWidth(""), 0);
}

TEST(Escpos, TwoColumnsFillTheLineOn58And80mm) {
  Document d;
  d.columnsLine("大米", "30");
  EXPECT_EQ(encoded(d), cat({kHead, kDaMi, spaces(26), ascii("30"), {0x0a}}));
  d.columns = kColumns80mm;
  EXPECT_EQ(encoded(d), cat({kHead, kDaMi, spaces(42), ascii("30"), {0x0a}}));
}

TEST(Escpos, ALongLeftColumnWrapsAndTheRightGoesOnItsLastLine) {
  Document d;
  // 15 Chinese characters: 30 columns, no room for " 30" on 32.
  d.columnsLine("红红红红红红红红红红红红红红红", "30", true);
  Bytes fifteen;
  for (int i = 0; i < 15; ++i) fifteen.insert(fifteen.end(), {0xba, 0xec});
  EXPECT_EQ(encoded(d), cat({kHead, {0x1b, 0x45, 0x01}, fifteen, {0x0a}, spaces(30), ascii("30"),
                             {0x0a}}));
}

TEST(Escpos, LongTextWrapsAtCharacterBoundaries) {
  Document d;
  d.text(std::string(17, 'a') + "红色信用红色信用红色信用");  // 17 + 24 columns
  Bytes first = ascii(std::string(17, 'a'));
  // 7 characters fill 31 columns; the 8th would pass 32.
  const Bytes seven = {0xba, 0xec, 0xc9, 0xab, 0xd0, 0xc5, 0xd3, 0xc3, 0xba, 0xec, 0xc9, 0xab,
                       0xd0, 0xc5};
  const Bytes rest = {0xd3, 0xc3, 0xba, 0xec, 0xc9, 0xab, 0xd0, 0xc5, 0xd3, 0xc3};
  EXPECT_EQ(encoded(d), cat({kHead, first, seven, {0x0a}, rest, {0x0a}}));
}

TEST(Escpos, RuleFeedAndCut) {
  Document d;
  d.rule('=').feed(3).cut();
  EXPECT_EQ(encoded(d), cat({kHead, ascii(std::string(32, '=')), {0x0a},
                             {0x1b, 0x64, 0x03},          // ESC d 3
                             {0x1d, 0x56, 0x42, 0x00}}));  // GS V 66 0
}

TEST(Escpos, QrCodeCommandsCarryTheirLengths) {
  Document d;
  d.qr("kiosk1-0042", 6);
  EXPECT_EQ(encoded(d),
            cat({kHead, {0x1b, 0x61, 0x01},
                 {0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00},  // model 2
                 {0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06},        // module 6
                 {0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31},        // correction M
                 {0x1d, 0x28, 0x6b, 0x0e, 0x00, 0x31, 0x50, 0x30},        // store 11 + 3
                 ascii("kiosk1-0042"),
                 {0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30},  // print
                 {0x0a}}));
  // Past 255 bytes the length takes its high byte: 300 + 3 = 0x012f.
  Document big;
  big.qr(std::string(300, 'x'));
  const Bytes b = encoded(big);
  const Bytes store = {0x1d, 0x28, 0x6b, 0x2f, 0x01, 0x31, 0x50, 0x30};
  EXPECT_NE(std::search(b.begin(), b.end(), store.begin(), store.end()), b.end());
}

TEST(Escpos, Code128BarcodeInCodeSetB) {
  Document d;
  d.barcode("L-0012");
  EXPECT_EQ(encoded(d), cat({kHead, {0x1b, 0x61, 0x01},
                             {0x1d, 0x48, 0x02},                          // text below
                             {0x1d, 0x68, 0x50},                          // 80 dots high
                             {0x1d, 0x77, 0x02},                          // module width 2
                             {0x1d, 0x6b, 0x49, 0x08, 0x7b, 0x42},        // CODE128, 6 + 2
                             ascii("L-0012"), {0x0a}}));
}

TEST(Escpos, WhatCannotBePrintedIsRefused) {
  auto refused = [](Document d) { return !encode(d).ok(); };
  EXPECT_TRUE(refused(Document{}.text("\xe7\xba")));          // cut UTF-8
  EXPECT_TRUE(refused(Document{}.text("a\x1b@b")));           // a printer command in text
  EXPECT_TRUE(refused(Document{}.columnsLine("ok", "\x1dV")));
  EXPECT_TRUE(refused(Document{}.barcode("红色")));            // not ASCII
  EXPECT_TRUE(refused(Document{}.barcode("{A")));
  EXPECT_TRUE(refused(Document{}.barcode("")));
  EXPECT_TRUE(refused(Document{}.qr("")));
  EXPECT_TRUE(refused(Document{}.qr(std::string(kMaxQrBytes + 1, 'x'))));
  EXPECT_TRUE(refused(Document{}.qr("x", 17)));
  EXPECT_TRUE(refused(Document{}.feed(0)));
  EXPECT_TRUE(refused(Document{}.text(std::string(kMaxTextBytes + 1, 'x'))));
  Document narrow;
  narrow.columns = 40;
  EXPECT_TRUE(refused(narrow));
  const auto e = encode(Document{}.text("ok").text("a\x07"));
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error(), "block 2: text holds a control character");
}

TEST(Escpos, PaperStatusAnswer) {
  EXPECT_EQ(parsePaperStatus(0x12), Paper::Present);
  EXPECT_EQ(parsePaperStatus(0x1e), Paper::NearEnd);  // bits 2 and 3
  EXPECT_EQ(parsePaperStatus(0x72), Paper::Out);      // bits 5 and 6
  EXPECT_EQ(parsePaperStatus(0x7e), Paper::Out);
  EXPECT_FALSE(parsePaperStatus(0x00));
  EXPECT_FALSE(parsePaperStatus(0xff));
  EXPECT_FALSE(parsePaperStatus(0x13));
}

}  // namespace
}  // namespace rc::drivers::escpos
