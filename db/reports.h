#pragma once
// Reports read out of a full ledger: the village summary, one villager's record, a month's
// public boards and its volunteer totals. Pure reads over a Database; formatting lives in the
// office CLI. In db/, not office/, because the office (CLI and server, which sends boards to
// kiosks over pull) and a standalone kiosk both need them, and the kiosk must not depend on
// the office program.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/boards.h"
#include "core/settings.h"
#include "core/types.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/sqlite.h"
#include "db/sync_types.h"

namespace rc::db {

struct Summary {
  std::string village;
  core::YearMonth month;
  RosterCounts counts;
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
  Villager villager;
  Balance balance;
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
  std::vector<Entry> recent;
};

// The month the ledger reports on by default: the demo's latest month when recorded, else the
// current month (China Standard Time).
core::YearMonth defaultMonth(Roster& roster);

// The month (China Standard Time) of the ledger's first entry: before it the boards only list
// everyone at the base score. nullopt for a ledger with no entries.
std::optional<core::YearMonth> firstLedgerMonth(Database& db);

Summary summarize(Database& db, const core::Settings& s, core::YearMonth month);
MonthBoards monthBoards(Database& db, const core::Settings& s, core::YearMonth month);
// Volunteer time recorded in `month` (China Standard Time), from the entries' "minutes=N".
struct VolunteerTotals {
  int minutes = 0;
  int sessions = 0;
};
VolunteerTotals volunteerTotals(Database& db, core::YearMonth month);
// The minutes a volunteer-hours entry's detail records ("minutes=N"); 0 when it records none.
int volunteerMinutesIn(std::string_view detail);
// One villager's volunteer minutes in a month: those of their volunteer-hours entries, and of
// their confirmed requests too short to earn an entry (under an hour).
int volunteerMinutesOf(Database& db, core::VillagerId villager, core::YearMonth month);

// The default month's boards and volunteer totals as the office sends them to kiosks (pull).
// Each board is cut to its first kMaxKioskBoardLines lines: ties at a cut-off are all kept on
// the office's boards, and in a large roster where many share a score that can be thousands of
// names, more than a kiosk shows or a pull reply may carry.
inline constexpr std::size_t kMaxKioskBoardLines = 200;
PulledBoards kioskBoards(Database& db, const core::Settings& s);

// kioskBoards kept between pulls while nothing that moves a score was written. What a kiosk
// sends never moves a score or adds volunteer hours (core::checkKioskEntry), so its pushes,
// nonces and pulls keep the boards; anything else written on this connection (the console),
// another connection's commit (the CLI: PRAGMA data_version) or another default month drops
// them. The caller runs a kiosk's writes through kioskWrite() so they are told apart.
// Not thread-safe: use it under the connection's lock.
class KioskBoardsCache {
 public:
  PulledBoards get(Database& db, const core::Settings& s);
  template <class Write>
  auto kioskWrite(Database& db, Write&& write) {
    const std::int64_t before = totalChanges(db);
    auto result = write();
    m_kiosk_changes += totalChanges(db) - before;
    return result;
  }
  std::size_t computed() const noexcept { return m_computed; }

 private:
  static std::int64_t totalChanges(Database& db) noexcept;
  std::int64_t m_kiosk_changes = 0;
  std::int64_t m_data_version = -1;
  std::int64_t m_other_changes = -1;
  std::optional<PulledBoards> m_boards;
  std::size_t m_computed = 0;
};

// What one villager's record reads of everyone in a month: each villager's month-end score and
// rank, their household's welfare standing, the yellow cards and their pairings. Computing it
// reads the whole roster and every villager's months.
struct MonthStandings {
  core::YearMonth month;
  std::unordered_map<core::VillagerId, int> score;
  std::unordered_map<core::VillagerId, int> rank;
  int ranked = 0;
  std::unordered_map<core::HouseholdId, bool> household_eligible;
  std::unordered_set<core::VillagerId> yellow_cards;
  std::unordered_map<core::VillagerId, core::VillagerId> paired_with;
};
std::shared_ptr<const MonthStandings> monthStandings(Database& db, const core::Settings& s,
                                                     core::YearMonth month);

// The standings of the months asked for, kept while the ledger file is unchanged: any commit,
// on this connection (sqlite3_total_changes64) or another (PRAGMA data_version), makes the
// next request compute them again. For a server that shows many villagers' records between
// writes. Thread-safety: one caller at a time per Database, as the Database.
class StandingsCache {
 public:
  std::shared_ptr<const MonthStandings> get(Database& db, const core::Settings& s,
                                            core::YearMonth month);

 private:
  std::int64_t m_data_version = -1;
  std::int64_t m_changes = -1;
  std::map<int, std::shared_ptr<const MonthStandings>> m_months;  // by YearMonth::index()
};

// One villager's record in `month`; the standings from `cache` when given (else computed).
std::optional<VillagerReport> villagerReport(Database& db, const core::Settings& s,
                                             core::VillagerId id, core::YearMonth month,
                                             StandingsCache* cache = nullptr);

}  // namespace rc::db
