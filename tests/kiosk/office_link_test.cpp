// The kiosk's config: exactly the lines `rc-office enroll-kiosk` prints, checked at start-up
// with a plain reason (never the key), refused when others may read it, and the sync status
// in the status bar's words.
#include "kiosk/app/office_link.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "support/temp_dir.h"

namespace rc::kiosk {
namespace {

std::string secretB64() { return sync::toBase64(sync::newKeyPair().secret_key); }

constexpr const char* kOfficeSha256 =
    "8733947ba1d8701633ee0f88ed2ec625b878733d2dd1707f23b99bded583968f";

std::string configText(const std::string& secret) {
  // Indented as enroll-kiosk prints them, with the office's address filled in.
  return "# the supermarket kiosk\n\n  kiosk_id = supermarket\n"
         "  kiosk_secret_key = " + secret + "\n"
         "  office_cert_sha256 = " + kOfficeSha256 + "\n"
         "  office_url = https://192.168.1.10:8080\n";
}

TEST(KioskConfig, TakesWhatEnrollKioskPrints) {
  const std::string secret = secretB64();
  const auto file = parseKioskConfig(configText(secret));
  ASSERT_TRUE(file.ok()) << file.error();
  const auto link = resolveOfficeLink(*file, "", "");
  ASSERT_TRUE(link.ok()) << link.error();
  ASSERT_TRUE(link->has_value());
  EXPECT_EQ((*link)->identity.kiosk_id, "supermarket");
  EXPECT_EQ((*link)->office_url, "https://192.168.1.10:8080");
  EXPECT_EQ((*link)->office_cert_sha256, kOfficeSha256);
  EXPECT_EQ(sync::toBase64((*link)->identity.secret_key), secret);
  EXPECT_EQ(syncConfigFor(**link, "k.db", {}).office_cert_sha256, kOfficeSha256);
  // A flag moves the office without editing the file.
  const auto moved = resolveOfficeLink(*file, "https://127.0.0.1:9000", "");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ((*moved)->office_url, "https://127.0.0.1:9000");
}

TEST(KioskConfig, TheOfficeIsReachedOverHttpsWithItsCertificatePinned) {
  auto file = parseKioskConfig(configText(secretB64())).value();
  // Plain http:// is refused with what to write instead.
  file.office_url = "http://192.168.1.10:8080";
  auto r = resolveOfficeLink(file, "", "");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(),
            "office_url must be https://HOST:PORT: the office speaks only HTTPS, so write "
            "https://192.168.1.10:8080 instead of http://192.168.1.10:8080");
  r = resolveOfficeLink(parseKioskConfig(configText(secretB64())).value(), "http://10.0.0.2:80", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("write https://10.0.0.2:80"), std::string::npos) << r.error();
  file.office_url = "https://192.168.1.10:8080/v1";
  EXPECT_FALSE(resolveOfficeLink(file, "", "").ok());
  file.office_url = "https://192.168.1.10:8080";

  // The fingerprint is required, and copied as openssl prints it is fine.
  file.office_cert_sha256.clear();
  r = resolveOfficeLink(file, "", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("no office_cert_sha256"), std::string::npos) << r.error();
  file.office_cert_sha256 = "87:33:94:7B:A1:D8:70:16:33:EE:0F:88:ED:2E:C6:25:B8:78:73:3D:2D:D1:70:"
                            "7F:23:B9:9B:DE:D5:83:96:8F";
  r = resolveOfficeLink(file, "", "");
  ASSERT_TRUE(r.ok()) << r.error();
  EXPECT_EQ((*r)->office_cert_sha256, kOfficeSha256);
  file.office_cert_sha256 = "8733947b";
  r = resolveOfficeLink(file, "", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("office_cert_sha256 must be the 64 hex digits"), std::string::npos);
}

// As ssh refuses a private key others may read: the mode of the file actually opened.
TEST(KioskConfig, AFileHoldingTheKeyThatOthersMayReadIsRefused) {
  rc::test::TempDir dir;
  const std::string secret = secretB64();
  const std::string path = dir.file("kiosk.conf");
  std::ofstream(path) << configText(secret);
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto r = readKioskConfigFile(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error(), path + " holds the kiosk's secret key but group or others may read or "
                              "write it (mode 0644); make it private: chmod 600 " + path);
  EXPECT_EQ(r.error().find(secret), std::string::npos);
  for (const mode_t open_mode : {0640, 0620, 0604, 0602}) {
    ASSERT_EQ(::chmod(path.c_str(), open_mode), 0);
    EXPECT_FALSE(readKioskConfigFile(path).ok()) << std::oct << open_mode;
  }
  for (const mode_t private_mode : {0600, 0400}) {
    ASSERT_EQ(::chmod(path.c_str(), private_mode), 0);
    r = readKioskConfigFile(path);
    ASSERT_TRUE(r.ok()) << r.error();
    EXPECT_EQ(r->kiosk_secret_key, secret);
  }
  // Without a key there is nothing to protect (an office address for a standalone test).
  std::ofstream(path) << "office_url = https://192.168.1.10:8080\n";
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_TRUE(readKioskConfigFile(path).ok());
  r = readKioskConfigFile(dir.file("missing.conf"));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("cannot read " + dir.file("missing.conf")), std::string::npos);
}

TEST(KioskConfig, NoOfficeIsAStandaloneKiosk) {
  const auto link = resolveOfficeLink(KioskConfigFile{}, "", "");
  ASSERT_TRUE(link.ok());
  EXPECT_FALSE(link->has_value());
}

TEST(KioskConfig, MistakesAreNamedAndTheKeyIsNeverRepeated) {
  const std::string secret = secretB64();
  EXPECT_FALSE(parseKioskConfig("kiosk_id supermarket\n").ok());
  const auto unknown = parseKioskConfig("kiosk_name = x\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().find("line 1: unknown key 'kiosk_name'"), std::string::npos);
  EXPECT_FALSE(parseKioskConfig("kiosk_id = a\nkiosk_id = b\n").ok());

  KioskConfigFile f;
  f.kiosk_id = "supermarket";
  f.kiosk_secret_key = secret;
  // The placeholder enroll-kiosk prints, not yet filled in.
  f.office_cert_sha256 = kOfficeSha256;
  f.office_url = "https://<this office's address>:<port given to serve --listen>";
  auto r = resolveOfficeLink(f, "", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("office_url must be https://HOST:PORT"), std::string::npos);
  f.office_url = "";
  r = resolveOfficeLink(f, "", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("no office_url"), std::string::npos);
  r = resolveOfficeLink(f, "https://127.0.0.1:8080", "laundry");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("differs"), std::string::npos);
  f.kiosk_secret_key = secret.substr(0, 20);
  r = resolveOfficeLink(f, "https://127.0.0.1:8080", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("kiosk_secret_key"), std::string::npos);
  EXPECT_EQ(r.error().find(f.kiosk_secret_key), std::string::npos);
  r = resolveOfficeLink(KioskConfigFile{}, "https://127.0.0.1:8080", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("--kiosk-config"), std::string::npos);
}

TEST(SyncStatusWords, FollowTheWorker) {
  sync::SyncStatus st;
  EXPECT_EQ(syncViewOf(st).state, SyncState::Connecting);
  st.rounds = 3;
  st.office_reachable = true;
  st.last_success_ms = 1'764'050'520'000;  // 2025-11-25 06:02 UTC = 14:02 in China
  EXPECT_EQ(syncViewOf(st).state, SyncState::Synced);
  EXPECT_EQ(syncViewOf(st).synced_at, "14:02");
  st.pending = 3;
  EXPECT_EQ(syncViewOf(st).state, SyncState::Pending);
  EXPECT_EQ(syncViewOf(st).pending, 3);
  st.office_reachable = false;
  EXPECT_EQ(syncViewOf(st).state, SyncState::Offline);
  EXPECT_EQ(tr(Str::SyncOfflinePending, Lang::Zh, {"3"}), "网络断开，离线工作中 · 待同步 3 笔");
  // Another certificate answered: its own words, not "network down".
  st.consecutive_failures = 2;
  st.last_error_code = sync::SyncErrorCode::CertificateMismatch;
  EXPECT_EQ(syncViewOf(st).state, SyncState::CertificateMismatch);
  EXPECT_EQ(tr(Str::SyncCertMismatch, Lang::Zh), "村委会证书不符，已停止同步");
  st.last_error_code = sync::SyncErrorCode::Network;
  EXPECT_EQ(syncViewOf(st).state, SyncState::Offline);
}

}  // namespace
}  // namespace rc::kiosk
