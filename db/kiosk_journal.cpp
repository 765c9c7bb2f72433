// KioskJournal. Section index: state · outbox · applying a pull · standing · redeem
#include "db/kiosk_journal.h"

#include <algorithm>

#include "core/rules.h"
#include "db/catalog.h"
#include "db/day_close.h"
#include "db/product_pictures.h"
#include "db/staff.h"
#include "db/team_recruiting.h"

namespace rc::db {
namespace {

constexpr std::string_view kAcked = "acked_seq";
constexpr std::string_view kPullEntries = "pull_entries";
constexpr std::string_view kPullChanges = "pull_changes";
// The first pull, which brings the whole roster: 1 while its pages arrive, 2 once the last one
// did. Absent (0) in a file from before it was kept: there a moved cursor means it finished.
constexpr std::string_view kFirstPull = "first_pull";
constexpr std::int64_t kFirstPullRunning = 1;
constexpr std::int64_t kFirstPullDone = 2;
constexpr std::string_view kBoardsMonth = "boards_month";
constexpr std::string_view kBoardsMinutes = "boards_volunteer_minutes";
constexpr std::string_view kBoardsSessions = "boards_volunteer_sessions";
constexpr std::string_view kBoardNames[] = {"party", "commended", "yellow_card"};

LedgerFailure ledgerFailure(LedgerError code, std::string message) {
  LedgerFailure f;
  f.code = code;
  f.message = std::move(message);
  return f;
}

}  // namespace

KioskJournal::KioskJournal(Ledger& ledger, std::string kiosk_id)
    : m_ledger(ledger), m_db(ledger.database()), m_kiosk_id(std::move(kiosk_id)) {}

// ---- state ---------------------------------------------------------------------------------

std::int64_t KioskJournal::state(std::string_view key) {
  auto st = m_db.cached("SELECT value FROM sync_state WHERE key = ?");
  st->bind(1, key);
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

DbStatus KioskJournal::setState(std::string_view key, std::int64_t value) {
  auto st = m_db.cached(
      "INSERT INTO sync_state (key, value) VALUES (?, ?) "
      "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
  st->bind(1, key).bind(2, value);
  return st->run();
}

std::int64_t KioskJournal::ackedSeq() { return state(kAcked); }

DbStatus KioskJournal::setAcked(std::int64_t held) {
  // An answer to an old, delayed request may carry a lower figure; never go back.
  if (held <= ackedSeq()) return Ok{};
  auto tx = Transaction::begin(m_db);
  if (!tx) return err(tx.error());
  Hash hash{};
  {
    auto st = m_db.cached("SELECT hash FROM entries WHERE kiosk_id = ? AND kiosk_seq = ?");
    st->bind(1, m_kiosk_id).bind(2, held);
    auto row = st->step();
    if (!row) return err(row.error());
    const auto blob = *row ? st->columnBlob(0) : std::string_view{};
    if (blob.size() != hash.size()) {
      return err(DbError{DbErrorCode::Constraint,
                         "the office holds entry " + std::to_string(held) + " of kiosk " +
                             m_kiosk_id + ", which this kiosk's file does not have"});
    }
    std::copy(blob.begin(), blob.end(), hash.begin());
  }
  {
    auto st = m_db.cached(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = MAX(value, excluded.value)");
    st->bind(1, kAcked).bind(2, held);
    if (auto r = st->run(); !r) return r;
  }
  {
    auto st = m_db.cached(
        "INSERT INTO acked_head (id, seq, hash) VALUES (1, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash");
    st->bind(1, held).bindBlob(2, hash.data(), hash.size());
    if (auto r = st->run(); !r) return r;
  }
  return (*tx)->commit();
}

std::optional<std::string> KioskJournal::chainProblem() {
  auto head = m_db.cached("SELECT seq, hash FROM acked_head WHERE id = 1");
  auto row = head->step();
  if (!row) return "cannot read the acknowledged head: " + row.error().message;
  if (!*row) return std::nullopt;  // the office has acknowledged nothing yet
  const std::int64_t seq = head->columnInt(0);
  const auto want = head->columnBlob(1);
  auto st = m_db.cached("SELECT hash FROM entries WHERE kiosk_id = ? AND kiosk_seq = ?");
  st->bind(1, m_kiosk_id).bind(2, seq);
  auto found = st->step();
  if (!found) return "cannot read entry " + std::to_string(seq) + ": " + found.error().message;
  if (!*found) {
    return "this kiosk's file no longer holds entry " + std::to_string(seq) +
           ", which the office acknowledged: the file was rolled back or replaced";
  }
  const auto have = st->columnBlob(0);
  if (!std::equal(have.begin(), have.end(), want.begin(), want.end())) {
    return "entry " + std::to_string(seq) +
           " of this kiosk's file differs from the one the office acknowledged: the file was "
           "edited";
  }
  return std::nullopt;
}

std::optional<std::string> KioskJournal::integrityProblem() {
  if (auto p = chainProblem()) return p;
  const auto report = m_ledger.verify();
  if (!report.ok) {
    return "this kiosk's file does not verify: " +
           (report.problems.empty() ? std::string("unknown problem") : report.problems.front());
  }
  return std::nullopt;
}

std::int64_t KioskJournal::lastSeq() {
  auto st = m_db.cached("SELECT COALESCE(MAX(kiosk_seq), 0) FROM entries WHERE kiosk_id = ?");
  st->bind(1, m_kiosk_id);
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

// ---- outbox --------------------------------------------------------------------------------

std::vector<WireEntry> KioskJournal::outbox(std::int64_t after, int limit) {
  return kioskWireEntries(m_db, m_kiosk_id, after, limit);
}

std::vector<WireEntry> kioskWireEntries(Database& db, std::string_view kiosk_id, std::int64_t after,
                                        std::int64_t limit) {
  auto st = db.cached(
      "SELECT e.uuid, e.kiosk_seq, e.villager_id, e.kind, e.score_delta, e.points_delta, "
      "e.reference, e.detail, e.at_ms, t.uuid, e.hash FROM entries e LEFT JOIN entries t "
      "ON t.seq = e.voids_seq WHERE e.kiosk_id = ? AND e.kiosk_seq > ? "
      "ORDER BY e.kiosk_seq LIMIT ?");
  st->bind(1, kiosk_id).bind(2, after).bind(3, limit);
  std::vector<WireEntry> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    WireEntry w;
    w.uuid = st->columnText(0);
    w.kiosk_seq = st->columnInt(1);
    w.villager_id = st->columnInt(2);
    w.kind = core::entryKindFromString(st->columnTextView(3)).value_or(core::EntryKind::Void);
    w.score_delta = static_cast<int>(st->columnInt(4));
    w.points_delta = static_cast<int>(st->columnInt(5));
    w.reference = st->columnText(6);
    w.detail = st->columnText(7);
    w.at_ms = st->columnInt(8);
    if (!st->columnIsNull(9)) w.voids_uuid = st->columnText(9);
    const auto hash = st->columnBlob(10);
    if (hash.size() == w.hash.size()) std::copy(hash.begin(), hash.end(), w.hash.begin());
    out.push_back(std::move(w));
  }
  return out;
}

// ---- applying a pull -----------------------------------------------------------------------

PullCursor KioskJournal::pullCursor() { return {state(kPullEntries), state(kPullChanges)}; }

bool KioskJournal::rosterReceived() {
  const std::int64_t first = state(kFirstPull);
  if (first == kFirstPullDone) return true;
  return first == 0 && pullCursor() != PullCursor{};
}

DbStatus KioskJournal::applyPull(const PullPage& page) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return err(tx.error());
  for (const auto& g : page.grids) {
    auto st = m_db.cached(
        "INSERT INTO grids (id, name, collector_id) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE "
        "SET name = excluded.name, collector_id = excluded.collector_id");
    st->bind(1, g.id).bind(2, g.name).bind(3, g.collector_id);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& h : page.households) {
    auto st = m_db.cached(
        "INSERT INTO households (id, grid_id, address, head_id, relief) VALUES (?, ?, ?, ?, ?) "
        "ON CONFLICT(id) DO UPDATE SET grid_id = excluded.grid_id, address = excluded.address, "
        "head_id = excluded.head_id, relief = excluded.relief");
    st->bind(1, h.id).bind(2, h.grid_id).bind(3, h.address).bind(4, h.head_id);
    st->bind(5, h.relief ? 1 : 0);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& v : page.villagers) {
    auto st = m_db.cached(
        "INSERT INTO villagers (id, household_id, name, gender, birth_year, party_member, "
        "committee) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "household_id = excluded.household_id, name = excluded.name, gender = excluded.gender, "
        "birth_year = excluded.birth_year, party_member = excluded.party_member, "
        "committee = excluded.committee");
    const char gender[2] = {v.gender, '\0'};
    st->bind(1, v.id).bind(2, v.household_id).bind(3, v.name).bind(4, gender);
    st->bind(5, v.birth_year).bind(6, v.party_member ? 1 : 0).bind(7, v.committee ? 1 : 0);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& c : page.cards) {
    auto st = m_db.cached(
        "INSERT INTO cards (uid, villager_id, kind, issued_at_ms, revoked_at_ms) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT(uid) DO UPDATE SET villager_id = excluded.villager_id, "
        "kind = excluded.kind, issued_at_ms = excluded.issued_at_ms, "
        "revoked_at_ms = excluded.revoked_at_ms");
    st->bind(1, c.uid).bind(2, c.villager_id).bind(3, c.kind).bind(4, c.issued_at_ms);
    st->bind(5, c.revoked_at_ms);
    if (auto r = st->run(); !r) return r;
  }
  if (page.card_public_key) {
    // What QR card tokens are checked with, offline (sync/card_token.h).
    auto st = m_db.cached(
        "INSERT INTO meta (key, value) VALUES ('card_public_key', ?) ON CONFLICT(key) DO UPDATE "
        "SET value = excluded.value");
    st->bind(1, *page.card_public_key);
    if (auto r = st->run(); !r) return r;
  }
  if (auto r = applyProducts(page); !r) return r;
  // Pictures after their products; one that does not check out is left as it was.
  if (auto r = ProductPictures(m_db).applyPulled(page.pictures, nowMs()); !r) return err(r.error());
  for (const auto& s : page.stations) {
    auto st = m_db.cached(
        "INSERT INTO stations (id, kind, name) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "kind = excluded.kind, name = excluded.name");
    st->bind(1, s.id).bind(2, core::toString(s.kind)).bind(3, s.name);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& s : page.slots) {
    auto st = m_db.cached(
        "INSERT INTO slots (id, station_id, start_ms, capacity, points_cost, booked) "
        "VALUES (?, (SELECT id FROM stations WHERE kind = ?), ?, ?, ?, ?) ON CONFLICT(id) DO "
        "UPDATE SET station_id = excluded.station_id, start_ms = excluded.start_ms, "
        "capacity = excluded.capacity, points_cost = excluded.points_cost, "
        "booked = excluded.booked");
    st->bind(1, s.id).bind(2, core::toString(s.station)).bind(3, s.start_ms).bind(4, s.capacity);
    st->bind(5, s.points_cost).bind(6, s.booked);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& b : page.balances) {
    auto st = m_db.cached(
        "INSERT INTO office_balances (villager_id, score, points, kiosk_seq_included) "
        "VALUES (?, ?, ?, ?) ON CONFLICT(villager_id) DO UPDATE SET score = excluded.score, "
        "points = excluded.points, kiosk_seq_included = excluded.kiosk_seq_included");
    st->bind(1, b.villager_id).bind(2, b.score).bind(3, b.points).bind(4, page.kiosk_seq_included);
    if (auto r = st->run(); !r) return r;
  }
  if (page.boards) {
    if (auto r = applyBoards(*page.boards); !r) return r;
  }
  if (auto r = applyServices(page); !r) return r;
  if (auto r = applyHistory(page.history); !r) return r;
  StaffRepo staff(m_db);
  for (const auto& m : page.staff) {
    if (auto r = staff.putPulled(m, nowMs()); !r) return r;
  }
  const std::int64_t first = state(kFirstPull);
  if (page.more) {
    if (first == 0 && pullCursor() == PullCursor{}) {
      if (auto r = setState(kFirstPull, kFirstPullRunning); !r) return r;
    }
  } else if (first != kFirstPullDone) {
    if (auto r = setState(kFirstPull, kFirstPullDone); !r) return r;
  }
  if (auto r = setState(kPullEntries, page.next.entries); !r) return r;
  if (auto r = setState(kPullChanges, page.next.changes); !r) return r;
  return (*tx)->commit();
}

DbStatus KioskJournal::applyProducts(const PullPage& page) {
  Catalog catalog(m_db);
  for (const auto& p : page.products) {
    auto st = m_db.cached(
        "INSERT INTO products (sku, barcode, name, category, price_points, per_order_limit, "
        "requires_welfare, active) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(sku) DO UPDATE "
        "SET barcode = excluded.barcode, name = excluded.name, category = excluded.category, "
        "price_points = excluded.price_points, per_order_limit = excluded.per_order_limit, "
        "requires_welfare = excluded.requires_welfare, active = excluded.active");
    st->bind(1, p.sku);
    if (p.barcode.empty()) {
      st->bindNull(2);
    } else {
      st->bind(2, p.barcode);
    }
    st->bind(3, p.name).bind(4, p.category).bind(5, p.price_points).bind(6, p.per_order_limit);
    st->bind(7, p.requires_welfare ? 1 : 0).bind(8, p.active ? 1 : 0);
    if (auto r = st->run(); !r) return r;
    // The shelf as the office counts it, less what this kiosk sold since (not yet counted
    // there), plus its staff's restocks and counts the office has not acknowledged yet;
    // recorded as an adjustment so the stock still equals its movements.
    auto q = m_db.cached(
        "SELECT p.stock, COALESCE((SELECT SUM(m.delta) FROM stock_movements m JOIN entries e "
        "ON e.seq = m.entry_seq WHERE m.product_id = p.id AND e.kiosk_id = ? "
        "AND e.kiosk_seq > ?), 0) + COALESCE((SELECT SUM(m.delta) FROM stock_movements m "
        "JOIN stock_outbox o ON o.movement_id = m.id WHERE m.product_id = p.id), 0) "
        "FROM products p WHERE p.sku = ?");
    q->bind(1, m_kiosk_id).bind(2, page.kiosk_seq_included).bind(3, p.sku);
    auto row = q->step();
    if (!row) return err(row.error());
    if (!*row) continue;
    const std::int64_t current = q->columnInt(0);
    const std::int64_t target = std::max<std::int64_t>(0, p.stock + q->columnInt(1));
    if (target != current) {
      if (auto r = catalog.moveStock(p.sku, static_cast<int>(target - current), "adjust",
                                     std::nullopt, nowMs(), "office");
          !r) {
        return r;
      }
    }
  }
  return Ok{};
}

DbStatus KioskJournal::applyBoards(const PulledBoards& b) {
  if (auto r = m_db.exec("DELETE FROM office_boards"); !r) return r;
  const std::vector<BoardLineRow>* lists[] = {&b.party, &b.commended, &b.yellow_cards};
  for (std::size_t i = 0; i < std::size(lists); ++i) {
    std::int64_t position = 0;
    for (const auto& row : *lists[i]) {
      auto st = m_db.cached(
          "INSERT INTO office_boards (board, position, villager_id, name, score, rank, "
          "paired_name) VALUES (?, ?, ?, ?, ?, ?, ?)");
      st->bind(1, kBoardNames[i]).bind(2, position++).bind(3, row.villager_id).bind(4, row.name);
      st->bind(5, row.score).bind(6, row.rank).bind(7, row.paired_name);
      if (auto r = st->run(); !r) return r;
    }
  }
  if (auto r = storeRecruiting(m_db, {b.recruiting_month, b.recruiting}); !r) return r;
  if (auto r = setState(kBoardsMonth, b.month.index()); !r) return r;
  if (auto r = setState(kBoardsMinutes, b.volunteer_minutes); !r) return r;
  return setState(kBoardsSessions, b.volunteer_sessions);
}

std::optional<PulledBoards> KioskJournal::boards() {
  const std::int64_t month = state(kBoardsMonth);
  if (month <= 0) return std::nullopt;
  PulledBoards b;
  b.month = core::YearMonth{static_cast<int>(month / 12), static_cast<int>(month % 12) + 1};
  b.volunteer_minutes = static_cast<int>(state(kBoardsMinutes));
  b.volunteer_sessions = static_cast<int>(state(kBoardsSessions));
  Recruiting r = storedRecruiting(m_db);
  b.recruiting_month = r.month;
  b.recruiting = std::move(r.teams);
  std::vector<BoardLineRow>* lists[] = {&b.party, &b.commended, &b.yellow_cards};
  for (std::size_t i = 0; i < std::size(lists); ++i) {
    auto st = m_db.cached(
        "SELECT villager_id, name, score, rank, paired_name FROM office_boards WHERE board = ? "
        "ORDER BY position");
    st->bind(1, kBoardNames[i]);
    while (true) {
      auto row = st->step();
      if (!row || !*row) break;
      lists[i]->push_back({st->columnInt(0), st->columnText(1), static_cast<int>(st->columnInt(2)),
                           static_cast<int>(st->columnInt(3)), st->columnText(4)});
    }
  }
  return b;
}

DbStatus KioskJournal::applyServices(const PullPage& page) {
  // A row this kiosk changed and the office has not taken yet keeps the kiosk's state; the
  // office's answer comes with a later pull.
  auto waiting = [&](const std::string& subject) {
    auto st = m_db.cached("SELECT EXISTS (SELECT 1 FROM service_outbox WHERE subject = ? AND acked = 0)");
    st->bind(1, subject);
    auto row = st->step();
    return row && *row && st->columnInt(0) != 0;
  };
  for (const auto& b : page.bookings) {
    if (waiting(b.uuid)) continue;
    auto st = m_db.cached(
        "INSERT INTO kiosk_bookings (uuid, ticket, slot_id, villager_id, booked_by, points, state, "
        "created_at_ms, pending, offline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, 0) ON CONFLICT(uuid) "
        "DO UPDATE SET ticket = excluded.ticket, slot_id = excluded.slot_id, villager_id = "
        "excluded.villager_id, booked_by = excluded.booked_by, points = excluded.points, state = "
        "excluded.state, pending = 0, offline = 0");
    st->bind(1, b.uuid).bind(2, b.ticket).bind(3, b.slot_id).bind(4, b.villager_id);
    st->bind(5, b.booked_by).bind(6, b.points).bind(7, b.state).bind(8, b.created_at_ms);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& o : page.orders) {
    if (waiting(o.uuid)) continue;
    auto st = m_db.cached(
        "INSERT INTO kiosk_orders (uuid, ticket, station, state, requester_id, claimer_id, "
        "booked_by, note, minutes, points, requested_at_ms, updated_at_ms, pending) VALUES "
        "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT(uuid) DO UPDATE SET ticket = "
        "excluded.ticket, station = excluded.station, state = excluded.state, requester_id = "
        "excluded.requester_id, claimer_id = excluded.claimer_id, booked_by = excluded.booked_by, "
        "note = excluded.note, minutes = excluded.minutes, points = excluded.points, "
        "requested_at_ms = excluded.requested_at_ms, updated_at_ms = excluded.updated_at_ms, "
        "pending = 0");
    st->bind(1, o.uuid).bind(2, o.ticket).bind(3, core::toString(o.station));
    st->bind(4, core::toString(o.state)).bind(5, o.requester).bind(6, o.claimer);
    st->bind(7, o.booked_by).bind(8, o.note).bind(9, o.minutes).bind(10, o.points);
    st->bind(11, o.requested_at_ms).bind(12, o.updated_at_ms);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& n : page.notices) {
    auto st = m_db.cached(
        "INSERT INTO notices (id, kind, villager_id, station, about_ms, points_refunded, "
        "other_name, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO NOTHING");
    st->bind(1, n.id).bind(2, n.kind).bind(3, n.villager_id).bind(4, core::toString(n.station));
    st->bind(5, n.about_ms).bind(6, n.points_refunded).bind(7, n.other_name).bind(8, nowMs());
    if (auto r = st->run(); !r) return r;
  }
  for (const auto id : page.volunteers) {
    auto st = m_db.cached("INSERT OR IGNORE INTO office_volunteers (villager_id) VALUES (?)");
    st->bind(1, id);
    if (auto r = st->run(); !r) return r;
  }
  return Ok{};
}

DbStatus KioskJournal::applyHistory(const std::vector<PulledHistory>& rows) {
  std::vector<core::VillagerId> touched;
  for (const auto& h : rows) {
    auto st = m_db.cached(
        "INSERT INTO villager_history (uuid, villager_id, kind, score_delta, points_delta, at_ms, "
        "what, evidence, month, minutes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(uuid) DO UPDATE SET what = excluded.what, evidence = excluded.evidence, "
        "month = excluded.month, minutes = excluded.minutes");
    st->bind(1, h.uuid).bind(2, h.villager_id).bind(3, core::toString(h.kind));
    st->bind(4, h.score_delta).bind(5, h.points_delta).bind(6, h.at_ms).bind(7, h.what);
    st->bind(8, h.evidence).bind(9, h.month).bind(10, h.minutes);
    if (auto r = st->run(); !r) return r;
    if (touched.empty() || touched.back() != h.villager_id) touched.push_back(h.villager_id);
  }
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (const auto id : touched) {
    // The newest kHistoryKept per villager; older lines go.
    auto st = m_db.cached(
        "DELETE FROM villager_history WHERE villager_id = ?1 AND uuid NOT IN (SELECT uuid FROM "
        "villager_history WHERE villager_id = ?1 ORDER BY at_ms DESC, uuid DESC LIMIT ?2)");
    st->bind(1, id).bind(2, kHistoryKept);
    if (auto r = st->run(); !r) return r;
  }
  return Ok{};
}

std::vector<PulledHistory> KioskJournal::history(core::VillagerId id, int limit) {
  std::vector<PulledHistory> out;
  auto st = m_db.cached(
      "SELECT uuid, kind, score_delta, points_delta, at_ms, what, evidence, month, minutes FROM "
      "villager_history WHERE villager_id = ? ORDER BY at_ms DESC, uuid DESC LIMIT ?");
  st->bind(1, id).bind(2, limit);
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    const auto kind = core::entryKindFromString(st->columnText(1));
    if (!kind) continue;  // a kind this version does not know: not shown
    PulledHistory h;
    h.uuid = st->columnText(0);
    h.villager_id = id;
    h.kind = *kind;
    h.score_delta = static_cast<int>(st->columnInt(2));
    h.points_delta = static_cast<int>(st->columnInt(3));
    h.at_ms = st->columnInt(4);
    h.what = st->columnText(5);
    h.evidence = st->columnText(6);
    h.month = st->columnText(7);
    h.minutes = static_cast<int>(st->columnInt(8));
    out.push_back(std::move(h));
  }
  return out;
}

// ---- service events ------------------------------------------------------------------------

std::vector<ServiceEvent> KioskJournal::serviceOutbox(int limit) {
  auto st = m_db.cached(
      // An event waits behind an earlier one of its subject whose entry the office lacks.
      "SELECT seq, uuid, kind, subject, villager_id, booked_by, slot_id, station, action, staff, "
      "minutes, points, note, ticket, entry_kiosk_seq, at_ms FROM service_outbox o WHERE acked = 0 "
      "AND entry_kiosk_seq <= ?1 AND NOT EXISTS (SELECT 1 FROM service_outbox p WHERE p.subject = "
      "o.subject AND p.acked = 0 AND p.seq < o.seq AND p.entry_kiosk_seq > ?1) ORDER BY seq LIMIT ?2");
  st->bind(1, ackedSeq()).bind(2, limit);
  std::vector<ServiceEvent> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    ServiceEvent e;
    e.seq = st->columnInt(0);
    e.uuid = st->columnText(1);
    e.kind = serviceEventKindFromString(st->columnTextView(2)).value_or(ServiceEventKind::Book);
    e.subject = st->columnText(3);
    e.villager_id = st->columnInt(4);
    e.booked_by = st->columnInt(5);
    e.slot_id = st->columnInt(6);
    e.station = core::stationKindFromString(st->columnTextView(7)).value_or(core::StationKind::Laundry);
    e.action = core::orderActionFromString(st->columnTextView(8)).value_or(core::OrderAction::Claim);
    e.staff = st->columnInt(9) != 0;
    e.minutes = static_cast<int>(st->columnInt(10));
    e.points = static_cast<int>(st->columnInt(11));
    e.note = st->columnText(12);
    e.ticket = st->columnText(13);
    e.entry_kiosk_seq = st->columnInt(14);
    e.at_ms = st->columnInt(15);
    out.push_back(std::move(e));
  }
  return out;
}

DbStatus KioskJournal::ackServiceEvents(std::span<const ServiceEvent> events) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return err(tx.error());
  for (const auto& e : events) {
    auto st = m_db.cached("UPDATE service_outbox SET acked = 1 WHERE uuid = ?");
    st->bind(1, e.uuid);
    if (auto r = st->run(); !r) return r;
  }
  return (*tx)->commit();
}

std::int64_t KioskJournal::pendingServiceEvents() {
  auto st = m_db.cached("SELECT count(*) FROM service_outbox WHERE acked = 0");
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

DbStatus KioskJournal::recordServiceEvent(const ServiceEvent& e) {
  auto st = m_db.cached(
      "INSERT INTO service_outbox (uuid, kind, subject, villager_id, booked_by, slot_id, station, "
      "action, staff, minutes, points, note, ticket, entry_kiosk_seq, at_ms) VALUES "
      "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, e.uuid).bind(2, toString(e.kind)).bind(3, e.subject).bind(4, e.villager_id);
  st->bind(5, e.booked_by).bind(6, e.slot_id).bind(7, core::toString(e.station));
  st->bind(8, core::toString(e.action)).bind(9, e.staff ? 1 : 0).bind(10, e.minutes);
  st->bind(11, e.points).bind(12, e.note).bind(13, e.ticket).bind(14, e.entry_kiosk_seq);
  st->bind(15, e.at_ms);
  return st->run();
}

// ---- staff work ----------------------------------------------------------------------------

StaffWork KioskJournal::staffOutbox(int limit) {
  StaffWork w;
  {
    auto st = m_db.cached(
        "SELECT m.uuid, p.sku, m.delta, m.reason, m.note, m.staff_name, m.at_ms FROM stock_outbox o "
        "JOIN stock_movements m ON m.id = o.movement_id JOIN products p ON p.id = m.product_id "
        "ORDER BY o.movement_id LIMIT ?");
    st->bind(1, limit);
    while (true) {
      auto row = st->step();
      if (!row || !*row) break;
      w.movements.push_back({st->columnText(0), st->columnText(1),
                             static_cast<int>(st->columnInt(2)), st->columnText(3),
                             st->columnText(4), st->columnText(5), st->columnInt(6)});
    }
  }
  // A close goes once the office holds every entry it counts.
  const std::int64_t acked = ackedSeq();
  {
    auto st = m_db.cached(
        "SELECT number FROM day_closes WHERE kiosk_id = ? AND acked = 0 AND last_seq <= ? "
        "ORDER BY number LIMIT ?");
    st->bind(1, m_kiosk_id).bind(2, acked).bind(3, limit);
    std::vector<std::int64_t> numbers;
    while (true) {
      auto row = st->step();
      if (!row || !*row) break;
      numbers.push_back(st->columnInt(0));
    }
    for (const auto n : numbers) {
      if (auto c = dayClose(m_db, m_kiosk_id, n)) {
        c->kiosk_id.clear();
        w.closes.push_back(std::move(*c));
      }
    }
  }
  w.events = unackedStaffEvents(m_db, m_kiosk_id, limit);
  for (auto& e : w.events) e.kiosk_id.clear();  // the signer's, on the wire
  return w;
}

DbStatus KioskJournal::ackStaffWork(const StaffWork& work) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return err(tx.error());
  for (const auto& m : work.movements) {
    auto st = m_db.cached(
        "DELETE FROM stock_outbox WHERE movement_id = (SELECT id FROM stock_movements WHERE uuid = ?)");
    st->bind(1, m.uuid);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& c : work.closes) {
    auto st = m_db.cached("UPDATE day_closes SET acked = 1 WHERE kiosk_id = ? AND number = ?");
    st->bind(1, m_kiosk_id).bind(2, c.number);
    if (auto r = st->run(); !r) return r;
  }
  for (const auto& e : work.events) {
    auto st = m_db.cached("UPDATE staff_events SET acked = 1 WHERE uuid = ?");
    st->bind(1, e.uuid);
    if (auto r = st->run(); !r) return r;
  }
  return (*tx)->commit();
}

std::int64_t KioskJournal::pendingStaffWork() {
  auto st = m_db.cached(
      "SELECT (SELECT count(*) FROM stock_outbox) + (SELECT count(*) FROM day_closes WHERE "
      "kiosk_id = ?1 AND acked = 0) + (SELECT count(*) FROM staff_events WHERE kiosk_id = ?1 "
      "AND acked = 0)");
  st->bind(1, m_kiosk_id);
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

// ---- standing ------------------------------------------------------------------------------

Standing KioskJournal::standing(core::VillagerId id) {
  Standing s;
  std::int64_t included = 0;
  {
    auto st = m_db.cached(
        "SELECT score, points, kiosk_seq_included FROM office_balances WHERE villager_id = ?");
    st->bind(1, id);
    auto row = st->step();
    if (row && *row) {
      s.score = st->columnInt(0);
      s.points = st->columnInt(1);
      included = st->columnInt(2);
      s.from_office = true;
    }
  }
  // Checked sums: a figure outside the range (only a damaged file has one) reads as its bound.
  auto add = [](std::int64_t balance, std::int64_t delta) {
    if (const auto sum = core::addToBalance(balance, delta)) return *sum;
    const bool up = balance > core::kMaxBalance || (balance >= -core::kMaxBalance && delta > 0);
    return up ? core::kMaxBalance : -core::kMaxBalance;
  };
  auto st = m_db.cached(
      "SELECT COALESCE(SUM(score_delta), 0), COALESCE(SUM(points_delta), 0) FROM entries "
      "WHERE villager_id = ? AND kiosk_id = ? AND kiosk_seq > ?");
  st->bind(1, id).bind(2, m_kiosk_id).bind(3, included);
  auto row = st->step();
  if (row && *row) {
    s.score = add(s.score, st->columnInt(0));
    s.points = add(s.points, st->columnInt(1));
  }
  return s;
}

std::vector<core::Scored> KioskJournal::standingScores() {
  auto st = m_db.cached(
      "SELECT v.id, COALESCE(b.score, ?) + COALESCE((SELECT SUM(e.score_delta) FROM entries e "
      "WHERE e.villager_id = v.id AND e.kiosk_id = ? AND e.kiosk_seq > "
      "COALESCE(b.kiosk_seq_included, 0)), 0) FROM villagers v "
      "LEFT JOIN office_balances b ON b.villager_id = v.id ORDER BY v.id");
  st->bind(1, core::kBaseScore).bind(2, m_kiosk_id);
  std::vector<core::Scored> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back({st->columnInt(0), static_cast<int>(st->columnInt(1))});
  }
  return out;
}

int KioskJournal::offlineSpentToday(core::VillagerId id, std::int64_t now_ms) {
  constexpr std::int64_t kDayMs = 86'400'000;
  constexpr std::int64_t kCstOffsetMs = 8 * 3'600'000;  // China Standard Time, UTC+8
  const std::int64_t day_start = (now_ms + kCstOffsetMs) / kDayMs * kDayMs - kCstOffsetMs;
  auto st = m_db.cached(
      "SELECT COALESCE(-SUM(points_delta), 0) FROM entries WHERE villager_id = ? AND kiosk_id = ? "
      "AND kiosk_seq > ? AND kind IN ('redemption', 'booking') AND at_ms >= ?");
  st->bind(1, id).bind(2, m_kiosk_id).bind(3, ackedSeq()).bind(4, day_start);
  auto row = st->step();
  return row && *row ? static_cast<int>(st->columnInt(0)) : 0;
}

// ---- redeem --------------------------------------------------------------------------------

LedgerResult<AppendResult> KioskJournal::redeem(const RedemptionDraft& draft) {
  // The standing is read inside the redemption's transaction (Ledger::redeem nests in it), so
  // a pull landing meanwhile cannot slip between the figure and the spend.
  auto tx = Transaction::begin(m_db);
  if (!tx) return err(ledgerFailure(LedgerError::Storage, tx.error().message));
  RedemptionDraft d = draft;
  d.kiosk_id = m_kiosk_id;
  d.kiosk_seq = 0;  // the next of this kiosk's
  const Standing s = standing(draft.villager_id);
  // The kiosk's own balances hold only its own entries, so they may go below zero; the
  // standing is what limits the spend and what the receipt shows.
  auto r = m_ledger.redeem(d, {.allow_overdraft = true}, Spendable{s.score, s.points});
  if (!r || r->duplicate) return r;
  if (auto st = (*tx)->commit(); !st) return err(ledgerFailure(LedgerError::Storage, st.error().message));
  return r;
}

}  // namespace rc::db
