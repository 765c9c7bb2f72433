#include "core/boards.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace rc::core {
namespace {

// Highest score first, then lower id: the order a board is printed in.
template <class T>
bool topDown(const T& a, const T& b) noexcept {
  if (a.score != b.score) {
    return a.score > b.score;
  }
  return a.id < b.id;
}

}  // namespace

std::vector<Ranked> rankByScore(std::span<const Scored> scores) {
  std::vector<Ranked> ranked;
  ranked.reserve(scores.size());
  for (const auto& s : scores) {
    ranked.push_back(Ranked{s.id, s.score, 0});
  }
  std::sort(ranked.begin(), ranked.end(), topDown<Ranked>);
  for (std::size_t i = 0; i < ranked.size(); ++i) {
    const bool tiedWithPrevious = i > 0 && ranked[i].score == ranked[i - 1].score;
    ranked[i].rank = tiedWithPrevious ? ranked[i - 1].rank : static_cast<int>(i) + 1;
  }
  return ranked;
}

VillagerBoard villagerBoard(std::span<const BoardCandidate> villagers, const Settings& s) {
  std::vector<Scored> onBoard;
  std::unordered_map<VillagerId, GridId> gridOf;
  onBoard.reserve(villagers.size());
  for (const auto& v : villagers) {
    if (v.party_member && s.villager_board_excludes_party_members) {
      continue;
    }
    onBoard.push_back(Scored{v.id, v.score});
    gridOf[v.id] = v.grid;
  }
  const std::vector<Ranked> ranked = rankByScore(onBoard);

  VillagerBoard board;
  std::unordered_set<VillagerId> commendedIds;
  for (const auto& r : ranked) {
    if (r.rank <= s.board_top_size) {
      board.commended.push_back(r);
      commendedIds.insert(r.id);
    }
  }

  // Bottom rank counts from the lowest score with the same shared-rank rule, so a tie at the
  // bottom cut-off keeps everyone tied, exactly like the top.
  std::vector<Ranked> bottomUp = ranked;
  std::sort(bottomUp.begin(), bottomUp.end(), [](const Ranked& a, const Ranked& b) {
    if (a.score != b.score) {
      return a.score < b.score;
    }
    return a.id < b.id;
  });
  int bottomRank = 0;
  for (std::size_t i = 0; i < bottomUp.size(); ++i) {
    const auto& r = bottomUp[i];
    if (i == 0 || r.score != bottomUp[i - 1].score) {
      bottomRank = static_cast<int>(i) + 1;
    }
    if (bottomRank > s.board_bottom_size) {
      break;
    }
    if (commendedIds.count(r.id) == 0) {
      board.yellow_cards.push_back(r);
    }
  }

  // Helpers come from every party member given, even when they are off the villager board.
  // A yellow-carded party member (possible only when party members are on the board) is
  // being helped and does not help anyone else that month.
  std::unordered_set<VillagerId> yellowIds;
  for (const auto& y : board.yellow_cards) {
    yellowIds.insert(y.id);
  }
  std::vector<BoardCandidate> helpers;
  for (const auto& v : villagers) {
    if (v.party_member && yellowIds.count(v.id) == 0) {
      helpers.push_back(v);
    }
  }
  std::sort(helpers.begin(), helpers.end(), topDown<BoardCandidate>);
  std::vector<bool> used(helpers.size(), false);

  for (const auto& y : board.yellow_cards) {
    const GridId grid = gridOf[y.id];
    std::size_t chosen = helpers.size();
    std::size_t fallback = helpers.size();
    for (std::size_t i = 0; i < helpers.size(); ++i) {
      if (used[i]) {
        continue;
      }
      if (fallback == helpers.size()) {
        fallback = i;
      }
      if (helpers[i].grid == grid) {
        chosen = i;
        break;
      }
    }
    if (chosen == helpers.size()) {
      chosen = fallback;
    }
    if (chosen == helpers.size()) {
      break;  // helpers have run out; the rest stay unpaired until next month
    }
    used[chosen] = true;
    board.pairings.push_back(Pairing{y.id, helpers[chosen].id});
  }
  return board;
}

std::vector<PartyBoardRow> partyBoard(std::span<const Scored> party_members, const Settings& s) {
  std::vector<PartyBoardRow> rows;
  rows.reserve(party_members.size());
  for (const auto& r : rankByScore(party_members)) {
    rows.push_back(PartyBoardRow{r.id, r.score, r.rank, starsFor(r.score, s)});
  }
  return rows;
}

std::vector<AnnualRecord> creditStarCandidates(std::span<const AnnualRecord> records,
                                               const Settings& s) {
  std::vector<AnnualRecord> candidates;
  for (const auto& r : records) {
    if (s.credit_star_excludes_deducted && r.deductions_in_year > 0) {
      continue;
    }
    candidates.push_back(r);
  }
  std::sort(candidates.begin(), candidates.end(), [](const AnnualRecord& a, const AnnualRecord& b) {
    if (a.year_end_score != b.year_end_score) {
      return a.year_end_score > b.year_end_score;
    }
    if (a.volunteer_minutes != b.volunteer_minutes) {
      return a.volunteer_minutes > b.volunteer_minutes;
    }
    return a.id < b.id;
  });
  const auto limit = static_cast<std::size_t>(std::max(0, s.credit_star_candidates));
  if (candidates.size() > limit) {
    candidates.resize(limit);
  }
  return candidates;
}

}  // namespace rc::core
