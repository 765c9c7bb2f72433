// Town-scale boards from villager_months agree with boards built from the entries themselves.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "db/roster.h"
#include "db/schema.h"
#include "db/villager_months.h"
#include "office/demo_village.h"
#include "office/town_boards.h"
#include "support/temp_dir.h"

namespace rc::office {
namespace {

class TownBoards : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(db::migrate(m_db).ok());
    buildDemoVillage(m_ledger, DemoOptions{5, {2026, 11}});
  }
  test::TempDir m_dir;
  db::Database m_db{m_dir.file("village.db")};
  core::Settings m_settings;
  db::Ledger m_ledger{m_db, m_settings};
};

TEST_F(TownBoards, VillagerMonthsAddUpToTheEntries) {
  auto st = m_db.prepare(
      "SELECT (SELECT SUM(score_delta) FROM villager_months), (SELECT SUM(score_delta) FROM entries), "
      "(SELECT SUM(entries) FROM villager_months), (SELECT count(*) FROM entries)");
  ASSERT_TRUE(st.step().ok());
  EXPECT_EQ(st.columnInt(0), st.columnInt(1));
  EXPECT_EQ(st.columnInt(2), st.columnInt(3));
}

TEST_F(TownBoards, EveryGridAndMonthMatchesTheBoardFromTheEntries) {
  const core::YearMonth first{2026, 1};
  const core::YearMonth last{2026, 11};
  const auto boards = allMonthlyBoards(m_db, m_settings, first, last);
  ASSERT_TRUE(boards.ok());
  const auto places = db::villagerPlaces(m_db).value();
  std::set<core::GridId> grids;
  for (const auto& p : places) grids.insert(p.grid);
  ASSERT_EQ(boards->size(), grids.size() * 11);
  db::Roster roster(m_db);
  for (const auto& b : *boards) {
    // The ground truth: scores summed from entries before the next month starts.
    const auto scores = roster.scoresAsOf(core::monthStartMs(b.month.next()));
    std::map<core::VillagerId, int> by_id;
    for (const auto& s : scores) by_id[s.id] = s.score;
    std::vector<core::BoardCandidate> candidates;
    std::vector<core::Scored> party;
    for (const auto& p : places) {
      if (p.grid != b.grid) continue;
      const int score = by_id.count(p.id) ? by_id[p.id] : core::kBaseScore;
      candidates.push_back({p.id, score, p.party_member, p.grid});
      if (p.party_member) party.push_back({p.id, score});
    }
    const auto expected = core::villagerBoard(candidates, m_settings);
    EXPECT_EQ(b.villagers.commended, expected.commended) << b.grid << " " << b.month.toString();
    EXPECT_EQ(b.villagers.yellow_cards, expected.yellow_cards) << b.grid << " " << b.month.toString();
    EXPECT_EQ(b.villagers.pairings, expected.pairings);
    EXPECT_EQ(b.party, core::partyBoard(party, m_settings));
  }
}

}  // namespace
}  // namespace rc::office
