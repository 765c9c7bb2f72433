#include "office/town_boards.h"

#include <map>

#include "db/villager_months.h"

namespace rc::office {

Result<std::vector<GridMonthBoards>, db::DbError> allMonthlyBoards(db::Database& db,
                                                                   const core::Settings& s,
                                                                   core::YearMonth first,
                                                                   core::YearMonth last) {
  auto places = db::villagerPlaces(db);
  if (!places) return err(places.error());
  auto months = db::villagerMonths(db, last.index());
  if (!months) return err(months.error());
  const int span = last.index() - first.index() + 1;
  if (span <= 0) return std::vector<GridMonthBoards>{};

  // Month-end scores, villager by villager: one walk over the (villager, month) rows.
  const std::size_t n = places->size();
  std::vector<int> score(n * static_cast<std::size_t>(span), core::kBaseScore);
  std::size_t row = 0;
  const auto& rows = *months;
  for (std::size_t i = 0; i < n; ++i) {
    const auto id = (*places)[i].id;
    int running = core::kBaseScore;
    while (row < rows.size() && rows[row].villager_id < id) ++row;
    for (int k = 0; k < span; ++k) {
      const int month = first.index() + k;
      while (row < rows.size() && rows[row].villager_id == id && rows[row].month <= month) {
        running += rows[row].score_delta;
        ++row;
      }
      score[i * static_cast<std::size_t>(span) + static_cast<std::size_t>(k)] = running;
    }
    while (row < rows.size() && rows[row].villager_id == id) ++row;
  }

  std::map<core::GridId, std::vector<std::size_t>> by_grid;
  for (std::size_t i = 0; i < n; ++i) by_grid[(*places)[i].grid].push_back(i);

  std::vector<GridMonthBoards> out;
  out.reserve(by_grid.size() * static_cast<std::size_t>(span));
  std::vector<core::BoardCandidate> candidates;
  std::vector<core::Scored> party;
  for (const auto& [grid, members] : by_grid) {
    core::YearMonth month = first;
    for (int k = 0; k < span; ++k, month = month.next()) {
      candidates.clear();
      party.clear();
      for (const auto i : members) {
        const auto& p = (*places)[i];
        const int sc = score[i * static_cast<std::size_t>(span) + static_cast<std::size_t>(k)];
        candidates.push_back({p.id, sc, p.party_member, p.grid});
        if (p.party_member) party.push_back({p.id, sc});
      }
      out.push_back({grid, month, core::villagerBoard(candidates, s), core::partyBoard(party, s)});
    }
  }
  return out;
}

}  // namespace rc::office
