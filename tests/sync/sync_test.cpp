// Push, pull and the rules of exactly-once merging, against a real server on 127.0.0.1.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>

#include "db/reports.h"
#include "db/team_recruiting.h"
#include "sync_fixture.h"
#include "wire_chain.h"

namespace rc::sync::test {
namespace {

using nlohmann::json;

class Sync : public SyncFixture {
 protected:
  // A council award (score and points alike) at the office: it moves the next pull's cursor.
  void awardAtOffice(core::VillagerId v, int delta) {
    db::EntryDraft award;
    award.villager_id = v;
    award.kind = core::EntryKind::CouncilAward;
    award.score_delta = delta;
    award.points_delta = delta;
    award.reference = "council";
    ASSERT_TRUE(m_office_ledger->append(award).ok());
  }
};

db::WireEntry wire(std::int64_t seq, core::VillagerId v, int points, std::string uuid = {}) {
  db::WireEntry w;
  w.uuid = uuid.empty() ? "w-" + std::to_string(seq) : std::move(uuid);
  w.kiosk_seq = seq;
  w.villager_id = v;
  w.kind = core::EntryKind::Redemption;
  w.points_delta = -points;
  w.detail = "SOAP*" + std::to_string(points / 10);
  w.at_ms = 1'780'000'000'000 + seq;
  return w;
}

TEST_F(Sync, AKioskSellsOfflineAndAfterOneRoundAgreesWithTheOffice) {
  const auto id = enroll("supermarket");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());  // the roster, catalog and balances arrive
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  EXPECT_EQ(k.journal.standing(m_villagers[0]).points, kStartPoints);

  ASSERT_TRUE(k.journal.redeem(cart(m_villagers[0], {{"RICE", 2}, {"OIL", 1}})).ok());
  ASSERT_TRUE(k.journal.redeem(cart(m_villagers[1], {{"SOAP", 3}})).ok());
  EXPECT_EQ(k.journal.standing(m_villagers[0]).points, kStartPoints - 130);
  EXPECT_EQ(k.journal.pendingCount(), 2);

  const auto r = client.round();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->pushed, 2);
  EXPECT_EQ(m_office_ledger->balance(m_villagers[0])->points, kStartPoints - 130);
  expectIdentical(k);
}

// An office that takes bodies of at most 8 KiB, and a kiosk holding 120 unsynced sales (about
// 30 KB of JSON).
class SmallOffice : public Sync {
 protected:
  static constexpr std::size_t kCap = 12 * 1024;
  static constexpr int kSales = 120;

  void SetUp() override {
    Sync::SetUp();
    stopOffice();
    startOffice(kCap);
    for (const auto v : m_villagers) fund(v, 1500);
  }

  // The kiosk's client, built from `cfg` and synced once before the sales.
  std::unique_ptr<SyncClient> kioskWithBacklog(const SyncConfig& cfg) {
    auto client = std::make_unique<SyncClient>(cfg);
    EXPECT_TRUE(client->round().ok());
    KioskSide k(cfg.db_path, cfg.identity.kiosk_id, m_settings);
    for (int i = 0; i < kSales; ++i) {
      const auto v = m_villagers[static_cast<std::size_t>(i) % m_villagers.size()];
      EXPECT_TRUE(k.journal.redeem(cart(v, {{"RICE", 1}})).ok());
    }
    return client;
  }
};

// A backlog larger than one request may carry goes in several requests, each under the cap.
TEST_F(SmallOffice, ABacklogLargerThanTheBodyCapGoesInSeveralRequests) {
  auto cfg = config(enroll("supermarket"), m_port);
  cfg.max_body_bytes = kCap;
  auto client = kioskWithBacklog(cfg);
  const auto r = client->round();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->pushed, kSales);
  EXPECT_GE(r->push_requests, 3);
  EXPECT_EQ(m_log.str().find("(413)"), std::string::npos) << m_log.str();
  KioskSide k(cfg.db_path, cfg.identity.kiosk_id, m_settings);
  expectIdentical(k);
}

// A kiosk that thinks the office takes bigger bodies than it does: each refused push halves the
// next, and the backlog still arrives whole within a few rounds.
TEST_F(SmallOffice, AKioskSendsSmallerBatchesAfterTheOfficeRefusesABodyAsTooLarge) {
  const auto cfg = config(enroll("supermarket"), m_port);  // max_body_bytes: the protocol's 4 MiB
  auto client = kioskWithBacklog(cfg);
  int failed = 0;
  for (int round = 0; round < 10 && client->pendingCount() > 0; ++round) {
    if (!client->round()) ++failed;
  }
  EXPECT_GE(failed, 1) << "the first push of all 120 sales is over the office's cap";
  EXPECT_LE(failed, 4) << "120 -> 60 -> 30 entries: a few refusals, not one per entry";
  EXPECT_NE(m_log.str().find("(413)"), std::string::npos) << m_log.str();
  EXPECT_EQ(client->pendingCount(), 0);
  KioskSide k(cfg.db_path, cfg.identity.kiosk_id, m_settings);
  expectIdentical(k);
}

TEST_F(Sync, ChangesAtTheOfficeReachTheKioskOnTheNextPull) {
  const auto id = enroll("laundry");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());
  fund(m_villagers[2], 77);
  db::Roster roster(*m_office);
  ASSERT_TRUE(roster.bindCard("NEWCARD", m_villagers[2], "qr", 5).ok());
  ASSERT_TRUE(db::Catalog(*m_office).moveStock("RICE", 10, "receive", std::nullopt, 5, "").ok());
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  EXPECT_EQ(k.journal.standing(m_villagers[2]).points, kStartPoints + 77);
  EXPECT_EQ(db::Roster(k.db).villagerByCard("NEWCARD"), m_villagers[2]);
  expectIdentical(k);
}

// One redemption path (Ledger::redeem) for the office and the kiosk: on a kiosk the cart is
// priced against the villager's standing, and a retried redemption (the same UUID, e.g. after
// the screen froze mid-confirm) answers with the balance the villager really has, before and
// after the office has counted it.
TEST_F(Sync, ARetriedRedemptionOnAKioskAnswersWithTheVillagersRealBalance) {
  const auto id = enroll("supermarket");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  const auto v = m_villagers[2];
  auto d = cart(v, {{"SOAP", 2}});
  d.uuid = "receipt-retried";
  const auto first = k.journal.redeem(d);
  ASSERT_TRUE(first.ok());
  EXPECT_FALSE(first->duplicate);
  EXPECT_EQ(first->balance.points, kStartPoints - 20);
  const auto again = k.journal.redeem(d);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(again->entry.uuid, first->entry.uuid);
  EXPECT_EQ(again->balance.points, k.journal.standing(v).points);
  EXPECT_EQ(again->balance.points, kStartPoints - 20);
  ASSERT_TRUE(client.round().ok());
  const auto synced = k.journal.redeem(d);
  ASSERT_TRUE(synced.ok());
  EXPECT_EQ(synced->balance.points, m_office_ledger->balance(v)->points);
  EXPECT_EQ(synced->balance.points, kStartPoints - 20);
  expectIdentical(k);
}

TEST_F(Sync, ARetriedBatchChangesNothing) {
  const auto id = enroll("k1");
  WireChain chained("k1");
  const auto batch = chained({wire(1, m_villagers[0], 20), wire(2, m_villagers[1], 10)});
  const auto first = signedPost(id, kPushPath, encodePush(batch));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;
  const auto count = m_office_ledger->entryCount();
  const auto points = m_office_ledger->balance(m_villagers[0])->points;
  for (int i = 0; i < 3; ++i) {
    const auto again = signedPost(id, kPushPath, encodePush(batch));
    ASSERT_TRUE(again);
    ASSERT_EQ(again->status, 200) << again->body;
    const auto j = json::parse(again->body);
    EXPECT_EQ(j.at("held"), 2);
    EXPECT_EQ(j.at("applied"), 0);
    EXPECT_EQ(j.at("duplicates"), 2);
  }
  EXPECT_EQ(m_office_ledger->entryCount(), count);
  EXPECT_EQ(m_office_ledger->balance(m_villagers[0])->points, points);
  // A batch overlapping what is held applies only the new tail.
  const auto overlap = chained({batch[1], wire(3, m_villagers[2], 10)});
  const auto r = signedPost(id, kPushPath, encodePush(overlap));
  ASSERT_TRUE(r);
  EXPECT_EQ(json::parse(r->body).at("applied"), 1);
  EXPECT_EQ(m_office_ledger->entryCount(), count + 1);
}

// A held seq pushed again with other content is a kiosk file that forked from what it sent
// (rolled back, replaced or edited): a chain break. A UUID reused under a new seq is a conflict.
TEST_F(Sync, AReusedUuidOrAChangedHeldEntryIsRefused) {
  const auto id = enroll("k1");
  WireChain chained("k1");
  ASSERT_EQ(signedPost(id, kPushPath, encodePush(chained({wire(1, m_villagers[0], 20)})))->status, 200);
  const auto count = m_office_ledger->entryCount();
  // The same seq and UUID, another amount.
  auto r = signedPost(id, kPushPath, encodePush(chained({wire(1, m_villagers[0], 30)})));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(json::parse(r->body).at("error"), "chain_break");
  // The UUID again under a new seq.
  r = signedPost(id, kPushPath, encodePush(chained({wire(2, m_villagers[0], 20, "w-1")})));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(json::parse(r->body).at("error"), "uuid_conflict");
  // Another UUID at a seq already held.
  r = signedPost(id, kPushPath, encodePush(chained({wire(1, m_villagers[0], 20, "other")})));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(json::parse(r->body).at("error"), "chain_break");
  EXPECT_EQ(m_office_ledger->entryCount(), count);
}

TEST_F(Sync, AGapIsRefusedAndTheWholeBatchWithIt) {
  const auto id = enroll("k1");
  const auto count = m_office_ledger->entryCount();
  auto r = signedPost(id, kPushPath, encodePush(std::vector{wire(2, m_villagers[0], 10)}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  auto j = json::parse(r->body);
  EXPECT_EQ(j.at("error"), "gap");
  EXPECT_EQ(j.at("held"), 0);
  r = signedPost(id, kPushPath,
                 encodePush(std::vector{wire(1, m_villagers[0], 10), wire(3, m_villagers[0], 10)}));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 409);
  EXPECT_EQ(m_office_ledger->entryCount(), count);
}

TEST_F(Sync, TwoKiosksOfflineOverdrawOneVillagerAndTheOfficeFlagsItKeepingBoth) {
  const auto a = enroll("supermarket");
  const auto b = enroll("laundry");
  SyncClient ca(config(a, m_port));
  SyncClient cb(config(b, m_port));
  ASSERT_TRUE(ca.round().ok());
  ASSERT_TRUE(cb.round().ok());
  KioskSide ka(config(a, m_port).db_path, a.kiosk_id, m_settings);
  KioskSide kb(config(b, m_port).db_path, b.kiosk_id, m_settings);
  const auto v = m_villagers[3];
  // Each kiosk sees 300 points and sells 250 worth, neither knowing of the other.
  ASSERT_TRUE(ka.journal.redeem(cart(v, {{"RICE", 5}})).ok());
  ASSERT_TRUE(kb.journal.redeem(cart(v, {{"RICE", 5}})).ok());
  ASSERT_TRUE(ca.round().ok());
  ASSERT_TRUE(cb.round().ok());
  ASSERT_TRUE(ca.round().ok());  // a learns what b did
  EXPECT_EQ(m_office_ledger->balance(v)->points, kStartPoints - 500);
  db::OfficeSync sync(*m_office_ledger);
  const auto items = sync.reconciliation();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].problem, "overdraft");
  EXPECT_EQ(items[0].kiosk_id, "laundry");
  EXPECT_EQ(items[0].villager_id, v);
  EXPECT_EQ(items[0].points_after, kStartPoints - 500);
  expectIdentical(ka);
  expectIdentical(kb);
  // The kiosks now know the balance is negative and refuse the next sale.
  const auto refused = ka.journal.redeem(cart(v, {{"SOAP", 1}}));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, db::LedgerError::InsufficientPoints);
}

TEST_F(Sync, AShelfSoldTwiceOfflineIsFlaggedNotDropped) {
  const auto a = enroll("a");
  const auto b = enroll("b");
  SyncClient ca(config(a, m_port));
  SyncClient cb(config(b, m_port));
  ASSERT_TRUE(ca.round().ok());
  ASSERT_TRUE(cb.round().ok());
  KioskSide ka(config(a, m_port).db_path, a.kiosk_id, m_settings);
  KioskSide kb(config(b, m_port).db_path, b.kiosk_id, m_settings);
  ASSERT_TRUE(ka.journal.redeem(cart(m_villagers[0], {{"SOAP", 4}})).ok());
  ASSERT_TRUE(kb.journal.redeem(cart(m_villagers[1], {{"SOAP", 4}})).ok());
  ASSERT_TRUE(ca.round().ok());
  ASSERT_TRUE(cb.round().ok());
  ASSERT_TRUE(ca.round().ok());
  const auto items = db::OfficeSync(*m_office_ledger).reconciliation();
  ASSERT_EQ(items.size(), 1u);
  EXPECT_EQ(items[0].problem, "stock");
  EXPECT_EQ(items[0].note, "SOAP short by 2");
  expectIdentical(ka);
  expectIdentical(kb);
}

TEST_F(Sync, AVoidAtTheKioskReversesTheSaleAtTheOffice) {
  const auto id = enroll("k1");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  const auto sale = k.journal.redeem(cart(m_villagers[0], {{"OIL", 2}}));
  ASSERT_TRUE(sale.ok());
  ASSERT_TRUE(client.round().ok());
  db::VoidDraft v;
  v.kiosk_id = id.kiosk_id;
  v.target_seq = sale->entry.seq;
  v.reason = "wrong item";
  ASSERT_TRUE(k.ledger.voidEntry(v).ok());
  ASSERT_TRUE(client.round().ok());
  EXPECT_EQ(m_office_ledger->balance(m_villagers[0])->points, kStartPoints);
  expectIdentical(k);
}

TEST_F(Sync, TheOfflineLimitStopsASpendBeyondItUnlessTheOfficeIsReachable) {
  m_settings.offline_points_per_villager_per_day = 100;
  auto c = checkOfflineLimit(m_settings, false, 60, 50);
  EXPECT_FALSE(c.allowed);
  EXPECT_EQ(c.remaining, 40);
  EXPECT_NE(c.message.find("40"), std::string::npos);
  EXPECT_TRUE(checkOfflineLimit(m_settings, false, 60, 40).allowed);
  EXPECT_TRUE(checkOfflineLimit(m_settings, true, 60, 500).allowed);

  const auto id = enroll("k1");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  ASSERT_TRUE(k.journal.redeem(cart(m_villagers[0], {{"OIL", 2}})).ok());
  EXPECT_EQ(k.journal.offlineSpentToday(m_villagers[0], db::nowMs()), 60);
  EXPECT_EQ(k.journal.offlineSpentToday(m_villagers[1], db::nowMs()), 0);
  ASSERT_TRUE(client.round().ok());
  // Once the office holds it, it no longer counts against the offline allowance.
  EXPECT_EQ(k.journal.offlineSpentToday(m_villagers[0], db::nowMs()), 0);
}

TEST_F(Sync, BackoffGrowsExponentiallyIsCappedAndJittered) {
  SyncConfig c;
  c.backoff_initial = std::chrono::milliseconds(100);
  c.backoff_max = std::chrono::milliseconds(1000);
  for (std::uint64_t r : {0ull, 7ull, 123456789ull}) {
    const auto d1 = SyncWorker::backoffDelay(c, 1, r).count();
    const auto d3 = SyncWorker::backoffDelay(c, 3, r).count();
    const auto d9 = SyncWorker::backoffDelay(c, 9, r).count();
    EXPECT_GE(d1, 50);
    EXPECT_LE(d1, 100);
    EXPECT_GE(d3, 200);
    EXPECT_LE(d3, 400);
    EXPECT_GE(d9, 500);
    EXPECT_LE(d9, 1000);
  }
  EXPECT_NE(SyncWorker::backoffDelay(c, 4, 1), SyncWorker::backoffDelay(c, 4, 2));
}

TEST_F(Sync, TheWorkerSyncsInTheBackgroundAndReportsWhenTheOfficeIsGone) {
  const auto id = enroll("k1");
  auto cfg = config(id, m_port);
  {
    SyncClient first(cfg);
    ASSERT_TRUE(first.round().ok());
  }
  KioskSide k(cfg.db_path, id.kiosk_id, m_settings);
  SyncWorker worker(cfg);
  worker.start();
  ASSERT_TRUE(k.journal.redeem(cart(m_villagers[0], {{"SOAP", 1}})).ok());
  worker.nudge();
  auto waitFor = [&](auto&& pred) {
    for (int i = 0; i < 500 && !pred(worker.status()); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return pred(worker.status());
  };
  ASSERT_TRUE(waitFor([&](const SyncStatus& s) {
    return s.last_success_ms && s.pending == 0 && m_office_ledger->entryCount() > kVillagers;
  }));
  EXPECT_TRUE(worker.status().office_reachable);
  EXPECT_TRUE(worker.status().last_error.empty());

  stopOffice();
  ASSERT_TRUE(k.journal.redeem(cart(m_villagers[0], {{"SOAP", 1}})).ok());
  // Rounds fail from the moment the office stops, perhaps before the sale is on disk (an
  // fsync on a busy disk can outlast a backoff): wait for a failed round that counted it.
  ASSERT_TRUE(waitFor([](const SyncStatus& s) { return s.consecutive_failures >= 2 && s.pending == 1; }))
      << "pending " << worker.status().pending << ", failures " << worker.status().consecutive_failures;
  const auto s = worker.status();
  EXPECT_FALSE(s.office_reachable);
  EXPECT_FALSE(s.last_error.empty());
  EXPECT_EQ(s.pending, 1);
  EXPECT_FALSE(worker.checkOfflineLimit(190, 20).allowed);

  startOffice();  // same file, a new port: the worker keeps trying the old one
  worker.stop();
  auto cfg2 = config(id, m_port);
  SyncClient again(cfg2);
  ASSERT_TRUE(again.round().ok());
  expectIdentical(k);
}

TEST_F(Sync, BoardsWithThousandsOfTiesAreCutForTheKiosk) {
  // Newly registered villagers share one score, so all of them tie on the honour roll; the
  // office keeps every tie, the kiosk gets the first kMaxKioskBoardLines and the pull succeeds.
  {
    db::Roster roster(*m_office);
    const auto grid = roster.addGrid("第二网格");
    ASSERT_TRUE(grid.ok());
    const auto hh = roster.addHousehold(*grid, "西岛路1号", false);
    ASSERT_TRUE(hh.ok());
    for (int i = 0; i < 300; ++i) {
      db::Villager v;
      v.household_id = *hh;
      v.name = "新村民" + std::to_string(i);
      ASSERT_TRUE(roster.addVillager(v).ok());
    }
  }
  const auto full = db::kioskBoards(*m_office, m_settings);
  ASSERT_EQ(full.commended.size(), db::kMaxKioskBoardLines);
  const auto id = enroll("supermarket");
  SyncClient client(config(id, m_port));
  const auto round = client.round();
  ASSERT_TRUE(round.ok()) << round.error().message;
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  const auto boards = k.journal.boards();
  ASSERT_TRUE(boards.has_value());
  EXPECT_EQ(boards->commended.size(), db::kMaxKioskBoardLines);
  EXPECT_EQ(*boards, full);
}

TEST_F(Sync, APullCarriesTheMonthsBoardsAndTheKioskKeepsThem) {
  const auto id = enroll("supermarket");
  SyncClient client(config(id, m_port));
  const auto first = client.round();
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_TRUE(first->pulled_changes);
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  auto boards = k.journal.boards();
  ASSERT_TRUE(boards.has_value());
  EXPECT_EQ(*boards, db::kioskBoards(*m_office, m_settings));
  EXPECT_FALSE(boards->commended.empty());

  // A council award at the office puts a villager on top; the next pull brings the new boards.
  awardAtOffice(m_villagers[4], 40);
  const auto second = client.round();
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->pulled_changes);
  boards = k.journal.boards();
  ASSERT_TRUE(boards.has_value());
  ASSERT_FALSE(boards->commended.empty());
  EXPECT_EQ(boards->commended.front().villager_id, m_villagers[4]);
  EXPECT_EQ(boards->commended.front().score, core::kBaseScore + 40);

  // Nothing new at the office: the pull says so, and the boards stay.
  const auto third = client.round();
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->pulled_changes);
  EXPECT_EQ(k.journal.boards(), boards);
}

TEST(SyncProtocol, BoardsRoundTripAndAnOfficeWithoutThemIsUnderstood) {
  db::PullPage page;
  db::PulledBoards b;
  b.month = {2026, 11};
  b.party = {{7, "刘国庆", 1043, 1, ""}};
  b.commended = {{9, "鞠红梅", 1052, 1, ""}, {3, "曲洁", 1052, 1, ""}};
  b.yellow_cards = {{12, "张三", 990, 927, "刘国庆"}};
  b.volunteer_minutes = 600;
  b.volunteer_sessions = 12;
  page.boards = b;
  const auto back = decodePullPage(encodePullPage(page));
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->boards, page.boards);

  page.boards.reset();
  auto j = json::parse(encodePullPage(page));
  EXPECT_TRUE(j.at("boards").is_null());
  j.erase("boards");
  const auto older = decodePullPage(j.dump());
  ASSERT_TRUE(older.ok()) << older.error();
  EXPECT_FALSE(older->boards.has_value());

  j["boards"] = {{"month", "2026-13"}};
  EXPECT_FALSE(decodePullPage(j.dump()).ok());
}

TEST_F(Sync, APullCarriesTheTeamsRecruitingAndTheKioskNamesThem) {
  const core::YearMonth now = core::monthOfMs(db::nowMs());
  {
    db::Roster roster(*m_office);
    const auto team = roster.addTeam("好家园");
    ASSERT_TRUE(team.ok());
    ASSERT_TRUE(roster.addTeam("巧工匠").ok());
    ASSERT_TRUE(db::setRecruiting(*m_office, *team, now, true).ok());
  }
  const auto id = enroll("supermarket");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  const auto boards = k.journal.boards();
  ASSERT_TRUE(boards.has_value());
  EXPECT_EQ(boards->recruiting, std::vector<std::string>{"好家园"});
  EXPECT_EQ(boards->recruiting_month, now);
  // What the kiosk's Home reads: the same rule as on the office's file.
  EXPECT_EQ(db::recruitingFor(k.db, boards->month, db::nowMs()).teams,
            std::vector<std::string>{"好家园"});

  // The office stops it and another team starts, with nothing else done at the office: the
  // next pull brings the boards anew all the same.
  ASSERT_TRUE(db::setRecruiting(*m_office, *db::teamByName(*m_office, "好家园"), now, false).ok());
  ASSERT_TRUE(db::setRecruiting(*m_office, *db::teamByName(*m_office, "巧工匠"), now, true).ok());
  const auto second = client.round();
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->pulled_changes);
  EXPECT_EQ(k.journal.boards()->recruiting, std::vector<std::string>{"巧工匠"});
  EXPECT_EQ(db::recruitingFor(k.db, boards->month, db::nowMs()).teams,
            std::vector<std::string>{"巧工匠"});
  ASSERT_TRUE(db::setRecruiting(*m_office, *db::teamByName(*m_office, "巧工匠"), now, false).ok());
  ASSERT_TRUE(client.round().ok());
  EXPECT_TRUE(k.journal.boards()->recruiting.empty());
  EXPECT_TRUE(db::recruitingFor(k.db, boards->month, db::nowMs()).teams.empty());
}

TEST(SyncProtocol, TheTeamsRecruitingAreCappedAndChecked) {
  db::PullPage page;
  db::PulledBoards b;
  b.month = {2026, 11};
  b.recruiting_month = {2026, 12};
  b.recruiting = {"好家园", "银龄互助"};
  page.boards = b;
  const auto back = decodePullPage(encodePullPage(page));
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_EQ(back->boards, page.boards);

  auto j = json::parse(encodePullPage(page));
  j["boards"].erase("recruiting");  // an office from before teams recruited
  const auto older = decodePullPage(j.dump());
  ASSERT_TRUE(older.ok()) << older.error();
  EXPECT_TRUE(older->boards->recruiting.empty());

  auto with = [&](json teams) {
    json k = json::parse(encodePullPage(page));
    k["boards"]["recruiting"]["teams"] = std::move(teams);
    return decodePullPage(k.dump()).ok();
  };
  EXPECT_TRUE(with(json::array({"好家园"})));
  EXPECT_FALSE(with(json::array({std::string(db::kMaxTeamName + 1, 'x')})));
  EXPECT_FALSE(with(json::array({""})));
  EXPECT_FALSE(with(json::array({7})));
  EXPECT_FALSE(with(json(std::vector<std::string>(db::kMaxRecruiting + 1, "好家园"))));
  EXPECT_TRUE(with(json(std::vector<std::string>(db::kMaxRecruiting, "好家园"))));
}

TEST_F(Sync, TheWorkerTellsWhenWhatItShowsChanges) {
  const auto id = enroll("k1");
  auto cfg = config(id, m_port);
  std::mutex mutex;
  std::condition_variable cv;
  int calls = 0;
  cfg.on_status_change = [&] {
    std::lock_guard lock(mutex);
    ++calls;
    cv.notify_all();
  };
  SyncWorker worker(cfg);
  worker.start();
  std::unique_lock lock(mutex);
  // The first round changes everything: rounds, figures, the time of the last success.
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return calls >= 1; }));
  lock.unlock();
  EXPECT_EQ(worker.status().pulls_with_changes, 1u);
  EXPECT_GE(worker.status().rounds, 1u);
  stopOffice();
  lock.lock();
  const int before = calls;
  // The office going away is news too.
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return calls > before; }));
  lock.unlock();
  worker.stop();
  EXPECT_FALSE(worker.status().office_reachable);
}

TEST_F(Sync, ASecondServerOnAPortInUseFailsToBindInsteadOfSharingIt) {
  // Two servers on one port would split the kiosks between two ledgers: the second must fail.
  office::ServerOptions o;
  o.db_path = m_dir.file("other-office.db");
  o.port = m_port;
  office::OfficeServer second(o, m_settings);
  const auto port = second.bind();
  ASSERT_FALSE(port.ok());
  EXPECT_NE(port.error().find(std::to_string(m_port)), std::string::npos) << port.error();
}

}  // namespace
}  // namespace rc::sync::test
