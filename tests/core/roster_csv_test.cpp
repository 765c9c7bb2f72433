// The roster spreadsheet parser: good rows typed, every bad line named with its reason.
#include "core/roster_csv.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rc::core {
namespace {

const std::vector<std::string> kGrids = {"第一网格", "第二网格"};
constexpr const char* kHeader =
    "household,address,grid,name,gender,birth_year,id_digits,head,party_member,committee,relief,status\n";

RosterParse parse(const std::string& text) {
  auto table = readCsv(text);
  EXPECT_TRUE(table.ok());
  if (!table) return {};
  return parseRoster(*table, kGrids, 2026);
}

// The one error of `body` (after a good header and one good line 2) on `line`.
std::string errorOn(const std::string& body, int line) {
  const auto p = parse(std::string(kHeader) + "H1,一排1号,第一网格,刘德胜,男,1952,3712,是,否,否,否,在册\n" + body);
  EXPECT_TRUE(p.rows.empty()) << "a file with a bad line gives no rows";
  EXPECT_EQ(p.errors.size(), 1u);
  if (p.errors.empty()) return {};
  EXPECT_EQ(p.errors.front().line, line) << p.errors.front().message;
  return p.errors.front().message;
}

TEST(RosterCsv, TypesGoodRows) {
  const auto p = parse(std::string(kHeader) +
                       "H1,一排1号,第一网格,刘德胜,男,1952,3712,是,是,否,否,在册\n"
                       "H1,一排1号,第一网格,王秀英,F,1955,20x,0,0,1,0,迁出\n"
                       "H1,一排1号,第一网格,刘丽,女,1990,12345X,,,,,\n");
  ASSERT_EQ(p.errors.size(), 1u) << "20x is too short";
  const auto q = parse(std::string(kHeader) +
                       "H1,一排1号,第一网格,刘德胜,男,1952,3712,是,是,否,否,在册\n"
                       "H1,一排1号,第一网格,王秀英,F,1955,204x,0,0,1,0,迁出\n"
                       "H1,一排1号,第一网格,刘丽,女,1990,12345X,,,,,\n");
  ASSERT_TRUE(q.errors.empty()) << q.errors.front().message;
  ASSERT_EQ(q.rows.size(), 3u);
  EXPECT_EQ(q.rows[0].line, 2);
  EXPECT_EQ(q.rows[0].gender, 'M');
  EXPECT_TRUE(q.rows[0].head);
  EXPECT_TRUE(q.rows[0].party_member);
  EXPECT_FALSE(q.rows[0].moved_away);
  EXPECT_EQ(q.rows[1].gender, 'F');
  EXPECT_EQ(q.rows[1].id_digits, "204X");
  EXPECT_TRUE(q.rows[1].committee);
  EXPECT_TRUE(q.rows[1].moved_away);
  EXPECT_FALSE(q.rows[2].head) << "an empty flag is 否";
  EXPECT_FALSE(q.rows[2].villager_id);
}

TEST(RosterCsv, AcceptsChineseColumnTitlesInAnyOrder) {
  const auto p = parse(
      "姓名,户号,住址,网格,性别,出生年份,身份证后几位,户主,党员,两委,低保户,村民编号\n"
      "刘德胜,3组12号,一排1号,第二网格,男,1952,3712,是,否,否,是,17\n");
  ASSERT_TRUE(p.errors.empty()) << p.errors.front().message;
  ASSERT_EQ(p.rows.size(), 1u);
  EXPECT_EQ(p.rows[0].household, "3组12号");
  EXPECT_EQ(p.rows[0].grid, "第二网格");
  EXPECT_TRUE(p.rows[0].relief);
  EXPECT_EQ(p.rows[0].villager_id, 17);
}

TEST(RosterCsv, NamesAMissingOrUnknownColumnOnTheHeader) {
  auto p = parse("household,address,grid,name,gender,birth_year,head,party_member,committee,relief\n"
                 "H1,a,第一网格,刘,男,1952,是,否,否,否\n");
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_EQ(p.errors[0].line, 1);
  EXPECT_NE(p.errors[0].message.find("no column 'id_digits'"), std::string::npos) << p.errors[0].message;
  p = parse(std::string("phone,") + kHeader);
  ASSERT_EQ(p.errors.size(), 1u);
  EXPECT_NE(p.errors[0].message.find("unknown column 'phone'"), std::string::npos);
}

TEST(RosterCsv, NamesEachBadRowWithItsLine) {
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女\n", 3).find("cells"), std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第九网格,王秀英,女,1955,2046,否,否,否,否,\n", 3).find("unknown grid '第九网格'"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女,1899,2046,否,否,否,否,\n", 3).find("birth_year '1899'"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女,2027,2046,否,否,否,否,\n", 3).find("birth_year"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,妇,1955,2046,否,否,否,否,\n", 3).find("gender '妇'"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女,1955,37020219550101204X,否,否,否,否,\n", 3).find("id_digits"),
            std::string::npos)
      << "a whole ID number is refused";
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女,1955,20X4,否,否,否,否,\n", 3).find("id_digits"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,\"王\x01秀英\",女,1955,2046,否,否,否,否,\n", 3).find("control characters"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英王秀英王秀英王秀英王秀英王秀,女,1955,2046,否,否,否,否,\n", 3)
                .find("longer than 16"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女,1955,2046,是,否,否,否,\n", 3).find("two heads"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女,1955,2046,否,否,否,是,\n", 3).find("relief"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,刘德胜,男,1952,3712,否,否,否,否,\n", 3).find("duplicate villager"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女,1955,2046,否,否,否,否,走了\n", 3).find("status"),
            std::string::npos);
  EXPECT_NE(errorOn("H1,一排1号,第一网格,王秀英,女,1955,2046,否,也许,否,否,\n", 3).find("party_member"),
            std::string::npos);
}

TEST(RosterCsv, ReportsEveryBadLineNotJustTheFirst) {
  const auto p = parse(std::string(kHeader) + "H1,a,第一网格,刘德胜,男,1952,3712,是,否,否,否,\n"
                                              "H2,b,第三网格,王,女,1955,2046,否,否,否,否,\n"
                                              "H3,c,第一网格,李,女,3000,2046,否,否,否,否,\n");
  ASSERT_EQ(p.errors.size(), 2u);
  EXPECT_EQ(p.errors[0].line, 3);
  EXPECT_EQ(p.errors[1].line, 4);
  EXPECT_TRUE(p.rows.empty());
}

TEST(RosterCsv, ReadsBackWhatExportMadeSafeForSpreadsheets) {
  const auto p = parse(std::string(kHeader) + "'-1,\"'=A1\",第一网格,刘德胜,男,1952,3712,是,否,否,否,\n");
  ASSERT_TRUE(p.errors.empty()) << p.errors.front().message;
  EXPECT_EQ(p.rows[0].household, "-1");
  EXPECT_EQ(p.rows[0].address, "=A1");
}

}  // namespace
}  // namespace rc::core
