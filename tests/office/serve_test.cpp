// rc-office serve, enroll-kiosk, revoke-kiosk, kiosks and overdrafts as the office runs them:
// the real binary.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <thread>

#include "support/run_process.h"
#include "support/serve_process.h"
#include "support/temp_dir.h"
#include "sync/tls.h"

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

  // `rc-office serve` on an ephemeral port, in the background (support/serve_process.h).
  pid_t startServe(std::vector<std::string>& lines, std::size_t wanted) {
    return test::startServe(RC_OFFICE_BIN, m_db, m_dir.path().string(), lines, wanted);
  }
  static int stopServe(pid_t pid) { return test::stopServe(pid); }

  static unsigned modeOf(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return 0;
    return static_cast<unsigned>(st.st_mode & 07777);
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

// serve on a ledger that never had a certificate makes one, and says which.
TEST_F(OfficeServe, ServeListensOnHttpsAndStopsCleanlyOnSigterm) {
  std::vector<std::string> lines;
  const pid_t pid = startServe(lines, 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0].rfind("listening on https://127.0.0.1:", 0), 0u) << lines[0];
  EXPECT_EQ(stopServe(pid), 0) << "serve did not stop cleanly on SIGTERM";
  const auto log = test::slurp(m_dir.file("serve.err"));
  EXPECT_NE(log.find("stopped"), std::string::npos);
  EXPECT_NE(log.find("created the office's TLS key"), std::string::npos) << log;
  const auto files = sync::tls::officeCertificateFiles(m_db);
  EXPECT_EQ(modeOf(files.key_path), 0600u);
  const auto sha = sync::tls::sha256OfPem(test::slurp(files.cert_path));
  ASSERT_TRUE(sha.ok());
  EXPECT_EQ(lines[1], "office certificate SHA-256 " + *sha + " (every kiosk's office_cert_sha256)");
  // The ledger is whole after the stop.
  EXPECT_EQ(office({"--db", m_db, "verify"}).exit_code, 0);
}

// The fingerprint enroll-kiosk prints is the SHA-256 of the certificate serve then presents,
// and every file the office made is private to its user.
TEST_F(OfficeServe, EnrollKioskPrintsTheFingerprintOfTheCertificateServeUses) {
  auto r = office({"--db", m_db, "enroll-kiosk", "supermarket"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // (No std::regex: g++ 12's <regex> trips -Wmaybe-uninitialized in the sanitizer build.)
  const std::string tag = "\n  office_cert_sha256 = ";
  const auto at = r.out.find(tag);
  ASSERT_NE(at, std::string::npos) << r.out;
  const std::string printed = r.out.substr(at + tag.size(), 64);
  EXPECT_EQ(sync::tls::normalizeSha256(printed), printed) << "64 lower-case hex digits";
  EXPECT_EQ(r.out.substr(at + tag.size() + 64, 1), "\n");
  EXPECT_NE(r.out.find("  office_url = https://"), std::string::npos) << r.out;
  r = office({"--db", m_db, "--json", "enroll-kiosk", "laundry"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(json::parse(r.out).at("office_cert_sha256"), printed);

  const auto files = sync::tls::officeCertificateFiles(m_db);
  EXPECT_EQ(sync::tls::sha256OfPem(test::slurp(files.cert_path)).value(), printed);
  EXPECT_EQ(modeOf(m_db), 0600u) << "the ledger init-demo created";
  EXPECT_EQ(modeOf(files.key_path), 0600u);
  EXPECT_EQ(modeOf(files.cert_path), 0600u);

  std::vector<std::string> lines;
  const pid_t pid = startServe(lines, 2);
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_NE(lines[1].find("SHA-256 " + printed), std::string::npos) << lines[1];
  const int port = std::stoi(lines[0].substr(lines[0].rfind(':') + 1));
  // The ledger's WAL files exist while serve has it open; they are private too.
  EXPECT_EQ(modeOf(m_db + "-wal"), 0600u);
  EXPECT_EQ(modeOf(m_db + "-shm"), 0600u);

  // A client pinned to the printed fingerprint is served: that is the certificate on the wire.
  sync::tls::CertificatePin pin(printed);
  httplib::SSLClient pinned("127.0.0.1", port);
  pinned.enable_server_certificate_verification(false);
  pin.install(pinned.ssl_context());
  const auto health = pinned.Get("/v1/health");
  ASSERT_TRUE(health) << httplib::to_string(health.error());
  EXPECT_EQ(health->status, 200);
  EXPECT_FALSE(pin.mismatch());
  // Plain HTTP gets no answer at all, let alone JSON.
  httplib::Client plain("127.0.0.1", port);
  plain.set_read_timeout(5, 0);
  const auto refused = plain.Get("/v1/health");
  EXPECT_FALSE(refused) << refused->body;

  EXPECT_EQ(stopServe(pid), 0);
  const auto log = test::slurp(m_dir.file("serve.err"));
  EXPECT_EQ(log.find("PRIVATE KEY"), std::string::npos);
}

TEST_F(OfficeServe, ServeRefusesAMalformedListenAddress) {
  const auto r = office({"--db", m_db, "serve", "--listen", "localhost"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("HOST:PORT"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace rc::office
