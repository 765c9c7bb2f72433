// The kiosk's config: exactly the lines `rc-office enroll-kiosk` prints, checked at start-up
// with a plain reason (never the key), and the sync status in the status bar's words.
#include "kiosk/app/office_link.h"

#include <gtest/gtest.h>

namespace rc::kiosk {
namespace {

std::string secretB64() { return sync::toBase64(sync::newKeyPair().secret_key); }

TEST(KioskConfig, TakesWhatEnrollKioskPrints) {
  const std::string secret = secretB64();
  // Indented as enroll-kiosk prints them, with the office's address filled in.
  const auto file = parseKioskConfig("# the supermarket kiosk\n\n  kiosk_id = supermarket\n"
                                     "  kiosk_secret_key = " + secret + "\n"
                                     "  office_url = http://192.168.1.10:8080\n");
  ASSERT_TRUE(file.ok()) << file.error();
  const auto link = resolveOfficeLink(*file, "", "");
  ASSERT_TRUE(link.ok()) << link.error();
  ASSERT_TRUE(link->has_value());
  EXPECT_EQ((*link)->identity.kiosk_id, "supermarket");
  EXPECT_EQ((*link)->office_url, "http://192.168.1.10:8080");
  EXPECT_EQ(sync::toBase64((*link)->identity.secret_key), secret);
  // A flag moves the office without editing the file.
  const auto moved = resolveOfficeLink(*file, "http://127.0.0.1:9000", "");
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ((*moved)->office_url, "http://127.0.0.1:9000");
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
  f.office_url = "http://<this office's address>:<port given to serve --listen>";
  auto r = resolveOfficeLink(f, "", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("office_url must be http://HOST:PORT"), std::string::npos);
  f.office_url = "";
  r = resolveOfficeLink(f, "", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("no office_url"), std::string::npos);
  r = resolveOfficeLink(f, "http://127.0.0.1:8080", "laundry");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("differs"), std::string::npos);
  f.kiosk_secret_key = secret.substr(0, 20);
  r = resolveOfficeLink(f, "http://127.0.0.1:8080", "");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("kiosk_secret_key"), std::string::npos);
  EXPECT_EQ(r.error().find(f.kiosk_secret_key), std::string::npos);
  r = resolveOfficeLink(KioskConfigFile{}, "http://127.0.0.1:8080", "");
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
}

}  // namespace
}  // namespace rc::kiosk
