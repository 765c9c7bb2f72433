// The council's batches on a real ledger file: checked against the roster and the rule book,
// posted all or none, reversed by voiding, refused twice; grid logs; volunteer hours once.
#include "db/council.h"

#include <gtest/gtest.h>

#include "core/rules.h"
#include "db/entry_reasons.h"
#include "db/team_recruiting.h"
#include "village_fixture.h"

namespace rc::db {
namespace {

using test::queryInt;

const core::YearMonth kMonth{2026, 11};
const std::int64_t kNow = core::monthStartMs({2026, 12}) + 3 * 86'400'000;  // 2026-12-04

class CouncilTest : public test::VillageFixture {
 protected:
  void SetUp() override {
    VillageFixture::SetUp();
    if (HasFatalFailure()) return;
    Roster roster(m_db);
    const auto cat = roster.addRuleCategory("拾金不昧");
    ASSERT_TRUE(cat.ok());
    ASSERT_TRUE(roster.addRule(*cat, "R10", "拾金不昧", 3).ok());
    ASSERT_TRUE(roster.addRule(*cat, "R22", "乱堆乱放、乱倒垃圾", -3).ok());
    ASSERT_TRUE(roster.addTeam("红先锋").ok());
    m_home = addHousehold("东岛路1号");
    m_a = addVillager(m_home, "刘桂兰", 1951);
    m_b = addVillager(m_home, "刘建国", 1975);
  }

  core::CouncilLine line(int n, core::VillagerId v, std::string name, std::string rule,
                         std::optional<int> points = std::nullopt) {
    core::CouncilLine l;
    l.line = n;
    l.villager_id = v;
    l.name = std::move(name);
    l.rule_code = std::move(rule);
    l.points = points;
    l.evidence = "第" + std::to_string(n) + "行的事由";
    return l;
  }

  std::int64_t score(core::VillagerId v) { return m_ledger.balance(v)->score; }
  std::int64_t points(core::VillagerId v) { return m_ledger.balance(v)->points; }
  std::int64_t entries() { return m_ledger.entryCount(); }

  Council m_council{m_ledger};
  core::HouseholdId m_home = 0;
  core::VillagerId m_a = 0, m_b = 0;
};

TEST_F(CouncilTest, AGoodBatchMovesBalancesAsTheRulesSayAndVerifies) {
  // An entry dated after the council's month first: the batch's entries are dated earlier.
  EntryDraft later;
  later.villager_id = m_a;
  later.kind = core::EntryKind::FundReward;
  later.points_delta = 5;
  later.at_ms = kNow;
  ASSERT_TRUE(m_ledger.append(later).ok());

  const std::vector lines = {line(2, m_a, "刘桂兰", "R10", 3), line(3, m_b, "刘建国", "R22"),
                             line(4, m_a, "刘桂兰", "R10")};
  const auto plan = m_council.plan(kMonth, lines, kNow);
  ASSERT_TRUE(plan.errors.empty()) << plan.errors[0].message;
  ASSERT_EQ(plan.lines.size(), 3u);
  EXPECT_EQ(plan.lines[0].score_before, 1000);
  EXPECT_EQ(plan.lines[2].score_before, 1003);  // the second line for 刘桂兰 follows the first
  EXPECT_EQ(plan.lines[2].score_after, 1006);
  EXPECT_EQ(entries(), 1) << "a plan writes nothing";

  const auto b = m_council.post(kMonth, lines, "刘书记,王主任", "第11次会议纪要", CouncilSource::File, kNow);
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(b->line_count, 3);
  EXPECT_EQ(score(m_a), 1006);
  EXPECT_EQ(points(m_a), 5 + 2 * core::awardPoints(3, m_ledger.settings()));
  EXPECT_EQ(score(m_b), 997);
  EXPECT_EQ(points(m_b), 0);

  const auto bl = m_council.batchLines(b->id);
  ASSERT_EQ(bl.size(), 3u);
  EXPECT_EQ(bl[1].line, 3);
  EXPECT_EQ(bl[1].entry.kind, core::EntryKind::CouncilDeduction);
  EXPECT_EQ(bl[1].entry.kiosk_id, kOfficeKioskId);
  EXPECT_EQ(bl[1].entry.reference, "R22");
  EXPECT_EQ(bl[1].entry.detail, "乱堆乱放、乱倒垃圾：第3行的事由");
  EXPECT_EQ(core::monthOfMs(bl[1].entry.at_ms), kMonth);
  EXPECT_LT(bl[1].entry.at_ms, later.at_ms);
  EXPECT_TRUE(m_ledger.verify().ok);
}

TEST_F(CouncilTest, AnEntryExplainsItselfByRuleEvidenceMonthTeamAndMinutes) {
  const auto b = m_council.post(kMonth, {line(2, m_b, "刘建国", "R22")}, "刘书记", "纪要",
                                CouncilSource::File, kNow);
  ASSERT_TRUE(b.ok()) << b.error().message;
  core::HoursLine h;
  h.line = 2;
  h.team = "红先锋";
  h.villager_id = m_a;
  h.name = "刘桂兰";
  h.year = 2026;
  h.month = 11;
  h.day = 5;
  h.minutes = 120;
  ASSERT_TRUE(m_council.importHours({h}, kNow).ok());

  EntryReasons reasons(m_db);
  const auto deduction = m_ledger.recentEntries(m_b, 1).at(0);
  const EntryReason d = reasons.of(deduction);
  EXPECT_EQ(d.what, "乱堆乱放、乱倒垃圾");  // the rule's title, not "a council deduction"
  EXPECT_EQ(d.evidence, "第2行的事由");      // the title is not said twice
  EXPECT_EQ(d.month, "2026-11");            // the batch's month
  const EntryReason v = reasons.of(m_ledger.recentEntries(m_a, 1).at(0));
  EXPECT_EQ(v.what, "红先锋");
  EXPECT_EQ(v.minutes, 120);
  EXPECT_EQ(v.evidence, "");
  // A void names what it reversed, never its staff code.
  VoidDraft undo;
  undo.target_seq = m_ledger.recentEntries(m_a, 1).at(0).seq;
  undo.reason = "wrong_villager";
  undo.at_ms = kNow;
  ASSERT_TRUE(m_ledger.voidEntry(undo).ok());
  const EntryReason u = reasons.of(m_ledger.recentEntries(m_a, 1).at(0));
  EXPECT_EQ(u.what, "红先锋");
  EXPECT_EQ(u.evidence, "");

  // A batch posted for October but dated (by a late entry) in November names October.
  ASSERT_TRUE(m_db.exec("UPDATE council_batches SET month = '2026-10' WHERE id = " +
                        std::to_string(b->id)).ok());
  EXPECT_EQ(EntryReasons(m_db).of(deduction).month, "2026-10");

  // The goods of a redemption by name; a SKU the catalog lost stays a SKU.
  EXPECT_EQ(itemsText("TOWEL*2;GONE*1", {{"TOWEL", "毛巾"}}), "毛巾×2、GONE×1");
}

TEST_F(CouncilTest, ATeamRecruitsForAMonthOnceAndStops) {
  const auto team = teamByName(m_db, "红先锋");
  ASSERT_TRUE(team.has_value());
  EXPECT_FALSE(teamByName(m_db, "蓝精灵").has_value());
  ASSERT_TRUE(setRecruiting(m_db, *team, kMonth, true).ok());
  ASSERT_TRUE(setRecruiting(m_db, *team, kMonth, true).ok());  // again: no change
  EXPECT_EQ(recruitingTeams(m_db, kMonth), std::vector<std::string>{"红先锋"});
  EXPECT_TRUE(recruitingTeams(m_db, kMonth.next()).empty());
  const auto teams = teamsIn(m_db, kMonth);
  ASSERT_EQ(teams.size(), 1u);
  EXPECT_TRUE(teams[0].recruiting);
  ASSERT_TRUE(setRecruiting(m_db, *team, kMonth, false).ok());
  EXPECT_TRUE(recruitingTeams(m_db, kMonth).empty());
}

TEST_F(CouncilTest, ABatchWithBadLinesIsRefusedWholeNamingEveryBadLine) {
  ASSERT_TRUE(m_db.exec("UPDATE villagers SET moved_away = 1 WHERE id = " + std::to_string(m_b)).ok());
  const auto c = addVillager(m_home, "刘小红", 2001);
  const std::vector lines = {line(2, c, "刘小红", "R10"),       // good
                             line(3, m_a, "刘桂兰", "R99"),     // unknown rule
                             line(4, m_a, "刘桂兰", "R10", 5),  // points not the rule's
                             line(5, 999, "无名", "R10"),       // unknown villager
                             line(6, m_a, "刘贵兰", "R10"),     // name not the villager's
                             line(7, m_b, "刘建国", "R10")};    // moved away
  const auto plan = m_council.plan(kMonth, lines, kNow);
  ASSERT_EQ(plan.errors.size(), 5u);
  EXPECT_EQ(plan.errors[0].line, 3);
  EXPECT_NE(plan.errors[0].message.find("no rule R99"), std::string::npos);
  EXPECT_NE(plan.errors[1].message.find("not what rule R10 says (3)"), std::string::npos);
  EXPECT_NE(plan.errors[2].message.find("no villager 999"), std::string::npos);
  EXPECT_NE(plan.errors[3].message.find("not 刘贵兰"), std::string::npos);
  EXPECT_NE(plan.errors[4].message.find("moved away"), std::string::npos);

  const auto r = m_council.post(kMonth, lines, "刘书记", "纪要", CouncilSource::File, kNow);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(entries(), 0);
  EXPECT_EQ(score(c), 1000);
  EXPECT_EQ(queryInt(m_db, "SELECT count(*) FROM council_batches"), 0);
}

TEST_F(CouncilTest, AFutureMonthIsRefused) {
  const auto plan = m_council.plan({2027, 1}, {line(2, m_a, "刘桂兰", "R10")}, kNow);
  ASSERT_EQ(plan.errors.size(), 1u);
  EXPECT_NE(plan.errors[0].message.find("has not begun"), std::string::npos);
}

TEST_F(CouncilTest, TheSameLinesTwiceAreRefusedAndAReversalVoidsEveryEntryOnce) {
  const std::vector lines = {line(2, m_a, "刘桂兰", "R10"), line(3, m_b, "刘建国", "R22")};
  const auto b = m_council.post(kMonth, lines, "刘书记", "纪要", CouncilSource::File, kNow);
  ASSERT_TRUE(b.ok()) << b.error().message;
  const auto again = m_council.post(kMonth, lines, "刘书记", "纪要", CouncilSource::File, kNow);
  ASSERT_FALSE(again.ok());
  EXPECT_NE(again.error().message.find("already posted as batch " + std::to_string(b->id)),
            std::string::npos);
  EXPECT_EQ(entries(), 2);

  const auto r = m_council.reverse(b->id, "议事记录有误", kNow + 1000);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(r->reversed_at_ms.has_value());
  EXPECT_EQ(score(m_a), 1000);
  EXPECT_EQ(points(m_a), 0);
  EXPECT_EQ(score(m_b), 1000);
  EXPECT_EQ(entries(), 4);
  EXPECT_EQ(queryInt(m_db, "SELECT count(*) FROM entries WHERE kind = 'void'"), 2);
  for (const auto& l : m_council.batchLines(b->id)) EXPECT_TRUE(l.voided_by.has_value());
  EXPECT_TRUE(m_ledger.verify().ok);

  const auto twice = m_council.reverse(b->id, "再来一次", kNow + 2000);
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.error().message.find("already reversed"), std::string::npos);
  EXPECT_EQ(entries(), 4);
}

TEST_F(CouncilTest, GridLogsAreCheckedAndBecomeABatch) {
  Roster roster(m_db);
  const auto other = roster.addGrid("第二网格");
  ASSERT_TRUE(other.ok());
  GridLogDraft d;
  d.month = kMonth;
  d.grid = "第二网格";
  d.villager_id = m_a;
  d.rule_code = "R10";
  d.evidence = "拾到钱包交还失主";
  const auto wrong_grid = m_council.addLog(d, kNow);
  ASSERT_FALSE(wrong_grid.ok());
  EXPECT_NE(wrong_grid.error().message.find("lives in 第一网格"), std::string::npos);
  d.grid = "第一网格";
  d.rule_code = "R77";
  EXPECT_FALSE(m_council.addLog(d, kNow).ok());
  d.rule_code = "R10";
  const auto one = m_council.addLog(d, kNow);
  ASSERT_TRUE(one.ok()) << one.error().message;
  d.villager_id = m_b;
  d.rule_code = "R22";
  const auto two = m_council.addLog(d, kNow);
  ASSERT_TRUE(two.ok());
  EXPECT_TRUE(m_council.dropLog(two->id, "核实无此事").ok());
  EXPECT_EQ(queryInt(m_db, "SELECT count(*) FROM grid_logs"), 2);

  const auto lines = m_council.pendingLogLines(kMonth);
  ASSERT_EQ(lines.size(), 1u);
  const auto b = m_council.post(kMonth, lines, "刘书记", "纪要", CouncilSource::Logs, kNow);
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(score(m_a), 1003);
  EXPECT_EQ(score(m_b), 1000);
  const auto posted = m_council.log(one->id);
  EXPECT_EQ(posted->state, LogState::Posted);
  EXPECT_EQ(posted->batch_id, b->id);
  EXPECT_TRUE(m_council.pendingLogLines(kMonth).empty());
  // Reversed, the log may go to a later council again.
  ASSERT_TRUE(m_council.reverse(b->id, "重新审议", kNow).ok());
  EXPECT_EQ(m_council.log(one->id)->state, LogState::Pending);
}

TEST_F(CouncilTest, VolunteerHoursCountOncePerTeamVillagerAndDay) {
  auto session = [](int n, std::string team, core::VillagerId v, std::string name, int day, int minutes) {
    core::HoursLine l;
    l.line = n;
    l.team = std::move(team);
    l.villager_id = v;
    l.name = std::move(name);
    l.year = 2026;
    l.month = 11;
    l.day = day;
    l.minutes = minutes;
    return l;
  };
  const std::vector lines = {session(2, "红先锋", m_a, "刘桂兰", 5, 120),
                             session(3, "红先锋", m_b, "刘建国", 5, 30)};
  const auto done = m_council.importHours(lines, kNow);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->sessions, 2);
  const auto& s = m_ledger.settings();
  EXPECT_EQ(score(m_a), 1000 + core::volunteerScore(120, s));
  EXPECT_EQ(points(m_a), core::volunteerPoints(120, s));
  EXPECT_EQ(score(m_b), 1000 + core::volunteerScore(30, s));
  const auto after_first = entries();

  const auto again = m_council.importHours(lines, kNow + 5000);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->sessions, 0);
  EXPECT_EQ(again->already, 2);
  EXPECT_EQ(entries(), after_first);

  const auto changed = m_council.importHours({session(2, "红先锋", m_a, "刘桂兰", 5, 180)}, kNow);
  ASSERT_FALSE(changed.ok());
  EXPECT_NE(changed.error().message.find("already recorded with 120 minutes"), std::string::npos);

  const auto plan = m_council.planHours({session(2, "蓝精灵", m_a, "刘桂兰", 6, 60),
                                         session(3, "红先锋", m_a, "刘桂兰", 31, 60),
                                         session(4, "红先锋", m_a, "刘桂兰", 8, 60)},
                                        core::monthStartMs({2026, 11}) + 6 * 86'400'000);
  ASSERT_EQ(plan.errors.size(), 3u);
  EXPECT_NE(plan.errors[0].message.find("no volunteer team 蓝精灵"), std::string::npos);
  EXPECT_NE(plan.errors[1].message.find("in the future"), std::string::npos);
  EXPECT_NE(plan.errors[2].message.find("in the future"), std::string::npos);
  EXPECT_TRUE(m_ledger.verify().ok);
}

}  // namespace
}  // namespace rc::db
