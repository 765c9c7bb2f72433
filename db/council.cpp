// Section index: names · plan · post · reverse · batches · grid logs · volunteer hours
#include "db/council.h"

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "core/rules.h"
#include "core/text.h"
#include "db/sha256.h"

namespace rc::db {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;
constexpr std::int64_t kChinaOffsetMs = 8 * 3'600'000;

std::string joined(const std::vector<std::string>& parts) {
  std::string s;
  for (const auto& p : parts) s += (s.empty() ? "" : "; ") + p;
  return s;
}

// The first few line errors as one sentence, for a refusal.
std::string summary(const std::vector<core::LineError>& errors) {
  std::string s = std::to_string(errors.size()) + (errors.size() == 1 ? " bad line" : " bad lines");
  for (std::size_t i = 0; i < errors.size() && i < 3; ++i) {
    s += (i == 0 ? ": " : "; ");
    if (errors[i].line > 0) s += "line " + std::to_string(errors[i].line) + ": ";
    s += errors[i].message;
  }
  return s;
}

std::string linesHash(const std::vector<CouncilPlanLine>& lines) {
  std::vector<std::string> canon;
  canon.reserve(lines.size());
  for (const auto& l : lines) {
    canon.push_back(std::to_string(l.line.villager_id) + '\x1f' + l.line.rule_code + '\x1f' +
                    l.line.evidence + '\x1e');
  }
  std::sort(canon.begin(), canon.end());
  std::string all;
  for (const auto& c : canon) all += c;
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(all.data());
  return hashToHex(Sha256::local().digest({bytes, all.size()}));
}

CouncilBatch readBatch(Statement& st) {
  CouncilBatch b;
  b.id = st.columnInt(0);
  b.month = st.columnText(1);
  b.approvers = st.columnText(2);
  b.minutes_ref = st.columnText(3);
  b.source = st.columnTextView(4) == "logs" ? CouncilSource::Logs : CouncilSource::File;
  b.posted_at_ms = st.columnInt(5);
  b.line_count = st.columnInt(6);
  b.lines_hash = st.columnText(7);
  if (!st.columnIsNull(8)) b.reversed_at_ms = st.columnInt(8);
  b.reversal_reason = st.columnText(9);
  return b;
}

constexpr std::string_view kBatchColumns =
    "SELECT id, month, approvers, minutes_ref, source, posted_at_ms, line_count, file_hash, "
    "reversed_at_ms, COALESCE(reversal_reason, '') FROM council_batches ";

// The villager a sheet's line names, when the roster has them under that name and they still
// live here; otherwise what is wrong is added to `why` (the villager is returned if known).
std::optional<Villager> creditableVillager(Roster& roster, core::VillagerId id,
                                           const std::string& name, std::vector<std::string>& why) {
  auto v = roster.villager(id);
  if (!v) {
    why.push_back("no villager " + std::to_string(id) + " in the roster");
    return v;
  }
  if (v->name != name) {
    why.push_back("villager " + std::to_string(id) + " is " + v->name + ", not " + name);
  }
  if (v->moved_away) {
    why.push_back(v->name + " (" + std::to_string(id) + ") has moved away (迁出) and takes no new credit");
  }
  return v;
}

}  // namespace

// ---- names -----------------------------------------------------------------------------------

std::string_view toString(CouncilSource s) noexcept { return s == CouncilSource::Logs ? "logs" : "file"; }

std::string_view toString(LogState s) noexcept {
  switch (s) {
    case LogState::Pending: return "pending";
    case LogState::Posted: return "posted";
    case LogState::Dropped: return "dropped";
  }
  return "pending";
}

std::optional<LogState> logStateFromString(std::string_view s) noexcept {
  if (s == "pending") return LogState::Pending;
  if (s == "posted") return LogState::Posted;
  if (s == "dropped") return LogState::Dropped;
  return std::nullopt;
}

// ---- plan ------------------------------------------------------------------------------------

CouncilPlan Council::plan(core::YearMonth month, const std::vector<core::CouncilLine>& lines,
                          std::int64_t now_ms) {
  CouncilPlan p;
  p.month = month;
  if (core::monthStartMs(month) > now_ms) {
    p.errors.push_back({0, "the council cannot decide for " + month.toString() + ", which has not begun"});
  }
  // Dated within the council's month, so the month's boards count them; never in the future.
  p.at_ms = std::min(now_ms, core::monthStartMs(month.next()) - 1);
  if (lines.empty()) p.errors.push_back({0, "there is nothing to post for " + month.toString()});

  Roster roster(m_db);
  std::map<core::VillagerId, std::int64_t> running;
  const auto& settings = m_ledger.settings();
  for (const auto& l : lines) {
    std::vector<std::string> why;
    const auto v = creditableVillager(roster, l.villager_id, l.name, why);
    const auto rule = roster.ruleByCode(l.rule_code);
    if (!rule) {
      why.push_back("no rule " + l.rule_code + " in the rule book");
    } else if (l.points && *l.points != rule->score_delta) {
      why.push_back("points " + std::to_string(*l.points) + " are not what rule " + l.rule_code +
                    " says (" + std::to_string(rule->score_delta) + ")");
    }
    if (!why.empty()) {
      p.errors.push_back({l.line, joined(why)});
      continue;
    }
    CouncilPlanLine pl;
    pl.line = l;
    pl.rule = *rule;
    pl.grid = roster.gridNameOf(l.villager_id);
    auto it = running.find(l.villager_id);
    if (it == running.end()) {
      const auto bal = m_ledger.balance(l.villager_id);
      it = running.emplace(l.villager_id, bal ? bal->score : core::kBaseScore).first;
    }
    pl.score_before = it->second;
    const auto after = core::addToBalance(pl.score_before, rule->score_delta);
    if (!after) {
      p.errors.push_back({l.line, "the score would leave its bounds"});
      continue;
    }
    pl.score_after = *after;
    it->second = *after;
    pl.points = core::awardPoints(rule->score_delta, settings);
    (rule->score_delta > 0 ? p.awards : p.deductions) += 1;
    p.score_total += rule->score_delta;
    p.points_total += pl.points;
    p.lines.push_back(std::move(pl));
  }
  p.lines_hash = linesHash(p.lines);
  if (p.errors.empty()) {
    auto st = m_db.cached(
        "SELECT id, month FROM council_batches WHERE file_hash = ? AND reversed_at_ms IS NULL");
    st->bind(1, p.lines_hash);
    if (auto row = st->step(); row && *row) {
      p.errors.push_back({0, "these lines are already posted as batch " +
                                 std::to_string(st->columnInt(0)) + " (" + st->columnText(1) + ")"});
    }
  }
  std::stable_sort(p.errors.begin(), p.errors.end(),
                   [](const core::LineError& a, const core::LineError& b) { return a.line < b.line; });
  return p;
}

std::vector<core::CouncilLine> Council::pendingLogLines(core::YearMonth month) {
  std::vector<core::CouncilLine> out;
  auto st = m_db.cached(
      "SELECT g.id, g.villager_id, v.name, g.rule_code, g.evidence, g.collector FROM grid_logs g "
      "JOIN villagers v ON v.id = g.villager_id WHERE g.month = ? AND g.state = 'pending' "
      "ORDER BY g.id");
  st->bind(1, month.toString());
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    core::CouncilLine l;
    l.line = static_cast<int>(st->columnInt(0));
    l.villager_id = st->columnInt(1);
    l.name = st->columnText(2);
    l.rule_code = st->columnText(3);
    l.evidence = st->columnText(4);
    l.collector = st->columnText(5);
    out.push_back(std::move(l));
  }
  return out;
}

// ---- post ------------------------------------------------------------------------------------

LedgerResult<CouncilBatch> Council::post(core::YearMonth month,
                                         const std::vector<core::CouncilLine>& lines,
                                         const std::string& approvers,
                                         const std::string& minutes_ref, CouncilSource source,
                                         std::int64_t now_ms) {
  if (auto bad = core::checkSheetText(approvers, 60)) {
    return failWith(LedgerError::BadInput, "the approvers " + *bad);
  }
  if (auto bad = core::checkSheetText(minutes_ref, 60)) {
    return failWith(LedgerError::BadInput, "the minutes reference " + *bad);
  }
  auto tx = Transaction::begin(m_db);
  if (!tx) return failStorage(tx.error());
  const CouncilPlan p = plan(month, lines, now_ms);
  if (!p.errors.empty()) return failWith(LedgerError::BadInput, summary(p.errors));

  std::int64_t batch_id = 0;
  {
    auto st = m_db.cached(
        "INSERT INTO council_batches (month, approvers, minutes_ref, source, posted_at_ms, "
        "line_count, file_hash) VALUES (?, ?, ?, ?, ?, ?, ?)");
    st->bind(1, month.toString()).bind(2, approvers).bind(3, minutes_ref);
    st->bind(4, toString(source)).bind(5, now_ms);
    st->bind(6, static_cast<std::int64_t>(p.lines.size())).bind(7, p.lines_hash);
    if (auto r = st->run(); !r) return failStorage(r.error());
    batch_id = m_db.lastInsertRowid();
  }
  for (const auto& l : p.lines) {
    EntryDraft d;
    d.villager_id = l.line.villager_id;
    d.kind = l.rule.score_delta > 0 ? core::EntryKind::CouncilAward : core::EntryKind::CouncilDeduction;
    d.score_delta = l.rule.score_delta;
    d.points_delta = l.points;
    d.reference = l.rule.code;
    d.detail = l.rule.title + "：" + l.line.evidence;
    d.at_ms = p.at_ms;
    auto r = m_ledger.append(d);
    if (!r) return err(r.error());
    auto st = m_db.cached(
        "INSERT INTO council_batch_entries (batch_id, line, entry_seq) VALUES (?, ?, ?)");
    st->bind(1, batch_id).bind(2, l.line.line).bind(3, r->entry.seq);
    if (auto s = st->run(); !s) return failStorage(s.error());
    if (source == CouncilSource::Logs) {
      auto up = m_db.cached(
          "UPDATE grid_logs SET state = 'posted', batch_id = ? "
          "WHERE id = ? AND month = ? AND state = 'pending'");
      up->bind(1, batch_id).bind(2, l.line.line).bind(3, month.toString());
      if (auto s = up->run(); !s) return failStorage(s.error());
      if (m_db.changes() != 1) {
        return failWith(LedgerError::BadInput,
                        "log " + std::to_string(l.line.line) + " is no longer pending");
      }
    }
  }
  if (auto st = (*tx)->commit(); !st) return failStorage(st.error());
  return *batch(batch_id);
}

// ---- reverse ---------------------------------------------------------------------------------

LedgerResult<CouncilBatch> Council::reverse(std::int64_t batch_id, const std::string& reason,
                                            std::int64_t now_ms) {
  if (auto bad = core::checkSheetText(reason, kMaxReversalReasonChars)) {
    return failWith(LedgerError::BadInput, "the reason " + *bad);
  }
  auto tx = Transaction::begin(m_db);
  if (!tx) return failStorage(tx.error());
  const auto b = batch(batch_id);
  if (!b) return failWith(LedgerError::NotFound, "no council batch " + std::to_string(batch_id));
  if (b->reversed_at_ms) {
    return failWith(LedgerError::AlreadyVoided,
                    "batch " + std::to_string(batch_id) + " was already reversed on " +
                        core::formatChinaTime(*b->reversed_at_ms) + ": " + b->reversal_reason);
  }
  const std::string void_reason = "撤销议事批次" + std::to_string(batch_id) + "：" + reason;
  for (const auto& l : batchLines(batch_id)) {
    if (l.voided_by) continue;  // voided on its own before: nothing left to reverse
    VoidDraft v;
    v.target_seq = l.entry.seq;
    v.reason = void_reason;
    v.at_ms = now_ms;
    if (auto r = m_ledger.voidEntry(v); !r) return err(r.error());
  }
  {
    auto st = m_db.cached(
        "UPDATE council_batches SET reversed_at_ms = ?, reversal_reason = ? "
        "WHERE id = ? AND reversed_at_ms IS NULL");
    st->bind(1, now_ms).bind(2, reason).bind(3, batch_id);
    if (auto s = st->run(); !s) return failStorage(s.error());
  }
  {
    // The logs it was proposed from may go to a later council again.
    auto st = m_db.cached("UPDATE grid_logs SET state = 'pending', batch_id = NULL WHERE batch_id = ?");
    st->bind(1, batch_id);
    if (auto s = st->run(); !s) return failStorage(s.error());
  }
  if (auto st = (*tx)->commit(); !st) return failStorage(st.error());
  return *batch(batch_id);
}

// ---- batches ---------------------------------------------------------------------------------

std::vector<CouncilBatch> Council::batches(std::optional<core::YearMonth> month) {
  std::vector<CouncilBatch> out;
  auto st = m_db.cached(std::string(kBatchColumns) + "WHERE ? IS NULL OR month = ? ORDER BY id");
  const std::optional<std::string> m = month ? std::optional(month->toString()) : std::nullopt;
  st->bind(1, m).bind(2, m);
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readBatch(*st));
  }
  return out;
}

std::optional<CouncilBatch> Council::batch(std::int64_t id) {
  auto st = m_db.cached(std::string(kBatchColumns) + "WHERE id = ?");
  st->bind(1, id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readBatch(*st);
}

std::vector<CouncilBatchLine> Council::batchLines(std::int64_t id) {
  std::vector<std::pair<int, std::int64_t>> rows;
  {
    auto st = m_db.cached(
        "SELECT line, entry_seq FROM council_batch_entries WHERE batch_id = ? ORDER BY line");
    st->bind(1, id);
    while (true) {
      auto row = st->step();
      if (!row || !*row) break;
      rows.emplace_back(static_cast<int>(st->columnInt(0)), st->columnInt(1));
    }
  }
  std::vector<CouncilBatchLine> out;
  for (const auto& [line, seq] : rows) {
    CouncilBatchLine l;
    l.line = line;
    if (auto e = m_ledger.entryBySeq(seq)) l.entry = std::move(*e);
    auto st = m_db.cached("SELECT seq FROM entries WHERE voids_seq = ?");
    st->bind(1, seq);
    if (auto row = st->step(); row && *row) l.voided_by = st->columnInt(0);
    out.push_back(std::move(l));
  }
  return out;
}

// ---- grid logs -------------------------------------------------------------------------------

namespace {
constexpr std::string_view kLogColumns =
    "SELECT g.id, g.month, g.grid_id, gr.name, g.villager_id, v.name, g.rule_code, g.evidence, "
    "g.collector, g.created_at_ms, g.state, g.batch_id, COALESCE(g.drop_reason, '') "
    "FROM grid_logs g JOIN grids gr ON gr.id = g.grid_id JOIN villagers v ON v.id = g.villager_id ";

GridLog readLogRow(Statement& st) {
  GridLog l;
  l.id = st.columnInt(0);
  l.month = st.columnText(1);
  l.grid_id = st.columnInt(2);
  l.grid = st.columnText(3);
  l.villager_id = st.columnInt(4);
  l.villager = st.columnText(5);
  l.rule_code = st.columnText(6);
  l.evidence = st.columnText(7);
  l.collector = st.columnText(8);
  l.created_at_ms = st.columnInt(9);
  l.state = logStateFromString(st.columnTextView(10)).value_or(LogState::Pending);
  if (!st.columnIsNull(11)) l.batch_id = st.columnInt(11);
  l.drop_reason = st.columnText(12);
  return l;
}
}  // namespace

LedgerResult<GridLog> Council::addLog(const GridLogDraft& d, std::int64_t now_ms) {
  if (core::monthStartMs(d.month) > now_ms) {
    return failWith(LedgerError::BadInput, "month " + d.month.toString() + " has not begun");
  }
  if (auto bad = core::checkSheetText(d.evidence, core::kMaxEvidenceChars)) {
    return failWith(LedgerError::BadInput, "the evidence " + *bad);
  }
  if (auto bad = core::checkSheetText(d.collector, core::kMaxCollectorChars, true)) {
    return failWith(LedgerError::BadInput, "the collector " + *bad);
  }
  core::GridId grid_id = 0;
  std::string grid_name;
  std::string collector;
  {
    const auto as_id = core::parseWholeNumber(d.grid, 1, 1'000'000);
    auto st = m_db.cached(
        "SELECT g.id, g.name, COALESCE(v.name, '') FROM grids g "
        "LEFT JOIN villagers v ON v.id = g.collector_id WHERE g.name = ? OR g.id = ?");
    st->bind(1, d.grid).bind(2, as_id.value_or(0));
    auto row = st->step();
    if (!row) return failStorage(row.error());
    if (!*row) return failWith(LedgerError::NotFound, "no grid '" + d.grid + "'");
    grid_id = st->columnInt(0);
    grid_name = st->columnText(1);
    collector = st->columnText(2);
  }
  if (!d.collector.empty()) collector = d.collector;
  Roster roster(m_db);
  const auto v = roster.villager(d.villager_id);
  if (!v) return failWith(LedgerError::UnknownVillager, "no villager " + std::to_string(d.villager_id));
  if (v->grid_id != grid_id) {
    return failWith(LedgerError::BadInput, v->name + " (" + std::to_string(v->id) + ") lives in " +
                                               roster.gridNameOf(v->id) + ", not in " + grid_name);
  }
  if (v->moved_away) {
    return failWith(LedgerError::BadInput, v->name + " has moved away (迁出) and takes no new credit");
  }
  if (!roster.ruleByCode(d.rule_code)) {
    return failWith(LedgerError::BadInput, "no rule " + d.rule_code + " in the rule book");
  }
  auto st = m_db.cached(
      "INSERT INTO grid_logs (month, grid_id, villager_id, rule_code, evidence, collector, "
      "created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, d.month.toString()).bind(2, grid_id).bind(3, d.villager_id).bind(4, d.rule_code);
  st->bind(5, d.evidence).bind(6, collector.substr(0, 96)).bind(7, now_ms);
  if (auto s = st->run(); !s) return failStorage(s.error());
  return readLog(m_db.lastInsertRowid());
}

LedgerResult<GridLog> Council::readLog(std::int64_t id) {
  if (auto l = log(id)) return *l;
  return failWith(LedgerError::NotFound, "no log " + std::to_string(id));
}

std::optional<GridLog> Council::log(std::int64_t id) {
  auto st = m_db.cached(std::string(kLogColumns) + "WHERE g.id = ?");
  st->bind(1, id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readLogRow(*st);
}

std::vector<GridLog> Council::logs(const LogFilter& f) {
  std::vector<GridLog> out;
  auto st = m_db.cached(std::string(kLogColumns) +
                        "WHERE (? IS NULL OR gr.name = ? OR CAST(gr.id AS TEXT) = ?) "
                        "AND (? IS NULL OR g.month = ?) AND (? IS NULL OR g.state = ?) "
                        "ORDER BY g.id");
  const std::optional<std::string> m = f.month ? std::optional(f.month->toString()) : std::nullopt;
  const std::optional<std::string> s =
      f.state ? std::optional(std::string(toString(*f.state))) : std::nullopt;
  st->bind(1, f.grid).bind(2, f.grid).bind(3, f.grid).bind(4, m).bind(5, m).bind(6, s).bind(7, s);
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readLogRow(*st));
  }
  return out;
}

LedgerResult<GridLog> Council::dropLog(std::int64_t id, const std::string& reason) {
  if (auto bad = core::checkSheetText(reason, kMaxReversalReasonChars)) {
    return failWith(LedgerError::BadInput, "the reason " + *bad);
  }
  const auto l = log(id);
  if (!l) return failWith(LedgerError::NotFound, "no log " + std::to_string(id));
  if (l->state != LogState::Pending) {
    return failWith(LedgerError::BadInput, "log " + std::to_string(id) + " is " +
                                               std::string(toString(l->state)) + ", not pending");
  }
  auto st = m_db.cached(
      "UPDATE grid_logs SET state = 'dropped', drop_reason = ? WHERE id = ? AND state = 'pending'");
  st->bind(1, reason).bind(2, id);
  if (auto s = st->run(); !s) return failStorage(s.error());
  return readLog(id);
}

// ---- volunteer hours -------------------------------------------------------------------------

HoursPlan Council::planHours(const std::vector<core::HoursLine>& lines, std::int64_t now_ms) {
  HoursPlan p;
  if (lines.empty()) p.errors.push_back({0, "the sheet has no sessions"});
  Roster roster(m_db);
  const auto& settings = m_ledger.settings();
  std::set<std::tuple<std::string, core::VillagerId, std::string>> seen;
  for (const auto& l : lines) {
    std::vector<std::string> why;
    HoursPlanLine pl;
    pl.line = l;
    {
      auto st = m_db.cached("SELECT id FROM volunteer_teams WHERE name = ?");
      st->bind(1, l.team);
      if (auto row = st->step(); row && *row) {
        pl.team_id = st->columnInt(0);
      } else {
        why.push_back("no volunteer team " + l.team);
      }
    }
    const auto v = creditableVillager(roster, l.villager_id, l.name, why);
    const std::int64_t day_start = core::daysFromCivil(l.year, l.month, l.day) * kDayMs - kChinaOffsetMs;
    if (day_start > now_ms) why.push_back("the date " + l.date() + " is in the future");
    pl.at_ms = std::min(now_ms, day_start + kDayMs / 2);
    if (!seen.insert({l.team, l.villager_id, l.date()}).second) {
      why.push_back("the same team, villager and date appear on an earlier line");
    }
    if (why.empty()) {
      auto st = m_db.cached(
          "SELECT minutes FROM volunteer_sessions WHERE team_id = ? AND villager_id = ? AND day = ?");
      st->bind(1, pl.team_id).bind(2, l.villager_id).bind(3, l.date());
      if (auto row = st->step(); row && *row) {
        const auto recorded = st->columnInt(0);
        if (recorded == l.minutes) {
          pl.already = true;
        } else {
          why.push_back("this session is already recorded with " + std::to_string(recorded) +
                        " minutes");
        }
      }
    }
    if (!why.empty()) {
      p.errors.push_back({l.line, joined(why)});
      continue;
    }
    pl.score = core::volunteerScore(l.minutes, settings);
    pl.points = core::volunteerPoints(l.minutes, settings);
    if (pl.already) {
      ++p.already;
    } else {
      ++p.fresh;
      p.score_total += pl.score;
      p.points_total += pl.points;
    }
    p.lines.push_back(std::move(pl));
  }
  return p;
}

LedgerResult<HoursImport> Council::importHours(const std::vector<core::HoursLine>& lines,
                                               std::int64_t now_ms) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return failStorage(tx.error());
  const HoursPlan p = planHours(lines, now_ms);
  if (!p.errors.empty()) return failWith(LedgerError::BadInput, summary(p.errors));
  HoursImport done;
  done.already = p.already;
  for (const auto& l : p.lines) {
    if (l.already) continue;
    std::optional<std::int64_t> seq;
    if (l.score != 0 || l.points != 0) {
      EntryDraft d;
      d.villager_id = l.line.villager_id;
      d.kind = core::EntryKind::VolunteerHours;
      d.score_delta = l.score;
      d.points_delta = l.points;
      d.reference = l.line.team;
      d.detail = "minutes=" + std::to_string(l.line.minutes);
      d.at_ms = l.at_ms;
      auto r = m_ledger.append(d);
      if (!r) return err(r.error());
      seq = r->entry.seq;
      ++done.entries;
    }
    auto st = m_db.cached(
        "INSERT INTO volunteer_sessions (team_id, villager_id, day, minutes, entry_seq, "
        "imported_at_ms) VALUES (?, ?, ?, ?, ?, ?)");
    st->bind(1, l.team_id).bind(2, l.line.villager_id).bind(3, l.line.date());
    st->bind(4, l.line.minutes).bind(5, seq).bind(6, now_ms);
    if (auto s = st->run(); !s) return failStorage(s.error());
    ++done.sessions;
  }
  if (auto st = (*tx)->commit(); !st) return failStorage(st.error());
  return done;
}

}  // namespace rc::db
