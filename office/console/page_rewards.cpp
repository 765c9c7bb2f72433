// The console's rewards page (季度奖励): the red credit fund's balance and movements, a
// quarter's rewards by level previewed against the fund and paid once, and deposits. The same
// db::Fund as `rc-office fund`, `fund deposit` and `rewards --quarter [--apply]`. The secretary
// pays and deposits; the clerk and the auditor read.
#include <algorithm>
#include <map>

#include "db/fund.h"
#include "db/roster.h"
#include "office/console/api.h"

namespace rc::office::console {
namespace {

// The quarters the page offers: this one and the seven before it.
constexpr int kQuartersOffered = 8;

db::Quarter previous(db::Quarter q) {
  return q.number == 1 ? db::Quarter{q.year - 1, 4} : db::Quarter{q.year, q.number - 1};
}

db::Quarter currentQuarter() { return db::Quarter::of(core::monthOfMs(db::nowMs())); }

std::string quarterZh(db::Quarter q) {
  return std::to_string(q.year) + "年第" + std::to_string(q.number) + "季度";
}

std::string yuanZh(std::int64_t fen) { return db::formatYuan(fen) + " 元"; }

// A refusal from the fund in plain words, with the fund's own sentence in brackets.
template <class T>
T need(db::FundResult<T> r) {
  if (r) return std::move(r).value();
  const auto& f = r.error();
  switch (f.code) {
    case db::FundError::AlreadyPaid:
      throw ConsoleError(409, "这个季度已经发过奖励，每季度只发一次 (" + f.message + ")");
    case db::FundError::Insufficient:
      throw ConsoleError(409, "基金余额不够，什么也没有发 (" + f.message + ")");
    case db::FundError::Changed:
      throw ConsoleError(409, "预览之后分数有变化，什么也没有发，请重新预览 (" + f.message + ")");
    case db::FundError::NotBegun:
      throw ConsoleError(400, "这个季度还没开始 (" + f.message + ")");
    case db::FundError::Storage:
      throw ConsoleError(503, "账本暂时无法写入，请稍后再试 (" + f.message + ")");
    default:
      throw ConsoleError(400, "基金拒绝了这次操作 (" + f.message + ")");
  }
}

db::Quarter quarterField(const std::string& text) {
  const auto q = db::Quarter::parse(text);
  if (!q) badInput("quarter：季度应当写成 2026Q3 (write the quarter as YYYYQN)");
  return *q;
}

std::string kindZh(db::FundMovementKind k) {
  switch (k) {
    case db::FundMovementKind::Deposit:
      return "存入";
    case db::FundMovementKind::Reward:
      return "季度奖励";
    case db::FundMovementKind::Withdrawal:
      return "取出";
  }
  return "";
}

json planJson(Context& c, const db::RewardPlan& p) {
  std::map<core::VillagerId, std::string> names;
  for (const auto& v : db::Roster(c.db).villagers()) names[v.id] = v.name;
  json levels = json::array();
  for (const auto& t : p.levels) {
    levels.push_back({{"name", t.level.name},
                      {"min_score", t.level.min_score},
                      {"points_each", t.level.points},
                      {"villagers", t.villagers},
                      {"points", t.points},
                      {"fen", t.fen}});
  }
  // Highest score first, as the council reads a list of names.
  auto payees = p.payees;
  std::stable_sort(payees.begin(), payees.end(),
                   [](const auto& a, const auto& b) { return a.score > b.score; });
  json list = json::array();
  for (const auto& x : payees) {
    const auto& level = p.levels.at(x.level).level;
    list.push_back({{"id", x.id},
                    {"name", names[x.id]},
                    {"score", x.score},
                    {"level", level.name},
                    {"points", level.points}});
  }
  json j = {{"quarter", p.quarter.toString()},
            {"quarter_zh", quarterZh(p.quarter)},
            {"finished", p.quarter.endMs() <= db::nowMs()},
            {"scores_as_of", core::formatChinaTime(p.as_of_ms)},
            {"fen_per_point", p.fen_per_point},
            {"levels", levels},
            {"payees", list},
            {"villagers", p.villagers},
            {"points", p.points},
            {"fen", p.fen},
            {"balance_fen", p.balance_fen},
            {"covered", p.covered},
            {"short_fen", p.covered ? 0 : p.fen - p.balance_fen}};
  j["paid_at"] = p.paid_at_ms ? json(timeText(*p.paid_at_ms)) : json(nullptr);
  return j;
}

Reply fund(Context& c, const Request&) {
  db::Fund f(c.db, c.settings);
  const auto balance = need(f.balanceFen());
  std::map<std::string, db::PaidQuarter> paid;
  json paid_list = json::array();
  for (const auto& q : f.paidQuarters()) {
    paid[q.quarter] = q;
    paid_list.push_back({{"quarter", q.quarter},
                         {"villagers", q.villagers},
                         {"points", q.points},
                         {"fen", q.fen},
                         {"paid_at", timeText(q.paid_at_ms)}});
  }
  json movements = json::array();
  for (const auto& m : f.movements()) {
    movements.push_back({{"id", m.id},
                         {"kind", std::string(db::toString(m.kind))},
                         {"kind_zh", kindZh(m.kind)},
                         {"amount_fen", m.amount_fen},
                         {"note", m.note},
                         {"quarter", m.quarter},
                         {"at", timeText(m.at_ms)}});
  }
  // Newest first: the page shows what happened last at the top.
  std::reverse(movements.begin(), movements.end());
  json quarters = json::array();
  db::Quarter q = currentQuarter();
  for (int i = 0; i < kQuartersOffered; ++i, q = previous(q)) {
    quarters.push_back({{"quarter", q.toString()},
                        {"quarter_zh", quarterZh(q)},
                        {"finished", q.endMs() <= db::nowMs()},
                        {"paid", paid.contains(q.toString())}});
  }
  Reply r;
  r.body = {{"balance_fen", balance},
            {"movements", movements},
            {"paid_quarters", paid_list},
            {"quarters", quarters},
            {"default_quarter", previous(currentQuarter()).toString()},
            {"max_deposit_fen", db::kMaxDepositFen}};
  return r;
}

Reply preview(Context& c, const Request& req) {
  const auto text = req.query("quarter", 10);
  const db::Quarter q = text ? quarterField(*text) : previous(currentQuarter());
  db::Fund f(c.db, c.settings);
  Reply r;
  r.body = planJson(c, need(f.planRewards(q, db::nowMs())));
  // What was paid, as paid: a quarter paid before it ended was paid on the scores of that day.
  r.body["paid"] = nullptr;
  for (const auto& p : f.paidQuarters()) {
    if (p.quarter == q.toString()) {
      r.body["paid"] = {{"villagers", p.villagers}, {"points", p.points}, {"fen", p.fen}};
    }
  }
  return r;
}

// Pays the quarter the secretary previewed: the figures the page showed come back and must
// match a plan made now, so nobody pays what they did not see.
Reply pay(Context& c, const Request& req) {
  const db::Quarter q = quarterField(req.text("quarter", 10));
  const auto villagers = req.integer("villagers", 0, 1'000'000);
  const auto points = req.integer("points", 0, std::int64_t{1} << 50);
  const auto fen = req.integer("fen", 0, std::int64_t{1} << 60);
  db::Fund f(c.db, c.settings);
  const auto now = db::nowMs();
  const auto plan = need(f.planRewards(q, now));
  if (plan.paid_at_ms) {
    throw ConsoleError(409, quarterZh(q) + "的奖励已经在 " + timeText(*plan.paid_at_ms) +
                                "发过，每季度只发一次 (" + q.toString() + " was paid already)");
  }
  if (plan.villagers != villagers || plan.points != points || plan.fen != fen) {
    throw ConsoleError(409, "预览之后分数有变化，什么也没有发，请重新预览 (the rewards for " +
                                q.toString() + " changed since the preview; nothing was paid)");
  }
  if (!plan.covered) {
    throw ConsoleError(409, "基金只有 " + yuanZh(plan.balance_fen) + "，" + quarterZh(q) +
                                "的奖励需要 " + yuanZh(plan.fen) +
                                "，什么也没有发；请先存入 (the fund cannot cover the rewards)");
  }
  const auto paid = need(f.payRewards(c.ledger, plan, now));
  const auto balance = need(f.balanceFen());
  Reply r;
  r.body = {{"quarter", paid.quarter},
            {"villagers", paid.villagers},
            {"points", paid.points},
            {"fen", paid.fen},
            {"balance_fen", balance},
            {"paid_at", timeText(paid.paid_at_ms)}};
  r.audit = "rewards " + paid.quarter + ": " + std::to_string(paid.points) + " points to " +
            std::to_string(paid.villagers) + " villagers, " + db::formatYuan(paid.fen) +
            " yuan from the fund";
  return r;
}

Reply deposit(Context& c, const Request& req) {
  const auto amount = req.text("amount", 20);
  const auto fen = db::parseYuan(amount);
  if (!fen) {
    badInput("amount：金额请写元，例如 150000 或 1234.50，大于 0，最多 " +
             db::formatYuan(db::kMaxDepositFen) + " 元 (write the amount in yuan)");
  }
  const auto note = req.text("note", db::kMaxFundNote);
  db::Fund f(c.db, c.settings);
  const auto m = need(f.deposit(*fen, note, db::nowMs()));
  const auto balance = need(f.balanceFen());
  Reply r;
  r.body = {{"id", m.id}, {"amount_fen", m.amount_fen}, {"balance_fen", balance}};
  r.audit = "fund deposit " + db::formatYuan(m.amount_fen) + " yuan (" + m.note +
            "); the fund holds " + db::formatYuan(balance) + " yuan";
  return r;
}

}  // namespace

void addRewardRoutes(Routes& routes) {
  routes.push_back({"GET", "fund", kOfficeReaders, "", fund});
  routes.push_back({"GET", "rewards", kOfficeReaders, "", preview});
  routes.push_back({"POST", "rewards/pay", kSecretaryOnly, "rewards pay", pay});
  routes.push_back({"POST", "fund/deposit", kSecretaryOnly, "fund deposit", deposit});
}

}  // namespace rc::office::console
