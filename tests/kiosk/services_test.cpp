// The service hub's screens and flow, headless in this process: rc-kiosk's own KioskApp on a
// copy of the demo village, its DB worker reaching the hub through an in-memory
// db::ServiceDesk (fake_service_desk.h), scripts driving it as a villager would. What the
// kiosk asked of the hub is checked on the desk; what it showed, in the layout and the
// screenshots (written under the build folder, kiosk-shots/services-*).
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "db/roster.h"
#include "kiosk/app/controller.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/tour.h"
#include "kiosk/kiosk_app.h"
#include "fake_service_desk.h"
#include "kiosk_fixture.h"
#include "screenshot_probe.h"

namespace rc::kiosk {
namespace {

using test::FakeServiceDesk;
using test::Pick;

const std::string kShots = RC_KIOSK_SHOTS_DIR;

// The layout audit (layout_audit_test.cpp) on screens drawn in this process: tap targets of at
// least 80 px, text of at least 32 px with a contrast of at least 7:1, unique tappable ids,
// nothing off the 1920×1080 screen. Returns how many texts were checked.
int expectAudited(const std::vector<ui::Layout>& layouts) {
  int texts = 0;
  for (const auto& l : layouts) {
    std::set<std::string> ids;
    for (const auto& e : l.elements) {
      if (e.tappable) {
        EXPECT_GE(e.w, 80.f) << l.screen << " " << e.id;
        EXPECT_GE(e.h, 80.f) << l.screen << " " << e.id;
        EXPECT_TRUE(ids.insert(e.id).second) << l.screen << " " << e.id;
      }
      if (e.text.empty() || e.inert) continue;
      ++texts;
      EXPECT_GE(e.font_px, 32.f) << l.screen << " " << e.id;
      EXPECT_GE(ui::contrastRatio(e.text_rgb, e.bg_rgb), 7.0)
          << l.screen << " " << e.id << " " << e.text;
      EXPECT_LE(e.x + e.w, 1920.5f) << l.screen << " " << e.id << " " << e.text;
      EXPECT_LE(e.y + e.h, 1080.5f) << l.screen << " " << e.id << " " << e.text;
    }
  }
  return texts;
}

class ServicesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path = test::villageCopy(dir);
    db = std::make_unique<db::Database>(path);
    now = db::nowMs();
    tomorrow = dayStartMs(now) + kDayMs;
    desk = std::make_unique<FakeServiceDesk>(*db, core::Settings{}, now);
    laundry = desk->addSlot(core::StationKind::Laundry, tomorrow + 9 * 3'600'000, 6, 5);
    laundry2 = desk->addSlot(core::StationKind::Laundry, tomorrow + 14 * 3'600'000, 6, 5);
    desk->addSlot(core::StationKind::Laundry, tomorrow + 2 * kDayMs + 9 * 3'600'000, 4, 5);
    machinery = desk->addSlot(core::StationKind::FarmMachinery, tomorrow + 7 * 3'600'000, 3, 0);
    canteen = desk->addSlot(core::StationKind::WarmCanteen, tomorrow + 41'400'000, 30, 0);
  }

  // Runs `script` on a fresh kiosk; 0 or the runner's failure (with its message in `log`).
  int run(const std::string& script, const std::string& shots = "",
          bool with_desk = true) {
    KioskOptions o;
    o.db_path = path;
    o.headless = true;
    if (with_desk) o.service_desk = test::factoryFor(*desk);
    app.reset();  // one ImGui context at a time
    app = std::make_unique<KioskApp>(o);
    return more(script, shots);
  }
  // Goes on with `script` on the same kiosk (after the test changed something behind it).
  int more(const std::string& script, const std::string& shots = "") {
    auto parsed = parseScript(script);
    EXPECT_TRUE(static_cast<bool>(parsed));
    if (!parsed) return 2;
    log.str("");
    const int code =
        app->runScript(parsed.value(), shots.empty() ? "" : kShots + "/services-" + shots, log);
    std::ofstream out(dir.file("layout.json"));
    writeLayoutJson(app->screensSeen(), app->width(), app->height(), out);
    return code;
  }
  const ui::Layout* screen(const std::string& name) const {
    for (const auto& l : app->screensSeen()) {
      if (l.screen == name) return &l;
    }
    return nullptr;
  }
  bool tappable(const std::string& screen_name, const std::string& prefix) const {
    const auto* l = screen(screen_name);
    if (!l) return false;
    for (const auto& e : l->elements) {
      if (e.tappable && e.enabled && e.id.rfind(prefix, 0) == 0) return true;
    }
    return false;
  }
  void expectShots(const std::string& folder,
                   const std::vector<std::pair<std::string, std::string>>& shots) {
    const auto probed = test::expectScreenshotsShowTheirLayout(kShots + "/services-" + folder,
                                                              dir.file("layout.json"), shots);
    EXPECT_GE(probed.buttons, static_cast<int>(shots.size()));
  }
  // A villager with a card, by a test of the roster row.
  template <class F>
  test::Someone someone(F want, core::VillagerId not_this = 0) {
    db::Roster roster(*db);
    for (const auto& v : roster.villagers()) {
      const auto cards = roster.cardsOf(v.id);
      if (cards.empty() || v.id == not_this || !want(v)) continue;
      return {v.id, v.name, cards.front(), desk->person(v.id).points, desk->person(v.id).score};
    }
    ADD_FAILURE() << "no such villager in the demo village";
    return {};
  }
  test::Someone volunteer(core::VillagerId not_this = 0) {
    return someone([](const db::Villager& v) { return v.party_member; }, not_this);
  }

  rc::test::TempDir dir;
  std::string path;
  std::unique_ptr<db::Database> db;
  std::int64_t now = 0;
  std::int64_t tomorrow = 0;
  std::unique_ptr<FakeServiceDesk> desk;
  std::int64_t laundry = 0, laundry2 = 0, machinery = 0, canteen = 0;
  std::unique_ptr<KioskApp> app;
  std::ostringstream log;
};

TEST_F(ServicesTest, ALaundrySlotFromAScanInThreeTaps) {
  const auto who = test::pick(*db, Pick::MostPoints);
  const int points = desk->person(who.id).points;
  const std::string slot = "services.slot." + std::to_string(laundry);
  ASSERT_EQ(run("scan " + who.card + "\nexpect screen home\n"
                "tap home.services\nexpect screen services\nexpect text 净衣社\nexpect text 剩 6 位\n"
                "screenshot services\n"
                "tap " + slot + "\nexpect screen confirm\nexpect text 确认预约吗\n"
                "expect text 要用 5 积分\nscreenshot confirm\n"
                "tap confirm.yes\nexpect screen ticket\nexpect text 预约成功\n"
                "expect text 号码 L-412\nexpect text 净衣社\nscreenshot ticket\n",
                "three-taps"),
            0)
      << log.str();
  ASSERT_EQ(desk->bookings.size(), 1u);
  const auto& b = desk->bookings.front();
  EXPECT_EQ(b.villager_id, who.id);
  EXPECT_EQ(b.slot_id, laundry);
  EXPECT_EQ(b.booked_by, 0);
  EXPECT_EQ(b.points, 5);
  EXPECT_EQ(desk->person(who.id).points, points - 5);
  // The slot's day and time on the ticket, as the villager reads them.
  const auto* ticket = screen("ticket");
  ASSERT_NE(ticket, nullptr);
  EXPECT_TRUE(ticket->containsText(whenLabel(tomorrow + 9 * 3'600'000, Lang::Zh)));
  expectShots("three-taps", {{"services", "services"}, {"confirm", "confirm:book"}, {"ticket", "ticket"}});
}

TEST_F(ServicesTest, NoDeskNoServicesWayOn) {
  const auto who = test::pick(*db, Pick::MostPoints);
  ASSERT_EQ(run("scan " + who.card + "\nexpect screen home\nexpect no-text 服务预约\n", "", false), 0)
      << log.str();
  EXPECT_FALSE(tappable("home", "home.services"));
  EXPECT_TRUE(tappable("home", "home.supermarket"));
  // A desk offering no station is no way on either.
  desk->setStations({});
  ASSERT_EQ(run("scan " + who.card + "\nexpect screen home\nexpect no-text 服务预约\n"), 0) << log.str();
  EXPECT_FALSE(tappable("home", "home.services"));
}

TEST_F(ServicesTest, DoubleTapOnConfirmBooksOnce) {
  const auto who = test::pick(*db, Pick::MostPoints);
  ASSERT_EQ(run("scan " + who.card + "\ntap home.services\ntap services.slot." +
                std::to_string(laundry) + "\ndouble-tap confirm.yes\nexpect screen ticket\n"),
            0)
      << log.str();
  EXPECT_EQ(desk->bookings.size(), 1u);
}

TEST_F(ServicesTest, AFullSlotIsShownFullAndCannotBeTapped) {
  const auto who = test::pick(*db, Pick::MostPoints);
  desk->takePlaces(laundry2, 6);
  desk->takePlaces(laundry, 5);
  ASSERT_EQ(run("scan " + who.card + "\ntap home.services\nexpect text 已满\nexpect text 剩 1 位\n"
                "tap services.slot." + std::to_string(laundry2) + "\nexpect screen services\n"
                "tap services.slot." + std::to_string(laundry) + "\nexpect screen confirm\n"),
            0)
      << log.str();
  EXPECT_FALSE(tappable("services", "services.slot." + std::to_string(laundry2)));
  EXPECT_TRUE(tappable("services", "services.slot." + std::to_string(laundry)));
}

// Each refusal: its own screen name, plain words, a next step, a way back to the services.
TEST_F(ServicesTest, EachRefusalHasItsOwnKindWordsAndNextStep) {
  // slot-full: the last place goes while the confirm screen is up.
  const auto rich = test::pick(*db, Pick::MostPoints);
  desk->takePlaces(laundry, 5);
  {
    KioskOptions o;
    o.db_path = path;
    o.headless = true;
    o.service_desk = test::factoryFor(*desk);
    KioskApp a(o);
    ASSERT_TRUE(a.settle());
    a.scan(rich.card);
    ASSERT_TRUE(a.settle());
    ASSERT_TRUE(a.tap("home.services"));
    ASSERT_TRUE(a.settle());
    ASSERT_TRUE(a.tap("services.slot." + std::to_string(laundry)));
    ASSERT_TRUE(a.settle());
    desk->takePlaces(laundry, 1);
    ASSERT_TRUE(a.tap("confirm.yes"));
    ASSERT_TRUE(a.settle());
    EXPECT_EQ(a.layout().screen, "error:slot-full");
    EXPECT_GT(expectAudited({a.layout()}), 3);
    EXPECT_TRUE(a.layout().containsText("这个时间已经约满了"));
    EXPECT_TRUE(a.layout().containsText("请选别的时间"));
    ASSERT_TRUE(a.tap("error.back"));
    ASSERT_TRUE(a.settle());
    EXPECT_EQ(a.layout().screen, "services");
    desk->takePlaces(laundry, -1);
  }
  // slot-past: the slot started between showing and confirming.
  {
    const auto soon = desk->addSlot(core::StationKind::Laundry, now + 600'000, 4, 5);
    KioskOptions o;
    o.db_path = path;
    o.headless = true;
    o.service_desk = test::factoryFor(*desk);
    KioskApp a(o);
    ASSERT_TRUE(a.settle());
    a.scan(rich.card);
    ASSERT_TRUE(a.settle());
    ASSERT_TRUE(a.tap("home.services"));
    ASSERT_TRUE(a.settle());
    ASSERT_TRUE(a.tap("services.slot." + std::to_string(soon)));
    ASSERT_TRUE(a.settle());
    desk->clock_shift = 700'000;  // the villager waited past the start
    ASSERT_TRUE(a.tap("confirm.yes"));
    ASSERT_TRUE(a.settle());
    desk->clock_shift = 0;
    EXPECT_EQ(a.layout().screen, "error:slot-past");
    EXPECT_GT(expectAudited({a.layout()}), 3);
    EXPECT_TRUE(a.layout().containsText("这个时间已经过了"));
    EXPECT_TRUE(a.layout().containsText("请选后面的时间"));
  }
  EXPECT_TRUE(desk->bookings.empty());

  // already-booked, service-points, machinery-not-eligible, canteen-not-eligible, each scripted.
  desk->takePlaces(laundry, -5);
  // The poorest villager of the demo village has fewer points than a laundry slot costs.
  const auto poor = test::pick(*db, Pick::FewestPoints);
  ASSERT_LT(poor.points, 5);
  test::Someone shortfall;
  {
    db::Roster roster(*db);
    for (const auto& v : roster.villagers()) {
      if (roster.cardsOf(v.id).empty() || desk->householdShortfall(v.id).empty()) continue;
      shortfall = {v.id, v.name, roster.cardsOf(v.id).front(), 0, 0};
      break;
    }
  }
  ASSERT_NE(shortfall.id, 0);
  const auto young = someone([&](const db::Villager& v) {
    std::map<core::HouseholdId, bool> relief;
    for (const auto& h : db::Roster(*db).households()) relief[h.id] = h.relief;
    return v.birth_year > 1975 && !relief[v.household_id];
  });
  const std::string slot = "services.slot." + std::to_string(laundry);
  // The same slot booked at another kiosk while this one shows the confirm screen.
  ASSERT_EQ(run("scan " + rich.card + "\ntap home.services\ntap " + slot + "\n"
                "expect screen confirm\n", "refusals"),
            0)
      << log.str();
  db::NewBooking elsewhere;
  elsewhere.villager_id = rich.id;
  elsewhere.slot_id = laundry;
  elsewhere.now_ms = now;
  ASSERT_TRUE(desk->book(elsewhere));
  ASSERT_EQ(more("tap confirm.yes\nexpect screen error:already-booked\nexpect text 已经约过了\n"
                "expect text 我的预约\nscreenshot already-booked\ntap error.back\n"
                "expect screen services\nexpect text 您已约\ntap services.back\ntap home.logout\n"
                "scan " + poor.card + "\ntap home.services\ntap " + slot + "\n"
                "expect screen error:service-points\nexpect text 积分不够\n"
                "expect text 净衣社要 5 积分，您还可以用 " + std::to_string(poor.points) + " 积分\n"
                "expect text 多参加志愿服务\n"
                "screenshot service-points\ntap error.back\ntap services.back\ntap home.logout\n"
                "scan " + shortfall.card + "\ntap home.services\n"
                "tap services.station.farm_machinery\nexpect text 三秋农机服务\nexpect text 免费\n"
                "tap services.slot." + std::to_string(machinery) + "\nexpect text 免费，不用积分\n"
                "tap confirm.yes\nexpect screen error:machinery-not-eligible\n"
                "expect text 全家每个人的信用分都达到 1005 分\nexpect text 还差\n"
                "expect text 请到村委会问问\nscreenshot machinery\ntap error.back\n"
                "tap services.back\ntap home.logout\n"
                "scan " + young.card + "\ntap home.services\ntap services.station.warm_canteen\n"
                "tap services.slot." + std::to_string(canteen) + "\ntap confirm.yes\n"
                "expect screen error:canteen-not-eligible\nexpect text 70岁以上\n"
                "screenshot canteen\n",
                "refusals"),
            0)
      << log.str();
  // Whose score, and how far from 1005: the household's own members named.
  const auto* err = screen("error:machinery-not-eligible");
  ASSERT_NE(err, nullptr);
  for (const auto& m : desk->householdShortfall(shortfall.id)) {
    EXPECT_TRUE(err->containsText(m.name + "：" + std::to_string(m.score) + " 分，还差 " +
                                  std::to_string(m.below_by) + " 分"))
        << m.name;
  }
  ASSERT_EQ(desk->bookings.size(), 1u);  // rich's, once
  expectShots("refusals", {{"already-booked", "error:already-booked"},
                           {"service-points", "error:service-points"},
                           {"machinery", "error:machinery-not-eligible"},
                           {"canteen", "error:canteen-not-eligible"}});
}

TEST_F(ServicesTest, OfflineTheLastPlacesNeedTheOffice) {
  // A synced kiosk that cannot reach the office may fill only the slot's offline share.
  const auto who = test::pick(*db, Pick::MostPoints);
  // Free, so the kiosk's own balance (none pulled into this file) does not refuse it first.
  const auto shared = desk->addSlot(core::StationKind::Laundry, tomorrow + 16 * 3'600'000, 4, 0, 2);
  desk->takePlaces(shared, 2);
  KioskData data(path, core::Settings{}, "kiosk-1", SyncMode{[] { return false; }},
                 test::factoryFor(*desk));
  const auto r = data.handle(request::Book{"", core::StationKind::Laundry, who.id, 0, shared});
  const auto* refused = std::get_if<response::ServiceRefused>(&r);
  ASSERT_NE(refused, nullptr);
  EXPECT_EQ(refused->kind, ErrorKind::NeedsOffice);
  EXPECT_TRUE(desk->bookings.empty());
  // Within the share it books, telling the desk the office is unreachable.
  const auto open = desk->addSlot(core::StationKind::Laundry, tomorrow + 17 * 3'600'000, 4, 5, 2);
  const auto ok = data.handle(request::Book{"", core::StationKind::Laundry, who.id, 0, open});
  const auto* served = std::get_if<response::Served>(&ok);
  ASSERT_NE(served, nullptr);
  ASSERT_TRUE(served->ticket.has_value());
  EXPECT_TRUE(served->ticket->pending);
  ASSERT_FALSE(desk->reachable_seen.empty());
  EXPECT_FALSE(desk->reachable_seen.back());
  // On screen: its own kind, the slot named, back to the services.
  Controller c(core::Settings{}, "kiosk-1");
  const auto t = std::chrono::steady_clock::now();
  c.start(t);
  for (auto& q : c.takeRequests()) c.onResponse(data.handle(q), t);
  c.onResponse(data.handle(request::LookupCard{who.card}), t);
  c.apply(intent::OpenServices{}, t);
  for (auto& q : c.takeRequests()) c.onResponse(data.handle(q), t);
  c.apply(intent::ChooseSlot{shared}, t);
  c.apply(intent::ConfirmYes{}, t);
  for (auto& q : c.takeRequests()) c.onResponse(data.handle(q), t);
  ASSERT_EQ(c.state().screen, ScreenId::Error);
  ASSERT_TRUE(c.state().error.has_value());
  EXPECT_EQ(c.state().error->kind, ErrorKind::NeedsOffice);
  EXPECT_EQ(c.state().error->back_to, ScreenId::Services);
  EXPECT_EQ(toString(ErrorKind::NeedsOffice), "needs-office");
}

TEST_F(ServicesTest, ARequestOfPresetNotesShowsTheGridAndCanBeCancelledWhileUnclaimed) {
  const auto who = test::pick(*db, Pick::MostPoints);
  ASSERT_EQ(run("scan " + who.card + "\ntap home.services\ntap services.station.repair\n"
                "expect text 点选要办的事\nexpect text 您的网格\n"
                "tap services.note.0\ntap services.note.1\ntap services.note.1\ntap services.note.3\n"
                "screenshot request\ntap services.next\nexpect screen confirm\n"
                "expect text 确认请求吗\nexpect text 要办的事：修水管；修农具\nexpect text 网格：\n"
                "screenshot confirm-request\ntap confirm.yes\nexpect screen ticket\n"
                "expect text 请求已提交\nexpect text 号码 R-31\nscreenshot ticket-request\n"
                "tap ticket.done\nscan " + who.card + "\nexpect text 我的预约 · 1 项\n"
                "tap home.mine\nexpect screen my-services\nexpect text 等人认领\n"
                "tap mine.cancel.0\nexpect screen confirm\n"
                "expect text 取消这个请求吗\nscreenshot confirm-cancel-request\n"
                "tap confirm.no\nexpect screen my-services\ntap mine.cancel.0\n"
                "tap confirm.yes\nexpect screen my-services\nexpect text 已取消\n"
                "expect text 现在没有预约\nscreenshot mine\n",
                "request"),
            0)
      << log.str();
  ASSERT_EQ(desk->orders().size(), 1u);
  const auto& o = desk->orders().front();
  EXPECT_EQ(o.station, core::StationKind::Repair);
  EXPECT_EQ(o.requester, who.id);
  EXPECT_EQ(o.note, "修水管；修农具");
  EXPECT_EQ(o.state, core::OrderState::Cancelled);
  expectShots("request", {{"request", "services"},
                          {"confirm-request", "confirm:request"},
                          {"ticket-request", "ticket"},
                          {"mine", "my-services"},
                          {"confirm-cancel-request", "confirm:cancel-request"}});
}

TEST_F(ServicesTest, ABookingIsCancelledFromHomeWithAConfirmStepAndThePointsComeBack) {
  const auto who = test::pick(*db, Pick::MostPoints);
  const int points = desk->person(who.id).points;
  ASSERT_EQ(run("scan " + who.card + "\ntap home.services\ntap services.slot." +
                std::to_string(laundry) + "\ntap confirm.yes\ntap ticket.done\n"
                "scan " + who.card + "\ntap home.mine\nexpect text L-412\n"
                "tap mine.cancel.0\nexpect screen confirm\nexpect text 取消这个预约吗\n"
                "expect text 取消后退回 5 积分\nscreenshot confirm-cancel\n"
                "tap confirm.yes\nexpect screen my-services\nexpect text 已取消，积分已退回\n"
                "screenshot cancelled\n",
                "cancel"),
            0)
      << log.str();
  ASSERT_EQ(desk->bookings.size(), 1u);
  EXPECT_EQ(desk->bookings.front().state, db::BookingState::Cancelled);
  EXPECT_EQ(desk->person(who.id).points, points);
  expectShots("cancel", {{"confirm-cancel", "confirm:cancel-booking"}, {"cancelled", "my-services"}});
}

TEST_F(ServicesTest, TheVolunteerLoopFromRequestToConfirmedHours) {
  const auto requester = test::pick(*db, Pick::MostPoints);
  const auto vol = volunteer(requester.id);
  const auto other = volunteer(vol.id);
  // The requester asks; the volunteer's own request is never offered to them.
  desk->addOrder(core::StationKind::Errand, vol.id, "代买药", now - 7'200'000);
  ASSERT_EQ(run("scan " + requester.card + "\ntap home.services\ntap services.station.repair\n"
                "tap services.note.0\ntap services.next\ntap confirm.yes\ntap ticket.done\n"
                "scan " + vol.card + "\nexpect screen home\nexpect text 志愿服务 · 待认领 1\n"
                "tap home.volunteer\nexpect screen volunteer\nexpect text " + requester.name + "\n"
                "expect text 修水管\nexpect text 本月 0 小时 0 分钟\nscreenshot volunteer\n"
                "tap vol.claim.0\nexpect text 已认领\nexpect no-text 还没有认领\n"
                "expect text 现在没有等人认领的请求\n",
                "loop"),
            0)
      << log.str();
  ASSERT_EQ(desk->orders().size(), 2u);
  auto& order = desk->orders().back();
  EXPECT_EQ(order.state, core::OrderState::Claimed);
  EXPECT_EQ(order.claimer, vol.id);
  // Nobody claims their own: the screen did not offer the volunteer's own request.
  const auto* v = screen("volunteer");
  ASSERT_NE(v, nullptr);
  EXPECT_FALSE(v->containsText("代买药"));
  // Done with the minutes, then the requester confirms on their next scan.
  ASSERT_EQ(run("scan " + vol.card + "\ntap home.volunteer\ntap vol.done.0\n"
                "expect screen done-minutes\nexpect text 这次服务用了多长时间\n"
                "tap minutes.30\ntap minutes.plus\ntap minutes.plus\nexpect text 60\n"
                "screenshot minutes\ntap minutes.confirm\nexpect screen volunteer\n"
                "expect text 等对方确认\nscreenshot volunteer-done\ntap vol.back\ntap home.logout\n"
                "scan " + other.card + "\ntap home.volunteer\nexpect no-text 修水管\ntap vol.back\n"
                "tap home.logout\n"
                "scan " + requester.card + "\nexpect screen notice\n"
                "expect text " + vol.name + " 为您修理水管 60 分钟，确认完成吗？\n"
                "screenshot confirm-done\ntap notice.later\nexpect screen home\n"
                "tap home.logout\nscan " + requester.card + "\nexpect screen notice\n"
                "tap notice.confirm\nexpect screen home\nexpect text 已确认，谢谢\n"
                "tap home.logout\nscan " + vol.card + "\ntap home.volunteer\n"
                "expect text 本月 1 小时 0 分钟\nexpect text 还没有认领\n",
                "loop"),
            0)
      << log.str();
  EXPECT_EQ(order.state, core::OrderState::Confirmed);
  EXPECT_EQ(order.minutes, 60);
  EXPECT_EQ(desk->volunteerMinutesThisMonth(vol.id, now), 60);
  expectShots("loop", {{"volunteer", "volunteer"},
                       {"minutes", "done-minutes"},
                       {"volunteer-done", "volunteer"},
                       {"confirm-done", "notice:confirm-done"}});
}

TEST_F(ServicesTest, AClaimLostToAnotherVolunteerIsRefusedInPlainWords) {
  const auto requester = test::pick(*db, Pick::MostPoints);
  const auto vol = volunteer(requester.id);
  const auto other = volunteer(vol.id);
  const auto uuid = desk->addOrder(core::StationKind::Repair, requester.id, "修电器", now);
  KioskOptions o;
  o.db_path = path;
  o.headless = true;
  o.service_desk = test::factoryFor(*desk);
  KioskApp a(o);
  ASSERT_TRUE(a.settle());
  a.scan(vol.card);
  ASSERT_TRUE(a.settle());
  ASSERT_TRUE(a.tap("home.volunteer"));
  ASSERT_TRUE(a.settle());
  ASSERT_TRUE(a.layout().containsText("修电器"));
  // Another volunteer, at another kiosk, claims it first.
  ASSERT_TRUE(desk->actOnOrder(uuid, core::OrderAction::Claim, {other.id, false}, 0, now));
  ASSERT_TRUE(a.tap("vol.claim.0"));
  ASSERT_TRUE(a.settle());
  EXPECT_EQ(a.layout().screen, "error:already-claimed");
  EXPECT_GT(expectAudited({a.layout()}), 3);
  EXPECT_TRUE(a.layout().containsText("已被他人认领"));
  EXPECT_TRUE(a.layout().containsText("请看看别的请求"));
  ASSERT_TRUE(a.tap("error.back"));
  ASSERT_TRUE(a.settle());
  EXPECT_EQ(a.layout().screen, "volunteer");
  EXPECT_FALSE(a.layout().containsText("修电器"));  // the list was read again
  EXPECT_EQ(desk->order(uuid).claimer, other.id);
}

TEST_F(ServicesTest, NoticesAreShownOnceAndAcknowledged) {
  const auto who = test::pick(*db, Pick::MostPoints);
  const auto vol = volunteer(who.id);
  const std::int64_t dec3 = dayStartMs(now) + 9 * 3'600'000;
  desk->addNotice({"n-1", db::NoticeKind::BookingRefused, who.id, core::StationKind::Laundry, dec3, 5, ""});
  desk->addNotice({"n-2", db::NoticeKind::ClaimLost, vol.id, core::StationKind::Repair, dec3, 0, "刘建国"});
  const std::string day = dayLabel(dec3, Lang::Zh);
  ASSERT_EQ(run("scan " + who.card + "\nexpect screen notice\n"
                "expect text 您 " + day + " 的洗衣预约没有成功，积分已退回\nexpect text 退回了 5 积分\n"
                "screenshot refused\ntap notice.ok\nexpect screen home\ntap home.logout\n"
                "scan " + who.card + "\nexpect screen home\ntap home.logout\n"
                "scan " + vol.card + "\nexpect screen notice\nexpect text 已被他人认领\n"
                "expect text 刘建国\nscreenshot claim-lost\ntap notice.ok\nexpect screen home\n",
                "notices"),
            0)
      << log.str();
  EXPECT_EQ(desk->acknowledged, (std::set<std::string>{"n-1", "n-2"}));
  expectShots("notices", {{"refused", "notice:booking-refused"}, {"claim-lost", "notice:claim-lost"}});
}

TEST_F(ServicesTest, AVolunteerBooksForAnElderWithTheEldersPoints) {
  const auto vol = volunteer();
  const auto elder = someone([](const db::Villager& v) { return v.birth_year <= 1950; }, vol.id);
  const int vol_points = desk->person(vol.id).points;
  const int elder_points = desk->person(elder.id).points;
  ASSERT_GE(elder_points, 5);
  ASSERT_EQ(run("scan " + vol.card + "\ntap home.volunteer\ntap vol.for-other\n"
                "expect screen for-other\nexpect text 请老人刷卡\nscreenshot for-other\n"
                "scan " + elder.card + "\nexpect screen services\n"
                "expect text 志愿者" + vol.name + "代" + elder.name + "预约\n"
                "screenshot services-for\ntap services.slot." + std::to_string(laundry) + "\n"
                "expect text 为" + elder.name + "预约\ntap confirm.yes\nexpect screen ticket\n"
                "expect text 志愿者" + vol.name + "为" + elder.name + "预约\nscreenshot ticket-for\n",
                "for-other"),
            0)
      << log.str();
  ASSERT_EQ(desk->bookings.size(), 1u);
  EXPECT_EQ(desk->bookings.front().villager_id, elder.id);
  EXPECT_EQ(desk->bookings.front().booked_by, vol.id);
  EXPECT_EQ(desk->person(elder.id).points, elder_points - 5);
  EXPECT_EQ(desk->person(vol.id).points, vol_points);
  expectShots("for-other", {{"for-other", "for-other"}, {"services-for", "services"}, {"ticket-for", "ticket"}});
}

TEST_F(ServicesTest, InEnglishTheStationsAndSlotsSpeakEnglish) {
  const auto who = test::pick(*db, Pick::MostPoints);
  ASSERT_EQ(run("scan " + who.card + "\ntap status.lang\nexpect text Services\n"
                "tap home.services\nexpect text Laundry\nexpect text Tomorrow\nexpect text 6 free\n"
                "expect text Farm machinery\n"
                "tap services.station.errand\nexpect text Buy medicine\nscreenshot services-en\n"
                "tap services.back\nscreenshot home-en\n",
                "english"),
            0)
      << log.str();
  EXPECT_GT(expectAudited(app->screensSeen()), 20);
  expectShots("english", {{"services-en", "services"}, {"home-en", "home"}});
}

// The tour with a service desk visits the hub's screens; the audit holds for all of them.
TEST_F(ServicesTest, TheTourVisitsTheHubAndEveryScreenPassesTheLayoutAudit) {
  // Something for the tour to meet: a notice, a volunteer's open request elsewhere.
  const auto vol = volunteer();
  const std::int64_t day = dayStartMs(now) + 9 * 3'600'000;
  std::string script;
  {
    const auto someone_else = someone([](const db::Villager& v) { return !v.party_member; }, vol.id);
    desk->addNotice({"n-9", db::NoticeKind::BookingRefused, someone_else.id,
                     core::StationKind::Laundry, day, 5, ""});
    script = tourScript(*db, core::Settings{}, std::nullopt, test::factoryFor(*desk));
  }
  for (const char* shot : {"15-services", "16-confirm-book", "17-ticket", "18-services-booked",
                           "19-my-services", "20-confirm-cancel-booking", "21-services-request",
                           "22-confirm-request", "23-ticket-request", "24-volunteer",
                           "25-volunteer-claimed", "26-done-minutes", "27-for-other",
                           "28-services-for-other", "29-ticket-for-other",
                           "31-error-machinery-not-eligible", "32-error-canteen-not-eligible",
                           "34-notice-confirm-done", "36-notice", "11b-services-english"}) {
    EXPECT_NE(script.find("screenshot " + std::string(shot) + "\n"), std::string::npos) << shot;
  }
  ASSERT_EQ(run(script, "tour"), 0) << log.str() << "\n" << script;
  std::set<std::string> screens;
  for (const auto& l : app->screensSeen()) screens.insert(l.screen);
  const int texts = expectAudited(app->screensSeen());
  EXPECT_GT(texts, 300);
  for (const char* want :
       {"home", "services", "confirm:book", "ticket", "my-services", "confirm:cancel-booking",
        "confirm:request", "volunteer", "done-minutes", "for-other", "notice:confirm-done",
        "notice:booking-refused", "error:machinery-not-eligible",
        "error:canteen-not-eligible"}) {
    EXPECT_TRUE(screens.count(want)) << want;
  }
  // Screens the tour shows once (a screen shown again is probed in the tests above).
  expectShots("tour", {{"26-done-minutes", "done-minutes"},
                       {"27-for-other", "for-other"},
                       {"36-notice", "notice:booking-refused"}});
}

TEST_F(ServicesTest, APullWithNewsReadsTheHubAgainWithoutMovingTheScreen) {
  // The controller with the worker's work done inline.
  const auto who = test::pick(*db, Pick::MostPoints);
  KioskData data(path, core::Settings{}, "kiosk-1", std::nullopt, test::factoryFor(*desk));
  Controller c(core::Settings{}, "kiosk-1");
  const auto t = std::chrono::steady_clock::now();
  auto answer = [&] {
    for (auto requests = c.takeRequests(); !requests.empty(); requests = c.takeRequests()) {
      for (auto& q : requests) c.onResponse(data.handle(q), t);
    }
  };
  c.start(t);
  answer();
  c.onResponse(data.handle(request::LookupCard{who.card}), t);
  ASSERT_EQ(c.state().screen, ScreenId::Home);
  ASSERT_TRUE(c.state().hub.has_value());
  EXPECT_TRUE(c.state().hub->notices.empty());
  // The office refused a booking; the next pull brings it.
  desk->addNotice({"n-5", db::NoticeKind::BookingRefused, who.id, core::StationKind::Laundry, now, 5, ""});
  c.onSync(SyncView{SyncState::Synced, 0, "14:02"}, 1, t);
  bool asked = false;
  for (auto& q : c.takeRequests()) {
    asked = asked || std::holds_alternative<request::LoadHub>(q);
    c.onResponse(data.handle(q), t);
  }
  EXPECT_TRUE(asked);
  ASSERT_EQ(c.state().hub->notices.size(), 1u);
  EXPECT_EQ(c.state().screen, ScreenId::Home);  // shown on the next scan, not in the middle
}

}  // namespace
}  // namespace rc::kiosk
