#pragma once
// A real office server on 127.0.0.1 (ephemeral port, HTTPS with the office's own certificate)
// over a small village, enrolled kiosks with their own ledger files pinned to that
// certificate, raw signed requests, and the check that a kiosk and the office agree: every
// kiosk entry recorded once with the same content, the same balances and shelves, and both
// ledgers verifying.

#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "db/catalog.h"
#include "db/kiosk_journal.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/roster.h"
#include "db/schema.h"
#include "office/server.h"
#include "support/temp_dir.h"
#include "sync/client.h"
#include "sync/protocol.h"
#include "sync/tls.h"

namespace rc::sync::test {

using Rows = std::vector<std::vector<std::string>>;

inline Rows rows(db::Database& d, const std::string& sql, const std::string& param = "") {
  auto st = d.prepare(sql);
  if (!param.empty()) st.bind(1, param);
  Rows out;
  while (true) {
    auto row = st.step();
    if (!row || !*row) break;
    std::vector<std::string> r;
    for (int c = 0; c < 10; ++c) r.push_back(st.columnText(c));
    out.push_back(std::move(r));
  }
  return out;
}

// The kiosk app's side: its own connection to its ledger file.
struct KioskSide {
  explicit KioskSide(const std::string& path, const std::string& id, const core::Settings& s)
      : db(path), ledger(db, s), journal(ledger, id) {
    auto st = db::migrate(db);
    EXPECT_TRUE(st.ok());
  }
  db::Database db;
  db::Ledger ledger;
  db::KioskJournal journal;
};

class SyncFixture : public ::testing::Test {
 protected:
  static constexpr int kVillagers = 6;
  static constexpr int kStartPoints = 300;

  void SetUp() override { startOffice(); }
  void TearDown() override { stopOffice(); }

  // `tls_files` empty: the key and certificate beside the office's ledger (the same on every
  // start); else another pair, as an impostor or a reinstalled office would have.
  void startOffice(std::size_t max_body = kMaxBodyBytes,
                   const tls::OfficeCertificateFiles& tls_files = {}) {
    m_office = std::make_unique<db::Database>(m_dir.file("office.db"));
    ASSERT_TRUE(db::migrate(*m_office).ok());
    m_office_ledger = std::make_unique<db::Ledger>(*m_office, m_settings);
    if (m_villagers.empty()) buildVillage();
    office::ServerOptions o;
    o.db_path = m_dir.file("office.db");
    o.max_body_bytes = max_body;
    o.log = &m_log;
    o.tls_key_path = tls_files.key_path;
    o.tls_cert_path = tls_files.cert_path;
    m_server = std::make_unique<office::OfficeServer>(o, m_settings);
    if (tls_files.cert_path.empty()) m_office_sha256 = m_server->certificateSha256();
    auto port = m_server->bind();
    ASSERT_TRUE(port.ok());
    m_port = *port;
    m_server_thread = std::thread([this] { m_server->run(); });
    for (int i = 0; i < 2000 && !m_server->running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  void stopOffice() {
    if (m_server) m_server->stop();
    if (m_server_thread.joinable()) m_server_thread.join();
    m_server.reset();
  }

  void buildVillage() {
    db::Roster roster(*m_office);
    const auto grid = roster.addGrid("第一网格");
    ASSERT_TRUE(grid.ok());
    for (int h = 0; h < 2; ++h) {
      const auto hh = roster.addHousehold(*grid, "东岛路" + std::to_string(h + 1) + "号", false);
      ASSERT_TRUE(hh.ok());
      for (int i = 0; i < kVillagers / 2; ++i) {
        db::Villager v;
        v.household_id = *hh;
        v.name = "村民" + std::to_string(h * 10 + i);
        const auto id = roster.addVillager(v);
        ASSERT_TRUE(id.ok());
        m_villagers.push_back(*id);
        ASSERT_TRUE(roster.bindCard("CARD" + std::to_string(*id), *id, "ic", 1).ok());
      }
    }
    db::Catalog catalog(*m_office);
    const std::vector<std::pair<std::string, int>> goods = {{"RICE", 50}, {"OIL", 30}, {"SOAP", 10}};
    for (const auto& [sku, price] : goods) {
      core::Product p;
      p.sku = sku;
      p.name = sku;
      p.category = "日用";
      p.price_points = price;
      ASSERT_TRUE(catalog.addProduct(p).ok());
      ASSERT_TRUE(catalog.moveStock(sku, sku == "SOAP" ? 6 : 200, "receive", std::nullopt, 1, "").ok());
    }
    for (const auto v : m_villagers) fund(v, kStartPoints);
  }

  void fund(core::VillagerId v, int points) {
    db::EntryDraft d;
    d.villager_id = v;
    d.kind = core::EntryKind::FundReward;
    d.points_delta = points;
    d.reference = "quarter";
    ASSERT_TRUE(m_office_ledger->append(d).ok());
  }

  KioskIdentity enroll(const std::string& id) {
    const auto keys = newKeyPair();
    db::OfficeSync s(*m_office_ledger);
    EXPECT_TRUE(s.enrollKiosk(id, keys.public_key, db::nowMs()).ok());
    return {id, keys.secret_key};
  }

  SyncConfig config(const KioskIdentity& id, int port) {
    SyncConfig c;
    c.office_url = "https://127.0.0.1:" + std::to_string(port);
    c.office_cert_sha256 = m_office_sha256;
    c.identity = id;
    c.db_path = m_dir.file("kiosk-" + id.kiosk_id + ".db");
    c.settings = m_settings;
    c.connect_timeout = std::chrono::milliseconds(1000);
    c.read_timeout = std::chrono::milliseconds(3000);
    c.backoff_initial = std::chrono::milliseconds(10);
    c.backoff_max = std::chrono::milliseconds(100);
    c.idle_interval = std::chrono::milliseconds(50);
    return c;
  }

  // The office's key and certificate as the server loaded them (beside office.db).
  tls::OfficeCertificate officeCertificate() {
    auto c = tls::loadOrCreateOfficeCertificate(tls::officeCertificateFiles(m_dir.file("office.db")));
    EXPECT_TRUE(c.ok()) << c.error();
    return std::move(*c);
  }

  // A signed POST straight to the office, for the protocol's edge cases.
  httplib::Result signedPost(const KioskIdentity& id, std::string_view path, const std::string& body,
                             std::int64_t at_ms = 0) {
    const auto h = signRequest(id, "POST", path, body, at_ms ? at_ms : db::nowMs());
    return rawPost(path, body, {{kHeaderKiosk, h.kiosk}, {kHeaderTimestamp, h.timestamp},
                                {kHeaderNonce, h.nonce}, {kHeaderSignature, h.signature}});
  }
  httplib::Result rawPost(std::string_view path, const std::string& body, httplib::Headers headers) {
    tls::CertificatePin pin(m_office_sha256);
    httplib::SSLClient c("127.0.0.1", m_port);
    c.enable_server_certificate_verification(false);  // the pin instead, as the kiosk does
    pin.install(c.ssl_context());
    c.set_tcp_nodelay(true);
    c.set_read_timeout(5, 0);
    return c.Post(std::string(path), headers, body, "application/json");
  }

  // The kiosk and the office agree.
  void expectIdentical(KioskSide& k) {
    const std::string cols =
        "SELECT e.uuid, e.kiosk_seq, e.villager_id, e.kind, e.score_delta, e.points_delta, "
        "e.reference, e.detail, e.at_ms, (SELECT t.uuid FROM entries t WHERE t.seq = e.voids_seq) "
        "FROM entries e WHERE e.kiosk_id = ? ORDER BY e.kiosk_seq";
    const auto kiosk_entries = rows(k.db, cols, k.journal.kioskId());
    const auto office_entries = rows(*m_office, cols, k.journal.kioskId());
    EXPECT_EQ(kiosk_entries, office_entries) << "kiosk " << k.journal.kioskId();
    EXPECT_EQ(k.journal.pendingCount(), 0);
    EXPECT_EQ(k.journal.ackedSeq(), k.journal.lastSeq());
    for (const auto v : m_villagers) {
      const auto office = m_office_ledger->balance(v);
      ASSERT_TRUE(office.has_value());
      const auto standing = k.journal.standing(v);
      EXPECT_EQ(standing.points, office->points) << "villager " << v;
      EXPECT_EQ(standing.score, office->score) << "villager " << v;
    }
    const std::string shelf = "SELECT sku, price_points, stock FROM products ORDER BY sku";
    EXPECT_EQ(rows(k.db, shelf), rows(*m_office, shelf));
    const auto roster = "SELECT id, name, household_id FROM villagers ORDER BY id";
    EXPECT_EQ(rows(k.db, roster), rows(*m_office, roster));
    const auto cards = "SELECT uid, villager_id, kind FROM cards ORDER BY uid";
    EXPECT_EQ(rows(k.db, cards), rows(*m_office, cards));
    const auto kv = k.ledger.verify();
    EXPECT_TRUE(kv.ok) << (kv.problems.empty() ? "" : kv.problems.front());
    const auto ov = m_office_ledger->verify();
    EXPECT_TRUE(ov.ok) << (ov.problems.empty() ? "" : ov.problems.front());
  }

  static db::RedemptionDraft cart(core::VillagerId v, std::vector<core::CartLine> lines) {
    db::RedemptionDraft d;
    d.villager_id = v;
    d.lines = std::move(lines);
    d.reference = "receipt";
    return d;
  }

  rc::test::TempDir m_dir;
  core::Settings m_settings;
  std::unique_ptr<db::Database> m_office;
  std::unique_ptr<db::Ledger> m_office_ledger;
  std::vector<core::VillagerId> m_villagers;
  std::ostringstream m_log;  // written by the server's threads under its own lock
  std::unique_ptr<office::OfficeServer> m_server;
  std::thread m_server_thread;
  int m_port = 0;
  std::string m_office_sha256;  // the certificate beside office.db: what kiosks are enrolled with
};

}  // namespace rc::sync::test
