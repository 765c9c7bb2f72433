// core::readCsv and the text encodings: UTF-8 with and without BOM, GBK detected, quoting, line
// numbers, and every cap.
#include <gtest/gtest.h>

#include "core/csv.h"

namespace rc::core {
namespace {

TEST(CsvReadTest, ReadsUtf8WithQuotesAndLineNumbers) {
  const std::string text = std::string(kUtf8Bom) +
                           "姓名 , 户号\r\n刘秀英,\"3组,12号\"\r\n\r\n\"王\"\"二\",\"两\n行\"\n李四,5\n";
  auto t = readCsv(text);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->encoding, TextEncoding::Utf8);
  EXPECT_EQ(t->header, (std::vector<std::string>{"姓名", "户号"}));
  ASSERT_EQ(t->rows.size(), 3u);
  EXPECT_EQ(t->rows[0].line, 2);
  EXPECT_EQ(t->rows[0].cells, (std::vector<std::string>{"刘秀英", "3组,12号"}));
  EXPECT_EQ(t->rows[1].line, 4);
  EXPECT_EQ(t->rows[1].cells, (std::vector<std::string>{"王\"二", "两\n行"}));
  EXPECT_EQ(t->rows[2].line, 6);
  EXPECT_EQ(t->column("户号"), 1);
  EXPECT_EQ(t->column("x"), -1);
}

TEST(CsvReadTest, DetectsGbkAndRoundTrips) {
  const std::string utf8 = "姓名,网格\n刘秀英,第三网格\n";
  const auto gbk = encodeText(utf8, TextEncoding::Gb18030);
  ASSERT_TRUE(gbk);
  EXPECT_NE(*gbk, utf8);
  EXPECT_EQ(gbk->substr(0, 2), "\xD0\xD5");  // 姓 in GBK
  auto t = readCsv(*gbk);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->encoding, TextEncoding::Gb18030);
  EXPECT_EQ(t->rows.at(0).cells, (std::vector<std::string>{"刘秀英", "第三网格"}));
  // Forced the wrong way: refused, not garbled.
  EXPECT_FALSE(readCsv(*gbk, TextEncoding::Utf8));
}

TEST(CsvReadTest, RefusesBrokenFilesNamingTheLine) {
  EXPECT_EQ(readCsv("").error().message, "the file is empty");
  EXPECT_EQ(readCsv("a,b\n1,\"open\n2,3\n").error().line, 2);
  EXPECT_EQ(readCsv("a,b\n1,x\"y\n").error().line, 2);
  EXPECT_EQ(readCsv("a,b\n1,\"x\"y\n").error().message, "text after a closing quote");
  EXPECT_FALSE(readCsv("\xFF\xFE\xFF,\x80\n"));  // neither UTF-8 nor GB18030
  CsvLimits small;
  small.max_rows = 2;
  small.max_cells = 3;
  small.max_cell_bytes = 4;
  small.max_bytes = 64;
  EXPECT_TRUE(readCsv("a\n1\n2\n", std::nullopt, small));
  EXPECT_EQ(readCsv("a\n1\n2\n3\n", std::nullopt, small).error().line, 4);
  EXPECT_EQ(readCsv("a,b,c,d\n", std::nullopt, small).error().message, "more than 3 columns");
  EXPECT_EQ(readCsv("a\n12345\n", std::nullopt, small).error().line, 2);
  EXPECT_FALSE(readCsv(std::string(65, 'a'), std::nullopt, small));
}

TEST(CsvReadTest, EncodingNames) {
  EXPECT_EQ(textEncodingFromString("GBK"), TextEncoding::Gb18030);
  EXPECT_EQ(textEncodingFromString("utf8"), TextEncoding::Utf8);
  EXPECT_EQ(textEncodingFromString("latin1"), std::nullopt);
  EXPECT_EQ(toString(TextEncoding::Gb18030), "gb18030");
}

}  // namespace
}  // namespace rc::core
