#pragma once
// What the office reads out of the ledger: the village summary, one villager's record, and a
// month's public boards. Pure reads over a Database; formatting lives in the CLI.

#include <optional>
#include <string>
#include <vector>

#include "core/boards.h"
#include "core/settings.h"
#include "core/types.h"
#include "db/ledger.h"
#include "db/roster.h"

namespace rc::office {

struct Summary {
  std::string village;
  core::YearMonth month;
  db::RosterCounts counts;
  std::int64_t entries = 0;
  std::int64_t products = 0;
  int below_threshold = 0;             // villagers under the welfare threshold at month end
  int households_below_threshold = 0;  // households failing the household rule
};

struct BoardRow {
  core::VillagerId id = 0;
  std::string name;
  int score = core::kBaseScore;
  int rank = 0;
  core::Stars stars;
  std::optional<core::VillagerId> paired_with;  // yellow cards: the helping party member
  std::string paired_name;
};

struct MonthBoards {
  core::YearMonth month;
  std::vector<BoardRow> commended;
  std::vector<BoardRow> yellow_cards;
  std::vector<BoardRow> party;  // the red/grey board
};

struct VillagerReport {
  db::Villager villager;
  db::Balance balance;
  core::Stars stars;
  core::YearMonth month;
  int month_score = core::kBaseScore;  // at the end of `month`; welfare follows it
  int rank = 0;  // among all villagers at month end
  int ranked = 0;
  bool welfare_eligible = false;
  bool household_eligible = false;
  bool yellow_card = false;
  std::optional<core::VillagerId> paired_with;
  std::vector<std::string> teams;
  std::vector<std::string> cards;
  std::vector<db::Entry> recent;
};

// The month the ledger reports on by default: the demo's latest month when recorded, else the
// current month (China Standard Time).
core::YearMonth defaultMonth(db::Roster& roster);

Summary summarize(db::Database& db, const core::Settings& s, core::YearMonth month);
MonthBoards monthBoards(db::Database& db, const core::Settings& s, core::YearMonth month);
std::optional<VillagerReport> villagerReport(db::Database& db, const core::Settings& s,
                                             core::VillagerId id, core::YearMonth month);

}  // namespace rc::office
