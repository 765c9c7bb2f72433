// Staff rules: PINs, the lockout's backoff, reasons, and the day close's arithmetic, text and
// comparison (the kiosk writes a summary, the office recomputes and compares it).
#include "core/staff.h"

#include <gtest/gtest.h>

namespace rc::core {
namespace {

TEST(StaffRules, APinIsExactlySixDigits) {
  EXPECT_TRUE(validPin("000000"));
  EXPECT_TRUE(validPin("135790"));
  EXPECT_FALSE(validPin("12345"));
  EXPECT_FALSE(validPin("1234567"));
  EXPECT_FALSE(validPin("12345a"));
  EXPECT_FALSE(validPin("１２３４５６"));  // full-width digits are not digits here
  EXPECT_FALSE(validPin(""));
}

TEST(StaffRules, NamesAreShortTextWithoutControlCharacters) {
  EXPECT_TRUE(validStaffName("王秀英"));
  EXPECT_FALSE(validStaffName(""));
  EXPECT_FALSE(validStaffName("王\n秀英"));
  EXPECT_FALSE(validStaffName(std::string(33, 'a')));
  EXPECT_FALSE(validStaffName("\xff\xfe"));
}

TEST(StaffRules, FiveWrongPinsLockForAMinuteAndEachMoreDoubles) {
  const std::int64_t t0 = 1'800'000'000'000;
  PinLock lock;
  for (int i = 1; i <= 4; ++i) {
    lock = afterWrongPin(lock, t0);
    EXPECT_FALSE(pinLocked(lock, t0)) << i;
    EXPECT_EQ(pinTriesLeft(lock), 5 - i);
  }
  lock = afterWrongPin(lock, t0);
  EXPECT_TRUE(pinLocked(lock, t0));
  EXPECT_EQ(lock.locked_until_ms, t0 + 60'000);
  EXPECT_FALSE(pinLocked(lock, t0 + 60'000));
  lock = afterWrongPin(lock, t0 + 61'000);
  EXPECT_EQ(lock.locked_until_ms, t0 + 61'000 + 120'000);
  lock = afterWrongPin(lock, t0 + 200'000);
  EXPECT_EQ(lock.locked_until_ms, t0 + 200'000 + 240'000);
  // However many, never more than a day.
  for (int i = 0; i < 40; ++i) lock = afterWrongPin(lock, t0);
  EXPECT_EQ(lock.locked_until_ms, t0 + kPinMaxLockMs);
  EXPECT_EQ(pinTriesLeft(lock), 0);
}

TEST(StaffRules, ReasonsRoundTripAndNameTheStaffMember) {
  for (auto r : kVoidReasons) EXPECT_EQ(voidReasonFromString(toString(r)), r);
  for (auto r : kCountReasons) EXPECT_EQ(countReasonFromString(toString(r)), r);
  EXPECT_FALSE(voidReasonFromString("bogus"));
  EXPECT_EQ(voidReference(VoidReason::WrongItem, "", "王秀英"), "拿错商品 · 经手 王秀英");
  EXPECT_EQ(voidReference(VoidReason::Other, " 换成肥皂 ", "王秀英"), "其他原因：换成肥皂 · 经手 王秀英");
  // Long words are cut at a character boundary; the text stays within the ledger's 200 bytes
  // and still names who did it.
  std::string words;
  for (int i = 0; i < 100; ++i) words += "很";
  const auto ref = countNote(CountReason::Lost, words, "王秀英");
  EXPECT_LE(ref.size(), 200u);
  EXPECT_TRUE(ref.ends_with(" · 经手 王秀英")) << ref;
  EXPECT_EQ(ref.size() % 3, (std::string("丢失：") + " · 经手 王秀英").size() % 3);
}

TEST(StaffRules, DayCloseNumbers) {
  EXPECT_EQ(dayCloseNumber(1), "Z-0001");
  EXPECT_EQ(dayCloseNumber(42), "Z-0042");
  EXPECT_EQ(dayCloseNumber(12345), "Z-12345");
}

std::vector<DayEntry> aDay() {
  return {
      {1, EntryKind::Redemption, -30, "TOWEL*2;SOAP*1", "", EntryKind::Redemption},
      {2, EntryKind::Booking, -20, "", "laundry", EntryKind::Redemption},
      {3, EntryKind::Redemption, -10, "SOAP*1", "", EntryKind::Redemption},
      {4, EntryKind::Void, 10, "SOAP*1", "", EntryKind::Redemption},
      {5, EntryKind::Booking, -5, "", "warm_canteen", EntryKind::Redemption},
      {6, EntryKind::Void, 20, "", "laundry", EntryKind::Booking},
  };
}

TEST(DayClose, TotalsAreNetOfTheDaysVoids) {
  const auto s = summarizeDay(aDay());
  EXPECT_EQ(s.entries, 6);
  EXPECT_EQ(s.redemptions, 2);
  EXPECT_EQ(s.redeemed_points, 40);
  EXPECT_EQ(s.bookings, 2);
  EXPECT_EQ(s.booked_points, 25);
  EXPECT_EQ(s.voids, 2);
  EXPECT_EQ(s.returned_points, 30);
  ASSERT_EQ(s.products.size(), 2u);  // SOAP 1 + 1 - 1, TOWEL 2; by SKU
  EXPECT_EQ(s.products[0], (DayLine{"SOAP", 1, 0}));
  EXPECT_EQ(s.products[1], (DayLine{"TOWEL", 2, 0}));
  ASSERT_EQ(s.services.size(), 1u);  // the laundry booking was voided: nothing left of it
  EXPECT_EQ(s.services[0], (DayLine{"warm_canteen", 1, 5}));
}

TEST(DayClose, TheTextRoundTripsAndRefusesAnythingElse) {
  const auto s = summarizeDay(aDay());
  const auto text = encodeDaySummary(s);
  EXPECT_NE(text.find("redemptions 2 40\n"), std::string::npos) << text;
  EXPECT_NE(text.find("product TOWEL 2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("service warm_canteen 1 5\n"), std::string::npos) << text;
  EXPECT_EQ(parseDaySummary(text), s);
  EXPECT_EQ(parseDaySummary(encodeDaySummary(DaySummary{})), DaySummary{});
  for (const char* bad : {"", "entries 1\n", "entries x\nredemptions 0 0\nbookings 0 0\nvoids 0 0\n",
                          "entries 1\nredemptions 0 0\nbookings 0 0\nvoids 0 0",  // no final \n
                          "entries 1\nredemptions 0 0\nbookings 0 0\nvoids 0 0\nproduct A B 1\n",
                          "entries 1\nredemptions 0 0\nbookings 0 0\nvoids 0 0\nproduct ;DROP 1\n",
                          "entries 1\nredemptions 0 0\nbookings 0 0\nvoids 0 0\nstock X 1\n"}) {
    EXPECT_FALSE(parseDaySummary(bad)) << bad;
  }
  EXPECT_FALSE(parseDaySummary(std::string(20'001, 'x')));
  // A SKU with a space or Chinese in it stays one word and comes back as it was.
  DaySummary odd;
  odd.products = {{"RICE 5KG", 1, 0}, {"大米%", 2, 0}};
  const auto odd_text = encodeDaySummary(odd);
  EXPECT_NE(odd_text.find("product RICE%205KG 1\n"), std::string::npos) << odd_text;
  EXPECT_EQ(parseDaySummary(odd_text), odd);
}

TEST(DayClose, ComparisonNamesEveryDifference) {
  const auto mine = summarizeDay(aDay());
  EXPECT_TRUE(compareDaySummaries(mine, mine).empty());
  auto fewer = aDay();
  fewer.pop_back();  // the office lacks the laundry void
  const auto diffs = compareDaySummaries(mine, summarizeDay(fewer));
  std::string all;
  for (const auto& d : diffs) all += d + "\n";
  EXPECT_NE(all.find("entries: kiosk 6, office 5"), std::string::npos) << all;
  EXPECT_NE(all.find("voids: kiosk 2, office 1"), std::string::npos) << all;
  EXPECT_NE(all.find("service laundry: kiosk 0, office 1"), std::string::npos) << all;
  EXPECT_NE(all.find("service laundry points: kiosk 0, office 20"), std::string::npos) << all;
}

TEST(DayClose, ChinaDays) {
  // 2026-12-01 16:00 UTC is 2026-12-02 00:00 in China.
  const std::int64_t t = 1'796'140'800'000;
  EXPECT_EQ(chinaDay(t), "2026-12-02");
  EXPECT_EQ(chinaDay(t - 1), "2026-12-01");
  EXPECT_EQ(chinaDayStartMs("2026-12-02"), t);
  EXPECT_FALSE(chinaDayStartMs("2026-02-30"));
  EXPECT_FALSE(chinaDayStartMs("2026-12-2"));
  EXPECT_FALSE(chinaDayStartMs("yesterday!"));
}

}  // namespace
}  // namespace rc::core
