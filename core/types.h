#pragma once
// Domain vocabulary shared by every layer: ids, entry kinds, months. Pure values.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rc::core {

using VillagerId = std::int64_t;
using HouseholdId = std::int64_t;
using GridId = std::int64_t;
using TeamId = std::int64_t;

// Everyone starts at 1000 (source: "以1000分为基准分"); not a policy.
inline constexpr int kBaseScore = 1000;

// What a ledger entry records. Score moves only with council events and volunteer hours;
// points move with positive events, volunteer hours, fund rewards, redemptions and bookings.
enum class EntryKind {
  CouncilAward,      // 奖分: +score, +points (ratio is policy)
  CouncilDeduction,  // 扣分: -score, points untouched
  VolunteerHours,    // 志愿服务时长: +score and +points by rate (policy)
  FundReward,        // 季度基金奖励: +points only
  Redemption,        // 超市兑换: -points only
  Booking,           // 服务预约: -points only (may be 0 for free services)
  Void,              // reversing entry naming what it reverses
};

std::string_view toString(EntryKind kind) noexcept;
std::optional<EntryKind> entryKindFromString(std::string_view text) noexcept;
// The kind as a clerk reads it: 奖分, 扣分, 志愿服务, 基金奖励, 超市兑换, 服务预约, 冲销.
std::string_view entryKindZh(EntryKind kind) noexcept;

// A calendar month, the council's unit of evaluation.
struct YearMonth {
  int year = 0;
  int month = 0;  // 1..12

  // Strict "YYYY-MM" (years 2000..2999); anything else is nullopt.
  static std::optional<YearMonth> parse(std::string_view text) noexcept;
  std::string toString() const;
  YearMonth next() const noexcept;
  YearMonth prev() const noexcept;
  int quarter() const noexcept { return (month - 1) / 3 + 1; }
  // Months since year 0, for ordering and distance.
  int index() const noexcept { return year * 12 + (month - 1); }
  auto operator<=>(const YearMonth&) const = default;
};

// Days since 1970-01-01 for a civil date (proleptic Gregorian), and back.
std::int64_t daysFromCivil(int year, int month, int day) noexcept;
// Unix milliseconds at 00:00 UTC+8 (China Standard Time) on the first day of the month.
std::int64_t monthStartMs(YearMonth ym) noexcept;
// The month (in UTC+8) that a Unix millisecond timestamp falls in.
YearMonth monthOfMs(std::int64_t unix_ms) noexcept;
// "2026-11-25 14:02": a Unix time in China Standard Time, to the minute.
std::string formatChinaTime(std::int64_t unix_ms);

}  // namespace rc::core
