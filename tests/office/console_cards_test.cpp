// The console's cards page over real HTTPS (tests/office/console_fixture.h): who may find, issue,
// revoke and print; plain refusals of bad input; the cards in the ledger and the audit log; and
// the acceptance test "a clerk revokes a card and a synced kiosk refuses it": 文书 revokes a
// villager's QR card through the console, and a kiosk that syncs with that same office (its own
// ledger file, the real sync client, the kiosk's own card check) no longer opens with it.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>

#include "db/cards.h"
#include "db/kiosk_journal.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/roster.h"
#include "kiosk/app/kiosk_data.h"
#include "office/card_sheet.h"
#include "office/console_fixture.h"
#include "sync/card_token.h"
#include "sync/client.h"

namespace rc::office::test {
namespace {

std::string percent(const std::string& text) {
  std::string out;
  char buf[4];
  for (const unsigned char ch : text) {
    if (std::isalnum(ch)) {
      out += static_cast<char>(ch);
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", ch);
      out += buf;
    }
  }
  return out;
}

class ConsoleCards : public ConsoleTest {
 protected:
  void SetUp() override {
    ConsoleTest::SetUp();
    db::Database d(dbPath());
    auto st = d.prepare("SELECT id, name FROM villagers WHERE moved_away = 0 ORDER BY id LIMIT 1");
    auto row = st.step();
    ASSERT_TRUE(row && *row);
    m_villager = st.columnInt(0);
    m_name = st.columnText(1);
  }

  std::optional<db::CardInfo> cardInLedger(const std::string& uid) {
    db::Database d(dbPath());
    return db::Cards(d).byUid(uid);
  }

  // The token printed on the card: the same function card-sheet draws it with.
  std::string tokenOf(const std::string& uid) {
    db::Database d(dbPath());
    const auto card = db::Cards(d).byUid(uid);
    EXPECT_TRUE(card.has_value());
    if (!card) return {};
    return cardTokenOf(*card, cardKey(dbPath(), d, false));
  }

  json auditRows() {
    const auto s = signIn("书记");
    const auto r = get(s, "audit");
    EXPECT_EQ(r.status, 200);
    json changes = json::array();  // newest first, without the sign-ins
    for (const auto& row : r.body["rows"]) {
      if (row["action"] != "sign-in") changes.push_back(row);
    }
    return changes;
  }

  core::VillagerId m_villager = 0;
  std::string m_name;
};

TEST_F(ConsoleCards, OfficeReadersFindAVillagerByNameCardOrSerialButCollectorsDoNot) {
  const auto clerk = signIn("文书");
  const auto byName = get(clerk, "cards/find?q=" + percent(m_name));
  ASSERT_EQ(byName.status, 200) << byName.raw;
  bool found = false;
  for (const auto& v : byName.body["villagers"]) found = found || v["id"] == m_villager;
  EXPECT_TRUE(found) << byName.raw;

  // An IC or ID card the roster bound, typed in lower case, names its villager first.
  std::string ic;
  {
    db::Database d(dbPath());
    const auto cards = db::Cards(d).ofVillager(m_villager);
    ASSERT_FALSE(cards.empty());
    ic = cards.front().uid;
  }
  std::string lower = ic;
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  const auto byCard = get(clerk, "cards/find?q=" + lower);
  ASSERT_EQ(byCard.status, 200) << byCard.raw;
  ASSERT_FALSE(byCard.body["villagers"].empty());
  EXPECT_EQ(byCard.body["villagers"][0]["id"], m_villager);
  EXPECT_EQ(byCard.body["villagers"][0]["matched_card"], ic);

  // A QR serial (and the scanned token) after the clerk issues one.
  const auto issued = post(clerk, "cards/issue", {{"villager", m_villager}});
  ASSERT_EQ(issued.status, 200) << issued.raw;
  const std::string uid = issued.body["uid"];
  const auto serial = std::to_string(*db::qrCardSerial(uid));
  const auto bySerial = get(clerk, "cards/find?q=" + serial);
  ASSERT_FALSE(bySerial.body["villagers"].empty()) << bySerial.raw;
  EXPECT_EQ(bySerial.body["villagers"][0]["matched_card"], uid);
  const auto byToken = get(clerk, "cards/find?q=" + tokenOf(uid));
  ASSERT_FALSE(byToken.body["villagers"].empty()) << byToken.raw;
  EXPECT_EQ(byToken.body["villagers"][0]["id"], m_villager);

  const auto empty = get(clerk, "cards/find?q=");
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body["error"].get<std::string>().find("请输入姓名"), std::string::npos);

  EXPECT_EQ(get(signIn("审计"), "cards/villager/" + std::to_string(m_villager)).status, 200);
  EXPECT_EQ(get(signIn("书记"), "cards/grids").status, 200);
  const auto collector = signIn("信息员一");
  EXPECT_EQ(get(collector, "cards/find?q=" + serial).status, 403);
  EXPECT_EQ(get(collector, "cards/villager/" + std::to_string(m_villager)).status, 403);
  EXPECT_EQ(get(clerk, "cards/villager/99999999").status, 404);
}

TEST_F(ConsoleCards, TheClerkIssuesAndReplacesAQrCardAndTheAuditorMayNot) {
  const auto auditor = signIn("审计");
  EXPECT_EQ(post(auditor, "cards/issue", {{"villager", m_villager}}).status, 403);
  EXPECT_EQ(post(signIn("信息员一"), "cards/issue", {{"villager", m_villager}}).status, 403);
  const auto clerk = signIn("文书");
  EXPECT_EQ(post(clerk, "cards/issue", {{"villager", m_villager}}, false).status, 403);  // no CSRF
  EXPECT_EQ(post(clerk, "cards/issue", {{"villager", "abc"}}).status, 400);
  EXPECT_EQ(post(clerk, "cards/issue", {{"villager", 99999999}}).status, 404);

  const auto first = post(clerk, "cards/issue", {{"villager", m_villager}});
  ASSERT_EQ(first.status, 200) << first.raw;
  const std::string old_uid = first.body["uid"];
  EXPECT_TRUE(first.body["revoked"].empty());
  EXPECT_EQ(first.body["villager"]["active_qr"], 1);
  // The office's card key now lives beside the ledger, and the token verifies against meta.
  EXPECT_TRUE(std::filesystem::exists(dbPath() + ".card-key"));

  // A second card without asking for a replacement is refused in plain words.
  const auto twice = post(clerk, "cards/issue", {{"villager", m_villager}});
  EXPECT_EQ(twice.status, 409);
  EXPECT_NE(twice.body["error"].get<std::string>().find("补办新卡"), std::string::npos) << twice.raw;

  const auto replaced = post(signIn("书记"), "cards/issue", {{"villager", m_villager}, {"replace", true}});
  ASSERT_EQ(replaced.status, 200) << replaced.raw;
  const std::string new_uid = replaced.body["uid"];
  ASSERT_EQ(replaced.body["revoked"].size(), 1u);
  EXPECT_EQ(replaced.body["revoked"][0], old_uid);
  const auto old_card = cardInLedger(old_uid);
  ASSERT_TRUE(old_card.has_value());
  EXPECT_TRUE(old_card->revoked());
  EXPECT_EQ(old_card->revoke_reason, "replaced by " + new_uid);
  EXPECT_FALSE(cardInLedger(new_uid)->revoked());

  const auto rows = auditRows();
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0]["action"], "issue card");
  EXPECT_EQ(rows[0]["user"], "书记");
  EXPECT_NE(rows[0]["detail"].get<std::string>().find("revoked " + old_uid), std::string::npos);
  EXPECT_EQ(rows[1]["user"], "文书");
  EXPECT_NE(rows[1]["detail"].get<std::string>().find("issued QR card " + old_uid), std::string::npos);
}

TEST_F(ConsoleCards, RevokingNeedsAReasonAndIsKeptInTheLedgerAndTheAuditLog) {
  const auto clerk = signIn("文书");
  const auto issued = post(clerk, "cards/issue", {{"villager", m_villager}});
  ASSERT_EQ(issued.status, 200) << issued.raw;
  const std::string uid = issued.body["uid"];

  EXPECT_EQ(post(signIn("审计"), "cards/revoke", {{"card", uid}, {"reason", "丢失"}}).status, 403);
  const auto noReason = post(clerk, "cards/revoke", {{"card", uid}});
  EXPECT_EQ(noReason.status, 400);
  EXPECT_NE(noReason.body["error"].get<std::string>().find("作废原因"), std::string::npos) << noReason.raw;
  EXPECT_EQ(post(clerk, "cards/revoke", {{"card", uid}, {"reason", "   "}}).status, 400);
  EXPECT_EQ(post(clerk, "cards/revoke", {{"card", uid}, {"reason", std::string(300, 'x')}}).status, 400);
  EXPECT_EQ(post(clerk, "cards/revoke", {{"card", "Q999999"}, {"reason", "丢失"}}).status, 404);
  EXPECT_FALSE(cardInLedger(uid)->revoked()) << "nothing refused was kept";

  const auto revoked = post(clerk, "cards/revoke", {{"card", uid}, {"reason", "卡丢失"}});
  ASSERT_EQ(revoked.status, 200) << revoked.raw;
  const auto card = cardInLedger(uid);
  ASSERT_TRUE(card.has_value());
  EXPECT_TRUE(card->revoked());
  EXPECT_EQ(card->revoke_reason, "卡丢失");
  bool shown = false;
  for (const auto& c : revoked.body["villager"]["cards"]) {
    if (c["uid"] == uid) shown = c["reason"] == "卡丢失" && c["revoked"].is_string();
  }
  EXPECT_TRUE(shown) << revoked.raw;

  const auto again = post(clerk, "cards/revoke", {{"card", uid}, {"reason", "again"}});
  EXPECT_EQ(again.status, 409);
  EXPECT_NE(again.body["error"].get<std::string>().find("已经作废"), std::string::npos);

  const auto rows = auditRows();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0]["action"], "revoke card");
  EXPECT_EQ(rows[0]["user"], "文书");
  EXPECT_EQ(rows[0]["detail"], "revoked qr card " + uid + " of " + m_name + " (villager " +
                                   std::to_string(m_villager) + "): 卡丢失");
}

TEST_F(ConsoleCards, ASheetIsThePdfCardSheetWritesAndIssuesToWhoeverHadNoCard) {
  const auto clerk = signIn("文书");
  std::string household;
  std::size_t members = 0;
  {
    db::Database d(dbPath());
    const auto h = cardHolder(d, m_villager);
    household = h.household_code;
    members = sheetVillagers(d, SheetChoice{std::nullopt, household, std::nullopt}).size();
  }
  ASSERT_GT(members, 0u);
  EXPECT_EQ(post(signIn("审计"), "cards/sheet", {{"household", household}}).status, 403);
  EXPECT_EQ(post(clerk, "cards/sheet", json::object()).status, 400);
  EXPECT_EQ(post(clerk, "cards/sheet", {{"household", household}, {"grid", 1}}).status, 400);
  EXPECT_EQ(post(clerk, "cards/sheet", {{"household", "H-none"}}).status, 404);

  const auto sheet = post(clerk, "cards/sheet", {{"household", household}});
  ASSERT_EQ(sheet.status, 200) << sheet.raw.substr(0, 300);
  EXPECT_EQ(sheet.content_type, "application/pdf");
  EXPECT_EQ(sheet.raw.rfind("%PDF-", 0), 0u);
  EXPECT_NE(sheet.disposition.find("cards-household-"), std::string::npos) << sheet.disposition;
  {
    db::Database d(dbPath());
    db::Cards cards(d);
    for (const auto id : sheetVillagers(d, SheetChoice{std::nullopt, household, std::nullopt})) {
      int qr = 0;
      for (const auto& c : cards.ofVillager(id)) qr += c.kind == "qr" && !c.revoked();
      EXPECT_EQ(qr, 1) << "villager " << id;
    }
  }
  const auto rows = auditRows();
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows[0]["action"], "card sheet");
  EXPECT_EQ(rows[0]["detail"], "card sheet for household " + household + ": " +
                                   std::to_string(members) + " card(s) on " + std::to_string((members + 9) / 10) + " page(s), " +
                                   std::to_string(members) + " newly issued");

  // Printed again: the same cards, none new.
  const auto again = post(clerk, "cards/sheet", {{"villager", m_villager}});
  ASSERT_EQ(again.status, 200);
  EXPECT_NE(auditRows()[0]["detail"].get<std::string>().find(", 0 newly issued"), std::string::npos);
}

// The acceptance test: a clerk revokes a card and a synced kiosk refuses it.
TEST_F(ConsoleCards, AClerkRevokesACardAndASyncedKioskRefusesIt) {
  const auto clerk = signIn("文书");
  const auto issued = post(clerk, "cards/issue", {{"villager", m_villager}});
  ASSERT_EQ(issued.status, 200) << issued.raw;
  const std::string uid = issued.body["uid"];
  const auto token = tokenOf(uid);
  ASSERT_TRUE(sync::looksLikeCardToken(token));

  // The supermarket kiosk, enrolled with this office and pinned to its certificate.
  const auto keys = sync::newKeyPair();
  {
    db::Database d(dbPath());
    db::Ledger l(d, core::Settings{});
    ASSERT_TRUE(db::OfficeSync(l).enrollKiosk("supermarket", keys.public_key, db::nowMs()).ok());
  }
  sync::SyncConfig config;
  config.office_url = "https://127.0.0.1:" + std::to_string(port());
  config.office_cert_sha256 = m_server->certificateSha256();
  config.identity = {"supermarket", keys.secret_key};
  config.db_path = m_dir.file("kiosk-supermarket.db");
  config.connect_timeout = std::chrono::milliseconds(2000);
  config.read_timeout = std::chrono::milliseconds(30000);
  {
    // The kiosk's file as the kiosk app makes it: migrated, its journal named.
    db::Database k(config.db_path);
    ASSERT_TRUE(db::migrate(k).ok());
    db::Ledger l(k, core::Settings{});
    db::KioskJournal journal(l, "supermarket");
  }
  sync::SyncClient client(config);
  const auto first = client.round();
  ASSERT_TRUE(first.ok()) << "the first pull";
  kiosk::KioskData data(config.db_path, core::Settings{}, "supermarket",
                        kiosk::SyncMode{[] { return false; }});
  const auto scan = [&](const std::string& what) -> core::VillagerId {
    const auto r = data.handle(kiosk::request::LookupCard{what});
    const auto* card = std::get_if<kiosk::response::Card>(&r);
    EXPECT_NE(card, nullptr);
    return card && card->villager ? card->villager->id : 0;
  };
  ASSERT_EQ(scan(token), m_villager) << "the new card opens the kiosk";

  const auto revoked = post(clerk, "cards/revoke", {{"card", uid}, {"reason", "卡丢失"}});
  ASSERT_EQ(revoked.status, 200) << revoked.raw;
  EXPECT_EQ(scan(token), m_villager) << "the kiosk has not heard of it before it syncs";
  ASSERT_TRUE(client.round().ok()) << "the next pull";
  EXPECT_EQ(scan(token), 0) << "revoked by the clerk: refused";
  {
    db::Database k(config.db_path);
    const auto row = db::Cards(k).byUid(uid);
    ASSERT_TRUE(row.has_value());
    EXPECT_TRUE(row->revoked());
  }
}

}  // namespace
}  // namespace rc::office::test
