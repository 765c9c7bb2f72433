// The ledger: balances from append-only entries, idempotent retries, redemptions against the
// catalog, voids, the triggers that keep history unchangeable, and the audit that catches a
// ledger edited behind its back.
//
// Sections: balances · idempotency · redemptions · voids · history cannot be rewritten ·
// the audit (LedgerVerifyTest: tamper tests that edit the file with raw SQL).

#include "db/ledger.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/rules.h"
#include "village_fixture.h"

namespace rc::db {
namespace {

using core::EntryKind;
using test::queryInt;
using test::sumOfEntries;

class LedgerTest : public test::VillageFixture {
 protected:
  void SetUp() override {
    VillageFixture::SetUp();
    if (HasFatalFailure()) return;
    m_home = addHousehold("东岛路1号");
    m_wang = addVillager(m_home, "王秀英", 1950, true);
    m_liu = addVillager(m_home, "刘建国", 1975);
    addProduct("RICE-5KG", 30, 10);
    addProduct("OIL-1L", 20, 5, 2);
    addProduct("SOAP", 5, 100);
  }

  RedemptionDraft cart(core::VillagerId who, std::vector<core::CartLine> lines,
                       std::string uuid = {}) {
    RedemptionDraft d;
    d.uuid = std::move(uuid);
    d.villager_id = who;
    d.lines = std::move(lines);
    d.reference = "receipt";
    return d;
  }

  VoidDraft voiding(std::int64_t seq, std::string uuid = {}) {
    VoidDraft v;
    v.uuid = std::move(uuid);
    v.target_seq = seq;
    v.reason = "keyed in by mistake";
    return v;
  }

  std::int64_t movements(const std::string& where = "1") {
    return queryInt(m_db, "SELECT count(*) FROM stock_movements WHERE " + where).value_or(-1);
  }

  void expectBalanceMatchesEntries(core::VillagerId who) {
    const auto b = balanceOf(who);
    const auto s = sumOfEntries(m_db, who);
    EXPECT_EQ(b.score, s.score);
    EXPECT_EQ(b.points, s.points);
    EXPECT_EQ(b.entries, s.count);
  }

  core::HouseholdId m_home = 0;
  core::VillagerId m_wang = 0;
  core::VillagerId m_liu = 0;
};

// --- balances ------------------------------------------------------------------------------

TEST_F(LedgerTest, EveryVillagerStartsAtTheBaseScoreWithNoPoints) {
  const auto b = balanceOf(m_wang);
  EXPECT_EQ(b.score, 1000);
  EXPECT_EQ(b.points, 0);
  EXPECT_EQ(b.entries, 0);
  EXPECT_FALSE(m_ledger.balance(9999).has_value());
}

TEST_F(LedgerTest, AwardsDeductionsVolunteerHoursAndFundRewardsMoveTheBalance) {
  auto r = mustAppend(draft(EntryKind::CouncilAward, m_wang, 5, 5));
  EXPECT_FALSE(r.duplicate);
  EXPECT_EQ(r.entry.seq, 1);
  EXPECT_EQ(r.entry.kiosk_id, "office");
  EXPECT_EQ(r.entry.kiosk_seq, 1);
  EXPECT_EQ(r.entry.uuid.size(), 36u) << "an empty uuid gets a fresh one";
  EXPECT_EQ(r.balance.score, 1005);
  EXPECT_EQ(r.balance.points, 5);

  r = mustAppend(draft(EntryKind::CouncilDeduction, m_wang, -3, 0));
  EXPECT_EQ(r.balance.score, 1002);
  EXPECT_EQ(r.balance.points, 5) << "a deduction never touches points";

  r = mustAppend(draft(EntryKind::VolunteerHours, m_wang, 2, 4));
  EXPECT_EQ(r.balance.score, 1004);
  EXPECT_EQ(r.balance.points, 9);

  r = mustAppend(draft(EntryKind::FundReward, m_wang, 0, 30));
  EXPECT_EQ(r.balance.score, 1004) << "a fund reward never touches the score";
  EXPECT_EQ(r.balance.points, 39);
  EXPECT_EQ(r.balance.entries, 4);
  EXPECT_EQ(r.entry.seq, 4);
  EXPECT_EQ(r.entry.kiosk_seq, 4);

  const auto b = balanceOf(m_wang);
  EXPECT_EQ(b.score, 1004);
  EXPECT_EQ(b.points, 39);
  EXPECT_EQ(b.entries, 4);
  expectBalanceMatchesEntries(m_wang);
  // The other villager is untouched.
  EXPECT_EQ(balanceOf(m_liu).score, 1000);
  EXPECT_EQ(balanceOf(m_liu).points, 0);
  EXPECT_EQ(m_ledger.entryCount(), 4);
}

TEST_F(LedgerTest, StoredEntriesReadBackAsWritten) {
  auto d = draft(EntryKind::CouncilAward, m_liu, 10, 10, "award-liu-1");
  d.reference = "R-07";
  d.detail = "扶老助困";
  d.at_ms = 1'717'171'717'000;
  const auto r = mustAppend(d);
  auto bySeq = m_ledger.entryBySeq(r.entry.seq);
  auto byUuid = m_ledger.entryByUuid("award-liu-1");
  ASSERT_TRUE(bySeq && byUuid);
  for (const auto* e : {&*bySeq, &*byUuid}) {
    EXPECT_EQ(e->uuid, "award-liu-1");
    EXPECT_EQ(e->villager_id, m_liu);
    EXPECT_EQ(e->kind, EntryKind::CouncilAward);
    EXPECT_EQ(e->reference, "R-07");
    EXPECT_EQ(e->detail, "扶老助困");
    EXPECT_EQ(e->at_ms, 1'717'171'717'000);
    EXPECT_EQ(e->hash, r.entry.hash);
    EXPECT_FALSE(e->voids_seq.has_value());
  }
  EXPECT_FALSE(m_ledger.entryByUuid("never-written").has_value());
  const auto recent = m_ledger.recentEntries(m_liu, 10);
  ASSERT_EQ(recent.size(), 1u);
  EXPECT_EQ(recent[0].seq, r.entry.seq);
}

TEST_F(LedgerTest, ADeductionCanPushTheScoreAnywhere) {
  auto r = mustAppend(draft(EntryKind::CouncilDeduction, m_liu, -100, 0));
  EXPECT_EQ(r.balance.score, 900);
  r = mustAppend(draft(EntryKind::CouncilDeduction, m_liu, -50, 0));
  EXPECT_EQ(r.balance.score, 850);
  EXPECT_EQ(r.balance.points, 0);
  expectBalanceMatchesEntries(m_liu);
}

// Sums are 64-bit and checked: a balance stays within ±core::kMaxBalance, and an entry that
// would take it outside is refused (never wrapped), through single appends and batch merges.
TEST_F(LedgerTest, ExtremeAmountsAreRefusedNeverWrappedAndTheLedgerVerifies) {
  const int big = static_cast<int>(core::kMaxEntryAmount);
  EXPECT_EQ(m_ledger.append(draft(EntryKind::FundReward, m_wang, 0, big + 1)).error().code,
            LedgerError::BadShape);
  EXPECT_EQ(m_ledger.append(draft(EntryKind::FundReward, m_wang, 0, 2147483647)).error().code,
            LedgerError::BadShape);
  EXPECT_EQ(m_ledger.append(draft(EntryKind::CouncilDeduction, m_wang, -2147483647 - 1, 0))
                .error()
                .code,
            LedgerError::BadShape);
  // Up to the range's edge in the largest steps an entry may take, then one point more.
  const auto steps = core::kMaxBalance / core::kMaxEntryAmount;
  {
    auto tx = Transaction::begin(m_db);  // one commit for the thousand appends
    ASSERT_TRUE(tx.ok());
    for (std::int64_t i = 0; i < steps; ++i) mustAppend(draft(EntryKind::FundReward, m_wang, 0, big));
    for (std::int64_t i = 0; i < steps; ++i) {
      mustAppend(draft(EntryKind::CouncilDeduction, m_liu, -big, 0));
    }
    ASSERT_TRUE((*tx)->commit().ok());
  }
  EXPECT_EQ(balanceOf(m_wang).points, core::kMaxBalance);
  const auto over = m_ledger.append(draft(EntryKind::FundReward, m_wang, 0, 1));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, LedgerError::OutOfRange);
  EXPECT_EQ(balanceOf(m_wang).points, core::kMaxBalance);
  // The same through a batch merge.
  {
    auto tx = Transaction::begin(m_db);
    ASSERT_TRUE(tx.ok());
    BatchAppender batch(m_ledger);
    EntryDraft d = draft(EntryKind::FundReward, m_wang, 0, 1);
    d.uuid = "batch-over";
    d.kiosk_id = "k1";
    d.kiosk_seq = 1;
    d.at_ms = 1'780'000'000'000;
    const auto r = batch.append(d, std::nullopt);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, LedgerError::OutOfRange);
  }
  // And downwards for the score.
  EXPECT_EQ(m_ledger.append(draft(EntryKind::CouncilDeduction, m_liu, -big, 0)).error().code,
            LedgerError::OutOfRange);
  EXPECT_EQ(balanceOf(m_liu).score, core::kBaseScore - steps * core::kMaxEntryAmount);
  expectBalanceMatchesEntries(m_wang);
  expectBalanceMatchesEntries(m_liu);
  const auto v = m_ledger.verify();
  EXPECT_TRUE(v.ok) << (v.problems.empty() ? "" : v.problems.front());
}

// A known answer for the chain hash: a fixed entry after a fixed previous hash. The expected
// digest was computed outside the product from the documented layout (docs/architecture.md):
// prev, then seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, points_delta,
// reference, detail, voids_seq (all ones when none), at_ms; integers as 8 bytes little-endian,
// texts as their 8-byte length then their bytes. Any change to the hashed fields fails here.
TEST(ChainHash, KnownAnswer) {
  Hash prev{};
  for (std::size_t i = 0; i < prev.size(); ++i) prev[i] = static_cast<std::uint8_t>(i);
  Entry e;
  e.seq = 42;
  e.uuid = "7d9c1f0e-3a5b-4c2d-9e8f-0a1b2c3d4e5f";
  e.kiosk_id = "supermarket";
  e.kiosk_seq = 41;
  e.villager_id = 17;
  e.kind = EntryKind::Redemption;
  e.score_delta = 0;
  e.points_delta = -130;
  e.reference = "receipt 2026-11-25-0041";
  e.detail = "RICE*2;OIL*1";
  e.at_ms = 1764074400123;
  EXPECT_EQ(hashToHex(chainHash(prev, e)),
            "861728b3fb2249b8f77588a3c152e630de1fc7a1686168d846dbbed39b676dca");
  Entry v;
  v.seq = 43;
  v.uuid = "0b7e0000-0000-4000-8000-000000000001";
  v.kiosk_id = "supermarket";
  v.kiosk_seq = 42;
  v.villager_id = 17;
  v.kind = EntryKind::Void;
  v.points_delta = 130;
  v.reference = "wrong item";
  v.voids_seq = 42;
  v.at_ms = 1764074460000;
  EXPECT_EQ(hashToHex(chainHash(prev, v)),
            "51e062b969fca6646907ffd7a737c8ef97aa488666bb0dc76595c2bc804ac197");
  EXPECT_EQ(hashFromHex(hashToHex(prev)), prev);
  EXPECT_EQ(hashFromHex("not hex"), std::nullopt);
}

TEST_F(LedgerTest, ARedemptionCannotTakePointsBelowZero) {
  fund(m_wang, 40);
  auto ok = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 1}}));
  ASSERT_TRUE(ok.ok()) << test::describe(ok.error());
  EXPECT_EQ(ok->balance.points, 10);

  const auto entries = m_ledger.entryCount();
  auto r = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 1}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::InsufficientPoints);
  ASSERT_TRUE(r.error().cart_problem.has_value());
  EXPECT_EQ(r.error().cart_problem->error, core::CartError::InsufficientPoints);
  EXPECT_EQ(balanceOf(m_wang).points, 10);
  EXPECT_EQ(m_ledger.entryCount(), entries);
  EXPECT_EQ(test::productStock(m_db, "RICE-5KG"), 9);

  // The lower-level path the services use holds spending entries to the same rule.
  {
    db::Transaction tx(m_db);
    auto direct = m_ledger.appendInTransaction(draft(EntryKind::Booking, m_wang, 0, -11), {});
    ASSERT_FALSE(direct.ok());
    EXPECT_EQ(direct.error().code, LedgerError::InsufficientPoints);
    // Exactly down to zero is fine.
    auto exact = m_ledger.appendInTransaction(draft(EntryKind::Booking, m_wang, 0, -10), {});
    ASSERT_TRUE(exact.ok()) << test::describe(exact.error());
    EXPECT_EQ(exact->balance.points, 0);
    ASSERT_TRUE(tx.commit());
  }
  // The office merging two offline kiosks may overdraw, and says so.
  fund(m_wang, 20);
  auto merged = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 1}}), {.allow_overdraft = true});
  ASSERT_TRUE(merged.ok()) << test::describe(merged.error());
  EXPECT_EQ(merged->balance.points, -10);
  expectBalanceMatchesEntries(m_wang);
}

TEST_F(LedgerTest, UnknownVillagerAndMalformedInputAreRefused) {
  auto r = m_ledger.append(draft(EntryKind::FundReward, 4242, 0, 10));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::UnknownVillager);

  r = m_ledger.append(draft(EntryKind::FundReward, m_wang, 0, 10, "has a space"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::BadInput);
  r = m_ledger.append(draft(EntryKind::FundReward, m_wang, 0, 10, std::string(65, 'a')));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::BadInput);

  auto longRef = draft(EntryKind::FundReward, m_wang, 0, 10);
  longRef.reference = std::string(kMaxReference + 1, 'x');
  r = m_ledger.append(longRef);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::BadInput);

  auto negativeSeq = draft(EntryKind::FundReward, m_wang, 0, 10);
  negativeSeq.kiosk_seq = -1;
  r = m_ledger.append(negativeSeq);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::BadInput);

  // A void names its target, so it only comes through voidEntry().
  r = m_ledger.append(draft(EntryKind::Void, m_wang, 0, 10));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::BadInput);

  EXPECT_EQ(m_ledger.entryCount(), 0);
  EXPECT_EQ(balanceOf(m_wang).points, 0);
}

TEST_F(LedgerTest, SpendingAndVoidsHaveTheirOwnPaths) {
  fund(m_wang, 100);
  // Each moves more than a balance (stock, a place, the entry it reverses).
  for (const auto kind : {EntryKind::Redemption, EntryKind::Booking, EntryKind::Void}) {
    auto r = m_ledger.append(draft(kind, m_wang, 0, -10));
    ASSERT_FALSE(r.ok()) << core::toString(kind);
    EXPECT_EQ(r.error().code, LedgerError::BadInput) << core::toString(kind);
  }
  EXPECT_EQ(m_ledger.entryCount(), 1);
  EXPECT_EQ(balanceOf(m_wang).points, 100);
}

TEST_F(LedgerTest, AmountsThatDoNotFitTheKindAreBadShape) {
  struct Case {
    EntryKind kind;
    int score;
    int points;
  };
  const Case cases[] = {
      {EntryKind::FundReward, 5, 10},         // a fund reward with score
      {EntryKind::FundReward, 0, -10},        // a fund reward that takes points
      {EntryKind::CouncilAward, -5, 0},       // an award that lowers the score
      {EntryKind::CouncilDeduction, -5, -5},  // a deduction that takes points
      {EntryKind::CouncilDeduction, 5, 0},    // a deduction that raises the score
      {EntryKind::VolunteerHours, -1, 2},
      {EntryKind::CouncilAward, 0, 0},  // nothing moves
  };
  fund(m_wang, 100);
  for (const auto& c : cases) {
    auto r = m_ledger.append(draft(c.kind, m_wang, c.score, c.points));
    ASSERT_FALSE(r.ok()) << core::toString(c.kind) << " " << c.score << "/" << c.points;
    EXPECT_EQ(r.error().code, LedgerError::BadShape)
        << core::toString(c.kind) << " " << c.score << "/" << c.points << " " << r.error().message;
  }
  EXPECT_EQ(m_ledger.entryCount(), 1);
  EXPECT_EQ(balanceOf(m_wang).score, 1000);
  EXPECT_EQ(balanceOf(m_wang).points, 100);
}

// --- idempotency ---------------------------------------------------------------------------

TEST_F(LedgerTest, TheSameUuidTwiceIsRecordedOnceAndAnswersWithTheFirstResult) {
  auto d = draft(EntryKind::CouncilAward, m_wang, 10, 10, "award-0001");
  const auto first = mustAppend(d);
  EXPECT_FALSE(first.duplicate);
  mustAppend(draft(EntryKind::FundReward, m_wang, 0, 7));

  d.at_ms = 42;  // a retry carries a later clock; that does not make it a new entry
  auto again = m_ledger.append(d);
  ASSERT_TRUE(again.ok()) << test::describe(again.error());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->entry.seq, first.entry.seq);
  EXPECT_EQ(again->entry.hash, first.entry.hash);
  EXPECT_EQ(again->entry.at_ms, first.entry.at_ms);
  EXPECT_EQ(again->entry.kiosk_seq, first.entry.kiosk_seq);
  // The balance as it stands now, not counting the award twice.
  EXPECT_EQ(again->balance.score, 1010);
  EXPECT_EQ(again->balance.points, 17);
  EXPECT_EQ(m_ledger.entryCount(), 2);
  EXPECT_EQ(queryInt(m_db, "SELECT count(*) FROM entries WHERE uuid = 'award-0001'"), 1);
  expectBalanceMatchesEntries(m_wang);
}

TEST_F(LedgerTest, TheSameUuidWithDifferentContentIsAConflict) {
  mustAppend(draft(EntryKind::CouncilAward, m_wang, 10, 10, "award-0002"));
  const EntryDraft changed[] = {
      draft(EntryKind::CouncilAward, m_wang, 11, 11, "award-0002"),
      draft(EntryKind::CouncilAward, m_liu, 10, 10, "award-0002"),
      draft(EntryKind::VolunteerHours, m_wang, 10, 10, "award-0002"),
  };
  for (const auto& d : changed) {
    auto r = m_ledger.append(d);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, LedgerError::UuidConflict);
  }
  auto otherRef = draft(EntryKind::CouncilAward, m_wang, 10, 10, "award-0002");
  otherRef.reference = "another rule";
  auto r = m_ledger.append(otherRef);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::UuidConflict);

  EXPECT_EQ(m_ledger.entryCount(), 1);
  EXPECT_EQ(balanceOf(m_wang).score, 1010);
  EXPECT_EQ(balanceOf(m_liu).score, 1000);
}

TEST_F(LedgerTest, AKioskSequenceNumberReusedByAnotherUuidIsASeqConflict) {
  auto a = draft(EntryKind::FundReward, m_wang, 0, 10, "kiosk1-a");
  a.kiosk_id = "kiosk-1";
  a.kiosk_seq = 7;
  mustAppend(a);

  auto b = draft(EntryKind::FundReward, m_wang, 0, 10, "kiosk1-b");
  b.kiosk_id = "kiosk-1";
  b.kiosk_seq = 7;
  auto r = m_ledger.append(b);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::SeqConflict);

  // The same (kiosk, seq) with the same uuid is just a retry.
  auto again = m_ledger.append(a);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  // The same uuid claiming another sequence number is not the same request.
  auto moved = a;
  moved.kiosk_seq = 8;
  r = m_ledger.append(moved);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::UuidConflict);
  // Another kiosk may use the same number.
  b.kiosk_id = "kiosk-2";
  auto other = m_ledger.append(b);
  ASSERT_TRUE(other.ok()) << test::describe(other.error());
  EXPECT_EQ(balanceOf(m_wang).points, 20);
}

TEST_F(LedgerTest, KioskSeqZeroAllocatesTheNextNumberPerKiosk) {
  auto k1 = draft(EntryKind::FundReward, m_wang, 0, 1);
  k1.kiosk_id = "kiosk-1";
  k1.kiosk_seq = 41;
  EXPECT_EQ(mustAppend(k1).entry.kiosk_seq, 41);
  k1.kiosk_seq = 0;
  EXPECT_EQ(mustAppend(k1).entry.kiosk_seq, 42);
  EXPECT_EQ(mustAppend(k1).entry.kiosk_seq, 43);

  auto k2 = draft(EntryKind::FundReward, m_wang, 0, 1);
  k2.kiosk_id = "kiosk-2";
  EXPECT_EQ(mustAppend(k2).entry.kiosk_seq, 1);
  EXPECT_EQ(mustAppend(k2).entry.kiosk_seq, 2);
  // The office has its own numbering.
  EXPECT_EQ(mustAppend(draft(EntryKind::FundReward, m_liu, 0, 1)).entry.kiosk_seq, 1);
  EXPECT_EQ(m_ledger.entryCount(), 6);
}

// --- redemptions ---------------------------------------------------------------------------

TEST_F(LedgerTest, RedeemPricesFromTheCatalogAndTakesTheStock) {
  fund(m_wang, 100);
  auto r = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 2}, {"OIL-1L", 1}}, "redeem-0001"));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_FALSE(r->duplicate);
  EXPECT_EQ(r->entry.kind, EntryKind::Redemption);
  EXPECT_EQ(r->entry.points_delta, -80);
  EXPECT_EQ(r->entry.score_delta, 0) << "redeeming goods never lowers the score";
  EXPECT_EQ(r->entry.detail, "RICE-5KG*2;OIL-1L*1");
  EXPECT_EQ(r->entry.reference, "receipt");
  EXPECT_EQ(r->balance.points, 20);
  EXPECT_EQ(r->balance.score, 1000);

  EXPECT_EQ(test::productStock(m_db, "RICE-5KG"), 8);
  EXPECT_EQ(test::productStock(m_db, "OIL-1L"), 4);
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 100);
  const auto seq = std::to_string(r->entry.seq);
  EXPECT_EQ(movements("reason = 'redeem' AND entry_seq = " + seq), 2);
  EXPECT_EQ(queryInt(m_db,
                     "SELECT m.delta FROM stock_movements m JOIN products p ON "
                     "p.id = m.product_id WHERE p.sku = 'RICE-5KG' AND m.entry_seq = " +
                         seq),
            -2);
  EXPECT_EQ(test::sumOfMovements(m_db, "RICE-5KG"), 8);
  EXPECT_EQ(test::sumOfMovements(m_db, "OIL-1L"), 4);
  expectBalanceMatchesEntries(m_wang);

  const auto parsed = parseLines(r->entry.detail);
  ASSERT_TRUE(parsed.has_value());
  EXPECT_EQ(*parsed, (std::vector<core::CartLine>{{"RICE-5KG", 2}, {"OIL-1L", 1}}));
}

TEST_F(LedgerTest, StockMovementsCarryTheTimeOfTheirEntry) {
  // Day close counts the shelf by time: a movement stamped 1970 would vanish from the day.
  fund(m_wang, 100);
  auto r = m_ledger.redeem(cart(m_wang, {{"SOAP", 2}}));  // at_ms 0: "now"
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_GT(r->entry.at_ms, 0);
  EXPECT_EQ(queryInt(m_db, "SELECT at_ms FROM stock_movements WHERE reason = 'redeem'"),
            r->entry.at_ms);
  auto v = m_ledger.voidEntry(voiding(r->entry.seq));
  ASSERT_TRUE(v.ok()) << test::describe(v.error());
  EXPECT_EQ(queryInt(m_db, "SELECT at_ms FROM stock_movements WHERE reason = 'void'"),
            v->entry.at_ms);

  auto dated = cart(m_wang, {{"SOAP", 1}});
  dated.at_ms = 1'751'331'600'000;  // a kiosk's own clock, synced later
  r = m_ledger.redeem(dated);
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(r->entry.at_ms, 1'751'331'600'000);
  EXPECT_EQ(queryInt(m_db, "SELECT at_ms FROM stock_movements WHERE entry_seq = " +
                               std::to_string(r->entry.seq)),
            1'751'331'600'000);
}

TEST_F(LedgerTest, RedeemRefusesWhatTheShelfOrTheRulesCannotGive) {
  fund(m_wang, 1000);
  const auto entries = m_ledger.entryCount();
  const auto moves = movements();
  struct Case {
    std::vector<core::CartLine> lines;
    core::CartError error;
    std::string sku;
  };
  const std::vector<Case> cases = {
      {{{"RICE-5KG", 1}, {"NO-SUCH", 1}}, core::CartError::UnknownProduct, "NO-SUCH"},
      {{{"OIL-1L", 3}}, core::CartError::OverLimit, "OIL-1L"},  // product limit 2
      {{{"SOAP", 6}}, core::CartError::OverLimit, "SOAP"},      // default limit 5
      {{{"SOAP", 0}}, core::CartError::InvalidQuantity, "SOAP"},
      {{{"SOAP", 1}, {"SOAP", 1}}, core::CartError::DuplicateLine, "SOAP"},
  };
  for (const auto& c : cases) {
    auto r = m_ledger.redeem(cart(m_wang, c.lines));
    ASSERT_FALSE(r.ok()) << core::toString(c.error);
    EXPECT_EQ(r.error().code, LedgerError::Cart);
    ASSERT_TRUE(r.error().cart_problem.has_value());
    EXPECT_EQ(r.error().cart_problem->error, c.error) << r.error().message;
    EXPECT_EQ(r.error().cart_problem->sku, c.sku);
  }
  auto empty = m_ledger.redeem(cart(m_wang, {}));
  ASSERT_FALSE(empty.ok());
  ASSERT_TRUE(empty.error().cart_problem.has_value());
  EXPECT_EQ(empty.error().cart_problem->error, core::CartError::Empty);

  // Out of stock: take the shelf down to 1 and ask for 2.
  ASSERT_TRUE(
      Catalog(m_db).moveStock("OIL-1L", -4, "adjust", std::nullopt, nowMs(), "broken").ok());
  auto r = m_ledger.redeem(cart(m_wang, {{"OIL-1L", 2}}));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::Cart);
  ASSERT_TRUE(r.error().cart_problem.has_value());
  EXPECT_EQ(r.error().cart_problem->error, core::CartError::OutOfStock);
  EXPECT_EQ(r.error().cart_problem->sku, "OIL-1L");

  EXPECT_EQ(m_ledger.entryCount(), entries);
  EXPECT_EQ(movements(), moves + 1);  // only the adjustment
  EXPECT_EQ(balanceOf(m_wang).points, 1000);
  EXPECT_EQ(test::productStock(m_db, "OIL-1L"), 1);
  EXPECT_EQ(test::productStock(m_db, "RICE-5KG"), 10);

  auto unknown = m_ledger.redeem(cart(777, {{"SOAP", 1}}));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, LedgerError::UnknownVillager);
}

TEST_F(LedgerTest, ARetriedRedemptionAfterAPriceChangeAnswersWithTheFirstResult) {
  fund(m_wang, 100);
  auto first = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 1}}, "redeem-retry"));
  ASSERT_TRUE(first.ok()) << test::describe(first.error());
  EXPECT_EQ(first->entry.points_delta, -30);

  // The office raises the price and the shelf runs out before the kiosk's retry arrives.
  ASSERT_TRUE(m_db.exec("UPDATE products SET price_points = 50 WHERE sku = 'RICE-5KG'").ok());
  ASSERT_TRUE(Catalog(m_db).moveStock("RICE-5KG", -9, "adjust", std::nullopt, nowMs(), "").ok());
  const auto moves = movements();

  auto retry = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 1}}, "redeem-retry"));
  ASSERT_TRUE(retry.ok()) << test::describe(retry.error());
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(retry->entry.seq, first->entry.seq);
  EXPECT_EQ(retry->entry.points_delta, -30);
  EXPECT_EQ(retry->balance.points, 70);
  EXPECT_EQ(balanceOf(m_wang).points, 70);
  EXPECT_EQ(test::productStock(m_db, "RICE-5KG"), 0);
  EXPECT_EQ(movements(), moves);
  EXPECT_EQ(m_ledger.entryCount(), 2);

  // The same uuid with another cart is not a retry.
  auto other = m_ledger.redeem(cart(m_wang, {{"SOAP", 1}}, "redeem-retry"));
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, LedgerError::UuidConflict);
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 100);
}

// --- voids ---------------------------------------------------------------------------------

TEST_F(LedgerTest, AVoidReversesPointsAndScore) {
  const auto award = mustAppend(draft(EntryKind::CouncilAward, m_liu, 10, 10));
  const auto deduction = mustAppend(draft(EntryKind::CouncilDeduction, m_liu, -20, 0));
  EXPECT_EQ(balanceOf(m_liu).score, 990);

  auto v = m_ledger.voidEntry(voiding(award.entry.seq, "void-award"));
  ASSERT_TRUE(v.ok()) << test::describe(v.error());
  EXPECT_EQ(v->entry.kind, EntryKind::Void);
  EXPECT_EQ(v->entry.voids_seq, award.entry.seq);
  EXPECT_EQ(v->entry.score_delta, -10);
  EXPECT_EQ(v->entry.points_delta, -10);
  EXPECT_EQ(v->entry.villager_id, m_liu);
  EXPECT_EQ(v->entry.reference, "keyed in by mistake");
  EXPECT_EQ(v->balance.score, 980);
  EXPECT_EQ(v->balance.points, 0);

  v = m_ledger.voidEntry(voiding(deduction.entry.seq));
  ASSERT_TRUE(v.ok()) << test::describe(v.error());
  EXPECT_EQ(v->balance.score, 1000);
  EXPECT_EQ(v->balance.points, 0);
  // Voids reverse, never delete: all four entries are still there.
  EXPECT_EQ(m_ledger.entryCount(), 4);
  expectBalanceMatchesEntries(m_liu);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(LedgerTest, VoidingARedemptionPutsTheStockBack) {
  fund(m_wang, 100);
  auto r = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 2}, {"SOAP", 3}}));
  ASSERT_TRUE(r.ok()) << test::describe(r.error());
  EXPECT_EQ(test::productStock(m_db, "RICE-5KG"), 8);
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 97);

  auto v = m_ledger.voidEntry(voiding(r->entry.seq));
  ASSERT_TRUE(v.ok()) << test::describe(v.error());
  EXPECT_EQ(v->balance.points, 100);
  EXPECT_EQ(v->balance.score, 1000);
  EXPECT_EQ(test::productStock(m_db, "RICE-5KG"), 10);
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 100);
  EXPECT_EQ(movements("reason = 'void' AND entry_seq = " + std::to_string(v->entry.seq)), 2);
  EXPECT_EQ(test::sumOfMovements(m_db, "RICE-5KG"), 10);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(LedgerTest, VoidingTwiceIsAlreadyVoidedButARetriedVoidIsADuplicate) {
  fund(m_wang, 100);
  auto r = m_ledger.redeem(cart(m_wang, {{"SOAP", 2}}));
  ASSERT_TRUE(r.ok());
  auto v = m_ledger.voidEntry(voiding(r->entry.seq, "void-1"));
  ASSERT_TRUE(v.ok()) << test::describe(v.error());

  auto second = m_ledger.voidEntry(voiding(r->entry.seq, "void-2"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, LedgerError::AlreadyVoided);
  auto fresh = m_ledger.voidEntry(voiding(r->entry.seq));
  ASSERT_FALSE(fresh.ok());
  EXPECT_EQ(fresh.error().code, LedgerError::AlreadyVoided);

  auto retry = m_ledger.voidEntry(voiding(r->entry.seq, "void-1"));
  ASSERT_TRUE(retry.ok()) << test::describe(retry.error());
  EXPECT_TRUE(retry->duplicate);
  EXPECT_EQ(retry->entry.seq, v->entry.seq);

  EXPECT_EQ(balanceOf(m_wang).points, 100);
  EXPECT_EQ(test::productStock(m_db, "SOAP"), 100) << "the stock went back once";
  EXPECT_EQ(m_ledger.entryCount(), 3);
}

TEST_F(LedgerTest, AVoidCannotBeVoidedNorNameAMissingEntryNorLackAReason) {
  const auto award = mustAppend(draft(EntryKind::CouncilAward, m_wang, 5, 5));
  auto v = m_ledger.voidEntry(voiding(award.entry.seq));
  ASSERT_TRUE(v.ok());

  auto r = m_ledger.voidEntry(voiding(v->entry.seq));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::CannotVoidVoid);

  r = m_ledger.voidEntry(voiding(12345));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::UnknownEntry);

  auto noReason = voiding(award.entry.seq);
  noReason.reason.clear();
  r = m_ledger.voidEntry(noReason);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, LedgerError::BadInput);

  EXPECT_EQ(m_ledger.entryCount(), 2);
  EXPECT_EQ(balanceOf(m_wang).score, 1000);
}

// --- history cannot be rewritten ----------------------------------------------------------

TEST_F(LedgerTest, TriggersRefuseUpdatesAndDeletesOfEntriesAndStockMovements) {
  fund(m_wang, 100);
  ASSERT_TRUE(m_ledger.redeem(cart(m_wang, {{"SOAP", 1}})).ok());
  const char* refused[] = {
      "UPDATE entries SET points_delta = 1000 WHERE seq = 1",
      "DELETE FROM entries WHERE seq = 2",
      "DELETE FROM entries",
      "UPDATE stock_movements SET delta = 50",
      "DELETE FROM stock_movements",
  };
  for (const char* sql : refused) {
    auto st = m_db.exec(sql);
    ASSERT_FALSE(st.ok()) << sql;
    EXPECT_EQ(st.error().code, DbErrorCode::Constraint) << sql << ": " << st.error().message;
    EXPECT_NE(st.error().message.find("append-only"), std::string::npos) << st.error().message;
  }
  EXPECT_EQ(m_ledger.entryCount(), 2);
  EXPECT_EQ(queryInt(m_db, "SELECT points_delta FROM entries WHERE seq = 1"), 100);
  EXPECT_EQ(test::sumOfMovements(m_db, "SOAP"), 99);
  EXPECT_TRUE(m_ledger.verify().ok);
}

// --- villager_months ----------------------------------------------------------------------

// No trigger keeps villager_months (migration 0005): every path that appends entries writes it
// in the same transaction. Proven equal to the sums over the entries, by villager and China
// Standard Time month, after mixed operations around month and year boundaries.
TEST_F(LedgerTest, VillagerMonthsStayEqualToTheSumsOverEntries) {
  const std::int64_t nov1 = 1793462400000;  // 2026-11-01 00:00 in Beijing
  const std::int64_t jan1 = 1798732800000;  // 2027-01-01 00:00 in Beijing
  auto at = [](EntryDraft d, std::int64_t ms) {
    d.at_ms = ms;
    return d;
  };
  mustAppend(at(draft(EntryKind::CouncilAward, m_wang, 5, 5), nov1 - 1));
  mustAppend(at(draft(EntryKind::FundReward, m_wang, 0, 200), nov1));
  mustAppend(at(draft(EntryKind::CouncilDeduction, m_liu, -3, 0), jan1 - 1));
  mustAppend(at(draft(EntryKind::VolunteerHours, m_liu, 2, 4), jan1));
  mustAppend(draft(EntryKind::FundReward, m_liu, 0, 100));
  auto r = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 1}, {"SOAP", 2}}));
  ASSERT_TRUE(r.ok());
  auto v = m_ledger.voidEntry(voiding(r->entry.seq));
  ASSERT_TRUE(v.ok());
  {
    // The office merging a batch: several entries per villager-month, one row write each.
    Transaction tx(m_db);
    BatchAppender batch(m_ledger);
    for (int i = 1; i <= 5; ++i) {
      EntryDraft d = at(draft(EntryKind::VolunteerHours, i % 2 ? m_wang : m_liu, 1, 2), nov1 + i);
      d.uuid = "batch-" + std::to_string(i);
      d.kiosk_id = "laundry";
      d.kiosk_seq = i;
      ASSERT_TRUE(batch.append(d, std::nullopt).ok());
    }
    ASSERT_TRUE(batch.finish().ok());
    ASSERT_TRUE(tx.commit().ok());
  }
  {
    // A batch rolled back leaves villager_months as it was.
    Transaction tx(m_db);
    BatchAppender batch(m_ledger);
    EntryDraft d = at(draft(EntryKind::CouncilAward, m_wang, 9, 9), nov1);
    d.uuid = "batch-rolled-back";
    d.kiosk_id = "laundry";
    d.kiosk_seq = 6;
    ASSERT_TRUE(batch.append(d, std::nullopt).ok());
    ASSERT_TRUE(batch.finish().ok());
  }
  const std::string month =
      "CAST(strftime('%Y', at_ms / 1000 + 28800, 'unixepoch') AS INTEGER) * 12 + "
      "CAST(strftime('%m', at_ms / 1000 + 28800, 'unixepoch') AS INTEGER) - 1";
  const std::string sums = "SELECT villager_id, " + month +
                           " AS m, SUM(score_delta), SUM(points_delta), count(*) FROM entries "
                           "GROUP BY villager_id, m";
  const std::string table =
      "SELECT villager_id, month, score_delta, points_delta, entries FROM villager_months";
  EXPECT_EQ(queryInt(m_db, "SELECT count(*) FROM (" + table + " EXCEPT " + sums + ")"), 0);
  EXPECT_EQ(queryInt(m_db, "SELECT count(*) FROM (" + sums + " EXCEPT " + table + ")"), 0);
  EXPECT_EQ(queryInt(m_db, "SELECT SUM(entries) FROM villager_months"), m_ledger.entryCount());
  EXPECT_GE(queryInt(m_db, "SELECT count(*) FROM villager_months").value_or(0), 5)
      << "October, November, December, January and this month";
}

// --- the audit -----------------------------------------------------------------------------

class LedgerVerifyTest : public LedgerTest {
 protected:
  void SetUp() override {
    LedgerTest::SetUp();
    if (HasFatalFailure()) return;
    // A little history for two villagers: awards, a deduction, a redemption and a void.
    m_seqs.push_back(mustAppend(draft(EntryKind::CouncilAward, m_wang, 10, 10)).entry.seq);
    m_seqs.push_back(fund(m_wang, 100).entry.seq);
    m_seqs.push_back(mustAppend(draft(EntryKind::CouncilDeduction, m_liu, -5, 0)).entry.seq);
    m_seqs.push_back(mustAppend(draft(EntryKind::VolunteerHours, m_liu, 2, 4)).entry.seq);
    auto r = m_ledger.redeem(cart(m_wang, {{"RICE-5KG", 1}, {"SOAP", 2}}));
    ASSERT_TRUE(r.ok());
    m_seqs.push_back(r->entry.seq);
    auto v = m_ledger.voidEntry(voiding(m_seqs[2]));
    ASSERT_TRUE(v.ok());
    m_seqs.push_back(v->entry.seq);
    m_seqs.push_back(mustAppend(draft(EntryKind::CouncilAward, m_liu, 3, 3)).entry.seq);
    ASSERT_TRUE(m_ledger.verify().ok);
  }

  std::vector<std::int64_t> m_seqs;
};

TEST_F(LedgerVerifyTest, ACleanLedgerVerifies) {
  int calls = 0;
  const auto rep = m_ledger.verify([&calls](const VerifyProgress& p) {
    ++calls;
    EXPECT_EQ(p.done, p.total);
  });
  EXPECT_TRUE(rep.ok);
  EXPECT_TRUE(rep.problems.empty());
  EXPECT_FALSE(rep.first_bad_seq.has_value());
  EXPECT_EQ(rep.entries_checked, 7);
  EXPECT_EQ(rep.balances_checked, 2);
  EXPECT_EQ(rep.products_checked, 3);
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(m_db.inTransaction()) << "verify left its read transaction open";
}

TEST_F(LedgerVerifyTest, TheAuditSurvivesReopeningTheFile) {
  Database again(m_db.path(), OpenMode::ReadWrite);
  ASSERT_TRUE(migrate(again).ok());
  Ledger ledger(again, {});
  EXPECT_TRUE(ledger.verify().ok);
  EXPECT_EQ(ledger.balance(m_wang)->points, 10 + 100 - 40);
}

TEST_F(LedgerVerifyTest, AnEntryChangedBehindTheLedgersBackIsFoundByItsSeq) {
  const auto target = m_seqs[3];  // Liu's volunteer hours, in the middle of the chain
  ASSERT_TRUE(m_db.exec("DROP TRIGGER entries_no_update").ok());
  ASSERT_TRUE(m_db.exec("UPDATE entries SET points_delta = points_delta + 100 WHERE seq = " +
                        std::to_string(target))
                  .ok());
  const auto rep = m_ledger.verify();
  EXPECT_FALSE(rep.ok);
  ASSERT_TRUE(rep.first_bad_seq.has_value());
  EXPECT_EQ(*rep.first_bad_seq, target);
  ASSERT_FALSE(rep.problems.empty());
  EXPECT_NE(rep.problems.front().find("altered"), std::string::npos) << rep.problems.front();
}

TEST_F(LedgerVerifyTest, AForgeryThatAlsoFixesTheBalanceIsStillCaughtByTheHash) {
  const auto target = m_seqs[1];  // Wang's fund reward
  ASSERT_TRUE(m_db.exec("DROP TRIGGER entries_no_update").ok());
  ASSERT_TRUE(
      m_db.exec("UPDATE entries SET points_delta = 1000 WHERE seq = " + std::to_string(target))
          .ok());
  ASSERT_TRUE(m_db.exec("UPDATE balances SET points = points + 900 WHERE villager_id = " +
                        std::to_string(m_wang))
                  .ok());
  const auto rep = m_ledger.verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.first_bad_seq, target);
  EXPECT_EQ(rep.problems.size(), 1u) << "one altered row is reported once";
}

TEST_F(LedgerVerifyTest, AChangedBalanceNamesTheVillager) {
  ASSERT_TRUE(m_db.exec("UPDATE balances SET points = points + 500 WHERE villager_id = " +
                        std::to_string(m_liu))
                  .ok());
  const auto rep = m_ledger.verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_FALSE(rep.first_bad_seq.has_value()) << "every entry is intact";
  ASSERT_EQ(rep.problems.size(), 1u);
  EXPECT_NE(rep.problems[0].find("villager " + std::to_string(m_liu)), std::string::npos)
      << rep.problems[0];
}

TEST_F(LedgerVerifyTest, AChangedScoreOrEntryCountIsFoundToo) {
  ASSERT_TRUE(
      m_db.exec("UPDATE balances SET score = 1100 WHERE villager_id = " + std::to_string(m_wang))
          .ok());
  auto rep = m_ledger.verify();
  EXPECT_FALSE(rep.ok);
  ASSERT_FALSE(rep.problems.empty());
  EXPECT_NE(rep.problems[0].find("villager " + std::to_string(m_wang)), std::string::npos);

  ASSERT_TRUE(m_db.exec("UPDATE balances SET score = 1010, entries = entries + 1 WHERE "
                        "villager_id = " +
                        std::to_string(m_wang))
                  .ok());
  rep = m_ledger.verify();
  EXPECT_FALSE(rep.ok) << "an entry count that disagrees with the entries";
}

TEST_F(LedgerVerifyTest, AChangedStockLevelNamesTheProduct) {
  ASSERT_TRUE(m_db.exec("UPDATE products SET stock = stock + 3 WHERE sku = 'SOAP'").ok());
  const auto rep = m_ledger.verify();
  EXPECT_FALSE(rep.ok);
  ASSERT_EQ(rep.problems.size(), 1u);
  EXPECT_NE(rep.problems[0].find("SOAP"), std::string::npos) << rep.problems[0];
  EXPECT_FALSE(rep.first_bad_seq.has_value());
}

TEST_F(LedgerVerifyTest, ADeletedEntryIsReportedMissing) {
  const auto target = m_seqs[0];  // Wang's first award, neither voided nor referenced
  ASSERT_TRUE(m_db.exec("DROP TRIGGER entries_no_delete").ok());
  ASSERT_TRUE(m_db.exec("DELETE FROM entries WHERE seq = " + std::to_string(target)).ok());
  ASSERT_EQ(m_ledger.entryCount(), 6);
  const auto rep = m_ledger.verify();
  EXPECT_FALSE(rep.ok);
  ASSERT_TRUE(rep.first_bad_seq.has_value());
  EXPECT_EQ(*rep.first_bad_seq, target + 1) << "the first entry after the gap";
  ASSERT_FALSE(rep.problems.empty());
  EXPECT_NE(rep.problems[0].find("missing"), std::string::npos) << rep.problems[0];
  bool namesVillager = false;
  for (const auto& p : rep.problems) {
    namesVillager |= p.find("villager " + std::to_string(m_wang)) != std::string::npos;
  }
  EXPECT_TRUE(namesVillager) << "Wang's balance no longer matches his entries";
}

TEST_F(LedgerVerifyTest, AVoidThatDoesNotMirrorItsTargetIsFound) {
  const auto voidSeq = m_seqs[5];
  ASSERT_TRUE(m_db.exec("DROP TRIGGER entries_no_update").ok());
  ASSERT_TRUE(
      m_db.exec("UPDATE entries SET score_delta = 50 WHERE seq = " + std::to_string(voidSeq)).ok());
  const auto rep = m_ledger.verify();
  EXPECT_FALSE(rep.ok);
  EXPECT_EQ(rep.first_bad_seq, voidSeq);
}

// A town ledger is verified by several readers, each over a range of seqs; forced here over a
// small ledger, every split must report exactly what one reader reports, including problems at
// and across the range boundaries.
TEST_F(LedgerVerifyTest, SplittingTheScanAcrossReadersReportsTheSame) {
  auto expectSame = [this](const char* what) {
    const auto one = m_ledger.verify({}, VerifyOptions{1, 1});
    EXPECT_EQ(one.readers, 1);
    for (int readers = 2; readers <= 7; ++readers) {
      const auto many = m_ledger.verify({}, VerifyOptions{readers, 1});
      // A range holds at least one seq (min_range_entries = 1), so the span caps the readers.
      const auto span = queryInt(m_db, "SELECT MAX(seq) - MIN(seq) + 1 FROM entries").value_or(0);
      EXPECT_EQ(many.readers, std::min<std::int64_t>(readers, span))
          << what << ": each range on its own connection";
      EXPECT_EQ(many.ok, one.ok) << what << ", " << readers << " readers";
      EXPECT_EQ(many.first_bad_seq, one.first_bad_seq) << what << ", " << readers << " readers";
      EXPECT_EQ(many.problems, one.problems) << what << ", " << readers << " readers";
      EXPECT_EQ(many.entries_checked, one.entries_checked) << what << ", " << readers << " readers";
      EXPECT_EQ(many.balances_checked, one.balances_checked) << what;
    }
    EXPECT_FALSE(m_db.inTransaction()) << what;
    return one;
  };
  EXPECT_TRUE(expectSame("clean").ok);
  ASSERT_TRUE(m_db.exec("DROP TRIGGER entries_no_update").ok());
  ASSERT_TRUE(m_db.exec("DROP TRIGGER entries_no_delete").ok());
  ASSERT_TRUE(m_db.exec("UPDATE entries SET points_delta = points_delta + 100 WHERE seq = " +
                        std::to_string(m_seqs[3]))
                  .ok());
  auto rep = expectSame("one altered entry");
  EXPECT_EQ(rep.first_bad_seq, m_seqs[3]);
  ASSERT_TRUE(m_db.exec("DELETE FROM entries WHERE seq = " + std::to_string(m_seqs[0])).ok());
  ASSERT_TRUE(m_db.exec("DELETE FROM entries WHERE seq = " + std::to_string(m_seqs[3])).ok());
  rep = expectSame("two entries deleted");
  EXPECT_EQ(rep.first_bad_seq, m_seqs[0] + 1);
  ASSERT_TRUE(
      m_db.exec("UPDATE entries SET score_delta = 50 WHERE seq = " + std::to_string(m_seqs[5])).ok());
  rep = expectSame("a void that does not mirror");
  EXPECT_FALSE(rep.ok);
  EXPECT_GE(rep.problems.size(), 4u);
}

}  // namespace
}  // namespace rc::db
