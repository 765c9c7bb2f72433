#include "core/settings.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <optional>
#include <system_error>

#include "core/text.h"

// Sections: limits and small helpers; value parsers; the key table; parseSettings;
// settingsToText.

namespace rc::core {
namespace {

// The config is a short hand-edited file; anything far larger is a wrong file or an attack.
constexpr std::size_t kMaxTextBytes = std::size_t{64} * 1024;

constexpr int kMaxThreshold = 100'000;
constexpr int kMaxRate = 1'000;     // points or score per score point / per hour
constexpr int kMaxCount = 100'000;  // board sizes, candidates, limits
constexpr int kMaxStarStep = 100;
constexpr int kMaxCutoffMinutes = 7 * 24 * 60;  // a week

constexpr std::string_view kWhitespace = " \t";

std::string quoted(std::string_view s) {
  std::string out = "'";
  out += s;
  out += "'";
  return out;
}

// ---- value parsers -------------------------------------------------------------------------

// Whole token or nothing: "12abc", "+3", " 4" and "" are all rejected.
std::optional<int> parseInt(std::string_view token, int lo, int hi) noexcept {
  int value = 0;
  const char* begin = token.data();
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(begin, end, value);
  if (token.empty() || ec != std::errc{} || ptr != end || value < lo || value > hi) {
    return std::nullopt;
  }
  return value;
}

// "HH:MM" as minutes after midnight.
std::optional<int> parseClock(std::string_view token) noexcept {
  if (token.size() != 5 || token[2] != ':') return std::nullopt;
  const auto h = parseInt(token.substr(0, 2), 0, 23);
  const auto m = parseInt(token.substr(3, 2), 0, 59);
  if (!h || !m) return std::nullopt;
  return *h * 60 + *m;
}

std::string clockText(int minutes) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", (minutes / 60) % 24, minutes % 60);
  return buf;
}

std::optional<bool> parseBool(std::string_view token) noexcept {
  if (token == "true") {
    return true;
  }
  if (token == "false") {
    return false;
  }
  return std::nullopt;
}

constexpr std::array<std::pair<HouseholdRule, std::string_view>, 4> kHouseholdRuleNames = {{
    {HouseholdRule::Head, "head"},
    {HouseholdRule::AllMembers, "all_members"},
    {HouseholdRule::Average, "average"},
    {HouseholdRule::Majority, "majority"},
}};

std::optional<HouseholdRule> parseHouseholdRule(std::string_view token) noexcept {
  for (const auto& [rule, name] : kHouseholdRuleNames) {
    if (name == token) {
      return rule;
    }
  }
  return std::nullopt;
}

std::string intRangeMessage(std::string_view key, int lo, int hi, std::string_view got) {
  return quoted(key) + " must be a whole number from " + std::to_string(lo) + " to " +
         std::to_string(hi) + ", got " + quoted(got);
}

bool hasControlChar(std::string_view s) noexcept {
  return std::any_of(s.begin(), s.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
}

// `NAME MIN_SCORE POINTS`: the last two tokens are numbers, everything before them is the
// name, so a name may contain inner spaces (it cannot contain '#', which starts a comment).
std::optional<std::string> parseRewardLevel(std::string_view value, RewardLevel& out) {
  const std::string_view usage = "'reward_level' must be NAME MIN_SCORE POINTS";
  const auto pointsStart = value.find_last_of(kWhitespace);
  if (pointsStart == std::string_view::npos) {
    return std::string(usage) + ", got " + quoted(value);
  }
  const std::string_view pointsText = value.substr(pointsStart + 1);
  const std::string_view rest = trim(value.substr(0, pointsStart));
  const auto minStart = rest.find_last_of(kWhitespace);
  if (minStart == std::string_view::npos) {
    return std::string(usage) + ", got " + quoted(value);
  }
  const std::string_view minText = rest.substr(minStart + 1);
  const std::string_view name = trim(rest.substr(0, minStart));
  if (name.empty()) {
    return std::string(usage) + ", got " + quoted(value);
  }
  if (hasControlChar(name)) {
    return "reward level name " + quoted(name) + " contains a control character";
  }
  const auto minScore = parseInt(minText, 0, kMaxThreshold);
  if (!minScore) {
    return "reward level MIN_SCORE must be a whole number from 0 to " +
           std::to_string(kMaxThreshold) + ", got " + quoted(minText);
  }
  const auto points = parseInt(pointsText, 0, kMaxThreshold);
  if (!points) {
    return "reward level POINTS must be a whole number from 0 to " + std::to_string(kMaxThreshold) +
           ", got " + quoted(pointsText);
  }
  out = RewardLevel{std::string(name), *minScore, *points};
  return std::nullopt;
}

// ---- the key table -------------------------------------------------------------------------

enum class ValueType { Int, Bool, HouseholdRuleName, RewardLevelSpec, QuietHours };

struct KeySpec {
  std::string_view name;
  ValueType type;
  int lo = 0;
  int hi = 0;
  int Settings::*intField = nullptr;
  bool Settings::*boolField = nullptr;
  // One line of documentation, written above the key by settingsToText.
  std::string_view doc;
};

// Order here is the order of the documented config file.
constexpr std::array<KeySpec, 23> kKeys = {{
    {"welfare_threshold", ValueType::Int, 0, kMaxThreshold, &Settings::welfare_threshold, nullptr,
     "Score a villager needs (at or above) for festival welfare and for household welfare "
     "such as free farm-machinery service (0 to 100000). Source: 1005."},
    {"household_rule", ValueType::HouseholdRuleName, 0, 0, nullptr, nullptr,
     "Who decides a household's welfare: head (the household head's score), all_members "
     "(everyone at or above the threshold), average (members' average, rounded down), "
     "majority (more than half of the members)."},
    {"star_step", ValueType::Int, 1, kMaxStarStep, &Settings::star_step, nullptr,
     "One red star per full this-many points above 1000, one grey star per full this-many "
     "below (1 to 100). Source: 5."},
    {"award_points_per_score_point", ValueType::Int, 0, kMaxRate,
     &Settings::award_points_per_score_point, nullptr,
     "Redeemable points credited per score point of a council award (0 to 1000)."},
    {"volunteer_score_per_hour", ValueType::Int, 0, kMaxRate, &Settings::volunteer_score_per_hour,
     nullptr,
     "Score per full hour of volunteer service; minutes are rounded down to hours "
     "(0 to 1000)."},
    {"volunteer_points_per_hour", ValueType::Int, 0, kMaxRate, &Settings::volunteer_points_per_hour,
     nullptr, "Redeemable points per full hour of volunteer service (0 to 1000)."},
    {"board_top_size", ValueType::Int, 0, kMaxCount, &Settings::board_top_size, nullptr,
     "Monthly villager board: how many are commended at the top; a tie at the cut-off keeps "
     "everyone tied (0 to 100000)."},
    {"board_bottom_size", ValueType::Int, 0, kMaxCount, &Settings::board_bottom_size, nullptr,
     "Monthly villager board: how many at the bottom get a yellow card and a paired party "
     "member (0 to 100000)."},
    {"villager_board_excludes_party_members", ValueType::Bool, 0, 0, nullptr,
     &Settings::villager_board_excludes_party_members,
     "true: party members appear only on their own red/grey board; false: on both boards."},
    {"reward_level", ValueType::RewardLevelSpec, 0, 0, nullptr, nullptr,
     "Quarterly fund reward: reward_level = NAME MIN_SCORE POINTS, one line per level. "
     "The first line replaces all defaults; a score gets the highest level it reaches. "
     "MIN_SCORE and POINTS are 0 to 100000; names and MIN_SCOREs must differ."},
    {"reward_fen_per_point", ValueType::Int, 0, kMaxThreshold, &Settings::reward_fen_per_point,
     nullptr,
     "What the red credit fund pays for one reward point, in fen (100 fen = 1 yuan): a "
     "quarter's rewards draw their points times this from the fund (0 to 100000). Default 100: "
     "1 yuan per point."},
    {"credit_stars_per_year", ValueType::Int, 0, kMaxCount, &Settings::credit_stars_per_year,
     nullptr,
     "Credit stars the council names each year (source: 3); at most credit_star_candidates "
     "(0 to 100000)."},
    {"credit_star_candidates", ValueType::Int, 0, kMaxCount, &Settings::credit_star_candidates,
     nullptr,
     "How many candidates the kiosk proposes to the council for the credit stars "
     "(0 to 100000)."},
    {"credit_star_excludes_deducted", ValueType::Bool, 0, 0, nullptr,
     &Settings::credit_star_excludes_deducted,
     "true: a villager with any council deduction in the year cannot be a credit-star "
     "candidate."},
    {"default_per_order_limit", ValueType::Int, 1, kMaxCount, &Settings::default_per_order_limit,
     nullptr,
     "Supermarket: most units of one product in one order, unless the product sets its own "
     "(1 to 100000)."},
    {"offline_points_per_villager_per_day", ValueType::Int, 0, kMaxThreshold,
     &Settings::offline_points_per_villager_per_day, nullptr,
     "Points one villager may spend per day while the kiosk cannot reach the office "
     "(0 to 100000; 0: no offline spending)."},
    {"offline_slot_share_percent", ValueType::Int, 0, 100, &Settings::offline_slot_share_percent,
     nullptr,
     "Service hub: the share of each slot's places (percent, rounded down) a kiosk may book "
     "while it cannot reach the office; the other places need the office (0 to 100)."},
    {"booking_cancel_cutoff_minutes", ValueType::Int, 0, kMaxCutoffMinutes,
     &Settings::booking_cancel_cutoff_minutes, nullptr,
     "Service hub: a booking may be cancelled, points back, until this many minutes before its "
     "start (0 to 10080)."},
    {"haircut_request_points", ValueType::Int, 0, kMaxThreshold,
     &Settings::haircut_request_points, nullptr,
     "Points a haircut request costs the villager who asks (0 to 100000; 0: free)."},
    {"repair_request_points", ValueType::Int, 0, kMaxThreshold, &Settings::repair_request_points,
     nullptr, "Points a repair request costs the villager who asks (0 to 100000; 0: free)."},
    {"errand_request_points", ValueType::Int, 0, kMaxThreshold, &Settings::errand_request_points,
     nullptr, "Points an errand request costs the villager who asks (0 to 100000; 0: free)."},
    {"voice_volume", ValueType::Int, 0, 100, &Settings::voice_volume, nullptr,
     "Kiosk voice: how loud the kiosk speaks each screen's essentials (0 to 100; 0: silent)."},
    {"voice_quiet_hours", ValueType::QuietHours, 0, 0, nullptr, nullptr,
     "Kiosk voice: HH:MM-HH:MM (China Standard Time; past midnight wraps) during which the "
     "kiosk speaks only when a villager taps 再听一遍 (Say it again); off: no quiet hours."},
}};

const KeySpec* findKey(std::string_view name) noexcept {
  for (const auto& spec : kKeys) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

SettingsError errorAt(int line, std::string message) {
  return SettingsError{line, std::move(message)};
}

// Applies one `key = value`; returns a message (without the line prefix) on failure.
std::optional<std::string> applyValue(const KeySpec& spec, std::string_view value, Settings& out,
                                      bool firstRewardLevel) {
  switch (spec.type) {
    case ValueType::Int: {
      const auto parsed = parseInt(value, spec.lo, spec.hi);
      if (!parsed) {
        return intRangeMessage(spec.name, spec.lo, spec.hi, value);
      }
      out.*spec.intField = *parsed;
      return std::nullopt;
    }
    case ValueType::Bool: {
      const auto parsed = parseBool(value);
      if (!parsed) {
        return quoted(spec.name) + " must be true or false, got " + quoted(value);
      }
      out.*spec.boolField = *parsed;
      return std::nullopt;
    }
    case ValueType::HouseholdRuleName: {
      const auto parsed = parseHouseholdRule(value);
      if (!parsed) {
        return "'household_rule' must be one of head, all_members, average, majority, got " +
               quoted(value);
      }
      out.household_rule = *parsed;
      return std::nullopt;
    }
    case ValueType::RewardLevelSpec: {
      RewardLevel level;
      if (auto problem = parseRewardLevel(value, level)) {
        return problem;
      }
      if (firstRewardLevel) {
        out.reward_levels.clear();
      }
      for (const auto& existing : out.reward_levels) {
        if (existing.name == level.name) {
          return "reward level " + quoted(level.name) + " is defined twice";
        }
        if (existing.min_score == level.min_score) {
          return "reward levels " + quoted(existing.name) + " and " + quoted(level.name) +
                 " have the same MIN_SCORE " + std::to_string(level.min_score);
        }
      }
      out.reward_levels.push_back(std::move(level));
      return std::nullopt;
    }
    case ValueType::QuietHours: {
      if (value == "off") {
        out.voice_quiet_from = out.voice_quiet_to = 0;
        return std::nullopt;
      }
      const auto dash = value.find('-');
      const auto from = dash == std::string_view::npos ? std::nullopt : parseClock(value.substr(0, dash));
      const auto to = dash == std::string_view::npos ? std::nullopt : parseClock(value.substr(dash + 1));
      if (!from || !to || *from == *to) {
        return quoted(spec.name) + " must be HH:MM-HH:MM (two different times) or off, got " +
               quoted(value);
      }
      out.voice_quiet_from = *from;
      out.voice_quiet_to = *to;
      return std::nullopt;
    }
  }
  return "unsupported value type";
}

// The text is read by office clerks in a plain editor, so comments wrap like prose.
void appendWrappedComment(std::string& out, std::string_view doc) {
  constexpr std::size_t kWidth = 92;
  std::string line = "#";
  std::size_t pos = 0;
  while (pos < doc.size()) {
    const auto space = doc.find(' ', pos);
    const auto word = doc.substr(pos, space == std::string_view::npos ? space : space - pos);
    pos = (space == std::string_view::npos) ? doc.size() : space + 1;
    if (word.empty()) {
      continue;
    }
    if (line.size() > 1 && line.size() + 1 + word.size() > kWidth) {
      out += line;
      out += '\n';
      line = "#";
    }
    line += ' ';
    line += word;
  }
  out += line;
  out += '\n';
}

}  // namespace

std::string_view toString(HouseholdRule rule) noexcept {
  for (const auto& [r, name] : kHouseholdRuleNames) {
    if (r == rule) {
      return name;
    }
  }
  return "unknown";
}

Result<Settings, SettingsError> parseSettings(std::string_view text) {
  if (text.size() > kMaxTextBytes) {
    return err(errorAt(0, "settings text is " + std::to_string(text.size()) +
                              " bytes, more than the limit of " + std::to_string(kMaxTextBytes)));
  }
  Settings out;
  std::array<int, kKeys.size()> firstSeenLine{};  // 0 = not yet seen
  bool sawRewardLevel = false;
  auto read = readKeyValues(text, [&](int lineNo, std::string_view key,
                                      std::string_view value) -> std::optional<std::string> {
    const KeySpec* spec = findKey(key);
    if (spec == nullptr) return "unknown key " + quoted(key);
    if (value.empty()) return "missing value for " + quoted(key);
    const auto index = static_cast<std::size_t>(spec - kKeys.data());
    const bool repeatable = spec->type == ValueType::RewardLevelSpec;
    if (!repeatable && firstSeenLine[index] != 0) {
      return "duplicate key " + quoted(key) + " (first set on line " +
             std::to_string(firstSeenLine[index]) + ")";
    }
    if (firstSeenLine[index] == 0) firstSeenLine[index] = lineNo;
    if (auto problem = applyValue(*spec, value, out, repeatable && !sawRewardLevel)) {
      return problem;
    }
    sawRewardLevel = sawRewardLevel || repeatable;
    return std::nullopt;
  });
  if (!read) return err(errorAt(read.error().line, read.error().message));

  // A stated count the council cannot fill from its candidates is a contradiction in the file.
  if (out.credit_stars_per_year > out.credit_star_candidates) {
    const auto lineOf = [&](std::string_view name) {
      return firstSeenLine[static_cast<std::size_t>(findKey(name) - kKeys.data())];
    };
    return err(errorAt(std::max(lineOf("credit_stars_per_year"), lineOf("credit_star_candidates")),
                       "credit_stars_per_year (" + std::to_string(out.credit_stars_per_year) +
                           ") is more than credit_star_candidates (" +
                           std::to_string(out.credit_star_candidates) + ")"));
  }

  // rewardLevelFor reads them highest first; stable so equal inputs give equal output.
  std::stable_sort(
      out.reward_levels.begin(), out.reward_levels.end(),
      [](const RewardLevel& a, const RewardLevel& b) { return a.min_score > b.min_score; });
  return out;
}

std::string settingsToText(const Settings& settings) {
  std::string out;
  out += "# Red credit policy settings (红色信用管理办法).\n";
  out += "# The choices the method leaves to the village; everything else is fixed in code.\n";
  out += "# One 'key = value' per line; '#' starts a comment; a key left out keeps its default.\n";
  out += "# Scores start at 1000 for everyone; that base is fixed by the method, not set here.\n";
  for (const auto& spec : kKeys) {
    out += '\n';
    appendWrappedComment(out, spec.doc);
    switch (spec.type) {
      case ValueType::Int:
        out += spec.name;
        out += " = ";
        out += std::to_string(settings.*spec.intField);
        out += '\n';
        break;
      case ValueType::Bool:
        out += spec.name;
        out += " = ";
        out += (settings.*spec.boolField) ? "true" : "false";
        out += '\n';
        break;
      case ValueType::HouseholdRuleName:
        out += spec.name;
        out += " = ";
        out += toString(settings.household_rule);
        out += '\n';
        break;
      case ValueType::RewardLevelSpec:
        for (const auto& level : settings.reward_levels) {
          out += spec.name;
          out += " = ";
          out += level.name;
          out += ' ';
          out += std::to_string(level.min_score);
          out += ' ';
          out += std::to_string(level.points);
          out += '\n';
        }
        break;
      case ValueType::QuietHours:
        out += spec.name;
        out += " = ";
        out += settings.voice_quiet_from == settings.voice_quiet_to
                   ? std::string("off")
                   : clockText(settings.voice_quiet_from) + "-" + clockText(settings.voice_quiet_to);
        out += '\n';
        break;
    }
  }
  return out;
}

bool inQuietHours(const Settings& settings, int minute_of_day) noexcept {
  const int from = settings.voice_quiet_from;
  const int to = settings.voice_quiet_to;
  if (from == to) return false;
  if (from < to) return minute_of_day >= from && minute_of_day < to;
  return minute_of_day >= from || minute_of_day < to;
}

int voiceVolumeAt(const Settings& settings, int minute_of_day, bool asked) noexcept {
  if (!asked && inQuietHours(settings, minute_of_day)) return 0;
  return settings.voice_volume;
}

}  // namespace rc::core
