// council (post, list, show, reverse), log (add, list, drop) and volunteer-hours.
// Section index: helpers · council post · council list/show/reverse · log · volunteer-hours ·
// dispatch
#include "office/council_commands.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "core/council.h"
#include "core/csv.h"
#include "core/text.h"
#include "db/council.h"
#include "db/ledger.h"
#include "office/council_json.h"

namespace rc::office {
namespace {

using nlohmann::json;

// ---- helpers ---------------------------------------------------------------------------------

template <class T>
T orFail(db::LedgerResult<T> r) {
  if (!r) throw std::invalid_argument(r.error().message);
  return std::move(*r);
}

std::string signedNumber(std::int64_t n) { return (n > 0 ? "+" : "") + std::to_string(n); }

// The sheet at `path` read whole (at most the CSV reader's cap) into a table.
// Lists every bad line on stderr and refuses: nothing was written.
[[noreturn]] void refuseLines(const std::vector<core::LineError>& errors, const std::string& what,
                              std::ostream& err) {
  for (const auto& e : errors) {
    err << "  " << (e.line > 0 ? "line " + std::to_string(e.line) : std::string("file")) << ": "
        << e.message << "\n";
  }
  throw std::invalid_argument(std::to_string(errors.size()) +
                              (errors.size() == 1 ? " problem in " : " problems in ") + what +
                              "; nothing was written");
}

// ---- council post ----------------------------------------------------------------------------

int councilPost(const CouncilCommand& c, const std::vector<std::string>& rest,
                const core::Settings& settings, std::ostream& out, std::ostream& err) {
  const auto a = parseArgs(rest, {"--month", "--file", "--approvers", "--minutes", "--encoding"},
                           "council post", {"--apply", "--from-logs"});
  if (!a.words.empty()) throw std::invalid_argument("council post takes no word '" + a.words[0] + "'");
  const auto month_text = a.flag("--month");
  if (!month_text) throw std::invalid_argument("council post needs --month YYYY-MM");
  const auto month = parseMonthArg(*month_text);
  const auto file = a.flag("--file");
  const bool from_logs = a.has("--from-logs");
  if (file.has_value() == from_logs) {
    throw std::invalid_argument("council post needs --file council.csv or --from-logs (one of them)");
  }
  const auto approvers = a.flag("--approvers");
  const auto minutes = a.flag("--minutes");
  if (!approvers || !minutes) {
    throw std::invalid_argument(
        "council post needs --approvers \"NAMES\" and --minutes REF (the meeting's minutes)");
  }
  for (const auto* t : {&*approvers, &*minutes}) {
    if (auto bad = core::checkSheetText(*t, 60)) {
      throw std::invalid_argument(std::string(t == &*approvers ? "--approvers " : "--minutes ") + *bad);
    }
  }

  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::Council council(ledger);
  std::vector<core::CouncilLine> lines;
  std::string what;
  if (file) {
    const auto table = readCsvFile(*file, encodingArg(a));
    auto sheet = core::parseCouncilSheet(table);
    what = *file + " (" + std::string(core::toString(table.encoding)) + ")";
    if (!sheet.errors.empty()) refuseLines(sheet.errors, *file, err);
    lines = std::move(sheet.lines);
  } else {
    lines = council.pendingLogLines(month);
    what = "the pending grid logs of " + month.toString();
  }
  const auto now = db::nowMs();
  const auto plan = council.plan(month, lines, now);
  if (!plan.errors.empty()) refuseLines(plan.errors, file ? *file : what, err);

  const char* line_word = from_logs ? "log" : "line";
  out << "Council " << month.toString() << " (信用议事会议), " << plan.lines.size()
      << " decisions from " << what << ":\n";
  out << "  " << pad(line_word, 6) << pad("villager", 22) << pad("grid", 10) << pad("rule", 36)
      << pad("score", 16) << "points\n";
  for (const auto& l : plan.lines) {
    out << "  " << pad(std::to_string(l.line.line), 6)
        << pad(std::to_string(l.line.villager_id) + " " + l.line.name, 22) << pad(l.grid, 10)
        << pad(l.rule.code + " " + signedNumber(l.rule.score_delta) + " " + l.rule.title, 36) << " "
        << pad(std::to_string(l.score_before) + " → " + std::to_string(l.score_after), 16)
        << signedNumber(l.points) << "\n";
  }
  out << "Totals: " << plan.awards << " awards, " << plan.deductions << " deductions; score "
      << signedNumber(plan.score_total) << ", points " << signedNumber(plan.points_total)
      << "; entries dated " << core::formatChinaTime(plan.at_ms) << ".\n";
  if (!a.has("--apply")) {
    out << "Preview only: nothing was posted. Add --apply to post these " << plan.lines.size()
        << " decisions as one batch.\n";
    return 0;
  }
  const auto b = orFail(council.post(month, lines, *approvers, *minutes,
                                     from_logs ? db::CouncilSource::Logs : db::CouncilSource::File,
                                     now));
  out << "Posted batch " << b.id << " (" << b.month << "): " << b.line_count
      << " entries, approved by " << b.approvers << ", minutes " << b.minutes_ref << ".\n";
  return 0;
}

// ---- council list / show / reverse -----------------------------------------------------------

std::int64_t batchIdArg(const Args& a, std::string_view command) {
  if (a.words.size() != 1) throw std::invalid_argument(std::string(command) + " needs one BATCH number");
  return parsePositiveArg(a.words[0], "BATCH");
}

int councilList(const CouncilCommand& c, const std::vector<std::string>& rest,
                const core::Settings& settings, std::ostream& out) {
  const auto a = parseArgs(rest, {"--month"}, "council list");
  std::optional<core::YearMonth> month;
  if (auto m = a.flag("--month")) month = parseMonthArg(*m);
  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::Council council(ledger);
  const auto list = council.batches(month);
  if (c.json) {
    json j = json::array();
    for (const auto& b : list) j.push_back(batchJson(b));
    out << j.dump(2) << "\n";
    return 0;
  }
  if (list.empty()) {
    out << "No council batches" << (month ? " for " + month->toString() : std::string()) << ".\n";
    return 0;
  }
  out << pad("batch", 7) << pad("month", 9) << pad("source", 8) << pad("lines", 7)
      << pad("posted", 18) << pad("minutes", 14) << "state\n";
  for (const auto& b : list) {
    out << pad(std::to_string(b.id), 7) << pad(b.month, 9) << pad(db::toString(b.source), 8)
        << pad(std::to_string(b.line_count), 7) << pad(core::formatChinaTime(b.posted_at_ms), 18)
        << pad(b.minutes_ref, 14) << " "
        << (b.reversed_at_ms ? "reversed " + core::formatChinaTime(*b.reversed_at_ms) + ": " +
                                   b.reversal_reason
                             : std::string("posted"))
        << "\n";
  }
  return 0;
}

int councilShow(const CouncilCommand& c, const std::vector<std::string>& rest,
                const core::Settings& settings, std::ostream& out) {
  const auto a = parseArgs(rest, {}, "council show");
  const auto id = batchIdArg(a, "council show");
  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::Council council(ledger);
  const auto b = council.batch(id);
  if (!b) throw std::invalid_argument("no council batch " + std::to_string(id));
  const auto lines = council.batchLines(id);
  if (c.json) {
    json j = batchJson(*b);
    j["entries"] = json::array();
    for (const auto& l : lines) {
      j["entries"].push_back({{"line", l.line},
                              {"seq", l.entry.seq},
                              {"villager_id", l.entry.villager_id},
                              {"kind", std::string(core::toString(l.entry.kind))},
                              {"rule_code", l.entry.reference},
                              {"detail", l.entry.detail},
                              {"score", l.entry.score_delta},
                              {"points", l.entry.points_delta},
                              {"voided_by", l.voided_by ? json(*l.voided_by) : json(nullptr)}});
    }
    out << j.dump(2) << "\n";
    return 0;
  }
  out << "Batch " << b->id << " · " << b->month << " · " << b->line_count << " lines from "
      << db::toString(b->source) << " · posted " << core::formatChinaTime(b->posted_at_ms) << "\n"
      << "Approvers: " << b->approvers << " · minutes: " << b->minutes_ref << "\n";
  if (b->reversed_at_ms) {
    out << "REVERSED " << core::formatChinaTime(*b->reversed_at_ms) << ": " << b->reversal_reason << "\n";
  }
  db::Roster roster(d);
  for (const auto& l : lines) {
    const auto v = roster.villager(l.entry.villager_id);
    out << "  " << pad(std::to_string(l.line), 6) << pad("#" + std::to_string(l.entry.seq), 9)
        << pad(std::to_string(l.entry.villager_id) + " " + (v ? v->name : std::string("?")), 20)
        << pad(core::entryKindZh(l.entry.kind), 6) << pad(l.entry.reference, 6)
        << pad("score " + signedNumber(l.entry.score_delta), 11)
        << pad("points " + signedNumber(l.entry.points_delta), 12)
        << (l.voided_by ? "voided by #" + std::to_string(*l.voided_by) : std::string()) << "\n";
  }
  return 0;
}

int councilReverse(const CouncilCommand& c, const std::vector<std::string>& rest,
                   const core::Settings& settings, std::ostream& out) {
  const auto a = parseArgs(rest, {"--reason"}, "council reverse");
  const auto id = batchIdArg(a, "council reverse");
  const auto reason = a.flag("--reason");
  if (!reason) throw std::invalid_argument("council reverse needs --reason TEXT");
  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::Council council(ledger);
  const auto b = orFail(council.reverse(id, *reason, db::nowMs()));
  out << "Reversed batch " << b.id << " (" << b.month << "): " << b.line_count
      << " reversing entries written; nothing edited.\n";
  return 0;
}

int runCouncil(const CouncilCommand& c, const core::Settings& settings, std::ostream& out,
               std::ostream& err) {
  if (c.args.empty()) throw std::invalid_argument("council needs post, list, show or reverse");
  const std::string& sub = c.args[0];
  const std::vector<std::string> rest(c.args.begin() + 1, c.args.end());
  if (sub == "post") return councilPost(c, rest, settings, out, err);
  if (sub == "list") return councilList(c, rest, settings, out);
  if (sub == "show") return councilShow(c, rest, settings, out);
  if (sub == "reverse") return councilReverse(c, rest, settings, out);
  throw std::invalid_argument("council has no '" + sub + "'; it is post, list, show or reverse");
}

// ---- log -------------------------------------------------------------------------------------

int runLog(const CouncilCommand& c, const core::Settings& settings, std::ostream& out) {
  if (c.args.empty()) throw std::invalid_argument("log needs add, list or drop");
  const std::string& sub = c.args[0];
  const std::vector<std::string> rest(c.args.begin() + 1, c.args.end());
  if (sub == "add") {
    const auto a = parseArgs(rest, {"--grid", "--villager", "--rule", "--evidence", "--collector", "--month"},
                             "log add");
    const auto grid = a.flag("--grid");
    const auto villager = a.flag("--villager");
    const auto rule = a.flag("--rule");
    const auto evidence = a.flag("--evidence");
    if (!grid || !villager || !rule || !evidence) {
      throw std::invalid_argument("log add needs --grid G --villager ID --rule CODE --evidence TEXT");
    }
    db::GridLogDraft draft;
    draft.grid = *grid;
    draft.villager_id = parsePositiveArg(*villager, "--villager");
    draft.rule_code = *rule;
    draft.evidence = *evidence;
    draft.collector = a.flag("--collector").value_or("");
    const auto now = db::nowMs();
    draft.month = a.flag("--month") ? parseMonthArg(*a.flag("--month")) : core::monthOfMs(now);
    auto d = openLedger(c.db_path);
    db::Ledger ledger(d, settings);
    db::Council council(ledger);
    const auto l = orFail(council.addLog(draft, now));
    if (c.json) {
      out << logJson(l).dump(2) << "\n";
      return 0;
    }
    out << "Log " << l.id << " recorded (pending, " << l.month << "): " << l.grid << " · "
        << l.villager_id << " " << l.villager << " · " << l.rule_code << " · " << l.evidence
        << " · collector " << (l.collector.empty() ? "-" : l.collector) << "\n";
    return 0;
  }
  if (sub == "list") {
    const auto a = parseArgs(rest, {"--grid", "--month", "--state"}, "log list");
    db::LogFilter f;
    f.grid = a.flag("--grid");
    if (auto m = a.flag("--month")) f.month = parseMonthArg(*m);
    if (auto s = a.flag("--state")) {
      f.state = db::logStateFromString(*s);
      if (!f.state) throw std::invalid_argument("--state is pending, posted or dropped, not '" + *s + "'");
    }
    auto d = openLedger(c.db_path);
    db::Ledger ledger(d, settings);
    db::Council council(ledger);
    const auto list = council.logs(f);
    if (c.json) {
      json j = json::array();
      for (const auto& l : list) j.push_back(logJson(l));
      out << j.dump(2) << "\n";
      return 0;
    }
    if (list.empty()) {
      out << "No grid logs match.\n";
      return 0;
    }
    for (const auto& l : list) {
      out << pad(std::to_string(l.id), 6) << pad(l.month, 9) << pad(l.grid, 10)
          << pad(std::to_string(l.villager_id) + " " + l.villager, 18) << pad(l.rule_code, 6)
          << pad(std::string(db::toString(l.state)) +
                     (l.batch_id ? " #" + std::to_string(*l.batch_id) : std::string()),
                 12)
          << pad(l.collector, 10) << l.evidence
          << (l.state == db::LogState::Dropped ? " (dropped: " + l.drop_reason + ")" : std::string())
          << "\n";
    }
    return 0;
  }
  if (sub == "drop") {
    const auto a = parseArgs(rest, {"--reason"}, "log drop");
    if (a.words.size() != 1) throw std::invalid_argument("log drop needs one log ID");
    const auto id = parsePositiveArg(a.words[0], "ID");
    const auto reason = a.flag("--reason");
    if (!reason) throw std::invalid_argument("log drop needs --reason TEXT");
    auto d = openLedger(c.db_path);
    db::Ledger ledger(d, settings);
    db::Council council(ledger);
    const auto l = orFail(council.dropLog(id, *reason));
    out << "Log " << l.id << " dropped: " << l.drop_reason << "\n";
    return 0;
  }
  throw std::invalid_argument("log has no '" + sub + "'; it is add, list or drop");
}

// ---- volunteer-hours -------------------------------------------------------------------------

int runVolunteerHours(const CouncilCommand& c, const core::Settings& settings, std::ostream& out,
                      std::ostream& err) {
  const auto a = parseArgs(c.args, {"--file", "--encoding"}, "volunteer-hours", {"--apply"});
  const auto file = a.flag("--file");
  if (!file) throw std::invalid_argument("volunteer-hours needs --file hours.csv");
  const auto table = readCsvFile(*file, encodingArg(a));
  auto sheet = core::parseHoursSheet(table);
  if (!sheet.errors.empty()) refuseLines(sheet.errors, *file, err);
  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::Council council(ledger);
  const auto now = db::nowMs();
  const auto plan = council.planHours(sheet.lines, now);
  if (!plan.errors.empty()) refuseLines(plan.errors, *file, err);
  out << "Volunteer hours from " << *file << " (" << core::toString(table.encoding) << "), "
      << plan.lines.size() << " sessions:\n";
  for (const auto& l : plan.lines) {
    out << "  " << pad(std::to_string(l.line.line), 6) << pad(l.line.team, 12)
        << pad(std::to_string(l.line.villager_id) + " " + l.line.name, 18) << pad(l.line.date(), 12)
        << pad(std::to_string(l.line.minutes) + " min", 10)
        << (l.already ? std::string("already recorded")
                      : "score " + signedNumber(l.score) + ", points " + signedNumber(l.points))
        << "\n";
  }
  out << "Totals: " << plan.fresh << " new sessions (score " << signedNumber(plan.score_total)
      << ", points " << signedNumber(plan.points_total) << "), " << plan.already
      << " already recorded.\n";
  if (!a.has("--apply")) {
    out << "Preview only: nothing was written. Add --apply to record the " << plan.fresh
        << " new sessions.\n";
    return 0;
  }
  const auto done = orFail(council.importHours(sheet.lines, now));
  out << "Recorded " << done.sessions << " sessions (" << done.entries << " ledger entries); "
      << done.already << " were already recorded.\n";
  return 0;
}

}  // namespace

// ---- dispatch --------------------------------------------------------------------------------

bool isCouncilCommand(const std::string& name) noexcept {
  return name == "council" || name == "log" || name == "volunteer-hours";
}

int runCouncilCommand(const CouncilCommand& c, const core::Settings& settings, std::ostream& out,
                      std::ostream& err) {
  if (c.name == "council") return runCouncil(c, settings, out, err);
  if (c.name == "log") return runLog(c, settings, out);
  return runVolunteerHours(c, settings, out, err);
}

}  // namespace rc::office
