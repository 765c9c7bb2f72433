#include "core/staff.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdio>
#include <map>

#include "core/text.h"

namespace rc::core {

namespace {

constexpr std::int64_t kMsPerDay = 86'400'000;
constexpr std::int64_t kChinaOffsetMs = 8 * 3'600'000;

// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
std::string_view cutUtf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

std::string reasonText(std::string_view reason, std::string_view words, std::string_view staff) {
  constexpr std::size_t kMax = 200;
  std::string tail = " · 经手 " + std::string(cutUtf8(staff, 32));
  std::string out(reason);
  const auto w = trim(words);
  if (!w.empty()) {
    out += "：";
    const std::size_t room = kMax > out.size() + tail.size() ? kMax - out.size() - tail.size() : 0;
    out += cutUtf8(w, room);
  }
  out += tail;
  return std::string(cutUtf8(out, kMax));
}

}  // namespace

std::string_view toString(StaffRole r) noexcept {
  return r == StaffRole::Secretary ? "secretary" : "keeper";
}

std::optional<StaffRole> staffRoleFromString(std::string_view text) noexcept {
  if (text == "keeper") return StaffRole::Keeper;
  if (text == "secretary") return StaffRole::Secretary;
  return std::nullopt;
}

bool validStaffName(std::string_view name) noexcept {
  if (name.empty() || name.size() > 32 || !validUtf8(name)) return false;
  return std::none_of(name.begin(), name.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7F;
  });
}

bool validPin(std::string_view pin) noexcept {
  return pin.size() == kPinLength &&
         std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

PinLock afterWrongPin(PinLock lock, std::int64_t now_ms) noexcept {
  if (lock.failures < 1'000'000) ++lock.failures;
  if (lock.failures >= kPinFreeTries) {
    const int doublings = std::min(lock.failures - kPinFreeTries, 20);
    const std::int64_t ms = std::min(kPinFirstLockMs << doublings, kPinMaxLockMs);
    lock.locked_until_ms = now_ms + ms;
  }
  return lock;
}

bool pinLocked(const PinLock& lock, std::int64_t now_ms) noexcept {
  return lock.locked_until_ms > now_ms;
}

int pinTriesLeft(const PinLock& lock) noexcept {
  return std::max(0, kPinFreeTries - lock.failures);
}

std::string_view toString(VoidReason r) noexcept {
  switch (r) {
    case VoidReason::WrongItem: return "wrong_item";
    case VoidReason::WrongVillager: return "wrong_villager";
    case VoidReason::Duplicate: return "duplicate";
    case VoidReason::ChangedMind: return "changed_mind";
    case VoidReason::Damaged: return "damaged";
    case VoidReason::Other: return "other";
  }
  return "other";
}

std::optional<VoidReason> voidReasonFromString(std::string_view text) noexcept {
  for (auto r : kVoidReasons) {
    if (toString(r) == text) return r;
  }
  return std::nullopt;
}

std::string_view voidReasonZh(VoidReason r) noexcept {
  switch (r) {
    case VoidReason::WrongItem: return "拿错商品";
    case VoidReason::WrongVillager: return "刷错了卡";
    case VoidReason::Duplicate: return "重复记录";
    case VoidReason::ChangedMind: return "村民不要了";
    case VoidReason::Damaged: return "商品有损坏";
    case VoidReason::Other: return "其他原因";
  }
  return "其他原因";
}

std::string_view voidReasonEn(VoidReason r) noexcept {
  switch (r) {
    case VoidReason::WrongItem: return "Wrong item";
    case VoidReason::WrongVillager: return "Wrong card";
    case VoidReason::Duplicate: return "Recorded twice";
    case VoidReason::ChangedMind: return "Villager changed their mind";
    case VoidReason::Damaged: return "Damaged goods";
    case VoidReason::Other: return "Other reason";
  }
  return "Other reason";
}

std::string_view toString(CountReason r) noexcept {
  switch (r) {
    case CountReason::Damaged: return "damaged";
    case CountReason::Expired: return "expired";
    case CountReason::Lost: return "lost";
    case CountReason::Miscounted: return "miscounted";
    case CountReason::Other: return "other";
  }
  return "other";
}

std::optional<CountReason> countReasonFromString(std::string_view text) noexcept {
  for (auto r : kCountReasons) {
    if (toString(r) == text) return r;
  }
  return std::nullopt;
}

std::string_view countReasonZh(CountReason r) noexcept {
  switch (r) {
    case CountReason::Damaged: return "损坏";
    case CountReason::Expired: return "过期";
    case CountReason::Lost: return "丢失";
    case CountReason::Miscounted: return "之前点错了";
    case CountReason::Other: return "其他原因";
  }
  return "其他原因";
}

std::string_view countReasonEn(CountReason r) noexcept {
  switch (r) {
    case CountReason::Damaged: return "Damaged";
    case CountReason::Expired: return "Expired";
    case CountReason::Lost: return "Lost";
    case CountReason::Miscounted: return "Counted wrong before";
    case CountReason::Other: return "Other reason";
  }
  return "Other reason";
}

std::string voidReference(VoidReason reason, std::string_view words, std::string_view staff) {
  return reasonText(voidReasonZh(reason), words, staff);
}

std::string countNote(CountReason reason, std::string_view words, std::string_view staff) {
  return reasonText(countReasonZh(reason), words, staff);
}

std::string dayCloseNumber(std::int64_t number) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "Z-%04lld", static_cast<long long>(number));
  return buf;
}

namespace {

// "SKU*2;SKU*1" as (sku, count) pairs; malformed parts are skipped (the ledger checked them).
std::vector<std::pair<std::string, std::int64_t>> cartLines(std::string_view lines) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  while (!lines.empty()) {
    const auto semi = lines.find(';');
    const auto part = lines.substr(0, semi);
    lines = semi == std::string_view::npos ? std::string_view{} : lines.substr(semi + 1);
    const auto star = part.rfind('*');
    if (star == std::string_view::npos || star == 0) continue;
    const auto n = parseWholeNumber(part.substr(star + 1), 1, 1'000'000);
    if (!n) continue;
    out.emplace_back(std::string(part.substr(0, star)), *n);
  }
  return out;
}

void addLine(std::map<std::string, DayLine>& lines, const std::string& key, std::int64_t count,
             std::int64_t points) {
  auto& l = lines[key];
  l.key = key;
  l.count += count;
  l.points += points;
}

std::vector<DayLine> flatten(const std::map<std::string, DayLine>& lines) {
  std::vector<DayLine> out;
  for (const auto& [k, l] : lines) {
    if (l.count != 0 || l.points != 0) out.push_back(l);
  }
  return out;
}

}  // namespace

DaySummary summarizeDay(std::span<const DayEntry> entries) {
  DaySummary s;
  std::map<std::string, DayLine> products;
  std::map<std::string, DayLine> services;
  for (const auto& e : entries) {
    ++s.entries;
    switch (e.kind) {
      case EntryKind::Redemption:
        ++s.redemptions;
        s.redeemed_points -= e.points_delta;
        for (const auto& [sku, n] : cartLines(e.lines)) addLine(products, sku, n, 0);
        break;
      case EntryKind::Booking:
        ++s.bookings;
        s.booked_points -= e.points_delta;
        addLine(services, e.station.empty() ? "other" : e.station, 1, -e.points_delta);
        break;
      case EntryKind::Void:
        ++s.voids;
        s.returned_points += e.points_delta;
        if (e.voided_kind == EntryKind::Redemption) {
          for (const auto& [sku, n] : cartLines(e.lines)) addLine(products, sku, -n, 0);
        } else if (e.voided_kind == EntryKind::Booking) {
          addLine(services, e.station.empty() ? "other" : e.station, -1, -e.points_delta);
        }
        break;
      default:
        break;  // a kiosk records no other kind
    }
  }
  s.products = flatten(products);
  s.services = flatten(services);
  return s;
}

namespace {

bool plainKeyChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || c == '.';
}

// A SKU or station as one word: bytes outside [A-Za-z0-9-_.] as %XX.
std::string encodeKey(std::string_view key) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : key) {
    if (plainKeyChar(c)) {
      out += c;
    } else {
      const auto u = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0xF];
    }
  }
  return out;
}

std::optional<std::string> decodeKey(std::string_view word) {
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out;
  for (std::size_t i = 0; i < word.size(); ++i) {
    if (plainKeyChar(word[i])) {
      out += word[i];
    } else if (word[i] == '%' && i + 2 < word.size() && hex(word[i + 1]) >= 0 &&
               hex(word[i + 2]) >= 0) {
      out += static_cast<char>(hex(word[i + 1]) * 16 + hex(word[i + 2]));
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  if (out.empty() || out.size() > 48 || !validUtf8(out)) return std::nullopt;
  return out;
}

}  // namespace

std::string encodeDaySummary(const DaySummary& s) {
  std::string out;
  auto line = [&out](std::string_view key, std::initializer_list<std::int64_t> nums) {
    out += key;
    for (auto n : nums) {
      out += ' ';
      out += std::to_string(n);
    }
    out += '\n';
  };
  line("entries", {s.entries});
  line("redemptions", {s.redemptions, s.redeemed_points});
  line("bookings", {s.bookings, s.booked_points});
  line("voids", {s.voids, s.returned_points});
  for (const auto& p : s.products) line("product " + encodeKey(p.key), {p.count});
  for (const auto& v : s.services) line("service " + encodeKey(v.key), {v.count, v.points});
  return out;
}

namespace {

// Splits on single spaces.
std::vector<std::string_view> words(std::string_view line) {
  std::vector<std::string_view> out;
  while (!line.empty()) {
    const auto sp = line.find(' ');
    out.push_back(line.substr(0, sp));
    if (sp == std::string_view::npos) break;
    line = line.substr(sp + 1);
  }
  return out;
}

}  // namespace

std::optional<DaySummary> parseDaySummary(std::string_view text) {
  constexpr std::int64_t kBig = 1'000'000'000'000LL;
  if (text.size() > 20'000) return std::nullopt;
  DaySummary s;
  int seen = 0;
  while (!text.empty()) {
    const auto nl = text.find('\n');
    if (nl == std::string_view::npos) return std::nullopt;  // every line ends with \n
    const auto w = words(text.substr(0, nl));
    text = text.substr(nl + 1);
    if (w.empty()) return std::nullopt;
    std::vector<std::int64_t> n;
    const bool keyed = w[0] == "product" || w[0] == "service";
    const std::size_t first_num = keyed ? 2 : 1;
    if (w.size() < first_num) return std::nullopt;
    for (std::size_t i = first_num; i < w.size(); ++i) {
      auto v = parseWholeNumber(w[i], -kBig, kBig);
      if (!v) return std::nullopt;
      n.push_back(*v);
    }
    auto want = [&](std::size_t count) { return n.size() == count; };
    if (w[0] == "entries" && want(1)) {
      s.entries = n[0];
      seen |= 1;
    } else if (w[0] == "redemptions" && want(2)) {
      s.redemptions = n[0], s.redeemed_points = n[1];
      seen |= 2;
    } else if (w[0] == "bookings" && want(2)) {
      s.bookings = n[0], s.booked_points = n[1];
      seen |= 4;
    } else if (w[0] == "voids" && want(2)) {
      s.voids = n[0], s.returned_points = n[1];
      seen |= 8;
    } else if (w[0] == "product" && want(1) && decodeKey(w[1]) && s.products.size() < 500) {
      s.products.push_back({*decodeKey(w[1]), n[0], 0});
    } else if (w[0] == "service" && want(2) && decodeKey(w[1]) && s.services.size() < 500) {
      s.services.push_back({*decodeKey(w[1]), n[0], n[1]});
    } else {
      return std::nullopt;
    }
  }
  if (seen != 15) return std::nullopt;
  return s;
}

std::vector<std::string> compareDaySummaries(const DaySummary& mine, const DaySummary& theirs) {
  std::vector<std::string> out;
  auto diff = [&out](std::string_view what, std::int64_t a, std::int64_t b) {
    if (a != b) {
      out.push_back(std::string(what) + ": kiosk " + std::to_string(a) + ", office " +
                    std::to_string(b));
    }
  };
  diff("entries", mine.entries, theirs.entries);
  diff("redemptions", mine.redemptions, theirs.redemptions);
  diff("points redeemed", mine.redeemed_points, theirs.redeemed_points);
  diff("bookings", mine.bookings, theirs.bookings);
  diff("points booked", mine.booked_points, theirs.booked_points);
  diff("voids", mine.voids, theirs.voids);
  diff("points returned", mine.returned_points, theirs.returned_points);
  auto lines = [&](std::string_view what, const std::vector<DayLine>& a,
                   const std::vector<DayLine>& b, bool points) {
    std::map<std::string, std::pair<DayLine, DayLine>> all;
    for (const auto& l : a) all[l.key].first = l;
    for (const auto& l : b) all[l.key].second = l;
    for (const auto& [key, p] : all) {
      diff(std::string(what) + " " + key, p.first.count, p.second.count);
      if (points) diff(std::string(what) + " " + key + " points", p.first.points, p.second.points);
    }
  };
  lines("product", mine.products, theirs.products, false);
  lines("service", mine.services, theirs.services, true);
  return out;
}

std::string chinaDay(std::int64_t unix_ms) {
  return formatChinaTime(unix_ms).substr(0, 10);
}

std::optional<std::int64_t> chinaDayStartMs(std::string_view day) {
  if (day.size() != 10 || day[4] != '-' || day[7] != '-') return std::nullopt;
  const auto y = parseWholeNumber(day.substr(0, 4), 2000, 2999);
  const auto m = parseWholeNumber(day.substr(5, 2), 1, 12);
  const auto d = parseWholeNumber(day.substr(8, 2), 1, 31);
  if (!y || !m || !d) return std::nullopt;
  const auto days = daysFromCivil(static_cast<int>(*y), static_cast<int>(*m), static_cast<int>(*d));
  // Refuse 2026-02-30 and the like: the day must come back as written.
  const std::int64_t start = days * kMsPerDay - kChinaOffsetMs;
  if (chinaDay(start) != day) return std::nullopt;
  return start;
}

}  // namespace rc::core
