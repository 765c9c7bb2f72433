#pragma once
// The village roster and rule book: grids, households, villagers, volunteer teams, cards,
// rules; plus the score queries that monthly boards are built from.
// Ownership: borrows a Database. Thread-safety: as the Database.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/boards.h"
#include "core/types.h"
#include "db/sqlite.h"

namespace rc::db {

struct Villager {
  core::VillagerId id = 0;
  core::HouseholdId household_id = 0;
  std::string name;
  char gender = 'F';  // 'F' or 'M'
  int birth_year = 1960;
  bool party_member = false;
  bool committee = false;
  // Filled on read:
  core::GridId grid_id = 0;
  bool is_head = false;
  bool moved_away = false;  // 迁出: kept with their entries, takes no new credit
};

struct Household {
  core::HouseholdId id = 0;
  core::GridId grid_id = 0;
  std::string address;
  std::optional<core::VillagerId> head_id;
  bool relief = false;
};

struct Rule {
  std::int64_t id = 0;
  std::string category;
  std::string code;
  std::string title;
  int score_delta = 0;
};

struct RosterCounts {
  std::int64_t households = 0;
  std::int64_t villagers = 0;
  std::int64_t party_members = 0;
  std::int64_t committee = 0;
  std::int64_t grids = 0;
  std::int64_t volunteer_teams = 0;
  std::int64_t rule_categories = 0;
  std::int64_t rules = 0;
  std::int64_t cards = 0;
};

using IdResult = Result<std::int64_t, DbError>;

class Roster {
 public:
  explicit Roster(Database& db) noexcept : m_db(db) {}

  IdResult addGrid(const std::string& name);
  DbStatus setGridCollector(core::GridId grid, core::VillagerId collector);
  IdResult addHousehold(core::GridId grid, const std::string& address, bool relief);
  DbStatus setHouseholdHead(core::HouseholdId household, core::VillagerId head);
  IdResult addVillager(const Villager& v);
  IdResult addTeam(const std::string& name);
  DbStatus addTeamMember(core::TeamId team, core::VillagerId villager);
  IdResult addRuleCategory(const std::string& name);
  IdResult addRule(std::int64_t category, const std::string& code, const std::string& title,
                   int score_delta);
  DbStatus bindCard(const std::string& uid, core::VillagerId villager, std::string_view kind,
                    std::int64_t at_ms);

  std::optional<Villager> villager(core::VillagerId id);
  // The name of the grid the villager's household is in; empty when unknown.
  std::string gridNameOf(core::VillagerId id);
  std::vector<Villager> villagers();
  std::vector<Household> households();
  std::vector<Rule> rules();
  std::optional<Rule> ruleByCode(const std::string& code);
  // The villager a card belongs to, unless the card is unknown or revoked.
  std::optional<core::VillagerId> villagerByCard(const std::string& uid);
  std::vector<std::string> cardsOf(core::VillagerId id);
  std::vector<std::string> teamsOf(core::VillagerId id);
  RosterCounts counts();

  // Every villager's score from entries before `before_ms` (1000 + the deltas), by id.
  std::vector<core::Scored> scoresAsOf(std::int64_t before_ms);

  std::optional<std::string> meta(const std::string& key);
  DbStatus setMeta(const std::string& key, const std::string& value);

 private:
  Database& m_db;
};

}  // namespace rc::db
