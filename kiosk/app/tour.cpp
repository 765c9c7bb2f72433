#include "kiosk/app/tour.h"

#include <algorithm>
#include <sstream>

#include "core/rules.h"
#include "db/catalog.h"
#include "db/kiosk_journal.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "kiosk/app/state.h"

namespace rc::kiosk {

std::string tourScript(db::Database& db, const core::Settings& settings,
                       std::optional<std::string> synced_kiosk_id) {
  db::Roster roster(db);
  db::Ledger ledger(db, settings);
  db::Catalog catalog(db);
  std::optional<db::KioskJournal> journal;
  if (synced_kiosk_id) journal.emplace(ledger, *synced_kiosk_id);
  const auto products = catalog.products(true);

  // A rich villager (to redeem), a poor one (not enough points) and one below the welfare
  // threshold (a welfare item is refused), each with a card.
  struct Pick {
    core::VillagerId id = 0;
    std::int64_t points = 0;
    std::int64_t score = 0;
    std::string card;
  };
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
  s << "scan " << rich.card << "\ntap status.lang\nexpect text Points\n";
  s << "screenshot 11-home-english\ntap status.lang\n";
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
