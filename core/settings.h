#pragma once
// The policy knobs of the red credit method: every choice the source leaves open lives here,
// with documented defaults, loaded from one config file (assets/red_credit.conf).
// Pure value; parsing takes text, the caller reads the file.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace rc::core {

// How a household's eligibility for household welfare (free farm-machinery service) is decided.
enum class HouseholdRule {
  Head,        // the household head's score (default)
  AllMembers,  // every member at or above the threshold
  Average,     // the members' average score (rounded down) at or above the threshold
  Majority,    // more than half of the members at or above the threshold
};

// A quarterly reward level: villagers with score >= min_score get `points` from the fund.
struct RewardLevel {
  std::string name;
  int min_score = 0;
  int points = 0;
  bool operator==(const RewardLevel&) const = default;
};

struct Settings {
  // Welfare (festival welfare per person, farm machinery per household) needs score >= this.
  int welfare_threshold = 1005;
  HouseholdRule household_rule = HouseholdRule::Head;

  // One red (grey) star per full `star_step` points above (below) the base score.
  int star_step = 5;

  // Points credited per score point of a council award.
  int award_points_per_score_point = 1;
  // Volunteer hours: score and points per full hour served (minutes are rounded down to hours
  // after summing one session).
  int volunteer_score_per_hour = 1;
  int volunteer_points_per_hour = 2;

  // Monthly villager board: top N commended, bottom N yellow-carded with a paired party member.
  int board_top_size = 10;
  int board_bottom_size = 10;
  // Party members have their own red/grey board; by default they are not on the villager board.
  bool villager_board_excludes_party_members = true;

  // Quarterly fund rewards, highest level first when matched.
  std::vector<RewardLevel> reward_levels = {
      {"一等", 1030, 100},
      {"二等", 1015, 60},
      {"三等", 1005, 30},
  };
  // What the red credit fund pays for one reward point, in fen (100 fen = 1 yuan): a quarter's
  // rewards draw points × this from the fund.
  int reward_fen_per_point = 100;

  // Annual credit stars: the council picks `credit_stars_per_year` from this many candidates.
  int credit_stars_per_year = 3;
  int credit_star_candidates = 10;
  // A villager with any council deduction in the year is not a candidate.
  bool credit_star_excludes_deducted = true;

  // Supermarket: at most this many of one product in one order, unless the product says less.
  int default_per_order_limit = 5;

  // Kiosk offline: points one villager may spend per day without the office reachable.
  int offline_points_per_villager_per_day = 200;

  // Service hub. Offline, a kiosk may fill only this share of each slot's places
  // (core::offlineBookable); the last places need the office.
  int offline_slot_share_percent = 50;
  // A booking may be cancelled (points back, place freed) until this long before its start.
  int booking_cancel_cutoff_minutes = 60;
  // Points a haircut, repair or errand request costs the requester (0: free).
  int haircut_request_points = 0;
  int repair_request_points = 0;
  int errand_request_points = 0;

  // Kiosk voice: loudness 0..100 (0: silent), and quiet hours (minutes after midnight, China
  // Standard Time; from == to: none) during which the kiosk speaks only when 再听一遍 is tapped.
  int voice_volume = 80;
  int voice_quiet_from = 22 * 60;
  int voice_quiet_to = 7 * 60;

  bool operator==(const Settings&) const = default;
};

struct SettingsError {
  int line = 0;  // 1-based; 0 when not tied to a line
  std::string message;
};

// Parses `key = value` lines ('#' starts a comment). Unknown keys, malformed values and
// out-of-range numbers are errors naming the line. Keys absent from the text keep defaults.
// reward levels: `reward_level = NAME MIN_SCORE POINTS`, repeated; the first one replaces
// the defaults.
Result<Settings, SettingsError> parseSettings(std::string_view text);

// The settings as config text that parseSettings reads back to an equal value, with comments.
std::string settingsToText(const Settings& settings);

std::string_view toString(HouseholdRule rule) noexcept;

// Whether `minute_of_day` (0..1439, China Standard Time) falls in the voice's quiet hours
// (from inclusive, to exclusive; a span past midnight wraps).
bool inQuietHours(const Settings& settings, int minute_of_day) noexcept;
// The loudness (0..100) the kiosk speaks with at `minute_of_day`: the policy's volume, or 0 in
// quiet hours unless the villager asked (再听一遍).
int voiceVolumeAt(const Settings& settings, int minute_of_day, bool asked) noexcept;

}  // namespace rc::core
