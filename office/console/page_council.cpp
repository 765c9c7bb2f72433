// 议事会: the month's pending grid logs become the council's batch. The secretary previews it
// (each villager's score before and after, the totals, any line that cannot be posted and why),
// names the approvers and the minutes, and posts it as one batch (all lines or none); a batch is
// reversed with a reason. The clerk and the auditor read. The same db::Council::plan and post
// as `rc-office council post --from-logs`.
#include <map>

#include "core/council.h"
#include "db/council.h"
#include "db/roster.h"
#include "office/console/api.h"
#include "office/console/council_shared.h"
#include "office/council_json.h"

namespace rc::office::console {
namespace {

// ?month= or the body's month; by default the month before this one (the council meets after
// the month it decides on).
core::YearMonth monthOf(const std::optional<std::string>& text) {
  if (text && !text->empty()) {
    if (auto ym = core::YearMonth::parse(*text)) return *ym;
    badInput("month：月份应写成 2026-11 这样 (month should be YYYY-MM)");
  }
  return core::monthOfMs(db::nowMs()).prev();
}

std::string signedText(std::int64_t n) { return (n > 0 ? "+" : "") + std::to_string(n); }

// The plan's problems in plain words; a line's problem names the log and the villager.
json errorsJson(const db::CouncilPlan& p, const std::vector<core::CouncilLine>& lines,
                std::int64_t now_ms) {
  json out = json::array();
  std::map<int, const core::CouncilLine*> by_log;
  for (const auto& l : lines) by_log.emplace(l.line, &l);
  for (const auto& e : p.errors) {
    json j = {{"log", e.line > 0 ? json(e.line) : json(nullptr)}, {"reason", e.message}};
    if (e.line == 0) {
      if (lines.empty()) {
        j["message"] = "这个月没有待议的网格日志 (" + e.message + ")";
      } else if (core::monthStartMs(p.month) > now_ms) {
        j["message"] = "这个月还没开始，不能议 (" + e.message + ")";
      } else {
        j["message"] = "整批不能过账 (" + e.message + ")";
      }
    } else {
      const auto it = by_log.find(e.line);
      j["name"] = it != by_log.end() ? json(it->second->name) : json(nullptr);
      j["villager_id"] = it != by_log.end() ? json(it->second->villager_id) : json(nullptr);
      j["rule_code"] = it != by_log.end() ? json(it->second->rule_code) : json(nullptr);
      j["message"] = "日志 " + std::to_string(e.line) + " 不能过账 (" + e.message + ")";
    }
    out.push_back(std::move(j));
  }
  return out;
}

json planJson(const db::CouncilPlan& p, const std::vector<core::CouncilLine>& lines,
              std::int64_t now_ms) {
  json j = {{"month", p.month.toString()},
            {"pending", lines.size()},
            {"hash", p.lines_hash},
            {"dated", timeText(p.at_ms)},
            {"awards", p.awards},
            {"deductions", p.deductions},
            {"score_total", p.score_total},
            {"points_total", p.points_total},
            {"lines", json::array()},
            {"errors", errorsJson(p, lines, now_ms)}};
  for (const auto& l : p.lines) {
    j["lines"].push_back({{"log", l.line.line},
                          {"villager_id", l.line.villager_id},
                          {"name", l.line.name},
                          {"grid", l.grid},
                          {"rule_code", l.rule.code},
                          {"rule_title", l.rule.title},
                          {"points", l.rule.score_delta},
                          {"evidence", l.line.evidence},
                          {"collector", l.line.collector},
                          {"score_before", l.score_before},
                          {"score_after", l.score_after},
                          {"credit", l.points}});
  }
  return j;
}

// The batch as `rc-office --json council list` prints it, with its source in Chinese.
json batchJson(const db::CouncilBatch& b) {
  json j = office::batchJson(b);
  j["source_zh"] = b.source == db::CouncilSource::Logs ? "网格日志" : "决议表";
  return j;
}

Reply preview(Context& c, const Request& req) {
  const auto month = monthOf(req.query("month", 7));
  db::Council council(c.ledger);
  const auto lines = council.pendingLogLines(month);
  const auto now = db::nowMs();
  Reply r;
  r.body = planJson(council.plan(month, lines, now), lines, now);
  return r;
}

Reply post(Context& c, const Request& req) {
  const auto month = monthOf(req.optionalText("month", 7));
  const auto approvers = req.text("approvers", 240);
  const auto minutes = req.text("minutes", 240);
  for (const auto& [field, zh, text] : {std::tuple{"approvers", "批准人", &approvers},
                                        std::tuple{"minutes", "会议记录编号", &minutes}}) {
    if (utf8Chars(*text) > 60) {
      badInput(std::string(field) + "：" + zh + "太长了，最多 60 个字 (at most 60 characters)");
    }
  }
  const auto previewed = req.text("hash", 64);
  db::Council council(c.ledger);
  const auto lines = council.pendingLogLines(month);
  const auto now = db::nowMs();
  const auto plan = council.plan(month, lines, now);
  if (!plan.errors.empty()) {
    throw ConsoleError(400, errorsJson(plan, lines, now).front()["message"].get<std::string>());
  }
  if (plan.lines_hash != previewed) {
    throw ConsoleError(409, "预览之后这个月的记录有了变化，请重新预览再过账 "
                            "(the month's logs changed since the preview)");
  }
  const auto b = orRefuse(council.post(month, lines, approvers, minutes, db::CouncilSource::Logs, now),
                          "没有过账");
  Reply r;
  r.body["batch"] = batchJson(b);
  r.audit = "council post " + b.month + ": " + std::to_string(b.line_count) + " lines, batch " +
            std::to_string(b.id) + ", score " + signedText(plan.score_total) + ", points " +
            signedText(plan.points_total) + "; approvers " + b.approvers + "; minutes " +
            b.minutes_ref;
  return r;
}

Reply batches(Context& c, const Request& req) {
  std::optional<core::YearMonth> month;
  if (auto m = req.query("month", 7); m && !m->empty()) month = monthOf(m);
  db::Council council(c.ledger);
  Reply r;
  r.body["batches"] = json::array();
  for (const auto& b : council.batches(month)) r.body["batches"].push_back(batchJson(b));
  return r;
}

Reply batch(Context& c, const Request& req) {
  const auto id = req.matchId(1);
  db::Council council(c.ledger);
  const auto b = council.batch(id);
  if (!b) throw ConsoleError(404, "没有这个议事批次 (no council batch " + std::to_string(id) + ")");
  db::Roster roster(c.db);
  Reply r;
  r.body["batch"] = batchJson(*b);
  r.body["entries"] = json::array();
  for (const auto& l : council.batchLines(id)) {
    const auto v = roster.villager(l.entry.villager_id);
    r.body["entries"].push_back({{"line", l.line},
                                 {"seq", l.entry.seq},
                                 {"villager_id", l.entry.villager_id},
                                 {"name", v ? v->name : std::string()},
                                 {"kind_zh", std::string(core::entryKindZh(l.entry.kind))},
                                 {"rule_code", l.entry.reference},
                                 {"detail", l.entry.detail},
                                 {"score", l.entry.score_delta},
                                 {"points", l.entry.points_delta},
                                 {"voided_by", l.voided_by ? json(*l.voided_by) : json(nullptr)}});
  }
  return r;
}

Reply reverse(Context& c, const Request& req) {
  const auto id = req.matchId(1);
  const auto reason = reasonText(req);
  db::Council council(c.ledger);
  const auto before = council.batch(id);
  if (!before) throw ConsoleError(404, "没有这个议事批次 (no council batch " + std::to_string(id) + ")");
  if (before->reversed_at_ms) {
    throw ConsoleError(409, "这个批次已经在 " + timeText(*before->reversed_at_ms) +
                                " 撤销过了 (already reversed): " + before->reversal_reason);
  }
  const auto b = orRefuse(council.reverse(id, reason, db::nowMs()), "没有撤销");
  Reply r;
  r.body["batch"] = batchJson(b);
  r.audit = "council reverse batch " + std::to_string(b.id) + " (" + b.month + ", " +
            std::to_string(b.line_count) + " lines): " + reason;
  return r;
}

}  // namespace

void addCouncilRoutes(Routes& routes) {
  routes.push_back({"GET", "council/plan", kOfficeReaders, "", preview});
  routes.push_back({"POST", "council/post", kSecretaryOnly, "council post", post});
  routes.push_back({"GET", "council/batches", kOfficeReaders, "", batches});
  routes.push_back({"GET", "council/batches/(\\d+)", kOfficeReaders, "", batch});
  routes.push_back({"POST", "council/batches/(\\d+)/reverse", kSecretaryOnly, "council reverse",
                    reverse});
}

}  // namespace rc::office::console
