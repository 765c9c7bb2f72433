// 网格日志: a collector records good deeds and violations of villagers in their own grid, with
// evidence, for the month's council; the secretary sees every grid. Collectors never see or
// write another grid's logs. The records are db::Council's grid logs, as `rc-office log` writes.
#include <map>

#include "core/council.h"
#include "core/text.h"
#include "db/council.h"
#include "db/roster.h"
#include "db/roster_import.h"
#include "office/console/api.h"
#include "office/console/council_shared.h"
#include "office/council_json.h"

namespace rc::office::console {
namespace {

// The month the page shows: ?month=YYYY-MM, or this month (China Standard Time).
core::YearMonth monthQuery(const Request& req) {
  if (auto m = req.query("month", 7)) {
    if (auto ym = core::YearMonth::parse(*m)) return *ym;
    badInput("month：月份应写成 2026-11 这样 (month should be YYYY-MM)");
  }
  return core::monthOfMs(db::nowMs());
}

// The grid a list is limited to: a collector's own (asking for another is refused); for the
// office, ?grid= (a name or an id) when given.
std::optional<std::string> gridFilter(const Request& req) {
  const auto asked = req.query("grid", 64);
  if (auto own = gridScope(req)) {
    if (asked && !asked->empty() && *asked != req.user().grid_name && *asked != std::to_string(*own)) {
      throw ConsoleError(403, "这不在你的网格里 (not in your grid)");
    }
    return std::to_string(*own);
  }
  if (asked && !asked->empty()) return asked;
  return std::nullopt;
}

json ruleJson(const db::Rule& r) {
  return {{"code", r.code}, {"title", r.title}, {"points", r.score_delta}, {"category", r.category}};
}

std::string_view stateZh(db::LogState s) {
  switch (s) {
    case db::LogState::Pending: return "待议";
    case db::LogState::Posted: return "已过账";
    case db::LogState::Dropped: return "已作废";
  }
  return "";
}

// The log as `rc-office --json log list` prints it, with its rule's title and points and its
// state in Chinese.
json pageLogJson(const db::GridLog& l, const std::map<std::string, db::Rule>& rules) {
  json j = office::logJson(l);
  const auto r = rules.find(l.rule_code);
  j["grid_id"] = l.grid_id;
  j["rule_title"] = r != rules.end() ? r->second.title : std::string();
  j["points"] = r != rules.end() ? json(r->second.score_delta) : json(nullptr);
  j["state_zh"] = std::string(stateZh(l.state));
  return j;
}

std::map<std::string, db::Rule> rulesByCode(db::Database& d) {
  std::map<std::string, db::Rule> out;
  for (auto& r : db::Roster(d).rules()) out.emplace(r.code, std::move(r));
  return out;
}

// The evidence as typed (several lines allowed) in the one-line form the ledger keeps:
// the lines joined with "；", as a council sheet's evidence cell would hold them.
std::string evidenceOf(const Request& req) {
  const std::string typed = req.text("evidence", 4 * core::kMaxEvidenceChars, true);
  std::string out;
  std::string_view rest = typed;
  while (!rest.empty()) {
    const auto nl = rest.find('\n');
    std::string_view line = core::trim(rest.substr(0, nl));
    rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
    if (line.empty()) continue;
    if (!out.empty()) out += "；";
    out += line;
  }
  for (auto& c : out) {
    if (c == '\t') c = ' ';
  }
  if (utf8Chars(out) > core::kMaxEvidenceChars) {
    badInput("evidence：事由太长了，最多 " + std::to_string(core::kMaxEvidenceChars) +
             " 个字 (at most " + std::to_string(core::kMaxEvidenceChars) + " characters)");
  }
  return out;
}

Reply meta(Context& c, const Request& req) {
  Reply r;
  const auto now = db::nowMs();
  r.body["month"] = core::monthOfMs(now).toString();
  r.body["my_grid"] = gridScope(req) ? json(req.user().grid_name) : json(nullptr);
  r.body["grids"] = json::array();
  if (gridScope(req)) {
    r.body["grids"].push_back(req.user().grid_name);
  } else {
    for (const auto& g : db::gridNames(c.db)) r.body["grids"].push_back(g);
  }
  // The rule book by category, in the book's order.
  json cats = json::array();
  for (const auto& rule : db::Roster(c.db).rules()) {
    if (cats.empty() || cats.back()["category"] != rule.category) {
      cats.push_back({{"category", rule.category}, {"rules", json::array()}});
    }
    cats.back()["rules"].push_back(ruleJson(rule));
  }
  r.body["rules"] = std::move(cats);
  return r;
}

Reply villagers(Context& c, const Request& req) {
  const auto q = req.query("q", 64).value_or("");
  const auto grid_name = req.query("grid", 64).value_or("");
  db::Roster roster(c.db);
  const auto as_id = core::parseWholeNumber(q, 1, 1'000'000'000);
  Reply r;
  r.body["villagers"] = json::array();
  int shown = 0;
  for (const auto& v : roster.villagers()) {
    if (v.moved_away) continue;
    if (auto own = gridScope(req); own && v.grid_id != *own) continue;
    if (!q.empty() && v.name.find(q) == std::string::npos && (!as_id || v.id != *as_id)) continue;
    const std::string vg = roster.gridNameOf(v.id);
    if (!gridScope(req) && !grid_name.empty() && vg != grid_name) continue;
    if (++shown > 30) {
      r.body["more"] = true;
      break;
    }
    const auto bal = c.ledger.balance(v.id);
    r.body["villagers"].push_back({{"id", v.id},
                                   {"name", v.name},
                                   {"grid", vg},
                                   {"birth_year", v.birth_year},
                                   {"score", bal ? bal->score : core::kBaseScore}});
  }
  return r;
}

Reply listLogs(Context& c, const Request& req) {
  db::LogFilter f;
  f.grid = gridFilter(req);
  f.month = monthQuery(req);
  if (auto s = req.query("state", 16); s && !s->empty()) {
    f.state = db::logStateFromString(*s);
    if (!f.state) badInput("state：应当是 pending、posted 或 dropped (pending, posted or dropped)");
  }
  db::Council council(c.ledger);
  const auto rules = rulesByCode(c.db);
  Reply r;
  r.body["month"] = f.month->toString();
  r.body["logs"] = json::array();
  json counts = {{"pending", 0}, {"posted", 0}, {"dropped", 0}};
  for (const auto& l : council.logs(f)) {
    r.body["logs"].push_back(pageLogJson(l, rules));
    counts[std::string(db::toString(l.state))] = counts[std::string(db::toString(l.state))].get<int>() + 1;
  }
  r.body["counts"] = counts;
  return r;
}

Reply addLog(Context& c, const Request& req) {
  const auto villager_id = req.integer("villager_id", 1, 1'000'000'000);
  const auto rule_code = req.text("rule_code", core::kMaxRuleCodeBytes);
  const auto evidence = evidenceOf(req);
  db::Roster roster(c.db);
  const auto v = roster.villager(villager_id);
  if (!v) throw ConsoleError(404, "没有这位村民 (no villager " + std::to_string(villager_id) + ")");
  requireGrid(req, v->grid_id);
  if (v->moved_away) badInput(v->name + " 已迁出，不再记分 (has moved away)");
  const auto rule = roster.ruleByCode(rule_code);
  if (!rule) badInput("规则手册里没有 " + rule_code + " (no such rule in the rule book)");

  db::GridLogDraft d;
  const auto now = db::nowMs();
  d.month = core::monthOfMs(now);
  d.grid = std::to_string(v->grid_id);
  d.villager_id = villager_id;
  d.rule_code = rule_code;
  d.evidence = evidence;
  d.collector = req.user().name;
  db::Council council(c.ledger);
  const auto l = orRefuse(council.addLog(d, now), "没有记上");
  Reply r;
  r.body["log"] = pageLogJson(l, rulesByCode(c.db));
  r.audit = "log add " + l.month + " " + l.grid + ": " + std::to_string(l.villager_id) + " " +
            l.villager + " " + l.rule_code + " " + (rule->score_delta > 0 ? "+" : "") +
            std::to_string(rule->score_delta) + " (log " + std::to_string(l.id) + ")";
  return r;
}

Reply dropLog(Context& c, const Request& req) {
  const auto id = req.matchId(1);
  const auto reason = reasonText(req);
  db::Council council(c.ledger);
  const auto l = council.log(id);
  if (!l) throw ConsoleError(404, "没有这条记录 (no log " + std::to_string(id) + ")");
  requireGrid(req, l->grid_id);
  if (l->state != db::LogState::Pending) {
    throw ConsoleError(409, "这条记录" + std::string(stateZh(l->state)) + "，不能作废 (log is " +
                                std::string(db::toString(l->state)) + ", not pending)");
  }
  const auto dropped = orRefuse(council.dropLog(id, reason), "没有作废");
  Reply r;
  r.body["log"] = pageLogJson(dropped, rulesByCode(c.db));
  r.audit = "log drop " + std::to_string(id) + " (" + dropped.grid + ", " +
            std::to_string(dropped.villager_id) + " " + dropped.villager + " " + dropped.rule_code +
            "): " + reason;
  return r;
}

}  // namespace

void addGridLogRoutes(Routes& routes) {
  routes.push_back({"GET", "gridlog/meta", kEveryone, "", meta});
  routes.push_back({"GET", "gridlog/villagers", kEveryone, "", villagers});
  routes.push_back({"GET", "gridlog/logs", kEveryone, "", listLogs});
  routes.push_back({"POST", "gridlog/logs", kLogWriters, "log add", addLog});
  routes.push_back({"POST", "gridlog/logs/(\\d+)/drop", kLogWriters, "log drop", dropLog});
}

}  // namespace rc::office::console
