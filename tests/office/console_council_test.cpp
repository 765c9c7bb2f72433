// The console's council page (office/console/page_council.cpp) over real HTTPS: the month's
// pending grid logs previewed with scores before and after, posted by the secretary as one batch
// (the same db::Council as `rc-office council post --from-logs`), and reversed with a reason.
#include <string>

#include "core/types.h"
#include "db/council.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "office/console_fixture.h"

namespace rc::office::test {
namespace {

class ConsoleCouncil : public ConsoleTest {
 protected:
  std::string month() const { return core::monthOfMs(db::nowMs()).toString(); }

  // Records one log for a villager of grid 1 and one of grid 2 (as the secretary); their ids.
  void recordTwo() {
    db::Database d(dbPath());
    db::Roster roster(d);
    std::vector<db::Rule> plus, minus;
    for (const auto& r : roster.rules()) (r.score_delta > 0 ? plus : minus).push_back(r);
    for (const auto& v : roster.villagers()) {
      if (v.moved_away) continue;
      if (v.grid_id == 1 && !m_v1) m_v1 = v.id;
      if (v.grid_id == 2 && !m_v2) m_v2 = v.id;
    }
    ASSERT_FALSE(plus.empty());
    ASSERT_FALSE(minus.empty());
    m_award = plus.front();
    m_deduction = minus.front();
    const auto s = signIn("书记");
    ASSERT_EQ(post(s, "gridlog/logs", {{"villager_id", m_v1}, {"rule_code", m_award.code}, {"evidence", "帮五保户收秋"}}).status, 200);
    ASSERT_EQ(post(s, "gridlog/logs", {{"villager_id", m_v2}, {"rule_code", m_deduction.code}, {"evidence", "乱倒垃圾"}}).status, 200);
  }
  std::int64_t score(std::int64_t villager) {
    db::Database d(dbPath());
    db::Ledger ledger(d, core::Settings{});
    return ledger.balance(villager)->score;
  }
  bool audited(const std::string& action, const std::string& part) {
    const auto a = get(signIn("审计"), "audit");
    for (const auto& row : a.body["rows"]) {
      if (row["action"] == action && row["detail"].get<std::string>().find(part) != std::string::npos) return true;
    }
    return false;
  }

  std::int64_t m_v1 = 0, m_v2 = 0;
  db::Rule m_award, m_deduction;
};

TEST_F(ConsoleCouncil, TheSecretaryPreviewsPostsAndReversesTheMonthsBatch) {
  recordTwo();
  const auto s = signIn("书记");
  const auto before1 = score(m_v1), before2 = score(m_v2);
  const auto plan = get(s, "council/plan?month=" + month());
  ASSERT_EQ(plan.status, 200) << plan.raw;
  EXPECT_EQ(plan.body["errors"], json::array()) << plan.raw;
  ASSERT_EQ(plan.body["lines"].size(), 2u);
  EXPECT_EQ(plan.body["lines"][0]["villager_id"], m_v1);
  EXPECT_EQ(plan.body["lines"][0]["score_before"], before1);
  EXPECT_EQ(plan.body["lines"][0]["score_after"], before1 + m_award.score_delta);
  EXPECT_EQ(plan.body["lines"][1]["score_after"], before2 + m_deduction.score_delta);
  EXPECT_EQ(plan.body["score_total"], m_award.score_delta + m_deduction.score_delta);
  EXPECT_EQ(plan.body["awards"], 1);
  EXPECT_EQ(plan.body["deductions"], 1);
  const auto hash = plan.body["hash"].get<std::string>();

  const json body = {{"month", month()}, {"approvers", "刘书记、王主任"}, {"minutes", "议〔2026〕12号"}, {"hash", hash}};
  const auto posted = post(s, "council/post", body);
  ASSERT_EQ(posted.status, 200) << posted.raw;
  const auto batch = posted.body["batch"]["id"].get<std::int64_t>();
  EXPECT_EQ(posted.body["batch"]["lines"], 2);
  EXPECT_EQ(score(m_v1), before1 + m_award.score_delta);
  EXPECT_EQ(score(m_v2), before2 + m_deduction.score_delta);
  {
    db::Database d(dbPath());
    db::Ledger ledger(d, core::Settings{});
    db::Council council(ledger);
    db::LogFilter f;
    f.month = core::monthOfMs(db::nowMs());
    for (const auto& l : council.logs(f)) {
      EXPECT_EQ(l.state, db::LogState::Posted);
      EXPECT_EQ(l.batch_id, batch);
    }
    EXPECT_EQ(council.batch(batch)->approvers, "刘书记、王主任");
  }
  EXPECT_TRUE(audited("council post", "batch " + std::to_string(batch)));
  EXPECT_EQ(post(s, "council/post", body).status, 400) << "nothing pending is left to post";

  const auto list = get(s, "council/batches?month=" + month());
  ASSERT_EQ(list.status, 200);
  ASSERT_EQ(list.body["batches"].size(), 1u);
  const auto shown = get(s, "council/batches/" + std::to_string(batch));
  ASSERT_EQ(shown.status, 200);
  EXPECT_EQ(shown.body["entries"].size(), 2u);

  const auto path = "council/batches/" + std::to_string(batch) + "/reverse";
  EXPECT_EQ(post(s, path, json::object()).status, 400) << "a reason is required";
  const auto reversed = post(s, path, {{"reason", "议事会复议撤回"}});
  ASSERT_EQ(reversed.status, 200) << reversed.raw;
  EXPECT_FALSE(reversed.body["batch"]["reversed_at"].is_null());
  EXPECT_EQ(score(m_v1), before1);
  EXPECT_EQ(score(m_v2), before2);
  EXPECT_EQ(post(s, path, {{"reason", "再撤一次"}}).status, 409);
  EXPECT_TRUE(audited("council reverse", "议事会复议撤回"));
  // The logs are pending again: the month can be previewed once more.
  EXPECT_EQ(get(s, "council/plan?month=" + month()).body["lines"].size(), 2u);
}

TEST_F(ConsoleCouncil, OnlyTheSecretaryPostsAndReverses) {
  recordTwo();
  for (const char* who : {"文书", "审计"}) {
    const auto s = signIn(who);
    const auto plan = get(s, "council/plan?month=" + month());
    ASSERT_EQ(plan.status, 200) << who;
    EXPECT_EQ(post(s, "council/post", {{"month", month()}, {"approvers", "甲"}, {"minutes", "1"},
                                       {"hash", plan.body["hash"]}}).status, 403) << who;
    EXPECT_EQ(post(s, "council/batches/1/reverse", {{"reason", "x"}}).status, 403) << who;
    EXPECT_EQ(get(s, "council/batches").status, 200) << who;
  }
  const auto one = signIn("信息员一");
  EXPECT_EQ(get(one, "council/plan").status, 403);
  EXPECT_EQ(get(one, "council/batches").status, 403);
  db::Database d(dbPath());
  db::Ledger ledger(d, core::Settings{});
  EXPECT_TRUE(db::Council(ledger).batches(core::monthOfMs(db::nowMs())).empty());
}

TEST_F(ConsoleCouncil, BadInputAndAChangedMonthAreRefusedInPlainWords) {
  recordTwo();
  const auto s = signIn("书记");
  const auto plan = get(s, "council/plan?month=" + month());
  ASSERT_EQ(plan.status, 200);
  const auto hash = plan.body["hash"].get<std::string>();
  const auto missing = post(s, "council/post", {{"month", month()}, {"minutes", "1"}, {"hash", hash}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_NE(missing.body["error"].get<std::string>().find("approvers"), std::string::npos);
  EXPECT_EQ(post(s, "council/post", {{"month", "2026-1"}, {"approvers", "甲"}, {"minutes", "1"}, {"hash", hash}}).status, 400);
  // A log recorded after the preview: the preview no longer says what would be posted.
  ASSERT_EQ(post(s, "gridlog/logs", {{"villager_id", m_v1}, {"rule_code", m_deduction.code}, {"evidence", "晚到的记录"}}).status, 200);
  const auto stale = post(s, "council/post", {{"month", month()}, {"approvers", "甲"}, {"minutes", "1"}, {"hash", hash}});
  EXPECT_EQ(stale.status, 409) << stale.raw;
  EXPECT_NE(stale.body["error"].get<std::string>().find("重新预览"), std::string::npos);
  // A month with nothing pending says so.
  const auto empty = get(s, "council/plan?month=2026-01");
  ASSERT_EQ(empty.status, 200);
  EXPECT_EQ(empty.body["pending"], 0);
  EXPECT_EQ(get(s, "council/plan?month=abc").status, 400);
  // By default: the month before this one.
  EXPECT_EQ(get(s, "council/plan").body["month"], core::monthOfMs(db::nowMs()).prev().toString());
  EXPECT_EQ(get(s, "council/batches/999").status, 404);
}

}  // namespace
}  // namespace rc::office::test
