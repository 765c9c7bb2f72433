// Why a villager's figures moved, on a synced kiosk: the office sends the newest entries of each
// villager whose entries moved, explained in its own words (rule title, evidence, team, goods),
// over a real HTTPS pull; the kiosk keeps the newest few per villager, once each.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "sync_fixture.h"

namespace rc::sync::test {
namespace {

class HistorySync : public SyncFixture {
 protected:
  void append(core::VillagerId v, core::EntryKind kind, int score, int points,
              const std::string& reference, const std::string& detail, std::int64_t at_ms) {
    db::EntryDraft d;
    d.villager_id = v;
    d.kind = kind;
    d.score_delta = score;
    d.points_delta = points;
    d.reference = reference;
    d.detail = detail;
    d.at_ms = at_ms;
    ASSERT_TRUE(m_office_ledger->append(d).ok());
  }
};

TEST_F(HistorySync, AKioskLearnsTheRuleTheEvidenceAndTheTeamBehindEachEntry) {
  db::Roster roster(*m_office);
  const auto cat = roster.addRuleCategory("环境卫生");
  ASSERT_TRUE(cat.ok());
  ASSERT_TRUE(roster.addRule(*cat, "E03", "乱堆乱放", -5).ok());
  const core::VillagerId who = m_villagers.front();
  const std::int64_t t0 = db::nowMs() - 3 * 86'400'000LL;
  append(who, core::EntryKind::CouncilDeduction, -5, 0, "E03", "乱堆乱放：门前堆放柴草两周未清",
         t0);
  append(who, core::EntryKind::VolunteerHours, 4, 8, "环境整治志愿队", "minutes=120",
         t0 + 86'400'000LL);

  const auto id = enroll("k-history");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok()) << m_log.str();

  KioskSide kiosk(config(id, m_port).db_path, id.kiosk_id, m_settings);
  const auto lines = kiosk.journal.history(who, db::kHistoryKept);
  // Newest first: the fixture's fund reward (today), the volunteer hours, the deduction.
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0].kind, core::EntryKind::FundReward);
  EXPECT_EQ(lines[1].kind, core::EntryKind::VolunteerHours);
  EXPECT_EQ(lines[1].what, "环境整治志愿队");
  EXPECT_EQ(lines[1].minutes, 120);
  EXPECT_EQ(lines[1].score_delta, 4);
  EXPECT_EQ(lines[1].points_delta, 8);
  EXPECT_EQ(lines[2].kind, core::EntryKind::CouncilDeduction);
  EXPECT_EQ(lines[2].what, "乱堆乱放");
  EXPECT_EQ(lines[2].evidence, "门前堆放柴草两周未清");
  EXPECT_EQ(lines[2].month, core::monthOfMs(t0).toString());
  EXPECT_EQ(lines[2].score_delta, -5);
  // Another villager's entries are theirs alone.
  for (const auto& l : kiosk.journal.history(m_villagers.back(), db::kHistoryKept)) {
    EXPECT_EQ(l.villager_id, m_villagers.back());
    EXPECT_EQ(l.kind, core::EntryKind::FundReward);
  }

  // A second pull brings only what is new; a pull of many keeps the newest kHistoryKept.
  for (int i = 0; i < 2 * db::kHistoryKept; ++i) {
    append(who, core::EntryKind::FundReward, 0, 1, "quarter", "第" + std::to_string(i) + "笔",
           t0 + 2 * 86'400'000LL + i * 1000);
  }
  ASSERT_TRUE(client.round().ok()) << m_log.str();
  const auto after = kiosk.journal.history(who, 100);
  // One window: the newest kHistoryPerWindow of the villager's new entries were sent, so the
  // kiosk holds those beside the three it had.
  ASSERT_EQ(after.size(), static_cast<std::size_t>(db::kHistoryPerWindow) + 3);
  std::vector<std::string> sent;
  for (const auto& l : after) {
    if (l.evidence.rfind("第", 0) == 0) sent.push_back(l.evidence);
  }
  std::vector<std::string> newest;
  for (int i = 2 * db::kHistoryKept - 1; i >= 2 * db::kHistoryKept - db::kHistoryPerWindow; --i) {
    newest.push_back("第" + std::to_string(i) + "笔");
  }
  EXPECT_EQ(sent, newest);
  for (std::size_t i = 1; i < after.size(); ++i) EXPECT_GE(after[i - 1].at_ms, after[i].at_ms);

  // Another pull of several: the kiosk keeps only the newest kHistoryKept.
  for (int i = 0; i < db::kHistoryPerWindow; ++i) {
    append(who, core::EntryKind::FundReward, 0, 1, "quarter", "再" + std::to_string(i),
           db::nowMs() + 1000 + i);
  }
  ASSERT_TRUE(client.round().ok()) << m_log.str();
  const auto kept = kiosk.journal.history(who, 100);
  ASSERT_EQ(kept.size(), static_cast<std::size_t>(db::kHistoryKept));
  EXPECT_EQ(kept.front().evidence, "再" + std::to_string(db::kHistoryPerWindow - 1));
  for (const auto& l : kept) {
    EXPECT_NE(l.kind, core::EntryKind::CouncilDeduction) << "the oldest lines went first";
    EXPECT_NE(l.kind, core::EntryKind::VolunteerHours) << "the oldest lines went first";
  }
}

TEST_F(HistorySync, AHistoryLineIsCappedAndCheckedOnTheWire) {
  db::PullPage page;
  db::PulledHistory h;
  h.uuid = "7d0f3c0e-0000-4000-8000-000000000001";
  h.villager_id = 3;
  h.kind = core::EntryKind::CouncilDeduction;
  h.score_delta = -5;
  h.what = "乱堆乱放";
  h.evidence = "门前堆放柴草";
  h.month = "2026-11";
  page.history = {h};
  const auto back = decodePullPage(encodePullPage(page));
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->history, page.history);

  page.history[0].evidence = std::string(db::kMaxHistoryTextBytes + 1, 'x');
  EXPECT_FALSE(decodePullPage(encodePullPage(page)).ok());
  page.history[0].evidence = "ok";
  page.history[0].month = "11/2026";
  EXPECT_FALSE(decodePullPage(encodePullPage(page)).ok());
  page.history[0].month = "2026-11";
  page.history[0].minutes = -1;
  EXPECT_FALSE(decodePullPage(encodePullPage(page)).ok());
}

}  // namespace
}  // namespace rc::sync::test
