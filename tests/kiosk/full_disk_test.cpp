// The kiosk on a disk that fills up, fails or turns read-only, through the fault VFS
// (support/fault_vfs.h) under a real KioskData and Controller on the demo village: every
// redemption is recorded whole or refused with "暂停服务" (nothing of it in the file), and the
// kiosk comes back by itself, on its own retry, once the disk can be written again.
//
// "Read-only" is the shim's: the tests run as root, which ignores file modes, so it opens the
// ledger read-only as SQLite does for a file it may not write, and fails writes on files already
// open as a file system remounted read-only does.
//
// RC_DISK_SEED sets the seed of the random rounds (printed, so a failure replays).

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <iostream>
#include <random>

#include "drivers/payload.h"
#include "kiosk/app/controller.h"
#include "kiosk/app/kiosk_data.h"
#include "kiosk_fixture.h"
#include "support/fault_vfs.h"

namespace rc::kiosk {
namespace {

using namespace std::chrono_literals;

class FullDiskTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path = test::villageCopy(dir);
    {
      db::Database d(path);
      who = test::pick(d, test::Pick::MostPoints);
    }
    redemptions = test::entryCountOfKind(path, "redemption");
    vfs = std::make_unique<rc::test::FaultVfs>();
    data = std::make_unique<KioskData>(path, core::Settings{}, "kiosk-disk");
    c.start(t);
    run();
    ASSERT_EQ(s().screen, ScreenId::Attract);
  }
  void TearDown() override {
    data.reset();  // its connections close before the shim goes
    vfs.reset();
  }

  void run() {
    for (;;) {
      auto requests = c.takeRequests();
      if (requests.empty()) return;
      for (auto& r : requests) c.onResponse(data->handle(r), t);
    }
  }
  void apply(Intent i) {
    c.apply(i, t);
    run();
  }
  // A villager's card, one bar of soap, confirm: true with a receipt.
  bool redeemSoap() {
    c.onScan(drivers::classify({who.card, drivers::ScanFault::None, "", {}},
                               drivers::ReaderRole::Any, {}),
             t);
    run();
    if (s().screen != ScreenId::Home) return false;
    apply(intent::OpenSupermarket{});
    apply(intent::AddToCart{"SOAP"});
    apply(intent::ConfirmRedeem{});
    if (s().screen != ScreenId::Receipt) return false;
    apply(intent::FinishReceipt{});
    return true;
  }
  bool outOfService() const {
    return s().screen == ScreenId::Error && s().error &&
           s().error->kind == ErrorKind::DatabaseUnavailable && !s().db_available;
  }
  // Time passes to the kiosk's own retry of the ledger.
  void retry() {
    t += kDbRetry + 1s;
    c.tick(t);
    run();
  }
  std::int64_t held() { return test::entryCountOfKind(path, "redemption"); }

  const AppState& s() const { return c.state(); }

  rc::test::TempDir dir;
  std::string path;
  test::Someone who;
  std::int64_t redemptions = 0;
  std::unique_ptr<rc::test::FaultVfs> vfs;
  std::unique_ptr<KioskData> data;
  Controller c{core::Settings{}, "kiosk-disk"};
  TimePoint t = std::chrono::steady_clock::now();
};

TEST_F(FullDiskTest, AFullDiskRefusesTheRedemptionWholeUntilThereIsRoom) {
  ASSERT_TRUE(redeemSoap());
  ++redemptions;
  vfs->failWritesFrom(1, SQLITE_FULL);
  EXPECT_FALSE(redeemSoap());
  EXPECT_TRUE(outOfService()) << "the kiosk shows 暂停服务";
  EXPECT_EQ(held(), redemptions) << "nothing of the refused redemption is in the file";
  // Still full at the retry: reading works, so the kiosk is back, and the next redemption is
  // refused whole again.
  retry();
  EXPECT_EQ(s().screen, ScreenId::Attract);
  EXPECT_FALSE(redeemSoap());
  EXPECT_TRUE(outOfService());
  EXPECT_EQ(held(), redemptions);
  // Room again: back by itself at its next retry, and redeeming.
  vfs->diskHasRoom();
  retry();
  EXPECT_EQ(s().screen, ScreenId::Attract);
  EXPECT_TRUE(s().db_available);
  ASSERT_TRUE(redeemSoap());
  ++redemptions;
  EXPECT_EQ(held(), redemptions);
  EXPECT_TRUE(test::verifies(path));
}

TEST_F(FullDiskTest, AReadOnlyLedgerIsOutOfServiceUntilItCanBeWrittenAgain) {
  vfs->setReadOnly(true);
  EXPECT_FALSE(redeemSoap());
  EXPECT_TRUE(outOfService());
  // Its retries open the file read-only, and a kiosk that cannot record is out of service.
  for (int i = 0; i < 3; ++i) {
    retry();
    EXPECT_TRUE(outOfService()) << "retry " << i;
  }
  EXPECT_EQ(held(), redemptions);
  vfs->setReadOnly(false);
  retry();
  EXPECT_EQ(s().screen, ScreenId::Attract);
  ASSERT_TRUE(redeemSoap());
  EXPECT_EQ(held(), redemptions + 1);
  EXPECT_TRUE(test::verifies(path));
}

// Full and failing disks at random writes: each redemption lands whole (a receipt, and then in
// the file) or not at all (暂停服务, and nothing in the file), and the kiosk always comes back.
TEST_F(FullDiskTest, RandomWriteFailuresNeverLeaveHalfARedemption) {
  std::uint64_t seed = 20261203;
  if (const char* v = std::getenv("RC_DISK_SEED")) seed = std::strtoull(v, nullptr, 10);
  std::cout << "[ disk     ] seed=" << seed << " (RC_DISK_SEED replays)\n";
  std::mt19937_64 rng(seed);
  int recorded = 0, refused = 0;
  for (int round = 0; round < 16; ++round) {
    const int code = rng() % 2 ? SQLITE_FULL : SQLITE_IOERR_WRITE;
    const auto nth = std::uniform_int_distribution<std::int64_t>(1, 64)(rng);
    vfs->failWritesFrom(nth, code);
    const bool ok = redeemSoap();
    if (ok) {
      ++recorded;
      ++redemptions;
    } else {
      ++refused;
      EXPECT_TRUE(outOfService()) << "round " << round << " seed " << seed;
    }
    vfs->diskHasRoom();
    EXPECT_EQ(held(), redemptions) << "round " << round << " seed " << seed;
    if (!ok) retry();
    EXPECT_EQ(s().screen, ScreenId::Attract) << "round " << round << " seed " << seed;
  }
  EXPECT_GT(refused, 0);
  EXPECT_GT(recorded, 0);
  std::cout << "[ disk     ] recorded=" << recorded << " refused=" << refused << "\n";
  ASSERT_TRUE(redeemSoap());
  EXPECT_EQ(held(), redemptions + 1);
  EXPECT_TRUE(test::verifies(path));
  db::Database d(path, db::OpenMode::ReadOnly);
  auto st = d.prepare("PRAGMA integrity_check");
  auto row = st.step();
  ASSERT_TRUE(row && *row);
  EXPECT_EQ(st.columnText(0), "ok");
}

}  // namespace
}  // namespace rc::kiosk
