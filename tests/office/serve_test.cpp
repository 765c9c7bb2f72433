// rc-office serve, enroll-kiosk, revoke-kiosk, kiosks and overdrafts as the office runs them:
// the real binary.
#include <gtest/gtest.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/run_process.h"
#include "support/temp_dir.h"

namespace rc::office {
namespace {

using nlohmann::json;

class OfficeServe : public ::testing::Test {
 protected:
  void SetUp() override {
    m_db = m_dir.file("village.db");
    const auto r = office({"--db", m_db, "init-demo", "--seed", "3", "--month", "2026-11"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }
  test::ProcessResult office(const std::vector<std::string>& args) {
    return test::runProcess(RC_OFFICE_BIN, args, m_dir.path().string());
  }
  test::TempDir m_dir;
  std::string m_db;
};

TEST_F(OfficeServe, EnrollKioskPrintsTheConfigLinesOnceAndRefusesTheSameNameTwice) {
  auto r = office({"--db", m_db, "--json", "enroll-kiosk", "supermarket"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j.at("kiosk_id"), "supermarket");
  EXPECT_EQ(j.at("kiosk_secret_key").get<std::string>().size(), 88u);  // 64 bytes, base64
  r = office({"--db", m_db, "enroll-kiosk", "supermarket"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("already enrolled"), std::string::npos) << r.err;
  r = office({"--db", m_db, "enroll-kiosk", "office"});
  EXPECT_EQ(r.exit_code, 2);
  r = office({"--db", m_db, "enroll-kiosk", "has space"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST_F(OfficeServe, RevokeKioskRefusesItFromNowOnAndKiosksListsIt) {
  auto r = office({"--db", m_db, "kiosks"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("No kiosk is enrolled"), std::string::npos) << r.out;
  ASSERT_EQ(office({"--db", m_db, "enroll-kiosk", "supermarket"}).exit_code, 0);
  ASSERT_EQ(office({"--db", m_db, "enroll-kiosk", "laundry"}).exit_code, 0);
  r = office({"--db", m_db, "revoke-kiosk", "supermarket"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("is revoked"), std::string::npos) << r.out;
  r = office({"--db", m_db, "revoke-kiosk", "supermarket"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("already revoked"), std::string::npos) << r.err;
  r = office({"--db", m_db, "revoke-kiosk", "bakery"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no kiosk 'bakery'"), std::string::npos) << r.err;
  r = office({"--db", m_db, "enroll-kiosk", "supermarket"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("new name"), std::string::npos) << r.err;

  r = office({"--db", m_db, "--json", "kiosks"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  ASSERT_EQ(j.size(), 2u);
  EXPECT_EQ(j[0].at("kiosk_id"), "laundry");
  EXPECT_TRUE(j[0].at("revoked_at_ms").is_null());
  EXPECT_EQ(j[1].at("kiosk_id"), "supermarket");
  EXPECT_TRUE(j[1].at("revoked_at_ms").is_number());
  EXPECT_EQ(j[1].at("entries_held"), 0);
  r = office({"--db", m_db, "kiosks"});
  EXPECT_NE(r.out.find("REVOKED"), std::string::npos) << r.out;
}

TEST_F(OfficeServe, OverdraftsOnAFreshLedgerSaysThereIsNothingToReconcile) {
  const auto r = office({"--db", m_db, "overdrafts"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("Nothing to reconcile"), std::string::npos);
  const auto j = office({"--db", m_db, "--json", "overdrafts"});
  EXPECT_EQ(json::parse(j.out), json::array());
}

TEST_F(OfficeServe, ServeListensAndStopsCleanlyOnSigterm) {
  const std::string out_path = m_dir.file("serve.out");
  const std::string err_path = m_dir.file("serve.err");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> args = {RC_OFFICE_BIN, "--db", m_db, "serve", "--listen", "127.0.0.1:0"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(posix_spawn(&pid, RC_OFFICE_BIN, &fa, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&fa);
  std::string line;
  for (int i = 0; i < 500 && line.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    std::ifstream in(out_path);
    std::getline(in, line);
  }
  EXPECT_EQ(line.rfind("listening on http://127.0.0.1:", 0), 0u) << line;
  ASSERT_EQ(kill(pid, SIGTERM), 0);
  int status = 0;
  for (int i = 0; i < 500; ++i) {
    if (waitpid(pid, &status, WNOHANG) == pid) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (i == 499) {
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      FAIL() << "serve did not stop on SIGTERM";
    }
  }
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  EXPECT_NE(test::slurp(err_path).find("stopped"), std::string::npos);
  // The ledger is whole after the stop.
  EXPECT_EQ(office({"--db", m_db, "verify"}).exit_code, 0);
}

TEST_F(OfficeServe, ServeRefusesAMalformedListenAddress) {
  const auto r = office({"--db", m_db, "serve", "--listen", "localhost"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("HOST:PORT"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace rc::office
