// The service hub across kiosks and one office (a real server on 127.0.0.1 over TLS): two
// kiosks overselling a slot offline converge with the earliest arrivals kept and the others
// refunded and told; two volunteers claiming one request, the first to reach the office
// winning; and the volunteer loop with the hours credited at the office and seen by the kiosk
// after its next pull. Nothing is dropped silently: every office decision is on its list.
#include <gtest/gtest.h>

#include <tuple>

#include "db/kiosk_services.h"
#include "db/services.h"
#include "sync_fixture.h"

namespace rc::sync::test {
namespace {

using core::OrderAction;
using core::OrderState;
using core::StationKind;

constexpr std::int64_t kHourMs = 3'600'000;

class ServiceSyncTest : public SyncFixture {
 protected:
  void SetUp() override {
    SyncFixture::SetUp();
    if (HasFatalFailure()) return;
    db::Services office(*m_office_ledger);
    ASSERT_TRUE(office.addStation(StationKind::Laundry, "净衣社").ok());
    ASSERT_TRUE(office.addStation(StationKind::Repair, "修理").ok());
    auto s = office.addSlot(StationKind::Laundry, db::nowMs() + 24 * kHourMs, 4, 20);
    ASSERT_TRUE(s.ok());
    m_slot = *s;
    // Two volunteers: a party member and a team member.
    db::Roster roster(*m_office);
    auto pm = roster.villager(m_villagers[0]);
    ASSERT_TRUE(pm.has_value());
    ASSERT_TRUE(m_office->exec("UPDATE villagers SET party_member = 1 WHERE id = " +
                               std::to_string(m_villagers[0])).ok());
    auto team = roster.addTeam("巧工匠");
    ASSERT_TRUE(team.ok());
    ASSERT_TRUE(roster.addTeamMember(*team, m_villagers[1]).ok());
  }

  struct Kiosk {
    Kiosk(ServiceSyncTest& t, const std::string& id)
        : identity(t.enroll(id)), client(t.config(identity, t.m_port)),
          side(t.config(identity, t.m_port).db_path, id, t.m_settings),
          desk(side.ledger, side.journal, {StationKind::Laundry, StationKind::Repair}) {}
    KioskIdentity identity;
    SyncClient client;
    KioskSide side;
    db::KioskServices desk;
  };

  static db::NewBooking booking(core::VillagerId who, std::int64_t slot, bool reachable) {
    db::NewBooking b;
    b.villager_id = who;
    b.slot_id = slot;
    b.office_reachable = reachable;
    return b;
  }

  std::int64_t officeInt(const std::string& sql) {
    auto st = m_office->prepare(sql);
    auto row = st.step();
    return row && *row ? st.columnInt(0) : -1;
  }

  std::int64_t m_slot = 0;
};

TEST_F(ServiceSyncTest, TwoKiosksOversellingOfflineConvergeAtTheOffice) {
  Kiosk a(*this, "supermarket");
  Kiosk b(*this, "laundry");
  ASSERT_TRUE(a.client.round().ok());
  ASSERT_TRUE(b.client.round().ok());
  ASSERT_EQ(a.desk.stations().size(), 2u);
  auto slots = a.desk.slots(StationKind::Laundry, 0, db::nowMs() + 7 * 24 * kHourMs);
  ASSERT_EQ(slots.size(), 1u);
  EXPECT_EQ(slots[0].free_places, 4);
  EXPECT_EQ(slots[0].free_offline, 2) << "half of four places offline";

  // Offline, each kiosk books its share (two places); a third is refused for the office.
  for (int i = 0; i < 2; ++i) {
    auto r = a.desk.book(booking(m_villagers[i], m_slot, false));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_EQ(r->points, 20);
  }
  auto third = a.desk.book(booking(m_villagers[2], m_slot, false));
  ASSERT_FALSE(third.ok());
  ASSERT_TRUE(third.error().booking_problem.has_value());
  EXPECT_EQ(*third.error().booking_problem, core::BookingError::OfficeUnreachable);
  EXPECT_EQ(a.side.journal.standing(m_villagers[0]).points, kStartPoints - 20);
  // The office itself booked a place meanwhile, so three kiosk bookings cannot all fit.
  db::Services office(*m_office_ledger);
  db::BookingDraft counter;
  counter.villager_id = m_villagers[5];
  counter.slot_id = m_slot;
  ASSERT_TRUE(office.book(counter).ok());
  for (int i = 2; i < 4; ++i) {
    auto r = b.desk.book(booking(m_villagers[i], m_slot, false));
    ASSERT_TRUE(r.ok()) << r.error().message;
  }

  // Kiosk a arrives first: both kept. Kiosk b's first fits the last place, its second not.
  auto ra = a.client.round();
  ASSERT_TRUE(ra.ok()) << ra.error().message;
  EXPECT_EQ(ra->service_events, 2);
  auto rb = b.client.round();
  ASSERT_TRUE(rb.ok()) << rb.error().message;
  EXPECT_EQ(rb->service_events, 2);
  EXPECT_EQ(officeInt("SELECT booked FROM slots WHERE id = " + std::to_string(m_slot)), 4);
  EXPECT_EQ(officeInt("SELECT count(*) FROM bookings WHERE status = 'booked'"), 4);
  EXPECT_EQ(officeInt("SELECT count(*) FROM bookings WHERE refused = 1"), 1);

  // The refused villager has the points back (an office-made void), a notice, and a line.
  const auto loser = m_villagers[3];
  auto bal = m_office_ledger->balance(loser);
  ASSERT_TRUE(bal.has_value());
  EXPECT_EQ(bal->points, kStartPoints);
  db::OfficeSync sync(*m_office_ledger);
  const auto problems = sync.serviceProblems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].problem, "oversold");
  EXPECT_EQ(problems[0].villager_id, loser);
  EXPECT_EQ(problems[0].kiosk_id, "laundry");
  EXPECT_TRUE(m_office_ledger->verify().ok);

  // Kiosk b hears it on its next pull: the booking refused, the points back, the notice.
  ASSERT_TRUE(b.client.round().ok());
  auto notices = b.desk.noticesFor(loser);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, db::NoticeKind::BookingRefused);
  EXPECT_EQ(notices[0].points_refunded, 20);
  auto mine = b.desk.bookingsOf(loser, db::nowMs());
  ASSERT_EQ(mine.size(), 1u);
  EXPECT_EQ(mine[0].state, db::BookingState::Refused);
  EXPECT_EQ(b.side.journal.standing(loser).points, kStartPoints);
  b.desk.acknowledge(notices[0].id);
  EXPECT_TRUE(b.desk.noticesFor(loser).empty());
  EXPECT_TRUE(b.desk.bookingsOf(loser, db::nowMs()).empty());
  // Both kiosks now see the slot full.
  ASSERT_TRUE(a.client.round().ok());
  EXPECT_EQ(a.desk.slots(StationKind::Laundry, 0, db::nowMs() + 7 * 24 * kHourMs)[0].free_places, 0);
}

TEST_F(ServiceSyncTest, TheFirstClaimToReachTheOfficeWins) {
  Kiosk a(*this, "kiosk-a");
  Kiosk b(*this, "kiosk-b");
  db::NewOrder o;
  o.station = StationKind::Repair;
  o.requester = m_villagers[4];
  o.note = "修水管";
  auto req = a.desk.requestOrder(o);
  ASSERT_TRUE(a.client.round().ok());  // stations and roster first
  ASSERT_FALSE(req.ok()) << "before the first pull the kiosk knows no station";
  req = a.desk.requestOrder(o);
  ASSERT_TRUE(req.ok()) << req.error().message;
  EXPECT_TRUE(req->pending);
  ASSERT_TRUE(a.client.round().ok());
  ASSERT_TRUE(b.client.round().ok());
  ASSERT_EQ(b.desk.openOrders(m_villagers[1]).size(), 1u);

  // Both volunteers claim while neither kiosk has synced.
  auto claimB = b.desk.actOnOrder(req->uuid, OrderAction::Claim, {m_villagers[1], false}, 0, 0);
  ASSERT_TRUE(claimB.ok()) << claimB.error().message;
  auto claimA = a.desk.actOnOrder(req->uuid, OrderAction::Claim, {m_villagers[0], false}, 0, 0);
  ASSERT_TRUE(claimA.ok()) << claimA.error().message;
  ASSERT_TRUE(b.client.round().ok());  // b reaches the office first
  ASSERT_TRUE(a.client.round().ok());

  db::Services office(*m_office_ledger);
  auto stored = office.orderView(req->uuid);
  ASSERT_TRUE(stored.has_value());
  EXPECT_EQ(stored->claimer, m_villagers[1]);
  EXPECT_EQ(stored->state, OrderState::Claimed);
  db::OfficeSync sync(*m_office_ledger);
  const auto problems = sync.serviceProblems();
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].problem, "claim_lost");
  EXPECT_EQ(problems[0].villager_id, m_villagers[0]);

  // Kiosk a's volunteer hears "已被他人认领"; the request shows the winner.
  ASSERT_TRUE(a.client.round().ok());
  auto notices = a.desk.noticesFor(m_villagers[0]);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_EQ(notices[0].kind, db::NoticeKind::ClaimLost);
  EXPECT_EQ(notices[0].other_name, "村民1");
  EXPECT_TRUE(a.desk.claimedBy(m_villagers[0]).empty());
  ASSERT_EQ(a.desk.claimedBy(m_villagers[1]).size(), 1u);
}

TEST_F(ServiceSyncTest, TheVolunteerLoopCreditsHoursAtTheOffice) {
  Kiosk k(*this, "hub");
  ASSERT_TRUE(k.client.round().ok());
  db::NewOrder o;
  o.station = StationKind::Repair;
  o.requester = m_villagers[4];
  o.note = "修水管";
  auto req = k.desk.requestOrder(o);
  ASSERT_TRUE(req.ok()) << req.error().message;
  const auto volunteer = m_villagers[0];
  auto act = [&](OrderAction a, core::VillagerId who, int minutes) {
    auto r = k.desk.actOnOrder(req->uuid, a, {who, false}, minutes, 0);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  };
  act(OrderAction::Claim, volunteer, 0);
  act(OrderAction::Complete, volunteer, 120);
  ASSERT_EQ(k.desk.requestsOf(m_villagers[4]).size(), 1u);
  EXPECT_EQ(k.desk.requestsOf(m_villagers[4])[0].state, OrderState::Done);
  act(OrderAction::Confirm, m_villagers[4], 0);
  // Nothing credited on the kiosk: it never pushes credit.
  EXPECT_EQ(k.side.journal.standing(volunteer).score, 1000);
  ASSERT_TRUE(k.client.round().ok());

  auto hours = m_office_ledger->entryByUuid(req->uuid + ":hours");
  ASSERT_TRUE(hours.has_value()) << "the office credits the confirmed order";
  EXPECT_EQ(hours->kind, core::EntryKind::VolunteerHours);
  EXPECT_EQ(hours->villager_id, volunteer);
  EXPECT_EQ(hours->kiosk_id, "office");
  EXPECT_EQ(hours->score_delta, 2 * m_settings.volunteer_score_per_hour);
  EXPECT_EQ(hours->points_delta, 2 * m_settings.volunteer_points_per_hour);
  EXPECT_EQ(hours->detail, "minutes=120");

  // Seen after the next pull: the volunteer's figures and this month's minutes.
  ASSERT_TRUE(k.client.round().ok());
  EXPECT_EQ(k.side.journal.standing(volunteer).score, 1000 + 2 * m_settings.volunteer_score_per_hour);
  EXPECT_EQ(k.side.journal.standing(volunteer).points,
            kStartPoints + 2 * m_settings.volunteer_points_per_hour);
  EXPECT_EQ(k.desk.volunteerMinutesThisMonth(volunteer, db::nowMs()), 120);
  EXPECT_TRUE(k.desk.requestsOf(m_villagers[4]).empty());
  EXPECT_TRUE(k.desk.claimedBy(volunteer).empty());
  EXPECT_TRUE(m_office_ledger->verify().ok);
  db::OfficeSync sync(*m_office_ledger);
  EXPECT_TRUE(sync.serviceProblems().empty());
}

TEST_F(ServiceSyncTest, ACancelledBookingFreesThePlaceAtTheOffice) {
  Kiosk k(*this, "hub");
  ASSERT_TRUE(k.client.round().ok());
  auto r = k.desk.book(booking(m_villagers[2], m_slot, true));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(k.client.round().ok());
  EXPECT_EQ(officeInt("SELECT booked FROM slots WHERE id = " + std::to_string(m_slot)), 1);
  auto c = k.desk.cancelBooking(r->uuid, 0);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(k.side.journal.standing(m_villagers[2]).points, kStartPoints);
  ASSERT_TRUE(k.client.round().ok());
  EXPECT_EQ(officeInt("SELECT booked FROM slots WHERE id = " + std::to_string(m_slot)), 0);
  EXPECT_EQ(m_office_ledger->balance(m_villagers[2])->points, kStartPoints);
  expectIdentical(k.side);
}

TEST_F(ServiceSyncTest, AnEventTheOfficeCannotReadIsListedAndTheRestApply) {
  Kiosk k(*this, "hub");
  ASSERT_TRUE(k.client.round().ok());
  auto r = k.desk.book(booking(m_villagers[2], m_slot, true));
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_TRUE(k.client.round().ok());
  // Beside the kiosk's readable events, one the office could not read: it changes nothing,
  // stops nothing, and is on the staff's list with its reason.
  db::OfficeSync office(*m_office_ledger);
  const std::vector<db::UnreadableEvent> unreadable = {{"b-9:book", m_villagers[3], "'points' is out of range"}};
  auto applied = office.applyBatch("hub", {}, {}, unreadable);
  ASSERT_TRUE(applied.ok()) << applied.error().message;
  EXPECT_EQ(applied->flagged, 1);
  bool listed = false;
  for (const auto& p : office.serviceProblems()) {
    if (p.problem == "refused_event" && p.subject_uuid == "b-9:book" && p.villager_id == m_villagers[3] &&
        p.note.find("'points' is out of range") != std::string::npos) {
      listed = true;
    }
  }
  EXPECT_TRUE(listed);
  EXPECT_EQ(officeInt("SELECT booked FROM slots WHERE id = " + std::to_string(m_slot)), 1);
  // The kiosk goes on syncing.
  ASSERT_TRUE(k.desk.cancelBooking(r->uuid, 0).ok());
  ASSERT_TRUE(k.client.round().ok());
  EXPECT_EQ(officeInt("SELECT booked FROM slots WHERE id = " + std::to_string(m_slot)), 0);
}

TEST(ServiceEventsProtocolTest, EventsRoundTripAndBadOnesAreRefused) {
  db::ServiceEvent e;
  e.uuid = "b-1:book";
  e.kind = db::ServiceEventKind::Book;
  e.subject = "b-1";
  e.villager_id = 3;
  e.slot_id = 9;
  e.points = 20;
  e.ticket = "KL-0001";
  e.entry_kiosk_seq = 4;
  e.at_ms = 1'700'000'000'000;
  const std::vector<db::ServiceEvent> events = {e};
  const auto body = encodePush({}, events);
  auto back = decodeServiceEvents(body);
  ASSERT_TRUE(back.ok()) << back.error();
  ASSERT_EQ(back->events.size(), 1u);
  EXPECT_EQ(back->events[0], e);
  EXPECT_TRUE(back->unreadable.empty());
  auto entries = decodePush(body);
  ASSERT_TRUE(entries.ok()) << entries.error();
  EXPECT_TRUE(entries->empty());
  EXPECT_TRUE(decodeServiceEvents(encodePush({})).ok());
  EXPECT_TRUE(decodeServiceEvents(encodePush({}))->events.empty());

  // A bad event is that event's problem alone: it comes back unreadable, named by its id and
  // villager with the reason, and the events beside it still decode.
  auto second = e;
  second.uuid = "b-2:book";
  second.subject = "b-2";
  const std::vector<db::ServiceEvent> two = {e, second};
  const auto pair = encodePush({}, two);
  auto spoil = [&](const std::string& what, const std::string& with) {
    std::string bad = pair;
    bad.replace(bad.find(what), what.size(), with);  // the first event only
    return decodeServiceEvents(bad);
  };
  for (const auto& [what, with, why] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"\"book\"", "\"gift\"", "service event kind"},
           {"\"points\":20", "\"points\":-20", "points"},
           {"\"minutes\":0", "\"minutes\":601", "minutes"}}) {
    auto d = spoil(what, with);
    ASSERT_TRUE(d.ok()) << what << ": " << d.error();
    ASSERT_EQ(d->unreadable.size(), 1u) << what;
    EXPECT_EQ(d->unreadable[0].uuid, "b-1:book");
    EXPECT_EQ(d->unreadable[0].villager_id, 3);
    EXPECT_NE(d->unreadable[0].reason.find(why), std::string::npos) << d->unreadable[0].reason;
    ASSERT_EQ(d->events.size(), 1u) << what;
    EXPECT_EQ(d->events[0], second);
  }
  // Not a list at all: the whole push is malformed.
  EXPECT_FALSE(decodeServiceEvents(R"({"entries":[],"service_events":{"a":1}})").ok());
}

}  // namespace
}  // namespace rc::sync::test
