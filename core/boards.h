#pragma once
// Monthly boards and annual candidates: ranking with shared ranks, the villager board (top
// commended, bottom yellow-carded with a paired party member), the party members' red/grey
// board, and credit-star candidates.

#include <span>
#include <vector>

#include "core/rules.h"
#include "core/settings.h"
#include "core/types.h"

namespace rc::core {

struct Scored {
  VillagerId id = 0;
  int score = kBaseScore;
};

struct Ranked {
  VillagerId id = 0;
  int score = kBaseScore;
  int rank = 0;  // 1-based
  bool operator==(const Ranked&) const = default;
};

// Ranks by score, highest first, with standard competition ranking: equal scores share a rank
// and the next rank skips (1, 2, 2, 4). Within a tie, lower id first (stable, deterministic).
std::vector<Ranked> rankByScore(std::span<const Scored> scores);

struct BoardCandidate {
  VillagerId id = 0;
  int score = kBaseScore;
  bool party_member = false;
  GridId grid = 0;
};

struct Pairing {
  VillagerId villager = 0;      // the yellow-carded villager
  VillagerId party_member = 0;  // the one-to-one helper
  bool operator==(const Pairing&) const = default;
};

struct VillagerBoard {
  // Ranks among the board's villagers. A tie at the cut-off keeps everyone tied
  // (so a list may be longer than its size); nobody is both commended and yellow-carded.
  std::vector<Ranked> commended;
  std::vector<Ranked> yellow_cards;  // lowest score first
  std::vector<Pairing> pairings;     // one per yellow card while party members last
};

// Bottom-of-board rank: 1 for the lowest score; ties share.
// Pairing: each yellow card, lowest score first, gets the highest-scoring unpaired party member
// of the same grid, else of any grid (ties by lower id). Each party member pairs at most once.
VillagerBoard villagerBoard(std::span<const BoardCandidate> villagers, const Settings& s);

struct PartyBoardRow {
  VillagerId id = 0;
  int score = kBaseScore;
  int rank = 0;
  Stars stars;
  bool operator==(const PartyBoardRow&) const = default;
};

// The red/grey board: every party member ranked, with stars.
std::vector<PartyBoardRow> partyBoard(std::span<const Scored> party_members, const Settings& s);

struct AnnualRecord {
  VillagerId id = 0;
  int year_end_score = kBaseScore;
  int deductions_in_year = 0;   // count of council deductions
  int volunteer_minutes = 0;    // daily conduct, the tie-breaker
  bool operator==(const AnnualRecord&) const = default;
};

// Candidates for the year's credit stars: highest year-end score, then most volunteer minutes,
// then lower id; deducted villagers excluded when the policy says so; at most
// credit_star_candidates of them (the council then picks credit_stars_per_year).
std::vector<AnnualRecord> creditStarCandidates(std::span<const AnnualRecord> records,
                                               const Settings& s);

}  // namespace rc::core
