#pragma once
// The roster spreadsheet against the ledger: what an import would change (households and
// villagers new, updated field by field, unchanged), applying it in one transaction, and the
// roster as rows for export. Rows come checked from core::parseRoster (core/roster_csv.h).
// Matching: a row with villager_id names that villager; otherwise (household code, name,
// id digits). Villagers not in the file are left as they are (moving away is status 迁出).
// Ownership: borrows a Database. Thread-safety: as the Database.

#include <cstdint>
#include <string>
#include <vector>

#include "core/roster_csv.h"
#include "db/roster.h"
#include "db/sqlite.h"

namespace rc::db {

// Rows with the roster keys of migration 0012 (household code, ID-card digits).
IdResult insertHousehold(Database& db, core::GridId grid, const std::string& code,
                         const std::string& address, bool relief);
IdResult insertVillager(Database& db, const Villager& v, const std::string& id_digits);

struct RosterChange {
  int line = 0;
  std::string text;  // "new villager 刘伟 (household H001)", "villager 12 刘伟: birth_year, head"
};

struct RosterPlan {
  int households_new = 0;
  int households_updated = 0;
  int households_unchanged = 0;
  int villagers_new = 0;
  int villagers_updated = 0;
  int villagers_unchanged = 0;
  std::vector<RosterChange> changes;
  std::vector<core::RosterLineError> errors;  // rows that do not fit the ledger
  bool empty() const noexcept {
    return households_new + households_updated + villagers_new + villagers_updated == 0;
  }
};

// What importing `rows` would change; writes nothing.
RosterPlan planRosterImport(Database& db, const std::vector<core::RosterRow>& rows);
// Plans and, when the plan has no errors, writes it in one transaction; with errors, or when
// a write fails (the error returned), nothing is written.
Result<RosterPlan, DbError> applyRosterImport(Database& db, const std::vector<core::RosterRow>& rows);

// Every villager as a roster row (with villager_id), by household then villager id.
std::vector<core::RosterRow> rosterRows(Database& db);
// The grid names, by id.
std::vector<std::string> gridNames(Database& db);

}  // namespace rc::db
