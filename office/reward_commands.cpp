// fund, fund deposit, rewards and credit-stars: the red credit fund (红色信用基金), its
// quarterly rewards and the annual credit stars (信用之星).
// Section index: helpers · fund · rewards · credit-stars · dispatch
#include "office/reward_commands.h"

#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "core/types.h"
#include "db/fund.h"
#include "db/ledger.h"

namespace rc::office {
namespace {

using nlohmann::json;

// ---- helpers ---------------------------------------------------------------------------------

template <class T>
T need(db::FundResult<T> r) {
  if (!r) throw std::invalid_argument(r.error().message);
  return std::move(r).value();
}

std::string yuanText(std::int64_t fen) { return db::formatYuan(fen); }

// "12,34,56" → ids; at most 100 of them.
std::vector<core::VillagerId> parseIds(const std::string& text) {
  if (text.size() > 2000) throw std::invalid_argument("--award lists too many villagers");
  std::vector<core::VillagerId> ids;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto comma = text.find(',', pos);
    const std::string item =
        text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    ids.push_back(parsePositiveArg(item, "each --award id"));
    if (ids.size() > 100) throw std::invalid_argument("--award lists too many villagers");
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  return ids;
}

// ---- fund ------------------------------------------------------------------------------------

json movementJson(const db::FundMovement& m) {
  json j = {{"id", m.id},
            {"kind", std::string(db::toString(m.kind))},
            {"amount_fen", m.amount_fen},
            {"amount_yuan", yuanText(m.amount_fen)},
            {"note", m.note},
            {"at", core::formatChinaTime(m.at_ms)},
            {"at_ms", m.at_ms}};
  j["quarter"] = m.quarter.empty() ? json(nullptr) : json(m.quarter);
  return j;
}

int cmdFundShow(const RewardCommand& c, const core::Settings& settings, std::ostream& out) {
  auto d = openLedger(c.db_path);
  db::Fund fund(d, settings);
  const auto balance = need(fund.balanceFen());
  const auto movements = fund.movements();
  const auto paid = fund.paidQuarters();
  if (c.json) {
    json list = json::array();
    for (const auto& m : movements) list.push_back(movementJson(m));
    json quarters = json::array();
    for (const auto& q : paid) {
      quarters.push_back({{"quarter", q.quarter},
                          {"villagers", q.villagers},
                          {"points", q.points},
                          {"fen", q.fen},
                          {"paid_at", core::formatChinaTime(q.paid_at_ms)}});
    }
    out << json{{"balance_fen", balance},
                {"balance_yuan", yuanText(balance)},
                {"movements", list},
                {"paid_quarters", quarters}}
               .dump(2)
        << "\n";
    return 0;
  }
  out << "红色信用基金 Red credit fund — balance " << yuanText(balance) << " yuan\n";
  if (movements.empty()) out << "  (no movements; pay in with: fund deposit AMOUNT --note TEXT)\n";
  for (const auto& m : movements) {
    const std::string amount = (m.amount_fen > 0 ? "+" : "") + yuanText(m.amount_fen);
    out << "  " << core::formatChinaTime(m.at_ms) << "  " << pad(db::toString(m.kind), 11)
        << pad(m.quarter, 8) << std::right << std::setw(16) << amount << "  " << m.note << "\n";
  }
  return 0;
}

// fund deposit AMOUNT --note TEXT, fund withdraw AMOUNT --note TEXT.
int cmdFundMove(const RewardCommand& c, const Args& a, const core::Settings& settings,
                std::ostream& out) {
  const bool deposit = a.words.front() == "deposit";
  const std::string name = "fund " + a.words.front();
  if (a.words.size() != 2) {
    throw std::invalid_argument(name + " needs one AMOUNT in yuan, e.g. " + name +
                                (deposit ? " 150000 --note 村集体注资" : " 200 --note 误录存入，冲回"));
  }
  const auto fen = db::parseYuan(a.words[1]);
  if (!fen) {
    throw std::invalid_argument(
        "'" + a.words[1] +
        "' is not an amount; write yuan as 150000 or 1234.50 (more than 0, at most " +
        db::formatYuan(db::kMaxDepositFen) + ")");
  }
  const auto note = a.flag("--note");
  if (!note || note->empty()) {
    throw std::invalid_argument(name + (deposit ? " needs --note TEXT (where the money comes from)"
                                                : " needs --note TEXT (why the money goes out)"));
  }
  auto d = openLedger(c.db_path);
  db::Fund fund(d, settings);
  const auto m = need(deposit ? fund.deposit(*fen, *note, db::nowMs())
                              : fund.withdraw(*fen, *note, db::nowMs()));
  const auto balance = need(fund.balanceFen());
  if (c.json) {
    json j = movementJson(m);
    j["balance_fen"] = balance;
    j["balance_yuan"] = yuanText(balance);
    out << j.dump(2) << "\n";
  } else {
    out << (deposit ? "Deposited " : "Withdrew ") << yuanText(*fen) << " yuan (" << m.note
        << "); the fund holds " << yuanText(balance) << " yuan.\n";
  }
  return 0;
}

int cmdFund(const RewardCommand& c, const core::Settings& settings, std::ostream& out) {
  const auto a = parseArgs(c.args, {"--note"}, c.name, {});
  if (a.words.empty()) {
    if (a.flag("--note")) throw std::invalid_argument("--note belongs to fund deposit or fund withdraw");
    return cmdFundShow(c, settings, out);
  }
  if (a.words.front() == "deposit" || a.words.front() == "withdraw") {
    return cmdFundMove(c, a, settings, out);
  }
  throw std::invalid_argument("fund takes no argument '" + a.words.front() +
                              "'; did you mean fund deposit or fund withdraw?");
}

// ---- rewards ---------------------------------------------------------------------------------

json planJson(const db::RewardPlan& p, bool applied) {
  json levels = json::array();
  for (const auto& t : p.levels) {
    levels.push_back({{"level", t.level.name},
                      {"min_score", t.level.min_score},
                      {"points_each", t.level.points},
                      {"villagers", t.villagers},
                      {"points", t.points},
                      {"fen", t.fen},
                      {"yuan", yuanText(t.fen)}});
  }
  json j = {{"quarter", p.quarter.toString()},
            {"scores_as_of", core::formatChinaTime(p.as_of_ms)},
            {"fen_per_point", p.fen_per_point},
            {"levels", levels},
            {"villagers", p.villagers},
            {"points", p.points},
            {"fen", p.fen},
            {"yuan", yuanText(p.fen)},
            {"fund_balance_fen", p.balance_fen},
            {"covered", p.covered},
            {"applied", applied}};
  j["paid_at"] = p.paid_at_ms ? json(core::formatChinaTime(*p.paid_at_ms)) : json(nullptr);
  return j;
}

void printPlan(std::ostream& out, const db::RewardPlan& p) {
  out << p.quarter.toString() << " 季度信用奖励 — quarterly rewards, scores as of "
      << core::formatChinaTime(p.as_of_ms) << " (China Standard Time)\n";
  out << "  " << pad("level", 10) << pad("min score", 11) << std::right << std::setw(10)
      << "villagers" << std::setw(10) << "points" << std::setw(16) << "yuan"
      << "\n";
  for (const auto& t : p.levels) {
    out << "  " << pad(t.level.name, 10) << pad("≥ " + std::to_string(t.level.min_score), 11)
        << std::right << std::setw(10) << t.villagers << std::setw(10) << t.points << std::setw(16)
        << yuanText(t.fen) << "\n";
  }
  out << "  " << pad("total", 21) << std::right << std::setw(10) << p.villagers << std::setw(10)
      << p.points << std::setw(16) << yuanText(p.fen) << "\n";
  out << "  at " << yuanText(p.fen_per_point) << " yuan per point; the fund holds "
      << yuanText(p.balance_fen) << " yuan: "
      << (p.covered ? "it covers the rewards"
                    : "it does NOT cover the rewards (short " + yuanText(p.fen - p.balance_fen) +
                          " yuan)")
      << "\n";
}

int cmdRewards(const RewardCommand& c, const core::Settings& settings, std::ostream& out) {
  const auto a = parseArgs(c.args, {"--quarter"}, c.name, {"--apply"});
  if (!a.words.empty())
    throw std::invalid_argument("rewards takes no argument '" + a.words.front() + "'");
  const auto text = a.flag("--quarter");
  if (!text) throw std::invalid_argument("rewards needs --quarter YYYYQN, e.g. --quarter 2026Q4");
  const auto quarter = db::Quarter::parse(*text);
  if (!quarter)
    throw std::invalid_argument("'" + *text +
                                "' is not a quarter; write it as YYYYQN, e.g. 2026Q4");
  const bool apply = a.has("--apply");
  auto d = openLedger(c.db_path);
  db::Fund fund(d, settings);
  const std::int64_t now = db::nowMs();
  const auto plan = need(fund.planRewards(*quarter, now));
  if (!apply) {
    if (c.json) {
      out << planJson(plan, false).dump(2) << "\n";
      return 0;
    }
    printPlan(out, plan);
    if (plan.paid_at_ms) {
      out << quarter->toString() << " was paid already, at "
          << core::formatChinaTime(*plan.paid_at_ms) << "; it is paid once.\n";
    } else {
      out << "Preview only; nothing was written. Add --apply to pay.\n";
    }
    return 0;
  }
  if (plan.paid_at_ms) {
    throw std::invalid_argument(quarter->toString() + " was paid already, at " +
                                core::formatChinaTime(*plan.paid_at_ms) + "; it is paid once");
  }
  if (!plan.covered) {
    throw std::invalid_argument(
        "the fund holds " + yuanText(plan.balance_fen) + " yuan; " + quarter->toString() +
        "'s rewards need " + yuanText(plan.fen) +
        " yuan; nothing was paid (deposit first: fund deposit AMOUNT --note TEXT)");
  }
  db::Ledger ledger(d, settings);
  need(fund.payRewards(ledger, plan, now));
  const auto balance = need(fund.balanceFen());
  if (c.json) {
    json j = planJson(plan, true);
    j["fund_balance_fen"] = balance;
    out << j.dump(2) << "\n";
    return 0;
  }
  printPlan(out, plan);
  out << "Paid " << quarter->toString() << ": " << plan.points << " points to " << plan.villagers
      << " villagers; drew " << yuanText(plan.fen) << " yuan; the fund holds " << yuanText(balance)
      << " yuan.\n";
  return 0;
}

// ---- credit-stars ----------------------------------------------------------------------------

json candidateJson(const db::CreditStarCandidate& c) {
  return {{"id", c.record.id},
          {"name", c.name},
          {"year_end_score", c.record.year_end_score},
          {"volunteer_minutes", c.record.volunteer_minutes},
          {"deductions", c.record.deductions_in_year},
          {"awarded", c.awarded}};
}

void printStars(std::ostream& out, const db::CreditStarList& l, const core::Settings& s) {
  out << l.year << " 信用之星 — credit-star candidates, scores as of "
      << core::formatChinaTime(l.as_of_ms) << " (the council names " << s.credit_stars_per_year
      << ")\n";
  out << "  " << pad("#", 4) << pad("id", 7) << pad("name", 10) << pad("score", 8)
      << pad("volunteer", 14) << "\n";
  int n = 0;
  for (const auto& c : l.candidates) {
    out << "  " << pad(std::to_string(++n), 4) << pad(std::to_string(c.record.id), 7)
        << pad(c.name, 10) << pad(std::to_string(c.record.year_end_score), 8)
        << pad(std::to_string(c.record.volunteer_minutes / 60) + " h " +
                   std::to_string(c.record.volunteer_minutes % 60) + " min",
               14)
        << (c.awarded ? "★ 信用之星 awarded" : "") << "\n";
  }
  if (l.candidates.empty()) out << "  (none)\n";
  if (l.awarded_at_ms) {
    out << "Awarded " << core::formatChinaTime(*l.awarded_at_ms) << ":";
    for (const auto& a : l.awarded) out << " " << a.name << " (" << a.record.id << ")";
    out << "\n";
  } else {
    out << "Not awarded yet; record the council's choice with --award ID,ID,ID.\n";
  }
}

int cmdCreditStars(const RewardCommand& c, const core::Settings& settings, std::ostream& out) {
  const auto a = parseArgs(c.args, {"--year", "--award"}, c.name, {});
  if (!a.words.empty())
    throw std::invalid_argument("credit-stars takes no argument '" + a.words.front() + "'");
  const auto year_text = a.flag("--year");
  if (!year_text) throw std::invalid_argument("credit-stars needs --year YYYY, e.g. --year 2026");
  const auto year = parsePositiveArg(*year_text, "--year");
  if (year < 2000 || year > 2999)
    throw std::invalid_argument("--year must be 2000 to 2999, not " + *year_text);
  std::vector<core::VillagerId> ids;
  if (auto award = a.flag("--award")) ids = parseIds(*award);
  auto d = openLedger(c.db_path);
  db::Fund fund(d, settings);
  const std::int64_t now = db::nowMs();
  const auto list = ids.empty() ? need(fund.creditStars(static_cast<int>(year), now))
                                : need(fund.awardCreditStars(static_cast<int>(year), ids, now));
  if (c.json) {
    json cands = json::array();
    for (const auto& x : list.candidates) cands.push_back(candidateJson(x));
    json awarded = json::array();
    for (const auto& x : list.awarded) awarded.push_back(candidateJson(x));
    json j = {{"year", list.year},
              {"scores_as_of", core::formatChinaTime(list.as_of_ms)},
              {"stars_per_year", settings.credit_stars_per_year},
              {"candidates", cands},
              {"awarded", awarded}};
    j["awarded_at"] =
        list.awarded_at_ms ? json(core::formatChinaTime(*list.awarded_at_ms)) : json(nullptr);
    out << j.dump(2) << "\n";
    return 0;
  }
  printStars(out, list, settings);
  return 0;
}

}  // namespace

// ---- dispatch --------------------------------------------------------------------------------

bool isRewardCommand(const std::string& name) noexcept {
  return name == "fund" || name == "rewards" || name == "credit-stars";
}

int runRewardCommand(const RewardCommand& c, const core::Settings& settings, std::ostream& out,
                     std::ostream& /*err*/) {
  if (c.name == "fund") return cmdFund(c, settings, out);
  if (c.name == "rewards") return cmdRewards(c, settings, out);
  if (c.name == "credit-stars") return cmdCreditStars(c, settings, out);
  throw std::invalid_argument("unknown command '" + c.name + "'");
}

}  // namespace rc::office
