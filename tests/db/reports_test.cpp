// The kiosks' boards kept between pulls (db::KioskBoardsCache): kept while only kiosks write,
// dropped by any other write, on the same connection or another.

#include "db/reports.h"

#include <gtest/gtest.h>

#include "core/rules.h"
#include "village_fixture.h"

namespace rc::db {
namespace {

class KioskBoardsCacheTest : public test::VillageFixture {
 protected:
  void SetUp() override {
    VillageFixture::SetUp();
    if (HasFatalFailure()) return;
    const auto home = addHousehold("东岛路1号");
    m_wang = addVillager(home, "王秀英", 1950, true);
    m_liu = addVillager(home, "刘建国", 1975);
    addProduct("SOAP", 5, 100);
    ASSERT_TRUE(m_ledger.append(draft(core::EntryKind::CouncilAward, m_wang, 10, 100)).ok());
    ASSERT_TRUE(m_ledger.append(draft(core::EntryKind::CouncilAward, m_liu, 5, 100)).ok());
  }

  core::VillagerId m_wang = 0;
  core::VillagerId m_liu = 0;
};

TEST_F(KioskBoardsCacheTest, AKiosksSaleKeepsTheBoardsAndACouncilAwardDropsThem) {
  KioskBoardsCache cache;
  const PulledBoards first = cache.get(m_db, m_ledger.settings());
  ASSERT_EQ(cache.computed(), 1u);
  ASSERT_FALSE(first.commended.empty());
  EXPECT_EQ(first.commended.front().villager_id, m_wang);
  EXPECT_EQ(cache.get(m_db, m_ledger.settings()), first);
  EXPECT_EQ(cache.computed(), 1u);

  // A sale, as a kiosk's push writes it: the same boards, not computed again.
  RedemptionDraft sale;
  sale.villager_id = m_liu;
  sale.lines = {{"SOAP", 2}};
  sale.reference = "receipt";
  const auto sold = cache.kioskWrite(m_db, [&] { return m_ledger.redeem(sale); });
  ASSERT_TRUE(sold.ok()) << sold.error().message;
  EXPECT_EQ(cache.get(m_db, m_ledger.settings()), first);
  EXPECT_EQ(cache.computed(), 1u);
  EXPECT_EQ(cache.get(m_db, m_ledger.settings()), kioskBoards(m_db, m_ledger.settings()));

  // A council award on the same connection (the console) moves 刘建国 to the top.
  ASSERT_TRUE(m_ledger.append(draft(core::EntryKind::CouncilAward, m_liu, 20, 20)).ok());
  const PulledBoards second = cache.get(m_db, m_ledger.settings());
  EXPECT_EQ(cache.computed(), 2u);
  ASSERT_FALSE(second.commended.empty());
  EXPECT_EQ(second.commended.front().villager_id, m_liu);

  // A write through another connection (the CLI) drops them too.
  {
    Database other(m_dir.file("ledger.db"));
    Ledger ledger(other, m_ledger.settings());
    ASSERT_TRUE(ledger.append(draft(core::EntryKind::CouncilAward, m_wang, 30, 30)).ok());
  }
  const PulledBoards third = cache.get(m_db, m_ledger.settings());
  EXPECT_EQ(cache.computed(), 3u);
  EXPECT_EQ(third.commended.front().villager_id, m_wang);
  EXPECT_EQ(third, kioskBoards(m_db, m_ledger.settings()));
}

}  // namespace
}  // namespace rc::db
