#include "db/team_recruiting.h"

namespace rc::db {

std::optional<std::int64_t> teamByName(Database& db, const std::string& name) {
  auto st = db.cached("SELECT id FROM volunteer_teams WHERE name = ?");
  st->bind(1, name);
  if (auto row = st->step(); row && *row) return st->columnInt(0);
  return std::nullopt;
}

DbStatus setRecruiting(Database& db, std::int64_t team_id, core::YearMonth month, bool recruiting) {
  auto st = db.cached(recruiting
                          ? "INSERT OR IGNORE INTO team_recruiting (team_id, month) VALUES (?, ?)"
                          : "DELETE FROM team_recruiting WHERE team_id = ? AND month = ?");
  st->bind(1, team_id).bind(2, month.toString());
  return st->run();
}

std::vector<std::string> recruitingTeams(Database& db, core::YearMonth month) {
  auto st = db.cached(
      "SELECT t.name FROM team_recruiting r JOIN volunteer_teams t ON t.id = r.team_id "
      "WHERE r.month = ? ORDER BY t.name");
  st->bind(1, month.toString());
  std::vector<std::string> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(st->columnText(0));
  }
  return out;
}

Recruiting recruitingFor(Database& db, core::YearMonth boards_month, std::int64_t now_ms) {
  Recruiting r{core::monthOfMs(now_ms), {}};
  r.teams = recruitingTeams(db, r.month);
  if (r.teams.empty() && boards_month != r.month) {
    r.month = boards_month;
    r.teams = recruitingTeams(db, r.month);
  }
  return r;
}

DbStatus storeRecruiting(Database& db, const Recruiting& r) {
  if (auto st = db.exec("DELETE FROM team_recruiting"); !st) return st;
  for (const auto& name : r.teams) {
    auto add = db.cached("INSERT OR IGNORE INTO volunteer_teams (name) VALUES (?)");
    add->bind(1, name);
    if (auto st = add->run(); !st) return st;
    const auto id = teamByName(db, name);
    if (!id) return err(DbError{DbErrorCode::Other, "team " + name + " was not stored"});
    if (auto st = setRecruiting(db, *id, r.month, true); !st) return st;
  }
  return Ok{};
}

Recruiting storedRecruiting(Database& db) {
  Recruiting r;
  auto st = db.cached("SELECT max(month) FROM team_recruiting");
  if (auto row = st->step(); !row || !*row || st->columnIsNull(0)) return r;
  const auto month = core::YearMonth::parse(st->columnText(0));
  if (!month) return r;
  r.month = *month;
  r.teams = recruitingTeams(db, r.month);
  return r;
}

std::vector<TeamMonth> teamsIn(Database& db, core::YearMonth month) {
  auto st = db.cached(
      "SELECT t.name, (SELECT count(*) FROM team_members m WHERE m.team_id = t.id), "
      "EXISTS (SELECT 1 FROM team_recruiting r WHERE r.team_id = t.id AND r.month = ?) "
      "FROM volunteer_teams t ORDER BY t.name");
  st->bind(1, month.toString());
  std::vector<TeamMonth> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back({st->columnText(0), st->columnInt(1), st->columnInt(2) != 0});
  }
  return out;
}

}  // namespace rc::db
