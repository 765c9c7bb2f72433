#pragma once
// Per-villager rules of the red credit method: stars, welfare threshold, rewards, volunteer
// hours. Pure functions of scores and settings.

#include <optional>
#include <span>

#include "core/settings.h"
#include "core/types.h"

namespace rc::core {

struct Stars {
  int red = 0;   // one per full star_step above the base score (1004 -> 0, 1005 -> 1, 1012 -> 2)
  int grey = 0;  // one per full star_step below it (996 -> 0, 995 -> 1)
  bool operator==(const Stars&) const = default;
};

Stars starsFor(int score, const Settings& s) noexcept;

// Festival welfare per person: score >= welfare_threshold.
bool welfareEligible(int score, const Settings& s) noexcept;

struct HouseholdMember {
  VillagerId id = 0;
  int score = kBaseScore;
  bool is_head = false;
};

// Household welfare (free farm machinery) under the household rule. An empty household, or
// one without a head under HouseholdRule::Head, is not eligible.
bool householdEligible(std::span<const HouseholdMember> members, const Settings& s) noexcept;

// The quarterly reward level for a score, or nullopt below every level.
std::optional<RewardLevel> rewardLevelFor(int score, const Settings& s);

// Points credited for a council award of `score_delta` (> 0); 0 for deductions.
int awardPoints(int score_delta, const Settings& s) noexcept;

// Volunteer service: score and points for a session of `minutes` (full hours only).
int volunteerScore(int minutes, const Settings& s) noexcept;
int volunteerPoints(int minutes, const Settings& s) noexcept;

// Shape check for a ledger entry before it is written: the sign rules per kind
// (awards up, deductions down, redemptions never touch the score, ...).
enum class EntryShapeError {
  ZeroEntry,            // nothing moves
  ScoreOnWrongKind,     // fund rewards, redemptions and bookings never change the score
  WrongSign,            // e.g. an award with negative score, a redemption that adds points
  PointsOnDeduction,    // a deduction never touches points
};
Status<EntryShapeError> checkEntryShape(EntryKind kind, int score_delta, int points_delta) noexcept;

}  // namespace rc::core
