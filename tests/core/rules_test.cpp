#include "core/rules.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

namespace rc::core {
namespace {

constexpr int kIntMax = std::numeric_limits<int>::max();
constexpr int kIntMin = std::numeric_limits<int>::min();

// ---- stars ----------------------------------------------------------------------------------

TEST(StarsTest, RedStarsPerFullFivePointsAboveTheBase) {
  const Settings s;
  EXPECT_EQ(starsFor(1000, s), (Stars{0, 0}));
  EXPECT_EQ(starsFor(1001, s), (Stars{0, 0}));
  EXPECT_EQ(starsFor(1004, s), (Stars{0, 0}));
  EXPECT_EQ(starsFor(1005, s), (Stars{1, 0}));
  EXPECT_EQ(starsFor(1009, s), (Stars{1, 0}));
  EXPECT_EQ(starsFor(1010, s), (Stars{2, 0}));
  EXPECT_EQ(starsFor(1012, s), (Stars{2, 0}));
}

TEST(StarsTest, GreyStarsPerFullFivePointsBelowTheBase) {
  const Settings s;
  EXPECT_EQ(starsFor(999, s), (Stars{0, 0}));
  EXPECT_EQ(starsFor(996, s), (Stars{0, 0}));
  EXPECT_EQ(starsFor(995, s), (Stars{0, 1}));
  EXPECT_EQ(starsFor(991, s), (Stars{0, 1}));
  EXPECT_EQ(starsFor(990, s), (Stars{0, 2}));
}

TEST(StarsTest, NoCapAndNoFloor) {
  const Settings s;
  EXPECT_EQ(starsFor(1500, s), (Stars{100, 0}));
  EXPECT_EQ(starsFor(0, s), (Stars{0, 200}));
  EXPECT_EQ(starsFor(-500, s), (Stars{0, 300}));
  EXPECT_EQ(starsFor(kIntMax, s).red, (kIntMax - 1000) / 5);
  EXPECT_EQ(starsFor(kIntMin, s).grey,
            static_cast<int>((1000LL - static_cast<long long>(kIntMin)) / 5));
}

TEST(StarsTest, StepIsPolicy) {
  Settings s;
  s.star_step = 10;
  EXPECT_EQ(starsFor(1009, s), (Stars{0, 0}));
  EXPECT_EQ(starsFor(1010, s), (Stars{1, 0}));
  EXPECT_EQ(starsFor(990, s), (Stars{0, 1}));
  s.star_step = 0;  // built in code, never parsed: must not divide by zero
  EXPECT_EQ(starsFor(1003, s), (Stars{3, 0}));
}

// ---- welfare ---------------------------------------------------------------------------------

TEST(WelfareTest, ThresholdIsInclusive) {
  const Settings s;
  EXPECT_FALSE(welfareEligible(999, s));
  EXPECT_FALSE(welfareEligible(1000, s));
  EXPECT_FALSE(welfareEligible(1004, s));
  EXPECT_TRUE(welfareEligible(1005, s));
  EXPECT_TRUE(welfareEligible(1006, s));
}

TEST(WelfareTest, ThresholdIsPolicy) {
  Settings s;
  s.welfare_threshold = 1000;
  EXPECT_TRUE(welfareEligible(1000, s));
  EXPECT_FALSE(welfareEligible(999, s));
}

// ---- households -------------------------------------------------------------------------------

Settings withRule(HouseholdRule rule) {
  Settings s;
  s.household_rule = rule;
  return s;
}

TEST(HouseholdTest, EmptyHouseholdIsNeverEligible) {
  for (auto rule : {HouseholdRule::Head, HouseholdRule::AllMembers, HouseholdRule::Average,
                    HouseholdRule::Majority}) {
    EXPECT_FALSE(householdEligible({}, withRule(rule))) << toString(rule);
  }
}

TEST(HouseholdTest, HeadRuleUsesOnlyTheHead) {
  const Settings s = withRule(HouseholdRule::Head);
  std::vector<HouseholdMember> h = {{1, 1004, true}, {2, 1100, false}, {3, 1100, false}};
  EXPECT_FALSE(householdEligible(h, s));
  h[0].score = 1005;
  EXPECT_TRUE(householdEligible(h, s));
  h[1].score = 900;  // other members do not matter
  EXPECT_TRUE(householdEligible(h, s));
}

TEST(HouseholdTest, HeadRuleWithoutAHeadIsNotEligible) {
  const Settings s = withRule(HouseholdRule::Head);
  const std::vector<HouseholdMember> h = {{1, 1100, false}, {2, 1100, false}};
  EXPECT_FALSE(householdEligible(h, s));
}

TEST(HouseholdTest, AllMembersRuleNeedsEveryone) {
  const Settings s = withRule(HouseholdRule::AllMembers);
  std::vector<HouseholdMember> h = {{1, 1005, true}, {2, 1005, false}, {3, 1004, false}};
  EXPECT_FALSE(householdEligible(h, s));
  h[2].score = 1005;
  EXPECT_TRUE(householdEligible(h, s));
  // One-person household: just that person.
  EXPECT_TRUE(householdEligible(std::vector<HouseholdMember>{{9, 1005, true}}, s));
  EXPECT_FALSE(householdEligible(std::vector<HouseholdMember>{{9, 1004, true}}, s));
}

TEST(HouseholdTest, AverageRuleRoundsDown) {
  const Settings s = withRule(HouseholdRule::Average);
  // Mean 1005 exactly.
  EXPECT_TRUE(
      householdEligible(std::vector<HouseholdMember>{{1, 1000, true}, {2, 1010, false}}, s));
  // Mean 1004.5 rounds down to 1004: not eligible.
  EXPECT_FALSE(
      householdEligible(std::vector<HouseholdMember>{{1, 1000, true}, {2, 1009, false}}, s));
  // Mean 1005.67 rounds down to 1005.
  EXPECT_TRUE(householdEligible(
      std::vector<HouseholdMember>{{1, 1005, true}, {2, 1006, false}, {3, 1006, false}}, s));
}

TEST(HouseholdTest, AverageRuleFloorsNegativeMeans) {
  Settings s = withRule(HouseholdRule::Average);
  s.welfare_threshold = -1;
  // Mean -1.5 floors to -2 (truncation would give -1 and wrongly pass).
  EXPECT_FALSE(householdEligible(std::vector<HouseholdMember>{{1, -1, true}, {2, -2, false}}, s));
  EXPECT_TRUE(householdEligible(std::vector<HouseholdMember>{{1, -1, true}, {2, -1, false}}, s));
}

TEST(HouseholdTest, AverageRuleDoesNotOverflow) {
  const Settings s = withRule(HouseholdRule::Average);
  const std::vector<HouseholdMember> h = {{1, kIntMax, true}, {2, kIntMax, false}};
  EXPECT_TRUE(householdEligible(h, s));
}

TEST(HouseholdTest, MajorityRuleNeedsMoreThanHalf) {
  const Settings s = withRule(HouseholdRule::Majority);
  // 2 of 4: exactly half is not a majority.
  EXPECT_FALSE(householdEligible(
      std::vector<HouseholdMember>{
          {1, 1005, true}, {2, 1005, false}, {3, 1004, false}, {4, 990, false}},
      s));
  // 3 of 4.
  EXPECT_TRUE(householdEligible(
      std::vector<HouseholdMember>{
          {1, 1005, true}, {2, 1005, false}, {3, 1005, false}, {4, 990, false}},
      s));
  // 2 of 3.
  EXPECT_TRUE(householdEligible(
      std::vector<HouseholdMember>{{1, 1004, true}, {2, 1005, false}, {3, 1006, false}}, s));
  // 1 of 2.
  EXPECT_FALSE(
      householdEligible(std::vector<HouseholdMember>{{1, 1005, true}, {2, 1004, false}}, s));
}

// ---- reward levels -----------------------------------------------------------------------------

TEST(RewardLevelTest, DefaultLevelsAtTheirBoundaries) {
  const Settings s;
  EXPECT_FALSE(rewardLevelFor(1004, s).has_value());
  EXPECT_EQ(rewardLevelFor(1005, s)->name, "三等");
  EXPECT_EQ(rewardLevelFor(1005, s)->points, 30);
  EXPECT_EQ(rewardLevelFor(1014, s)->name, "三等");
  EXPECT_EQ(rewardLevelFor(1015, s)->name, "二等");
  EXPECT_EQ(rewardLevelFor(1015, s)->points, 60);
  EXPECT_EQ(rewardLevelFor(1029, s)->name, "二等");
  EXPECT_EQ(rewardLevelFor(1030, s)->name, "一等");
  EXPECT_EQ(rewardLevelFor(1030, s)->points, 100);
  EXPECT_EQ(rewardLevelFor(5000, s)->name, "一等");
  EXPECT_FALSE(rewardLevelFor(kIntMin, s).has_value());
}

TEST(RewardLevelTest, OrderOfLevelsInSettingsDoesNotMatter) {
  Settings s;
  s.reward_levels = {{"low", 1005, 30}, {"high", 1030, 100}, {"mid", 1015, 60}};
  EXPECT_EQ(rewardLevelFor(1031, s)->name, "high");
  EXPECT_EQ(rewardLevelFor(1020, s)->name, "mid");
  EXPECT_EQ(rewardLevelFor(1005, s)->name, "low");
}

TEST(RewardLevelTest, NoLevelsMeansNoReward) {
  Settings s;
  s.reward_levels.clear();
  EXPECT_FALSE(rewardLevelFor(2000, s).has_value());
}

// ---- award points and volunteer hours -----------------------------------------------------------

TEST(AwardPointsTest, PositiveAwardsEarnPointsAtTheRatio) {
  Settings s;
  EXPECT_EQ(awardPoints(5, s), 5);
  s.award_points_per_score_point = 3;
  EXPECT_EQ(awardPoints(5, s), 15);
  EXPECT_EQ(awardPoints(1, s), 3);
}

TEST(AwardPointsTest, DeductionsAndZeroEarnNothing) {
  Settings s;
  s.award_points_per_score_point = 3;
  EXPECT_EQ(awardPoints(0, s), 0);
  EXPECT_EQ(awardPoints(-5, s), 0);
  EXPECT_EQ(awardPoints(kIntMin, s), 0);
}

TEST(AwardPointsTest, HugeAwardsSaturateInsteadOfWrapping) {
  Settings s;
  s.award_points_per_score_point = 1000;
  EXPECT_EQ(awardPoints(kIntMax, s), kIntMax);
}

TEST(VolunteerTest, OnlyFullHoursCount) {
  const Settings s;  // 1 score and 2 points per hour
  EXPECT_EQ(volunteerScore(59, s), 0);
  EXPECT_EQ(volunteerPoints(59, s), 0);
  EXPECT_EQ(volunteerScore(60, s), 1);
  EXPECT_EQ(volunteerPoints(60, s), 2);
  EXPECT_EQ(volunteerScore(119, s), 1);
  EXPECT_EQ(volunteerPoints(119, s), 2);
  EXPECT_EQ(volunteerScore(120, s), 2);
  EXPECT_EQ(volunteerPoints(120, s), 4);
}

TEST(VolunteerTest, NegativeOrZeroMinutesEarnNothing) {
  const Settings s;
  EXPECT_EQ(volunteerScore(0, s), 0);
  EXPECT_EQ(volunteerPoints(-60, s), 0);
  EXPECT_EQ(volunteerScore(kIntMin, s), 0);
}

TEST(VolunteerTest, RatesArePolicyAndSaturate) {
  Settings s;
  s.volunteer_score_per_hour = 3;
  s.volunteer_points_per_hour = 5;
  EXPECT_EQ(volunteerScore(180, s), 9);
  EXPECT_EQ(volunteerPoints(180, s), 15);
  s.volunteer_points_per_hour = 1000;
  EXPECT_EQ(volunteerPoints(kIntMax, s), kIntMax);
}

// ---- entry shape
// ---------------------------------------------------------------------------------

EntryShapeError shapeError(EntryKind k, int score, int points) {
  const auto r = checkEntryShape(k, score, points);
  EXPECT_FALSE(r.ok()) << toString(k) << " " << score << " " << points;
  return r.ok() ? EntryShapeError::ZeroEntry : r.error();
}

TEST(EntryShapeTest, ZeroEntryForEveryKind) {
  for (auto k :
       {EntryKind::CouncilAward, EntryKind::CouncilDeduction, EntryKind::VolunteerHours,
        EntryKind::FundReward, EntryKind::Redemption, EntryKind::Booking, EntryKind::Void}) {
    EXPECT_EQ(shapeError(k, 0, 0), EntryShapeError::ZeroEntry) << toString(k);
  }
}

TEST(EntryShapeTest, CouncilAward) {
  EXPECT_TRUE(checkEntryShape(EntryKind::CouncilAward, 5, 5).ok());
  EXPECT_TRUE(checkEntryShape(EntryKind::CouncilAward, 5, 0).ok());  // ratio 0 is policy
  EXPECT_EQ(shapeError(EntryKind::CouncilAward, -5, 0), EntryShapeError::WrongSign);
  EXPECT_EQ(shapeError(EntryKind::CouncilAward, 0, 5), EntryShapeError::WrongSign);
  EXPECT_EQ(shapeError(EntryKind::CouncilAward, 5, -5), EntryShapeError::WrongSign);
}

TEST(EntryShapeTest, CouncilDeductionNeverTouchesPoints) {
  EXPECT_TRUE(checkEntryShape(EntryKind::CouncilDeduction, -5, 0).ok());
  EXPECT_EQ(shapeError(EntryKind::CouncilDeduction, -5, -5), EntryShapeError::PointsOnDeduction);
  EXPECT_EQ(shapeError(EntryKind::CouncilDeduction, -5, 5), EntryShapeError::PointsOnDeduction);
  EXPECT_EQ(shapeError(EntryKind::CouncilDeduction, 5, 0), EntryShapeError::WrongSign);
}

TEST(EntryShapeTest, VolunteerHours) {
  EXPECT_TRUE(checkEntryShape(EntryKind::VolunteerHours, 1, 2).ok());
  EXPECT_TRUE(checkEntryShape(EntryKind::VolunteerHours, 0, 2).ok());
  EXPECT_TRUE(checkEntryShape(EntryKind::VolunteerHours, 1, 0).ok());
  EXPECT_EQ(shapeError(EntryKind::VolunteerHours, -1, 2), EntryShapeError::WrongSign);
  EXPECT_EQ(shapeError(EntryKind::VolunteerHours, 1, -2), EntryShapeError::WrongSign);
}

TEST(EntryShapeTest, FundRewardIsPointsOnly) {
  EXPECT_TRUE(checkEntryShape(EntryKind::FundReward, 0, 30).ok());
  EXPECT_EQ(shapeError(EntryKind::FundReward, 5, 30), EntryShapeError::ScoreOnWrongKind);
  EXPECT_EQ(shapeError(EntryKind::FundReward, 0, -30), EntryShapeError::WrongSign);
}

TEST(EntryShapeTest, RedemptionAndBookingOnlySpendPoints) {
  for (auto k : {EntryKind::Redemption, EntryKind::Booking}) {
    EXPECT_TRUE(checkEntryShape(k, 0, -10).ok()) << toString(k);
    // Redeeming goods never lowers the score.
    EXPECT_EQ(shapeError(k, -10, -10), EntryShapeError::ScoreOnWrongKind) << toString(k);
    EXPECT_EQ(shapeError(k, -10, 0), EntryShapeError::ScoreOnWrongKind) << toString(k);
    EXPECT_EQ(shapeError(k, 0, 10), EntryShapeError::WrongSign) << toString(k);
  }
}

TEST(EntryShapeTest, VoidMirrorsAnyEntry) {
  EXPECT_TRUE(checkEntryShape(EntryKind::Void, 0, 10).ok());   // reverses a redemption
  EXPECT_TRUE(checkEntryShape(EntryKind::Void, -5, -5).ok());  // reverses an award
  EXPECT_TRUE(checkEntryShape(EntryKind::Void, 5, 0).ok());    // reverses a deduction
  EXPECT_TRUE(checkEntryShape(EntryKind::Void, 0, -30).ok());  // reverses a fund reward
}

}  // namespace
}  // namespace rc::core
