// The controller driven by intents and scans against a real ledger (the demo village), with
// the DB worker's work done inline: intents → state → ledger entries.
#include "kiosk/app/controller.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "db/kiosk_journal.h"
#include "drivers/payload.h"
#include "kiosk/app/kiosk_data.h"
#include "kiosk_fixture.h"

namespace rc::kiosk {
namespace {

using namespace std::chrono_literals;
using test::Pick;

class ControllerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path = test::villageCopy(dir);
    db = std::make_unique<db::Database>(path);
    data = std::make_unique<KioskData>(path, core::Settings{}, "kiosk-test");
    c.start(t);
    run();
  }

  // Answers every request the controller sent, as the worker would, until none is left.
  void run() {
    for (;;) {
      auto requests = c.takeRequests();
      if (requests.empty()) return;
      for (auto& r : requests) c.onResponse(data->handle(r), t);
    }
  }
  void scan(const std::string& text) {
    c.onScan(drivers::classify({text, drivers::ScanFault::None, "", {}}, drivers::ReaderRole::Any,
                               {}),
             t);
    run();
  }
  void apply(Intent i) {
    c.apply(i, t);
    run();
  }
  const AppState& s() const { return c.state(); }
  std::vector<db::Entry> entriesOf(core::VillagerId id) {
    return db::Ledger(*db, core::Settings{}).recentEntries(id, 50);
  }

  rc::test::TempDir dir;
  std::string path;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<KioskData> data;
  Controller c{core::Settings{}, "kiosk-test"};
  TimePoint t = std::chrono::steady_clock::now();
};

TEST_F(ControllerTest, StartsOnAttractWithTheMonthsBoards) {
  EXPECT_EQ(s().screen, ScreenId::Attract);
  ASSERT_TRUE(s().boards);
  EXPECT_EQ(s().boards->month.toString(), "2026-11");
  EXPECT_EQ(s().boards->party.size(), 36u);
  EXPECT_GE(s().boards->commended.size(), 10u);
  EXPECT_GT(s().boards->volunteer_minutes, 0);
  EXPECT_FALSE(s().products.empty());
  EXPECT_EQ(s().categories.back(), "福利");  // the few welfare goods come last
  // The demo's drawn pictures arrive decoded (RGBA) with the catalog; a product without one
  // has none.
  ASSERT_TRUE(s().pictures.contains("RICE-5KG"));
  const auto& rice = *s().pictures.at("RICE-5KG");
  EXPECT_EQ(rice.width, 256);
  EXPECT_EQ(rice.height, 256);
  EXPECT_EQ(rice.rgba.size(), 256u * 256u * 4u);
  EXPECT_FALSE(s().pictures.contains("NOODLES-1KG"));
}

TEST_F(ControllerTest, CardScanShowsTheVillagersOwnBalance) {
  const auto who = test::pick(*db, Pick::MostPoints);
  scan(who.card);
  ASSERT_EQ(s().screen, ScreenId::Home);
  ASSERT_TRUE(s().villager);
  EXPECT_EQ(s().villager->name, who.name);
  EXPECT_EQ(s().villager->points, who.points);
  EXPECT_EQ(s().villager->score, who.score);
  EXPECT_GT(s().villager->rank, 0);
  EXPECT_EQ(s().villager->ranked, 928);
  EXPECT_FALSE(s().villager->recent.empty());
}

TEST_F(ControllerTest, UnknownCardIsAnErrorWithAWayBack) {
  scan("0000000A");
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::UnknownCard);
  EXPECT_FALSE(s().villager);
  apply(intent::DismissError{});
  EXPECT_EQ(s().screen, ScreenId::Attract);
}

TEST_F(ControllerTest, RedeemingOneItemWritesOneEntryAndTakesTheStock) {
  const auto who = test::pick(*db, Pick::MostPoints);
  const auto soap = test::product(*db, "SOAP");
  const auto before = entriesOf(who.id).size();
  scan(who.card);
  apply(intent::OpenSupermarket{});
  const auto* soap_picture = s().pictures.at("SOAP").get();
  apply(intent::AddToCart{"SOAP"});
  EXPECT_EQ(s().cart.quantityOf("SOAP"), 1);
  apply(intent::ConfirmRedeem{});
  ASSERT_EQ(s().screen, ScreenId::Receipt);
  // The catalog reloaded with the new stock; the picture was decoded once and is the same.
  const auto shelf = std::find_if(s().products.begin(), s().products.end(),
                                  [](const core::Product& p) { return p.sku == "SOAP"; });
  ASSERT_NE(shelf, s().products.end());
  EXPECT_EQ(shelf->stock, soap.stock - 1);
  EXPECT_EQ(s().pictures.at("SOAP").get(), soap_picture);
  ASSERT_TRUE(s().receipt);
  EXPECT_EQ(s().receipt->total_points, soap.price_points);
  EXPECT_EQ(s().receipt->balance_after, who.points - soap.price_points);
  EXPECT_FALSE(s().receipt->order_number.empty());
  EXPECT_TRUE(s().cart.empty());
  EXPECT_EQ(s().villager->points, who.points - soap.price_points);

  const auto entries = entriesOf(who.id);
  ASSERT_EQ(entries.size(), before + 1);
  EXPECT_EQ(entries.front().kind, core::EntryKind::Redemption);
  EXPECT_EQ(entries.front().points_delta, -soap.price_points);
  EXPECT_EQ(entries.front().score_delta, 0);  // redeeming never lowers the score
  EXPECT_EQ(entries.front().kiosk_id, "kiosk-test");
  EXPECT_EQ(entries.front().reference, s().receipt->order_number);
  EXPECT_EQ(test::product(*db, "SOAP").stock, soap.stock - 1);

  apply(intent::FinishReceipt{});
  EXPECT_EQ(s().screen, ScreenId::Attract);
  EXPECT_FALSE(s().villager);
}

TEST_F(ControllerTest, ConfirmingTwiceRedeemsOnce) {
  const auto who = test::pick(*db, Pick::MostPoints);
  const auto before = test::entryCount(path);
  scan(who.card);
  apply(intent::OpenSupermarket{});
  apply(intent::AddToCart{"SOAP"});
  // Two taps before the worker answers (a shaky finger).
  c.apply(intent::ConfirmRedeem{}, t);
  c.apply(intent::ConfirmRedeem{}, t);
  auto requests = c.takeRequests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_TRUE(s().redeeming);
  // Even a retried request (same UUID) is recorded once by the ledger.
  const auto first = data->handle(requests.front());
  const auto again = data->handle(requests.front());
  EXPECT_TRUE(std::holds_alternative<response::Redeemed>(first));
  EXPECT_TRUE(std::holds_alternative<response::Redeemed>(again));
  c.onResponse(first, t);
  run();
  EXPECT_EQ(test::entryCount(path), before + 1);
  EXPECT_EQ(s().screen, ScreenId::Receipt);
}

TEST_F(ControllerTest, NotEnoughPointsIsRefusedBeforeTheLedger) {
  const auto who = test::pick(*db, Pick::FewestPoints);
  const auto before = test::entryCount(path);
  scan(who.card);
  apply(intent::OpenSupermarket{});
  apply(intent::AddToCart{"RICE-10KG"});  // 110 points
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::NotEnoughPoints);
  EXPECT_EQ(s().error->needed, 110);
  EXPECT_EQ(s().error->available, who.points);
  EXPECT_TRUE(s().cart.empty());
  apply(intent::DismissError{});
  EXPECT_EQ(s().screen, ScreenId::Supermarket);
  EXPECT_EQ(test::entryCount(path), before);
}

TEST_F(ControllerTest, OutOfStockIsAnError) {
  ASSERT_TRUE(db::Catalog(*db).moveStock("SCHOOLBAG", -test::product(*db, "SCHOOLBAG").stock,
                                         "adjust", std::nullopt, db::nowMs(), "test"));
  const auto who = test::pick(*db, Pick::MostPoints);
  scan(who.card);  // the barcode answer carries the fresh stock
  scan(test::product(*db, "SCHOOLBAG").barcode);
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::OutOfStock);
  EXPECT_EQ(s().error->subject, "书包");
}

TEST_F(ControllerTest, WelfareGoodsNeedTheThreshold) {
  const auto who = test::pick(*db, Pick::LowestScore);
  ASSERT_LT(who.score, 1005);
  scan(who.card);
  EXPECT_FALSE(s().villager->welfare);
  apply(intent::OpenSupermarket{});
  apply(intent::AddToCart{"MOONCAKE-GIFT"});
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::NotEligible);
}

TEST_F(ControllerTest, ScanningAProductAddsItAndShowsItsShelf) {
  const auto who = test::pick(*db, Pick::MostPoints);
  scan(who.card);
  const auto rice = test::product(*db, "RICE-5KG");
  scan(rice.barcode);
  ASSERT_EQ(s().screen, ScreenId::Supermarket);
  EXPECT_EQ(s().cart.quantityOf("RICE-5KG"), 1);
  EXPECT_EQ(s().categories[static_cast<std::size_t>(s().category)], "粮油");
  EXPECT_NE(s().notice.find("大米5kg"), std::string::npos);
  // The per-order limit (2 for rice) is a notice, not an error screen.
  scan(rice.barcode);
  scan(rice.barcode);
  EXPECT_EQ(s().cart.quantityOf("RICE-5KG"), 2);
  EXPECT_EQ(s().screen, ScreenId::Supermarket);
}

TEST_F(ControllerTest, AProductBeforeACardAsksForTheCard) {
  scan(test::product(*db, "SOAP").barcode);
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::CardFirst);
}

TEST_F(ControllerTest, IdleWarnsAt45AndDropsTheCartAt60) {
  const auto before = test::entryCount(path);
  scan(test::pick(*db, Pick::MostPoints).card);
  apply(intent::OpenSupermarket{});
  apply(intent::AddToCart{"SOAP"});
  c.tick(t + 5s);  // the "added" notice has gone
  ASSERT_TRUE(c.nextDeadline());
  EXPECT_EQ(*c.nextDeadline(), t + 45s);
  c.tick(t + 44s);
  EXPECT_FALSE(s().idle_warning);
  c.tick(t + 45s);
  EXPECT_TRUE(s().idle_warning);
  EXPECT_EQ(s().idle_seconds_left, 15);
  c.tick(t + 60s);
  EXPECT_EQ(s().screen, ScreenId::Attract);
  EXPECT_FALSE(s().villager);
  EXPECT_TRUE(s().cart.empty());
  EXPECT_EQ(test::entryCount(path), before);
}

TEST_F(ControllerTest, ATapResetsTheIdleClock) {
  scan(test::pick(*db, Pick::MostPoints).card);
  c.tick(t + 50s);
  ASSERT_TRUE(s().idle_warning);
  c.apply(intent::StillHere{}, t + 50s);
  EXPECT_FALSE(s().idle_warning);
  c.tick(t + 61s);
  EXPECT_EQ(s().screen, ScreenId::Home);
}

TEST_F(ControllerTest, IdleNeverInterruptsARedemptionInFlight) {
  scan(test::pick(*db, Pick::MostPoints).card);
  apply(intent::AddToCart{"SOAP"});
  c.apply(intent::ConfirmRedeem{}, t);
  auto requests = c.takeRequests();
  ASSERT_EQ(requests.size(), 1u);
  c.tick(t + 90s);
  EXPECT_TRUE(s().redeeming);
  c.onResponse(data->handle(requests.front()), t + 90s);
  EXPECT_EQ(s().screen, ScreenId::Receipt);
}

TEST_F(ControllerTest, AnUnpluggedReaderReplacesAttract) {
  c.onReader(false, "ffff:0035", t);
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::ReaderUnplugged);
  apply(intent::DismissError{});  // no way around it but the reader
  EXPECT_EQ(s().screen, ScreenId::Error);
  c.onReader(true, "ffff:0035", t);
  EXPECT_EQ(s().screen, ScreenId::Attract);
}

TEST_F(ControllerTest, AMissingLedgerIsOutOfServiceNotACrash) {
  Controller lost(core::Settings{}, "kiosk-test");
  KioskData nowhere(dir.file("missing.db"), core::Settings{}, "kiosk-test");
  lost.start(t);
  for (auto& r : lost.takeRequests()) lost.onResponse(nowhere.handle(r), t);
  ASSERT_EQ(lost.state().screen, ScreenId::Error);
  EXPECT_EQ(lost.state().error->kind, ErrorKind::DatabaseUnavailable);
  EXPECT_FALSE(lost.state().db_available);
  // It retries on its own and comes back when the ledger does.
  ASSERT_TRUE(lost.nextDeadline());
  std::filesystem::copy_file(path, dir.file("missing.db"));
  lost.tick(*lost.nextDeadline());
  KioskData found(dir.file("missing.db"), core::Settings{}, "kiosk-test");
  for (auto& r : lost.takeRequests()) lost.onResponse(found.handle(r), t);
  for (auto& r : lost.takeRequests()) lost.onResponse(found.handle(r), t);
  EXPECT_TRUE(lost.state().db_available);
  EXPECT_EQ(lost.state().screen, ScreenId::Attract);
}

TEST_F(ControllerTest, EnglishForOneSessionThenChineseAgain) {
  apply(intent::ToggleLanguage{});
  EXPECT_EQ(s().lang, Lang::En);
  scan(test::pick(*db, Pick::MostPoints).card);
  EXPECT_EQ(s().lang, Lang::En);  // chosen before the scan: kept for the session
  apply(intent::EndSession{});
  EXPECT_EQ(s().lang, Lang::Zh);
}

TEST_F(ControllerTest, ARejectedScanSaysSoInPlainWords) {
  scan("12345670123");
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::Unreadable);
}

// A kiosk synced with an office: its file's own entries are not what a villager may spend;
// the office's last figures plus this kiosk's pending entries are (KioskJournal::standing).
class SyncedControllerTest : public ControllerTest {
 protected:
  static constexpr int kOfficePoints = 35;
  static constexpr int kOfficeScore = 1010;

  void SetUp() override {
    ControllerTest::SetUp();
    who = test::pick(*db, Pick::MostPoints);
    ASSERT_GT(who.points, 100);  // far more in the file's own sum than the office says
    // The office's last pull: this villager's figures.
    db::Ledger ledger(*db, core::Settings{});
    db::KioskJournal journal(ledger, "kiosk-test");
    db::PullPage page;
    page.next = {1, 1};
    page.balances = {db::Balance{who.id, kOfficeScore, kOfficePoints, 0}};
    ASSERT_TRUE(journal.applyPull(page).ok());
  }
  void startSynced(core::Settings settings, bool office_reachable) {
    data = std::make_unique<KioskData>(path, settings, "kiosk-test",
                                       SyncMode{[office_reachable] { return office_reachable; }});
    c = Controller{settings, "kiosk-test"};
    c.start(t);
    run();
  }
  db::Standing standing() {
    db::Ledger ledger(*db, core::Settings{});
    return db::KioskJournal(ledger, "kiosk-test").standing(who.id);
  }
  std::int64_t pending() {
    db::Ledger ledger(*db, core::Settings{});
    return db::KioskJournal(ledger, "kiosk-test").pendingCount();
  }

  test::Someone who;
};

TEST_F(SyncedControllerTest, WhatAVillagerMaySpendIsTheOfficesFigurePlusPendingEntries) {
  startSynced(core::Settings{}, true);
  ASSERT_EQ(test::product(*db, "TOWEL").price_points, 10);
  scan(who.card);
  ASSERT_EQ(s().screen, ScreenId::Home);
  EXPECT_EQ(s().villager->points, kOfficePoints);
  EXPECT_EQ(s().villager->score, kOfficeScore);
  apply(intent::OpenSupermarket{});
  for (int i = 0; i < 3; ++i) apply(intent::AddToCart{"TOWEL"});
  EXPECT_EQ(s().cart.quantityOf("TOWEL"), 3);
  apply(intent::AddToCart{"TOWEL"});  // 40 > 35, though the file's own sum is far larger
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::NotEnoughPoints);
  EXPECT_EQ(s().error->available, kOfficePoints - 30);
  apply(intent::DismissError{});
  apply(intent::ConfirmRedeem{});
  ASSERT_EQ(s().screen, ScreenId::Receipt);
  EXPECT_EQ(s().receipt->balance_after, kOfficePoints - 30);
  EXPECT_EQ(s().villager->points, kOfficePoints - 30);
  EXPECT_EQ(standing().points, kOfficePoints - 30);  // office 35 + pending −30
  EXPECT_EQ(pending(), 1);
  const auto entries = entriesOf(who.id);
  EXPECT_EQ(entries.front().kiosk_id, "kiosk-test");
  EXPECT_EQ(entries.front().kiosk_seq, 1);

  // The office has counted the redemption and credited 100 more: 35 − 30 + 100.
  db::Ledger ledger(*db, core::Settings{});
  db::KioskJournal journal(ledger, "kiosk-test");
  ASSERT_TRUE(journal.setAcked(1).ok());
  db::PullPage page;
  page.next = {2, 1};
  page.kiosk_seq_included = 1;
  page.balances = {db::Balance{who.id, kOfficeScore, 105, 0}};
  ASSERT_TRUE(journal.applyPull(page).ok());
  apply(intent::FinishReceipt{});
  scan(who.card);
  EXPECT_EQ(s().villager->points, 105);
}

TEST_F(SyncedControllerTest, OfficeUnreachableARedemptionPastTheOfflineLimitWaits) {
  core::Settings settings;
  settings.offline_points_per_villager_per_day = 25;
  startSynced(settings, false);
  scan(who.card);
  apply(intent::OpenSupermarket{});
  for (int i = 0; i < 3; ++i) apply(intent::AddToCart{"TOWEL"});
  apply(intent::ConfirmRedeem{});  // 30 > 25
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::OfflineLimit);
  EXPECT_EQ(s().error->needed, 25);
  EXPECT_EQ(s().error->available, 25);
  EXPECT_EQ(pending(), 0);  // nothing recorded
  apply(intent::DismissError{});
  EXPECT_EQ(s().screen, ScreenId::Supermarket);
  apply(intent::RemoveFromCart{"TOWEL"});
  apply(intent::ConfirmRedeem{});  // 20 ≤ 25
  ASSERT_EQ(s().screen, ScreenId::Receipt);
  EXPECT_EQ(pending(), 1);
  apply(intent::FinishReceipt{});
  scan(who.card);
  apply(intent::OpenSupermarket{});
  apply(intent::AddToCart{"TOWEL"});
  apply(intent::ConfirmRedeem{});  // 20 + 10 > 25
  ASSERT_EQ(s().screen, ScreenId::Error);
  EXPECT_EQ(s().error->kind, ErrorKind::OfflineLimit);
  EXPECT_EQ(s().error->available, 5);
  EXPECT_EQ(pending(), 1);
}

// A new synced kiosk before its first whole pull: the FirstSync screen, and a card scanned
// meanwhile waits (it is not "unknown") and opens once the roster is there.
TEST_F(ControllerTest, BeforeTheRosterArrivesACardWaitsInsteadOfBeingUnknown) {
  const auto who = test::pick(*db, Pick::MostPoints);
  SyncView downloading;
  downloading.state = SyncState::Connecting;
  downloading.roster_ready = false;
  c.onSync(downloading, 0, t);
  run();
  EXPECT_EQ(s().screen, ScreenId::FirstSync);
  scan(who.card);
  run();
  EXPECT_EQ(s().screen, ScreenId::FirstSync);
  EXPECT_TRUE(s().scan_waiting);
  EXPECT_FALSE(s().villager.has_value());
  EXPECT_FALSE(s().error.has_value());

  downloading.failures = 2;
  downloading.roster_pages = 1;
  downloading.roster_villagers = 120;
  c.onSync(downloading, 1, t);
  run();
  EXPECT_EQ(s().screen, ScreenId::FirstSync) << "a page arrived but not the last one";

  SyncView ready;
  ready.state = SyncState::Synced;
  c.onSync(ready, 2, t);
  run();
  EXPECT_FALSE(s().scan_waiting);
  ASSERT_EQ(s().screen, ScreenId::Home);
  ASSERT_TRUE(s().villager.has_value());
  EXPECT_EQ(s().villager->id, who.id);
}

TEST(KioskJournalRoster, ReceivedOnlyOnceAPullRanToItsLastPage) {
  rc::test::TempDir dir;
  db::Database d(dir.file("kiosk.db"));
  ASSERT_TRUE(db::migrate(d).ok());
  db::Ledger ledger(d, core::Settings{});
  db::KioskJournal journal(ledger, "kiosk-test");
  EXPECT_FALSE(journal.rosterReceived());
  db::PullPage page;
  page.next = {10, 20};
  page.more = true;
  ASSERT_TRUE(journal.applyPull(page).ok());
  EXPECT_FALSE(journal.rosterReceived()) << "the first page of several";
  page.next = {10, 40};
  ASSERT_TRUE(journal.applyPull(page).ok());
  EXPECT_FALSE(journal.rosterReceived());
  page.next = {10, 41};
  page.more = false;
  ASSERT_TRUE(journal.applyPull(page).ok());
  EXPECT_TRUE(journal.rosterReceived());
  page.more = true;  // a later pull of several pages does not take it back
  ASSERT_TRUE(journal.applyPull(page).ok());
  EXPECT_TRUE(journal.rosterReceived());

  // A file from before the flag was kept: a moved cursor means its first pull finished.
  db::Database old(dir.file("old.db"));
  ASSERT_TRUE(db::migrate(old).ok());
  db::Ledger old_ledger(old, core::Settings{});
  ASSERT_TRUE(old.exec("INSERT INTO sync_state (key, value) VALUES ('pull_changes', 7)").ok());
  EXPECT_TRUE(db::KioskJournal(old_ledger, "kiosk-test").rosterReceived());
}

}  // namespace
}  // namespace rc::kiosk
