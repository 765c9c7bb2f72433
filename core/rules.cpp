#include "core/rules.h"

#include <algorithm>
#include <cstdint>
#include <limits>

namespace rc::core {
namespace {

constexpr int kMinutesPerHour = 60;

// Settings may be built in code rather than parsed; a zero or negative step must not divide.
int safeStarStep(const Settings& s) noexcept { return std::max(1, s.star_step); }

// Products of scores and rates are computed in 64 bits and clamped, so a silly rate can never
// wrap a credit into a debit.
int clampToInt(std::int64_t v) noexcept {
  constexpr std::int64_t kMax = std::numeric_limits<int>::max();
  constexpr std::int64_t kMin = std::numeric_limits<int>::min();
  return static_cast<int>(std::clamp(v, kMin, kMax));
}

// Rounds towards negative infinity, so an average of -1.5 is -2, not -1.
std::int64_t floorDiv(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

int fullHours(int minutes) noexcept { return minutes > 0 ? minutes / kMinutesPerHour : 0; }

}  // namespace

Stars starsFor(int score, const Settings& s) noexcept {
  const std::int64_t diff = static_cast<std::int64_t>(score) - kBaseScore;
  const std::int64_t step = safeStarStep(s);
  Stars stars;
  if (diff > 0) {
    stars.red = clampToInt(diff / step);
  } else if (diff < 0) {
    stars.grey = clampToInt(-diff / step);
  }
  return stars;
}

bool welfareEligible(int score, const Settings& s) noexcept { return score >= s.welfare_threshold; }

bool householdEligible(std::span<const HouseholdMember> members, const Settings& s) noexcept {
  if (members.empty()) {
    return false;
  }
  const auto passes = [&](const HouseholdMember& m) { return welfareEligible(m.score, s); };
  switch (s.household_rule) {
    case HouseholdRule::Head: {
      const auto head = std::find_if(members.begin(), members.end(),
                                     [](const HouseholdMember& m) { return m.is_head; });
      return head != members.end() && passes(*head);
    }
    case HouseholdRule::AllMembers:
      return std::all_of(members.begin(), members.end(), passes);
    case HouseholdRule::Average: {
      std::int64_t sum = 0;
      for (const auto& m : members) {
        sum += m.score;
      }
      const std::int64_t mean = floorDiv(sum, static_cast<std::int64_t>(members.size()));
      return mean >= s.welfare_threshold;
    }
    case HouseholdRule::Majority: {
      const auto passing = std::count_if(members.begin(), members.end(), passes);
      return static_cast<std::size_t>(passing) * 2 > members.size();
    }
  }
  return false;
}

std::optional<RewardLevel> rewardLevelFor(int score, const Settings& s) {
  // Not relying on the parsed order: Settings built in code may list levels in any order.
  const RewardLevel* best = nullptr;
  for (const auto& level : s.reward_levels) {
    if (score >= level.min_score && (best == nullptr || level.min_score > best->min_score)) {
      best = &level;
    }
  }
  if (best == nullptr) {
    return std::nullopt;
  }
  return *best;
}

int awardPoints(int score_delta, const Settings& s) noexcept {
  if (score_delta <= 0 || s.award_points_per_score_point <= 0) {
    return 0;
  }
  return clampToInt(static_cast<std::int64_t>(score_delta) * s.award_points_per_score_point);
}

int volunteerScore(int minutes, const Settings& s) noexcept {
  const int rate = std::max(0, s.volunteer_score_per_hour);
  return clampToInt(static_cast<std::int64_t>(fullHours(minutes)) * rate);
}

int volunteerPoints(int minutes, const Settings& s) noexcept {
  const int rate = std::max(0, s.volunteer_points_per_hour);
  return clampToInt(static_cast<std::int64_t>(fullHours(minutes)) * rate);
}

std::optional<std::int64_t> addToBalance(std::int64_t balance, std::int64_t delta) noexcept {
  if (balance < -kMaxBalance || balance > kMaxBalance || delta < -kMaxBalance ||
      delta > kMaxBalance) {
    return std::nullopt;
  }
  // Both within ±1e9: the sum cannot overflow 64 bits, only leave the range.
  const std::int64_t sum = balance + delta;
  if (sum < -kMaxBalance || sum > kMaxBalance) return std::nullopt;
  return sum;
}

Status<EntryShapeError> checkEntryShape(EntryKind kind, std::int64_t score_delta,
                                        std::int64_t points_delta) noexcept {
  // A free booking writes no entry at all, so an all-zero entry is a bug for every kind.
  if (score_delta == 0 && points_delta == 0) {
    return err(EntryShapeError::ZeroEntry);
  }
  if (score_delta < -kMaxEntryAmount || score_delta > kMaxEntryAmount ||
      points_delta < -kMaxEntryAmount || points_delta > kMaxEntryAmount) {
    return err(EntryShapeError::OverBound);
  }
  switch (kind) {
    case EntryKind::CouncilAward:
      if (score_delta <= 0 || points_delta < 0) {
        return err(EntryShapeError::WrongSign);
      }
      return Ok{};
    case EntryKind::CouncilDeduction:
      // Checked before the sign: points on a deduction is the more specific mistake.
      if (points_delta != 0) {
        return err(EntryShapeError::PointsOnDeduction);
      }
      if (score_delta >= 0) {
        return err(EntryShapeError::WrongSign);
      }
      return Ok{};
    case EntryKind::VolunteerHours:
      if (score_delta < 0 || points_delta < 0) {
        return err(EntryShapeError::WrongSign);
      }
      return Ok{};
    case EntryKind::FundReward:
      if (score_delta != 0) {
        return err(EntryShapeError::ScoreOnWrongKind);
      }
      if (points_delta <= 0) {
        return err(EntryShapeError::WrongSign);
      }
      return Ok{};
    case EntryKind::Redemption:
    case EntryKind::Booking:
      // Redeeming goods never lowers the score: the two numbers must never mix.
      if (score_delta != 0) {
        return err(EntryShapeError::ScoreOnWrongKind);
      }
      if (points_delta >= 0) {
        return err(EntryShapeError::WrongSign);
      }
      return Ok{};
    case EntryKind::Void:
      // A void mirrors whatever it reverses, so any non-zero shape is legitimate.
      return Ok{};
  }
  return err(EntryShapeError::WrongSign);  // an out-of-range kind never reaches the ledger
}

std::string_view explain(EntryShapeError e) noexcept {
  switch (e) {
    case EntryShapeError::ZeroEntry: return "the entry moves nothing";
    case EntryShapeError::ScoreOnWrongKind: return "an entry of this kind never moves the score";
    case EntryShapeError::WrongSign: return "the amounts have the wrong sign for this kind";
    case EntryShapeError::PointsOnDeduction: return "a deduction never moves points";
    case EntryShapeError::OverBound: return "an amount is over the per-entry bound of 1000000";
  }
  return "the amounts do not fit the kind";
}

Status<KioskEntryError> checkKioskEntry(EntryKind kind, std::int64_t score_delta,
                                        std::int64_t points_delta) noexcept {
  switch (kind) {
    case EntryKind::Redemption:
    case EntryKind::Booking:
      if (score_delta != 0) return err(KioskEntryError::ScoreMoved);
      if (points_delta >= 0) return err(KioskEntryError::NotSpending);
      if (points_delta < -kMaxKioskPoints) return err(KioskEntryError::OverBound);
      return Ok{};
    case EntryKind::Void:
      // Mirrors its target, which must be one of the kiosk's own spending entries: the
      // office checks that against what it recorded.
      if (score_delta != 0) return err(KioskEntryError::ScoreMoved);
      if (points_delta <= 0) return err(KioskEntryError::NotSpending);
      if (points_delta > kMaxKioskPoints) return err(KioskEntryError::OverBound);
      return Ok{};
    case EntryKind::CouncilAward:
    case EntryKind::CouncilDeduction:
    case EntryKind::VolunteerHours:
    case EntryKind::FundReward:
      break;
  }
  return err(KioskEntryError::OfficeOnlyKind);
}

std::string_view explain(KioskEntryError e) noexcept {
  switch (e) {
    case KioskEntryError::OfficeOnlyKind:
      return "a kiosk may not record this kind: council awards and deductions, volunteer hours "
             "and fund rewards are made by the office";
    case KioskEntryError::ScoreMoved: return "a kiosk entry never moves the score";
    case KioskEntryError::NotSpending:
      return "a redemption or booking must take points, and a void give them back";
    case KioskEntryError::OverBound:
      return "more points than one kiosk entry may move (100000)";
  }
  return "not a kiosk entry";
}

}  // namespace rc::core
