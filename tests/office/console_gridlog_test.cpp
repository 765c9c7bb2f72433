// The console's grid log page (office/console/page_gridlog.cpp) over real HTTPS: a collector
// records only in their own grid and never sees another grid's logs; the office reads; bad
// input is refused in plain words; each change is in the ledger and the audit log.
#include <string>

#include "core/types.h"
#include "db/council.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "office/console_fixture.h"

namespace rc::office::test {
namespace {

class ConsoleGridLog : public ConsoleTest {
 protected:
  // A villager of the grid who still lives in the village, and a rule with `sign` (+1 or -1).
  std::int64_t villagerOf(std::int64_t grid) {
    db::Database d(dbPath());
    for (const auto& v : db::Roster(d).villagers()) {
      if (v.grid_id == grid && !v.moved_away) return v.id;
    }
    ADD_FAILURE() << "no villager in grid " << grid;
    return 0;
  }
  db::Rule ruleWith(int sign) {
    db::Database d(dbPath());
    for (const auto& r : db::Roster(d).rules()) {
      if (r.score_delta * sign > 0) return r;
    }
    ADD_FAILURE() << "no rule";
    return {};
  }
  json addBody(std::int64_t villager, const std::string& rule, const std::string& evidence) {
    return {{"villager_id", villager}, {"rule_code", rule}, {"evidence", evidence}};
  }
  static bool listHas(const ConsoleReply& r, std::int64_t id) {
    for (const auto& l : r.body["logs"]) {
      if (l["id"] == id) return true;
    }
    return false;
  }
};

TEST_F(ConsoleGridLog, ACollectorRecordsInTheirGridAndAnotherCollectorNeverSeesIt) {
  const auto one = signIn("信息员一");
  const auto two = signIn("信息员二");
  const auto v1 = villagerOf(1);
  const auto v2 = villagerOf(2);
  const auto rule = ruleWith(-1);

  const auto added = post(one, "gridlog/logs", addBody(v1, rule.code, "11月3日晚\n门口乱堆柴草，劝说未改"));
  ASSERT_EQ(added.status, 200) << added.raw;
  const auto id = added.body["log"]["id"].get<std::int64_t>();
  EXPECT_EQ(added.body["log"]["state"], "pending");
  EXPECT_EQ(added.body["log"]["collector"], "信息员一");
  EXPECT_EQ(added.body["log"]["points"], rule.score_delta);

  {  // In the ledger: a pending log of this month, the lines of the evidence kept on one line.
    db::Database d(dbPath());
    db::Ledger ledger(d, core::Settings{});
    const auto l = db::Council(ledger).log(id);
    ASSERT_TRUE(l);
    EXPECT_EQ(l->state, db::LogState::Pending);
    EXPECT_EQ(l->villager_id, v1);
    EXPECT_EQ(l->grid_id, 1);
    EXPECT_EQ(l->month, core::monthOfMs(db::nowMs()).toString());
    EXPECT_EQ(l->evidence, "11月3日晚；门口乱堆柴草，劝说未改");
  }

  EXPECT_TRUE(listHas(get(one, "gridlog/logs"), id));
  const auto theirs = get(two, "gridlog/logs");
  ASSERT_EQ(theirs.status, 200) << theirs.raw;
  EXPECT_FALSE(listHas(theirs, id)) << "信息员二 sees a grid-1 log";
  EXPECT_EQ(get(two, "gridlog/logs?grid=%E7%AC%AC%E4%B8%80%E7%BD%91%E6%A0%BC").status, 403);  // 第一网格
  EXPECT_EQ(get(two, "gridlog/logs?grid=1").status, 403);

  // Not another grid's villager, not another grid's log.
  const auto foreign = post(one, "gridlog/logs", addBody(v2, rule.code, "不是我网格的人"));
  EXPECT_EQ(foreign.status, 403) << foreign.raw;
  EXPECT_NE(foreign.body["error"].get<std::string>().find("不在你的网格"), std::string::npos);
  EXPECT_EQ(post(two, "gridlog/logs/" + std::to_string(id) + "/drop", {{"reason", "试试"}}).status, 403);

  // The villager search stays in the grid.
  const auto found = get(two, "gridlog/villagers?q=%E5%88%98");  // 刘
  ASSERT_EQ(found.status, 200) << found.raw;
  for (const auto& v : found.body["villagers"]) EXPECT_EQ(v["grid"], "第二网格") << v.dump();
  const auto meta = get(two, "gridlog/meta");
  ASSERT_EQ(meta.status, 200);
  EXPECT_EQ(meta.body["grids"], json::array({"第二网格"}));
  EXPECT_EQ(meta.body["my_grid"], "第二网格");

  // The secretary sees every grid, and the audit log names what changed.
  const auto boss = signIn("书记");
  EXPECT_TRUE(listHas(get(boss, "gridlog/logs"), id));
  EXPECT_FALSE(listHas(get(boss, "gridlog/logs?grid=%E7%AC%AC%E4%BA%8C%E7%BD%91%E6%A0%BC"), id));  // 第二网格
  const auto audit = get(boss, "audit");
  ASSERT_EQ(audit.status, 200);
  bool seen = false;
  for (const auto& a : audit.body["rows"]) {
    if (a["action"] == "log add" && a["user"] == "信息员一" &&
        a["detail"].get<std::string>().find("(log " + std::to_string(id) + ")") != std::string::npos) {
      seen = true;
    }
  }
  EXPECT_TRUE(seen) << audit.raw;
}

TEST_F(ConsoleGridLog, TheClerkAndTheAuditorReadButCannotRecordOrDrop) {
  const auto v1 = villagerOf(1);
  const auto rule = ruleWith(1);
  for (const char* who : {"文书", "审计"}) {
    const auto s = signIn(who);
    EXPECT_EQ(get(s, "gridlog/logs").status, 200) << who;
    EXPECT_EQ(get(s, "gridlog/meta").status, 200) << who;
    EXPECT_EQ(post(s, "gridlog/logs", addBody(v1, rule.code, "帮邻居收玉米")).status, 403) << who;
  }
  const auto one = signIn("信息员一");
  EXPECT_EQ(post(one, "gridlog/logs", addBody(v1, rule.code, "帮邻居收玉米"), false).status, 403)
      << "without the CSRF token";
  const auto ok = post(one, "gridlog/logs", addBody(v1, rule.code, "帮邻居收玉米"));
  ASSERT_EQ(ok.status, 200) << ok.raw;
  const auto path = "gridlog/logs/" + std::to_string(ok.body["log"]["id"].get<std::int64_t>()) + "/drop";
  EXPECT_EQ(post(signIn("审计"), path, {{"reason", "审计不能改"}}).status, 403);
  EXPECT_EQ(post(signIn("文书"), path, {{"reason", "文书不能改"}}).status, 403);
}

TEST_F(ConsoleGridLog, BadInputIsRefusedInPlainWords) {
  const auto one = signIn("信息员一");
  const auto v1 = villagerOf(1);
  const auto rule = ruleWith(-1);
  const auto no_evidence = post(one, "gridlog/logs", addBody(v1, rule.code, "  \n "));
  EXPECT_EQ(no_evidence.status, 400);
  EXPECT_NE(no_evidence.body["error"].get<std::string>().find("evidence"), std::string::npos);
  const auto no_rule = post(one, "gridlog/logs", addBody(v1, "NOPE", "证据"));
  EXPECT_EQ(no_rule.status, 400);
  EXPECT_NE(no_rule.body["error"].get<std::string>().find("规则手册里没有"), std::string::npos);
  EXPECT_EQ(post(one, "gridlog/logs", addBody(999999, rule.code, "证据")).status, 404);
  std::string long_text;
  for (int i = 0; i < 201; ++i) long_text += "字";
  const auto too_long = post(one, "gridlog/logs", addBody(v1, rule.code, long_text));
  EXPECT_EQ(too_long.status, 400);
  EXPECT_NE(too_long.body["error"].get<std::string>().find("最多 200 个字"), std::string::npos);
  EXPECT_EQ(post(one, "gridlog/logs", {{"villager_id", "abc"}, {"rule_code", rule.code}, {"evidence", "x"}}).status,
            400);
  EXPECT_EQ(get(one, "gridlog/logs?month=2026-13").status, 400);
  EXPECT_EQ(get(one, "gridlog/logs?state=maybe").status, 400);
}

TEST_F(ConsoleGridLog, ACollectorDropsTheirGridsPendingLogWithAReasonOnlyOnce) {
  const auto one = signIn("信息员一");
  const auto added = post(one, "gridlog/logs", addBody(villagerOf(1), ruleWith(-1).code, "记错了人"));
  ASSERT_EQ(added.status, 200) << added.raw;
  const auto id = added.body["log"]["id"].get<std::int64_t>();
  const auto path = "gridlog/logs/" + std::to_string(id) + "/drop";
  EXPECT_EQ(post(one, path, json::object()).status, 400) << "a reason is required";
  const auto dropped = post(one, path, {{"reason", "重复记录"}});
  ASSERT_EQ(dropped.status, 200) << dropped.raw;
  EXPECT_EQ(dropped.body["log"]["state"], "dropped");
  EXPECT_EQ(post(one, path, {{"reason", "再来一次"}}).status, 409);
  EXPECT_EQ(post(one, "gridlog/logs/999999/drop", {{"reason", "没有"}}).status, 404);
  db::Database d(dbPath());
  db::Ledger ledger(d, core::Settings{});
  const auto l = db::Council(ledger).log(id);
  ASSERT_TRUE(l);
  EXPECT_EQ(l->state, db::LogState::Dropped);
  EXPECT_EQ(l->drop_reason, "重复记录");
}

}  // namespace
}  // namespace rc::office::test
