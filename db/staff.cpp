#include "db/staff.h"

#include <sodium.h>

namespace rc::db {
namespace {


constexpr const char* kColumns = "id, name, card_uid, role, pin_hash, disabled";

StaffMember readMember(Statement& st) {
  StaffMember m;
  m.id = st.columnInt(0);
  m.name = st.columnText(1);
  m.card_uid = st.columnText(2);
  m.role = core::staffRoleFromString(st.columnTextView(3)).value_or(core::StaffRole::Keeper);
  m.pin_hash = st.columnText(4);
  m.disabled = st.columnInt(5) != 0;
  return m;
}

std::optional<StaffMember> one(Database& db, const std::string& where, std::string_view key) {
  auto st = db.cached(std::string("SELECT ") + kColumns + " FROM staff WHERE " + where);
  st->bind(1, key);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readMember(*st);
}

bool validCardUid(std::string_view uid) {
  if (uid.empty() || uid.size() > 64) return false;
  for (char c : uid) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u >= 0x7F) return false;
  }
  return true;
}

}  // namespace

std::string hashPin(std::string_view pin, PinCost cost) {
  if (!core::validPin(pin)) return {};
  return hashSecret(pin, cost);
}

bool pinMatches(std::string_view hash, std::string_view pin) {
  return core::validPin(pin) && secretMatches(hash, pin);
}

std::string hashSecret(std::string_view pin, PinCost cost) {
  if (pin.empty() || sodium_init() < 0) return {};
  char out[crypto_pwhash_STRBYTES];
  const auto ops = cost == PinCost::Minimal ? crypto_pwhash_OPSLIMIT_MIN
                                            : crypto_pwhash_OPSLIMIT_INTERACTIVE;
  const auto mem = cost == PinCost::Minimal ? crypto_pwhash_MEMLIMIT_MIN
                                            : crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return {};
  }
  return out;
}

bool secretMatches(std::string_view hash, std::string_view pin) {
  if (hash.empty() || hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (sodium_init() < 0) return false;
  const std::string h(hash);  // NUL-terminated for libsodium
  return crypto_pwhash_str_verify(h.c_str(), pin.data(), pin.size()) == 0;
}

LedgerResult<bool> recordStockMovement(Database& db, const StockMovementWire& m,
                                       std::string_view kiosk_id, bool outbox) {
  if (m.uuid.empty() || m.uuid.size() > 64) return failWith(LedgerError::BadInput, "no movement id");
  if (m.delta == 0 || m.delta > 100'000 || m.delta < -100'000) {
    return failWith(LedgerError::BadInput, "a stock movement moves 1 to 100000 items");
  }
  if (m.reason != "receive" && m.reason != "count") {
    return failWith(LedgerError::BadInput, "a staff stock movement is a receive or a count");
  }
  if (m.reason == "receive" && m.delta < 0) {
    return failWith(LedgerError::BadInput, "a restock adds items");
  }
  auto tx = Transaction::begin(db);
  if (!tx) return failStorage(tx.error());
  {
    auto st = db.cached(
        "SELECT p.sku, m.delta, m.reason, m.note, m.staff_name, m.at_ms, m.kiosk_id "
        "FROM stock_movements m JOIN products p ON p.id = m.product_id WHERE m.uuid = ?");
    st->bind(1, m.uuid);
    auto row = st->step();
    if (!row) return failStorage(row.error());
    if (*row) {
      const bool same = st->columnTextView(0) == m.sku && st->columnInt(1) == m.delta &&
                        st->columnTextView(2) == m.reason && st->columnTextView(3) == m.note &&
                        st->columnTextView(4) == m.staff_name && st->columnInt(5) == m.at_ms &&
                        st->columnTextView(6) == kiosk_id;
      if (!same) return failWith(LedgerError::UuidConflict, "movement " + m.uuid + " differs");
      return false;
    }
  }
  std::int64_t stock = 0;
  {
    auto st = db.cached("SELECT stock FROM products WHERE sku = ?");
    st->bind(1, m.sku);
    auto row = st->step();
    if (!row) return failStorage(row.error());
    if (!*row) return failWith(LedgerError::UnknownProduct, "no product " + m.sku);
    stock = st->columnInt(0);
  }
  if (stock + m.delta < 0) {
    return failWith(LedgerError::BadInput, "the count would leave " + m.sku + " below zero");
  }
  {
    auto st = db.cached(
        "INSERT INTO stock_movements (product_id, delta, reason, at_ms, note, uuid, kiosk_id, "
        "staff_name) SELECT id, ?, ?, ?, ?, ?, ?, ? FROM products WHERE sku = ?");
    st->bind(1, m.delta).bind(2, m.reason).bind(3, m.at_ms).bind(4, m.note).bind(5, m.uuid);
    st->bind(6, kiosk_id).bind(7, m.staff_name).bind(8, m.sku);
    if (auto r = st->run(); !r) return failStorage(r.error());
  }
  const auto id = db.lastInsertRowid();
  {
    auto st = db.cached("UPDATE products SET stock = stock + ? WHERE sku = ?");
    st->bind(1, m.delta).bind(2, m.sku);
    if (auto r = st->run(); !r) return failStorage(r.error());
  }
  if (outbox) {
    auto st = db.cached("INSERT INTO stock_outbox (movement_id) VALUES (?)");
    st->bind(1, id);
    if (auto r = st->run(); !r) return failStorage(r.error());
  }
  if (auto r = (*tx)->commit(); !r) return failStorage(r.error());
  return true;
}

DbStatus recordStaffEvent(Database& db, const StaffEventRow& e, bool acked) {
  auto st = db.cached(
      "INSERT INTO staff_events (uuid, kiosk_id, kind, staff_name, card_uid, failures, until_ms, "
      "at_ms, acked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(uuid) DO NOTHING");
  st->bind(1, e.uuid).bind(2, e.kiosk_id).bind(3, e.kind).bind(4, e.staff_name);
  st->bind(5, e.card_uid).bind(6, e.failures).bind(7, e.until_ms).bind(8, e.at_ms);
  st->bind(9, acked ? 1 : 0);
  return st->run();
}

namespace {

constexpr const char* kEventColumns =
    "uuid, kiosk_id, kind, staff_name, card_uid, failures, until_ms, at_ms";

StaffEventRow readEvent(Statement& st) {
  StaffEventRow e;
  e.uuid = st.columnText(0);
  e.kiosk_id = st.columnText(1);
  e.kind = st.columnText(2);
  e.staff_name = st.columnText(3);
  e.card_uid = st.columnText(4);
  e.failures = static_cast<int>(st.columnInt(5));
  e.until_ms = st.columnInt(6);
  e.at_ms = st.columnInt(7);
  return e;
}

}  // namespace

std::optional<StaffEventRow> lastLockout(Database& db, std::string_view card_uid) {
  auto st = db.cached(std::string("SELECT ") + kEventColumns +
                      " FROM staff_events WHERE card_uid = ? ORDER BY at_ms DESC, uuid LIMIT 1");
  st->bind(1, card_uid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readEvent(*st);
}

std::vector<StaffEventRow> unackedStaffEvents(Database& db, std::string_view kiosk_id, int limit) {
  std::vector<StaffEventRow> out;
  auto st = db.cached(std::string("SELECT ") + kEventColumns +
                      " FROM staff_events WHERE kiosk_id = ? AND acked = 0 ORDER BY at_ms, uuid "
                      "LIMIT ?");
  st->bind(1, kiosk_id).bind(2, limit);
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readEvent(*st));
  }
  return out;
}

LedgerResult<StaffMember> StaffRepo::add(const std::string& name, const std::string& card_uid,
                                         core::StaffRole role, std::int64_t now_ms) {
  if (!core::validStaffName(name)) {
    return failWith(LedgerError::BadInput,
                "a staff name is 1 to 32 bytes of text without control characters");
  }
  if (!validCardUid(card_uid)) {
    return failWith(LedgerError::BadInput, "a card UID is 1 to 64 printable ASCII characters");
  }
  if (byName(name)) return failWith(LedgerError::BadInput, "there is already a staff member " + name);
  if (auto other = byCard(card_uid)) {
    return failWith(LedgerError::BadInput, "card " + card_uid + " belongs to " + other->name);
  }
  {
    auto st = m_db.cached("SELECT v.name FROM cards c JOIN villagers v ON v.id = c.villager_id "
                          "WHERE c.uid = ? AND c.revoked_at_ms IS NULL");
    st->bind(1, card_uid);
    auto row = st->step();
    if (row && *row) {
      return failWith(LedgerError::BadInput,
                  "card " + card_uid + " is the villager card of " + st->columnText(0));
    }
  }
  auto st = m_db.cached(
      "INSERT INTO staff (name, card_uid, role, created_at_ms, changed_at_ms) "
      "VALUES (?, ?, ?, ?, ?)");
  st->bind(1, name).bind(2, card_uid).bind(3, core::toString(role)).bind(4, now_ms).bind(5, now_ms);
  if (auto r = st->run(); !r) return failStorage(r.error());
  return *byName(name);
}

LedgerResult<StaffMember> StaffRepo::setPinHash(const std::string& name, const std::string& hash,
                                                std::int64_t now_ms) {
  if (hash.empty() || hash.size() > 256) return failWith(LedgerError::BadInput, "no PIN hash");
  auto st = m_db.cached("UPDATE staff SET pin_hash = ?, changed_at_ms = ? WHERE name = ?");
  st->bind(1, hash).bind(2, now_ms).bind(3, name);
  if (auto r = st->run(); !r) return failStorage(r.error());
  auto m = byName(name);
  if (!m) return failWith(LedgerError::NotFound, "no staff member " + name);
  return *m;
}

LedgerResult<StaffMember> StaffRepo::setDisabled(const std::string& name, bool disabled,
                                                 std::int64_t now_ms) {
  auto st = m_db.cached("UPDATE staff SET disabled = ?, changed_at_ms = ? WHERE name = ?");
  st->bind(1, disabled ? 1 : 0).bind(2, now_ms).bind(3, name);
  if (auto r = st->run(); !r) return failStorage(r.error());
  auto m = byName(name);
  if (!m) return failWith(LedgerError::NotFound, "no staff member " + name);
  return *m;
}

std::vector<StaffMember> StaffRepo::list() {
  std::vector<StaffMember> out;
  auto st = m_db.cached(std::string("SELECT ") + kColumns + " FROM staff ORDER BY name");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readMember(*st));
  }
  return out;
}

std::optional<StaffMember> StaffRepo::byName(std::string_view name) {
  return one(m_db, "name = ?", name);
}

std::optional<StaffMember> StaffRepo::byCard(std::string_view card_uid) {
  return one(m_db, "card_uid = ?", card_uid);
}

std::optional<StaffMember> StaffRepo::byId(std::int64_t id) {
  auto st = m_db.cached(std::string("SELECT ") + kColumns + " FROM staff WHERE id = ?");
  st->bind(1, id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readMember(*st);
}

DbStatus StaffRepo::putPulled(const StaffMember& m, std::int64_t now_ms) {
  // Another row may hold the name or card the office moved to this id: it goes first.
  auto del = m_db.cached("DELETE FROM staff WHERE id <> ? AND (name = ? OR card_uid = ?)");
  del->bind(1, m.id).bind(2, m.name).bind(3, m.card_uid);
  if (auto r = del->run(); !r) return r;
  auto st = m_db.cached(
      "INSERT INTO staff (id, name, card_uid, role, pin_hash, disabled, created_at_ms, "
      "changed_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
      "name = excluded.name, card_uid = excluded.card_uid, role = excluded.role, "
      "pin_hash = excluded.pin_hash, disabled = excluded.disabled, "
      "changed_at_ms = excluded.changed_at_ms");
  st->bind(1, m.id).bind(2, m.name).bind(3, m.card_uid).bind(4, core::toString(m.role));
  st->bind(5, m.pin_hash).bind(6, m.disabled ? 1 : 0).bind(7, now_ms).bind(8, now_ms);
  return st->run();
}

core::PinLock StaffRepo::pinLock(std::string_view card_uid) {
  auto st = m_db.cached(
      "SELECT failures, locked_until_ms FROM staff_pin_state WHERE card_uid = ?");
  st->bind(1, card_uid);
  auto row = st->step();
  if (!row || !*row) return {};
  return {static_cast<int>(st->columnInt(0)), st->columnInt(1)};
}

DbStatus StaffRepo::setPinLock(std::string_view card_uid, const core::PinLock& lock,
                               std::int64_t now_ms) {
  auto st = m_db.cached(
      "INSERT INTO staff_pin_state (card_uid, failures, locked_until_ms, updated_at_ms) "
      "VALUES (?, ?, ?, ?) ON CONFLICT(card_uid) DO UPDATE SET failures = excluded.failures, "
      "locked_until_ms = excluded.locked_until_ms, updated_at_ms = excluded.updated_at_ms");
  st->bind(1, card_uid).bind(2, lock.failures).bind(3, lock.locked_until_ms).bind(4, now_ms);
  return st->run();
}

}  // namespace rc::db
