#pragma once
// Which volunteer teams recruit in a month: set at the office (rc-office team recruit), read by
// the kiosk's Home (what a villager can do next). Not thread-safe: one Database's thread.

#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "db/sqlite.h"

namespace rc::db {

struct TeamMonth {
  std::string name;
  std::int64_t members = 0;
  bool recruiting = false;  // in the month asked about
};

// The team's id by its exact name; nullopt when there is none.
std::optional<std::int64_t> teamByName(Database& db, const std::string& name);
// Marks (or, with recruiting = false, unmarks) the team as recruiting in `month`. Idempotent.
DbStatus setRecruiting(Database& db, std::int64_t team_id, core::YearMonth month, bool recruiting);
// The teams recruiting in `month`, by name.
std::vector<std::string> recruitingTeams(Database& db, core::YearMonth month);
// What a villager is told about at the kiosk: the teams recruiting this month (by `now_ms`),
// else, for a ledger whose latest month is behind the clock (a demo, a kiosk long offline),
// those of `boards_month`. The office sends the same to synced kiosks with the boards.
struct Recruiting {
  core::YearMonth month;
  std::vector<std::string> teams;
};
Recruiting recruitingFor(Database& db, core::YearMonth boards_month, std::int64_t now_ms);
// A synced kiosk's copy of the office's Recruiting: replaces what it held (teams by name), and
// reads it back (the latest month it holds; no teams: month unset).
DbStatus storeRecruiting(Database& db, const Recruiting& r);
Recruiting storedRecruiting(Database& db);
// At most this many teams travel in a pull, each name at most kMaxTeamName bytes.
inline constexpr std::size_t kMaxRecruiting = 50;
inline constexpr std::size_t kMaxTeamName = 64;

// Every team with its member count and whether it recruits in `month`, by name.
std::vector<TeamMonth> teamsIn(Database& db, core::YearMonth month);

}  // namespace rc::db
