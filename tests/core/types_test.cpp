#include "core/types.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace rc::core {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

TEST(EntryKindTest, EveryKindRoundTripsThroughItsStoredName) {
  const EntryKind kinds[] = {
      EntryKind::CouncilAward, EntryKind::CouncilDeduction, EntryKind::VolunteerHours,
      EntryKind::FundReward,   EntryKind::Redemption,       EntryKind::Booking,
      EntryKind::Void};
  for (EntryKind k : kinds) {
    const auto back = entryKindFromString(toString(k));
    ASSERT_TRUE(back.has_value()) << toString(k);
    EXPECT_EQ(*back, k);
  }
}

TEST(EntryKindTest, StoredNamesAreSnakeCase) {
  EXPECT_EQ(toString(EntryKind::CouncilAward), "council_award");
  EXPECT_EQ(toString(EntryKind::CouncilDeduction), "council_deduction");
  EXPECT_EQ(toString(EntryKind::VolunteerHours), "volunteer_hours");
  EXPECT_EQ(toString(EntryKind::FundReward), "fund_reward");
  EXPECT_EQ(toString(EntryKind::Redemption), "redemption");
  EXPECT_EQ(toString(EntryKind::Booking), "booking");
  EXPECT_EQ(toString(EntryKind::Void), "void");
}

TEST(EntryKindTest, UnknownOrMiscasedNamesAreRejected) {
  EXPECT_FALSE(entryKindFromString("").has_value());
  EXPECT_FALSE(entryKindFromString("Redemption").has_value());
  EXPECT_FALSE(entryKindFromString("redemption ").has_value());
  EXPECT_FALSE(entryKindFromString("refund").has_value());
}

TEST(YearMonthTest, ParsesStrictYearDashMonth) {
  const auto ym = YearMonth::parse("2024-03");
  ASSERT_TRUE(ym.has_value());
  EXPECT_EQ(ym->year, 2024);
  EXPECT_EQ(ym->month, 3);
  EXPECT_EQ(ym->quarter(), 1);
}

TEST(YearMonthTest, AcceptsTheEdgesOfTheRange) {
  EXPECT_EQ(YearMonth::parse("2000-01"), (YearMonth{2000, 1}));
  EXPECT_EQ(YearMonth::parse("2999-12"), (YearMonth{2999, 12}));
}

TEST(YearMonthTest, RejectsEverythingElse) {
  for (const char* bad :
       {"", "2024-3", "2024-003", "24-03", "2024/03", "2024-00", "2024-13", "1999-12", "3000-01",
        "2024-0a", "+024-03", " 2024-03", "2024-03 ", "2024-03-01", "-024-03", "2024--3"}) {
    EXPECT_FALSE(YearMonth::parse(bad).has_value()) << "'" << bad << "'";
  }
}

TEST(YearMonthTest, PrintsZeroPaddedAndRoundTrips) {
  EXPECT_EQ((YearMonth{2024, 3}).toString(), "2024-03");
  EXPECT_EQ((YearMonth{2024, 12}).toString(), "2024-12");
  for (int m = 1; m <= 12; ++m) {
    const YearMonth ym{2031, m};
    EXPECT_EQ(YearMonth::parse(ym.toString()), ym);
  }
}

TEST(YearMonthTest, NextAndPrevCrossYearBoundaries) {
  EXPECT_EQ((YearMonth{2024, 12}).next(), (YearMonth{2025, 1}));
  EXPECT_EQ((YearMonth{2025, 1}).prev(), (YearMonth{2024, 12}));
  EXPECT_EQ((YearMonth{2024, 5}).next(), (YearMonth{2024, 6}));
  EXPECT_EQ((YearMonth{2024, 5}).prev(), (YearMonth{2024, 4}));
  EXPECT_EQ((YearMonth{2024, 7}).next().prev(), (YearMonth{2024, 7}));
}

TEST(YearMonthTest, QuartersAndOrdering) {
  EXPECT_EQ((YearMonth{2024, 3}).quarter(), 1);
  EXPECT_EQ((YearMonth{2024, 4}).quarter(), 2);
  EXPECT_EQ((YearMonth{2024, 9}).quarter(), 3);
  EXPECT_EQ((YearMonth{2024, 10}).quarter(), 4);
  EXPECT_LT((YearMonth{2023, 12}), (YearMonth{2024, 1}));
  EXPECT_EQ((YearMonth{2024, 1}).index() - (YearMonth{2023, 12}).index(), 1);
}

TEST(CivilDaysTest, KnownDates) {
  EXPECT_EQ(daysFromCivil(1970, 1, 1), 0);
  EXPECT_EQ(daysFromCivil(1970, 1, 2), 1);
  EXPECT_EQ(daysFromCivil(1969, 12, 31), -1);
  EXPECT_EQ(daysFromCivil(2000, 1, 1), 10957);
  EXPECT_EQ(daysFromCivil(2000, 3, 1), 11017);  // 2000 is a leap year (divisible by 400)
  EXPECT_EQ(daysFromCivil(2024, 3, 1) - daysFromCivil(2024, 2, 28), 2);  // leap day
  EXPECT_EQ(daysFromCivil(2100, 3, 1) - daysFromCivil(2100, 2, 28), 1);  // 2100 is not
  EXPECT_EQ(daysFromCivil(1900, 3, 1) - daysFromCivil(1900, 2, 28), 1);
}

TEST(CivilDaysTest, ConsecutiveDaysAcrossCenturies) {
  // Walks 1900..2100 through every month length and checks continuity.
  const int monthDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  std::int64_t expected = daysFromCivil(1900, 1, 1);
  for (int y = 1900; y <= 2100; ++y) {
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    for (int m = 1; m <= 12; ++m) {
      ASSERT_EQ(daysFromCivil(y, m, 1), expected) << y << "-" << m;
      expected += monthDays[m - 1] + ((m == 2 && leap) ? 1 : 0);
    }
  }
}

TEST(MonthMsTest, MonthStartsAtMidnightChinaTime) {
  // 2024-01-01 00:00 +08:00 is 2023-12-31 16:00 UTC = 1704038400000.
  EXPECT_EQ(monthStartMs({2024, 1}), 1'704'038'400'000);
  EXPECT_EQ(monthStartMs({1970, 1}), -8 * kHourMs);
}

TEST(MonthMsTest, TheEightHourOffsetDecidesTheMonth) {
  const std::int64_t start = monthStartMs({2024, 1});
  // 15:59:59.999 UTC on Dec 31 is still December in Rongcheng; 16:00 UTC is January.
  EXPECT_EQ(monthOfMs(start - 1), (YearMonth{2023, 12}));
  EXPECT_EQ(monthOfMs(start), (YearMonth{2024, 1}));
  // Midnight UTC on Jan 1 is 08:00 in China: January either way.
  EXPECT_EQ(monthOfMs(start + 8 * kHourMs), (YearMonth{2024, 1}));
  // 2024-01-31 23:59:59.999 China time is still January.
  EXPECT_EQ(monthOfMs(monthStartMs({2024, 2}) - 1), (YearMonth{2024, 1}));
}

TEST(MonthMsTest, EveryMonthStartMapsBackToItsMonth) {
  for (YearMonth ym{2000, 1}; ym <= YearMonth{2040, 12}; ym = ym.next()) {
    const std::int64_t start = monthStartMs(ym);
    ASSERT_EQ(monthOfMs(start), ym) << ym.toString();
    ASSERT_EQ(monthOfMs(start - 1), ym.prev()) << ym.toString();
    ASSERT_EQ(monthOfMs(monthStartMs(ym.next()) - 1), ym) << ym.toString();
  }
}

TEST(MonthMsTest, LeapFebruaryHasTwentyNineDays) {
  EXPECT_EQ(monthStartMs({2024, 3}) - monthStartMs({2024, 2}), 29 * kDayMs);
  EXPECT_EQ(monthStartMs({2023, 3}) - monthStartMs({2023, 2}), 28 * kDayMs);
}

TEST(MonthMsTest, InstantsBeforeTheEpochUseFloorDivision) {
  EXPECT_EQ(monthOfMs(-1), (YearMonth{1970, 1}));  // 07:59:59.999 on 1 Jan China time
  EXPECT_EQ(monthOfMs(-8 * kHourMs - 1), (YearMonth{1969, 12}));
  EXPECT_EQ(monthOfMs(monthStartMs({1969, 7})), (YearMonth{1969, 7}));
}

TEST(MonthMsTest, ExtremeTimestampsDoNotOverflow) {
  // Garbage from a corrupt record must not crash the kiosk (UBSan checks this).
  const YearMonth hi = monthOfMs(std::numeric_limits<std::int64_t>::max());
  const YearMonth lo = monthOfMs(std::numeric_limits<std::int64_t>::min());
  EXPECT_GT(hi.year, 2999);
  EXPECT_LT(lo.year, 0);
  EXPECT_GE(hi.month, 1);
  EXPECT_LE(hi.month, 12);
  EXPECT_GE(lo.month, 1);
  EXPECT_LE(lo.month, 12);
}

TEST(MonthMsTest, OutOfRangeMonthsNormalise) {
  EXPECT_EQ(monthStartMs({2024, 13}), monthStartMs({2025, 1}));
  EXPECT_EQ(monthStartMs({2024, 0}), monthStartMs({2023, 12}));
}

}  // namespace
}  // namespace rc::core
