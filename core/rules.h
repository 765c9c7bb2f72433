#pragma once
// Per-villager rules of the red credit method: stars, welfare threshold, rewards, volunteer
// hours. Pure functions of scores and settings.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

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

// ---- amounts and their bounds (docs/rules.md "Amounts") ------------------------------------
// No entry of any kind moves the score or the points by more than this, either way.
inline constexpr std::int64_t kMaxEntryAmount = 1'000'000;
// A balance (score or points) stays within [-kMaxBalance, kMaxBalance]. Sums are computed in
// 64 bits and checked: an entry that would take a balance outside is refused, never wrapped.
inline constexpr std::int64_t kMaxBalance = 1'000'000'000;
// One kiosk entry (a redemption or a booking) takes at most this many points.
inline constexpr std::int64_t kMaxKioskPoints = 100'000;

// balance + delta when both are within their bounds and the sum within ±kMaxBalance.
std::optional<std::int64_t> addToBalance(std::int64_t balance, std::int64_t delta) noexcept;

// Shape check for a ledger entry before it is written: the sign rules per kind
// (awards up, deductions down, redemptions never touch the score, ...) and the per-entry bound.
enum class EntryShapeError {
  ZeroEntry,            // nothing moves
  ScoreOnWrongKind,     // fund rewards, redemptions and bookings never change the score
  WrongSign,            // e.g. an award with negative score, a redemption that adds points
  PointsOnDeduction,    // a deduction never touches points
  OverBound,            // more than kMaxEntryAmount either way
};
Status<EntryShapeError> checkEntryShape(EntryKind kind, std::int64_t score_delta,
                                        std::int64_t points_delta) noexcept;
std::string_view explain(EntryShapeError e) noexcept;  // plain English

// The office derives credit; a kiosk only spends it. What a kiosk may record and push:
// redemptions and bookings (points taken, at most kMaxKioskPoints; the score untouched) and
// voids of its own such entries (checked against their target by the office). Council awards
// and deductions, volunteer hours and fund rewards are the office's alone.
enum class KioskEntryError {
  OfficeOnlyKind,  // a kind that creates or removes credit
  ScoreMoved,      // a kiosk entry never moves the score
  NotSpending,     // a redemption or booking must take points (free bookings write no entry)
  OverBound,       // more than kMaxKioskPoints
};
Status<KioskEntryError> checkKioskEntry(EntryKind kind, std::int64_t score_delta,
                                        std::int64_t points_delta) noexcept;
std::string_view explain(KioskEntryError e) noexcept;  // plain English

}  // namespace rc::core
