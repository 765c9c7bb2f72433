#include "kiosk/app/kiosk_data.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <iostream>

#include "core/boards.h"
#include "core/rules.h"
#include "db/cards.h"
#include "db/catalog.h"
#include "db/entry_reasons.h"
#include "db/team_recruiting.h"
#include "db/kiosk_services.h"
#include "db/product_pictures.h"
#include "db/roster.h"
#include "db/reports.h"
#include "db/services.h"
#include "kiosk/app/hub_words.h"
#include "sync/card_token.h"
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

// A hub request on a kiosk without a service desk (the screens do not offer one).
response::ServiceRefused noDesk(response::HubOp op) {
  response::ServiceRefused r;
  r.op = op;
  r.detail = "no service desk on this kiosk";
  return r;
}

}  // namespace

ServiceDeskFactory defaultServiceDesk(std::vector<core::StationKind> offered) {
  return [offered = std::move(offered)](db::Ledger& ledger, db::KioskJournal* journal)
             -> std::unique_ptr<db::ServiceDesk> {
    if (journal) return std::make_unique<db::KioskServices>(ledger, *journal, offered);
    return std::make_unique<db::Services>(ledger, offered);
  };
}

KioskData::KioskData(std::string db_path, core::Settings settings, std::string kiosk_id,
                     std::optional<SyncMode> sync, ServiceDeskFactory desk)
    : m_path(std::move(db_path)),
      m_settings(std::move(settings)),
      m_kiosk_id(std::move(kiosk_id)),
      m_sync(std::move(sync)),
      m_desk_factory(std::move(desk)) {}

KioskData::~KioskData() { close(); }

void KioskData::close() noexcept {
  m_desk.reset();
  m_journal.reset();
  m_ledger.reset();
  m_checkpoint.reset();
  m_db.reset();
}

bool KioskData::open() {
  if (m_db) return true;
  // ReadWrite: the kiosk never creates a ledger; a missing file is an outage, not a new village.
  m_db = std::make_unique<db::Database>(m_path, db::OpenMode::ReadWrite);
  // SQLite opens a file it may not write read-only rather than fail; a kiosk that cannot record
  // a redemption is out of service, not a kiosk that refuses each one at the last step.
  if (sqlite3_db_readonly(m_db->handle(), "main") == 1) {
    m_db.reset();
    throw db::DbException(
        {db::DbErrorCode::CannotOpen, "the ledger file " + m_path + " is read-only"});
  }
  m_checkpoint = std::make_unique<db::BackgroundCheckpoint>(*m_db);
  m_ledger = std::make_unique<db::Ledger>(*m_db, m_settings);
  if (m_sync) m_journal = std::make_unique<db::KioskJournal>(*m_ledger, m_kiosk_id);
  if (m_desk_factory) m_desk = m_desk_factory(*m_ledger, m_journal.get());
  if (m_desk) m_desk->setKioskId(m_kiosk_id);
  return true;
}

std::string KioskData::backupDir() const { return m_path + ".backups"; }

DailyBackup KioskData::dailyBackup(std::int64_t now_ms) {
  DailyBackup out;
  if (m_offline || m_path.empty() || m_path == ":memory:" || m_path.starts_with("file:")) return out;
  const std::string day = core::formatChinaTime(now_ms).substr(0, 10);
  if (day == m_backup_day) return out;
  if (m_backup_failed_ms != 0 && now_ms - m_backup_failed_ms < 3'600'000) return out;
  std::error_code ec;
  const auto name = db::backupFileName(m_path, now_ms);
  if (std::filesystem::exists(std::filesystem::path(backupDir()) / name, ec)) {
    m_backup_day = day;  // taken before a restart
    return out;
  }
  out.ran = true;
  auto done = db::backupLedger(m_path, backupDir(), m_settings, now_ms, db::BackupPolicy{2, 0});
  if (!done) {
    m_backup_failed_ms = now_ms;
    out.error = done.error().message;
    std::cerr << "rc-kiosk: daily backup failed (每日备份失败): " << out.error << "\n";
    return out;
  }
  m_backup_day = day;
  m_backup_failed_ms = 0;
  out.path = done->path;
  return out;
}

Response KioskData::handle(const Request& request) {
  if (m_offline) {
    close();
    return response::Unavailable{"offline (simulated)"};
  }
  try {
    open();
    Response out = std::visit(
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
          } else if constexpr (std::is_same_v<T, request::Redeem>) {
            return redeem(r);
          } else if constexpr (std::is_same_v<T, request::LoadStations>) {
            return stations();
          } else if constexpr (std::is_same_v<T, request::LoadSlots>) {
            return slots(r);
          } else if constexpr (std::is_same_v<T, request::Book>) {
            return book(r);
          } else if constexpr (std::is_same_v<T, request::RequestOrder>) {
            return requestOrder(r);
          } else if constexpr (std::is_same_v<T, request::CancelBooking>) {
            return cancelBooking(r);
          } else if constexpr (std::is_same_v<T, request::ActOnOrder>) {
            return actOnOrder(r);
          } else if constexpr (std::is_same_v<T, request::Acknowledge>) {
            return acknowledge(r);
          } else if constexpr (std::is_same_v<T, request::StaffPin>) {
            return staffPin(r);
          } else if constexpr (std::is_same_v<T, request::LoadStaffDay>) {
            return response::StaffDone{response::StaffOp::Load, "", "", dayOf(db::nowMs()), {}, {}, {}};
          } else if constexpr (std::is_same_v<T, request::StaffVoid>) {
            return staffVoid(r);
          } else if constexpr (std::is_same_v<T, request::Restock>) {
            return restock(r);
          } else if constexpr (std::is_same_v<T, request::StockCount>) {
            return stockCount(r);
          } else if constexpr (std::is_same_v<T, request::LoadStaffOrders>) {
            return staffOrders(response::StaffOp::Load, "", "");
          } else if constexpr (std::is_same_v<T, request::StaffConfirmOrder>) {
            return staffConfirmOrder(r);
          } else if constexpr (std::is_same_v<T, request::CloseDay>) {
            return closeDay(r);
          } else {
            static_assert(std::is_same_v<T, request::LoadHub>);
            if (!m_desk) return noDesk(response::HubOp::Refresh);
            return served(response::HubOp::Refresh, r.villager);
          }
        },
        request);
    // A write the disk refused (full, failing, gone read-only) may leave the connection unable
    // to write again: the next request, the controller's retry, opens the file afresh.
    if (const auto* down = std::get_if<response::Unavailable>(&out)) {
      std::cerr << "rc-kiosk: ledger unavailable: " << down->detail << "\n";
      close();
    }
    return out;
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
  response::Products out{catalog.products(true), {}};
  // Each picture decoded once, here on the DB worker; the UI thread only uploads it.
  db::ProductPictures pictures(*m_db);
  std::map<std::string, std::shared_ptr<const db::RgbaPicture>> kept;
  for (const auto& [sku, sha] : pictures.digests()) {
    std::shared_ptr<const db::RgbaPicture> rgba;
    if (const auto it = m_pictures.find(sha); it != m_pictures.end()) {
      rgba = it->second;
    } else if (auto stored = pictures.bySku(sku)) {
      auto decoded = db::decodePicture(stored->bytes);
      if (!decoded) {
        std::cerr << "rc-kiosk: the picture of " << sku << " does not decode: " << decoded.error()
                  << "\n";
        continue;
      }
      rgba = std::make_shared<const db::RgbaPicture>(std::move(*decoded));
    } else {
      continue;
    }
    kept[sha] = rgba;
    out.pictures[sku] = std::move(rgba);
  }
  m_pictures = std::move(kept);
  return out;
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
  c.party_member = v->party_member;
  c.volunteer = !roster.teamsOf(id).empty();
  if (m_desk) c.grid = m_desk->gridName(id);
  c.stars = core::starsFor(c.score, m_settings);
  c.welfare = core::welfareEligible(c.score, m_settings);
  if (auto it = m_rank.find(id); it != m_rank.end()) c.rank = it->second;
  c.ranked = m_ranked;
  if (auto it = m_yellow.find(id); it != m_yellow.end()) {
    c.yellow_card = true;
    c.paired_name = it->second;
  }
  // The teams recruiting (a synced kiosk holds the office's copy, stored with the boards).
  c.recruiting = db::recruitingFor(*m_db, m_boards ? m_boards->month : core::monthOfMs(db::nowMs()),
                                   db::nowMs())
                     .teams;
  // Newest first: this file's own entries, and on a synced kiosk the office's explained
  // history too (its own entries come back in it once the office holds them: once each).
  std::vector<std::pair<std::string, EntryLine>> lines;
  db::EntryReasons reasons(*m_db);
  for (const auto& e : m_ledger->recentEntries(id, kRecentEntries)) {
    db::EntryReason r = reasons.of(e);
    lines.push_back({e.uuid,
                     {e.kind, e.score_delta, e.points_delta, e.at_ms, std::move(r.what),
                      std::move(r.evidence), std::move(r.month), r.minutes}});
  }
  if (m_journal) {
    for (auto& h : m_journal->history(id, kRecentEntries)) {
      const bool own = std::any_of(lines.begin(), lines.end(),
                                   [&](const auto& l) { return l.first == h.uuid; });
      if (own) continue;
      lines.push_back({h.uuid,
                       {h.kind, h.score_delta, h.points_delta, h.at_ms, std::move(h.what),
                        std::move(h.evidence), std::move(h.month), h.minutes}});
    }
    std::stable_sort(lines.begin(), lines.end(), [](const auto& a, const auto& b) {
      return a.second.at_ms > b.second.at_ms;
    });
  }
  for (std::size_t i = 0; i < lines.size() && i < static_cast<std::size_t>(kRecentEntries); ++i) {
    c.recent.push_back(std::move(lines[i].second));
  }
  return c;
}

std::optional<core::VillagerId> KioskData::villagerByToken(const std::string& token) {
  // Checked offline with the card key the office sent in its last pull; no key yet: refused.
  db::Roster roster(*m_db);
  const auto key_text = roster.meta(sync::kCardKeyMeta);
  const auto key = key_text ? sync::decodeCardPublicKey(*key_text) : std::nullopt;
  if (!key) {
    std::cerr << "rc-kiosk: card token refused: no card key from the office yet\n";
    return std::nullopt;
  }
  const auto card = sync::verifyCardToken(token, *key);
  if (!card) {
    std::cerr << "rc-kiosk: card token refused: " << sync::toString(card.error()) << "\n";
    return std::nullopt;
  }
  // A revoked serial is refused however good its signature; an unknown one (issued since the
  // last pull) is taken on the signature alone.
  const auto row = db::Cards(*m_db).byUid(db::qrCardUid(card->serial));
  if (row && (row->revoked() || row->villager_id != card->villager_id)) {
    std::cerr << "rc-kiosk: card token refused: card " << row->uid << " revoked\n";
    return std::nullopt;
  }
  if (!roster.villager(card->villager_id)) {
    std::cerr << "rc-kiosk: card token refused: villager " << card->villager_id << " unknown\n";
    return std::nullopt;
  }
  return card->villager_id;
}

Response KioskData::card(const std::string& uid) {
  if (auto staff = staffCard(uid)) return std::move(*staff);
  db::Roster roster(*m_db);
  const auto id = sync::looksLikeCardToken(uid) ? villagerByToken(uid) : roster.villagerByCard(uid);
  if (!id) return response::Card{uid, std::nullopt, std::nullopt};
  auto v = villagerCard(*id);
  std::optional<HubView> hub;
  if (v && m_desk) hub = hubOf(*v);
  return response::Card{uid, std::move(v), std::move(hub)};
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

// ---- the service hub --------------------------------------------------------------------

bool KioskData::officeReachable() const {
  // Standalone, the kiosk is on the office's own file: always "reachable".
  if (!m_journal) return true;
  return m_sync && m_sync->office_reachable && m_sync->office_reachable();
}

Response KioskData::stations() {
  response::Stations out;
  if (m_desk) out.stations = m_desk->stations();
  return out;
}

Response KioskData::slots(const request::LoadSlots& r) {
  response::Slots out;
  out.station = r.station;
  const std::int64_t now = db::nowMs();
  out.today_ms = dayStartMs(now);
  if (!m_desk) return out;
  for (auto& s : m_desk->slots(r.station, out.today_ms, out.today_ms + 7 * kDayMs)) {
    // A slot that has started can no longer be booked: it is not offered.
    if (s.slot.start_ms >= now) out.slots.push_back(std::move(s));
  }
  return out;
}

HubView KioskData::hubOf(const VillagerCard& card) {
  HubView h;
  const std::int64_t now = db::nowMs();
  h.bookings = m_desk->bookingsOf(card.id, now);
  h.requests = m_desk->requestsOf(card.id);
  h.notices = m_desk->noticesFor(card.id);
  if (card.servesOthers()) {
    // Nobody claims their own request: it is never offered.
    for (auto& o : m_desk->openOrders(card.id)) {
      if (o.requester != card.id) h.open.push_back(std::move(o));
    }
    h.claimed = m_desk->claimedBy(card.id);
    h.volunteer_minutes = m_desk->volunteerMinutesThisMonth(card.id, now);
  }
  return h;
}

std::optional<HubView> KioskData::hubFor(core::VillagerId id) {
  if (!m_desk) return std::nullopt;
  const auto card = villagerCard(id);
  if (!card) return std::nullopt;
  return hubOf(*card);
}

response::Served KioskData::served(response::HubOp op, core::VillagerId villager) {
  response::Served out;
  out.op = op;
  out.villager = villagerCard(villager);
  if (out.villager) out.hub = hubOf(*out.villager);
  return out;
}

response::ServiceRefused KioskData::refusal(response::HubOp op, const db::LedgerFailure& f,
                                            core::StationKind station,
                                            const std::string& station_name,
                                            core::VillagerId villager, int cost) {
  response::ServiceRefused r;
  r.op = op;
  r.subject = station_name;
  r.station = station;
  r.detail = std::string(db::toString(f.code)) + ": " + f.message;
  auto points = [&] {
    r.kind = ErrorKind::ServicePoints;
    r.needed = cost;
    if (const auto v = villagerCard(villager)) r.available = v->points;
  };
  if (f.code == db::LedgerError::InsufficientPoints) {
    points();
  } else if (f.code == db::LedgerError::Booking && f.booking_problem) {
    switch (*f.booking_problem) {
      case core::BookingError::SlotInPast: r.kind = ErrorKind::SlotPast; break;
      case core::BookingError::SlotFull: r.kind = ErrorKind::SlotFull; break;
      case core::BookingError::AlreadyBooked: r.kind = ErrorKind::AlreadyBooked; break;
      case core::BookingError::TooLateToCancel: r.kind = ErrorKind::TooLateToCancel; break;
      case core::BookingError::OfficeUnreachable: r.kind = ErrorKind::NeedsOffice; break;
      case core::BookingError::InsufficientPoints: points(); break;
      case core::BookingError::NotEligible:
        if (station == core::StationKind::FarmMachinery) {
          r.kind = ErrorKind::MachineryNotEligible;
          r.shortfall = m_desk->householdShortfall(villager);
        } else if (station == core::StationKind::WarmCanteen) {
          r.kind = ErrorKind::CanteenNotEligible;
        }
        break;
    }
  } else if (f.code == db::LedgerError::Order && f.order_problem &&
             *f.order_problem == core::OrderError::InvalidTransition &&
             op == response::HubOp::Claim) {
    // The request is no longer open: another volunteer claimed it first.
    r.kind = ErrorKind::AlreadyClaimed;
  }
  // What changed elsewhere (a booking made at another kiosk, a claim) shows on the way back.
  r.hub = hubFor(villager);
  return r;
}

Response KioskData::book(const request::Book& r) {
  if (!m_desk) return noDesk(response::HubOp::Book);
  const std::int64_t now = db::nowMs();
  const bool reachable = officeReachable();
  std::optional<db::SlotView> slot;
  const std::int64_t today = dayStartMs(now);
  for (auto& s : m_desk->slots(r.station, today, today + 7 * kDayMs)) {
    if (s.slot.id == r.slot_id) slot = std::move(s);
  }
  const std::string name = slot ? slot->station_name : std::string();
  const int cost = slot ? slot->slot.points_cost : 0;
  auto needsOffice = [&] {
    response::ServiceRefused out;
    out.op = response::HubOp::Book;
    out.kind = ErrorKind::NeedsOffice;
    out.subject = name;
    out.station = r.station;
    out.at_ms = slot ? slot->slot.start_ms : 0;
    out.detail = "offline share of slot " + std::to_string(r.slot_id) + " used up";
    return out;
  };
  // Offline, the last places of a slot are the office's to give.
  if (!reachable && slot && slot->free_offline <= 0 && slot->free_places > 0) return needsOffice();
  db::NewBooking nb;
  nb.uuid = r.uuid;
  nb.villager_id = r.villager;
  nb.booked_by = r.helper;
  nb.slot_id = r.slot_id;
  nb.now_ms = now;
  nb.office_reachable = reachable;
  auto res = m_desk->book(nb);
  if (!res) {
    if (res.error().code == db::LedgerError::Storage) return response::Unavailable{res.error().message};
    if (!reachable && res.error().booking_problem == core::BookingError::SlotFull && slot &&
        slot->free_places > 0) {
      return needsOffice();
    }
    auto out = refusal(response::HubOp::Book, res.error(), r.station, name, r.villager, cost);
    out.at_ms = slot ? slot->slot.start_ms : 0;
    return out;
  }
  const db::BookingView& b = *res;
  auto out = served(response::HubOp::Book, r.villager);
  Ticket t;
  t.booking = true;
  t.number = b.ticket;
  t.station = b.station;
  t.station_name = b.station_name;
  t.at_ms = b.start_ms;
  t.points = b.points;
  t.villager_name = b.villager_name;
  t.helper_name = b.booked_by_name;
  t.pending = m_journal && !reachable;
  out.ticket = std::move(t);
  return out;
}

Response KioskData::requestOrder(const request::RequestOrder& r) {
  if (!m_desk) return noDesk(response::HubOp::Request);
  db::NewOrder no;
  no.uuid = r.uuid;
  no.station = r.station;
  no.requester = r.villager;
  no.booked_by = r.helper;
  no.note = r.note;
  no.now_ms = db::nowMs();
  std::string name;
  for (const auto& s : m_desk->stations()) {
    if (s.kind == r.station) name = s.name;
  }
  auto res = m_desk->requestOrder(no);
  if (!res) {
    if (res.error().code == db::LedgerError::Storage) return response::Unavailable{res.error().message};
    return refusal(response::HubOp::Request, res.error(), r.station, name, r.villager, 0);
  }
  const db::OrderView& o = *res;
  auto out = served(response::HubOp::Request, r.villager);
  Ticket t;
  t.booking = false;
  t.number = o.ticket;
  t.station = o.station;
  t.station_name = name;
  t.at_ms = o.requested_ms;
  t.points = o.points;
  t.villager_name = o.requester_name;
  if (r.helper != 0) {
    if (const auto h = db::Roster(*m_db).villager(r.helper)) t.helper_name = h->name;
  }
  t.note = o.note;
  t.grid = o.requester_grid;
  t.pending = o.pending;
  out.ticket = std::move(t);
  return out;
}

Response KioskData::cancelBooking(const request::CancelBooking& r) {
  if (!m_desk) return noDesk(response::HubOp::CancelBooking);
  auto res = m_desk->cancelBooking(r.booking_uuid, db::nowMs());
  if (!res) {
    if (res.error().code == db::LedgerError::Storage) return response::Unavailable{res.error().message};
    return refusal(response::HubOp::CancelBooking, res.error(), core::StationKind::Laundry, "",
                   r.villager, 0);
  }
  return served(response::HubOp::CancelBooking, r.villager);
}

Response KioskData::actOnOrder(const request::ActOnOrder& r) {
  response::HubOp op = response::HubOp::Claim;
  switch (r.action) {
    case core::OrderAction::Claim: op = response::HubOp::Claim; break;
    case core::OrderAction::Unclaim: op = response::HubOp::Unclaim; break;
    case core::OrderAction::Complete: op = response::HubOp::Complete; break;
    case core::OrderAction::Confirm: op = response::HubOp::Confirm; break;
    case core::OrderAction::Cancel: op = response::HubOp::CancelRequest; break;
  }
  if (!m_desk) return noDesk(op);
  auto res = m_desk->actOnOrder(r.order_uuid, r.action, core::OrderActor{r.villager, false},
                                r.minutes, db::nowMs());
  if (!res) {
    if (res.error().code == db::LedgerError::Storage) return response::Unavailable{res.error().message};
    return refusal(op, res.error(), core::StationKind::Repair, "", r.villager, 0);
  }
  return served(op, r.villager);
}

Response KioskData::acknowledge(const request::Acknowledge& r) {
  if (!m_desk) return noDesk(response::HubOp::Acknowledge);
  m_desk->acknowledge(r.notice_id);
  return served(response::HubOp::Acknowledge, r.villager);
}

}  // namespace rc::kiosk
