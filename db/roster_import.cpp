#include "db/roster_import.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <tuple>

namespace rc::db {
namespace {

struct HouseRow {
  std::int64_t id = 0;
  std::int64_t grid_id = 0;
  std::string address;
  bool relief = false;
  std::optional<std::int64_t> head;
};

struct PersonRow {
  std::int64_t id = 0;
  std::int64_t household_id = 0;
  std::string household_code;
  std::string name;
  char gender = 'F';
  int birth_year = 0;
  bool party_member = false;
  bool committee = false;
  bool moved_away = false;
  std::string id_digits;
};

std::map<std::string, std::int64_t> gridIds(Database& db) {
  std::map<std::string, std::int64_t> out;
  auto st = db.cached("SELECT id, name FROM grids");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out[st->columnText(1)] = st->columnInt(0);
  }
  return out;
}

std::map<std::string, HouseRow> houses(Database& db) {
  std::map<std::string, HouseRow> out;
  auto st = db.cached("SELECT id, code, grid_id, address, relief, head_id FROM households");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    HouseRow h;
    h.id = st->columnInt(0);
    h.grid_id = st->columnInt(2);
    h.address = st->columnText(3);
    h.relief = st->columnInt(4) != 0;
    if (!st->columnIsNull(5)) h.head = st->columnInt(5);
    out[st->columnIsNull(1) ? "H" + std::to_string(h.id) : st->columnText(1)] = h;
  }
  return out;
}

std::map<std::int64_t, PersonRow> people(Database& db) {
  std::map<std::int64_t, PersonRow> out;
  auto st = db.cached(
      "SELECT v.id, v.household_id, COALESCE(h.code, ''), v.name, v.gender, v.birth_year, "
      "v.party_member, v.committee, v.moved_away, v.id_digits FROM villagers v "
      "JOIN households h ON h.id = v.household_id");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    PersonRow p;
    p.id = st->columnInt(0);
    p.household_id = st->columnInt(1);
    p.household_code = st->columnText(2);
    p.name = st->columnText(3);
    p.gender = st->columnTextView(4) == "M" ? 'M' : 'F';
    p.birth_year = static_cast<int>(st->columnInt(5));
    p.party_member = st->columnInt(6) != 0;
    p.committee = st->columnInt(7) != 0;
    p.moved_away = st->columnInt(8) != 0;
    p.id_digits = st->columnText(9);
    out[p.id] = p;
  }
  return out;
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : ", ") + p;
  return out;
}

// Plans (and with `apply`, writes) the import. A write failure is returned.
Result<RosterPlan, DbError> run(Database& db, const std::vector<core::RosterRow>& rows, bool apply) {
  RosterPlan plan;
  const auto grid_ids = gridIds(db);
  auto existing_houses = houses(db);
  const auto existing_people = people(db);
  std::map<std::tuple<std::string, std::string, std::string>, std::int64_t> by_key;
  for (const auto& [id, p] : existing_people) by_key[{p.household_code, p.name, p.id_digits}] = id;

  // Households: the first row of each gives its grid, address and relief (parseRoster has
  // checked that its other rows agree).
  std::map<std::string, const core::RosterRow*> file_houses;
  std::vector<std::string> house_order;
  for (const auto& r : rows) {
    if (file_houses.emplace(r.household, &r).second) house_order.push_back(r.household);
  }
  std::map<std::string, std::int64_t> house_ids;  // code -> id (0 for a new one in a preview)
  std::map<std::string, std::vector<std::string>> house_changes;
  for (const auto& code : house_order) {
    const auto& r = *file_houses[code];
    const auto grid = grid_ids.find(r.grid);
    if (grid == grid_ids.end()) {
      plan.errors.push_back({r.line, "unknown grid '" + r.grid + "'"});
      continue;
    }
    auto it = existing_houses.find(code);
    if (it == existing_houses.end()) {
      ++plan.households_new;
      plan.changes.push_back({r.line, "new household " + code + " (" + r.address + ", " + r.grid + ")"});
      std::int64_t id = 0;
      if (apply) {
        auto added = insertHousehold(db, grid->second, code, r.address, r.relief);
        if (!added) return err(added.error());
        id = *added;
      }
      house_ids[code] = id;
      continue;
    }
    house_ids[code] = it->second.id;
    auto& fields = house_changes[code];
    if (it->second.grid_id != grid->second) fields.push_back("grid");
    if (it->second.address != r.address) fields.push_back("address");
    if (it->second.relief != r.relief) fields.push_back("relief");
    if (apply && !fields.empty()) {
      auto st = db.cached("UPDATE households SET grid_id = ?, address = ?, relief = ? WHERE id = ?");
      st->bind(1, grid->second).bind(2, r.address).bind(3, r.relief ? 1 : 0).bind(4, it->second.id);
      if (auto s = st->run(); !s) return err(s.error());
    }
  }

  // Villagers, and who each household's head is to be.
  std::map<std::string, std::optional<std::int64_t>> heads;  // code -> head (0: a new one, preview)
  std::set<std::int64_t> in_file;
  for (const auto& r : rows) {
    std::optional<std::int64_t> match;
    if (r.villager_id) {
      if (!existing_people.contains(*r.villager_id)) {
        plan.errors.push_back({r.line, "villager_id " + std::to_string(*r.villager_id) +
                                           " is not a villager in the ledger"});
        continue;
      }
      match = *r.villager_id;
    } else if (auto k = by_key.find({r.household, r.name, r.id_digits}); k != by_key.end()) {
      match = k->second;
    }
    const auto house = house_ids.find(r.household);
    if (house == house_ids.end()) continue;  // its grid was refused above
    Villager v;
    v.household_id = house->second;
    v.name = r.name;
    v.gender = r.gender;
    v.birth_year = r.birth_year;
    v.party_member = r.party_member;
    v.committee = r.committee;
    v.moved_away = r.moved_away;
    std::int64_t id = 0;
    if (!match) {
      ++plan.villagers_new;
      plan.changes.push_back({r.line, "new villager " + r.name + " (household " + r.household + ")"});
      if (apply) {
        auto added = insertVillager(db, v, r.id_digits);
        if (!added) return err(added.error());
        id = *added;
      }
    } else {
      id = *match;
      if (!in_file.insert(id).second) {
        plan.errors.push_back({r.line, "duplicate villager: villager " + std::to_string(id) +
                                           " is matched by another line too"});
        continue;
      }
      const PersonRow& p = existing_people.at(id);
      std::vector<std::string> fields;
      if (p.household_code != r.household) fields.push_back("household");
      if (p.name != r.name) fields.push_back("name");
      if (p.gender != r.gender) fields.push_back("gender");
      if (p.birth_year != r.birth_year) fields.push_back("birth_year");
      if (p.id_digits != r.id_digits) fields.push_back("id_digits");
      if (p.party_member != r.party_member) fields.push_back("party_member");
      if (p.committee != r.committee) fields.push_back("committee");
      if (p.moved_away != r.moved_away) fields.push_back("status");
      const auto old_house = std::find_if(existing_houses.begin(), existing_houses.end(),
                                          [&](const auto& h) { return h.second.id == p.household_id; });
      const bool was_head = old_house != existing_houses.end() && old_house->second.head == id;
      if (was_head != r.head || (r.head && p.household_code != r.household)) fields.push_back("head");
      if (fields.empty()) {
        ++plan.villagers_unchanged;
      } else {
        ++plan.villagers_updated;
        plan.changes.push_back({r.line, "villager " + std::to_string(id) + " " + r.name + ": " + joined(fields)});
        if (apply) {
          auto st = db.cached(
              "UPDATE villagers SET household_id = ?, name = ?, gender = ?, birth_year = ?, "
              "party_member = ?, committee = ?, moved_away = ?, id_digits = ? WHERE id = ?");
          st->bind(1, v.household_id).bind(2, v.name).bind(3, v.gender == 'M' ? "M" : "F");
          st->bind(4, v.birth_year).bind(5, v.party_member ? 1 : 0).bind(6, v.committee ? 1 : 0);
          st->bind(7, v.moved_away ? 1 : 0).bind(8, r.id_digits).bind(9, id);
          if (auto s = st->run(); !s) return err(s.error());
        }
      }
    }
    if (r.head) {
      heads[r.household] = id;
    } else if (auto h = existing_houses.find(r.household);
               match && h != existing_houses.end() && h->second.head == *match && !heads.contains(r.household)) {
      heads[r.household] = std::nullopt;  // the head listed as not the head any more
    }
  }
  // A household's head: set by its head row, cleared when its head is listed without it.
  for (const auto& code : house_order) {
    const auto want = heads.find(code);
    auto h = existing_houses.find(code);
    if (h != existing_houses.end() && want != heads.end() && h->second.head != want->second) {
      house_changes[code].push_back("head");
    }
    if (apply && want != heads.end() && (h == existing_houses.end() || h->second.head != want->second)) {
      auto st = db.cached("UPDATE households SET head_id = ? WHERE id = ?");
      st->bind(1, want->second).bind(2, house_ids[code]);
      if (auto s = st->run(); !s) return err(s.error());
    }
  }
  for (const auto& code : house_order) {
    if (!existing_houses.contains(code)) continue;
    const auto& fields = house_changes[code];
    if (fields.empty()) {
      ++plan.households_unchanged;
    } else {
      ++plan.households_updated;
      plan.changes.push_back({file_houses[code]->line, "household " + code + ": " + joined(fields)});
    }
  }
  std::stable_sort(plan.changes.begin(), plan.changes.end(),
                   [](const RosterChange& a, const RosterChange& b) { return a.line < b.line; });
  return plan;
}

}  // namespace

IdResult insertHousehold(Database& db, core::GridId grid, const std::string& code,
                         const std::string& address, bool relief) {
  auto st = db.cached("INSERT INTO households (grid_id, code, address, relief) VALUES (?, ?, ?, ?)");
  st->bind(1, grid).bind(2, code).bind(3, address).bind(4, relief ? 1 : 0);
  if (auto r = st->run(); !r) return err(r.error());
  return db.lastInsertRowid();
}

IdResult insertVillager(Database& db, const Villager& v, const std::string& id_digits) {
  auto st = db.cached(
      "INSERT INTO villagers (household_id, name, gender, birth_year, party_member, committee, "
      "moved_away, id_digits) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, v.household_id).bind(2, v.name).bind(3, v.gender == 'M' ? "M" : "F");
  st->bind(4, v.birth_year).bind(5, v.party_member ? 1 : 0).bind(6, v.committee ? 1 : 0);
  st->bind(7, v.moved_away ? 1 : 0).bind(8, id_digits);
  if (auto r = st->run(); !r) return err(r.error());
  return db.lastInsertRowid();
}

RosterPlan planRosterImport(Database& db, const std::vector<core::RosterRow>& rows) {
  Transaction tx(db);  // one consistent read; rolled back
  auto plan = run(db, rows, false);
  if (!plan) throw DbException(plan.error());
  return std::move(plan).value();
}

Result<RosterPlan, DbError> applyRosterImport(Database& db, const std::vector<core::RosterRow>& rows) {
  Transaction tx(db);
  auto plan = run(db, rows, true);
  if (!plan) return plan;
  if (!plan->errors.empty()) return plan;  // rolled back: nothing written
  if (auto s = tx.commit(); !s) return err(s.error());
  return plan;
}

std::vector<core::RosterRow> rosterRows(Database& db) {
  std::vector<core::RosterRow> out;
  auto st = db.cached(
      "SELECT v.id, COALESCE(h.code, 'H' || h.id), h.address, g.name, v.name, v.gender, "
      "v.birth_year, v.id_digits, COALESCE(h.head_id = v.id, 0), v.party_member, v.committee, "
      "h.relief, v.moved_away FROM villagers v JOIN households h ON h.id = v.household_id "
      "JOIN grids g ON g.id = h.grid_id ORDER BY h.id, v.id");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    core::RosterRow r;
    r.villager_id = st->columnInt(0);
    r.household = st->columnText(1);
    r.address = st->columnText(2);
    r.grid = st->columnText(3);
    r.name = st->columnText(4);
    r.gender = st->columnTextView(5) == "M" ? 'M' : 'F';
    r.birth_year = static_cast<int>(st->columnInt(6));
    r.id_digits = st->columnText(7);
    r.head = st->columnInt(8) != 0;
    r.party_member = st->columnInt(9) != 0;
    r.committee = st->columnInt(10) != 0;
    r.relief = st->columnInt(11) != 0;
    r.moved_away = st->columnInt(12) != 0;
    out.push_back(std::move(r));
  }
  return out;
}

std::vector<std::string> gridNames(Database& db) {
  std::vector<std::string> out;
  auto st = db.cached("SELECT name FROM grids ORDER BY id");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(st->columnText(0));
  }
  return out;
}

}  // namespace rc::db
