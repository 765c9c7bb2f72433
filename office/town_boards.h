#pragma once
// Monthly boards for a whole town at once: every village (a grid of the town's ledger) and
// every month in a range, from the per-villager-per-month table (db/villager_months.h) rather
// than from the entries, so a year of boards for 100k villagers takes one pass.

#include <vector>

#include "core/boards.h"
#include "core/settings.h"
#include "core/types.h"
#include "db/sqlite.h"

namespace rc::office {

struct GridMonthBoards {
  core::GridId grid = 0;
  core::YearMonth month;
  core::VillagerBoard villagers;
  std::vector<core::PartyBoardRow> party;
};

// Boards for each grid and each month from `first` to `last` (inclusive), scores at month end.
Result<std::vector<GridMonthBoards>, db::DbError> allMonthlyBoards(db::Database& db,
                                                                   const core::Settings& s,
                                                                   core::YearMonth first,
                                                                   core::YearMonth last);

}  // namespace rc::office
