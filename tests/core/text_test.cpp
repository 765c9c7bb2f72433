#include "core/text.h"

#include <gtest/gtest.h>

namespace rc::core {
namespace {

TEST(ValidUtf8, TakesChineseAndPlainText) {
  EXPECT_TRUE(validUtf8(""));
  EXPECT_TRUE(validUtf8("RICE*2;OIL*1"));
  EXPECT_TRUE(validUtf8("刘桂兰 乱堆乱放 −5"));
  EXPECT_TRUE(validUtf8("\xF0\x9F\x98\x80"));  // U+1F600, four bytes
  EXPECT_TRUE(validUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
}

TEST(ValidUtf8, RefusesEveryMalformedForm) {
  const char* bad[] = {
      "\x80",                  // a stray continuation byte
      "\xC3",                  // cut short
      "\xE5\x88",              // cut short
      "\xC0\xAF",              // overlong '/'
      "\xE0\x80\xAF",          // overlong, three bytes
      "\xF0\x80\x80\xAF",      // overlong, four bytes
      "\xED\xA0\x80",          // a UTF-16 surrogate
      "\xF4\x90\x80\x80",      // past U+10FFFF
      "\xFF",                  // never in UTF-8
      "ok\xE5\x88xx",          // a continuation byte missing mid-text
  };
  for (const char* b : bad) EXPECT_FALSE(validUtf8(b)) << testing::PrintToString(b);
}

}  // namespace
}  // namespace rc::core
