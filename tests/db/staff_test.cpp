// Staff in the ledger file: accounts and PIN hashes, the kiosk's PIN lockouts, staff stock
// movements (once per uuid, never below zero), and the day close: numbered per kiosk, over the
// entries since the last one, net of voids, immutable, and taken once by the office.
#include "db/staff.h"

#include <gtest/gtest.h>

#include "db/day_close.h"
#include "village_fixture.h"

namespace rc::db {
namespace {

using test::queryInt;

constexpr const char* kKiosk = "supermarket";

class StaffTest : public test::VillageFixture {
 protected:
  void SetUp() override {
    VillageFixture::SetUp();
    if (HasFatalFailure()) return;
    m_home = addHousehold("东岛路1号");
    m_villager = addVillager(m_home, "刘桂兰", 1951);
    addProduct("TOWEL", 10, 20);
    addProduct("SOAP", 5, 20);
    fund(m_villager, 500);
    ASSERT_TRUE(Roster(m_db).bindCard("04A1B2C3", m_villager, "ic", 1).ok());
  }

  AppendResult redeem(std::vector<core::CartLine> lines) {
    RedemptionDraft d;
    d.kiosk_id = kKiosk;
    d.villager_id = m_villager;
    d.lines = std::move(lines);
    d.at_ms = m_now;
    auto r = m_ledger.redeem(d);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : AppendResult{};
  }

  AppendResult voidIt(const AppendResult& target) {
    VoidDraft v;
    v.kiosk_id = kKiosk;
    v.target_seq = target.entry.seq;
    v.reason = core::voidReference(core::VoidReason::WrongItem, "", "王秀英");
    v.at_ms = m_now;
    auto r = m_ledger.voidEntry(v);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : AppendResult{};
  }

  StockMovementWire movement(std::string uuid, std::string sku, int delta, std::string reason) {
    StockMovementWire m;
    m.uuid = std::move(uuid);
    m.sku = std::move(sku);
    m.delta = delta;
    m.reason = std::move(reason);
    m.note = "到货 · 经手 王秀英";
    m.staff_name = "王秀英";
    m.at_ms = m_now;
    return m;
  }

  core::HouseholdId m_home = 0;
  core::VillagerId m_villager = 0;
  std::int64_t m_now = nowMs();
  StaffRepo m_staff{m_db};
};

TEST_F(StaffTest, AccountsRefuseDuplicatesAndVillagerCards) {
  auto a = m_staff.add("王秀英", "5AF00001", core::StaffRole::Keeper, m_now);
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(a->role, core::StaffRole::Keeper);
  EXPECT_TRUE(a->pin_hash.empty());
  EXPECT_FALSE(m_staff.add("王秀英", "5AF00002", core::StaffRole::Keeper, m_now).ok());
  EXPECT_FALSE(m_staff.add("刘书记", "5AF00001", core::StaffRole::Secretary, m_now).ok());
  const auto villager_card = m_staff.add("刘书记", "04A1B2C3", core::StaffRole::Secretary, m_now);
  ASSERT_FALSE(villager_card.ok());
  EXPECT_NE(villager_card.error().message.find("villager card"), std::string::npos);
  EXPECT_FALSE(m_staff.add("坏\x01名字", "5AF00003", core::StaffRole::Keeper, m_now).ok());
  EXPECT_FALSE(m_staff.add("刘书记", "5AF 0003", core::StaffRole::Keeper, m_now).ok());
  ASSERT_TRUE(m_staff.setDisabled("王秀英", true, m_now).ok());
  EXPECT_TRUE(m_staff.byCard("5AF00001")->disabled);
  EXPECT_FALSE(m_staff.setDisabled("无此人", true, m_now).ok());
  // Every change is on the change log, for the kiosks' next pull.
  EXPECT_EQ(queryInt(m_db, "SELECT COUNT(*) FROM change_log WHERE topic = 'staff'"), 2);
}

TEST_F(StaffTest, PinsAreKeptOnlyAsArgon2idHashes) {
  const auto hash = hashPin("135790", PinCost::Minimal);
  ASSERT_FALSE(hash.empty());
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_EQ(hash.find("135790"), std::string::npos);
  EXPECT_NE(hashPin("135790", PinCost::Minimal), hash);  // salted
  EXPECT_TRUE(pinMatches(hash, "135790"));
  EXPECT_FALSE(pinMatches(hash, "135791"));
  EXPECT_FALSE(pinMatches("", "135790"));
  EXPECT_FALSE(pinMatches("$argon2id$garbage", "135790"));
  EXPECT_TRUE(hashPin("12345", PinCost::Minimal).empty());
  ASSERT_TRUE(m_staff.add("王秀英", "5AF00001", core::StaffRole::Keeper, m_now).ok());
  ASSERT_TRUE(m_staff.setPinHash("王秀英", hash, m_now).ok());
  EXPECT_TRUE(pinMatches(m_staff.byName("王秀英")->pin_hash, "135790"));
}

TEST_F(StaffTest, TheLockoutIsKeptPerCard) {
  EXPECT_EQ(m_staff.pinLock("5AF00001"), core::PinLock{});
  const core::PinLock lock{5, m_now + 60'000};
  ASSERT_TRUE(m_staff.setPinLock("5AF00001", lock, m_now).ok());
  EXPECT_EQ(StaffRepo(m_db).pinLock("5AF00001"), lock);
  EXPECT_EQ(m_staff.pinLock("5AF00002"), core::PinLock{});
}

TEST_F(StaffTest, StockMovementsApplyOnceAndNeverBelowZero) {
  auto m = movement("m-1", "TOWEL", 12, "receive");
  auto first = recordStockMovement(m_db, m, kKiosk, true);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(*first);
  EXPECT_EQ(test::productStock(m_db, "TOWEL"), 32);
  auto again = recordStockMovement(m_db, m, kKiosk, true);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  EXPECT_EQ(test::productStock(m_db, "TOWEL"), 32);
  EXPECT_EQ(queryInt(m_db, "SELECT COUNT(*) FROM stock_outbox"), 1);
  // The same uuid with other figures is a conflict, not a second movement.
  auto other = m;
  other.delta = 13;
  auto conflict = recordStockMovement(m_db, other, kKiosk, true);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, LedgerError::UuidConflict);
  // A count below zero, an unknown product, a negative restock: refused, nothing changed.
  auto below = recordStockMovement(m_db, movement("m-2", "SOAP", -21, "count"), kKiosk, true);
  ASSERT_FALSE(below.ok());
  EXPECT_EQ(below.error().code, LedgerError::BadInput);
  auto unknown = recordStockMovement(m_db, movement("m-3", "RICE", 1, "receive"), kKiosk, true);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, LedgerError::UnknownProduct);
  EXPECT_FALSE(recordStockMovement(m_db, movement("m-4", "SOAP", -1, "receive"), kKiosk, true).ok());
  EXPECT_FALSE(recordStockMovement(m_db, movement("m-5", "SOAP", 1, "redeem"), kKiosk, true).ok());
  auto count = recordStockMovement(m_db, movement("m-6", "SOAP", -3, "count"), kKiosk, false);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 17);
  EXPECT_EQ(test::sumOfMovements(m_db, "SOAP"), 17);
  EXPECT_EQ(queryInt(m_db, "SELECT COUNT(*) FROM stock_outbox"), 1);  // not from the office
  EXPECT_EQ(test::queryText(m_db, "SELECT staff_name FROM stock_movements WHERE uuid = 'm-6'"),
            "王秀英");
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(StaffTest, DayClosesAreNumberedAndCoverTheEntriesSinceTheLast) {
  const auto towel = redeem({{"TOWEL", 2}});
  const auto soap = redeem({{"SOAP", 1}});
  voidIt(soap);
  auto z1 = closeDay(m_db, kKiosk, "王秀英", m_now);
  ASSERT_TRUE(z1.ok()) << z1.error().message;
  EXPECT_EQ(z1->number, 1);
  EXPECT_EQ(z1->first_seq, 1);
  EXPECT_EQ(z1->last_seq, 3);
  EXPECT_EQ(z1->day, core::chinaDay(m_now));
  EXPECT_EQ(z1->head_hash, *entryHash(m_db, kKiosk, 3));
  const auto sum = core::parseDaySummary(z1->summary);
  ASSERT_TRUE(sum.has_value()) << z1->summary;
  EXPECT_EQ(sum->redemptions, 2);
  EXPECT_EQ(sum->redeemed_points, 25);
  EXPECT_EQ(sum->voids, 1);
  EXPECT_EQ(sum->returned_points, 5);
  ASSERT_EQ(sum->products.size(), 1u);  // the soap came back
  EXPECT_EQ(sum->products[0], (core::DayLine{"TOWEL", 2, 0}));
  // The next day starts after it; an empty day is a close too, with the same head.
  auto z2 = closeDay(m_db, kKiosk, "王秀英", m_now + 1000);
  ASSERT_TRUE(z2.ok());
  EXPECT_EQ(z2->number, 2);
  EXPECT_EQ(z2->first_seq, 4);
  EXPECT_EQ(z2->last_seq, 3);
  EXPECT_EQ(z2->head_hash, z1->head_hash);
  redeem({{"TOWEL", 1}});
  const auto open = openDay(m_db, kKiosk);
  ASSERT_TRUE(open.ok());
  EXPECT_EQ(open->next_number, 3);
  EXPECT_EQ(open->first_seq, 4);
  EXPECT_EQ(open->last_seq, 4);
  EXPECT_EQ(open->summary.redemptions, 1);
  // Another kiosk's entries are not this kiosk's day.
  EXPECT_EQ(dayClosesOn(m_db, core::chinaDay(m_now)).size(), 2u);
  EXPECT_TRUE(dayClosesOn(m_db, core::chinaDay(m_now), "laundry").empty());
  (void)towel;
}

TEST_F(StaffTest, ADayCloseIsImmutable) {
  redeem({{"TOWEL", 1}});
  ASSERT_TRUE(closeDay(m_db, kKiosk, "王秀英", m_now).ok());
  EXPECT_FALSE(m_db.exec("UPDATE day_closes SET summary = 'entries 0\n' WHERE number = 1").ok());
  EXPECT_FALSE(m_db.exec("UPDATE day_closes SET last_seq = 0 WHERE number = 1").ok());
  EXPECT_FALSE(m_db.exec("DELETE FROM day_closes").ok());
  // Only its acknowledgement may change.
  EXPECT_TRUE(m_db.exec("UPDATE day_closes SET acked = 1 WHERE number = 1").ok());
  EXPECT_EQ(queryInt(m_db, "SELECT COUNT(*) FROM day_closes"), 1);
}

TEST_F(StaffTest, TheOfficeTakesEachCloseOnceAndRefusesAnotherUnderItsNumber) {
  redeem({{"TOWEL", 1}});
  auto z = closeDay(m_db, kKiosk, "王秀英", m_now);
  ASSERT_TRUE(z.ok());
  DayCloseRow pushed = *z;
  pushed.kiosk_id = "laundry";
  auto first = recordDayClose(m_db, pushed);
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(*first);
  auto again = recordDayClose(m_db, pushed);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
  DayCloseRow altered = pushed;
  altered.summary = core::encodeDaySummary(core::DaySummary{});
  auto conflict = recordDayClose(m_db, altered);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, LedgerError::UuidConflict);
  DayCloseRow bad = pushed;
  bad.number = 2;
  bad.summary = "not a summary";
  EXPECT_FALSE(recordDayClose(m_db, bad).ok());
  bad.summary = pushed.summary;
  bad.day = "2026-13-01";
  EXPECT_FALSE(recordDayClose(m_db, bad).ok());
}

TEST_F(StaffTest, TodaysRowsNameTheVillagerAndWhatAVoidReversed) {
  const auto towel = redeem({{"TOWEL", 2}});
  voidIt(towel);
  auto rows = kioskDayRows(m_db, kKiosk, m_now - 1000, m_now + 1000);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  const auto& v = (*rows)[0];  // newest first
  EXPECT_EQ(v.entry.kind, core::EntryKind::Void);
  EXPECT_EQ(v.villager_name, "刘桂兰");
  EXPECT_EQ(v.lines, "TOWEL*2");
  EXPECT_EQ(v.target_uuid, towel.entry.uuid);
  EXPECT_EQ(v.target_kind, core::EntryKind::Redemption);
  EXPECT_NE(v.entry.reference.find("经手 王秀英"), std::string::npos);
  EXPECT_TRUE((*rows)[1].voided);
  EXPECT_FALSE(v.voided);
  EXPECT_TRUE(kioskDayRows(m_db, "laundry", m_now - 1000, m_now + 1000)->empty());
}

}  // namespace
}  // namespace rc::db
