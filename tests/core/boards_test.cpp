#include "core/boards.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace rc::core {
namespace {

BoardCandidate villager(VillagerId id, int score, GridId grid = 1) {
  return BoardCandidate{id, score, false, grid};
}
BoardCandidate partyMember(VillagerId id, int score, GridId grid = 1) {
  return BoardCandidate{id, score, true, grid};
}

std::vector<VillagerId> idsOf(const std::vector<Ranked>& rows) {
  std::vector<VillagerId> ids;
  for (const auto& r : rows) {
    ids.push_back(r.id);
  }
  return ids;
}

std::vector<int> ranksOf(const std::vector<Ranked>& rows) {
  std::vector<int> ranks;
  for (const auto& r : rows) {
    ranks.push_back(r.rank);
  }
  return ranks;
}

bool overlaps(const VillagerBoard& b) {
  for (const auto& c : b.commended) {
    for (const auto& y : b.yellow_cards) {
      if (c.id == y.id) {
        return true;
      }
    }
  }
  return false;
}

// ---- rankByScore ---------------------------------------------------------------------------

TEST(RankTest, CompetitionRankingWithTiesByLowerId) {
  const std::vector<Scored> in = {{7, 1010}, {2, 1020}, {3, 1010}, {4, 1000}, {5, 990}};
  const auto ranked = rankByScore(in);
  const std::vector<Ranked> expected = {
      {2, 1020, 1}, {3, 1010, 2}, {7, 1010, 2}, {4, 1000, 4}, {5, 990, 5}};
  EXPECT_EQ(ranked, expected);
}

TEST(RankTest, EmptyAndSingle) {
  EXPECT_TRUE(rankByScore({}).empty());
  const std::vector<Scored> one = {{9, 950}};
  EXPECT_EQ(rankByScore(one), (std::vector<Ranked>{{9, 950, 1}}));
}

TEST(RankTest, AllTiedShareRankOne) {
  const std::vector<Scored> in = {{3, 1000}, {1, 1000}, {2, 1000}};
  const std::vector<Ranked> expected = {{1, 1000, 1}, {2, 1000, 1}, {3, 1000, 1}};
  EXPECT_EQ(rankByScore(in), expected);
}

// ---- villager board: commended and yellow cards ----------------------------------------------

TEST(VillagerBoardTest, TopTenCommendedBottomTenYellowCarded) {
  std::vector<BoardCandidate> in;
  for (VillagerId id = 1; id <= 25; ++id) {
    in.push_back(villager(id, 1000 + static_cast<int>(id)));
  }
  const auto board = villagerBoard(in, Settings{});
  EXPECT_EQ(idsOf(board.commended),
            (std::vector<VillagerId>{25, 24, 23, 22, 21, 20, 19, 18, 17, 16}));
  EXPECT_EQ(ranksOf(board.commended), (std::vector<int>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  // Lowest score first; the rank shown is the ordinary top-down rank.
  EXPECT_EQ(idsOf(board.yellow_cards), (std::vector<VillagerId>{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(board.yellow_cards.front(), (Ranked{1, 1001, 25}));
  EXPECT_EQ(board.yellow_cards.back(), (Ranked{10, 1010, 16}));
  EXPECT_TRUE(board.pairings.empty());  // no party members given
}

TEST(VillagerBoardTest, TieAtTenthPlaceKeepsEveryoneTied) {
  std::vector<BoardCandidate> in;
  for (VillagerId id = 1; id <= 9; ++id) {
    in.push_back(villager(id, 1100 - static_cast<int>(id)));  // ranks 1..9
  }
  in.push_back(villager(12, 1050));  // three share rank 10
  in.push_back(villager(10, 1050));
  in.push_back(villager(11, 1050));
  for (VillagerId id = 13; id <= 30; ++id) {
    in.push_back(villager(id, 1000 - static_cast<int>(id)));
  }
  const auto board = villagerBoard(in, Settings{});
  ASSERT_EQ(board.commended.size(), 12u);
  EXPECT_EQ(board.commended[9], (Ranked{10, 1050, 10}));
  EXPECT_EQ(board.commended[10], (Ranked{11, 1050, 10}));
  EXPECT_EQ(board.commended[11], (Ranked{12, 1050, 10}));
  EXPECT_EQ(board.yellow_cards.size(), 10u);
}

TEST(VillagerBoardTest, TieAtTheBottomCutOffKeepsEveryoneTied) {
  std::vector<BoardCandidate> in;
  for (VillagerId id = 1; id <= 15; ++id) {
    in.push_back(villager(id, 1100 + static_cast<int>(id)));
  }
  for (VillagerId id = 16; id <= 24; ++id) {
    in.push_back(villager(id, 900 + static_cast<int>(id)));  // bottom ranks 1..9
  }
  in.push_back(villager(27, 950));  // three share bottom rank 10
  in.push_back(villager(25, 950));
  in.push_back(villager(26, 950));
  const auto board = villagerBoard(in, Settings{});
  ASSERT_EQ(board.yellow_cards.size(), 12u);
  EXPECT_EQ(board.yellow_cards.front().id, 16);  // lowest score first
  EXPECT_EQ(board.yellow_cards.front().score, 916);
  EXPECT_EQ(board.yellow_cards[9].id, 25);  // the tie in id order
  EXPECT_EQ(board.yellow_cards[10].id, 26);
  EXPECT_EQ(board.yellow_cards[11].id, 27);
  // Top-down rank of the tied trio: 15 above them, so rank 16.
  EXPECT_EQ(board.yellow_cards[11].rank, 16);
  EXPECT_EQ(board.commended.size(), 10u);
}

TEST(VillagerBoardTest, FewerThanTwentyVillagersAreNeverBothCommendedAndWarned) {
  std::vector<BoardCandidate> in;
  for (VillagerId id = 1; id <= 15; ++id) {
    in.push_back(villager(id, 1000 + static_cast<int>(id)));
  }
  const auto board = villagerBoard(in, Settings{});
  EXPECT_EQ(board.commended.size(), 10u);
  // The bottom ten are ids 1..10, but 6..10 are already commended.
  EXPECT_EQ(idsOf(board.yellow_cards), (std::vector<VillagerId>{1, 2, 3, 4, 5}));
  EXPECT_FALSE(overlaps(board));
}

TEST(VillagerBoardTest, AllTiedMeansAllCommendedAndNobodyWarned) {
  std::vector<BoardCandidate> in;
  for (VillagerId id = 1; id <= 30; ++id) {
    in.push_back(villager(id, 1000));
  }
  const auto board = villagerBoard(in, Settings{});
  EXPECT_EQ(board.commended.size(), 30u);
  EXPECT_TRUE(std::all_of(board.commended.begin(), board.commended.end(),
                          [](const Ranked& r) { return r.rank == 1; }));
  EXPECT_TRUE(board.yellow_cards.empty());
  EXPECT_TRUE(board.pairings.empty());
}

TEST(VillagerBoardTest, TieSpanningTopAndBottomCutOffs) {
  // 8 distinct leaders, 4 tied in the middle (top ranks 9..12 -> rank 9, bottom rank 7),
  // 6 distinct at the bottom. The tie is inside both cut-offs: commended wins.
  std::vector<BoardCandidate> in;
  for (VillagerId id = 1; id <= 8; ++id) {
    in.push_back(villager(id, 1100 - static_cast<int>(id)));
  }
  for (VillagerId id = 9; id <= 12; ++id) {
    in.push_back(villager(id, 1000));
  }
  for (VillagerId id = 13; id <= 18; ++id) {
    in.push_back(villager(id, 990 - static_cast<int>(id)));
  }
  const auto board = villagerBoard(in, Settings{});
  EXPECT_EQ(board.commended.size(), 12u);
  EXPECT_EQ(board.commended.back(), (Ranked{12, 1000, 9}));
  EXPECT_EQ(idsOf(board.yellow_cards), (std::vector<VillagerId>{18, 17, 16, 15, 14, 13}));
  EXPECT_FALSE(overlaps(board));
}

TEST(VillagerBoardTest, PartyMembersAreOffTheVillagerBoardByDefault) {
  std::vector<BoardCandidate> in = {villager(1, 1010), villager(2, 990), partyMember(3, 1200),
                                    partyMember(4, 900)};
  Settings s;
  s.board_top_size = 1;
  s.board_bottom_size = 1;
  auto board = villagerBoard(in, s);
  EXPECT_EQ(board.commended, (std::vector<Ranked>{{1, 1010, 1}}));
  EXPECT_EQ(board.yellow_cards, (std::vector<Ranked>{{2, 990, 2}}));

  s.villager_board_excludes_party_members = false;
  board = villagerBoard(in, s);
  EXPECT_EQ(board.commended, (std::vector<Ranked>{{3, 1200, 1}}));
  EXPECT_EQ(board.yellow_cards, (std::vector<Ranked>{{4, 900, 4}}));
}

TEST(VillagerBoardTest, BoardSizesArePolicy) {
  std::vector<BoardCandidate> in;
  for (VillagerId id = 1; id <= 10; ++id) {
    in.push_back(villager(id, 1000 + static_cast<int>(id)));
  }
  Settings s;
  s.board_top_size = 3;
  s.board_bottom_size = 0;
  const auto board = villagerBoard(in, s);
  EXPECT_EQ(idsOf(board.commended), (std::vector<VillagerId>{10, 9, 8}));
  EXPECT_TRUE(board.yellow_cards.empty());
}

TEST(VillagerBoardTest, EmptyVillage) {
  const auto board = villagerBoard({}, Settings{});
  EXPECT_TRUE(board.commended.empty());
  EXPECT_TRUE(board.yellow_cards.empty());
  EXPECT_TRUE(board.pairings.empty());
}

// ---- pairings
// ------------------------------------------------------------------------------------

// Two commended villagers on top so the yellow cards below are not also commended.
Settings smallBoard(int bottom) {
  Settings s;
  s.board_top_size = 1;
  s.board_bottom_size = bottom;
  return s;
}

TEST(PairingTest, SameGridHelperBeatsAHigherScoringOneElsewhere) {
  const std::vector<BoardCandidate> in = {
      villager(1, 1100, 9),     villager(10, 900, 1),      // lowest: picks first
      villager(11, 910, 2),     partyMember(20, 1200, 2),  // best overall, grid 2
      partyMember(22, 1050, 1),                            // grid 1, tied with 21 ...
      partyMember(21, 1050, 1),                            // ... and the lower id wins
      partyMember(23, 1000, 3),
  };
  const auto board = villagerBoard(in, smallBoard(2));
  ASSERT_EQ(idsOf(board.yellow_cards), (std::vector<VillagerId>{10, 11}));
  EXPECT_EQ(board.pairings, (std::vector<Pairing>{{10, 21}, {11, 20}}));
}

TEST(PairingTest, FallsBackToTheBestHelperOfAnyGrid) {
  const std::vector<BoardCandidate> in = {
      villager(1, 1100, 9),
      villager(10, 900, 4),  // no party member lives in grid 4
      partyMember(20, 1010, 2),
      partyMember(21, 1030, 3),
  };
  const auto board = villagerBoard(in, smallBoard(1));
  EXPECT_EQ(board.pairings, (std::vector<Pairing>{{10, 21}}));
}

TEST(PairingTest, LowestScoreChoosesFirstWhenGridHelpersAreScarce) {
  const std::vector<BoardCandidate> in = {
      villager(1, 1100, 9),     villager(11, 920, 2),
      villager(10, 900, 2),  // lowest: takes the only grid-2 helper
      partyMember(20, 1000, 2), partyMember(21, 1010, 5),
  };
  const auto board = villagerBoard(in, smallBoard(2));
  EXPECT_EQ(board.pairings, (std::vector<Pairing>{{10, 20}, {11, 21}}));
}

TEST(PairingTest, StopsWhenHelpersRunOut) {
  const std::vector<BoardCandidate> in = {
      villager(1, 1100, 1), villager(10, 900, 1),     villager(11, 910, 1),
      villager(12, 920, 1), partyMember(20, 1000, 2),
  };
  const auto board = villagerBoard(in, smallBoard(3));
  EXPECT_EQ(board.yellow_cards.size(), 3u);
  EXPECT_EQ(board.pairings, (std::vector<Pairing>{{10, 20}}));
}

TEST(PairingTest, EachPartyMemberPairsAtMostOnce) {
  std::vector<BoardCandidate> in = {villager(1, 1100, 1)};
  for (VillagerId id = 10; id < 16; ++id) {
    in.push_back(villager(id, 900 + static_cast<int>(id), 1));
  }
  for (VillagerId id = 20; id < 26; ++id) {
    in.push_back(partyMember(id, 1000, static_cast<GridId>(id % 3)));
  }
  const auto board = villagerBoard(in, smallBoard(6));
  ASSERT_EQ(board.pairings.size(), 6u);
  std::vector<VillagerId> helpers;
  for (const auto& p : board.pairings) {
    helpers.push_back(p.party_member);
  }
  std::sort(helpers.begin(), helpers.end());
  EXPECT_EQ(std::adjacent_find(helpers.begin(), helpers.end()), helpers.end());
}

TEST(PairingTest, AYellowCardedPartyMemberIsNotAHelper) {
  // Only possible with party members on the villager board.
  Settings s = smallBoard(1);
  s.villager_board_excludes_party_members = false;
  const std::vector<BoardCandidate> in = {villager(1, 1100, 1), partyMember(10, 900, 1),
                                          partyMember(20, 1000, 2)};
  const auto board = villagerBoard(in, s);
  ASSERT_EQ(idsOf(board.yellow_cards), (std::vector<VillagerId>{10}));
  EXPECT_EQ(board.pairings, (std::vector<Pairing>{{10, 20}}));
}

// ---- red/grey board -----------------------------------------------------------------------------

TEST(PartyBoardTest, RanksEveryPartyMemberWithStars) {
  const std::vector<Scored> in = {{5, 995}, {3, 1012}, {4, 1012}, {6, 1000}};
  const auto rows = partyBoard(in, Settings{});
  const std::vector<PartyBoardRow> expected = {
      {3, 1012, 1, Stars{2, 0}},
      {4, 1012, 1, Stars{2, 0}},
      {6, 1000, 3, Stars{0, 0}},
      {5, 995, 4, Stars{0, 1}},
  };
  EXPECT_EQ(rows, expected);
}

// ---- credit stars
// ---------------------------------------------------------------------------------

TEST(CreditStarTest, HighestScoreThenVolunteerMinutesThenId) {
  const std::vector<AnnualRecord> in = {
      {1, 1050, 0, 100}, {2, 1060, 0, 0}, {3, 1050, 0, 300}, {4, 1050, 0, 300}, {5, 1000, 0, 9999},
  };
  Settings s;
  s.credit_star_candidates = 4;
  const auto c = creditStarCandidates(in, s);
  ASSERT_EQ(c.size(), 4u);
  EXPECT_EQ(c[0].id, 2);
  EXPECT_EQ(c[1].id, 3);
  EXPECT_EQ(c[2].id, 4);
  EXPECT_EQ(c[3].id, 1);
}

TEST(CreditStarTest, DeductedVillagersAreExcludedByPolicy) {
  const std::vector<AnnualRecord> in = {{1, 1100, 1, 0}, {2, 1050, 0, 0}};
  Settings s;
  auto c = creditStarCandidates(in, s);
  ASSERT_EQ(c.size(), 1u);
  EXPECT_EQ(c[0].id, 2);
  s.credit_star_excludes_deducted = false;
  c = creditStarCandidates(in, s);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0].id, 1);
}

TEST(CreditStarTest, AtMostTheConfiguredNumberOfCandidates) {
  std::vector<AnnualRecord> in;
  for (VillagerId id = 1; id <= 30; ++id) {
    in.push_back({id, 1000 + static_cast<int>(id), 0, 0});
  }
  const auto c = creditStarCandidates(in, Settings{});
  ASSERT_EQ(c.size(), 10u);
  EXPECT_EQ(c.front().id, 30);
  EXPECT_EQ(c.back().id, 21);
  Settings none;
  none.credit_star_candidates = 0;
  EXPECT_TRUE(creditStarCandidates(in, none).empty());
}

}  // namespace
}  // namespace rc::core
