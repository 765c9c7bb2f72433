#include "core/types.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <limits>
#include <utility>

namespace rc::core {
namespace {

struct KindName {
  EntryKind kind;
  std::string_view name;
};

// These strings are stored in the ledger and sent over the wire: never rename one.
constexpr std::array<KindName, 7> kKindNames = {{
    {EntryKind::CouncilAward, "council_award"},
    {EntryKind::CouncilDeduction, "council_deduction"},
    {EntryKind::VolunteerHours, "volunteer_hours"},
    {EntryKind::FundReward, "fund_reward"},
    {EntryKind::Redemption, "redemption"},
    {EntryKind::Booking, "booking"},
    {EntryKind::Void, "void"},
}};

constexpr int kMinYear = 2000;
constexpr int kMaxYear = 2999;
constexpr std::int64_t kMsPerDay = 86'400'000;
// China Standard Time has no daylight saving, so one fixed offset is exact.
constexpr std::int64_t kChinaOffsetMs = std::int64_t{8} * 3'600'000;

// Division that rounds towards negative infinity; C++ '/' truncates towards zero, which puts
// instants before 1970 into the wrong day.
constexpr std::pair<std::int64_t, std::int64_t> floorDivMod(std::int64_t a,
                                                            std::int64_t b) noexcept {
  std::int64_t q = a / b;
  std::int64_t r = a % b;
  if (r != 0 && ((r < 0) != (b < 0))) {
    q -= 1;
    r += b;
  }
  return {q, r};
}

bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }

struct CivilDate {
  std::int64_t year;
  int month;
  int day;
};

// Howard Hinnant's civil_from_days, the inverse of daysFromCivil.
CivilDate civilFromDays(std::int64_t days) noexcept {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;                                       // [0, 146096]
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;  // [0, 399]
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);                // [0, 365]
  const std::int64_t mp = (5 * doy + 2) / 153;                                     // [0, 11]
  const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  return {yoe + era * 400 + (month <= 2 ? 1 : 0), month, day};
}

}  // namespace

std::string_view entryKindZh(EntryKind kind) noexcept {
  switch (kind) {
    case EntryKind::CouncilAward: return "奖分";
    case EntryKind::CouncilDeduction: return "扣分";
    case EntryKind::VolunteerHours: return "志愿服务";
    case EntryKind::FundReward: return "基金奖励";
    case EntryKind::Redemption: return "超市兑换";
    case EntryKind::Booking: return "服务预约";
    case EntryKind::Void: return "冲销";
  }
  return "未知";
}

std::string_view toString(EntryKind kind) noexcept {
  for (const auto& entry : kKindNames) {
    if (entry.kind == kind) {
      return entry.name;
    }
  }
  return "unknown";
}

// The kind names have different lengths, so a name is found by its length and one compare
// (a ledger audit parses ten million of them).
constexpr std::size_t kLongestKindName = 17;
constexpr auto kKindByLength = [] {
  std::array<int, kLongestKindName + 1> at{};
  for (auto& a : at) a = -1;
  for (std::size_t i = 0; i < kKindNames.size(); ++i)
    at[kKindNames[i].name.size()] = static_cast<int>(i);
  return at;
}();
static_assert(std::count_if(kKindByLength.begin(), kKindByLength.end(),
                            [](int i) { return i >= 0; }) ==
                  static_cast<std::ptrdiff_t>(kKindNames.size()),
              "two kind names share a length");

std::optional<EntryKind> entryKindFromString(std::string_view text) noexcept {
  if (text.size() > kLongestKindName) return std::nullopt;
  const int i = kKindByLength[text.size()];
  if (i < 0 || kKindNames[static_cast<std::size_t>(i)].name != text) return std::nullopt;
  return kKindNames[static_cast<std::size_t>(i)].kind;
}

std::optional<YearMonth> YearMonth::parse(std::string_view text) noexcept {
  if (text.size() != 7 || text[4] != '-') {
    return std::nullopt;
  }
  for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
    if (!isDigit(text[i])) {
      return std::nullopt;
    }
  }
  auto digit = [&](std::size_t i) { return text[i] - '0'; };
  const int year = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
  const int month = digit(5) * 10 + digit(6);
  if (year < kMinYear || year > kMaxYear || month < 1 || month > 12) {
    return std::nullopt;
  }
  return YearMonth{year, month};
}

std::string YearMonth::toString() const {
  std::string out;
  std::string y = std::to_string(year < 0 ? -static_cast<long long>(year) : year);
  if (year < 0) {
    out += '-';
  }
  if (y.size() < 4) {
    out.append(4 - y.size(), '0');
  }
  out += y;
  out += '-';
  if (month >= 0 && month < 10) {
    out += '0';
  }
  out += std::to_string(month);
  return out;
}

YearMonth YearMonth::next() const noexcept {
  if (month >= 12) {
    return {year + 1, 1};
  }
  return {year, month + 1};
}

YearMonth YearMonth::prev() const noexcept {
  if (month <= 1) {
    return {year - 1, 12};
  }
  return {year, month - 1};
}

// Howard Hinnant's days_from_civil: exact for the proleptic Gregorian calendar, no tables.
std::int64_t daysFromCivil(int year, int month, int day) noexcept {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t m = month;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;                                      // [0, 399]
  const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;  // [0, 365]
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;              // [0, 146096]
  return era * 146097 + doe - 719468;
}

std::int64_t monthStartMs(YearMonth ym) noexcept {
  // Normalise an out-of-range month (e.g. {2024, 13}) instead of producing nonsense dates.
  const auto [carry, month0] = floorDivMod(static_cast<std::int64_t>(ym.month) - 1, 12);
  const std::int64_t year = static_cast<std::int64_t>(ym.year) + carry;
  constexpr std::int64_t kIntMin = std::numeric_limits<int>::min();
  constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
  const int clampedYear =
      static_cast<int>(year < kIntMin ? kIntMin : (year > kIntMax ? kIntMax : year));
  const std::int64_t days = daysFromCivil(clampedYear, static_cast<int>(month0) + 1, 1);
  // Saturate rather than overflow for absurd years; real months are far inside the range.
  constexpr std::int64_t kMaxDays = std::numeric_limits<std::int64_t>::max() / kMsPerDay - 1;
  if (days > kMaxDays) {
    return std::numeric_limits<std::int64_t>::max();
  }
  if (days < -kMaxDays) {
    return std::numeric_limits<std::int64_t>::min();
  }
  return days * kMsPerDay - kChinaOffsetMs;
}

YearMonth monthOfMs(std::int64_t unix_ms) noexcept {
  // Split into UTC day and time of day first, then shift by +8h; adding the offset to the
  // raw timestamp could overflow near the int64 limits.
  auto [days, msOfDay] = floorDivMod(unix_ms, kMsPerDay);
  if (msOfDay + kChinaOffsetMs >= kMsPerDay) {
    days += 1;
  }
  const CivilDate date = civilFromDays(days);
  return YearMonth{static_cast<int>(date.year), date.month};
}

std::string formatChinaTime(std::int64_t unix_ms) {
  const std::int64_t local = unix_ms + 8 * 3600 * 1000;  // fixed offset, no daylight saving
  const std::int64_t days = local >= 0 ? local / 86400000 : (local - 86399999) / 86400000;
  const std::int64_t sec_of_day = (local - days * 86400000) / 1000;
  const auto ym = monthOfMs(unix_ms);
  const std::int64_t day = days - daysFromCivil(ym.year, ym.month, 1) + 1;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d", ym.year, ym.month,
                static_cast<int>(day), static_cast<int>(sec_of_day / 3600),
                static_cast<int>(sec_of_day / 60 % 60));
  return buf;
}

}  // namespace rc::core
