// The staff at the kiosk, on a real ledger: the DB worker's side (KioskData, as rc-kiosk runs it
// on a copy of the demo village, whose keeper and secretary have the demo PIN) for the PIN
// lockout across a restart, voids that put stock, points and places back naming the staff
// member, restock and stock count, a request confirmed for its requester, the day close; and
// the controller's side for what the screens do (the PIN never in the state, two minutes idle).
#include <gtest/gtest.h>

#include "core/staff.h"
#include "db/day_close.h"
#include "db/services.h"
#include "db/staff.h"
#include "db/uuid.h"
#include "kiosk/app/controller.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/kiosk_data.h"
#include "kiosk_fixture.h"

namespace rc::kiosk {
namespace {

constexpr const char* kKiosk = "supermarket";
constexpr std::int64_t kMinute = 60'000;

class StaffOnTheLedger : public ::testing::Test {
 protected:
  void SetUp() override {
    path = test::villageCopy(dir);
    db = std::make_unique<db::Database>(path);
    ledger = std::make_unique<db::Ledger>(*db, core::Settings{});
    for (const auto& m : db::StaffRepo(*db).list()) {
      if (m.role == core::StaffRole::Keeper) keeper = m;
    }
    ASSERT_FALSE(keeper.name.empty()) << "the demo village has a keeper";
    start();
  }
  void start() {
    data = std::make_unique<KioskData>(path, core::Settings{}, kKiosk, std::nullopt,
                                       defaultServiceDesk());
  }
  template <class T>
  T ask(const Request& r) {
    Response res = data->handle(r);
    auto* out = std::get_if<T>(&res);
    EXPECT_NE(out, nullptr) << "answer #" << res.index();
    return out ? std::move(*out) : T{};
  }
  response::StaffPinChecked pin(std::string_view digits, std::int64_t at) {
    return ask<response::StaffPinChecked>(request::StaffPin{keeper.card_uid, std::string(digits), at});
  }
  std::int64_t count(const std::string& sql) {
    auto st = db->prepare(sql);
    auto row = st.step();
    EXPECT_TRUE(row && *row) << sql;
    return row && *row ? st.columnInt(0) : -1;
  }
  std::int64_t stockOf(const std::string& sku) {
    const std::vector<std::string> skus{sku};
    return db::Catalog(*db).productsBySku(skus).at(0).stock;
  }
  // A product with stock and a villager rich enough for two of it.
  void pickRedemption() {
    rich = test::pick(*db, test::Pick::MostPoints);
    for (const auto& p : db::Catalog(*db).products(true)) {
      if (!p.requires_welfare && p.stock >= 3 && p.price_points * 2 <= rich.points) {
        product = p;
        return;
      }
    }
    FAIL() << "no product to redeem";
  }
  response::Redeemed redeem(int quantity) {
    request::Redeem r;
    r.uuid = db::newUuid();
    r.villager = rich.id;
    r.lines = {{product.sku, quantity}};
    r.order_number = "T-1";
    return ask<response::Redeemed>(r);
  }

  rc::test::TempDir dir;
  std::string path;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<db::Ledger> ledger;
  std::unique_ptr<KioskData> data;
  db::StaffMember keeper;
  test::Someone rich;
  core::Product product;
};

TEST_F(StaffOnTheLedger, AStaffCardOpensThePinAndAVillagerCardDoesNot) {
  const auto card = ask<response::StaffCard>(request::LookupCard{keeper.card_uid});
  EXPECT_EQ(card.name, keeper.name);
  EXPECT_TRUE(card.has_pin);
  EXPECT_EQ(card.lock, core::PinLock{});
  const auto villager = test::pick(*db, test::Pick::MostPoints);
  EXPECT_TRUE(ask<response::Card>(request::LookupCard{villager.card}).villager.has_value());
  // A disabled staff card is no card at all.
  ASSERT_TRUE(db::StaffRepo(*db).setDisabled(keeper.name, true, db::nowMs()).ok());
  EXPECT_FALSE(ask<response::Card>(request::LookupCard{keeper.card_uid}).villager.has_value());
}

TEST_F(StaffOnTheLedger, FiveWrongPinsLockTheCardAcrossARestartAndEachMoreDoubles) {
  const std::int64_t t0 = db::nowMs();
  for (int i = 1; i <= 4; ++i) {
    const auto p = pin("000000", t0);
    EXPECT_FALSE(p.ok);
    EXPECT_FALSE(core::pinLocked(p.lock, t0)) << i;
    EXPECT_EQ(core::pinTriesLeft(p.lock), 5 - i);
  }
  auto fifth = pin("000000", t0);
  EXPECT_EQ(fifth.lock.locked_until_ms, t0 + kMinute);
  // Locked, even the right PIN is not checked; the office hears of the lock.
  EXPECT_FALSE(pin(core::kDemoStaffPin, t0 + 1000).ok);
  EXPECT_EQ(count("SELECT COUNT(*) FROM staff_events WHERE kind = 'locked' AND acked = 1"), 1);
  // A restart keeps it.
  data.reset();
  start();
  const auto card = ask<response::StaffCard>(request::LookupCard{keeper.card_uid});
  EXPECT_EQ(card.lock.failures, 5);
  EXPECT_EQ(card.lock.locked_until_ms, t0 + kMinute);
  EXPECT_FALSE(pin(core::kDemoStaffPin, t0 + kMinute - 1).ok);
  // The next wrong PIN after the minute locks it for two.
  const auto sixth = pin("000000", t0 + kMinute + 1000);
  EXPECT_EQ(sixth.lock.locked_until_ms, t0 + 3 * kMinute + 1000);
  EXPECT_EQ(count("SELECT COUNT(*) FROM staff_events WHERE kind = 'locked'"), 2);
  // The right PIN after that opens it and clears the count.
  const auto right = pin(core::kDemoStaffPin, t0 + 4 * kMinute);
  EXPECT_TRUE(right.ok);
  EXPECT_EQ(db::StaffRepo(*db).pinLock(keeper.card_uid), core::PinLock{});
  // Nothing of the PIN is kept anywhere in the file.
  EXPECT_EQ(count("SELECT COUNT(*) FROM staff_events WHERE card_uid LIKE '%135790%' OR "
                  "staff_name LIKE '%135790%'"),
            0);
}

TEST_F(StaffOnTheLedger, AVoidPutsPointsAndStockBackAndNamesTheStaffMember) {
  pickRedemption();
  const auto stock_before = stockOf(product.sku);
  const auto points_before = ledger->balance(rich.id)->points;
  const auto redeemed = redeem(2);
  ASSERT_EQ(stockOf(product.sku), stock_before - 2);
  auto day = ask<response::StaffDone>(request::LoadStaffDay{}).day;
  ASSERT_TRUE(day.has_value());
  ASSERT_FALSE(day->txns.empty());
  const StaffTxn row = day->txns.front();
  EXPECT_EQ(row.kind, core::EntryKind::Redemption);
  EXPECT_EQ(row.villager, rich.name);
  EXPECT_EQ(row.what, product.name + "×2");
  EXPECT_TRUE(row.voidable);
  const auto done = ask<response::StaffDone>(
      request::StaffVoid{row.uuid, core::VoidReason::Damaged, keeper.name, 0});
  EXPECT_NE(done.line.find("已作废"), std::string::npos) << done.line;
  EXPECT_EQ(stockOf(product.sku), stock_before);
  EXPECT_EQ(ledger->balance(rich.id)->points, points_before);
  const auto v = ledger->entryByUuid(row.uuid + ":void");
  ASSERT_TRUE(v.has_value());
  EXPECT_EQ(v->kind, core::EntryKind::Void);
  EXPECT_EQ(v->kiosk_id, kKiosk);
  EXPECT_EQ(v->reference, "商品有损坏 · 经手 " + keeper.name);
  ASSERT_TRUE(done.day.has_value());
  EXPECT_TRUE(done.day->txns.at(1).voided);
  EXPECT_FALSE(done.day->txns.at(1).voidable);
  // The same void again (a retry) is the same void: nothing more comes back.
  ask<response::StaffDone>(request::StaffVoid{row.uuid, core::VoidReason::Damaged, keeper.name, 0});
  EXPECT_EQ(stockOf(product.sku), stock_before);
  EXPECT_EQ(ledger->balance(rich.id)->points, points_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries WHERE voids_seq = (SELECT seq FROM entries WHERE "
                  "uuid = '" + row.uuid + "')"),
            1);
  // A void is not voided, and no entry of another kiosk is this kiosk's to void.
  const auto void_row = ask<response::StaffDone>(request::LoadStaffDay{}).day->txns.front();
  EXPECT_EQ(void_row.kind, core::EntryKind::Void);
  EXPECT_FALSE(void_row.voidable);
  const auto refused = ask<response::StaffRefused>(
      request::StaffVoid{void_row.uuid, core::VoidReason::Damaged, keeper.name, 0});
  EXPECT_NE(refused.words.find("没有办成"), std::string::npos) << refused.words;
  EXPECT_TRUE(ledger->verify().ok);
  (void)redeemed;
}

TEST_F(StaffOnTheLedger, AVoidOfABookingFreesItsPlaceEvenPastTheCutOff) {
  db::Services desk(*ledger);
  const auto now = db::nowMs();
  const auto who = test::pick(*db, test::Pick::MostPoints);
  std::optional<db::SlotView> slot;
  for (const auto& s : desk.slots(core::StationKind::Laundry, dayStartMs(now), dayStartMs(now) + 7 * kDayMs)) {
    if (s.slot.start_ms > now + 3'600'000 && s.free_places > 0 && s.slot.points_cost > 0) {
      slot = s;
      break;
    }
  }
  ASSERT_TRUE(slot.has_value()) << "an open laundry slot with a cost this week";
  const auto points_before = ledger->balance(who.id)->points;
  auto booked = ask<response::Served>(
      request::Book{db::newUuid(), core::StationKind::Laundry, who.id, 0, slot->slot.id});
  ASSERT_TRUE(booked.ticket.has_value());
  EXPECT_EQ(count("SELECT booked FROM slots WHERE id = " + std::to_string(slot->slot.id)),
            slot->slot.booked + 1);
  auto day = ask<response::StaffDone>(request::LoadStaffDay{}).day;
  ASSERT_TRUE(day.has_value());
  const StaffTxn row = day->txns.front();
  EXPECT_EQ(row.kind, core::EntryKind::Booking);
  EXPECT_EQ(row.villager, who.name);
  // Ten minutes before the slot: too late for the villager, not for the staff.
  const auto done = ask<response::StaffDone>(request::StaffVoid{
      row.uuid, core::VoidReason::WrongVillager, keeper.name, slot->slot.start_ms - 10 * kMinute});
  EXPECT_EQ(count("SELECT booked FROM slots WHERE id = " + std::to_string(slot->slot.id)),
            slot->slot.booked);
  EXPECT_EQ(ledger->balance(who.id)->points, points_before);
  EXPECT_EQ(count("SELECT COUNT(*) FROM bookings WHERE uuid = '" + row.uuid +
                  "' AND status = 'cancelled'"),
            1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries WHERE kind = 'void' AND kiosk_id = 'supermarket' "
                  "AND reference = '刷错了卡 · 经手 " + keeper.name + "'"),
            1);
  EXPECT_TRUE(ledger->verify().ok);
}

TEST_F(StaffOnTheLedger, RestockAndStockCountAreStockMovementsNamingTheStaffMember) {
  pickRedemption();
  const auto before = stockOf(product.sku);
  const auto restocked =
      ask<response::StaffDone>(request::Restock{product.sku, 12, keeper.name, 0});
  EXPECT_EQ(stockOf(product.sku), before + 12);
  EXPECT_NE(restocked.line.find("+12"), std::string::npos) << restocked.line;
  ASSERT_TRUE(restocked.products.has_value());
  const auto counted = ask<response::StaffDone>(
      request::StockCount{product.sku, static_cast<int>(before + 9), core::CountReason::Lost,
                          keeper.name, 0});
  EXPECT_EQ(stockOf(product.sku), before + 9);
  EXPECT_NE(counted.line.find("-3"), std::string::npos) << counted.line;
  EXPECT_EQ(count("SELECT COUNT(*) FROM stock_movements WHERE reason = 'count' AND delta = -3 "
                  "AND note = '丢失 · 经手 " + keeper.name + "' AND kiosk_id = 'supermarket'"),
            1);
  // A count that matches records nothing; a restock of none is refused.
  const auto movements = count("SELECT COUNT(*) FROM stock_movements");
  ask<response::StaffDone>(request::StockCount{product.sku, static_cast<int>(before + 9),
                                               core::CountReason::Lost, keeper.name, 0});
  ask<response::StaffRefused>(request::Restock{product.sku, 0, keeper.name, 0});
  ask<response::StaffRefused>(request::Restock{"NO-SUCH-SKU", 1, keeper.name, 0});
  EXPECT_EQ(count("SELECT COUNT(*) FROM stock_movements"), movements);
  // A standalone kiosk writes the office's own file: nothing waits to be pushed.
  EXPECT_EQ(count("SELECT COUNT(*) FROM stock_outbox"), 0);
  EXPECT_TRUE(ledger->verify().ok);
}

TEST_F(StaffOnTheLedger, StaffConfirmADoneRequestForItsRequester) {
  db::Services desk(*ledger);
  const auto now = db::nowMs();
  // A party member claims the oldest open request and marks it done.
  db::Roster roster(*db);
  core::VillagerId helper = 0;
  for (const auto& v : roster.villagers()) {
    if (v.party_member) {
      helper = v.id;
      break;
    }
  }
  ASSERT_NE(helper, 0);
  const auto open = desk.openOrders(helper);
  ASSERT_FALSE(open.empty());
  const auto& order = open.front();
  ASSERT_TRUE(desk.actOnOrder(order.uuid, core::OrderAction::Claim, {helper, false}, 0, now).ok());
  ASSERT_TRUE(desk.actOnOrder(order.uuid, core::OrderAction::Complete, {helper, false}, 90, now).ok());
  const auto listed = ask<response::StaffDone>(request::LoadStaffOrders{});
  ASSERT_TRUE(listed.orders.has_value());
  ASSERT_EQ(listed.orders->size(), 1u);
  EXPECT_EQ(listed.orders->front().uuid, order.uuid);
  const auto hours_before = count("SELECT COUNT(*) FROM entries WHERE kind = 'volunteer_hours'");
  const auto done = ask<response::StaffDone>(request::StaffConfirmOrder{order.uuid, 0});
  EXPECT_NE(done.line.find(order.ticket), std::string::npos) << done.line;
  ASSERT_TRUE(done.orders.has_value());
  EXPECT_TRUE(done.orders->empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM service_orders WHERE uuid = '" + order.uuid +
                  "' AND state = 'confirmed'"),
            1);
  // The volunteer's hours are credited as when the requester confirms.
  EXPECT_EQ(count("SELECT COUNT(*) FROM entries WHERE kind = 'volunteer_hours'"), hours_before + 1);
  ask<response::StaffRefused>(request::StaffConfirmOrder{order.uuid, 0});
}

TEST_F(StaffOnTheLedger, TheDayCloseCountsTheDayAndTheNextStartsAfterIt) {
  pickRedemption();
  redeem(1);
  const auto second = redeem(2);
  auto day = ask<response::StaffDone>(request::LoadStaffDay{}).day;
  ASSERT_TRUE(day.has_value());
  ask<response::StaffDone>(request::StaffVoid{day->txns.front().uuid,
                                              core::VoidReason::ChangedMind, keeper.name, 0});
  const auto closed = ask<response::StaffDone>(request::CloseDay{keeper.name, 0});
  ASSERT_TRUE(closed.closed.has_value());
  const db::DayCloseRow& z = *closed.closed;
  EXPECT_EQ(z.number, 1);
  EXPECT_EQ(z.kiosk_id, kKiosk);
  EXPECT_EQ(z.staff_name, keeper.name);
  EXPECT_EQ(z.first_seq, 1);
  EXPECT_EQ(z.last_seq, 3);
  const auto sum = core::parseDaySummary(z.summary);
  ASSERT_TRUE(sum.has_value());
  EXPECT_EQ(sum->redemptions, 2);
  EXPECT_EQ(sum->voids, 1);
  ASSERT_EQ(sum->products.size(), 1u);
  EXPECT_EQ(sum->products[0].key, product.sku);
  EXPECT_EQ(sum->products[0].count, 1);  // three redeemed, two voided
  EXPECT_EQ(closed.line, "日结完成：Z-0001");
  ASSERT_TRUE(closed.day.has_value());
  EXPECT_EQ(closed.day->next_number, 2);
  EXPECT_EQ(closed.day->open.entries, 0);
  // The day's list still shows the day; the next close starts after it.
  EXPECT_EQ(closed.day->txns.size(), 3u);
  redeem(1);
  const auto z2 = ask<response::StaffDone>(request::CloseDay{keeper.name, 0});
  ASSERT_TRUE(z2.closed.has_value());
  EXPECT_EQ(z2.closed->first_seq, 4);
  EXPECT_EQ(z2.closed->number, 2);
  (void)second;
}

// ---- the controller -------------------------------------------------------------------

TimePoint at(int seconds) { return TimePoint{} + std::chrono::seconds(1000 + seconds); }

response::StaffCard staffCard() {
  response::StaffCard c;
  c.uid = "5AF00001";
  c.name = "王秀英";
  c.now_ms = 1'800'000'000'000;
  return c;
}

TEST(StaffController, ThePinIsSentOnceAndNeverKeptInTheState) {
  Controller c(core::Settings{}, kKiosk);
  c.start(at(0));
  (void)c.takeRequests();
  c.onResponse(staffCard(), at(0));
  EXPECT_EQ(c.state().screen, ScreenId::StaffPin);
  for (int d : {1, 3, 5, 7, 9}) c.apply(intent::PinKey{d}, at(1));
  EXPECT_EQ(c.state().staff->pin_len, 5);
  c.apply(intent::PinErase{}, at(1));
  c.apply(intent::PinKey{9}, at(1));
  EXPECT_TRUE(c.takeRequests().empty());
  c.apply(intent::PinKey{0}, at(2));
  auto sent = c.takeRequests();
  ASSERT_EQ(sent.size(), 1u);
  const auto* p = std::get_if<request::StaffPin>(&sent[0]);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->pin, "135790");
  EXPECT_EQ(p->card_uid, "5AF00001");
  EXPECT_TRUE(c.state().staff->checking);
  // More keys while it is checked do nothing.
  c.apply(intent::PinKey{1}, at(2));
  EXPECT_TRUE(c.takeRequests().empty());
  response::StaffPinChecked wrong;
  wrong.lock = {1, 0};
  c.onResponse(wrong, at(3));
  EXPECT_TRUE(c.state().staff->wrong);
  EXPECT_EQ(c.state().staff->tries_left, 4);
  EXPECT_EQ(c.state().staff->pin_len, 0);
  response::StaffPinChecked locked;
  locked.lock = {5, 1'800'000'000'000 + 60'000};
  locked.now_ms = 1'800'000'000'000;
  c.onResponse(locked, at(4));
  EXPECT_EQ(c.state().staff->locked_minutes, 1);
  c.apply(intent::PinKey{1}, at(5));
  EXPECT_EQ(c.state().staff->pin_len, 0);  // the pad is shut while locked
}

TEST(StaffController, TheSessionEndsAfterTwoMinutesUntouched) {
  Controller c(core::Settings{}, kKiosk);
  c.start(at(0));
  c.onResponse(staffCard(), at(0));
  response::StaffPinChecked ok;
  ok.ok = true;
  c.onResponse(ok, at(1));
  EXPECT_EQ(c.state().screen, ScreenId::StaffMenu);
  c.tick(at(61));  // a villager's minute is not a staff member's
  EXPECT_EQ(c.state().screen, ScreenId::StaffMenu);
  EXPECT_FALSE(c.state().idle_warning);
  c.tick(at(110));
  EXPECT_TRUE(c.state().idle_warning);
  c.tick(at(122));
  EXPECT_EQ(c.state().screen, ScreenId::Attract);
  EXPECT_FALSE(c.state().staff.has_value());
}

TEST(StaffController, EveryActionIsAskedFirstAndBackUndoesIt) {
  Controller c(core::Settings{}, kKiosk);
  c.start(at(0));
  c.onResponse(staffCard(), at(0));
  response::StaffPinChecked ok;
  ok.ok = true;
  c.onResponse(ok, at(1));
  (void)c.takeRequests();
  c.apply(intent::StaffOpen{ScreenId::StaffToday, false}, at(2));
  ASSERT_EQ(c.takeRequests().size(), 1u);  // LoadStaffDay
  StaffDay day;
  StaffTxn t;
  t.uuid = "e-1";
  t.kind = core::EntryKind::Redemption;
  t.voidable = true;
  day.txns.push_back(t);
  response::StaffDone loaded;
  loaded.day = day;
  c.onResponse(loaded, at(2));
  c.apply(intent::StaffVoid{"e-1"}, at(3));
  EXPECT_EQ(c.state().screen, ScreenId::StaffReason);
  c.apply(intent::StaffVoidReason{core::VoidReason::Duplicate}, at(3));
  EXPECT_EQ(c.state().screen, ScreenId::StaffConfirm);
  EXPECT_TRUE(c.takeRequests().empty());  // nothing is recorded before the confirm
  c.apply(intent::StaffNo{}, at(4));
  EXPECT_EQ(c.state().screen, ScreenId::StaffToday);
  EXPECT_FALSE(c.state().staff->target.has_value());
  c.apply(intent::StaffVoid{"e-1"}, at(5));
  c.apply(intent::StaffVoidReason{core::VoidReason::Duplicate}, at(5));
  c.apply(intent::StaffYes{}, at(6));
  c.apply(intent::StaffYes{}, at(6));  // a second tap while the first is in flight
  auto sent = c.takeRequests();
  ASSERT_EQ(sent.size(), 1u);
  const auto* v = std::get_if<request::StaffVoid>(&sent[0]);
  ASSERT_NE(v, nullptr);
  EXPECT_EQ(v->uuid, "e-1");
  EXPECT_EQ(v->reason, core::VoidReason::Duplicate);
  EXPECT_EQ(v->staff, "王秀英");
  // A villager's card during a staff session ends it.
  response::Card card;
  card.uid = "04A1B2C3";
  VillagerCard vc;
  vc.id = 7;
  vc.name = "刘桂兰";
  card.villager = vc;
  c.onResponse(card, at(7));
  EXPECT_FALSE(c.state().staff.has_value());
  EXPECT_EQ(c.state().screen, ScreenId::Home);
}

}  // namespace
}  // namespace rc::kiosk
