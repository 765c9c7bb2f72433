// A villager's printed QR card at a synced kiosk (a real office server on 127.0.0.1): the
// token signed by `rc-office issue-card` opens the villager offline with the card key the kiosk
// pulled; a revoked serial still opens until the next pull, and after it is refused offline;
// a kiosk that has no key yet, a token of another office, and a forged one are refused.
#include <gtest/gtest.h>

#include <sstream>

#include "kiosk/app/kiosk_data.h"
#include "office/cli.h"
#include "sync/card_token.h"
#include "sync/sync_fixture.h"

namespace rc::sync::test {
namespace {

class CardTokenScan : public SyncFixture {
 protected:
  // rc-office as the clerk runs it, on the office's file; returns its output.
  std::string office(const std::vector<std::string>& args, int want = 0) {
    std::vector<std::string> all = {"--db", m_dir.file("office.db")};
    all.insert(all.end(), args.begin(), args.end());
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(office::runOffice(all, out, err), want) << err.str();
    return out.str() + err.str();
  }
  static std::string tokenIn(const std::string& text) {
    const auto at = text.find("token RC2.");
    if (at == std::string::npos) return {};
    const auto end = text.find('\n', at);
    return text.substr(at + 6, end - at - 6);
  }
  // The kiosk scans `uid` with the office out of reach; the villager it opens, or 0.
  core::VillagerId scan(kiosk::KioskData& data, const std::string& uid) {
    const auto r = data.handle(kiosk::request::LookupCard{uid});
    const auto* card = std::get_if<kiosk::response::Card>(&r);
    EXPECT_NE(card, nullptr);
    return card && card->villager ? card->villager->id : 0;
  }
};

TEST_F(CardTokenScan, ARevokedSerialIsRefusedOfflineAfterTheNextPull) {
  const auto v = m_villagers[1];
  const auto token = tokenIn(office({"issue-card", std::to_string(v)}));
  ASSERT_FALSE(token.empty());
  const auto id = enroll("supermarket");
  SyncClient client(config(id, m_port));
  const auto path = config(id, m_port).db_path;
  {
    KioskSide side(path, id.kiosk_id, m_settings);  // the kiosk's file, migrated
  }
  kiosk::KioskData data(path, m_settings, id.kiosk_id, kiosk::SyncMode{[] { return false; }});
  EXPECT_EQ(scan(data, token), 0) << "no card key pulled yet";
  ASSERT_TRUE(client.round().ok());
  EXPECT_EQ(scan(data, token), v);
  EXPECT_EQ(scan(data, "CARD" + std::to_string(v)), v);  // the IC card as before

  office({"revoke-card", "Q000001", "--reason", "丢失"});
  EXPECT_EQ(scan(data, token), v) << "the kiosk has not heard of the revocation yet";
  ASSERT_TRUE(client.round().ok());
  stopOffice();
  EXPECT_FALSE(client.round().ok()) << "the office is out of reach";
  EXPECT_EQ(scan(data, token), 0) << "revoked, refused offline";
  EXPECT_EQ(scan(data, "CARD" + std::to_string(v)), v);
}

TEST_F(CardTokenScan, ANewCardOpensBeforeItsRowArrivesButForgedAndForeignOnesDoNot) {
  const auto v = m_villagers[2];
  office({"issue-card", std::to_string(m_villagers[0])});  // the office's key exists now
  const auto id = enroll("supermarket");
  SyncClient client(config(id, m_port));
  const auto path = config(id, m_port).db_path;
  { KioskSide side(path, id.kiosk_id, m_settings); }
  ASSERT_TRUE(client.round().ok());
  kiosk::KioskData data(path, m_settings, id.kiosk_id, kiosk::SyncMode{[] { return false; }});
  // Issued after the kiosk's last pull: the signature is enough.
  const auto fresh = tokenIn(office({"issue-card", std::to_string(v)}));
  EXPECT_EQ(scan(data, fresh), v);
  // Another office's key, a forged signature, an unknown villager, the old unsigned form.
  const auto other = newKeyPair();
  EXPECT_EQ(scan(data, makeCardToken(v, 2, 20'000, other)), 0);
  auto forged = fresh;
  forged[forged.size() - 10] = forged[forged.size() - 10] == 'A' ? 'B' : 'A';
  EXPECT_EQ(scan(data, forged), 0);
  EXPECT_EQ(scan(data, "RC1.eyJ2IjoxfQ"), 0);
  // --replace revokes the first card; after a pull only the new one opens.
  const auto replaced = tokenIn(office({"issue-card", std::to_string(v), "--replace"}));
  ASSERT_TRUE(client.round().ok());
  EXPECT_EQ(scan(data, fresh), 0);
  EXPECT_EQ(scan(data, replaced), v);
}

}  // namespace
}  // namespace rc::sync::test
