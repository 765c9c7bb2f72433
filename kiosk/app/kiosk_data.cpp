#include "kiosk/app/kiosk_data.h"

#include <algorithm>
#include <charconv>
#include <iostream>

#include "core/boards.h"
#include "core/rules.h"
#include "db/catalog.h"
#include "db/roster.h"
#include "db/reports.h"
#include "sync/offline_policy.h"

namespace rc::kiosk {
namespace {

constexpr int kRecentEntries = 5;

BoardLine lineOf(const db::BoardLineRow& r, const core::Settings& s) {
  return {r.name, r.score, r.rank, core::starsFor(r.score, s)};
}

ErrorKind kindOf(const db::LedgerFailure& f) {
  if (f.code == db::LedgerError::InsufficientPoints) return ErrorKind::NotEnoughPoints;
  if (f.code == db::LedgerError::Cart && f.cart_problem) {
    switch (f.cart_problem->error) {
      case core::CartError::InsufficientPoints: return ErrorKind::NotEnoughPoints;
      case core::CartError::OutOfStock: return ErrorKind::OutOfStock;
      case core::CartError::NotEligible: return ErrorKind::NotEligible;
      case core::CartError::UnknownProduct:
      case core::CartError::Inactive: return ErrorKind::UnknownProduct;
      default: return ErrorKind::RedeemFailed;
    }
  }
  if (f.code == db::LedgerError::Storage) return ErrorKind::DatabaseUnavailable;
  return ErrorKind::RedeemFailed;
}

}  // namespace

KioskData::KioskData(std::string db_path, core::Settings settings, std::string kiosk_id,
                     std::optional<SyncMode> sync)
    : m_path(std::move(db_path)),
      m_settings(std::move(settings)),
      m_kiosk_id(std::move(kiosk_id)),
      m_sync(std::move(sync)) {}

KioskData::~KioskData() { close(); }

void KioskData::close() noexcept {
  m_journal.reset();
  m_ledger.reset();
  m_checkpoint.reset();
  m_db.reset();
}

bool KioskData::open() {
  if (m_db) return true;
  // ReadWrite: the kiosk never creates a ledger; a missing file is an outage, not a new village.
  m_db = std::make_unique<db::Database>(m_path, db::OpenMode::ReadWrite);
  m_checkpoint = std::make_unique<db::BackgroundCheckpoint>(*m_db);
  m_ledger = std::make_unique<db::Ledger>(*m_db, m_settings);
  if (m_sync) m_journal = std::make_unique<db::KioskJournal>(*m_ledger, m_kiosk_id);
  return true;
}

Response KioskData::handle(const Request& request) {
  if (m_offline) {
    close();
    return response::Unavailable{"offline (simulated)"};
  }
  try {
    open();
    return std::visit(
        [&](const auto& r) -> Response {
          using T = std::decay_t<decltype(r)>;
          if constexpr (std::is_same_v<T, request::LoadBoards>) {
            return boards();
          } else if constexpr (std::is_same_v<T, request::LoadProducts>) {
            return products();
          } else if constexpr (std::is_same_v<T, request::LookupCard>) {
            return card(r.uid);
          } else if constexpr (std::is_same_v<T, request::LookupBarcode>) {
            return barcode(r.barcode);
          } else {
            return redeem(r);
          }
        },
        request);
  } catch (const std::exception& e) {
    // The connection may be broken: drop it, and the next request tries again.
    close();
    m_boards.reset();
    std::cerr << "rc-kiosk: ledger unavailable: " << e.what() << "\n";
    return response::Unavailable{e.what()};
  }
}

void KioskData::ensureMonth() {
  if (m_boards) return;
  AttractBoards b;
  m_yellow.clear();
  m_rank.clear();
  std::vector<core::Scored> scores;
  std::optional<db::PulledBoards> pulled;
  if (m_journal) pulled = m_journal->boards();
  if (pulled) {
    // Synced: the office's boards; ranks by the figures the office sent.
    b.month = pulled->month;
    for (const auto& r : pulled->party) b.party.push_back(lineOf(r, m_settings));
    for (const auto& r : pulled->commended) b.commended.push_back(lineOf(r, m_settings));
    for (const auto& r : pulled->yellow_cards) m_yellow[r.villager_id] = r.paired_name;
    b.volunteer_minutes = pulled->volunteer_minutes;
    b.volunteer_sessions = pulled->volunteer_sessions;
    scores = m_journal->standingScores();
  } else {
    // A whole ledger (standalone, or a synced kiosk before the office sent boards).
    db::Roster roster(*m_db);
    const core::YearMonth month = db::defaultMonth(roster);
    const auto mb = db::monthBoards(*m_db, m_settings, month);
    b.month = month;
    for (const auto& r : mb.party) b.party.push_back({r.name, r.score, r.rank, r.stars});
    for (const auto& r : mb.commended) b.commended.push_back({r.name, r.score, r.rank, r.stars});
    for (const auto& r : mb.yellow_cards) m_yellow[r.id] = r.paired_name;
    const auto volunteer = db::volunteerTotals(*m_db, month);
    b.volunteer_minutes = volunteer.minutes;
    b.volunteer_sessions = volunteer.sessions;
    scores = m_journal ? m_journal->standingScores()
                       : roster.scoresAsOf(core::monthStartMs(month.next()));
  }
  for (const auto& r : core::rankByScore(scores)) m_rank[r.id] = r.rank;
  m_ranked = static_cast<int>(scores.size());
  m_boards = std::move(b);
}

Response KioskData::boards() {
  m_boards.reset();  // a reload reads the month afresh
  ensureMonth();
  return response::Boards{*m_boards};
}

Response KioskData::products() {
  db::Catalog catalog(*m_db);
  return response::Products{catalog.products(true)};
}

std::optional<VillagerCard> KioskData::villagerCard(core::VillagerId id) {
  ensureMonth();
  db::Roster roster(*m_db);
  const auto v = roster.villager(id);
  if (!v) return std::nullopt;
  VillagerCard c;
  if (m_journal) {
    // What the villager may spend: the office's figures plus this kiosk's pending entries, not
    // the sum of the few entries this kiosk's own file holds.
    const db::Standing st = m_journal->standing(id);
    c.score = st.score;
    c.points = st.points;
  } else {
    const auto bal = m_ledger->balance(id);
    if (!bal) return std::nullopt;
    c.score = bal->score;
    c.points = bal->points;
  }
  c.id = id;
  c.name = v->name;
  c.stars = core::starsFor(c.score, m_settings);
  c.welfare = core::welfareEligible(c.score, m_settings);
  if (auto it = m_rank.find(id); it != m_rank.end()) c.rank = it->second;
  c.ranked = m_ranked;
  if (auto it = m_yellow.find(id); it != m_yellow.end()) {
    c.yellow_card = true;
    c.paired_name = it->second;
  }
  for (const auto& e : m_ledger->recentEntries(id, kRecentEntries)) {
    c.recent.push_back({e.kind, e.score_delta, e.points_delta, e.at_ms});
  }
  return c;
}

Response KioskData::card(const std::string& uid) {
  db::Roster roster(*m_db);
  const auto id = roster.villagerByCard(uid);
  if (!id) return response::Card{uid, std::nullopt};
  return response::Card{uid, villagerCard(*id)};
}

Response KioskData::barcode(const std::string& code) {
  db::Catalog catalog(*m_db);
  auto p = catalog.productByBarcode(code);
  if (p && !p->active) p.reset();
  return response::Barcode{code, std::move(p)};
}

std::optional<response::RedeemRefused> KioskData::offlineRefusal(const request::Redeem& r) {
  if (!m_journal) return std::nullopt;
  if (m_sync->office_reachable && m_sync->office_reachable()) return std::nullopt;
  // A retry of a redemption already recorded is not a new spend.
  if (!r.uuid.empty() && m_ledger->entryByUuid(r.uuid)) return std::nullopt;
  std::vector<std::string> skus;
  for (const auto& l : r.lines) skus.push_back(l.sku);
  int total = 0;
  const auto products = db::Catalog(*m_db).productsBySku(skus);
  for (const auto& l : r.lines) {
    for (const auto& p : products) {
      if (p.sku == l.sku) total += p.price_points * l.quantity;
    }
  }
  const int spent = m_journal->offlineSpentToday(r.villager, db::nowMs());
  const auto check = sync::checkOfflineLimit(m_settings, false, spent, total);
  if (check.allowed) return std::nullopt;
  response::RedeemRefused refused;
  refused.kind = ErrorKind::OfflineLimit;
  refused.limit = m_settings.offline_points_per_villager_per_day;
  refused.remaining = check.remaining;
  refused.detail = "offline limit: " + std::to_string(spent) + " spent offline today, " +
                   std::to_string(total) + " wanted, limit " + std::to_string(refused.limit);
  return refused;
}

Response KioskData::redeem(const request::Redeem& r) {
  if (auto refused = offlineRefusal(r)) return std::move(*refused);
  db::RedemptionDraft d;
  d.uuid = r.uuid;
  d.kiosk_id = m_kiosk_id;
  d.villager_id = r.villager;
  d.lines = r.lines;
  d.reference = r.order_number;
  // Synced: priced against the standing and numbered in this kiosk's journal.
  auto res = m_journal ? m_journal->redeem(d) : m_ledger->redeem(d);
  if (!res) {
    const auto& f = res.error();
    response::RedeemRefused refused;
    refused.kind = kindOf(f);
    if (f.cart_problem) refused.sku = f.cart_problem->sku;
    refused.detail = std::string(db::toString(f.code)) + ": " + f.message;
    if (refused.kind == ErrorKind::DatabaseUnavailable) return response::Unavailable{refused.detail};
    return refused;
  }
  response::Redeemed out;
  out.receipt.order_number = r.order_number;
  out.receipt.total_points = -res->entry.points_delta;
  out.receipt.balance_after = res->balance.points;
  out.receipt.ledger_seq = res->entry.seq;
  std::vector<std::string> skus;
  for (const auto& l : r.lines) skus.push_back(l.sku);
  db::Catalog catalog(*m_db);
  const auto products = catalog.productsBySku(skus);
  for (const auto& l : r.lines) {
    ReceiptLine line{l.sku, l.quantity, 0};
    for (const auto& p : products) {
      if (p.sku == l.sku) {
        line.name = p.name;
        line.points = p.price_points * l.quantity;
      }
    }
    out.receipt.lines.push_back(std::move(line));
  }
  if (auto v = villagerCard(r.villager)) out.villager = std::move(*v);
  if (m_journal) out.pending_sync = m_journal->pendingCount();
  return out;
}

}  // namespace rc::kiosk
