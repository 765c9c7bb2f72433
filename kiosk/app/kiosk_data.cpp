#include "kiosk/app/kiosk_data.h"

#include <algorithm>
#include <charconv>
#include <iostream>

#include "core/boards.h"
#include "core/rules.h"
#include "db/catalog.h"
#include "db/roster.h"
#include "office/reports.h"

namespace rc::kiosk {
namespace {

constexpr int kRecentEntries = 5;
// Enough to cover one villager's month of volunteer sessions in the demo and in life.
constexpr int kVolunteerScan = 120;

int minutesOf(const db::Entry& e) {
  // Volunteer entries carry "minutes=N" (office/demo_village and the service orders).
  constexpr std::string_view key = "minutes=";
  const auto at = e.detail.find(key);
  if (at == std::string::npos) return 0;
  int v = 0;
  const char* begin = e.detail.data() + at + key.size();
  std::from_chars(begin, e.detail.data() + e.detail.size(), v);
  return std::max(0, v);
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

KioskData::KioskData(std::string db_path, core::Settings settings, std::string kiosk_id)
    : m_path(std::move(db_path)), m_settings(std::move(settings)), m_kiosk_id(std::move(kiosk_id)) {}

KioskData::~KioskData() { close(); }

void KioskData::close() noexcept {
  m_ledger.reset();
  m_db.reset();
}

bool KioskData::open() {
  if (m_db) return true;
  // ReadWrite: the kiosk never creates a ledger; a missing file is an outage, not a new village.
  m_db = std::make_unique<db::Database>(m_path, db::OpenMode::ReadWrite);
  m_ledger = std::make_unique<db::Ledger>(*m_db, m_settings);
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
  db::Roster roster(*m_db);
  const core::YearMonth month = office::defaultMonth(roster);
  const auto mb = office::monthBoards(*m_db, m_settings, month);
  AttractBoards b;
  b.month = month;
  for (const auto& r : mb.party) b.party.push_back({r.name, r.score, r.rank, r.stars});
  for (const auto& r : mb.commended) b.commended.push_back({r.name, r.score, r.rank, r.stars});

  m_yellow.clear();
  for (const auto& r : mb.yellow_cards) m_yellow[r.id] = r.paired_name;
  m_rank.clear();
  const auto scores = roster.scoresAsOf(core::monthStartMs(month.next()));
  for (const auto& r : core::rankByScore(scores)) m_rank[r.id] = r.rank;
  m_ranked = static_cast<int>(scores.size());

  // Volunteer time this month, from each villager's latest entries.
  const std::int64_t from = core::monthStartMs(month);
  const std::int64_t to = core::monthStartMs(month.next());
  for (const auto& s : scores) {
    for (const auto& e : m_ledger->recentEntries(s.id, kVolunteerScan)) {
      if (e.at_ms < from) break;  // newest first
      if (e.kind == core::EntryKind::VolunteerHours && e.at_ms < to) {
        b.volunteer_minutes += minutesOf(e);
        ++b.volunteer_sessions;
      }
    }
  }
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
  const auto bal = m_ledger->balance(id);
  if (!v || !bal) return std::nullopt;
  VillagerCard c;
  c.id = id;
  c.name = v->name;
  c.score = bal->score;
  c.points = bal->points;
  c.stars = core::starsFor(bal->score, m_settings);
  c.welfare = core::welfareEligible(bal->score, m_settings);
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

Response KioskData::redeem(const request::Redeem& r) {
  db::RedemptionDraft d;
  d.uuid = r.uuid;
  d.kiosk_id = m_kiosk_id;
  d.villager_id = r.villager;
  d.lines = r.lines;
  d.reference = r.order_number;
  auto res = m_ledger->redeem(d);
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
  return out;
}

}  // namespace rc::kiosk
