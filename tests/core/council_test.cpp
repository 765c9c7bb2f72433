// Reading the council's and the volunteer teams' sheets into typed lines, every bad line named.
#include "core/council.h"

#include <gtest/gtest.h>

namespace rc::core {
namespace {

CsvTable table(std::string_view text) {
  auto t = readCsv(text);
  EXPECT_TRUE(t.ok());
  return t.ok() ? *t : CsvTable{};
}

TEST(CouncilSheet, ReadsLinesWithTheirNumbersAndOptionalColumns) {
  const auto s = parseCouncilSheet(table(
      "村民编号,姓名,规则编号,事由\n12,刘桂兰,R10,拾到钱包\n\n13,刘建国,R22,乱堆杂物\n"));
  ASSERT_TRUE(s.errors.empty()) << s.errors[0].message;
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[1].line, 4);
  EXPECT_EQ(s.lines[1].villager_id, 13);
  EXPECT_FALSE(s.lines[1].points.has_value());
  EXPECT_EQ(s.lines[1].collector, "");
  const auto p = parseCouncilSheet(
      table("villager_id,name,rule_code,points,evidence\n1,甲,R22,-3,x\n2,乙,R10,+3,y\n"));
  ASSERT_TRUE(p.errors.empty());
  EXPECT_EQ(p.lines[0].points, -3);
  EXPECT_EQ(p.lines[1].points, 3);
}

TEST(CouncilSheet, NamesEveryBadLine) {
  const auto s = parseCouncilSheet(table(
      "villager_id,name,rule_code,points,evidence,collector\n"
      "x,甲,R10,,a,\n"
      "1,,R10,,a,\n"
      "1,甲,,,a,\n"
      "1,甲,R10,three,a,\n"
      "1,甲,R10,,,\n"
      "1,甲,R10,,\"a\x01b\",\n"
      "1,甲,R10,," + std::string(201, 'a') + ",\n"
      "1,甲,R10,,ok,\n"));
  ASSERT_EQ(s.errors.size(), 7u);
  EXPECT_EQ(s.errors[0].line, 2);
  EXPECT_NE(s.errors[0].message.find("villager_id"), std::string::npos);
  EXPECT_NE(s.errors[1].message.find("name is empty"), std::string::npos);
  EXPECT_NE(s.errors[2].message.find("rule_code"), std::string::npos);
  EXPECT_NE(s.errors[3].message.find("points 'three'"), std::string::npos);
  EXPECT_NE(s.errors[4].message.find("evidence is empty"), std::string::npos);
  EXPECT_NE(s.errors[5].message.find("control character"), std::string::npos);
  EXPECT_NE(s.errors[6].message.find("longer than 200"), std::string::npos);
  EXPECT_EQ(s.lines.size(), 1u);
  // 200 Chinese characters are within the cap (600 bytes).
  std::string zh;
  for (int i = 0; i < 200; ++i) zh += "好";
  EXPECT_FALSE(checkSheetText(zh, kMaxEvidenceChars).has_value());
}

TEST(CouncilSheet, RefusesAMissingUnknownOrRepeatedColumn) {
  EXPECT_EQ(parseCouncilSheet(table("villager_id,name,evidence\n1,甲,a\n")).errors[0].message,
            "missing column 'rule_code'");
  EXPECT_NE(parseCouncilSheet(table("villager_id,name,rule,evidence\n1,甲,R1,a\n"))
                .errors[0].message.find("unknown column 'rule'"),
            std::string::npos);
  EXPECT_NE(parseCouncilSheet(table("villager_id,姓名,name,rule_code,evidence\n1,甲,甲,R1,a\n"))
                .errors[0].message.find("appears twice"),
            std::string::npos);
  EXPECT_EQ(parseCouncilSheet(table("villager_id,name,rule_code,evidence\n")).errors.size(), 1u);
}

TEST(HoursSheet, ReadsRealDatesAndMinutesInRange) {
  const auto s = parseHoursSheet(table(
      "team,villager_id,name,date,minutes\n"
      "红先锋,1,甲,2026-11-05,120\n"
      "红先锋,1,甲,2026-02-29,60\n"
      "红先锋,1,甲,2028-02-29,60\n"
      "红先锋,1,甲,2026-11-5,60\n"
      "红先锋,1,甲,2026-11-06,0\n"
      "红先锋,1,甲,2026-11-06,721\n"
      ",1,甲,2026-11-06,60\n"));
  ASSERT_EQ(s.lines.size(), 2u);
  EXPECT_EQ(s.lines[0].date(), "2026-11-05");
  EXPECT_EQ(s.lines[0].minutes, 120);
  EXPECT_EQ(s.lines[1].date(), "2028-02-29");
  ASSERT_EQ(s.errors.size(), 5u);
  EXPECT_EQ(s.errors[0].line, 3);
  EXPECT_NE(s.errors[0].message.find("date"), std::string::npos);
  EXPECT_NE(s.errors[2].message.find("minutes '0'"), std::string::npos);
  EXPECT_NE(s.errors[3].message.find("minutes '721'"), std::string::npos);
  EXPECT_NE(s.errors[4].message.find("team is empty"), std::string::npos);
}

}  // namespace
}  // namespace rc::core
