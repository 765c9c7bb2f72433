// Staff work across a kiosk and the office (a real server on 127.0.0.1 over TLS): staff
// accounts reaching a kiosk's file as hashes, stock movements, day closes and lockouts pushed
// and applied once however often they are sent, the kiosk's shelves right after each pull,
// what the office cannot take listed for the staff without refusing the push, and
// `rc-office reconcile` agreeing with a kiosk's day close, then finding each kind of
// difference.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "db/day_close.h"
#include "db/kiosk_services.h"
#include "db/reconcile.h"
#include "db/services.h"
#include "db/staff.h"
#include "office/cli.h"
#include "sync_fixture.h"

namespace rc::sync::test {
namespace {

constexpr std::int64_t kHourMs = 3'600'000;

class StaffSyncTest : public SyncFixture {
 protected:
  struct Kiosk {
    Kiosk(StaffSyncTest& t, const std::string& id)
        : identity(t.enroll(id)), client(t.config(identity, t.m_port)),
          side(t.config(identity, t.m_port).db_path, id, t.m_settings) {}
    KioskIdentity identity;
    SyncClient client;
    KioskSide side;
    const std::string& id() const { return identity.kiosk_id; }
  };

  std::int64_t officeInt(const std::string& sql) {
    auto st = m_office->prepare(sql);
    auto row = st.step();
    return row && *row ? st.columnInt(0) : -1;
  }
  static std::int64_t stockOf(db::Database& d, const std::string& sku) {
    auto st = d.prepare("SELECT stock FROM products WHERE sku = ?");
    st.bind(1, sku);
    auto row = st.step();
    return row && *row ? st.columnInt(0) : -1;
  }

  static db::StockMovementWire movement(std::string uuid, std::string sku, int delta,
                                        std::string reason) {
    db::StockMovementWire m;
    m.uuid = std::move(uuid);
    m.sku = std::move(sku);
    m.delta = delta;
    m.reason = std::move(reason);
    if (m.reason == "count") m.note = core::countNote(core::CountReason::Damaged, "两包破了", "王秀英");
    m.staff_name = "王秀英";
    m.at_ms = db::nowMs();
    return m;
  }

  // rc-office as the clerk runs it, on the office's file.
  int office(const std::vector<std::string>& args, std::string* out_text = nullptr) {
    std::vector<std::string> all = {"--db", m_dir.file("office.db")};
    all.insert(all.end(), args.begin(), args.end());
    std::ostringstream out;
    std::ostringstream err;
    const int rc = office::runOffice(all, out, err);
    if (out_text) *out_text = out.str() + err.str();
    return rc;
  }
};

TEST_F(StaffSyncTest, AStaffAccountReachesTheKioskAsAHashAndItsDisablingFollows) {
  db::StaffRepo repo(*m_office);
  ASSERT_TRUE(repo.add("王秀英", "STAFF01", core::StaffRole::Keeper, db::nowMs()).ok());
  const auto hash = db::hashPin("246810", db::PinCost::Minimal);
  ASSERT_FALSE(hash.empty());
  ASSERT_TRUE(repo.setPinHash("王秀英", hash, db::nowMs()).ok());
  Kiosk k(*this, "supermarket");
  ASSERT_TRUE(k.client.round().ok());
  db::StaffRepo mirror(k.side.db);
  auto m = mirror.byCard("STAFF01");
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ(m->name, "王秀英");
  EXPECT_EQ(m->pin_hash, hash);
  EXPECT_TRUE(db::pinMatches(m->pin_hash, "246810"));
  EXPECT_FALSE(db::pinMatches(m->pin_hash, "246811"));
  EXPECT_FALSE(m->disabled);

  ASSERT_TRUE(repo.setDisabled("王秀英", true, db::nowMs()).ok());
  ASSERT_TRUE(k.client.round().ok());
  m = mirror.byCard("STAFF01");
  ASSERT_TRUE(m.has_value());
  EXPECT_TRUE(m->disabled);
  ASSERT_TRUE(repo.setDisabled("王秀英", false, db::nowMs()).ok());
  ASSERT_TRUE(k.client.round().ok());
  EXPECT_FALSE(mirror.byCard("STAFF01")->disabled);
}

TEST_F(StaffSyncTest, StaffWorkIsAppliedOnceAndTheKioskShelvesStayRight) {
  Kiosk k(*this, "supermarket");
  ASSERT_TRUE(k.client.round().ok());
  auto& kd = k.side.db;
  ASSERT_TRUE(db::recordStockMovement(kd, movement("mv-restock-1", "RICE", 20, "receive"), k.id(), true).ok());
  ASSERT_TRUE(db::recordStockMovement(kd, movement("mv-count-1", "SOAP", -2, "count"), k.id(), true).ok());
  db::StaffEventRow lock;
  lock.uuid = "lock-1";
  lock.kiosk_id = k.id();
  lock.staff_name = "王秀英";
  lock.card_uid = "STAFF01";
  lock.failures = 5;
  lock.at_ms = db::nowMs();
  lock.until_ms = lock.at_ms + 60'000;
  ASSERT_TRUE(db::recordStaffEvent(kd, lock, false).ok());
  ASSERT_TRUE(k.side.journal.redeem(cart(m_villagers[0], {{"RICE", 2}})).ok());
  ASSERT_TRUE(db::closeDay(kd, k.id(), "王秀英", db::nowMs()).ok());
  EXPECT_EQ(k.side.journal.pendingStaffWork(), 4);

  auto r = k.client.round();
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->staff_items, 4);
  EXPECT_EQ(k.side.journal.pendingStaffWork(), 0);
  EXPECT_EQ(stockOf(*m_office, "RICE"), 200 + 20 - 2);
  EXPECT_EQ(stockOf(*m_office, "SOAP"), 6 - 2);
  EXPECT_EQ(officeInt("SELECT count(*) FROM stock_movements WHERE uuid IS NOT NULL"), 2);
  EXPECT_EQ(officeInt("SELECT count(*) FROM day_closes WHERE kiosk_id = 'supermarket' AND acked = 1"), 1);
  EXPECT_EQ(officeInt("SELECT count(*) FROM staff_events WHERE kiosk_id = 'supermarket' AND acked = 1"), 1);
  EXPECT_EQ(officeInt("SELECT count(*) FROM staff_reconciliation"), 0);
  expectIdentical(k.side);

  // The same work again (an answer lost on the way back): nothing changes twice.
  db::StaffWork again;
  again.movements = {movement("mv-restock-1", "RICE", 20, "receive")};
  again.movements[0].at_ms = officeInt("SELECT at_ms FROM stock_movements WHERE uuid = 'mv-restock-1'");
  auto close = db::lastDayClose(kd, k.id());
  ASSERT_TRUE(close.has_value());
  close->kiosk_id.clear();
  again.closes = {*close};
  lock.kiosk_id.clear();
  again.events = {lock};
  for (int i = 0; i < 2; ++i) {
    auto res = signedPost(k.identity, kPushPath, encodePush({}, {}, again));
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << res->body;
  }
  EXPECT_EQ(stockOf(*m_office, "RICE"), 200 + 20 - 2);
  EXPECT_EQ(officeInt("SELECT count(*) FROM stock_movements WHERE uuid IS NOT NULL"), 2);
  EXPECT_EQ(officeInt("SELECT count(*) FROM day_closes"), 1);
  EXPECT_EQ(officeInt("SELECT count(*) FROM staff_events"), 1);
  EXPECT_EQ(officeInt("SELECT count(*) FROM staff_reconciliation"), 0);

  // A pull landing while a restock waits for the office: the kiosk's shelf keeps it.
  db::Catalog office_catalog(*m_office);
  ASSERT_TRUE(office_catalog.moveStock("RICE", 5, "receive", std::nullopt, db::nowMs(), "").ok());
  ASSERT_TRUE(db::recordStockMovement(kd, movement("mv-restock-2", "RICE", 3, "receive"), k.id(), true).ok());
  db::OfficeSync office_sync(*m_office_ledger);
  auto page = office_sync.pull(k.id(), k.side.journal.pullCursor(), 1000);
  ASSERT_TRUE(page.ok());
  ASSERT_TRUE(k.side.journal.applyPull(*page).ok());
  EXPECT_EQ(stockOf(kd, "RICE"), 218 + 5 + 3) << "the office's count plus the restock not yet sent";
  ASSERT_TRUE(k.client.round().ok());
  EXPECT_EQ(stockOf(*m_office, "RICE"), 218 + 5 + 3);
  expectIdentical(k.side);
}

TEST_F(StaffSyncTest, WhatTheOfficeCannotTakeIsListedAndNeverRefusesThePush) {
  Kiosk k(*this, "supermarket");
  ASSERT_TRUE(k.client.round().ok());
  ASSERT_TRUE(db::closeDay(k.side.db, k.id(), "王秀英", db::nowMs()).ok());
  ASSERT_TRUE(k.client.round().ok());
  auto held = db::lastDayClose(k.side.db, k.id());
  ASSERT_TRUE(held.has_value());

  db::StaffWork work;
  work.movements = {movement("mv-unknown", "CAVIAR", 4, "receive"),
                    movement("mv-too-many", "SOAP", -50, "count")};
  db::DayCloseRow other = *held;
  other.kiosk_id.clear();
  other.staff_name = "李四";  // the same number with other figures
  work.closes = {other};
  std::string body = encodePush({}, {}, work);
  // And an item nobody can read: a movement whose delta is text.
  body.insert(body.find("\"stock_movements\":[") + 19,
              R"({"uuid":"mv-bad","sku":"RICE","delta":"many","reason":"receive","note":"",)"
              R"("staff_name":"王秀英","at_ms":1},)");
  auto res = signedPost(k.identity, kPushPath, body);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  db::OfficeSync office_sync(*m_office_ledger);
  std::map<std::string, std::string> lines;
  for (const auto& p : office_sync.staffProblems()) lines[p.subject] = p.problem;
  EXPECT_EQ(lines["mv-unknown"], "unknown_product");
  EXPECT_EQ(lines["mv-too-many"], "refused_movement");
  EXPECT_EQ(lines["mv-bad"], "refused_movement");
  EXPECT_EQ(lines["Z-0001"], "close_conflict");
  EXPECT_EQ(stockOf(*m_office, "SOAP"), 6) << "a count below zero moves nothing";
  EXPECT_EQ(db::dayClose(*m_office, k.id(), 1)->staff_name, "王秀英") << "the first close stands";
  std::string text;
  EXPECT_EQ(office({"overdrafts"}, &text), 0);
  EXPECT_NE(text.find("mv-unknown"), std::string::npos) << text;
  EXPECT_NE(text.find("close_conflict"), std::string::npos) << text;

  // More items than a push may carry: the body is refused whole (400), nothing applied.
  db::StaffWork flood;
  for (std::size_t i = 0; i <= kMaxStockMovements; ++i) {
    flood.movements.push_back(movement("mv-flood-" + std::to_string(i), "RICE", 1, "receive"));
  }
  auto big = signedPost(k.identity, kPushPath, encodePush({}, {}, flood));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 400);
  EXPECT_EQ(stockOf(*m_office, "RICE"), 200);
}

TEST(StaffWire, StaffWorkAndStaffRowsTravelAsTheyWereAndBadItemsAreNamed) {
  db::StaffWork w;
  w.movements = {{"mv-1", "RICE", -3, "count", "损坏：两包破了 · 经手 王秀英", "王秀英", 1'790'000'000'000}};
  db::DayCloseRow c;
  c.number = 3;
  c.day = "2026-12-04";
  c.first_seq = 5;
  c.last_seq = 9;
  c.head_hash[0] = 0xAB;
  c.summary = core::encodeDaySummary({});
  c.staff_name = "王秀英";
  c.closed_at_ms = 1'790'000'000'000;
  w.closes = {c};
  db::StaffEventRow e;
  e.uuid = "lock-1";
  e.card_uid = "04A1B2C3";
  e.failures = 6;
  e.until_ms = 1'790'000'120'000;
  e.at_ms = 1'790'000'000'000;
  w.events = {e};
  const auto body = encodePush({}, {}, w);
  auto back = decodeStaffWork(body);
  ASSERT_TRUE(back.ok()) << back.error();
  EXPECT_TRUE(back->unreadable.empty());
  EXPECT_EQ(back->work.movements, w.movements);
  EXPECT_EQ(back->work.closes, w.closes);
  EXPECT_EQ(back->work.events, w.events);
  ASSERT_TRUE(decodePush(body).ok()) << "an entries-only reader takes the same body";
  EXPECT_TRUE(decodeStaffWork(encodePush({}, {}, db::StaffWork{}))->work.empty());

  // Each bad item is named and kept apart; the others are read.
  const std::string bad = R"({"entries": [], "day_closes": [)"
                          R"({"number": 4, "day": "2026-02-30", "first_seq": 1, "last_seq": 0,)"
                          R"( "head_hash": "00", "summary": "", "staff_name": "x", "closed_at_ms": 1}],)"
                          R"( "staff_events": [{"uuid": "ok-1", "kind": "locked", "staff_name": "",)"
                          R"( "card_uid": "04", "failures": 5, "until_ms": 0, "at_ms": 1},)"
                          R"( {"uuid": "bad id", "kind": "locked"}, 7]})";
  auto mixed = decodeStaffWork(bad);
  ASSERT_TRUE(mixed.ok()) << mixed.error();
  EXPECT_EQ(mixed->work.events.size(), 1u);
  ASSERT_EQ(mixed->unreadable.size(), 3u);
  EXPECT_EQ(mixed->unreadable[0].what, "close");
  EXPECT_EQ(mixed->unreadable[0].id, "Z-0004");
  EXPECT_NE(mixed->unreadable[0].reason.find("'day'"), std::string::npos);
  EXPECT_EQ(mixed->unreadable[1].id, "");
  EXPECT_EQ(mixed->unreadable[2].what, "event");
  EXPECT_FALSE(decodeStaffWork(R"({"entries": [], "stock_movements": {}})").ok());

  db::PullPage page;
  page.staff = {{7, "王秀英", "04A1B2C3", core::StaffRole::Secretary, "$argon2id$v=19$x", true}};
  auto pulled = decodePullPage(encodePullPage(page));
  ASSERT_TRUE(pulled.ok()) << pulled.error();
  EXPECT_EQ(pulled->staff, page.staff);
}

class StaffReconcileTest : public StaffSyncTest {
 protected:
  void SetUp() override {
    StaffSyncTest::SetUp();
    if (HasFatalFailure()) return;
    db::Services office(*m_office_ledger);
    ASSERT_TRUE(office.addStation(core::StationKind::Laundry, "净衣社").ok());
    auto s = office.addSlot(core::StationKind::Laundry, db::nowMs() + 24 * kHourMs, 4, 20);
    ASSERT_TRUE(s.ok());
    m_slot = *s;
  }

  // A kiosk's day: two redemptions, a booking, a void of the first redemption; then its close.
  void aDayAt(Kiosk& k) {
    ASSERT_TRUE(k.client.round().ok());
    const auto first = k.side.journal.redeem(cart(m_villagers[0], {{"OIL", 2}}));
    ASSERT_TRUE(first.ok());
    ASSERT_TRUE(k.side.journal.redeem(cart(m_villagers[1], {{"RICE", 1}, {"SOAP", 1}})).ok());
    db::KioskServices desk(k.side.ledger, k.side.journal, {core::StationKind::Laundry});
    db::NewBooking b;
    b.villager_id = m_villagers[2];
    b.slot_id = m_slot;
    b.office_reachable = true;
    auto booked = desk.book(b);
    ASSERT_TRUE(booked.ok()) << booked.error().message;
    db::VoidDraft v;
    v.kiosk_id = k.id();
    v.target_seq = first->entry.seq;
    v.reason = core::voidReference(core::VoidReason::WrongItem, "", "王秀英");
    ASSERT_TRUE(k.side.ledger.voidEntry(v).ok());
    auto close = db::closeDay(k.side.db, k.id(), "王秀英", db::nowMs());
    ASSERT_TRUE(close.ok()) << close.error().message;
    EXPECT_EQ(close->last_seq, 4);
    auto r = k.client.round();
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  // A close pushed as a kiosk would (raw), for the cases a working kiosk never makes.
  void pushClose(Kiosk& k, db::DayCloseRow c) {
    c.kiosk_id.clear();
    db::StaffWork w;
    w.closes = {c};
    auto res = signedPost(k.identity, kPushPath, encodePush({}, {}, w));
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
  }

  std::int64_t m_slot = 0;
};

TEST_F(StaffReconcileTest, ADayCloseAgreesWithTheOfficeThenEachDifferenceIsNamed) {
  Kiosk k(*this, "supermarket");
  aDayAt(k);
  const std::string today = core::chinaDay(db::nowMs());
  auto rep = db::reconcileDay(*m_office, today);
  ASSERT_TRUE(rep.ok()) << rep.error().message;
  ASSERT_EQ(rep->kiosks.size(), 1u);
  ASSERT_EQ(rep->kiosks[0].closes.size(), 1u);
  const auto& check = rep->kiosks[0].closes[0];
  EXPECT_TRUE(rep->agrees()) << (check.differences.empty() ? "" : check.differences.front());
  ASSERT_TRUE(check.office.has_value());
  EXPECT_EQ(check.office->redemptions, 2);
  EXPECT_EQ(check.office->bookings, 1);
  EXPECT_EQ(check.office->voids, 1);
  std::string text;
  EXPECT_EQ(office({"reconcile", "--day", today}, &text), 0) << text;
  EXPECT_NE(text.find("All agree."), std::string::npos) << text;
  EXPECT_NE(text.find("Z-0001"), std::string::npos) << text;
  EXPECT_EQ(office({"--json", "reconcile", "--day", today, "--kiosk", "supermarket"}, &text), 0);

  // A close whose figures are not the office's: one redemption more than the entries hold.
  auto base = db::lastDayClose(k.side.db, k.id());
  ASSERT_TRUE(base.has_value());
  auto summary = core::parseDaySummary(base->summary);
  ASSERT_TRUE(summary.has_value());
  summary->redemptions += 1;
  db::DayCloseRow figures = *base;
  figures.number = 2;
  figures.first_seq = base->first_seq;  // (also overlaps Z-0001: named too)
  figures.summary = core::encodeDaySummary(*summary);
  pushClose(k, figures);
  EXPECT_EQ(office({"reconcile", "--day", today}, &text), 1) << text;
  EXPECT_NE(text.find("redemptions: kiosk 3, office 2"), std::string::npos) << text;
  EXPECT_NE(text.find("Z-0002"), std::string::npos) << text;
}

TEST_F(StaffReconcileTest, AnEntryTheOfficeNeverHeldAndAForeignChainHeadDisagree) {
  Kiosk k(*this, "supermarket");
  aDayAt(k);
  const std::string today = core::chinaDay(db::nowMs());
  auto base = db::lastDayClose(k.side.db, k.id());
  ASSERT_TRUE(base.has_value());
  // A sale never pushed, closed as Z-0002 and that close alone pushed.
  ASSERT_TRUE(k.side.journal.redeem(cart(m_villagers[3], {{"RICE", 1}})).ok());
  auto z2 = db::closeDay(k.side.db, k.id(), "王秀英", db::nowMs());
  ASSERT_TRUE(z2.ok());
  pushClose(k, *z2);
  std::string text;
  EXPECT_EQ(office({"reconcile", "--day", today, "--kiosk", "supermarket"}, &text), 1) << text;
  EXPECT_NE(text.find("office holds entries up to 4, the close runs to 5"), std::string::npos) << text;
  EXPECT_NE(text.find("redemptions: kiosk 1, office 0"), std::string::npos) << text;

  // Now the office holds it, and Z-0002 agrees; a Z-0003 with a head from another chain does not.
  ASSERT_TRUE(k.client.round().ok());
  EXPECT_EQ(office({"reconcile", "--day", today}, &text), 0) << text;
  db::DayCloseRow forged = *z2;
  forged.number = 3;
  forged.first_seq = 6;
  forged.last_seq = 5;
  forged.summary = core::encodeDaySummary({});
  forged.head_hash[0] ^= 0xFF;  // an empty day must carry the previous head
  pushClose(k, forged);
  db::DayCloseRow z4 = forged;
  z4.number = 4;
  z4.first_seq = 1;
  z4.last_seq = 5;
  z4.head_hash = z2->head_hash;
  z4.head_hash[31] ^= 0x01;
  pushClose(k, z4);
  auto rep = db::reconcileDay(*m_office, today, "supermarket");
  ASSERT_TRUE(rep.ok());
  EXPECT_FALSE(rep->agrees());
  bool head_named = false;
  for (const auto& c : rep->kiosks[0].closes) {
    for (const auto& d : c.differences) head_named = head_named || d.find("chain head differs") != std::string::npos;
  }
  EXPECT_TRUE(head_named);
  EXPECT_EQ(office({"--json", "reconcile", "--day", today}, &text), 1);
  const auto j = nlohmann::json::parse(text.substr(0, text.rfind('}') + 1));
  EXPECT_FALSE(j.at("agrees").get<bool>());
  EXPECT_GE(j.at("difference_count").get<int>(), 2);
}

TEST_F(StaffReconcileTest, AKioskWithoutACloseAndBadInput) {
  Kiosk a(*this, "supermarket");
  aDayAt(a);
  Kiosk b(*this, "laundry");
  ASSERT_TRUE(b.client.round().ok());
  const std::string today = core::chinaDay(db::nowMs());
  std::string text;
  EXPECT_EQ(office({"reconcile", "--day", today}, &text), 1) << text;
  EXPECT_NE(text.find("Kiosk laundry"), std::string::npos) << text;
  EXPECT_NE(text.find("no day close"), std::string::npos) << text;
  EXPECT_EQ(office({"reconcile", "--day", today, "--kiosk", "supermarket"}, &text), 0) << text;
  EXPECT_EQ(office({"reconcile", "--day", "2026-02-30"}, &text), 2);
  EXPECT_NE(text.find("not a day"), std::string::npos) << text;
  EXPECT_EQ(office({"reconcile", "--day", today, "--kiosk", "nowhere"}, &text), 2);
  EXPECT_NE(text.find("no kiosk named 'nowhere'"), std::string::npos) << text;
  EXPECT_EQ(office({"reconcile"}, &text), 2);
}

}  // namespace
}  // namespace rc::sync::test
