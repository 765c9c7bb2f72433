// The service hub end to end on a real ledger: rc-kiosk's KioskApp headless on a copy of the
// demo village, its desk the one rc-kiosk uses on the office's file (defaultServiceDesk:
// db::Services), scripts tapping as a villager and a volunteer would. What must land in the
// file after each session is checked there: the booking row, its points entry and the slot's
// count; nothing at all after a refusal; the volunteer's hours entry after the requester
// confirms. The screens themselves are covered by services_test.cpp and the layout audit.
#include <gtest/gtest.h>

#include <map>
#include <sstream>

#include "core/services.h"
#include "db/services.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/kiosk_data.h"
#include "kiosk/kiosk_app.h"
#include "kiosk_fixture.h"

namespace rc::kiosk {
namespace {

class ServicesOnTheLedger : public ::testing::Test {
 protected:
  void SetUp() override {
    path = test::villageCopy(dir);
    db = std::make_unique<db::Database>(path);
    ledger = std::make_unique<db::Ledger>(*db, core::Settings{});
    desk = std::make_unique<db::Services>(*ledger);
    now = db::nowMs();
  }
  void TearDown() override { app.reset(); }

  // Runs `script` on a fresh kiosk on the file; 0 or the runner's failure (message in `log`).
  int run(const std::string& script) {
    KioskOptions o;
    o.db_path = path;
    o.headless = true;
    o.service_desk = defaultServiceDesk();
    app.reset();
    app = std::make_unique<KioskApp>(o);
    return more(script);
  }
  // Goes on with `script` on the same kiosk (after the test changed the file behind it).
  int more(const std::string& script) {
    auto parsed = parseScript(script);
    EXPECT_TRUE(static_cast<bool>(parsed));
    if (!parsed) return 2;
    log.str("");
    return app->runScript(parsed.value(), "", log);
  }
  // Scan, Services, the station, the slot: the confirm screen, one tap from booking.
  std::string toConfirm(const test::Someone& who, core::StationKind station, std::int64_t slot) {
    return "scan " + who.card + "\nexpect screen home\ntap home.services\ntap services.station." +
           std::string(core::toString(station)) + "\ntap services.slot." + std::to_string(slot) +
           "\nexpect screen confirm\n";
  }
  std::int64_t firstOpenSlot(core::StationKind kind) {
    const auto today = dayStartMs(now);
    for (const auto& s : desk->slots(kind, today, today + 7 * kDayMs)) {
      if (s.slot.start_ms > now + 2 * 3'600'000 && s.free_places > 1) return s.slot.id;
    }
    ADD_FAILURE() << "no open " << core::toString(kind) << " slot this week";
    return 0;
  }
  std::int64_t count(const std::string& sql, std::int64_t a = 0, std::int64_t b = 0) {
    auto st = db->prepare(sql);
    if (sql.find('?') != std::string::npos) st.bind(1, a);
    if (sql.find("?2") != std::string::npos) st.bind(2, b);
    auto row = st.step();
    EXPECT_TRUE(row && *row) << sql;
    return row && *row ? st.columnInt(0) : -1;
  }
  // A villager with a card for whom `want` holds.
  template <class F>
  test::Someone someone(F want, core::VillagerId not_this = 0) {
    db::Roster roster(*db);
    for (const auto& v : roster.villagers()) {
      const auto cards = roster.cardsOf(v.id);
      const auto b = ledger->balance(v.id);
      if (cards.empty() || !b || v.id == not_this || !want(v, *b)) continue;
      return {v.id, v.name, cards.front(), b->points, b->score};
    }
    ADD_FAILURE() << "no such villager in the demo village";
    return {};
  }
  // The first laundry slot of the week on screen, open and not held by `who`.
  db::SlotView openLaundry(core::VillagerId who) {
    const auto today = dayStartMs(now);
    std::vector<std::int64_t> held;
    for (const auto& b : desk->bookingsOf(who, now)) held.push_back(b.slot_id);
    for (const auto& s : desk->slots(core::StationKind::Laundry, today, today + 7 * kDayMs)) {
      if (s.slot.start_ms > now + 2 * 3'600'000 && s.free_places > 0 &&
          std::find(held.begin(), held.end(), s.slot.id) == held.end()) {
        return s;
      }
    }
    ADD_FAILURE() << "the demo village has no open laundry slot this week";
    return {};
  }

  rc::test::TempDir dir;
  std::string path;
  std::unique_ptr<db::Database> db;
  std::unique_ptr<db::Ledger> ledger;
  std::unique_ptr<db::Services> desk;
  std::unique_ptr<KioskApp> app;
  std::ostringstream log;
  std::int64_t now = 0;
};

TEST_F(ServicesOnTheLedger, ALaundryBookingLandsWithItsPointsAndItsPlace) {
  const auto who = someone([](const db::Villager&, const db::Balance& b) { return b.points >= 50; });
  const auto slot = openLaundry(who.id);
  const auto booked_before = slot.slot.booked;
  const auto entries_before = ledger->entryCount();
  ASSERT_EQ(run("scan " + who.card + "\nexpect screen home\ntap home.services\n" +
                "tap services.station.laundry\ntap services.slot." + std::to_string(slot.slot.id) +
                "\nexpect screen confirm\ntap confirm.yes\nexpect screen ticket\ntap ticket.done\n"
                "expect screen attract\n"),
            0)
      << log.str();
  EXPECT_EQ(count("SELECT count(*) FROM bookings WHERE villager_id = ?1 AND slot_id = ?2 AND "
                  "status = 'booked'",
                  who.id, slot.slot.id),
            1);
  EXPECT_EQ(count("SELECT booked FROM slots WHERE id = ?", slot.slot.id), booked_before + 1);
  EXPECT_EQ(ledger->entryCount(), entries_before + (slot.slot.points_cost > 0 ? 1 : 0));
  EXPECT_EQ(ledger->balance(who.id)->points, who.points - slot.slot.points_cost);
  EXPECT_TRUE(ledger->verify().ok);

  // Cancelled from Home (我的预约) before the cut-off: the place and the points come back.
  ASSERT_EQ(run("scan " + who.card + "\nexpect screen home\ntap home.mine\n"
                "expect screen my-services\ntap mine.cancel.0\nexpect screen confirm\n"
                "tap confirm.yes\nexpect screen my-services\n"),
            0)
      << log.str();
  EXPECT_EQ(count("SELECT booked FROM slots WHERE id = ?", slot.slot.id), booked_before);
  EXPECT_EQ(ledger->balance(who.id)->points, who.points);
  EXPECT_TRUE(ledger->verify().ok);
}

TEST_F(ServicesOnTheLedger, AHouseholdBelowTheThresholdIsRefusedTheMachineryAndNothingLands) {
  const auto who = someone([&](const db::Villager& v, const db::Balance&) {
    return !desk->householdShortfall(v.id).empty();
  });
  const auto today = dayStartMs(now);
  std::int64_t slot_id = 0;
  for (const auto& s : desk->slots(core::StationKind::FarmMachinery, today, today + 7 * kDayMs)) {
    if (s.slot.start_ms > now && s.free_places > 0 && slot_id == 0) slot_id = s.slot.id;
  }
  ASSERT_NE(slot_id, 0) << "the demo village has no farm machinery slot this week";
  const auto entries_before = ledger->entryCount();
  const auto bookings_before = count("SELECT count(*) FROM bookings");
  ASSERT_EQ(run("scan " + who.card + "\nexpect screen home\ntap home.services\n" +
                "tap services.station.farm_machinery\ntap services.slot." +
                std::to_string(slot_id) + "\ntap confirm.yes\n" +
                "expect screen error:machinery-not-eligible\nexpect text 1005\n"),
            0)
      << log.str();
  EXPECT_EQ(count("SELECT count(*) FROM bookings"), bookings_before);
  EXPECT_EQ(ledger->entryCount(), entries_before);
}

TEST_F(ServicesOnTheLedger, TheVolunteerLoopEndsInHoursCreditedByTheLedger) {
  db::Roster roster(*db);
  const auto requester = someone([&](const db::Villager& v, const db::Balance& b) {
    return b.points >= 0 && desk->requestsOf(v.id).empty() && desk->noticesFor(v.id).empty();
  });
  const auto volunteer = someone(
      [&](const db::Villager& v, const db::Balance&) {
        return v.party_member && desk->claimedBy(v.id).empty() && desk->requestsOf(v.id).empty();
      },
      requester.id);
  // The requester asks for a repair by tapping its first preset note.
  ASSERT_EQ(run("scan " + requester.card + "\nexpect screen home\ntap home.services\n" +
                "tap services.station.repair\ntap services.note.0\ntap services.next\n" +
                "expect screen confirm\ntap confirm.yes\nexpect screen ticket\ntap ticket.done\n"),
            0)
      << log.str();
  const auto mine = desk->requestsOf(requester.id);
  ASSERT_EQ(mine.size(), 1u);
  const auto order = mine.front();
  EXPECT_EQ(order.note, core::orderNotesFor(core::StationKind::Repair).front().zh);
  // The volunteer finds it among the open requests (own grid first, oldest first), claims it
  // and marks it done with 60 minutes.
  const auto open = desk->openOrders(volunteer.id);
  std::size_t at = open.size();
  for (std::size_t i = 0; i < open.size(); ++i) {
    if (open[i].uuid == order.uuid) at = i;
  }
  ASSERT_LT(at, open.size());
  // Past the first page (kVolunteerRows a page), the volunteer turns pages to reach it.
  std::string pages;
  for (std::size_t p = 0; p < at / kVolunteerRows; ++p) pages += "tap vol.next\n";
  ASSERT_EQ(run("scan " + volunteer.card + "\nexpect screen home\ntap home.volunteer\n" +
                "expect screen volunteer\n" + pages + "tap vol.claim." + std::to_string(at) + "\n" +
                "tap vol.done.0\nexpect screen done-minutes\ntap minutes.60\n" +
                "tap minutes.confirm\nexpect screen volunteer\n"),
            0)
      << log.str();
  EXPECT_EQ(desk->requestsOf(requester.id).front().state, core::OrderState::Done);
  const auto before = *ledger->balance(volunteer.id);
  // On the requester's next scan they are asked, and confirm.
  ASSERT_EQ(run("scan " + requester.card + "\nexpect screen notice\nexpect text " +
                volunteer.name + "\ntap notice.confirm\nexpect screen home\n"),
            0)
      << log.str();
  const auto credit = core::volunteerCredit(60, core::Settings{});
  const auto after = *ledger->balance(volunteer.id);
  EXPECT_EQ(after.score, before.score + credit.score);
  EXPECT_EQ(after.points, before.points + credit.points);
  EXPECT_GT(credit.score + credit.points, 0) << "an hour of service earns credit";
  EXPECT_EQ(count("SELECT count(*) FROM entries WHERE villager_id = ? AND kind = "
                  "'volunteer_hours' AND at_ms >= " +
                      std::to_string(now),
                  volunteer.id),
            1);
  EXPECT_TRUE(desk->requestsOf(requester.id).empty()) << "a confirmed request is done with";
  EXPECT_TRUE(ledger->verify().ok);
}

// Each refusal on a real ledger: its own screen, and nothing of it recorded. The ones that the
// screens never offer (a full slot, a slot past, one already held) happen when the file
// changes between the tap on the slot and the tap on confirm, so the test changes it there.
TEST_F(ServicesOnTheLedger, EveryRefusalHasItsScreenAndRecordsNothing) {
  const auto who = someone([&](const db::Villager& v, const db::Balance& b) {
    return b.points >= 50 && desk->bookingsOf(v.id, now).empty();
  });
  const auto laundry = firstOpenSlot(core::StationKind::Laundry);
  const auto bookings = [&] { return count("SELECT count(*) FROM bookings"); };
  const auto entries = [&] { return ledger->entryCount(); };

  {  // The last place taken meanwhile.
    const auto b0 = bookings(), e0 = entries();
    const auto booked = count("SELECT booked FROM slots WHERE id = ?", laundry);
    ASSERT_EQ(run(toConfirm(who, core::StationKind::Laundry, laundry)), 0) << log.str();
    ASSERT_TRUE(db->exec("UPDATE slots SET booked = capacity WHERE id = " + std::to_string(laundry)).ok());
    ASSERT_EQ(more("tap confirm.yes\nexpect screen error:slot-full\n"), 0) << log.str();
    EXPECT_EQ(bookings(), b0);
    EXPECT_EQ(entries(), e0);
    ASSERT_TRUE(db->exec("UPDATE slots SET booked = " + std::to_string(booked) +
                         " WHERE id = " + std::to_string(laundry)).ok());
  }
  {  // The slot started meanwhile.
    const auto b0 = bookings(), e0 = entries();
    ASSERT_EQ(run(toConfirm(who, core::StationKind::Laundry, laundry)), 0) << log.str();
    auto st = db->prepare("UPDATE slots SET start_ms = ? WHERE id = ?");
    st.bind(1, now - 3'600'000).bind(2, laundry);
    ASSERT_TRUE(st.run().ok());
    ASSERT_EQ(more("tap confirm.yes\nexpect screen error:slot-past\n"), 0) << log.str();
    EXPECT_EQ(bookings(), b0);
    EXPECT_EQ(entries(), e0);
  }
  const auto laundry2 = firstOpenSlot(core::StationKind::Laundry);
  {  // Booked for them meanwhile (at another kiosk, say): the second is refused.
    ASSERT_EQ(run(toConfirm(who, core::StationKind::Laundry, laundry2)), 0) << log.str();
    db::NewBooking nb;
    nb.villager_id = who.id;
    nb.slot_id = laundry2;
    ASSERT_TRUE(desk->book(nb).ok());
    const auto b0 = bookings(), e0 = entries();
    ASSERT_EQ(more("tap confirm.yes\nexpect screen error:already-booked\n"), 0) << log.str();
    EXPECT_EQ(bookings(), b0);
    EXPECT_EQ(entries(), e0);
  }
  {  // Not enough points.
    const auto poor = someone([&](const db::Villager& v, const db::Balance& b) {
      return b.points < 5 && desk->bookingsOf(v.id, now).empty();
    });
    const auto slot = firstOpenSlot(core::StationKind::Laundry);
    ASSERT_GT(count("SELECT points_cost FROM slots WHERE id = ?", slot), poor.points);
    const auto b0 = bookings(), e0 = entries();
    // Said at once, on the slot's tap: no confirm screen with a negative balance first.
    ASSERT_EQ(run("scan " + poor.card + "\nexpect screen home\ntap home.services\n"
                  "tap services.station.laundry\ntap services.slot." + std::to_string(slot) +
                  "\nexpect screen error:service-points\nexpect text 积分不够\n"
                  "expect no-text 用后还剩 -\ntap error.back\nexpect screen services\n"),
              0)
        << log.str();
    EXPECT_EQ(bookings(), b0);
    EXPECT_EQ(entries(), e0);
  }
  {  // Enough points on the confirm screen, too few by the time of the tap: the hub refuses.
    const auto slot = firstOpenSlot(core::StationKind::Laundry);
    const auto cost = count("SELECT points_cost FROM slots WHERE id = ?", slot);
    const auto some = someone([&](const db::Villager& v, const db::Balance& b) {
      return b.points >= cost && b.points < 1000 && desk->bookingsOf(v.id, now).empty();
    });
    const auto b0 = bookings(), e0 = entries();
    ASSERT_EQ(run(toConfirm(some, core::StationKind::Laundry, slot)), 0) << log.str();
    auto st = db->prepare("UPDATE slots SET points_cost = ? WHERE id = ?");
    st.bind(1, static_cast<std::int64_t>(some.points) + 1).bind(2, slot);
    ASSERT_TRUE(st.run().ok());
    ASSERT_EQ(more("tap confirm.yes\nexpect screen error:service-points\n"), 0) << log.str();
    EXPECT_EQ(bookings(), b0);
    EXPECT_EQ(entries(), e0);
    auto back = db->prepare("UPDATE slots SET points_cost = ? WHERE id = ?");
    back.bind(1, cost).bind(2, slot);
    ASSERT_TRUE(back.run().ok());
  }
  {  // The warm canteen is for 70 and over, or a relief household.
    db::Roster roster(*db);
    std::map<core::HouseholdId, bool> relief;
    for (const auto& h : roster.households()) relief[h.id] = h.relief;
    const int year = core::monthOfMs(now).year;
    const auto young = someone([&](const db::Villager& v, const db::Balance&) {
      return year - v.birth_year < 60 && !relief[v.household_id];
    });
    const auto b0 = bookings(), e0 = entries();
    ASSERT_EQ(run(toConfirm(young, core::StationKind::WarmCanteen,
                            firstOpenSlot(core::StationKind::WarmCanteen)) +
                  "tap confirm.yes\nexpect screen error:canteen-not-eligible\n"),
              0)
        << log.str();
    EXPECT_EQ(bookings(), b0);
    EXPECT_EQ(entries(), e0);
  }
  EXPECT_TRUE(ledger->verify().ok);
}

}  // namespace
}  // namespace rc::kiosk
