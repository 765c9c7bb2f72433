#pragma once
// The hub's staff: roles, PINs and their lockout, the reasons a void or a stock count may
// give, and the day close (日结): what a kiosk's day adds up to, as the kiosk writes it and as
// the office recomputes it to reconcile. Pure values; docs/staff.md tells the story.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/types.h"

namespace rc::core {

enum class StaffRole {
  Keeper,     // 管理员: keeps the supermarket and the service hub
  Secretary,  // 书记: the same at the kiosk
};
std::string_view toString(StaffRole r) noexcept;  // "keeper", "secretary"
std::optional<StaffRole> staffRoleFromString(std::string_view text) noexcept;

// A staff name: 1..32 bytes of valid UTF-8 without control characters.
bool validStaffName(std::string_view name) noexcept;

// Exactly six ASCII digits.
inline constexpr int kPinLength = 6;
bool validPin(std::string_view pin) noexcept;

// Wrong PINs on one staff card. The fifth locks the card for a minute, each further one
// doubles the time (capped at a day); a right PIN clears it. Kept across restarts.
inline constexpr int kPinFreeTries = 5;
inline constexpr std::int64_t kPinFirstLockMs = 60'000;
inline constexpr std::int64_t kPinMaxLockMs = 24 * 3600'000LL;
struct PinLock {
  int failures = 0;
  std::int64_t locked_until_ms = 0;
  bool operator==(const PinLock&) const = default;
};
PinLock afterWrongPin(PinLock lock, std::int64_t now_ms) noexcept;
bool pinLocked(const PinLock& lock, std::int64_t now_ms) noexcept;
// Wrong PINs still allowed before the card locks (0 when the next wrong one locks it again).
int pinTriesLeft(const PinLock& lock) noexcept;

// The demo village's staff PIN (rc-office init-demo gives its keeper and secretary this PIN, and
// the kiosk's tour types it). Demo data only: a real village sets each PIN with `staff pin`.
inline constexpr std::string_view kDemoStaffPin = "135790";

// A staff session ends after this long without a touch.
inline constexpr std::int64_t kStaffIdleMs = 120'000;

// Why staff void a redemption or a booking (chosen from a list, plus optional words).
enum class VoidReason { WrongItem, WrongVillager, Duplicate, ChangedMind, Damaged, Other };
inline constexpr VoidReason kVoidReasons[] = {VoidReason::WrongItem, VoidReason::WrongVillager,
                                              VoidReason::Duplicate, VoidReason::ChangedMind,
                                              VoidReason::Damaged, VoidReason::Other};
std::string_view toString(VoidReason r) noexcept;  // "wrong_item", …
std::optional<VoidReason> voidReasonFromString(std::string_view text) noexcept;
std::string_view voidReasonZh(VoidReason r) noexcept;  // 拿错商品 …
std::string_view voidReasonEn(VoidReason r) noexcept;

// Why a stock count differs from what the kiosk holds.
enum class CountReason { Damaged, Expired, Lost, Miscounted, Other };
inline constexpr CountReason kCountReasons[] = {CountReason::Damaged, CountReason::Expired,
                                                CountReason::Lost, CountReason::Miscounted,
                                                CountReason::Other};
std::string_view toString(CountReason r) noexcept;
std::optional<CountReason> countReasonFromString(std::string_view text) noexcept;
std::string_view countReasonZh(CountReason r) noexcept;
std::string_view countReasonEn(CountReason r) noexcept;

// The void entry's reason text (its `reference`, at most 200 bytes): the reason, the staff's
// words if any (cut at a character boundary), and who voided it:
// "拿错商品：换成肥皂 · 经手 王秀英".
std::string voidReference(VoidReason reason, std::string_view words, std::string_view staff);
// A stock movement's note: "损坏：两包破了 · 经手 王秀英" (at most 200 bytes).
std::string countNote(CountReason reason, std::string_view words, std::string_view staff);

// "Z-0001" for day close number 1.
std::string dayCloseNumber(std::int64_t number);

// One entry of a kiosk's day as the day close counts it. Redemptions carry their lines
// ("SKU*2;SKU*1"), bookings their station ("laundry"; a request's station too); a void carries
// the kind, lines and station of the entry it reverses, so the totals are net of it.
struct DayEntry {
  std::int64_t seq = 0;  // the kiosk's seq
  EntryKind kind = EntryKind::Redemption;
  std::int64_t points_delta = 0;
  std::string lines;    // redemption (or the voided redemption)
  std::string station;  // booking (or the voided booking)
  EntryKind voided_kind = EntryKind::Redemption;  // void only
  bool operator==(const DayEntry&) const = default;
};

struct DayLine {
  std::string key;  // a SKU, or a station kind
  std::int64_t count = 0;
  std::int64_t points = 0;  // services only (a redemption's points are not split by line)
  bool operator==(const DayLine&) const = default;
};

// What a kiosk's day adds up to. Counts and points are of the entries themselves; product and
// service lines are net of the day's voids.
struct DaySummary {
  std::int64_t entries = 0;
  std::int64_t redemptions = 0;
  std::int64_t redeemed_points = 0;  // spent, as a positive figure
  std::int64_t bookings = 0;
  std::int64_t booked_points = 0;
  std::int64_t voids = 0;
  std::int64_t returned_points = 0;
  std::vector<DayLine> products;  // by SKU
  std::vector<DayLine> services;  // by station
  bool operator==(const DaySummary&) const = default;
};

DaySummary summarizeDay(std::span<const DayEntry> entries);

// A canonical text of a summary, one fact per line ("redemptions 8 340", "product RICE 2",
// "service laundry 3 60"), and its parser (nullopt past 20,000 bytes, 500 lines of each, or on
// anything else than these lines).
std::string encodeDaySummary(const DaySummary& s);
std::optional<DaySummary> parseDaySummary(std::string_view text);

// Where two summaries of the same day differ, each in plain words ("兑换笔数: 本机 8, 村委会 7"),
// empty when they agree. `mine` is the kiosk's, `theirs` the office's.
std::vector<std::string> compareDaySummaries(const DaySummary& mine, const DaySummary& theirs);

// "2026-12-02": the China Standard Time day of a Unix millisecond time, and that day's first
// millisecond back (nullopt for a malformed day).
std::string chinaDay(std::int64_t unix_ms);
std::optional<std::int64_t> chinaDayStartMs(std::string_view day);

}  // namespace rc::core
