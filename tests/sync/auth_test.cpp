// Every way a request can fail authentication, and bodies the office refuses to parse.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "sync_fixture.h"
#include "wire_chain.h"

namespace rc::sync::test {
namespace {

using nlohmann::json;

class Auth : public SyncFixture {
 protected:
  void SetUp() override {
    SyncFixture::SetUp();
    m_kiosk = enroll("supermarket");
  }

  const std::string m_body = encodePullRequest({0, 0});
  KioskIdentity m_kiosk;
};

std::string reasonOf(const httplib::Result& r) {
  return r ? json::parse(r->body).value("reason", "") : "no response";
}

TEST_F(Auth, ACorrectlySignedRequestIsServed) {
  const auto r = signedPost(m_kiosk, kPullPath, m_body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
}

TEST_F(Auth, AnUnknownKioskIsRefused) {
  const auto stranger = KioskIdentity{"stranger", newKeyPair().secret_key};
  const auto r = signedPost(stranger, kPullPath, m_body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(reasonOf(r), "unknown kiosk");
}

// A lost or replaced kiosk is revoked at the office (rc-office revoke-kiosk): its correctly
// signed requests are refused from then on, and what it pushed before stays.
TEST_F(Auth, ARevokedKioskIsRefusedAndKeepsWhatItPushed) {
  db::WireEntry w;
  w.uuid = "before-revoke";
  w.kiosk_seq = 1;
  w.villager_id = m_villagers[0];
  w.kind = core::EntryKind::Redemption;
  w.points_delta = -10;
  w.detail = "SOAP*1";
  w.at_ms = db::nowMs();
  const auto one = WireChain("supermarket")({w});
  auto r = signedPost(m_kiosk, kPushPath, encodePush(one));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;

  db::OfficeSync sync(*m_office_ledger);
  const auto revoked = sync.revokeKiosk("supermarket", db::nowMs());
  ASSERT_TRUE(revoked.ok());
  EXPECT_TRUE(*revoked);
  EXPECT_FALSE(*sync.revokeKiosk("supermarket", db::nowMs())) << "already revoked";
  EXPECT_FALSE(*sync.revokeKiosk("stranger", db::nowMs())) << "never enrolled";

  r = signedPost(m_kiosk, kPullPath, m_body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(reasonOf(r), "revoked kiosk");
  EXPECT_NE(m_log.str().find("kiosk supermarket: revoked kiosk"), std::string::npos) << m_log.str();
  const auto kiosks = sync.kiosks();
  ASSERT_EQ(kiosks.size(), 1u);
  EXPECT_TRUE(kiosks[0].revoked_at_ms.has_value());
  EXPECT_EQ(kiosks[0].held, 1);
  EXPECT_TRUE(m_office_ledger->entryByUuid("before-revoke").has_value());
}

TEST_F(Auth, ASignatureFromAnotherKeyIsRefused) {
  const auto impostor = KioskIdentity{"supermarket", newKeyPair().secret_key};
  const auto r = signedPost(impostor, kPullPath, m_body);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(reasonOf(r), "bad signature");
}

TEST_F(Auth, ABodyChangedAfterSigningIsRefused) {
  const auto h = signRequest(m_kiosk, "POST", kPullPath, m_body, db::nowMs());
  const httplib::Headers headers = {{kHeaderKiosk, h.kiosk}, {kHeaderTimestamp, h.timestamp},
                                    {kHeaderNonce, h.nonce}, {kHeaderSignature, h.signature}};
  const auto r = rawPost(kPullPath, encodePullRequest({5, 0}), headers);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(reasonOf(r), "bad signature");
  // Signed for one path, sent to another.
  const auto other = rawPost(kPushPath, m_body, headers);
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 401);
}

TEST_F(Auth, AStaleTimestampIsRefused) {
  for (const std::int64_t skew : {-10 * 60 * 1000, 10 * 60 * 1000}) {
    const auto r = signedPost(m_kiosk, kPullPath, m_body, db::nowMs() + skew);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(reasonOf(r), "stale timestamp");
  }
}

TEST_F(Auth, AReplayedNonceIsRefused) {
  const auto h = signRequest(m_kiosk, "POST", kPullPath, m_body, db::nowMs());
  const httplib::Headers headers = {{kHeaderKiosk, h.kiosk}, {kHeaderTimestamp, h.timestamp},
                                    {kHeaderNonce, h.nonce}, {kHeaderSignature, h.signature}};
  const auto first = rawPost(kPullPath, m_body, headers);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  const auto replay = rawPost(kPullPath, m_body, headers);
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->status, 401);
  EXPECT_EQ(reasonOf(replay), "replayed nonce");
}

TEST_F(Auth, MissingOrMalformedHeadersAreRefused) {
  auto r = rawPost(kPullPath, m_body, {});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  const auto h = signRequest(m_kiosk, "POST", kPullPath, m_body, db::nowMs());
  r = rawPost(kPullPath, m_body, {{kHeaderKiosk, h.kiosk}, {kHeaderTimestamp, "soon"},
                                  {kHeaderNonce, h.nonce}, {kHeaderSignature, h.signature}});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(reasonOf(r), "missing or malformed signature headers");
}

TEST_F(Auth, RefusalsAreLoggedWithTheReasonButNoKeyMaterial) {
  const auto impostor = KioskIdentity{"supermarket", newKeyPair().secret_key};
  const auto h = signRequest(impostor, "POST", kPullPath, m_body, db::nowMs());
  const auto r = rawPost(kPullPath, m_body, {{kHeaderKiosk, h.kiosk}, {kHeaderTimestamp, h.timestamp},
                                             {kHeaderNonce, h.nonce}, {kHeaderSignature, h.signature}});
  ASSERT_TRUE(r);
  stopOffice();  // joins the server's threads before reading their log
  const auto log = m_log.str();
  EXPECT_NE(log.find("kiosk supermarket: bad signature"), std::string::npos) << log;
  EXPECT_EQ(log.find(h.signature), std::string::npos);
  EXPECT_EQ(log.find(toBase64(impostor.secret_key)), std::string::npos);
  EXPECT_EQ(log.find(toBase64(m_kiosk.secret_key)), std::string::npos);
}

TEST_F(Auth, MalformedJsonIsA400WithAReason) {
  const auto r = signedPost(m_kiosk, kPushPath, "{\"entries\": [");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(reasonOf(r), "the body is not valid JSON");
  const auto wrong = signedPost(m_kiosk, kPushPath, R"({"entries": [{"uuid": "x"}]})");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 400);
  EXPECT_EQ(reasonOf(wrong), "'kiosk_seq' must be a whole number");
  const auto cursor = signedPost(m_kiosk, kPullPath, R"({"cursor": {"entries": -1, "changes": 0}})");
  ASSERT_TRUE(cursor);
  EXPECT_EQ(cursor->status, 400);
  const auto list = signedPost(m_kiosk, kPushPath, "[1, 2]");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 400);
  EXPECT_EQ(reasonOf(list), "the body must be a JSON object");
}

TEST_F(Auth, TooManyEntriesInOneBatchIsA400) {
  std::vector<db::WireEntry> many(kMaxBatchEntries + 1);
  for (std::size_t i = 0; i < many.size(); ++i) {
    many[i].uuid = "u" + std::to_string(i);
    many[i].kiosk_seq = static_cast<std::int64_t>(i) + 1;
    many[i].villager_id = m_villagers[0];
    many[i].at_ms = 1;
  }
  const auto r = signedPost(m_kiosk, kPushPath, encodePush(many));
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(reasonOf(r), "too many entries in one batch");
}

class SmallBodies : public Auth {
 protected:
  void SetUp() override {
    SyncFixture::startOffice(64 * 1024);
    m_kiosk = enroll("supermarket");
  }
};

TEST_F(SmallBodies, AnOversizedBodyIsRefusedUnread) {
  const std::string big = "{\"entries\": [], \"pad\": \"" + std::string(200 * 1024, 'x') + "\"}";
  const auto r = signedPost(m_kiosk, kPushPath, big);
  ASSERT_TRUE(r) << "the office should answer 413, not drop the connection";
  EXPECT_EQ(r->status, 413);
  // And it keeps serving.
  const auto ok = signedPost(m_kiosk, kPullPath, m_body);
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

}  // namespace
}  // namespace rc::sync::test
