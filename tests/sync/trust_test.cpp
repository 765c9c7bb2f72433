// The trust boundary between kiosks and the office, tried as an attacker holding a kiosk's key
// would, against a real office server on 127.0.0.1: the office derives credit and never takes
// it from a kiosk; sums never wrap; a kiosk file rolled back or edited is caught on both sides.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <nlohmann/json.hpp>

#include "core/rules.h"
#include "sync_fixture.h"
#include "wire_chain.h"

namespace rc::sync::test {
namespace {

using nlohmann::json;

class Trust : public SyncFixture {
 protected:
  void SetUp() override {
    SyncFixture::SetUp();
    m_kiosk = enroll("supermarket");
  }

  db::WireEntry entry(core::EntryKind kind, int score, int points, std::string detail = "") {
    db::WireEntry w;
    w.uuid = "t-" + std::to_string(++m_uuids);
    w.kiosk_seq = 1;
    w.villager_id = m_villagers[0];
    w.kind = kind;
    w.score_delta = score;
    w.points_delta = points;
    w.reference = "receipt";
    w.detail = std::move(detail);
    w.at_ms = db::nowMs();
    return w;
  }

  // One hand-built entry as the kiosk's next, correctly chained and signed. A refused entry
  // holds its seq at the office (so the kiosk's later entries still sync): the chain then
  // goes on past it.
  httplib::Result pushNext(db::WireEntry w) {
    db::OfficeSync sync(*m_office_ledger);
    w.kiosk_seq = sync.heldSeq(m_kiosk.kiosk_id) + 1;
    WireChain attempt = m_chain;
    auto r = signedPost(m_kiosk, kPushPath, encodePush(attempt({w})));
    if (sync.heldSeq(m_kiosk.kiosk_id) == w.kiosk_seq) m_chain = attempt;
    return r;
  }

  // The office's list of refused entries holds this one, with its reason.
  void expectListedAsRefused(const db::WireEntry& w, const std::string& reason_part) {
    const auto refused = db::OfficeSync(*m_office_ledger).refusedEntries();
    const auto it = std::find_if(refused.begin(), refused.end(),
                                 [&](const db::RefusedEntry& r) { return r.uuid == w.uuid; });
    ASSERT_NE(it, refused.end()) << w.uuid;
    EXPECT_EQ(it->kiosk_id, m_kiosk.kiosk_id);
    EXPECT_NE(it->reason.find(reason_part), std::string::npos) << it->reason;
  }

  // Everything a push could move at the office, to compare before and after a refusal.
  Rows officeState() {
    Rows all = rows(*m_office, "SELECT count(*), COALESCE(max(seq), 0) FROM entries");
    for (const auto& r : rows(*m_office, "SELECT villager_id, score, points, entries FROM balances "
                                         "ORDER BY villager_id")) {
      all.push_back(r);
    }
    for (const auto& r : rows(*m_office, "SELECT sku, stock FROM products ORDER BY sku")) all.push_back(r);
    for (const auto& r : rows(*m_office, "SELECT count(*) FROM reconciliation")) all.push_back(r);
    for (const auto& r : rows(*m_office, "SELECT count(*) FROM stock_movements")) all.push_back(r);
    return all;
  }

  void expectRefused(const httplib::Result& r, int status, const std::string& error,
                     const std::string& reason_part) {
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, status) << r->body;
    const auto j = json::parse(r->body);
    EXPECT_EQ(j.value("error", ""), error) << r->body;
    EXPECT_NE(j.value("reason", "").find(reason_part), std::string::npos) << r->body;
  }

  void expectVerifies() {
    const auto v = m_office_ledger->verify();
    EXPECT_TRUE(v.ok) << (v.problems.empty() ? "" : v.problems.front());
  }

  KioskIdentity m_kiosk;
  WireChain m_chain{"supermarket"};
  int m_uuids = 0;
};

// The attack that was seen: a council award of +500 pushed with a kiosk's key was applied.
// Every kind that creates or removes credit is the office's alone.
TEST_F(Trust, EveryKindThatCreatesCreditIsRefusedNamingTheEntryAndChangesNothing) {
  const auto before = officeState();
  const struct {
    core::EntryKind kind;
    int score, points;
  } cases[] = {{core::EntryKind::CouncilAward, 500, 500},
               {core::EntryKind::CouncilDeduction, -5, 0},
               {core::EntryKind::VolunteerHours, 4, 8},
               {core::EntryKind::FundReward, 0, 500}};
  int seq = 0;
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(core::toString(c.kind)));
    const auto w = entry(c.kind, c.score, c.points);
    const std::string why = "entry supermarket#" + std::to_string(++seq) + ": " +
                            std::string(core::toString(c.kind)) + ": a kiosk may not record this kind";
    expectRefused(pushNext(w), 422, "rejected", why);
    expectListedAsRefused(w, why);
  }
  EXPECT_EQ(officeState(), before) << "nothing of a refused entry reaches the ledger";
  EXPECT_EQ(m_office_ledger->balance(m_villagers[0])->score, core::kBaseScore);
  // Each refusal holds its seq, so the kiosk's next entry, a fair sale, still goes through.
  EXPECT_EQ(db::OfficeSync(*m_office_ledger).heldSeq("supermarket"), 4);
  const auto sale = pushNext(entry(core::EntryKind::Redemption, 0, -10, "SOAP*1"));
  ASSERT_TRUE(sale);
  EXPECT_EQ(sale->status, 200) << sale->body;
  EXPECT_EQ(m_office_ledger->balance(m_villagers[0])->points, kStartPoints - 10);
  expectVerifies();
}

TEST_F(Trust, AmountsAndFieldsThatDoNotFitAKioskEntryAreRefused) {
  // Another kiosk's sale, which this kiosk must not void.
  const auto other = enroll("laundry");
  auto sale = entry(core::EntryKind::Redemption, 0, -10, "SOAP*1");
  sale.uuid = "laundry-sale";
  const auto sold = signedPost(other, kPushPath, encodePush(WireChain("laundry")({sale})));
  ASSERT_TRUE(sold);
  ASSERT_EQ(sold->status, 200) << sold->body;

  const auto before = officeState();
  auto voidOther = entry(core::EntryKind::Void, 0, 10);
  voidOther.voids_uuid = "laundry-sale";
  auto future = entry(core::EntryKind::Redemption, 0, -10, "SOAP*1");
  future.at_ms = db::nowMs() + 7LL * 24 * 3'600'000;
  auto ancient = entry(core::EntryKind::Redemption, 0, -10, "SOAP*1");
  ancient.at_ms = 1000;
  const struct {
    const char* what;
    db::WireEntry w;
    const char* reason;
  } cases[] = {
      {"a redemption that lowers the score", entry(core::EntryKind::Redemption, -1, -10, "SOAP*1"),
       "never moves the score"},
      {"a redemption that adds points", entry(core::EntryKind::Redemption, 0, 10, "SOAP*1"),
       "must take points"},
      {"a redemption over the per-entry bound",
       entry(core::EntryKind::Redemption, 0, -static_cast<int>(core::kMaxKioskPoints) - 1, "SOAP*1"),
       "more points than one kiosk entry may move"},
      {"a booking that adds points", entry(core::EntryKind::Booking, 0, 5), "must take points"},
      {"a void of another kiosk's sale", voidOther, "only its own entries"},
      {"an entry dated next week", future, "not a time a kiosk can have recorded it"},
      {"an entry dated 1970", ancient, "not a time a kiosk can have recorded it"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    expectRefused(pushNext(c.w), 422, "rejected", c.reason);
    expectListedAsRefused(c.w, c.reason);
  }
  EXPECT_EQ(officeState(), before);
  expectVerifies();
}

// Three fund rewards of 2^30 - 1 points each once wrapped a villager's points through a 32-bit
// sum and left a ledger that no longer verified.
TEST_F(Trust, TheOverflowThatWasSeenIsRefusedAndTheLedgerStillVerifies) {
  const auto before = officeState();
  for (int i = 0; i < 3; ++i) {
    auto w = entry(core::EntryKind::FundReward, 0, 1073741823);
    expectRefused(pushNext(w), 422, "rejected", "a kiosk may not record this kind");
  }
  EXPECT_EQ(officeState(), before);
  // The office's own path refuses the same amount: over the per-entry bound.
  db::EntryDraft d;
  d.villager_id = m_villagers[0];
  d.kind = core::EntryKind::FundReward;
  d.points_delta = 1073741823;
  d.reference = "quarter";
  const auto r = m_office_ledger->append(d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, db::LedgerError::BadShape);
  EXPECT_EQ(officeState(), before);
  expectVerifies();
}

// A kiosk key could also take goods at any price: what the kiosk charged stands (the villager
// was told that price), and the office lists it with both figures.
TEST_F(Trust, AnUnderpricedRedemptionIsRecordedAndListedWithBothFigures) {
  const auto points = m_office_ledger->balance(m_villagers[0])->points;
  WireChain chain("supermarket");
  auto cheap = entry(core::EntryKind::Redemption, 0, -1, "SOAP*1");  // SOAP is 10 in the catalog
  auto fair = entry(core::EntryKind::Redemption, 0, -20, "SOAP*2");
  fair.kiosk_seq = 2;
  const auto r = signedPost(m_kiosk, kPushPath, encodePush(chain({cheap, fair})));
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  EXPECT_EQ(m_office_ledger->balance(m_villagers[0])->points, points - 21);
  const auto list = db::OfficeSync(*m_office_ledger).reconciliation();
  ASSERT_EQ(list.size(), 1u) << "only the entry charged off the catalog's prices";
  EXPECT_EQ(list[0].problem, "price");
  EXPECT_EQ(list[0].note, "charged 1, catalog 10");
  EXPECT_EQ(list[0].kiosk_id, "supermarket");
  EXPECT_EQ(list[0].entry_uuid, cheap.uuid);
  expectVerifies();
}

// The office keeps the head of each kiosk's chain; a push that does not extend it is refused
// (409 chain_break), changes nothing, and the kiosk is marked as needing attention.
TEST_F(Trust, APushThatDoesNotExtendTheHeldChainIsRefusedAndTheKioskIsMarked) {
  WireChain real("supermarket");
  auto a = entry(core::EntryKind::Redemption, 0, -10, "SOAP*1");
  auto b = entry(core::EntryKind::Redemption, 0, -10, "SOAP*1");
  b.kiosk_seq = 2;
  const auto first = signedPost(m_kiosk, kPushPath, encodePush(real({a, b})));
  ASSERT_TRUE(first);
  ASSERT_EQ(first->status, 200) << first->body;

  // A file forked after entry 1 (an older copy put back, then used): its entry 3 chains on
  // another entry 2.
  WireChain forked("supermarket");
  auto b2 = entry(core::EntryKind::Redemption, 0, -20, "SOAP*2");
  b2.kiosk_seq = 2;
  auto c2 = entry(core::EntryKind::Redemption, 0, -10, "SOAP*1");
  c2.kiosk_seq = 3;
  const auto fork = forked({a, b2, c2});
  const auto before = officeState();
  expectRefused(signedPost(m_kiosk, kPushPath, encodePush(std::vector{fork[2]})), 409,
                "chain_break", "entry supermarket#3 does not extend the chain the office holds");
  // Its entry 2 is not the one the office holds.
  expectRefused(signedPost(m_kiosk, kPushPath, encodePush(std::vector{fork[1]})), 409,
                "chain_break", "is not the entry the office holds at that seq");
  // The right content with a hash that does not follow.
  auto c = entry(core::EntryKind::Redemption, 0, -10, "SOAP*1");
  c.kiosk_seq = 3;
  auto forged = real({c});
  forged[0].hash[0] ^= 1;
  expectRefused(signedPost(m_kiosk, kPushPath, encodePush(forged)), 409, "chain_break",
                "does not extend");
  EXPECT_EQ(officeState(), before);

  const auto kiosks = db::OfficeSync(*m_office_ledger).kiosks();
  const auto it = std::find_if(kiosks.begin(), kiosks.end(),
                               [](const db::KioskRow& k) { return k.id == "supermarket"; });
  ASSERT_NE(it, kiosks.end());
  EXPECT_TRUE(it->chain_break_at_ms.has_value());
  EXPECT_NE(it->chain_break.find("supermarket#3"), std::string::npos) << it->chain_break;

  // The real continuation is still taken.
  const auto next = signedPost(m_kiosk, kPushPath, encodePush(real({c})));
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200) << next->body;
  expectVerifies();
}

// A kiosk file rolled back in place no longer holds the head the office acknowledged; a file
// replaced by an older copy is consistent with itself, and the office refuses what it pushes;
// a balance edited in the file fails the kiosk's own verify.
TEST_F(Trust, AKioskFileRolledBackReplacedOrEditedIsCaught) {
  const auto cfg = config(m_kiosk, m_port);
  const auto backup = m_dir.file("kiosk-backup.db");
  const auto edited = m_dir.file("kiosk-edited.db");
  const auto v = m_villagers[1];
  std::vector<std::string> office_uuids;
  {
    SyncClient client(cfg);
    ASSERT_TRUE(client.round().ok());
    KioskSide k(cfg.db_path, "supermarket", m_settings);
    ASSERT_TRUE(k.journal.redeem(cart(v, {{"SOAP", 1}})).ok());
    ASSERT_TRUE(k.journal.redeem(cart(v, {{"SOAP", 1}})).ok());
    ASSERT_TRUE(client.round().ok());
    ASSERT_EQ(k.journal.ackedSeq(), 2);
    ASSERT_TRUE(k.db.exec("VACUUM INTO '" + backup + "'").ok());
    ASSERT_TRUE(k.journal.redeem(cart(v, {{"OIL", 1}})).ok());
    ASSERT_TRUE(client.round().ok());
    ASSERT_EQ(k.journal.ackedSeq(), 3);
    EXPECT_EQ(k.journal.integrityProblem(), std::nullopt);
    ASSERT_TRUE(k.db.exec("VACUUM INTO '" + edited + "'").ok());
    for (const auto& r : rows(*m_office, "SELECT uuid FROM entries WHERE kiosk_id = ? ORDER BY kiosk_seq",
                              "supermarket")) {
      office_uuids.push_back(r[0]);
    }
    ASSERT_EQ(office_uuids.size(), 3u);
  }
  {
    // Rolled back in place: the newest entry deleted (the append-only trigger dropped first).
    KioskSide k(edited, "supermarket", m_settings);
    ASSERT_TRUE(k.db.exec("DROP TRIGGER entries_no_delete").ok());
    ASSERT_TRUE(k.db.exec("DROP TRIGGER stock_movements_no_delete").ok());
    ASSERT_TRUE(k.db.exec("DELETE FROM stock_movements WHERE entry_seq = 3").ok());
    ASSERT_TRUE(k.db.exec("DELETE FROM entries WHERE kiosk_seq = 3").ok());
    const auto problem = k.journal.chainProblem();
    ASSERT_TRUE(problem.has_value());
    EXPECT_NE(problem->find("no longer holds entry 3"), std::string::npos) << *problem;
  }
  {
    // A balance edited: the file's own verify fails.
    KioskSide k(backup, "supermarket", m_settings);
    EXPECT_EQ(k.journal.integrityProblem(), std::nullopt);
    ASSERT_TRUE(k.db.exec("UPDATE balances SET points = points + 500 WHERE villager_id = " +
                          std::to_string(v)).ok());
    const auto problem = k.journal.integrityProblem();
    ASSERT_TRUE(problem.has_value());
    EXPECT_NE(problem->find("does not verify"), std::string::npos) << *problem;
  }
  // Replaced by the older copy, then used: the office refuses what it pushes.
  const auto older = m_dir.file("kiosk-older.db");
  {
    KioskSide k(backup, "supermarket", m_settings);
    ASSERT_TRUE(k.db.exec("UPDATE balances SET points = points - 500 WHERE villager_id = " +
                          std::to_string(v)).ok());
    ASSERT_TRUE(k.db.exec("VACUUM INTO '" + older + "'").ok());
  }
  auto replaced = cfg;
  replaced.db_path = older;
  {
    KioskSide k(older, "supermarket", m_settings);
    EXPECT_EQ(k.journal.integrityProblem(), std::nullopt) << "consistent with itself";
    ASSERT_TRUE(k.journal.redeem(cart(v, {{"RICE", 1}})).ok());
    ASSERT_TRUE(k.journal.redeem(cart(v, {{"RICE", 1}})).ok());
  }
  SyncClient client(replaced);
  const auto r = client.round();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("chain_break"), std::string::npos) << r.error().message;
  std::vector<std::string> after;
  for (const auto& row : rows(*m_office, "SELECT uuid FROM entries WHERE kiosk_id = ? ORDER BY kiosk_seq",
                              "supermarket")) {
    after.push_back(row[0]);
  }
  EXPECT_EQ(after, office_uuids) << "the office keeps what it held and takes nothing of the fork";
  expectVerifies();
}

// Property: whatever amounts a kiosk key pushes (every kind, extreme values of both signs,
// voids of anything), the office's balances stay within range and its ledger verifies.
TEST_F(Trust, RandomExtremePushesNeverBreakTheLedger) {
  std::mt19937_64 rng(20261201);
  const int extremes[] = {0, 1, -1, 10, -10, 99'999, -100'000, -100'001, 1'000'000, -1'000'001,
                          1073741823, -1073741823, 2147483647 / 2, -(2147483647 / 2)};
  const core::EntryKind kinds[] = {core::EntryKind::CouncilAward, core::EntryKind::CouncilDeduction,
                                   core::EntryKind::VolunteerHours, core::EntryKind::FundReward,
                                   core::EntryKind::Redemption, core::EntryKind::Booking,
                                   core::EntryKind::Void};
  db::OfficeSync sync(*m_office_ledger);
  WireChain chain("supermarket");
  std::vector<std::string> uuids;
  int accepted = 0, refused = 0;
  for (int i = 0; i < 300; ++i) {
    db::WireEntry w;
    w.uuid = "p-" + std::to_string(i);
    w.kiosk_seq = sync.heldSeq("supermarket") + 1;
    w.villager_id = m_villagers[rng() % m_villagers.size()];
    w.kind = kinds[rng() % std::size(kinds)];
    w.score_delta = extremes[rng() % std::size(extremes)];
    w.points_delta = extremes[rng() % std::size(extremes)];
    if (rng() % 2) w.score_delta = 0;
    w.detail = "SOAP*" + std::to_string(1 + rng() % 3);
    w.at_ms = db::nowMs();
    if (w.kind == core::EntryKind::Void && !uuids.empty()) {
      w.voids_uuid = uuids[rng() % uuids.size()];
      if (const auto t = m_office_ledger->entryByUuid(*w.voids_uuid); t && rng() % 2) {
        w.villager_id = t->villager_id;  // a well-formed mirror half of the time
        w.score_delta = -t->score_delta;
        w.points_delta = -t->points_delta;
      }
    }
    WireChain attempt = chain;
    const auto batch = attempt({w});
    const auto r = sync.applyBatch("supermarket", batch);
    if (r) {
      ++accepted;
      uuids.push_back(w.uuid);
      EXPECT_TRUE(core::checkKioskEntry(w.kind, w.score_delta, w.points_delta).ok());
    } else {
      ++refused;
      EXPECT_EQ(r.error().code, db::PushError::Rejected) << r.error().message;
      EXPECT_EQ(r.error().held, w.kiosk_seq) << "the refusal holds its seq";
    }
    chain = attempt;
  }
  EXPECT_GT(accepted, 0);
  EXPECT_GT(refused, 0);
  EXPECT_EQ(sync.refusedEntries().size(), static_cast<std::size_t>(refused));
  for (const auto& row : rows(*m_office, "SELECT score, points FROM balances")) {
    EXPECT_LE(std::llabs(std::stoll(row[0])), core::kMaxBalance);
    EXPECT_LE(std::llabs(std::stoll(row[1])), core::kMaxBalance);
  }
  expectVerifies();
}

// No poison entry: an entry the office refuses (here a fund reward written into a kiosk's file,
// which no kiosk may push) never stops the kiosk from syncing the entries after it. The office
// holds its seq, lists it for staff with the reason, and the kiosk's figures agree with it.
TEST_F(Trust, ARefusedEntryInTheMiddleOfABacklogDoesNotStopTheEntriesAfterIt) {
  const auto cfg = config(m_kiosk, m_port);
  SyncClient client(cfg);
  ASSERT_TRUE(client.round().ok());
  KioskSide k(cfg.db_path, "supermarket", m_settings);
  const auto v = m_villagers[4];
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(k.journal.redeem(cart(v, {{"SOAP", 1}})).ok());
  db::EntryDraft poison;
  poison.kiosk_id = "supermarket";
  poison.villager_id = v;
  poison.kind = core::EntryKind::FundReward;
  poison.points_delta = 500;
  poison.reference = "quarter";
  const auto p = k.ledger.append(poison);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->entry.kiosk_seq, 6);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(k.journal.redeem(cart(v, {{"OIL", 1}})).ok());

  const auto r = client.round();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->refused, 1);
  EXPECT_EQ(client.pendingCount(), 0);
  EXPECT_EQ(db::OfficeSync(*m_office_ledger).heldSeq("supermarket"), 9);
  const auto refused = db::OfficeSync(*m_office_ledger).refusedEntries();
  ASSERT_EQ(refused.size(), 1u);
  EXPECT_EQ(refused[0].kiosk_seq, 6);
  EXPECT_EQ(refused[0].uuid, p->entry.uuid);
  EXPECT_NE(refused[0].reason.find("a kiosk may not record this kind"), std::string::npos);
  // The office counts the eight sales and not the reward; the kiosk shows the same.
  EXPECT_EQ(m_office_ledger->balance(v)->points, kStartPoints - 5 * 10 - 3 * 30);
  EXPECT_EQ(k.journal.standing(v).points, m_office_ledger->balance(v)->points);
  // Again: the refused seq is held, nothing is sent twice.
  const auto again = client.round();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->push_requests, 0);
  expectVerifies();
}

// Text that is not UTF-8 never enters a ledger, on the kiosk or at the office, so no kiosk can
// record what its encoder would send and the office would refuse on every retry.
TEST_F(Trust, TextThatIsNotUtf8IsRefusedBeforeItIsRecorded) {
  SyncClient client(config(m_kiosk, m_port));
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(m_kiosk, m_port).db_path, "supermarket", m_settings);
  auto d = cart(m_villagers[0], {{"SOAP", 1}});
  d.reference = "receipt \xE5\x88";
  const auto r = k.journal.redeem(d);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, db::LedgerError::BadInput);
  db::EntryDraft award;
  award.villager_id = m_villagers[0];
  award.kind = core::EntryKind::CouncilAward;
  award.score_delta = 1;
  award.points_delta = 2;
  award.reference = "\xC0\xAF";
  const auto a = m_office_ledger->append(award);
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().code, db::LedgerError::BadInput);
  // On the wire the office's parser refuses it too (400), before anything is looked at.
  auto w = entry(core::EntryKind::Redemption, 0, -10, "SOAP*1");
  w.reference = "\xFF";
  const auto pushed = signedPost(m_kiosk, kPushPath, encodePush(WireChain("supermarket")({w})));
  ASSERT_TRUE(pushed);
  EXPECT_EQ(pushed->status, 400) << pushed->body;
  EXPECT_EQ(db::OfficeSync(*m_office_ledger).heldSeq("supermarket"), 0);
}

}  // namespace
}  // namespace rc::sync::test
