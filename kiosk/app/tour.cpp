#include "kiosk/app/tour.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "core/rules.h"
#include "db/catalog.h"
#include "db/kiosk_journal.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/staff.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/state.h"

namespace rc::kiosk {

namespace {

struct Pick {
  core::VillagerId id = 0;
  std::int64_t points = 0;
  std::int64_t score = 0;
  std::string card;
};

// The service hub's part of the tour (see tour.h). Villagers met here are picked so that no
// notice or confirmation stands between their scan and Home.
// Returns the volunteer the tour met, if one was, for the staff's part.
std::optional<Pick> servicesTour(std::ostringstream& s, db::Roster& roster, db::ServiceDesk& desk,
                                 const std::vector<Pick>& picks, const Pick& rich, const Pick& poor,
                                 bool synced, const core::Settings& settings) {
  std::vector<db::StationView> stations;
  for (auto& st : desk.stations()) {
    if (st.kind != core::StationKind::Supermarket) stations.push_back(std::move(st));
  }
  if (stations.empty()) return std::nullopt;
  auto quiet = [&](core::VillagerId id) {
    if (!desk.noticesFor(id).empty()) return false;
    for (const auto& o : desk.requestsOf(id)) {
      if (o.state == core::OrderState::Done) return false;
    }
    return true;
  };
  const std::int64_t now = db::nowMs();
  const std::int64_t today = dayStartMs(now);
  // The first open slot of a station in the week the kiosk shows.
  // The first open slot of a station in the week the kiosk shows, that `holder` (if any) does
  // not already hold.
  // `lead_ms`: the slot starts at least this long from now (one the tour cancels must be past
  // the cancel cut-off, whatever the time of day the tour runs).
  auto openSlot = [&](core::StationKind kind, core::VillagerId holder = 0,
                      std::int64_t lead_ms = 0) -> std::optional<db::SlotView> {
    std::vector<std::int64_t> held;
    if (holder != 0) {
      for (const auto& b : desk.bookingsOf(holder, now)) {
        if (b.state == db::BookingState::Booked) held.push_back(b.slot_id);
      }
    }
    for (auto& sv : desk.slots(kind, today, today + 7 * kDayMs)) {
      if (std::find(held.begin(), held.end(), sv.slot.id) != held.end()) continue;
      if (sv.slot.start_ms >= now + lead_ms && sv.free_places > 1) return sv;
    }
    return std::nullopt;
  };
  auto indexOf = [&](core::StationKind kind) {
    for (std::size_t i = 0; i < stations.size(); ++i) {
      if (stations[i].kind == kind) return static_cast<int>(i);
    }
    return -1;
  };
  auto stationId = [](core::StationKind kind) {
    return "services.station." + std::string(core::toString(kind));
  };
  const auto villagers = roster.villagers();
  auto villager = [&](core::VillagerId id) -> const db::Villager* {
    for (const auto& v : villagers) {
      if (v.id == id) return &v;
    }
    return nullptr;
  };
  std::map<core::HouseholdId, bool> relief;
  for (const auto& h : roster.households()) relief[h.id] = h.relief;
  const int this_year = core::monthOfMs(now).year;

  // The first station as Home's Services opens it, and a slot booked and cancelled.
  const bool first_slots = isSlotStation(stations.front().kind);
  std::optional<db::SlotView> booked;
  if (quiet(rich.id)) {
    s << "scan " << rich.card << "\nexpect screen home\n";
    s << "tap home.services\nexpect screen services\nscreenshot 15-services\n";
    const std::int64_t cancellable =
        (static_cast<std::int64_t>(settings.booking_cancel_cutoff_minutes) + 15) * 60'000;
    if (first_slots) booked = openSlot(stations.front().kind, rich.id, cancellable);
    if (booked && booked->slot.points_cost <= rich.points) {
      s << "tap services.slot." << booked->slot.id << "\nexpect screen confirm\n";
      s << "screenshot 16-confirm-book\ntap confirm.yes\nexpect screen ticket\n";
      s << "screenshot 17-ticket\ntap ticket.done\nexpect screen attract\n";
      // Their booking is marked on the slot, not offered again.
      s << "scan " << rich.card << "\ntap home.services\nexpect text 您已约\n";
      s << "screenshot 18-services-booked\n";
      s << "tap services.back\ntap home.mine\nexpect screen my-services\n";
      s << "screenshot 19-my-services\ntap mine.cancel.0\nexpect screen confirm\n";
      s << "screenshot 20-confirm-cancel-booking\ntap confirm.yes\nexpect screen my-services\n";
      s << "tap mine.back\n";
    } else {
      booked.reset();
      s << "tap services.back\n";
    }
    // A request: preset notes tapped, the grid shown, a ticket.
    for (auto kind : {core::StationKind::Repair, core::StationKind::Errand,
                      core::StationKind::Haircut}) {
      if (indexOf(kind) < 0) continue;
      s << "tap home.services\ntap " << stationId(kind) << "\ntap services.note.0\n";
      s << "screenshot 21-services-request\ntap services.next\nexpect screen confirm\n";
      s << "screenshot 22-confirm-request\ntap confirm.yes\nexpect screen ticket\n";
      s << "screenshot 23-ticket-request\ntap ticket.done\n";
      break;
    }
    s << "expect screen attract\n";
  }

  // A party member or volunteer claims it, marks it done, and books for an elder.
  std::optional<Pick> helper;
  std::optional<Pick> elder;
  for (const auto& p : picks) {
    const auto* v = villager(p.id);
    if (!v || p.id == rich.id || !quiet(p.id)) continue;
    if (!helper && (v->party_member || !roster.teamsOf(p.id).empty())) {
      helper = p;
    } else if (!elder && this_year - v->birth_year >= 70) {
      elder = p;
    }
  }
  // The helper claims the first open request: the village's oldest (their own grid first), or
  // the tour's own when none was open before it; its requester confirms the work afterwards.
  std::optional<Pick> confirmer;
  bool claimed = false;
  if (helper) {
    const auto open = desk.openOrders(helper->id);
    const core::VillagerId who = open.empty() ? rich.id : open.front().requester;
    for (const auto& p : picks) {
      if (p.id == who) confirmer = p;
    }
  }
  if (helper) {
    s << "scan " << helper->card << "\nexpect screen home\ntap home.volunteer\n";
    s << "expect screen volunteer\nscreenshot 24-volunteer\n";
    if (quiet(rich.id) && indexOf(core::StationKind::Repair) + indexOf(core::StationKind::Errand) +
                                  indexOf(core::StationKind::Haircut) > -3) {
      // The tour's own request is the oldest in no grid of theirs, or first in theirs: claim
      // whatever is first, then mark the first claimed done. On a synced kiosk the claim waits
      // for the office (等村委会确认: who claimed first is the office's to say), so the tour
      // leaves it there.
      s << "tap vol.claim.0\nexpect screen volunteer\nscreenshot 25-volunteer-claimed\n";
      if (!synced) {
        claimed = true;
        s << "tap vol.done.0\nexpect screen done-minutes\ntap minutes.30\ntap minutes.plus\n";
        s << "screenshot 26-done-minutes\ntap minutes.confirm\nexpect screen volunteer\n";
      }
    }
    if (elder) {
      s << "tap vol.for-other\nexpect screen for-other\nscreenshot 27-for-other\n";
      s << "scan " << elder->card << "\nexpect screen services\nscreenshot 28-services-for-other\n";
      std::optional<db::SlotView> slot;
      if (first_slots) slot = openSlot(stations.front().kind, elder->id);
      if (slot && slot->slot.points_cost <= elder->points) {
        s << "tap services.slot." << slot->slot.id << "\ntap confirm.yes\nexpect screen ticket\n";
        s << "screenshot 29-ticket-for-other\ntap ticket.done\n";
      } else {
        s << "tap services.back\ntap home.logout\n";
      }
    } else {
      s << "tap vol.back\ntap home.logout\n";
    }
    s << "expect screen attract\n";
  }

  // The refusals the village's data allows.
  const int machinery = indexOf(core::StationKind::FarmMachinery);
  if (machinery >= 0 && openSlot(core::StationKind::FarmMachinery)) {
    for (const auto& p : picks) {
      if (!quiet(p.id) || desk.householdShortfall(p.id).empty()) continue;
      s << "scan " << p.card << "\nexpect screen home\ntap home.services\n";
      s << "tap " << stationId(core::StationKind::FarmMachinery) << "\n";
      s << "screenshot 30-services-machinery\n";
      s << "tap services.slot." << openSlot(core::StationKind::FarmMachinery)->slot.id << "\n";
      s << "tap confirm.yes\nexpect screen error:machinery-not-eligible\n";
      s << "screenshot 31-error-machinery-not-eligible\ntap error.back\ntap services.back\n";
      s << "tap home.logout\n";
      break;
    }
  }
  const int canteen = indexOf(core::StationKind::WarmCanteen);
  if (canteen >= 0 && openSlot(core::StationKind::WarmCanteen)) {
    for (const auto& p : picks) {
      const auto* v = villager(p.id);
      if (!v || !quiet(p.id) || this_year - v->birth_year >= 69 || relief[v->household_id]) continue;
      s << "scan " << p.card << "\nexpect screen home\ntap home.services\n";
      s << "tap " << stationId(core::StationKind::WarmCanteen) << "\n";
      s << "tap services.slot." << openSlot(core::StationKind::WarmCanteen)->slot.id << "\n";
      s << "tap confirm.yes\nexpect screen error:canteen-not-eligible\n";
      s << "screenshot 32-error-canteen-not-eligible\ntap error.back\ntap services.back\n";
      s << "tap home.logout\n";
      break;
    }
  }
  if (first_slots && quiet(poor.id)) {
    if (const auto slot = openSlot(stations.front().kind, poor.id);
        slot && slot->slot.points_cost > poor.points) {
      s << "scan " << poor.card << "\nexpect screen home\ntap home.services\n";
      s << "tap services.slot." << slot->slot.id << "\n";
      s << "expect screen error:service-points\nscreenshot 33-error-service-points\n";
      s << "tap error.back\ntap services.back\ntap home.logout\n";
    }
  }
  // The requester confirms the volunteer's work on their next scan.
  if (claimed && confirmer && quiet(confirmer->id)) {
    s << "scan " << confirmer->card << "\nexpect screen notice\nscreenshot 34-notice-confirm-done\n";
    s << "tap notice.confirm\nexpect screen home\nscreenshot 35-home-services\n";
    s << "tap home.logout\n";
  }
  // What the office decided, shown once.
  for (const auto& p : picks) {
    const auto notices = desk.noticesFor(p.id);
    if (notices.empty()) continue;
    s << "scan " << p.card << "\nexpect screen notice\nscreenshot 36-notice\n";
    s << "tap notice.ok\ntap home.logout\n";
    break;
  }
  s << "expect screen attract\n";
  return helper;
}

// The staff's part: a wrong PIN, the right one, today's list with a void of the tour's own
// redemption, a restock, a stock count, a request confirmed on its requester's behalf (when a
// volunteer can mark one done first), the day close, and another card locked by wrong PINs.
// Only with staff whose PIN is the demo village's (core::kDemoStaffPin).
void staffTour(std::ostringstream& s, db::Database& db, const std::vector<core::Product>& products,
               const core::Product& cheap, const Pick& rich, db::ServiceDesk* desk,
               const std::optional<Pick>& helper, bool synced) {
  std::vector<db::StaffMember> staff;
  for (auto& m : db::StaffRepo(db).list()) {
    if (!m.disabled && db::pinMatches(m.pin_hash, core::kDemoStaffPin)) staff.push_back(std::move(m));
  }
  if (staff.empty()) return;
  // The keeper first: the one who runs the hub's day.
  std::stable_sort(staff.begin(), staff.end(), [](const auto& a, const auto& b) {
    return a.role == core::StaffRole::Keeper && b.role != core::StaffRole::Keeper;
  });
  auto typePin = [&](std::string_view pin) {
    for (char d : pin) s << "tap pin." << d << "\n";
  };
  // A redemption to void: the newest entry of this kiosk, so the first row of today's list.
  s << "scan " << rich.card << "\nexpect screen home\ntap home.supermarket\n";
  s << "tap market.add." << cheap.sku << "\ntap cart.confirm\nexpect screen receipt\n";
  s << "tap receipt.done\nexpect screen attract\n";
  // A volunteer marks a request done, for the staff to confirm for its requester.
  bool done_order = false;
  if (helper && desk && !synced && desk->openOrders(helper->id).size() >= 2) {
    done_order = true;
    s << "scan " << helper->card << "\nexpect screen home\ntap home.volunteer\n";
    s << "tap vol.claim.0\ntap vol.done.0\nexpect screen done-minutes\ntap minutes.30\n";
    s << "tap minutes.confirm\nexpect screen volunteer\ntap vol.back\ntap home.logout\n";
  }
  const auto& keeper = staff.front();
  s << "scan " << keeper.card_uid << "\nexpect screen staff-pin\nscreenshot 40-staff-pin\n";
  typePin("999999");
  s << "expect screen staff-pin:wrong\nscreenshot 41-staff-pin-wrong\n";
  typePin(core::kDemoStaffPin);
  s << "expect screen staff-menu\nscreenshot 42-staff-menu\n";
  s << "tap menu.today\nexpect screen staff-today\nscreenshot 43-staff-today\n";
  s << "tap today.void.0\nexpect screen staff-reason:void\nscreenshot 44-staff-void-reason\n";
  s << "tap reason.wrong_item\nexpect screen staff-confirm:void\nscreenshot 45-staff-confirm-void\n";
  s << "tap staff.confirm.yes\nexpect screen staff-today\nexpect text 已作废\n";
  s << "screenshot 46-staff-today-voided\ntap today.back\n";
  // Restock the first product on the list.
  s << "tap menu.restock\nexpect screen staff-products:restock\nscreenshot 47-staff-restock\n";
  s << "tap stock.product.0\nexpect screen staff-number\ntap number.1\ntap number.2\n";
  s << "screenshot 48-staff-number\ntap number.ok\nexpect screen staff-confirm:restock\n";
  s << "screenshot 49-staff-confirm-restock\ntap staff.confirm.yes\n";
  s << "expect screen staff-products\nexpect text 已补货\ntap stock.back\n";
  // Count a product the tour did not touch: one fewer than recorded, one damaged.
  for (std::size_t i = 1; i < products.size() && i < 12; ++i) {
    const auto& p = products[i];
    if (p.sku == cheap.sku || p.stock < 1) continue;
    s << "tap menu.count\nexpect screen staff-products:count\ntap stock.product." << i << "\n";
    for (char d : std::to_string(p.stock - 1)) s << "tap number." << d << "\n";
    s << "tap number.ok\nexpect screen staff-reason:count\nscreenshot 50-staff-count-reason\n";
    s << "tap reason.damaged\nexpect screen staff-confirm:count\nscreenshot 51-staff-confirm-count\n";
    s << "tap staff.confirm.yes\nexpect text 已盘点\nscreenshot 52-staff-counted\ntap stock.back\n";
    break;
  }
  s << "tap menu.orders\nexpect screen staff-orders\nscreenshot 53-staff-orders\n";
  if (done_order) {
    s << "tap orders.confirm.0\nexpect screen staff-confirm:confirm-order\n";
    s << "screenshot 54-staff-confirm-order\ntap staff.confirm.yes\nexpect screen staff-orders\n";
    s << "expect text 已代为确认\n";
  }
  s << "tap orders.back\ntap menu.close\nexpect screen staff-day-close\n";
  s << "screenshot 55-staff-day-close\ntap close.yes\nexpect screen staff-day-close:closed\n";
  s << "screenshot 56-staff-day-closed\ntap close.done\nexpect screen staff-menu\n";
  s << "tap status.lang\nexpect text Restock\nscreenshot 57-staff-menu-english\ntap status.lang\n";
  s << "tap menu.exit\nexpect screen attract\n";
  // Another staff card meets the lockout: five wrong PINs.
  if (staff.size() > 1) {
    s << "scan " << staff[1].card_uid << "\nexpect screen staff-pin\n";
    for (int i = 0; i < core::kPinFreeTries; ++i) typePin("999999");
    s << "expect screen staff-pin:locked\nscreenshot 58-staff-pin-locked\ntap pin.exit\n";
    s << "expect screen attract\n";
  }
  // A synced kiosk hands the office its day close, stock movements and the lock.
  if (synced) s << "sync wait synced\n";
}

}  // namespace

std::string tourScript(db::Database& db, const core::Settings& settings,
                       std::optional<std::string> synced_kiosk_id, const ServiceDeskFactory& desk_factory) {
  db::Roster roster(db);
  db::Ledger ledger(db, settings);
  db::Catalog catalog(db);
  std::optional<db::KioskJournal> journal;
  if (synced_kiosk_id) journal.emplace(ledger, *synced_kiosk_id);
  const auto products = catalog.products(true);

  // A rich villager (to redeem), a poor one (not enough points) and one below the welfare
  // threshold (a welfare item is refused), each with a card.
  std::vector<Pick> picks;
  for (const auto& v : roster.villagers()) {
    const auto cards = roster.cardsOf(v.id);
    if (cards.empty()) continue;
    if (journal) {
      // What the kiosk shows and lets them spend.
      const auto st = journal->standing(v.id);
      picks.push_back({v.id, st.points, st.score, cards.front()});
      continue;
    }
    const auto b = ledger.balance(v.id);
    if (!b) continue;
    picks.push_back({v.id, b->points, b->score, cards.front()});
  }
  std::ostringstream s;
  s << "# The built-in tour: every screen and error, one screenshot each.\n";
  s << "screenshot 01-attract\n";
  if (picks.empty() || products.empty()) return s.str();

  const auto rich = *std::max_element(picks.begin(), picks.end(),
                                      [](const Pick& a, const Pick& b) { return a.points < b.points; });
  const auto poor = *std::min_element(picks.begin(), picks.end(),
                                      [](const Pick& a, const Pick& b) { return a.points < b.points; });
  const auto low = *std::min_element(picks.begin(), picks.end(),
                                     [](const Pick& a, const Pick& b) { return a.score < b.score; });
  // The cheapest of the first page of the first category: one tap from the supermarket.
  const auto first_category = categoriesOf(products).front();
  const core::Product* cheap = nullptr;
  int on_page = 0;
  for (const auto& p : products) {
    if (p.category != first_category || on_page++ >= 9) continue;
    if (!p.requires_welfare && p.stock > 0 && (!cheap || p.price_points < cheap->price_points)) {
      cheap = &p;
    }
  }
  if (!cheap) return s.str();
  const core::Product* dear = &products.front();
  const core::Product* welfare = nullptr;
  for (const auto& p : products) {
    if (!p.requires_welfare && (dear->requires_welfare || p.price_points > dear->price_points)) dear = &p;
    if (p.requires_welfare && !welfare) welfare = &p;
  }

  s << "scan " << rich.card << "\nexpect screen home\nscreenshot 02-home\n";
  s << "tap home.supermarket\nexpect screen supermarket\n";
  s << "tap market.add." << cheap->sku << "\n";
  if (!cheap->barcode.empty()) s << "scan " << cheap->barcode << "\n";
  s << "screenshot 03-supermarket\n";
  s << "tap cart.confirm\nexpect screen receipt\nscreenshot 04-receipt\n";
  s << "tap receipt.done\nexpect screen attract\n";
  if (journal) {
    // The office holds the redemption, and the status bar says so.
    s << "sync wait synced\nexpect text 已同步\nscreenshot 04b-attract-synced\n";
  }

  // Why a score moved: the most recent council deduction on a Home (of the lowest score first),
  // tapped open. Home lists four records when it offers services, so one of those.
  std::vector<Pick> by_score = picks;
  std::stable_sort(by_score.begin(), by_score.end(),
                   [](const Pick& a, const Pick& b) { return a.score < b.score; });
  for (const auto& p : by_score) {
    const auto recent = ledger.recentEntries(p.id, 4);
    const auto it = std::find_if(recent.begin(), recent.end(), [](const db::Entry& e) {
      return e.kind == core::EntryKind::CouncilDeduction;
    });
    if (it == recent.end()) continue;
    s << "scan " << p.card << "\nexpect screen home\ntap home.recent." << (it - recent.begin())
      << "\nexpect screen entry\nscreenshot 04c-entry-why\ntap entry.back\nexpect screen home\n";
    s << "tap home.logout\nexpect screen attract\n";
    break;
  }
  s << "scan 0000000A\nexpect screen error:unknown-card\nscreenshot 05-error-unknown-card\n";
  s << "tap error.back\n";
  if (!cheap->barcode.empty()) {
    s << "scan " << cheap->barcode << "\nexpect screen error:card-first\n";
    s << "screenshot 06-error-card-first\ntap error.back\n";
  }
  if (dear->price_points > poor.points) {
    s << "scan " << poor.card << "\ntap home.supermarket\n";
    if (!dear->barcode.empty()) {
      s << "scan " << dear->barcode << "\nexpect screen error:not-enough-points\n";
      s << "screenshot 07-error-not-enough-points\ntap error.back\n";
    }
  }
  if (welfare && !core::welfareEligible(low.score, settings) && !welfare->barcode.empty()) {
    s << "scan " << low.card << "\nexpect screen home\nscreenshot 08-home-below-threshold\n";
    s << "scan " << welfare->barcode << "\nexpect screen error:not-eligible\n";
    s << "screenshot 09-error-not-eligible\ntap error.back\n";
  }
  s << "scan 12345670123\nexpect screen error:unreadable\nscreenshot 10-error-unreadable\n";
  s << "tap error.back\n";
  std::unique_ptr<db::ServiceDesk> desk;
  if (desk_factory) desk = desk_factory(ledger, journal ? &*journal : nullptr);
  std::optional<Pick> helper;
  if (desk) {
    helper = servicesTour(s, roster, *desk, picks, rich, poor, synced_kiosk_id.has_value(), settings);
  }
  staffTour(s, db, products, *cheap, rich, desk.get(), helper, synced_kiosk_id.has_value());
  s << "scan " << rich.card << "\ntap status.lang\nexpect text Points\n";
  s << "screenshot 11-home-english\n";
  if (desk && !desk->stations().empty()) {
    s << "tap home.services\nexpect screen services\nscreenshot 11b-services-english\n";
    s << "tap services.back\n";
  }
  s << "tap status.lang\n";
  s << "tap home.supermarket\ntap market.add." << cheap->sku << "\n";
  s << "wait 46s\nexpect text 还在使用吗\nscreenshot 12-idle-warning\n";
  s << "wait 15s\nexpect screen attract\n";
  s << "reader unplug\nexpect screen error:reader-unplugged\nscreenshot 13-error-reader\n";
  s << "reader plug\nexpect screen attract\n";
  s << "db offline\nscan " << rich.card << "\nexpect screen error:database-unavailable\n";
  s << "screenshot 14-error-out-of-service\ndb online\nwait 16s\nexpect screen attract\n";
  return s.str();
}

}  // namespace rc::kiosk
