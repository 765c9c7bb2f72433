#pragma once
// The credit council's batches (信用议事会议): sheet lines checked against the roster and the
// rule book, previewed with each villager's score before and after, posted as one batch of
// ledger entries (all or none), and reversed by voiding every entry of a batch. Also the grid
// collectors' logs that a batch can be proposed from, and the volunteer teams' hour sheets.
// Ownership: borrows a Ledger (and its Database). Thread-safety: as the Ledger.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/council.h"
#include "core/types.h"
#include "db/ledger.h"
#include "db/roster.h"

namespace rc::db {

enum class CouncilSource { File, Logs };
std::string_view toString(CouncilSource s) noexcept;  // "file", "logs"

// One line as it would be posted.
struct CouncilPlanLine {
  core::CouncilLine line;       // for a batch from logs: line = the log id
  std::string grid;             // the villager's grid
  Rule rule;
  std::int64_t score_before = 0;
  std::int64_t score_after = 0;
  int points = 0;               // points credited (awards only)
};

struct CouncilPlan {
  core::YearMonth month;
  std::vector<CouncilPlanLine> lines;
  std::vector<core::LineError> errors;  // any: nothing may be posted
  std::string lines_hash;               // SHA-256 hex of the lines (villager, rule, evidence)
  std::int64_t at_ms = 0;               // when the entries are dated
  std::int64_t awards = 0, deductions = 0, score_total = 0, points_total = 0;
};

struct CouncilBatch {
  std::int64_t id = 0;
  std::string month;
  std::string approvers;
  std::string minutes_ref;
  CouncilSource source = CouncilSource::File;
  std::int64_t posted_at_ms = 0;
  std::int64_t line_count = 0;
  std::string lines_hash;
  std::optional<std::int64_t> reversed_at_ms;
  std::string reversal_reason;
};

struct CouncilBatchLine {
  int line = 0;
  Entry entry;
  std::optional<std::int64_t> voided_by;  // the reversing entry's seq
};

enum class LogState { Pending, Posted, Dropped };
std::string_view toString(LogState s) noexcept;
std::optional<LogState> logStateFromString(std::string_view s) noexcept;

struct GridLog {
  std::int64_t id = 0;
  std::string month;
  core::GridId grid_id = 0;
  std::string grid;
  core::VillagerId villager_id = 0;
  std::string villager;
  std::string rule_code;
  std::string evidence;
  std::string collector;
  std::int64_t created_at_ms = 0;
  LogState state = LogState::Pending;
  std::optional<std::int64_t> batch_id;
  std::string drop_reason;
};

struct GridLogDraft {
  core::YearMonth month;
  std::string grid;  // the grid's name, or its id
  core::VillagerId villager_id = 0;
  std::string rule_code;
  std::string evidence;
  std::string collector;  // empty: the grid's collector
};

struct LogFilter {
  std::optional<std::string> grid;
  std::optional<core::YearMonth> month;
  std::optional<LogState> state;
};

struct HoursPlanLine {
  core::HoursLine line;
  core::TeamId team_id = 0;
  int score = 0, points = 0;
  bool already = false;  // the session is recorded: importing it again changes nothing
  std::int64_t at_ms = 0;
};

struct HoursPlan {
  std::vector<HoursPlanLine> lines;
  std::vector<core::LineError> errors;
  std::int64_t fresh = 0, already = 0, score_total = 0, points_total = 0;
};

struct HoursImport {
  std::int64_t sessions = 0;  // recorded now
  std::int64_t entries = 0;   // ledger entries written (a session under an hour earns nothing)
  std::int64_t already = 0;
};

class Council {
 public:
  explicit Council(Ledger& ledger) noexcept : m_ledger(ledger), m_db(ledger.database()) {}

  // The month's lines checked (unknown rule or villager, a name not the villager's, points not
  // the rule's, a villager moved away, a future month, lines already posted); reads only.
  CouncilPlan plan(core::YearMonth month, const std::vector<core::CouncilLine>& lines,
                   std::int64_t now_ms);
  // The month's pending grid logs as lines (line = log id).
  std::vector<core::CouncilLine> pendingLogLines(core::YearMonth month);
  // Plans again inside one transaction and writes every line or none. A batch from logs marks
  // its logs posted.
  LedgerResult<CouncilBatch> post(core::YearMonth month, const std::vector<core::CouncilLine>& lines,
                                  const std::string& approvers, const std::string& minutes_ref,
                                  CouncilSource source, std::int64_t now_ms);
  // Voids every entry of the batch in one transaction; its logs go back to pending.
  LedgerResult<CouncilBatch> reverse(std::int64_t batch_id, const std::string& reason,
                                     std::int64_t now_ms);

  std::vector<CouncilBatch> batches(std::optional<core::YearMonth> month);
  std::optional<CouncilBatch> batch(std::int64_t id);
  std::vector<CouncilBatchLine> batchLines(std::int64_t id);

  LedgerResult<GridLog> addLog(const GridLogDraft& d, std::int64_t now_ms);
  std::vector<GridLog> logs(const LogFilter& f);
  std::optional<GridLog> log(std::int64_t id);
  LedgerResult<GridLog> dropLog(std::int64_t id, const std::string& reason);

  HoursPlan planHours(const std::vector<core::HoursLine>& lines, std::int64_t now_ms);
  LedgerResult<HoursImport> importHours(const std::vector<core::HoursLine>& lines,
                                        std::int64_t now_ms);

 private:
  LedgerResult<GridLog> readLog(std::int64_t id);

  Ledger& m_ledger;
  Database& m_db;
};

// The most characters a reversal's reason may have (it is the reversing entries' reference).
inline constexpr std::size_t kMaxReversalReasonChars = 50;

}  // namespace rc::db
