// rc-office backup and restore as the office runs them: the real binary, a backup taken while
// a real `rc-office serve` takes a kiosk's pushes, a damaged backup refused by restore, a
// restore refused while serve runs and the replaced ledger kept aside.
#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "db/backup.h"
#include "db/ledger.h"
#include "db/sqlite.h"
#include "support/run_process.h"
#include "support/serve_process.h"
#include "support/temp_dir.h"
#include "sync/client.h"

namespace rc::office {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::int64_t intOf(const std::string& db_path, const std::string& sql) {
  db::Database d(db_path, db::OpenMode::ReadOnly);
  auto st = d.prepare(sql);
  auto row = st.step();
  return row && *row ? st.columnInt(0) : -1;
}

class BackupCli : public ::testing::Test {
 protected:
  void SetUp() override {
    m_db = m_dir.file("office.db");
    const auto r = office({"--db", m_db, "init-demo", "--seed", "3", "--month", "2026-11"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    m_backups = m_dir.file("backups");
  }
  test::ProcessResult office(const std::vector<std::string>& args) {
    return test::runProcess(RC_OFFICE_BIN, args, m_dir.path().string());
  }
  // A backup through the CLI; its path (the test fails when it fails).
  std::string backup() {
    const auto r = office({"--db", m_db, "--json", "backup", "--to", m_backups});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    if (r.exit_code != 0) return {};
    const auto j = json::parse(r.out);
    EXPECT_TRUE(j.at("verified").get<bool>());
    return j.at("backup").get<std::string>();
  }

  test::TempDir m_dir;
  std::string m_db;
  std::string m_backups;
};

TEST_F(BackupCli, ABackupTakenWhileServeTakesAKiosksPushesVerifies) {
  auto r = office({"--db", m_db, "--json", "enroll-kiosk", "supermarket"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto enrolled = json::parse(r.out);
  std::vector<std::string> lines;
  const pid_t pid = test::startServe(RC_OFFICE_BIN, m_db, m_dir.path().string(), lines, 1);
  ASSERT_GT(pid, 0);
  ASSERT_EQ(lines.size(), 1u) << test::slurp(m_dir.file("serve.err"));
  const auto port = lines[0].substr(lines[0].rfind(':') + 1);

  sync::SyncConfig cfg;
  cfg.office_url = "https://127.0.0.1:" + port;
  cfg.office_cert_sha256 = enrolled.at("office_cert_sha256").get<std::string>();
  cfg.identity.kiosk_id = "supermarket";
  const auto secret = sync::fromBase64(enrolled.at("kiosk_secret_key").get<std::string>());
  ASSERT_TRUE(secret && secret->size() == cfg.identity.secret_key.size());
  std::memcpy(cfg.identity.secret_key.data(), secret->data(), secret->size());
  cfg.db_path = m_dir.file("kiosk.db");
  cfg.connect_timeout = std::chrono::milliseconds(1000);
  cfg.read_timeout = std::chrono::milliseconds(5000);
  sync::SyncClient client(cfg);
  ASSERT_TRUE(client.round().ok());  // the first pull: roster, catalog, figures

  // The cheapest product with stock for every sale, and villagers with points for it, from
  // what the kiosk pulled.
  db::Database kdb(cfg.db_path);
  db::Ledger kledger(kdb, cfg.settings);
  db::KioskJournal journal(kledger, "supermarket");
  auto pick = kdb.prepare(
      "SELECT p.sku, b.villager_id FROM products p, office_balances b WHERE p.stock >= 40 "
      "AND p.price_points = (SELECT min(price_points) FROM products WHERE stock >= 40 AND price_points > 0) "
      "AND b.points >= p.price_points ORDER BY b.villager_id LIMIT 40");
  std::string sku;
  std::vector<core::VillagerId> villagers;
  for (auto row = pick.step(); row && *row; row = pick.step()) {
    sku = pick.columnText(0);
    villagers.push_back(pick.columnInt(1));
  }
  ASSERT_EQ(villagers.size(), 40u) << "not enough villagers with points for anything in stock";

  // The kiosk sells and pushes, one redemption a round, until the backups are taken.
  std::atomic<bool> stop{false};
  std::atomic<int> pushed{0};
  std::atomic<int> failures{0};
  std::thread kiosk([&] {
    for (int i = 0; i < 40 && !stop; ++i) {
      db::RedemptionDraft d;
      d.villager_id = villagers[static_cast<std::size_t>(i)];
      d.lines = {{sku, 1}};
      d.reference = "receipt";
      if (!journal.redeem(d).ok()) ++failures;
      auto round = client.round();
      if (!round.ok()) ++failures;
      else pushed += static_cast<int>(round->pushed);
    }
  });
  while (pushed < 3 && failures == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const int pushed_before = pushed;
  std::string path;
  for (int i = 0; i < 2; ++i) path = backup();  // the same day: the second replaces the first
  const int pushed_after = pushed;
  stop = true;
  kiosk.join();
  EXPECT_EQ(failures, 0);
  EXPECT_GT(pushed_after, pushed_before) << "the kiosk pushed nothing while the backups ran";
  EXPECT_EQ(test::stopServe(pid), 0);
  ASSERT_FALSE(path.empty());

  // The backup holds what the office held at some moment of the pushes, each entry whole, and
  // verifies (one push may have been committed by the office and not yet answered: one entry
  // a round); the office holds every push.
  EXPECT_EQ(fs::path(path).parent_path(), fs::path(m_backups));
  // The ledger's one backup of the day, and the TLS key and certificate serve made, 0600.
  EXPECT_EQ(std::distance(fs::directory_iterator(m_backups), fs::directory_iterator()), 3);
  for (const char* key : {"office.db.tls-key.pem", "office.db.tls-cert.pem"}) {
    const auto copy = (fs::path(m_backups) / key).string();
    EXPECT_EQ(test::slurp(copy), test::slurp(m_dir.file(key))) << key;
    EXPECT_EQ(fs::status(copy).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  }
  const auto held = intOf(path, "SELECT count(*) FROM entries WHERE kiosk_id = 'supermarket'");
  EXPECT_GE(held, pushed_before);
  EXPECT_LE(held, pushed_after + 1);
  EXPECT_EQ(intOf(m_db, "SELECT count(*) FROM entries WHERE kiosk_id = 'supermarket'"), pushed.load());
  EXPECT_EQ(db::ledgerFileProblem(path, cfg.settings), std::nullopt);
  r = office({"--db", path, "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
}

TEST_F(BackupCli, RestoreRefusesADamagedBackupAndChangesNothing) {
  const std::string path = backup();
  ASSERT_FALSE(path.empty());
  const auto size = fs::file_size(path);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(size / 3));
    const std::string junk(16384, '\x33');
    f.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  const auto entries = intOf(m_db, "SELECT count(*) FROM entries");
  const auto r = office({"--db", m_db, "restore", path, "--force"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("cannot be restored"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("Nothing was changed"), std::string::npos) << r.err;
  EXPECT_EQ(intOf(m_db, "SELECT count(*) FROM entries"), entries);
  for (const auto& e : fs::directory_iterator(m_dir.path())) {
    EXPECT_EQ(e.path().filename().string().find("before-restore"), std::string::npos) << e.path();
    EXPECT_EQ(e.path().filename().string().find("restoring"), std::string::npos) << e.path();
  }
  EXPECT_EQ(office({"--db", m_db, "verify"}).exit_code, 0);
}

TEST_F(BackupCli, RestoreWaitsForServeToStopAndKeepsTheReplacedLedgerAside) {
  const std::string path = backup();
  ASSERT_FALSE(path.empty());
  const auto at_backup = intOf(m_db, "SELECT count(*) FROM entries");
  // Written after the backup: what a restore would lose, so it is kept aside.
  ASSERT_EQ(office({"--db", m_db, "fund", "deposit", "1000", "--note", "after the backup"}).exit_code, 0);

  std::vector<std::string> lines;
  const pid_t pid = test::startServe(RC_OFFICE_BIN, m_db, m_dir.path().string(), lines, 1);
  ASSERT_EQ(lines.size(), 1u) << test::slurp(m_dir.file("serve.err"));
  auto r = office({"--db", m_db, "restore", path, "--force"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("systemctl stop red-credit-office"), std::string::npos) << r.err;
  // A second server on the same ledger is refused too.
  r = office({"--db", m_db, "serve", "--listen", "127.0.0.1:0"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("is using"), std::string::npos) << r.err;
  EXPECT_EQ(test::stopServe(pid), 0);

  r = office({"--db", m_db, "restore", path});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos) << r.err;

  r = office({"--db", m_db, "--json", "restore", path, "--force"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  const auto aside = j.at("previous").get<std::string>();
  EXPECT_EQ(intOf(m_db, "SELECT count(*) FROM entries"), at_backup);
  EXPECT_EQ(intOf(aside, "SELECT count(*) FROM fund_movements WHERE note = 'after the backup'"), 1);
  EXPECT_EQ(db::ledgerFileProblem(aside, {}), std::nullopt);
  EXPECT_EQ(office({"--db", m_db, "verify"}).exit_code, 0);
  EXPECT_EQ(fs::status(m_db).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(BackupCli, FailuresArePlainAndNonZero) {
  std::ofstream(m_dir.file("afile")) << "x";
  auto r = office({"--db", m_db, "backup", "--to", m_dir.file("afile") + "/backups"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("backup failed"), std::string::npos) << r.err;
  r = office({"--db", m_db, "backup"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--to DIR"), std::string::npos) << r.err;
  r = office({"--db", m_dir.file("missing.db"), "backup", "--to", m_backups});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no ledger at"), std::string::npos) << r.err;
  r = office({"--db", m_db, "restore", m_dir.file("missing-backup.db")});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no backup file"), std::string::npos) << r.err;
  r = office({"--help"});
  EXPECT_NE(r.out.find("backup --to DIR"), std::string::npos);
  EXPECT_NE(r.out.find("restore FILE [--force]"), std::string::npos);
}

}  // namespace
}  // namespace rc::office
