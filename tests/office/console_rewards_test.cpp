// The console's rewards page over real HTTPS (console_fixture.h): the fund read by the office,
// deposits and a quarter's rewards paid by the secretary alone, once, only as previewed and
// only when the fund covers them, each with its audit row.
//
// The demo village pays its finished quarters up to 2026Q3; 2026Q4 is the quarter left to pay
// (running until the end of December 2026, finished after it: payable either way), and the
// fund the demo leaves (28,580 yuan) does not cover it: a deposit comes first.
#include "db/fund.h"
#include "office/console_fixture.h"

namespace rc::office::test {
namespace {

class ConsoleRewards : public ConsoleTest {
 protected:
  std::int64_t balanceInLedger() {
    db::Database d(dbPath());
    db::Fund f(d, core::Settings{});
    const auto b = f.balanceFen();
    EXPECT_TRUE(b);
    return b ? *b : -1;
  }
  std::int64_t rewardEntries(const std::string& quarter) {
    db::Database d(dbPath());
    auto st = d.prepare("SELECT COUNT(*) FROM entries WHERE reference = ?");
    st.bind(1, db::fundRewardReference(*db::Quarter::parse(quarter)));
    const auto row = st.step();
    return row && *row ? st.columnInt(0) : -1;
  }
  bool audited(const ConsoleSession& s, const std::string& action, const std::string& part) {
    const auto audit = get(s, "audit");
    for (const auto& row : audit.body["rows"]) {
      if (row["action"] == action && row["detail"].get<std::string>().find(part) != std::string::npos)
        return true;
    }
    return false;
  }
  json figures(const json& plan) {
    return {{"quarter", plan["quarter"]},
            {"villagers", plan["villagers"]},
            {"points", plan["points"]},
            {"fen", plan["fen"]}};
  }
};

TEST_F(ConsoleRewards, TheOfficeReadsTheFundAndACollectorMayNot) {
  for (const char* who : {"书记", "文书", "审计"}) {
    const auto s = signIn(who);
    const auto r = get(s, "fund");
    ASSERT_EQ(r.status, 200) << who << ": " << r.raw;
    EXPECT_EQ(r.body["balance_fen"], balanceInLedger());
    EXPECT_FALSE(r.body["movements"].empty()) << "the demo's opening deposit and its draws";
    EXPECT_EQ(r.body["quarters"].size(), 8u);
    const auto p = get(s, "rewards?quarter=2026Q3");
    ASSERT_EQ(p.status, 200) << p.raw;
    EXPECT_FALSE(p.body["paid_at"].is_null()) << "the demo paid 2026Q3";
    EXPECT_GT(p.body["paid"]["villagers"].get<int>(), 0) << p.raw.substr(0, 300);
  }
  const auto c = signIn("信息员一");
  EXPECT_EQ(get(c, "fund").status, 403);
  EXPECT_EQ(get(c, "rewards?quarter=2026Q4").status, 403);
}

TEST_F(ConsoleRewards, TheSecretaryDepositsAndTheClerkAndAuditorMayNot) {
  const auto before = balanceInLedger();
  for (const char* who : {"文书", "审计", "信息员一"}) {
    const auto s = signIn(who);
    const auto r = post(s, "fund/deposit", {{"amount", "100"}, {"note", "不该存入"}});
    EXPECT_EQ(r.status, 403) << who;
  }
  const auto s = signIn("书记");
  const auto bad = post(s, "fund/deposit", {{"amount", "-5"}, {"note", "负数"}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body["error"].get<std::string>().find("金额"), std::string::npos) << bad.raw;
  EXPECT_EQ(post(s, "fund/deposit", {{"amount", "12.345"}, {"note", "三位小数"}}).status, 400);
  EXPECT_EQ(post(s, "fund/deposit", {{"amount", "100"}, {"note", ""}}).status, 400);
  EXPECT_EQ(post(s, "fund/deposit", {{"amount", "100"}, {"note", "无令牌"}}, false).status, 403);
  EXPECT_EQ(balanceInLedger(), before);

  const auto ok = post(s, "fund/deposit", {{"amount", "50000.50"}, {"note", "镇财政拨款"}});
  ASSERT_EQ(ok.status, 200) << ok.raw;
  EXPECT_EQ(ok.body["amount_fen"], 5'000'050);
  EXPECT_EQ(balanceInLedger(), before + 5'000'050);
  EXPECT_EQ(ok.body["balance_fen"], before + 5'000'050);
  EXPECT_TRUE(audited(s, "fund deposit", "50,000.50 yuan (镇财政拨款)"));
}

TEST_F(ConsoleRewards, AQuarterIsPaidOnceAsPreviewedWithItsAuditRow) {
  const auto s = signIn("书记");
  ASSERT_EQ(post(s, "fund/deposit", {{"amount", "100000"}, {"note", "镇财政拨款"}}).status, 200);
  const auto plan = get(s, "rewards?quarter=2026Q4");
  ASSERT_EQ(plan.status, 200) << plan.raw;
  ASSERT_TRUE(plan.body["paid_at"].is_null());
  ASSERT_TRUE(plan.body["covered"].get<bool>()) << plan.raw.substr(0, 400);
  ASSERT_GT(plan.body["villagers"].get<int>(), 0);
  EXPECT_EQ(plan.body["payees"].size(), plan.body["villagers"].get<std::size_t>());
  EXPECT_FALSE(plan.body["payees"][0]["name"].get<std::string>().empty());

  // The clerk and the auditor read it but may not pay.
  for (const char* who : {"文书", "审计"}) {
    EXPECT_EQ(post(signIn(who), "rewards/pay", figures(plan.body)).status, 403) << who;
  }
  // Figures that are not the preview's: refused, nothing paid.
  auto stale = figures(plan.body);
  stale["points"] = plan.body["points"].get<std::int64_t>() + 5;
  const auto refused = post(s, "rewards/pay", stale);
  EXPECT_EQ(refused.status, 409);
  EXPECT_NE(refused.body["error"].get<std::string>().find("重新预览"), std::string::npos)
      << refused.raw;
  EXPECT_EQ(rewardEntries("2026Q4"), 0);
  EXPECT_EQ(post(s, "rewards/pay", {{"quarter", "2026Q5"}, {"villagers", 1}, {"points", 1},
                                    {"fen", 1}})
                .status,
            400);

  const auto before = balanceInLedger();
  const auto paid = post(s, "rewards/pay", figures(plan.body));
  ASSERT_EQ(paid.status, 200) << paid.raw;
  EXPECT_EQ(rewardEntries("2026Q4"), plan.body["villagers"].get<std::int64_t>());
  EXPECT_EQ(balanceInLedger(), before - plan.body["fen"].get<std::int64_t>());
  EXPECT_TRUE(audited(s, "rewards pay", "rewards 2026Q4: " +
                                            std::to_string(plan.body["points"].get<int>()) +
                                            " points to "));

  // Paid once: the preview says so and a second payment is refused.
  const auto again = get(s, "rewards?quarter=2026Q4");
  EXPECT_FALSE(again.body["paid_at"].is_null());
  EXPECT_EQ(again.body["paid"]["fen"], plan.body["fen"]);
  EXPECT_EQ(again.body["paid"]["villagers"], plan.body["villagers"]);
  const auto twice = post(s, "rewards/pay", figures(plan.body));
  EXPECT_EQ(twice.status, 409);
  EXPECT_NE(twice.body["error"].get<std::string>().find("只发一次"), std::string::npos) << twice.raw;
  EXPECT_EQ(rewardEntries("2026Q4"), plan.body["villagers"].get<std::int64_t>());
  bool listed = false;
  const auto fund = get(s, "fund");
  for (const auto& q : fund.body["quarters"]) {
    if (q["quarter"] == "2026Q4") listed = q["paid"].get<bool>();
  }
  EXPECT_TRUE(listed) << fund.body["quarters"].dump();
}

TEST_F(ConsoleRewards, AFundTooSmallIsSaidPlainlyAndNothingIsPaid) {
  const auto balance = balanceInLedger();
  const auto s = signIn("书记");
  const auto plan = get(s, "rewards?quarter=2026Q4");
  ASSERT_EQ(plan.status, 200) << plan.raw;
  EXPECT_FALSE(plan.body["covered"].get<bool>());
  EXPECT_EQ(plan.body["balance_fen"], balance);
  EXPECT_EQ(plan.body["short_fen"], plan.body["fen"].get<std::int64_t>() - balance);
  const auto r = post(s, "rewards/pay", figures(plan.body));
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body["error"].get<std::string>().find("基金只有 " + db::formatYuan(balance) + " 元"),
            std::string::npos)
      << r.raw;
  EXPECT_EQ(rewardEntries("2026Q4"), 0);
  EXPECT_EQ(balanceInLedger(), balance);
  EXPECT_FALSE(audited(s, "rewards pay", "2026Q4"));
}

TEST_F(ConsoleRewards, AQuarterNotBegunOrBadlyWrittenIsRefusedPlainly) {
  const auto s = signIn("文书");
  const auto future = get(s, "rewards?quarter=2999Q1");
  EXPECT_EQ(future.status, 400);
  EXPECT_NE(future.body["error"].get<std::string>().find("还没开始"), std::string::npos)
      << future.raw;
  const auto bad = get(s, "rewards?quarter=2026-Q4");
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body["error"].get<std::string>().find("2026Q3"), std::string::npos) << bad.raw;
}

}  // namespace
}  // namespace rc::office::test
