#include "core/settings.h"

#include <gtest/gtest.h>

#include <string>

namespace rc::core {
namespace {

// Parses text expected to be rejected and returns the error.
SettingsError parseError(std::string_view text) {
  auto r = parseSettings(text);
  EXPECT_FALSE(r.ok()) << "accepted:\n" << text;
  if (r.ok()) {
    return {};
  }
  return r.error();
}

TEST(SettingsTest, EmptyTextKeepsTheSourceDefaults) {
  auto r = parseSettings("");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(*r, Settings{});
  EXPECT_EQ(r->welfare_threshold, 1005);
  EXPECT_EQ(r->star_step, 5);
  EXPECT_EQ(r->household_rule, HouseholdRule::Head);
  EXPECT_EQ(r->board_top_size, 10);
  EXPECT_EQ(r->board_bottom_size, 10);
  EXPECT_EQ(r->credit_stars_per_year, 3);
}

TEST(SettingsTest, CommentsBlankLinesAndWhitespaceAreIgnored) {
  auto r = parseSettings(
      "# village policy\n"
      "\n"
      "   \t\n"
      "  welfare_threshold\t=  1010   # raised in 2024\n"
      "star_step=10\r\n"
      "household_rule = majority\n");
  ASSERT_TRUE(r.ok()) << r.error().line << ": " << r.error().message;
  EXPECT_EQ(r->welfare_threshold, 1010);
  EXPECT_EQ(r->star_step, 10);
  EXPECT_EQ(r->household_rule, HouseholdRule::Majority);
  EXPECT_EQ(r->volunteer_points_per_hour, Settings{}.volunteer_points_per_hour);
}

TEST(SettingsTest, EveryKeyIsSettable) {
  auto r = parseSettings(
      "welfare_threshold = 1020\n"
      "household_rule = average\n"
      "star_step = 1\n"
      "award_points_per_score_point = 3\n"
      "volunteer_score_per_hour = 2\n"
      "volunteer_points_per_hour = 7\n"
      "board_top_size = 5\n"
      "board_bottom_size = 0\n"
      "villager_board_excludes_party_members = false\n"
      "reward_level = gold 1040 200\n"
      "reward_fen_per_point = 250\n"
      "credit_stars_per_year = 2\n"
      "credit_star_candidates = 6\n"
      "credit_star_excludes_deducted = false\n"
      "default_per_order_limit = 2\n"
      "offline_points_per_villager_per_day = 0\n"
      "offline_slot_share_percent = 25\n"
      "booking_cancel_cutoff_minutes = 30\n"
      "haircut_request_points = 4\n"
      "repair_request_points = 0\n"
      "errand_request_points = 2\n");
  ASSERT_TRUE(r.ok()) << r.error().line << ": " << r.error().message;
  const Settings& s = *r;
  EXPECT_EQ(s.welfare_threshold, 1020);
  EXPECT_EQ(s.household_rule, HouseholdRule::Average);
  EXPECT_EQ(s.star_step, 1);
  EXPECT_EQ(s.award_points_per_score_point, 3);
  EXPECT_EQ(s.volunteer_score_per_hour, 2);
  EXPECT_EQ(s.volunteer_points_per_hour, 7);
  EXPECT_EQ(s.board_top_size, 5);
  EXPECT_EQ(s.board_bottom_size, 0);
  EXPECT_FALSE(s.villager_board_excludes_party_members);
  ASSERT_EQ(s.reward_levels.size(), 1u);
  EXPECT_EQ(s.reward_levels[0], (RewardLevel{"gold", 1040, 200}));
  EXPECT_EQ(s.reward_fen_per_point, 250);
  EXPECT_EQ(s.credit_stars_per_year, 2);
  EXPECT_EQ(s.credit_star_candidates, 6);
  EXPECT_FALSE(s.credit_star_excludes_deducted);
  EXPECT_EQ(s.default_per_order_limit, 2);
  EXPECT_EQ(s.offline_points_per_villager_per_day, 0);
  EXPECT_EQ(s.offline_slot_share_percent, 25);
  EXPECT_EQ(s.booking_cancel_cutoff_minutes, 30);
  EXPECT_EQ(s.haircut_request_points, 4);
  EXPECT_EQ(s.repair_request_points, 0);
  EXPECT_EQ(s.errand_request_points, 2);
}

TEST(SettingsTest, HouseholdRuleNames) {
  EXPECT_EQ(parseSettings("household_rule = head")->household_rule, HouseholdRule::Head);
  EXPECT_EQ(parseSettings("household_rule = all_members")->household_rule,
            HouseholdRule::AllMembers);
  EXPECT_EQ(parseSettings("household_rule = average")->household_rule, HouseholdRule::Average);
  EXPECT_EQ(parseSettings("household_rule = majority")->household_rule, HouseholdRule::Majority);
  EXPECT_EQ(toString(HouseholdRule::AllMembers), "all_members");
}

TEST(SettingsTest, FirstRewardLevelReplacesDefaultsAndLevelsAreSortedHighestFirst) {
  auto r = parseSettings(
      "reward_level = 铜 1005 10\n"
      "reward_level = 金 1050 90\n"
      "reward_level = 银 1020 40\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->reward_levels.size(), 3u);
  EXPECT_EQ(r->reward_levels[0], (RewardLevel{"金", 1050, 90}));
  EXPECT_EQ(r->reward_levels[1], (RewardLevel{"银", 1020, 40}));
  EXPECT_EQ(r->reward_levels[2], (RewardLevel{"铜", 1005, 10}));
}

TEST(SettingsTest, RewardLevelNameMayContainSpaces) {
  auto r = parseSettings("reward_level = first  class 1030 100\n");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->reward_levels.size(), 1u);
  EXPECT_EQ(r->reward_levels[0].name, "first  class");
}

TEST(SettingsTest, DefaultsRoundTripThroughText) {
  const std::string text = settingsToText(Settings{});
  auto r = parseSettings(text);
  ASSERT_TRUE(r.ok()) << r.error().line << ": " << r.error().message << "\n" << text;
  EXPECT_EQ(*r, Settings{});
}

TEST(SettingsTest, CustomSettingsRoundTripThroughText) {
  Settings s;
  s.welfare_threshold = 990;
  s.household_rule = HouseholdRule::AllMembers;
  s.star_step = 7;
  s.award_points_per_score_point = 0;
  s.volunteer_score_per_hour = 3;
  s.volunteer_points_per_hour = 11;
  s.board_top_size = 12;
  s.board_bottom_size = 8;
  s.villager_board_excludes_party_members = false;
  s.reward_levels = {{"特等 奖", 1100, 500}, {"一等", 1030, 100}};
  s.reward_fen_per_point = 37;
  s.credit_stars_per_year = 4;
  s.credit_star_candidates = 4;
  s.credit_star_excludes_deducted = false;
  s.default_per_order_limit = 9;
  s.offline_points_per_villager_per_day = 50;
  const std::string text = settingsToText(s);
  auto r = parseSettings(text);
  ASSERT_TRUE(r.ok()) << r.error().line << ": " << r.error().message << "\n" << text;
  EXPECT_EQ(*r, s);
}

TEST(SettingsTest, TextDocumentsEveryKeyWithACommentAboveIt) {
  const std::string text = settingsToText(Settings{});
  for (const char* key :
       {"welfare_threshold", "household_rule", "star_step", "award_points_per_score_point",
        "volunteer_score_per_hour", "volunteer_points_per_hour", "board_top_size",
        "board_bottom_size", "villager_board_excludes_party_members", "reward_level",
        "reward_fen_per_point",
        "credit_stars_per_year", "credit_star_candidates", "credit_star_excludes_deducted",
        "default_per_order_limit", "offline_points_per_villager_per_day"}) {
    const std::string assignment = std::string("\n") + key + " = ";
    const auto at = text.find(assignment);
    ASSERT_NE(at, std::string::npos) << key;
    // The line before the (first) assignment is a comment.
    const auto prevLineStart = text.rfind('\n', at - 1);
    ASSERT_NE(prevLineStart, std::string::npos) << key;
    EXPECT_EQ(text[prevLineStart + 1], '#') << key;
  }
  EXPECT_NE(text.find("welfare_threshold = 1005\n"), std::string::npos);
  EXPECT_NE(text.find("reward_level = 一等 1030 100\n"), std::string::npos);
}

// ---- errors, each naming its line --------------------------------------------------------

TEST(SettingsErrorTest, UnknownKeyNamesLineAndKey) {
  const auto e = parseError("# header\nstar_step = 5\n\nfoo = 1\n");
  EXPECT_EQ(e.line, 4);
  EXPECT_NE(e.message.find("unknown key 'foo'"), std::string::npos) << e.message;
}

TEST(SettingsErrorTest, KeysAreCaseSensitive) {
  const auto e = parseError("Star_Step = 5\n");
  EXPECT_EQ(e.line, 1);
  EXPECT_NE(e.message.find("unknown key"), std::string::npos);
}

TEST(SettingsErrorTest, LineWithoutEquals) {
  const auto e = parseError("star_step = 5\nwelfare_threshold 1005\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("key = value"), std::string::npos) << e.message;
}

TEST(SettingsErrorTest, MissingKeyOrValue) {
  auto e = parseError("= 5\n");
  EXPECT_EQ(e.line, 1);
  EXPECT_NE(e.message.find("missing key"), std::string::npos) << e.message;
  e = parseError("\n\nstar_step =   # forgot\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("missing value for 'star_step'"), std::string::npos) << e.message;
}

TEST(SettingsErrorTest, MalformedIntegersAreRejectedWholeToken) {
  for (const char* value :
       {"5x", "x5", "+5", "5.0", "0x10", "5 5", "--5", "99999999999999999999"}) {
    const auto e = parseError(std::string("star_step = ") + value + "\n");
    EXPECT_EQ(e.line, 1) << value;
    EXPECT_NE(e.message.find("'star_step' must be a whole number from 1 to 100"), std::string::npos)
        << e.message;
  }
}

TEST(SettingsErrorTest, RangesAtTheirBoundaries) {
  EXPECT_TRUE(parseSettings("star_step = 1").ok());
  EXPECT_TRUE(parseSettings("star_step = 100").ok());
  EXPECT_EQ(parseError("star_step = 0").line, 1);
  EXPECT_EQ(parseError("star_step = 101").line, 1);
  EXPECT_TRUE(parseSettings("welfare_threshold = 0").ok());
  EXPECT_TRUE(parseSettings("welfare_threshold = 100000").ok());
  EXPECT_FALSE(parseSettings("welfare_threshold = 100001").ok());
  EXPECT_FALSE(parseSettings("welfare_threshold = -1").ok());
  EXPECT_FALSE(parseSettings("board_top_size = -1").ok());
  EXPECT_FALSE(parseSettings("award_points_per_score_point = -2").ok());
  EXPECT_TRUE(parseSettings("default_per_order_limit = 1").ok());
  EXPECT_FALSE(parseSettings("default_per_order_limit = 0").ok());
  EXPECT_TRUE(parseSettings("reward_fen_per_point = 0").ok());
  EXPECT_TRUE(parseSettings("reward_fen_per_point = 100000").ok());
  EXPECT_EQ(parseError("\nreward_fen_per_point = 100001").line, 2);
  EXPECT_FALSE(parseSettings("reward_fen_per_point = 1.5").ok());
}

TEST(SettingsErrorTest, BadEnumAndBoolValues) {
  auto e = parseError("household_rule = Head\n");
  EXPECT_EQ(e.line, 1);
  EXPECT_NE(e.message.find("head, all_members, average, majority"), std::string::npos);
  e = parseError("\nvillager_board_excludes_party_members = yes\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("true or false"), std::string::npos) << e.message;
  EXPECT_FALSE(parseSettings("credit_star_excludes_deducted = 1").ok());
  EXPECT_FALSE(parseSettings("credit_star_excludes_deducted = TRUE").ok());
}

TEST(SettingsErrorTest, DuplicateScalarKeyNamesBothLines) {
  const auto e = parseError("star_step = 5\nwelfare_threshold = 1005\nstar_step = 6\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("duplicate key 'star_step'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("line 1"), std::string::npos) << e.message;
}

TEST(SettingsErrorTest, MalformedRewardLevels) {
  for (const char* value : {"gold", "gold 1030", "1030 100", "gold x 100", "gold 1030 -5",
                            "gold 1030 100x", "gold -1 100"}) {
    const auto e = parseError(std::string("# levels\nreward_level = ") + value + "\n");
    EXPECT_EQ(e.line, 2) << value;
  }
}

TEST(SettingsErrorTest, AmbiguousRewardLevels) {
  auto e = parseError("reward_level = a 1030 100\nreward_level = b 1030 50\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("same MIN_SCORE"), std::string::npos) << e.message;
  e = parseError("reward_level = a 1030 100\nreward_level = a 1010 50\n");
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("defined twice"), std::string::npos) << e.message;
}

TEST(SettingsErrorTest, MoreStarsThanCandidates) {
  const auto e = parseError("credit_star_candidates = 2\n\ncredit_stars_per_year = 3\n");
  EXPECT_EQ(e.line, 3);
  EXPECT_NE(e.message.find("credit_stars_per_year"), std::string::npos);
}

TEST(SettingsErrorTest, OverlongLine) {
  const std::string ok = "# " + std::string(1022, 'x') + "\n";  // exactly 1024 characters
  EXPECT_TRUE(parseSettings(ok).ok());
  const std::string tooLong = "star_step = 5\n# " + std::string(1023, 'x') + "\n";
  const auto e = parseError(tooLong);
  EXPECT_EQ(e.line, 2);
  EXPECT_NE(e.message.find("1024"), std::string::npos) << e.message;
}

TEST(SettingsErrorTest, OversizedText) {
  std::string text;
  while (text.size() <= 64 * 1024) {
    text += "# padding padding padding padding padding padding padding padding\n";
  }
  const auto e = parseError(text);
  EXPECT_EQ(e.line, 0);
  EXPECT_FALSE(e.message.empty());
}

TEST(SettingsTest, ByteOrderMarkAndMissingFinalNewlineAreAccepted) {
  auto r = parseSettings("\xEF\xBB\xBFstar_step = 6");
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->star_step, 6);
}

}  // namespace
}  // namespace rc::core
