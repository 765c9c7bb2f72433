#include "core/text.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

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

TEST(Utf8Prefix, NeverEndsInsideACharacter) {
  EXPECT_EQ(utf8Prefix("abc", 8), "abc");
  EXPECT_EQ(utf8Prefix("ab刘德", 4), "ab");  // 刘 is three bytes: cut whole
  EXPECT_EQ(utf8Prefix("ab刘德", 5), "ab刘");
  EXPECT_EQ(utf8Prefix("刘", 0), "");
  for (std::size_t n = 0; n < 12; ++n) EXPECT_TRUE(validUtf8(utf8Prefix("红色信用 ok", n))) << n;
}

TEST(ReadKeyValues, OneDialectForEveryConfigFile) {
  std::vector<std::pair<std::string, std::string>> seen;
  std::vector<int> lines;
  const auto st = readKeyValues(
      "\xEF\xBB\xBF# the office's settings\r\n"
      "  welfare_threshold = 1005   # the council's choice\r\n"
      "\n"
      "name=东岛 刘家村\n"
      "empty =\n",
      [&](int line, std::string_view key, std::string_view value) -> std::optional<std::string> {
        seen.emplace_back(key, value);
        lines.push_back(line);
        return std::nullopt;
      });
  ASSERT_TRUE(st.ok()) << st.error().message;
  const std::vector<std::pair<std::string, std::string>> want = {
      {"welfare_threshold", "1005"}, {"name", "东岛 刘家村"}, {"empty", ""}};
  EXPECT_EQ(seen, want);
  EXPECT_EQ(lines, (std::vector<int>{2, 4, 5}));
}

TEST(ReadKeyValues, NamesTheLineOfEachProblem) {
  auto none = [](int, std::string_view, std::string_view) -> std::optional<std::string> {
    return std::nullopt;
  };
  auto e = readKeyValues("a = 1\nno equals sign\n", none);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().line, 2);
  EXPECT_EQ(e.error().message, "expected 'key = value', got 'no equals sign'");
  e = readKeyValues("a = 1\nname = \xC0\xAF\n", none);  // never echoed in a message
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().line, 2);
  EXPECT_EQ(e.error().message, "line is not UTF-8 text");
  e = readKeyValues(" = 3\n", none);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "missing key before '='");
  e = readKeyValues("a = " + std::string(1100, 'x') + "\n", none);
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "line is too long (more than 1024 bytes)");
  // The caller's own refusal stops the reading at its line.
  int calls = 0;
  e = readKeyValues("a = 1\nb = 2\nc = 3\n",
                    [&](int, std::string_view key, std::string_view) -> std::optional<std::string> {
                      ++calls;
                      if (key == "b") return std::string("no b here");
                      return std::nullopt;
                    });
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().line, 2);
  EXPECT_EQ(e.error().message, "no b here");
  EXPECT_EQ(calls, 2);
}

TEST(Trim, SpacesTabsAndCarriageReturns) {
  EXPECT_EQ(trim("  a b\t\r"), "a b");
  EXPECT_EQ(trim(" \t\r "), "");
}

TEST(ParseWholeNumber, AllOfTheTextWithinItsRange) {
  EXPECT_EQ(parseWholeNumber("4096", 1024, 8192), 4096);
  EXPECT_EQ(parseWholeNumber("12abc", 0, 100), std::nullopt);
  EXPECT_EQ(parseWholeNumber("", 0, 100), std::nullopt);
  EXPECT_EQ(parseWholeNumber("101", 0, 100), std::nullopt);
  EXPECT_EQ(parseWholeNumber("99999999999999999999", 0, 100), std::nullopt);
}

}  // namespace
}  // namespace rc::core
