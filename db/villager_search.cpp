#include "db/villager_search.h"

#include "db/cards.h"

namespace rc::db {
namespace {

constexpr const char* kRowColumns =
    "SELECT v.id, v.name, v.household_id, COALESCE(h.code, ''), h.address, h.grid_id, g.name, "
    "COALESCE(b.score, 1000), COALESCE(b.points, 0), (h.head_id IS v.id), v.party_member, "
    "v.moved_away FROM villagers v JOIN households h ON h.id = v.household_id "
    "JOIN grids g ON g.id = h.grid_id LEFT JOIN balances b ON b.villager_id = v.id ";

VillagerRow readRow(const Statement& st) {
  VillagerRow r;
  r.id = st.columnInt(0);
  r.name = st.columnText(1);
  r.household_id = st.columnInt(2);
  r.household_code = st.columnText(3);
  r.address = st.columnText(4);
  r.grid_id = st.columnInt(5);
  r.grid_name = st.columnText(6);
  r.score = st.columnInt(7);
  r.points = st.columnInt(8);
  r.is_head = st.columnInt(9) != 0;
  r.party_member = st.columnInt(10) != 0;
  r.moved_away = st.columnInt(11) != 0;
  return r;
}

std::vector<VillagerRow> readAll(Statement& st) {
  std::vector<VillagerRow> out;
  while (true) {
    auto row = st.step();
    if (!row || !*row) break;
    out.push_back(readRow(st));
  }
  return out;
}

// LIKE's own characters in a name typed by a person are literal.
std::string likePattern(const std::string& text) {
  std::string p = "%";
  for (const char c : text) {
    if (c == '%' || c == '_' || c == '\\') p += '\\';
    p += c;
  }
  return p + "%";
}

}  // namespace

std::optional<VillagerRow> villagerRow(Database& db, core::VillagerId id) {
  auto st = db.cached(std::string(kRowColumns) + "WHERE v.id = ?");
  st->bind(1, id);
  auto rows = readAll(*st);
  if (rows.empty()) return std::nullopt;
  return rows.front();
}

VillagerSearch searchVillagers(Database& db, const std::string& text,
                               std::optional<core::GridId> grid, std::size_t limit) {
  VillagerSearch out;
  const auto inScope = [&](const VillagerRow& r) { return !grid || r.grid_id == *grid; };

  // A card: its uid as the reader types it, or a QR card's serial.
  Cards cards(db);
  std::optional<CardInfo> card = cards.byUid(text);
  if (!card) {
    if (auto serial = qrCardSerial(text)) card = cards.byUid(qrCardUid(*serial));
  }
  if (card && card->kind != "staff") {
    out.matched_by = "card";
    if (auto r = villagerRow(db, card->villager_id); r && inScope(*r)) out.rows.push_back(*r);
    return out;
  }

  // A household: its code ("H012").
  {
    auto st = db.cached(std::string(kRowColumns) +
                        "WHERE h.code = ? COLLATE NOCASE AND (? IS NULL OR h.grid_id = ?) "
                        "ORDER BY (h.head_id IS v.id) DESC, v.id LIMIT ?");
    st->bind(1, text).bind(2, grid).bind(3, grid);
    st->bind(4, static_cast<std::int64_t>(limit) + 1);
    out.rows = readAll(*st);
    if (!out.rows.empty()) out.matched_by = "household";
  }
  if (out.rows.empty()) {
    auto st = db.cached(std::string(kRowColumns) +
                        "WHERE v.name LIKE ? ESCAPE '\\' AND (? IS NULL OR h.grid_id = ?) "
                        "ORDER BY v.moved_away, v.name, v.id LIMIT ?");
    st->bind(1, likePattern(text)).bind(2, grid).bind(3, grid);
    st->bind(4, static_cast<std::int64_t>(limit) + 1);
    out.rows = readAll(*st);
    if (!out.rows.empty()) out.matched_by = "name";
  }
  if (out.rows.size() > limit) {
    out.rows.resize(limit);
    out.more = true;
  }
  return out;
}

std::optional<HouseholdView> householdView(Database& db, core::HouseholdId id) {
  auto st = db.cached(
      "SELECT h.id, COALESCE(h.code, ''), h.address, h.grid_id, g.name, h.relief, h.head_id "
      "FROM households h JOIN grids g ON g.id = h.grid_id WHERE h.id = ?");
  st->bind(1, id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  HouseholdView h;
  h.id = st->columnInt(0);
  h.code = st->columnText(1);
  h.address = st->columnText(2);
  h.grid_id = st->columnInt(3);
  h.grid_name = st->columnText(4);
  h.relief = st->columnInt(5) != 0;
  if (!st->columnIsNull(6)) h.head_id = st->columnInt(6);
  st->reset();
  auto members = db.cached(std::string(kRowColumns) +
                           "WHERE v.household_id = ? ORDER BY (h.head_id IS v.id) DESC, v.id");
  members->bind(1, id);
  h.members = readAll(*members);
  return h;
}

}  // namespace rc::db
