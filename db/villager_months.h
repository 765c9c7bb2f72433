#pragma once
// Reads of villager_months (migration 0003): each villager's score change per month, kept in
// the same transaction as every entry. What town-scale monthly boards are built from.
// Thread-safety: as the Database.

#include <cstdint>
#include <vector>

#include "core/types.h"
#include "db/sqlite.h"

namespace rc::db {

struct VillagerMonth {
  core::VillagerId villager_id = 0;
  int month = 0;  // core::YearMonth::index()
  int score_delta = 0;
};

// Every row with month <= `last_month`, by villager then month.
Result<std::vector<VillagerMonth>, DbError> villagerMonths(Database& db, int last_month);
// One villager's rows with month <= `last_month`, by month.
Result<std::vector<VillagerMonth>, DbError> villagerMonthsOf(Database& db, core::VillagerId id,
                                                            int last_month);

// Each villager's score change up to the end of `last_month` (the sum of their rows), for the
// villagers with any row, by id: 1000 plus it is their month-end score, as the entries say.
struct VillagerScoreChange {
  core::VillagerId villager_id = 0;
  std::int64_t score_delta = 0;
};
Result<std::vector<VillagerScoreChange>, DbError> scoreChangesTo(Database& db, int last_month);

// Every villager still on the roster (not moved away) with their grid and party membership,
// by id: whom the boards rank.
struct VillagerPlace {
  core::VillagerId id = 0;
  core::GridId grid = 0;
  bool party_member = false;
};
Result<std::vector<VillagerPlace>, DbError> villagerPlaces(Database& db);

}  // namespace rc::db
