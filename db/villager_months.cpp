#include "db/villager_months.h"

namespace rc::db {
namespace {

// Rows of (villager_id, month, score_delta).
Result<std::vector<VillagerMonth>, DbError> readMonths(Statement& st) {
  std::vector<VillagerMonth> out;
  while (true) {
    auto row = st.step();
    if (!row) return err(row.error());
    if (!*row) return out;
    out.push_back({st.columnInt(0), static_cast<int>(st.columnInt(1)),
                   static_cast<int>(st.columnInt(2))});
  }
}

}  // namespace

Result<std::vector<VillagerMonth>, DbError> villagerMonths(Database& db, int last_month) {
  auto st = db.cached(
      "SELECT villager_id, month, score_delta FROM villager_months WHERE month <= ? "
      "ORDER BY villager_id, month");
  st->bind(1, last_month);
  return readMonths(*st);
}

Result<std::vector<VillagerMonth>, DbError> villagerMonthsOf(Database& db, core::VillagerId id,
                                                            int last_month) {
  auto st = db.cached(
      "SELECT villager_id, month, score_delta FROM villager_months WHERE villager_id = ? AND "
      "month <= ? ORDER BY month");
  st->bind(1, id).bind(2, last_month);
  return readMonths(*st);
}

Result<std::vector<VillagerScoreChange>, DbError> scoreChangesTo(Database& db, int last_month) {
  auto st = db.cached(
      "SELECT villager_id, SUM(score_delta) FROM villager_months WHERE month <= ? "
      "GROUP BY villager_id ORDER BY villager_id");
  st->bind(1, last_month);
  std::vector<VillagerScoreChange> out;
  while (true) {
    auto row = st->step();
    if (!row) return err(row.error());
    if (!*row) return out;
    out.push_back({st->columnInt(0), st->columnInt(1)});
  }
}

Result<std::vector<VillagerPlace>, DbError> villagerPlaces(Database& db) {
  auto st = db.cached(
      "SELECT v.id, h.grid_id, v.party_member FROM villagers v "
      "JOIN households h ON h.id = v.household_id WHERE v.moved_away = 0 ORDER BY v.id");
  std::vector<VillagerPlace> out;
  while (true) {
    auto row = st->step();
    if (!row) return err(row.error());
    if (!*row) return out;
    out.push_back({st->columnInt(0), st->columnInt(1), st->columnInt(2) != 0});
  }
}

}  // namespace rc::db
