#include "core/csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rc::core {
namespace {

TEST(CsvCell, PlainTextStaysAsItIs) {
  EXPECT_EQ(csvCell(""), "");
  EXPECT_EQ(csvCell("刘桂兰"), "刘桂兰");
  EXPECT_EQ(csvCell("RICE ×2"), "RICE ×2");
  EXPECT_EQ(csvCell("a=b"), "a=b") << "only a leading sign makes a formula";
}

TEST(CsvCell, QuotesWhatRfc4180Requires) {
  EXPECT_EQ(csvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(csvCell("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csvCell("two\nlines"), "\"two\nlines\"");
}

TEST(CsvCell, FormulaLikeCellsAreMadePlainText) {
  EXPECT_EQ(csvCell("=1+2"), "'=1+2");
  EXPECT_EQ(csvCell("+86 138"), "'+86 138");
  EXPECT_EQ(csvCell("-5"), "'-5");
  EXPECT_EQ(csvCell("@SUM(A1:A9)"), "'@SUM(A1:A9)");
  EXPECT_EQ(csvCell("\tx"), "'\tx");
  EXPECT_EQ(csvCell("\rx"), "\"'\rx\"");
  EXPECT_EQ(csvCell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_TRUE(formulaLike("=A1"));
  EXPECT_FALSE(formulaLike("A1"));
}

TEST(CsvRow, JoinsMadeCellsAndEndsWithCrlf) {
  const std::vector<std::string> cells = {csvCell("=1+2"), csvNumber(-40), csvCell("a,b")};
  EXPECT_EQ(csvRow(cells), "'=1+2,-40,\"a,b\"\r\n");
  EXPECT_EQ(kUtf8Bom, "\xEF\xBB\xBF");
}

}  // namespace
}  // namespace rc::core
