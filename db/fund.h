#pragma once
// The red credit fund (红色信用基金, migration 0015): deposits and the quarterly rewards it pays,
// and the council's annual credit stars (信用之星). Money is kept in fen (1 yuan = 100 fen) as
// 64-bit integers and summed with overflow checks. Movements, paid quarters and awards are
// append-only.
//
// Quarterly rewards: every villager not moved away whose score, as of the quarter's end (or
// now, while the quarter runs), reaches a policy level (core::rewardLevelFor) gets the level's
// points as a FundReward entry; the fund pays reward_fen_per_point for each point. A quarter is
// paid once; the entries, the draw and the quarter's row are written in one transaction, and
// nothing is written when the fund cannot cover it.
//
// Ownership: borrows a Database. Thread-safety: as the Database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/boards.h"
#include "core/result.h"
#include "core/settings.h"
#include "core/types.h"
#include "db/ledger.h"
#include "db/sqlite.h"

namespace rc::db {

// A calendar quarter, "2026Q4".
struct Quarter {
  int year = 0;
  int number = 1;  // 1..4

  static std::optional<Quarter> parse(std::string_view text) noexcept;
  static Quarter of(core::YearMonth ym) noexcept { return {ym.year, ym.quarter()}; }
  std::string toString() const;
  core::YearMonth firstMonth() const noexcept { return {year, (number - 1) * 3 + 1}; }
  core::YearMonth lastMonth() const noexcept { return {year, number * 3}; }
  std::int64_t startMs() const noexcept;  // 00:00 China Standard Time on its first day
  std::int64_t endMs() const noexcept;    // exclusive: the next quarter's start
  auto operator<=>(const Quarter&) const = default;
};

// The reference and detail of a quarter's FundReward entries: "fund-2026Q4",
// "2026年第4季度红色信用基金奖励（一等）".
std::string fundRewardReference(Quarter q);
std::string fundRewardDetail(Quarter q, std::string_view level_name);

// The largest amount one deposit may carry: 100 million yuan.
inline constexpr std::int64_t kMaxDepositFen = 10'000'000'000;
inline constexpr std::size_t kMaxFundNote = 200;

// "150000", "1234.5", "1234.50" yuan → fen; nullopt for anything else (signs, commas, more
// than two decimals, zero, more than kMaxDepositFen).
std::optional<std::int64_t> parseYuan(std::string_view text) noexcept;
// 15000000 → "150,000.00".
std::string formatYuan(std::int64_t fen);

enum class FundMovementKind { Deposit, Reward, Withdrawal };
std::string_view toString(FundMovementKind k) noexcept;

struct FundMovement {
  std::int64_t id = 0;
  FundMovementKind kind = FundMovementKind::Deposit;
  std::int64_t amount_fen = 0;  // signed: positive in, negative out
  std::string note;
  std::string quarter;  // rewards only
  std::int64_t at_ms = 0;
};

enum class FundError {
  BadInput,        // an amount, note, quarter or year out of shape
  NotBegun,        // the quarter or year has not begun
  AlreadyPaid,     // the quarter was paid already
  Insufficient,    // the fund cannot cover the rewards
  NotCandidate,    // an awarded villager is not a candidate
  TooMany,         // more awards than credit_stars_per_year
  AlreadyAwarded,  // the year's credit stars were awarded already
  Changed,         // the scores changed between the preview and the payment
  Ledger,          // a reward entry was refused (see message)
  Storage,         // SQLite failed; nothing was written
};

struct FundFailure {
  FundError code = FundError::Storage;
  std::string message;
};

template <class T>
using FundResult = Result<T, FundFailure>;

struct RewardLevelTotal {
  core::RewardLevel level;
  std::int64_t villagers = 0;
  std::int64_t points = 0;
  std::int64_t fen = 0;
};

struct RewardPayee {
  core::VillagerId id = 0;
  int score = core::kBaseScore;
  std::size_t level = 0;  // index into the plan's levels
};

// What paying a quarter would do.
struct RewardPlan {
  Quarter quarter;
  std::int64_t as_of_ms = 0;  // scores of entries dated before this moment
  std::int64_t fen_per_point = 0;
  std::vector<RewardLevelTotal> levels;  // every policy level, highest first
  std::vector<RewardPayee> payees;       // by villager id
  std::int64_t villagers = 0, points = 0, fen = 0;
  std::int64_t balance_fen = 0;            // the fund now
  bool covered = false;                    // balance_fen >= fen
  std::optional<std::int64_t> paid_at_ms;  // when the quarter was paid already
};

struct PaidQuarter {
  std::string quarter;
  std::int64_t villagers = 0, points = 0, fen = 0;
  std::int64_t paid_at_ms = 0;
};

struct CreditStarCandidate {
  core::AnnualRecord record;
  std::string name;
  bool awarded = false;
};

struct CreditStarList {
  int year = 0;
  std::int64_t as_of_ms = 0;
  std::vector<CreditStarCandidate> candidates;  // core::creditStarCandidates order
  std::vector<CreditStarCandidate> awarded;     // the council's choice, by villager id
  std::optional<std::int64_t> awarded_at_ms;
};

class Fund {
 public:
  Fund(Database& db, core::Settings settings);

  // Deposits minus draws, checked.
  FundResult<std::int64_t> balanceFen();
  std::vector<FundMovement> movements();
  std::vector<PaidQuarter> paidQuarters();

  FundResult<FundMovement> deposit(std::int64_t fen, std::string_view note, std::int64_t at_ms);
  // Money taken out (a deposit entered wrongly, money the council spent otherwise): refused
  // (Insufficient) when the fund holds less.
  FundResult<FundMovement> withdraw(std::int64_t fen, std::string_view note, std::int64_t at_ms);

  // The quarter's rewards as of min(now_ms, its end); refused for a quarter not begun by now_ms.
  FundResult<RewardPlan> planRewards(Quarter q, std::int64_t now_ms);
  // Writes the plan's FundReward entries (kiosk db::kOfficeKioskId, dated at_ms), the fund's
  // draw and the quarter's row in one transaction. Refused, with nothing written, when the
  // quarter is paid already, the fund cannot cover it, or the scores behind the plan changed
  // since it was made (all checked again inside the transaction).
  FundResult<PaidQuarter> payRewards(Ledger& ledger, const RewardPlan& plan, std::int64_t at_ms);
  // Records a quarter's rewards already written as entries (the demo village): the draw and
  // the quarter's row, in the caller's transaction. Refused when the quarter is paid or the
  // fund cannot cover it.
  FundResult<PaidQuarter> recordPaidQuarter(Quarter q, std::int64_t villagers, std::int64_t points,
                                            std::int64_t at_ms);

  // Candidates for the year's credit stars as of min(now_ms, the year's end), by
  // core::creditStarCandidates over every villager not moved away; and who was awarded.
  FundResult<CreditStarList> creditStars(int year, std::int64_t now_ms);
  // Records the council's choice: each a candidate, at most credit_stars_per_year, once a year.
  FundResult<CreditStarList> awardCreditStars(int year, const std::vector<core::VillagerId>& ids,
                                              std::int64_t now_ms);

 private:
  FundResult<FundMovement> move(FundMovementKind kind, std::int64_t fen, std::string_view note,
                                std::int64_t at_ms);
  FundResult<PaidQuarter> recordDraw(Quarter q, std::int64_t villagers, std::int64_t points,
                                     std::int64_t fen, std::int64_t at_ms);
  std::optional<std::int64_t> paidAt(Quarter q);
  FundResult<RewardPlan> planAsOf(Quarter q, std::int64_t as_of_ms);

  Database& m_db;
  core::Settings m_settings;
};

}  // namespace rc::db
