// The kiosk synced with a real office: rc-kiosk --headless with its own fresh ledger file and
// the config lines `rc-office enroll-kiosk` prints, against an office server running in this
// test process on 127.0.0.1 (HTTPS, its certificate pinned by the kiosk) over a copy of the
// demo village. Redemptions reach the office and the status bar says so; with the office down
// the kiosk keeps working up to the offline limit, then shows the offline-limit screen; with
// another certificate at the office's address it sends nothing and says that instead.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "db/entry_reasons.h"
#include "db/kiosk_journal.h"
#include "db/office_sync.h"
#include "db/reports.h"
#include "kiosk/ui/layout.h"
#include "kiosk_fixture.h"
#include "office/server.h"
#include "support/run_process.h"
#include "sync/protocol.h"
#include "sync/tls.h"

namespace rc::kiosk {
namespace {

using test::Pick;

const std::string kShots = RC_KIOSK_SHOTS_DIR;
constexpr const char* kKioskId = "supermarket";

class SyncedKiosk : public ::testing::Test {
 protected:
  void SetUp() override {
    office_path = test::villageCopy(dir, "office.db");
    office = std::make_unique<db::Database>(office_path);
    ledger = std::make_unique<db::Ledger>(*office, core::Settings{});
    const auto keys = sync::newKeyPair();
    ASSERT_TRUE(db::OfficeSync(*ledger).enrollKiosk(kKioskId, keys.public_key, db::nowMs()).ok());
    secret = sync::toBase64(keys.secret_key);
    kiosk_path = dir.file("kiosk-supermarket.db");
    startOffice();
  }
  void TearDown() override { stopOffice(); }

  // `tls_files` empty: the office's own key and certificate beside its ledger; else another
  // pair at the same address, as an impostor on the LAN would have.
  void startOffice(const sync::tls::OfficeCertificateFiles& tls_files = {}, int on_port = 0) {
    office::ServerOptions o;
    o.port = on_port;
    o.db_path = office_path;
    o.log = &office_log;
    o.tls_key_path = tls_files.key_path;
    o.tls_cert_path = tls_files.cert_path;
    server = std::make_unique<office::OfficeServer>(o, core::Settings{});
    if (tls_files.cert_path.empty()) office_sha256 = server->certificateSha256();
    const auto bound = server->bind();
    ASSERT_TRUE(bound.ok());
    port = *bound;
    server_thread = std::thread([this] { server->run(); });
    for (int i = 0; i < 2000 && !server->running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_TRUE(server->running());
  }
  void stopOffice() {
    if (server) server->stop();
    if (server_thread.joinable()) server_thread.join();
    server.reset();
  }

  // The kiosk's config, as enroll-kiosk prints it with the office's address filled in,
  // private to the kiosk's user.
  std::string writeConfig(mode_t mode = 0600) {
    const std::string path = dir.file("kiosk.conf");
    std::ofstream(path) << "# from rc-office enroll-kiosk supermarket\n"
                        << "  kiosk_id = " << kKioskId << "\n"
                        << "  kiosk_secret_key = " << secret << "\n"
                        << "  office_cert_sha256 = " << office_sha256 << "\n"
                        << "  office_url = https://127.0.0.1:" << port << "\n";
    EXPECT_EQ(::chmod(path.c_str(), mode), 0);
    return path;
  }

  rc::test::ProcessResult kiosk(const std::string& script, const std::string& shots,
                                std::vector<std::string> extra = {}) {
    const std::string file = dir.file("session.txt");
    std::ofstream(file) << script;
    std::vector<std::string> args{"--headless", "--db",         kiosk_path,
                                  "--script",   file,           "--kiosk-config",
                                  writeConfig()};
    if (!shots.empty()) {
      args.push_back("--shots");
      args.push_back(kShots + "/" + shots);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return rc::test::runProcess(RC_KIOSK_BIN, args, dir.path().string());
  }

  std::vector<db::Entry> officeEntriesOf(core::VillagerId id) {
    return ledger->recentEntries(id, 50);
  }
  std::int64_t kioskPending() {
    db::Database d(kiosk_path);
    db::Ledger l(d, core::Settings{});
    return db::KioskJournal(l, kKioskId).pendingCount();
  }

  rc::test::TempDir dir;
  std::string office_path, kiosk_path, secret;
  std::string office_sha256;  // the certificate the kiosk is enrolled with
  std::unique_ptr<db::Database> office;
  std::unique_ptr<db::Ledger> ledger;
  std::ostringstream office_log;  // written by the server's threads under its own lock
  std::unique_ptr<office::OfficeServer> server;
  std::thread server_thread;
  int port = 0;
};

TEST_F(SyncedKiosk, ARedemptionReachesTheOfficeAndTheStatusBarSaysSynced) {
  const auto who = test::pick(*office, Pick::MostPoints);
  const auto towel = test::product(*office, "TOWEL");
  const auto boards = db::kioskBoards(*office, core::Settings{});
  ASSERT_FALSE(boards.commended.empty());
  const auto before = officeEntriesOf(who.id).size();
  // Home says why the figures moved, in the office's words, though the kiosk's file holds none
  // of those entries (pulled history).
  std::string why;
  db::EntryReasons reasons(*office);
  for (const auto& e : officeEntriesOf(who.id)) {
    if (auto r = reasons.of(e); !r.what.empty()) {
      why = r.what;
      break;
    }
  }
  ASSERT_FALSE(why.empty());
  const auto r = kiosk(
      "sync wait synced\n"
      "expect text 已同步\n"
      // The office's boards on the Attract screen, though the kiosk's file has no history.
      "expect text " + boards.commended.front().name + "\n"
      "screenshot attract-synced\n"
      "scan " + who.card + "\n"
      "expect screen home\n"
      "expect text " + std::to_string(who.points) + "\n"
      "expect text " + why + "\n"
      "screenshot home-synced\n"
      "tap home.supermarket\n"
      "tap market.add.TOWEL\n"
      "tap cart.confirm\n"
      "expect screen receipt\n"
      "expect text 还剩 " + std::to_string(who.points - towel.price_points) + " 积分\n"
      "sync wait synced\n"
      "expect text 已同步\n"
      "screenshot receipt-synced\n",
      "synced");
  ASSERT_EQ(r.exit_code, 0) << r.err << office_log.str();
  EXPECT_EQ(r.err.find(secret), std::string::npos) << "the secret key must never be logged";
  EXPECT_EQ(office_log.str().find(secret), std::string::npos);

  const auto entries = officeEntriesOf(who.id);
  ASSERT_EQ(entries.size(), before + 1);
  EXPECT_EQ(entries.front().kind, core::EntryKind::Redemption);
  EXPECT_EQ(entries.front().kiosk_id, kKioskId);
  EXPECT_EQ(entries.front().kiosk_seq, 1);
  EXPECT_EQ(entries.front().points_delta, -towel.price_points);
  EXPECT_EQ(ledger->balance(who.id)->points, who.points - towel.price_points);
  EXPECT_EQ(kioskPending(), 0);
  EXPECT_TRUE(ledger->verify().ok);
  struct stat st {};
  ASSERT_EQ(::stat(kiosk_path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 07777, 0600u) << "the kiosk's ledger is private to its user";
  for (const char* shot : {"attract-synced", "receipt-synced"}) {
    EXPECT_TRUE(std::filesystem::exists(kShots + "/synced/" + shot + ".png")) << shot;
  }
}

TEST_F(SyncedKiosk, OfficeDownTheKioskWorksOfflineUpToTheLimitThenSaysWhatToDo) {
  const auto who = test::pick(*office, Pick::MostPoints);
  ASSERT_EQ(test::product(*office, "TOWEL").price_points, 10);
  // First start with the office up: the kiosk's file is filled from the office.
  auto r = kiosk("sync wait synced\n", "");
  ASSERT_EQ(r.exit_code, 0) << r.err;

  stopOffice();
  const auto office_entries = ledger->entryCount();
  const std::string conf = dir.file("red_credit.conf");
  std::ofstream(conf) << "offline_points_per_villager_per_day = 25\n";
  const std::string layout_path = dir.file("layout.json");
  r = kiosk(
      "sync wait offline\n"
      "expect text 网络断开，离线工作中\n"
      "screenshot attract-offline\n"
      "scan " + who.card + "\n"
      "expect text " + std::to_string(who.points) + "\n"
      "tap home.supermarket\n"
      "tap market.add.TOWEL\n"
      "tap market.add.TOWEL\n"
      "tap cart.confirm\n"
      "expect screen receipt\n"
      "expect text 待同步 1 笔\n"
      "screenshot receipt-offline\n"
      "tap receipt.done\n"
      // 20 of 25 spent offline today: one more towel is too many.
      "scan " + who.card + "\n"
      "expect text " + std::to_string(who.points - 20) + "\n"
      "tap home.supermarket\n"
      "tap market.add.TOWEL\n"
      "tap cart.confirm\n"
      "expect screen error:offline-limit\n"
      "expect text 今天离线兑换已达上限\n"
      "expect text 最多兑换 25 积分，您今天还可以兑换 5 积分\n"
      "expect text 村委办公室\n"
      "screenshot offline-limit\n"
      "tap status.lang\n"
      "expect text Offline limit reached for today\n"
      "screenshot offline-limit-en\n"
      "tap status.lang\n"
      "tap error.back\n"
      "expect screen supermarket\n",
      "offline", {"--config", conf, "--dump-layout", layout_path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(ledger->entryCount(), office_entries);
  EXPECT_EQ(kioskPending(), 1);
  for (const char* shot : {"attract-offline", "receipt-offline", "offline-limit", "offline-limit-en"}) {
    EXPECT_TRUE(std::filesystem::exists(kShots + "/offline/" + shot + ".png")) << shot;
  }

  // The offline screens pass the same audit as the tour's: targets, text size, contrast.
  std::ifstream in(layout_path);
  const auto layout = nlohmann::json::parse(in);
  bool limit_screen = false;
  for (const auto& s : layout) {
    limit_screen = limit_screen || s["screen"] == "error:offline-limit";
    for (const auto& e : s["elements"]) {
      const auto& rect = e["rect"];
      if (e["tappable"].get<bool>()) {
        EXPECT_GE(rect[2].get<double>(), 80.0) << s["screen"] << " " << e["id"];
        EXPECT_GE(rect[3].get<double>(), 80.0) << s["screen"] << " " << e["id"];
      }
      if (e["text"].get<std::string>().empty() || e["inert"].get<bool>()) continue;
      EXPECT_GE(e["font_px"].get<double>(), 32.0) << s["screen"] << " " << e["id"];
      const auto rgb = [](const nlohmann::json& hex) {
        return static_cast<std::uint32_t>(std::stoul(hex.get<std::string>().substr(1), nullptr, 16));
      };
      EXPECT_GE(ui::contrastRatio(rgb(e["text_color"]), rgb(e["bg_color"])), 7.0)
          << s["screen"] << " " << e["id"];
    }
  }
  EXPECT_TRUE(limit_screen);

  // The office is back (on a new port): the offline redemption reaches it, once.
  startOffice();
  r = kiosk("sync wait synced\nexpect text 已同步\n", "",
            {"--office-url", "https://127.0.0.1:" + std::to_string(port)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(kioskPending(), 0);
  const auto entries = officeEntriesOf(who.id);
  ASSERT_FALSE(entries.empty());
  EXPECT_EQ(entries.front().kiosk_id, kKioskId);
  EXPECT_EQ(entries.front().points_delta, -20);
  EXPECT_EQ(ledger->entryCount(), office_entries + 1);
  EXPECT_EQ(ledger->balance(who.id)->points, who.points - 20);
  EXPECT_TRUE(ledger->verify().ok);
}

TEST_F(SyncedKiosk, AFirstStartShowsTheRosterDownloadAndACardScannedMeanwhileWaitsForIt) {
  // The office is not up when the new kiosk starts: no roster in its file yet.
  const auto who = test::pick(*office, Pick::MostPoints);
  const int office_port = port;
  stopOffice();
  const std::string held_shot = kShots + "/first-sync/first-sync-held.png";
  std::filesystem::remove(held_shot);
  // Once the kiosk has shown the card waiting, the office comes up on its address.
  std::thread office_comes_up([&] {
    for (int i = 0; i < 600 && !std::filesystem::exists(held_shot); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    startOffice({}, office_port);
  });
  const auto r = kiosk(
      "expect screen first-sync\n"
      "expect text 正在从村委会下载名单\n"
      "sync wait offline\n"
      "expect screen first-sync\n"
      "expect text 还没连上村委会，正在重试\n"
      "expect no-text 这张卡没有登记\n"
      "scan " + who.card + "\n"
      "expect screen first-sync\n"
      "expect no-text 这张卡没有登记\n"
      "expect text 已读到您的卡，名单下载好后马上为您打开\n"
      "tap status.lang\n"
      "expect text Downloading the roster from the office\n"
      "expect text Your card was read\n"
      "screenshot first-sync-en\n"
      "tap status.lang\n"
      "screenshot first-sync-held\n"
      "sync wait synced\n"
      "expect screen home\n"
      "expect text " + who.name + "\n"
      "expect text " + std::to_string(who.points) + "\n",
      "first-sync");
  office_comes_up.join();
  ASSERT_EQ(r.exit_code, 0) << r.err << office_log.str();
  EXPECT_NE(r.err.find("first start: downloading the village's roster"), std::string::npos) << r.err;
  EXPECT_TRUE(std::filesystem::exists(held_shot));
  db::Database d(kiosk_path);
  db::Ledger l(d, core::Settings{});
  EXPECT_TRUE(db::KioskJournal(l, kKioskId).rosterReceived());
}

TEST_F(SyncedKiosk, AConfigThatCannotWorkIsRefusedAtStartWithoutShowingTheKey) {
  const std::string bad = dir.file("bad.conf");
  std::ofstream(bad) << "kiosk_id = supermarket\nkiosk_secret_key = " << secret
                     << "\noffice_cert_sha256 = " << office_sha256
                     << "\noffice_url = https://<this office's address>:<port given to serve --listen>\n";
  ASSERT_EQ(::chmod(bad.c_str(), 0600), 0);
  const auto r = rc::test::runProcess(
      RC_KIOSK_BIN, {"--headless", "--db", kiosk_path, "--tour", "--kiosk-config", bad},
      dir.path().string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("office_url must be https://HOST:PORT"), std::string::npos) << r.err;
  EXPECT_EQ(r.err.find(secret), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(kiosk_path));
}

TEST_F(SyncedKiosk, AConfigOthersMayReadIsRefusedWithOnePlainLine) {
  const std::string conf = writeConfig(0644);
  auto r = rc::test::runProcess(
      RC_KIOSK_BIN, {"--headless", "--db", kiosk_path, "--tour", "--kiosk-config", conf},
      dir.path().string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err, "rc-kiosk: " + conf + " holds the kiosk's secret key but group or others may "
                   "read or write it (mode 0644); make it private: chmod 600 " + conf + "\n");
  EXPECT_FALSE(std::filesystem::exists(kiosk_path));
}

// Someone else answers at the office's address (an impostor on the LAN, or the office
// reinstalled with a new certificate): the kiosk sends it nothing, keeps selling offline, and
// its status bar says the certificate is wrong, in both languages, instead of "network down".
TEST_F(SyncedKiosk, AnotherCertificateAtTheOfficeGetsNothingAndTheStatusBarSaysSo) {
  const auto who = test::pick(*office, Pick::MostPoints);
  auto r = kiosk("sync wait synced\n", "");
  ASSERT_EQ(r.exit_code, 0) << r.err;

  stopOffice();
  startOffice(sync::tls::officeCertificateFiles(dir.file("impostor.db")));
  ASSERT_NE(server->certificateSha256(), office_sha256);
  const auto office_entries = ledger->entryCount();
  const std::string layout_path = dir.file("layout.json");
  r = kiosk(
      "sync wait offline\n"
      "expect text 村委会证书不符，已停止同步\n"
      "expect no-text 网络断开\n"
      "screenshot attract-wrong-certificate\n"
      "scan " + who.card + "\n"
      "tap home.supermarket\n"
      "tap market.add.TOWEL\n"
      "tap cart.confirm\n"
      "expect screen receipt\n"
      "sync wait offline\n"
      "expect text 村委会证书不符，已停止同步\n"
      "tap status.lang\n"
      "expect text Office certificate mismatch: no sync\n"
      "screenshot receipt-wrong-certificate-en\n",
      "wrong-certificate", {"--dump-layout", layout_path});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("the office's certificate does not match the one this kiosk was enrolled "
                       "with"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find(secret), std::string::npos);
  EXPECT_EQ(ledger->entryCount(), office_entries) << "nothing reached the impostor's ledger";
  EXPECT_EQ(db::OfficeSync(*ledger).heldSeq(kKioskId), 0);
  EXPECT_EQ(kioskPending(), 1);
  // The status bar's words pass the layout audit (text size and contrast) like every other.
  std::ifstream in(layout_path);
  const auto layout = nlohmann::json::parse(in);
  bool seen = false;
  for (const auto& s : layout) {
    for (const auto& e : s["elements"]) {
      if (e["id"] != "status.sync") continue;
      seen = true;
      EXPECT_GE(e["font_px"].get<double>(), 32.0);
    }
  }
  EXPECT_TRUE(seen);

  // The real office back: what waited reaches it, once.
  stopOffice();
  startOffice();
  r = kiosk("sync wait synced\nexpect text 已同步\n", "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(kioskPending(), 0);
  EXPECT_EQ(ledger->entryCount(), office_entries + 1);
}

// A kiosk file rolled back or edited after the office acknowledged it: at its next start the
// kiosk says 暂停服务 with a next step, logs why, serves nobody and sends nothing.
TEST_F(SyncedKiosk, AFileRolledBackOrEditedTakesTheKioskOutOfService) {
  const auto who = test::pick(*office, Pick::MostPoints);
  const std::string sell =
      "sync wait synced\n"
      "scan " + who.card + "\n"
      "tap home.supermarket\n"
      "tap market.add.TOWEL\n"
      "tap cart.confirm\n"
      "expect screen receipt\n"
      "sync wait synced\n";
  const std::string refused =
      "expect screen error:out-of-service\n"
      "expect text 暂停服务\n"
      "expect text 村委办公室\n"
      "scan " + who.card + "\n"
      "expect screen error:out-of-service\n";
  auto r = kiosk(sell + sell, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(kioskPending(), 0);
  const auto held = ledger->entryCount();
  const std::string backup = dir.file("kiosk-before-edit.db");
  {
    db::Database d(kiosk_path);
    ASSERT_TRUE(d.exec("VACUUM INTO '" + backup + "'").ok());
    // Rolled back in place: the newest entry gone (its append-only triggers dropped first).
    ASSERT_TRUE(d.exec("DROP TRIGGER entries_no_delete").ok());
    ASSERT_TRUE(d.exec("DROP TRIGGER stock_movements_no_delete").ok());
    ASSERT_TRUE(d.exec("DELETE FROM stock_movements WHERE entry_seq = 2").ok());
    ASSERT_TRUE(d.exec("DELETE FROM entries WHERE kiosk_seq = 2").ok());
  }
  r = kiosk(refused + "screenshot out-of-service\n", "trust");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("out of service"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("no longer holds entry 2"), std::string::npos) << r.err;
  EXPECT_EQ(ledger->entryCount(), held) << "nothing was sent";

  // A balance edited in an otherwise whole file.
  std::filesystem::copy_file(backup, kiosk_path, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::remove(kiosk_path + "-wal");
  std::filesystem::remove(kiosk_path + "-shm");
  {
    db::Database d(kiosk_path);
    ASSERT_TRUE(d.exec("UPDATE balances SET points = points + 500 WHERE villager_id = " +
                       std::to_string(who.id)).ok());
  }
  r = kiosk(refused, "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("does not verify"), std::string::npos) << r.err;
  EXPECT_EQ(ledger->entryCount(), held);
}

}  // namespace
}  // namespace rc::kiosk
