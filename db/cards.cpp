// Villagers' cards at the office (db/cards.h).
#include "db/cards.h"

#include <variant>

namespace rc::db {

std::string qrCardUid(std::int64_t serial) {
  std::string digits = std::to_string(serial);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "Q" + digits;
}

std::optional<std::int64_t> qrCardSerial(std::string_view text) {
  if (!text.empty() && (text[0] == 'Q' || text[0] == 'q')) text.remove_prefix(1);
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::int64_t v = 0;
  for (const char ch : text) {
    if (ch < '0' || ch > '9') return std::nullopt;
    v = v * 10 + (ch - '0');
  }
  if (v == 0 || v > 0xffffffffLL) return std::nullopt;
  return v;
}

std::vector<CardInfo> Cards::select(std::string_view where, const Key& key) {
  auto st = m_db.prepare(
      std::string("SELECT uid, villager_id, kind, issued_at_ms, revoked_at_ms, serial, "
                  "COALESCE(revoke_reason, '') FROM cards WHERE ") +
      std::string(where) + " ORDER BY issued_at_ms, uid");
  std::visit([&](const auto& k) { st.bind(1, k); }, key);
  std::vector<CardInfo> out;
  while (true) {
    auto row = st.step();
    if (!row) throw DbException(row.error());
    if (!*row) break;
    CardInfo c;
    c.uid = st.columnText(0);
    c.villager_id = st.columnInt(1);
    c.kind = st.columnText(2);
    c.issued_at_ms = st.columnInt(3);
    if (!st.columnIsNull(4)) c.revoked_at_ms = st.columnInt(4);
    if (!st.columnIsNull(5)) c.serial = st.columnInt(5);
    c.revoke_reason = st.columnText(6);
    out.push_back(std::move(c));
  }
  return out;
}

std::optional<CardInfo> Cards::byUid(const std::string& uid) {
  auto rows = select("uid = ?", uid);
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::vector<CardInfo> Cards::ofVillager(core::VillagerId id) {
  return select("villager_id = ?", id);
}

Result<CardInfo, DbError> Cards::addQr(core::VillagerId villager, std::int64_t at_ms) {
  std::int64_t serial = 1;
  {
    auto st = m_db.cached("SELECT COALESCE(MAX(serial), 0) + 1 FROM cards");
    auto row = st->step();
    if (!row) return err(row.error());
    if (*row) serial = st->columnInt(0);
  }
  CardInfo c;
  c.uid = qrCardUid(serial);
  c.villager_id = villager;
  c.kind = "qr";
  c.issued_at_ms = at_ms;
  c.serial = serial;
  auto st = m_db.cached(
      "INSERT INTO cards (uid, villager_id, kind, issued_at_ms, serial) VALUES (?, ?, 'qr', ?, ?)");
  st->bind(1, c.uid).bind(2, villager).bind(3, at_ms).bind(4, serial);
  if (auto r = st->run(); !r) return err(r.error());
  return c;
}

DbStatus Cards::add(const std::string& uid, core::VillagerId villager, std::string_view kind,
                    std::int64_t at_ms) {
  auto st = m_db.cached(
      "INSERT INTO cards (uid, villager_id, kind, issued_at_ms) VALUES (?, ?, ?, ?)");
  st->bind(1, uid).bind(2, villager).bind(3, kind).bind(4, at_ms);
  return st->run();
}

DbStatus Cards::revoke(const std::string& uid, std::int64_t at_ms, const std::string& reason) {
  auto st = m_db.cached(
      "UPDATE cards SET revoked_at_ms = ?, revoke_reason = ? WHERE uid = ? AND "
      "revoked_at_ms IS NULL");
  st->bind(1, at_ms).bind(2, reason).bind(3, uid);
  return st->run();
}

}  // namespace rc::db
