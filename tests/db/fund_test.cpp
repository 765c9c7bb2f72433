// The red credit fund on a real SQLite file: deposits and balance, a quarter's rewards planned
// and paid once, a fund too small, moved-away villagers, credit stars; nothing changes on a
// refusal, and the ledger verifies after.
#include "db/fund.h"

#include <gtest/gtest.h>

#include <limits>

#include "village_fixture.h"

namespace rc::db {
namespace {

using test::queryInt;

constexpr std::int64_t kHour = 3'600'000;

class FundTest : public test::VillageFixture {
 protected:
  void SetUp() override {
    VillageFixture::SetUp();
    const auto h = addHousehold("一巷1号");
    high = addVillager(h, "刘高", 1960, true);  // 1030: 一等
    mid = addVillager(h, "刘中");               // 1015: 二等
    low = addVillager(h, "刘低");               // 1005: 三等
    none = addVillager(h, "刘无");              // 1000: nothing
    moved = addVillager(h, "刘迁", 1970);       // 1030 but moved away
    const auto at = q1.startMs() + 10 * 24 * kHour;
    award(high, 30, at);
    award(mid, 15, at);
    award(low, 5, at);
    award(moved, 30, at);
    // After the quarter's end: not counted for Q1.
    award(none, 40, q1.endMs() + kHour);
    auto st = m_db.prepare("UPDATE villagers SET moved_away = 1 WHERE id = ?");
    st.bind(1, moved);
    ASSERT_TRUE(st.run().ok());
  }

  void award(core::VillagerId v, int score, std::int64_t at) {
    EntryDraft d;
    d.villager_id = v;
    d.kind = core::EntryKind::CouncilAward;
    d.score_delta = score;
    d.points_delta = score;
    d.reference = "A01";
    d.detail = "test";
    d.at_ms = at;
    ASSERT_TRUE(m_ledger.append(d).ok());
  }
  void deduct(core::VillagerId v, int score, std::int64_t at) {
    EntryDraft d;
    d.villager_id = v;
    d.kind = core::EntryKind::CouncilDeduction;
    d.score_delta = -score;
    d.reference = "D01";
    d.detail = "test";
    d.at_ms = at;
    ASSERT_TRUE(m_ledger.append(d).ok());
  }
  std::int64_t count(const std::string& sql) { return queryInt(m_db, sql).value_or(-1); }

  const Quarter q1{2026, 1};
  const std::int64_t after_q1 = Quarter{2026, 2}.startMs() + 5 * 24 * kHour;
  core::VillagerId high = 0, mid = 0, low = 0, none = 0, moved = 0;
};

TEST(FundAmounts, YuanParsedToFenAndPrinted) {
  EXPECT_EQ(parseYuan("150000"), 15'000'000);
  EXPECT_EQ(parseYuan("1234.50"), 123'450);
  EXPECT_EQ(parseYuan("1234.5"), 123'450);
  EXPECT_EQ(parseYuan("0.01"), 1);
  for (const char* bad : {"", "0", "0.00", "-5", "+5", "1,000", "1.234", "1.", ".5", "12a",
                          "100000001", "99999999999999999999"}) {
    EXPECT_FALSE(parseYuan(bad).has_value()) << bad;
  }
  EXPECT_EQ(parseYuan("100000000"), kMaxDepositFen);
  EXPECT_EQ(formatYuan(15'000'000), "150,000.00");
  EXPECT_EQ(formatYuan(-123'405), "-1,234.05");
  EXPECT_EQ(formatYuan(0), "0.00");
  EXPECT_EQ(formatYuan(std::numeric_limits<std::int64_t>::min()), "-92,233,720,368,547,758.08");
}

TEST(FundAmounts, Quarters) {
  EXPECT_EQ(Quarter::parse("2026Q4"), (Quarter{2026, 4}));
  for (const char* bad : {"2026Q5", "2026Q0", "2026-4", "26Q4", "2026Q44", "1999Q1"}) {
    EXPECT_FALSE(Quarter::parse(bad).has_value()) << bad;
  }
  EXPECT_EQ((Quarter{2026, 4}).startMs(), core::monthStartMs({2026, 10}));
  EXPECT_EQ((Quarter{2026, 4}).endMs(), core::monthStartMs({2027, 1}));
  EXPECT_EQ(fundRewardReference({2026, 4}), "fund-2026Q4");
  EXPECT_EQ(fundRewardDetail({2026, 4}, "一等"), "2026年第4季度红色信用基金奖励（一等）");
}

TEST_F(FundTest, DepositsAddUpToTheBalance) {
  Fund fund(m_db, {});
  EXPECT_EQ(*fund.balanceFen(), 0);
  ASSERT_TRUE(fund.deposit(15'000'000, "村集体注资", 1000).ok());
  ASSERT_TRUE(fund.deposit(123'450, "乡贤捐赠", 2000).ok());
  EXPECT_EQ(*fund.balanceFen(), 15'123'450);
  const auto list = fund.movements();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[1].note, "乡贤捐赠");
  EXPECT_EQ(list[1].kind, FundMovementKind::Deposit);
  // Refused: nothing, too much, no note, a control character, invalid UTF-8.
  EXPECT_EQ(fund.deposit(0, "x", 1).error().code, FundError::BadInput);
  EXPECT_EQ(fund.deposit(kMaxDepositFen + 1, "x", 1).error().code, FundError::BadInput);
  EXPECT_EQ(fund.deposit(100, "", 1).error().code, FundError::BadInput);
  EXPECT_EQ(fund.deposit(100, "a\nb", 1).error().code, FundError::BadInput);
  EXPECT_EQ(fund.deposit(100, "\xff", 1).error().code, FundError::BadInput);
  EXPECT_EQ(count("SELECT count(*) FROM fund_movements"), 2);
  // A wrong deposit taken back by a withdrawal; never more than the fund holds.
  const auto back = fund.withdraw(123'450, "误录存入，冲回", 3000);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->kind, FundMovementKind::Withdrawal);
  EXPECT_EQ(back->amount_fen, -123'450);
  EXPECT_EQ(*fund.balanceFen(), 15'000'000);
  EXPECT_EQ(fund.withdraw(15'000'001, "x", 4000).error().code, FundError::Insufficient);
  EXPECT_EQ(fund.withdraw(0, "x", 4000).error().code, FundError::BadInput);
  EXPECT_EQ(fund.movements().back().kind, FundMovementKind::Withdrawal);
  EXPECT_EQ(count("SELECT count(*) FROM fund_movements"), 3);
  // Append-only on disk too.
  EXPECT_FALSE(m_db.exec("UPDATE fund_movements SET amount_fen = 1").ok());
  EXPECT_FALSE(m_db.exec("DELETE FROM fund_movements").ok());
}

TEST_F(FundTest, PlanGroupsByLevelAsOfTheQuarterEndAndLeavesMovedAwayOut) {
  Fund fund(m_db, {});
  ASSERT_TRUE(fund.deposit(1'000'000, "注资", 1).ok());
  const auto entries = m_ledger.entryCount();
  auto plan = fund.planRewards(q1, after_q1);
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->as_of_ms, q1.endMs());
  ASSERT_EQ(plan->levels.size(), 3u);
  EXPECT_EQ(plan->levels[0].villagers, 1);  // 一等: 刘高 (刘迁 moved away)
  EXPECT_EQ(plan->levels[0].points, 100);
  EXPECT_EQ(plan->levels[1].villagers, 1);
  EXPECT_EQ(plan->levels[2].villagers, 1);
  EXPECT_EQ(plan->villagers, 3);
  EXPECT_EQ(plan->points, 190);
  EXPECT_EQ(plan->fen, 19'000);
  EXPECT_TRUE(plan->covered);
  EXPECT_FALSE(plan->paid_at_ms.has_value());
  for (const auto& p : plan->payees) {
    EXPECT_NE(p.id, moved);
    EXPECT_NE(p.id, none);  // its award came after the quarter
  }
  // Planning writes nothing.
  EXPECT_EQ(m_ledger.entryCount(), entries);
  EXPECT_EQ(count("SELECT count(*) FROM reward_quarters"), 0);

  // While a quarter runs, scores are taken as of now; a quarter not begun is refused.
  const Quarter q2{2026, 2};
  auto running = fund.planRewards(q2, after_q1);
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->as_of_ms, after_q1);
  EXPECT_EQ(running->levels[0].villagers, 2);  // 刘无 reached 1040
  EXPECT_EQ(fund.planRewards({2026, 3}, after_q1).error().code, FundError::NotBegun);
}

TEST_F(FundTest, AQuarterIsPaidOnceInOneGo) {
  core::Settings s;
  s.reward_fen_per_point = 250;
  Fund fund(m_db, s);
  ASSERT_TRUE(fund.deposit(100'000, "注资", 1).ok());
  auto plan = fund.planRewards(q1, after_q1);
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(plan->fen, 190 * 250);
  const auto points_before = m_ledger.balance(high)->points;
  auto paid = fund.payRewards(m_ledger, *plan, after_q1);
  ASSERT_TRUE(paid.ok()) << paid.error().message;
  EXPECT_EQ(paid->fen, 47'500);
  EXPECT_EQ(*fund.balanceFen(), 100'000 - 47'500);
  EXPECT_EQ(m_ledger.balance(high)->points, points_before + 100);
  EXPECT_EQ(count("SELECT count(*) FROM entries WHERE kind = 'fund_reward' AND kiosk_id = 'office' "
                  "AND reference = 'fund-2026Q1' AND score_delta = 0"),
            3);
  EXPECT_EQ(test::queryText(m_db,
                            "SELECT detail FROM entries WHERE kind = 'fund_reward' AND "
                            "points_delta = 100"),
            "2026年第1季度红色信用基金奖励（一等）");
  EXPECT_EQ(count("SELECT count(*) FROM entries WHERE kind = 'fund_reward' AND villager_id = " +
                  std::to_string(moved)),
            0);
  EXPECT_EQ(count("SELECT points FROM reward_quarters WHERE quarter = '2026Q1'"), 190);

  // The second time: refused, nothing written.
  const auto entries = m_ledger.entryCount();
  auto again = fund.planRewards(q1, after_q1 + kHour);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->paid_at_ms.has_value());
  EXPECT_EQ(fund.payRewards(m_ledger, *again, after_q1 + kHour).error().code,
            FundError::AlreadyPaid);
  EXPECT_EQ(m_ledger.entryCount(), entries);
  EXPECT_EQ(*fund.balanceFen(), 100'000 - 47'500);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(FundTest, AFundTooSmallPaysNothing) {
  Fund fund(m_db, {});
  ASSERT_TRUE(fund.deposit(18'999, "注资", 1).ok());  // one fen short of 190 yuan
  auto plan = fund.planRewards(q1, after_q1);
  ASSERT_TRUE(plan.ok());
  EXPECT_FALSE(plan->covered);
  const auto entries = m_ledger.entryCount();
  auto r = fund.payRewards(m_ledger, *plan, after_q1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, FundError::Insufficient);
  EXPECT_EQ(m_ledger.entryCount(), entries);
  EXPECT_EQ(count("SELECT count(*) FROM reward_quarters"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM fund_movements"), 1);
  // One more fen and it is paid.
  ASSERT_TRUE(fund.deposit(1, "补足", 2).ok());
  EXPECT_TRUE(fund.payRewards(m_ledger, *fund.planRewards(q1, after_q1), after_q1).ok());
  EXPECT_EQ(*fund.balanceFen(), 0);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(FundTest, ScoresChangedSinceThePreviewPayNothing) {
  Fund fund(m_db, {});
  ASSERT_TRUE(fund.deposit(1'000'000, "注资", 1).ok());
  auto plan = fund.planRewards(q1, after_q1);
  ASSERT_TRUE(plan.ok());
  // A council decision dated within the quarter is posted after the preview: 刘低 reaches 二等.
  award(low, 10, q1.startMs() + 40 * 24 * kHour);
  const auto entries = m_ledger.entryCount();
  auto r = fund.payRewards(m_ledger, *plan, after_q1);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, FundError::Changed);
  EXPECT_EQ(m_ledger.entryCount(), entries);
  EXPECT_EQ(count("SELECT count(*) FROM reward_quarters"), 0);
  // Looked at again, it pays.
  auto fresh = fund.planRewards(q1, after_q1);
  EXPECT_EQ(fresh->levels[1].villagers, 2);
  EXPECT_TRUE(fund.payRewards(m_ledger, *fresh, after_q1).ok());
}

TEST_F(FundTest, CreditStarCandidatesAndTheCouncilsAward) {
  core::Settings s;
  s.credit_star_candidates = 3;
  s.credit_stars_per_year = 2;
  Fund fund(m_db, s);
  // 刘中 has a deduction this year: left out. 刘无's award (1040) came in April.
  deduct(mid, 1, q1.startMs() + 20 * 24 * kHour);
  const std::int64_t now = core::monthStartMs({2026, 12});
  auto list = fund.creditStars(2026, now);
  ASSERT_TRUE(list.ok()) << list.error().message;
  ASSERT_EQ(list->candidates.size(), 3u);
  EXPECT_EQ(list->candidates[0].record.id, none);  // 1040
  EXPECT_EQ(list->candidates[1].record.id, high);  // 1030
  EXPECT_EQ(list->candidates[2].record.id, low);   // 1005; 刘迁 moved away, 刘中 deducted
  EXPECT_EQ(list->candidates[0].name, "刘无");
  EXPECT_FALSE(list->awarded_at_ms.has_value());

  EXPECT_EQ(fund.awardCreditStars(2026, {mid}, now).error().code, FundError::NotCandidate);
  EXPECT_EQ(fund.awardCreditStars(2026, {none, high, low}, now).error().code, FundError::TooMany);
  EXPECT_EQ(fund.awardCreditStars(2026, {none, none}, now).error().code, FundError::BadInput);
  EXPECT_EQ(count("SELECT count(*) FROM credit_stars"), 0);

  auto awarded = fund.awardCreditStars(2026, {high, none}, now);
  ASSERT_TRUE(awarded.ok()) << awarded.error().message;
  ASSERT_EQ(awarded->awarded.size(), 2u);
  EXPECT_TRUE(awarded->awarded_at_ms.has_value());
  EXPECT_TRUE(awarded->candidates[0].awarded);
  EXPECT_FALSE(awarded->candidates[2].awarded);
  EXPECT_EQ(fund.awardCreditStars(2026, {low}, now).error().code, FundError::AlreadyAwarded);
  EXPECT_EQ(count("SELECT count(*) FROM credit_stars"), 2);
  EXPECT_EQ(fund.creditStars(2031, now).error().code, FundError::NotBegun);
}

}  // namespace
}  // namespace rc::db
