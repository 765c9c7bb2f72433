#include "db/fund.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <set>

#include "core/rules.h"
#include "core/text.h"
#include "db/reports.h"
#include "db/roster.h"

// Sections: quarters and amounts; the fund; quarterly rewards; credit stars.

namespace rc::db {
namespace {

Err<FundFailure> fail(FundError code, std::string message) {
  return err(FundFailure{code, std::move(message)});
}
Err<FundFailure> failDb(const DbError& e) { return fail(FundError::Storage, e.message); }

std::optional<std::int64_t> checkedAdd(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t out = 0;
  if (__builtin_add_overflow(a, b, &out)) return std::nullopt;
  return out;
}
std::optional<std::int64_t> checkedMul(std::int64_t a, std::int64_t b) noexcept {
  std::int64_t out = 0;
  if (__builtin_mul_overflow(a, b, &out)) return std::nullopt;
  return out;
}

}  // namespace

// ---- quarters and amounts --------------------------------------------------------------------

std::optional<Quarter> Quarter::parse(std::string_view text) noexcept {
  if (text.size() != 6 || (text[4] != 'Q' && text[4] != 'q')) return std::nullopt;
  int year = 0;
  const auto [p, ec] = std::from_chars(text.data(), text.data() + 4, year);
  if (ec != std::errc() || p != text.data() + 4 || year < 2000 || year > 2999) return std::nullopt;
  if (text[5] < '1' || text[5] > '4') return std::nullopt;
  return Quarter{year, text[5] - '0'};
}

std::string Quarter::toString() const {
  return std::to_string(year) + "Q" + std::to_string(number);
}

std::int64_t Quarter::startMs() const noexcept { return core::monthStartMs(firstMonth()); }
std::int64_t Quarter::endMs() const noexcept { return core::monthStartMs(lastMonth().next()); }

std::string fundRewardReference(Quarter q) { return "fund-" + q.toString(); }

std::string fundRewardDetail(Quarter q, std::string_view level_name) {
  return std::to_string(q.year) + "年第" + std::to_string(q.number) + "季度红色信用基金奖励（" +
         std::string(level_name) + "）";
}

std::optional<std::int64_t> parseYuan(std::string_view text) noexcept {
  if (text.empty() || text.size() > 20) return std::nullopt;
  const auto dot = text.find('.');
  const std::string_view whole = text.substr(0, dot);
  const std::string_view cents =
      dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
  if (whole.empty() || (dot != std::string_view::npos && (cents.empty() || cents.size() > 2))) {
    return std::nullopt;
  }
  auto digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (!digits(whole) || !digits(cents)) return std::nullopt;
  std::int64_t yuan = 0;
  const auto [p, ec] = std::from_chars(whole.data(), whole.data() + whole.size(), yuan);
  if (ec != std::errc() || p != whole.data() + whole.size()) return std::nullopt;
  std::int64_t fen_part = 0;
  for (std::size_t i = 0; i < 2; ++i)
    fen_part = fen_part * 10 + (i < cents.size() ? cents[i] - '0' : 0);
  const auto scaled = checkedMul(yuan, 100);
  if (!scaled) return std::nullopt;
  const auto fen = checkedAdd(*scaled, fen_part);
  if (!fen || *fen <= 0 || *fen > kMaxDepositFen) return std::nullopt;
  return fen;
}

std::string formatYuan(std::int64_t fen) {
  const bool negative = fen < 0;
  // The magnitude as unsigned, so that the smallest int64 is printed too.
  const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(fen)
                                           : static_cast<std::uint64_t>(fen);
  const std::string yuan = std::to_string(magnitude / 100);
  std::string grouped;
  for (std::size_t i = 0; i < yuan.size(); ++i) {
    if (i > 0 && (yuan.size() - i) % 3 == 0) grouped += ',';
    grouped += yuan[i];
  }
  const auto cents = magnitude % 100;
  return (negative ? "-" : "") + grouped + "." + (cents < 10 ? "0" : "") + std::to_string(cents);
}

std::string_view toString(FundMovementKind k) noexcept {
  switch (k) {
    case FundMovementKind::Deposit: return "deposit";
    case FundMovementKind::Reward: return "reward";
    case FundMovementKind::Withdrawal: return "withdrawal";
  }
  return "deposit";
}

// ---- the fund --------------------------------------------------------------------------------

Fund::Fund(Database& db, core::Settings settings) : m_db(db), m_settings(std::move(settings)) {}

FundResult<std::int64_t> Fund::balanceFen() {
  std::int64_t balance = 0;
  for (const auto& m : movements()) {
    const auto next = checkedAdd(balance, m.amount_fen);
    if (!next) return fail(FundError::Storage, "the fund's balance does not fit 64 bits");
    balance = *next;
  }
  return balance;
}

std::vector<FundMovement> Fund::movements() {
  auto st = m_db.cached(
      "SELECT id, kind, amount_fen, note, COALESCE(quarter, ''), at_ms FROM fund_movements "
      "ORDER BY at_ms, id");
  std::vector<FundMovement> out;
  while (true) {
    auto row = st->step();
    if (!row) throw DbException(row.error());
    if (!*row) break;
    FundMovement m;
    m.id = st->columnInt(0);
    const auto kind = st->columnTextView(1);
    m.kind = kind == "deposit"    ? FundMovementKind::Deposit
             : kind == "reward" ? FundMovementKind::Reward
                                : FundMovementKind::Withdrawal;
    m.amount_fen = m.kind == FundMovementKind::Deposit ? st->columnInt(2) : -st->columnInt(2);
    m.note = st->columnText(3);
    m.quarter = st->columnText(4);
    m.at_ms = st->columnInt(5);
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<PaidQuarter> Fund::paidQuarters() {
  auto st = m_db.cached(
      "SELECT quarter, villagers, points, fen, paid_at_ms FROM reward_quarters ORDER BY quarter");
  std::vector<PaidQuarter> out;
  while (true) {
    auto row = st->step();
    if (!row) throw DbException(row.error());
    if (!*row) break;
    out.push_back({st->columnText(0), st->columnInt(1), st->columnInt(2), st->columnInt(3),
                   st->columnInt(4)});
  }
  return out;
}

FundResult<FundMovement> Fund::deposit(std::int64_t fen, std::string_view note,
                                       std::int64_t at_ms) {
  return move(FundMovementKind::Deposit, fen, note, at_ms);
}

FundResult<FundMovement> Fund::withdraw(std::int64_t fen, std::string_view note,
                                        std::int64_t at_ms) {
  return move(FundMovementKind::Withdrawal, fen, note, at_ms);
}

FundResult<FundMovement> Fund::move(FundMovementKind kind, std::int64_t fen, std::string_view note,
                                    std::int64_t at_ms) {
  const std::string what = kind == FundMovementKind::Deposit ? "a deposit" : "a withdrawal";
  if (fen <= 0 || fen > kMaxDepositFen) {
    return fail(FundError::BadInput,
                what + " is more than 0 and at most " + formatYuan(kMaxDepositFen) + " yuan");
  }
  const bool control = std::any_of(note.begin(), note.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u < 0x20 || u == 0x7f;
  });
  if (note.empty() || note.size() > kMaxFundNote || !core::validUtf8(note) || control) {
    return fail(FundError::BadInput, what + " needs a note of 1 to " +
                                         std::to_string(kMaxFundNote) +
                                         " bytes of UTF-8 text without control characters");
  }
  try {
    Transaction tx(m_db);
    auto balance = balanceFen();
    if (!balance) return err(balance.error());
    const std::int64_t signed_fen = kind == FundMovementKind::Deposit ? fen : -fen;
    const auto after = checkedAdd(*balance, signed_fen);
    if (!after) return fail(FundError::BadInput, "the fund's balance would not fit 64 bits");
    if (*after < 0) {
      return fail(FundError::Insufficient, "the fund holds " + formatYuan(*balance) +
                                               " yuan, less than " + formatYuan(fen) + " yuan");
    }
    auto st = m_db.cached(
        "INSERT INTO fund_movements (kind, amount_fen, note, quarter, at_ms) "
        "VALUES (?, ?, ?, NULL, ?)");
    st->bind(1, toString(kind)).bind(2, fen).bind(3, note).bind(4, at_ms);
    if (auto r = st->run(); !r) return failDb(r.error());
    FundMovement m{m_db.lastInsertRowid(), kind, signed_fen, std::string(note), "", at_ms};
    if (auto r = tx.commit(); !r) return failDb(r.error());
    return m;
  } catch (const DbException& e) {
    return failDb(e.error());
  }
}

std::optional<std::int64_t> Fund::paidAt(Quarter q) {
  auto st = m_db.cached("SELECT paid_at_ms FROM reward_quarters WHERE quarter = ?");
  st->bind(1, q.toString());
  auto row = st->step();
  if (!row) throw DbException(row.error());
  if (!*row) return std::nullopt;
  return st->columnInt(0);
}

// ---- quarterly rewards -----------------------------------------------------------------------

FundResult<RewardPlan> Fund::planRewards(Quarter q, std::int64_t now_ms) {
  if (now_ms < q.startMs()) {
    return fail(FundError::NotBegun, q.toString() + " has not begun (it starts " +
                                         core::formatChinaTime(q.startMs()) + ")");
  }
  return planAsOf(q, std::min(now_ms, q.endMs()));
}

FundResult<RewardPlan> Fund::planAsOf(Quarter q, std::int64_t as_of_ms) {
  try {
    RewardPlan plan;
    plan.quarter = q;
    plan.as_of_ms = as_of_ms;
    plan.fen_per_point = m_settings.reward_fen_per_point;
    for (const auto& level : m_settings.reward_levels) plan.levels.push_back({level, 0, 0, 0});

    Roster roster(m_db);
    std::set<core::VillagerId> moved;
    for (const auto& v : roster.villagers()) {
      if (v.moved_away) moved.insert(v.id);
    }
    for (const auto& sc : roster.scoresAsOf(plan.as_of_ms)) {
      if (moved.contains(sc.id)) continue;
      const auto level = core::rewardLevelFor(sc.score, m_settings);
      if (!level || level->points <= 0) continue;
      const auto at = std::find_if(plan.levels.begin(), plan.levels.end(),
                                   [&](const RewardLevelTotal& t) { return t.level == *level; });
      if (at == plan.levels.end())
        return fail(FundError::BadInput, "a reward level is not in the policy");
      plan.payees.push_back({sc.id, sc.score, static_cast<std::size_t>(at - plan.levels.begin())});
      at->villagers += 1;
      at->points += level->points;
    }
    for (auto& t : plan.levels) {
      const auto fen = checkedMul(t.points, plan.fen_per_point);
      const auto total = fen ? checkedAdd(plan.fen, *fen) : std::nullopt;
      if (!total) return fail(FundError::BadInput, "the rewards' amount does not fit 64 bits");
      t.fen = *fen;
      plan.fen = *total;
      plan.villagers += t.villagers;
      plan.points += t.points;
    }
    auto balance = balanceFen();
    if (!balance) return err(balance.error());
    plan.balance_fen = *balance;
    plan.covered = plan.balance_fen >= plan.fen;
    plan.paid_at_ms = paidAt(q);
    return plan;
  } catch (const DbException& e) {
    return failDb(e.error());
  }
}

FundResult<PaidQuarter> Fund::recordDraw(Quarter q, std::int64_t villagers, std::int64_t points,
                                         std::int64_t fen, std::int64_t at_ms) {
  if (auto paid = paidAt(q)) {
    return fail(FundError::AlreadyPaid,
                q.toString() + " was paid already, at " + core::formatChinaTime(*paid));
  }
  auto balance = balanceFen();
  if (!balance) return err(balance.error());
  if (*balance < fen) {
    return fail(FundError::Insufficient, "the fund holds " + formatYuan(*balance) + " yuan; " +
                                             q.toString() + "'s rewards need " + formatYuan(fen) +
                                             " yuan");
  }
  std::optional<std::int64_t> movement;
  if (fen > 0) {
    auto st = m_db.cached(
        "INSERT INTO fund_movements (kind, amount_fen, note, quarter, at_ms) "
        "VALUES ('reward', ?, ?, ?, ?)");
    st->bind(1, fen)
        .bind(2, std::to_string(q.year) + "年第" + std::to_string(q.number) + "季度信用奖励")
        .bind(3, q.toString())
        .bind(4, at_ms);
    if (auto r = st->run(); !r) return failDb(r.error());
    movement = m_db.lastInsertRowid();
  }
  auto st = m_db.cached(
      "INSERT INTO reward_quarters (quarter, villagers, points, fen, movement_id, paid_at_ms) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  st->bind(1, q.toString()).bind(2, villagers).bind(3, points).bind(4, fen);
  if (movement) {
    st->bind(5, *movement);
  } else {
    st->bindNull(5);
  }
  st->bind(6, at_ms);
  if (auto r = st->run(); !r) return failDb(r.error());
  return PaidQuarter{q.toString(), villagers, points, fen, at_ms};
}

FundResult<PaidQuarter> Fund::recordPaidQuarter(Quarter q, std::int64_t villagers,
                                                std::int64_t points, std::int64_t at_ms) {
  const auto fen = checkedMul(points, m_settings.reward_fen_per_point);
  if (!fen || points < 0 || villagers < 0)
    return fail(FundError::BadInput, "the rewards' amount does not fit 64 bits");
  try {
    Transaction tx(m_db);
    auto r = recordDraw(q, villagers, points, *fen, at_ms);
    if (!r) return r;
    if (auto c = tx.commit(); !c) return failDb(c.error());
    return r;
  } catch (const DbException& e) {
    return failDb(e.error());
  }
}

FundResult<PaidQuarter> Fund::payRewards(Ledger& ledger, const RewardPlan& plan,
                                         std::int64_t at_ms) {
  try {
    Transaction tx(m_db);
    // Checked again inside the transaction: another clerk may have paid, drawn or posted an
    // entry dated within the quarter meanwhile.
    auto fresh = planAsOf(plan.quarter, plan.as_of_ms);
    if (!fresh) return err(fresh.error());
    const auto same = [](const RewardPayee& a, const RewardPayee& b) {
      return a.id == b.id && a.score == b.score && a.level == b.level;
    };
    if (fresh->fen != plan.fen || fresh->fen_per_point != plan.fen_per_point ||
        !std::equal(fresh->payees.begin(), fresh->payees.end(), plan.payees.begin(),
                    plan.payees.end(), same)) {
      return fail(FundError::Changed,
                  "the scores for " + plan.quarter.toString() +
                      " changed since the preview; nothing was paid, look again");
    }
    auto r = recordDraw(plan.quarter, plan.villagers, plan.points, plan.fen, at_ms);
    if (!r) return r;
    for (const auto& p : plan.payees) {
      const auto& level = plan.levels.at(p.level).level;
      EntryDraft d;
      d.villager_id = p.id;
      d.kind = core::EntryKind::FundReward;
      d.points_delta = level.points;
      d.reference = fundRewardReference(plan.quarter);
      d.detail = fundRewardDetail(plan.quarter, level.name);
      d.at_ms = at_ms;
      auto e = ledger.appendInTransaction(d, {});
      if (!e) {
        return fail(FundError::Ledger, "the reward for villager " + std::to_string(p.id) +
                                           " was refused: " + e.error().message);
      }
    }
    if (auto c = tx.commit(); !c) return failDb(c.error());
    return r;
  } catch (const DbException& e) {
    return failDb(e.error());
  }
}

// ---- credit stars ----------------------------------------------------------------------------

FundResult<CreditStarList> Fund::creditStars(int year, std::int64_t now_ms) {
  if (year < 2000 || year > 2999) return fail(FundError::BadInput, "a year is 2000 to 2999");
  const std::int64_t start = core::monthStartMs({year, 1});
  const std::int64_t end = core::monthStartMs({year + 1, 1});
  if (now_ms < start) return fail(FundError::NotBegun, std::to_string(year) + " has not begun");
  try {
    CreditStarList out;
    out.year = year;
    out.as_of_ms = std::min(now_ms, end);
    Roster roster(m_db);
    std::map<core::VillagerId, int> scores;
    for (const auto& sc : roster.scoresAsOf(out.as_of_ms)) scores[sc.id] = sc.score;
    std::map<core::VillagerId, int> deductions;
    {
      // Council deductions dated in the year and not reversed.
      auto st = m_db.cached(
          "SELECT e.villager_id, count(*) FROM entries e WHERE e.kind = ? AND e.at_ms >= ? AND "
          "e.at_ms < ? AND NOT EXISTS (SELECT 1 FROM entries v WHERE v.voids_seq = e.seq) "
          "GROUP BY e.villager_id");
      st->bind(1, core::toString(core::EntryKind::CouncilDeduction))
          .bind(2, start)
          .bind(3, out.as_of_ms);
      while (true) {
        auto row = st->step();
        if (!row) throw DbException(row.error());
        if (!*row) break;
        deductions[st->columnInt(0)] = static_cast<int>(st->columnInt(1));
      }
    }
    const core::YearMonth last = core::monthOfMs(out.as_of_ms - 1);
    std::vector<core::AnnualRecord> records;
    std::map<core::VillagerId, std::string> names;
    for (const auto& v : roster.villagers()) {
      names[v.id] = v.name;
      if (v.moved_away) continue;
      core::AnnualRecord r;
      r.id = v.id;
      r.year_end_score = scores.contains(v.id) ? scores[v.id] : core::kBaseScore;
      r.deductions_in_year = deductions.contains(v.id) ? deductions[v.id] : 0;
      std::int64_t minutes = 0;
      for (core::YearMonth m{year, 1}; m <= last && m.year == year; m = m.next()) {
        minutes += volunteerMinutesOf(m_db, v.id, m);
      }
      r.volunteer_minutes = static_cast<int>(std::min<std::int64_t>(minutes, 1'000'000'000));
      records.push_back(r);
    }
    std::set<core::VillagerId> awarded;
    {
      auto st = m_db.cached("SELECT awarded_at_ms FROM credit_star_years WHERE year = ?");
      st->bind(1, year);
      if (auto row = st->step(); row && *row) out.awarded_at_ms = st->columnInt(0);
      auto list = m_db.cached(
          "SELECT villager_id, year_end_score FROM credit_stars WHERE year = ? ORDER BY "
          "villager_id");
      list->bind(1, year);
      while (true) {
        auto row = list->step();
        if (!row) throw DbException(row.error());
        if (!*row) break;
        const core::VillagerId id = list->columnInt(0);
        awarded.insert(id);
        core::AnnualRecord r;
        r.id = id;
        r.year_end_score = static_cast<int>(list->columnInt(1));
        for (const auto& rec : records) {
          if (rec.id == id) r = rec;
        }
        out.awarded.push_back({r, names[id], true});
      }
    }
    for (const auto& c : core::creditStarCandidates(records, m_settings)) {
      out.candidates.push_back({c, names[c.id], awarded.contains(c.id)});
    }
    return out;
  } catch (const DbException& e) {
    return failDb(e.error());
  }
}

FundResult<CreditStarList> Fund::awardCreditStars(int year,
                                                  const std::vector<core::VillagerId>& ids,
                                                  std::int64_t now_ms) {
  if (ids.empty()) return fail(FundError::BadInput, "name at least one villager to award");
  const std::set<core::VillagerId> unique(ids.begin(), ids.end());
  if (unique.size() != ids.size()) return fail(FundError::BadInput, "a villager is named twice");
  if (ids.size() > static_cast<std::size_t>(std::max(0, m_settings.credit_stars_per_year))) {
    return fail(FundError::TooMany,
                "the council awards at most " + std::to_string(m_settings.credit_stars_per_year) +
                    " credit stars a year; " + std::to_string(ids.size()) + " were named");
  }
  try {
    Transaction tx(m_db);
    auto list = creditStars(year, now_ms);
    if (!list) return list;
    if (list->awarded_at_ms) {
      return fail(FundError::AlreadyAwarded, std::to_string(year) +
                                                 "'s credit stars were awarded already, at " +
                                                 core::formatChinaTime(*list->awarded_at_ms));
    }
    for (const auto id : ids) {
      const bool candidate =
          std::any_of(list->candidates.begin(), list->candidates.end(),
                      [&](const CreditStarCandidate& c) { return c.record.id == id; });
      if (!candidate) {
        return fail(FundError::NotCandidate, "villager " + std::to_string(id) +
                                                 " is not a candidate for " + std::to_string(year));
      }
    }
    auto y = m_db.cached("INSERT INTO credit_star_years (year, awarded_at_ms) VALUES (?, ?)");
    y->bind(1, year).bind(2, now_ms);
    if (auto r = y->run(); !r) return failDb(r.error());
    for (const auto id : ids) {
      const auto& c =
          *std::find_if(list->candidates.begin(), list->candidates.end(),
                        [&](const CreditStarCandidate& x) { return x.record.id == id; });
      auto st = m_db.cached(
          "INSERT INTO credit_stars (year, villager_id, year_end_score) VALUES (?, ?, ?)");
      st->bind(1, year).bind(2, id).bind(3, c.record.year_end_score);
      if (auto r = st->run(); !r) return failDb(r.error());
    }
    if (auto c = tx.commit(); !c) return failDb(c.error());
  } catch (const DbException& e) {
    return failDb(e.error());
  }
  return creditStars(year, now_ms);
}

}  // namespace rc::db
