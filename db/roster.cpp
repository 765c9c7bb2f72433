#include "db/roster.h"

namespace rc::db {
namespace {

IdResult insertReturningId(Database& db, CachedStatement& st) {
  if (auto r = st->run(); !r) return err(r.error());
  return db.lastInsertRowid();
}

constexpr const char* kVillagerSelect =
    "SELECT v.id, v.household_id, v.name, v.gender, v.birth_year, v.party_member, v.committee, "
    "h.grid_id, COALESCE(h.head_id = v.id, 0), v.moved_away FROM villagers v "
    "JOIN households h ON h.id = v.household_id";

Villager readVillager(const Statement& st) {
  Villager v;
  v.id = st.columnInt(0);
  v.household_id = st.columnInt(1);
  v.name = st.columnText(2);
  v.gender = st.columnTextView(3) == "M" ? 'M' : 'F';
  v.birth_year = static_cast<int>(st.columnInt(4));
  v.party_member = st.columnInt(5) != 0;
  v.committee = st.columnInt(6) != 0;
  v.grid_id = st.columnInt(7);
  v.is_head = st.columnInt(8) != 0;
  v.moved_away = st.columnInt(9) != 0;
  return v;
}

template <class T, class F>
std::vector<T> collect(CachedStatement& st, F read) {
  std::vector<T> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(read(*st));
  }
  return out;
}

}  // namespace

IdResult Roster::addGrid(const std::string& name) {
  auto st = m_db.cached("INSERT INTO grids (name) VALUES (?)");
  st->bind(1, name);
  return insertReturningId(m_db, st);
}

DbStatus Roster::setGridCollector(core::GridId grid, core::VillagerId collector) {
  auto st = m_db.cached("UPDATE grids SET collector_id = ? WHERE id = ?");
  st->bind(1, collector).bind(2, grid);
  return st->run();
}

IdResult Roster::addHousehold(core::GridId grid, const std::string& address, bool relief) {
  auto st = m_db.cached("INSERT INTO households (grid_id, address, relief) VALUES (?, ?, ?)");
  st->bind(1, grid).bind(2, address).bind(3, relief ? 1 : 0);
  return insertReturningId(m_db, st);
}

DbStatus Roster::setHouseholdHead(core::HouseholdId household, core::VillagerId head) {
  auto st = m_db.cached("UPDATE households SET head_id = ? WHERE id = ?");
  st->bind(1, head).bind(2, household);
  return st->run();
}

IdResult Roster::addVillager(const Villager& v) {
  auto st = m_db.cached(
      "INSERT INTO villagers (id, household_id, name, gender, birth_year, party_member, "
      "committee) VALUES (?, ?, ?, ?, ?, ?, ?)");
  if (v.id > 0) {
    st->bind(1, v.id);
  } else {
    st->bindNull(1);
  }
  st->bind(2, v.household_id).bind(3, v.name).bind(4, v.gender == 'M' ? "M" : "F");
  st->bind(5, v.birth_year).bind(6, v.party_member ? 1 : 0).bind(7, v.committee ? 1 : 0);
  return insertReturningId(m_db, st);
}

IdResult Roster::addTeam(const std::string& name) {
  auto st = m_db.cached("INSERT INTO volunteer_teams (name) VALUES (?)");
  st->bind(1, name);
  return insertReturningId(m_db, st);
}

DbStatus Roster::addTeamMember(core::TeamId team, core::VillagerId villager) {
  auto st = m_db.cached("INSERT OR IGNORE INTO team_members (team_id, villager_id) VALUES (?, ?)");
  st->bind(1, team).bind(2, villager);
  return st->run();
}

IdResult Roster::addRuleCategory(const std::string& name) {
  auto st = m_db.cached("INSERT INTO rule_categories (name) VALUES (?)");
  st->bind(1, name);
  return insertReturningId(m_db, st);
}

IdResult Roster::addRule(std::int64_t category, const std::string& code, const std::string& title,
                         int score_delta) {
  auto st = m_db.cached(
      "INSERT INTO rules (category_id, code, title, score_delta) VALUES (?, ?, ?, ?)");
  st->bind(1, category).bind(2, code).bind(3, title).bind(4, score_delta);
  return insertReturningId(m_db, st);
}

DbStatus Roster::bindCard(const std::string& uid, core::VillagerId villager, std::string_view kind,
                          std::int64_t at_ms) {
  auto st = m_db.cached(
      "INSERT INTO cards (uid, villager_id, kind, issued_at_ms) VALUES (?, ?, ?, ?)");
  st->bind(1, uid).bind(2, villager).bind(3, kind).bind(4, at_ms);
  return st->run();
}

std::optional<Villager> Roster::villager(core::VillagerId id) {
  auto st = m_db.cached(std::string(kVillagerSelect) + " WHERE v.id = ?");
  st->bind(1, id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readVillager(*st);
}

std::vector<Villager> Roster::villagers() {
  auto st = m_db.cached(std::string(kVillagerSelect) + " ORDER BY v.id");
  return collect<Villager>(st, readVillager);
}

std::vector<Household> Roster::households() {
  auto st = m_db.cached("SELECT id, grid_id, address, head_id, relief FROM households ORDER BY id");
  return collect<Household>(st, [](const Statement& s) {
    Household h;
    h.id = s.columnInt(0);
    h.grid_id = s.columnInt(1);
    h.address = s.columnText(2);
    if (!s.columnIsNull(3)) h.head_id = s.columnInt(3);
    h.relief = s.columnInt(4) != 0;
    return h;
  });
}

std::vector<Rule> Roster::rules() {
  auto st = m_db.cached(
      "SELECT r.id, c.name, r.code, r.title, r.score_delta FROM rules r "
      "JOIN rule_categories c ON c.id = r.category_id ORDER BY r.id");
  return collect<Rule>(st, [](const Statement& s) {
    return Rule{s.columnInt(0), s.columnText(1), s.columnText(2), s.columnText(3),
                static_cast<int>(s.columnInt(4))};
  });
}

std::optional<Rule> Roster::ruleByCode(const std::string& code) {
  for (auto& r : rules()) {
    if (r.code == code) return r;
  }
  return std::nullopt;
}

std::optional<core::VillagerId> Roster::villagerByCard(const std::string& uid) {
  auto st = m_db.cached("SELECT villager_id FROM cards WHERE uid = ? AND revoked_at_ms IS NULL");
  st->bind(1, uid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return st->columnInt(0);
}

std::vector<std::string> Roster::cardsOf(core::VillagerId id) {
  auto st = m_db.cached("SELECT uid FROM cards WHERE villager_id = ? ORDER BY issued_at_ms, uid");
  st->bind(1, id);
  return collect<std::string>(st, [](const Statement& s) { return s.columnText(0); });
}

std::vector<std::string> Roster::teamsOf(core::VillagerId id) {
  auto st = m_db.cached(
      "SELECT t.name FROM team_members m JOIN volunteer_teams t ON t.id = m.team_id "
      "WHERE m.villager_id = ? ORDER BY t.id");
  st->bind(1, id);
  return collect<std::string>(st, [](const Statement& s) { return s.columnText(0); });
}

RosterCounts Roster::counts() {
  auto st = m_db.cached(
      "SELECT (SELECT count(*) FROM households), (SELECT count(*) FROM villagers), "
      "(SELECT count(*) FROM villagers WHERE party_member = 1), "
      "(SELECT count(*) FROM villagers WHERE committee = 1), (SELECT count(*) FROM grids), "
      "(SELECT count(*) FROM volunteer_teams), (SELECT count(*) FROM rule_categories), "
      "(SELECT count(*) FROM rules), (SELECT count(*) FROM cards)");
  RosterCounts c;
  if (auto row = st->step(); row && *row) {
    c.households = st->columnInt(0);
    c.villagers = st->columnInt(1);
    c.party_members = st->columnInt(2);
    c.committee = st->columnInt(3);
    c.grids = st->columnInt(4);
    c.volunteer_teams = st->columnInt(5);
    c.rule_categories = st->columnInt(6);
    c.rules = st->columnInt(7);
    c.cards = st->columnInt(8);
  }
  return c;
}

std::vector<core::Scored> Roster::scoresAsOf(std::int64_t before_ms) {
  auto st = m_db.cached(
      "SELECT v.id, 1000 + COALESCE((SELECT SUM(e.score_delta) FROM entries e "
      "WHERE e.villager_id = v.id AND e.at_ms < ?), 0) FROM villagers v ORDER BY v.id");
  st->bind(1, before_ms);
  return collect<core::Scored>(st, [](const Statement& s) {
    return core::Scored{s.columnInt(0), static_cast<int>(s.columnInt(1))};
  });
}

std::optional<std::string> Roster::meta(const std::string& key) {
  auto st = m_db.cached("SELECT value FROM meta WHERE key = ?");
  st->bind(1, key);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return st->columnText(0);
}

DbStatus Roster::setMeta(const std::string& key, const std::string& value) {
  auto st = m_db.cached("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
  st->bind(1, key).bind(2, value);
  return st->run();
}

std::string Roster::gridNameOf(core::VillagerId id) {
  auto st = m_db.cached(
      "SELECT g.name FROM villagers v JOIN households h ON h.id = v.household_id "
      "JOIN grids g ON g.id = h.grid_id WHERE v.id = ?");
  st->bind(1, id);
  auto row = st->step();
  if (!row || !*row) return {};
  return st->columnText(0);
}

}  // namespace rc::db
