#pragma once
// The village book: the standing tables every village on red credit starts from — the rule book
// of the 红色信用管理办法 (11 categories, 35 rules), the five grids, the fourteen volunteer teams
// of the "Beautiful Dongdao" corps and the service stations. `rc-office init` writes it into an
// empty office ledger, and the demo village is built on it. Plain constant data; thread-safe.

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "core/services.h"
#include "core/types.h"
#include "db/ledger.h"

namespace rc::office::book {

// 第一网格 … 第五网格, split by where the houses stand.
std::span<const std::string_view> gridNames();

// Who a volunteer team recruits, so that members look like who would really join.
enum class TeamFocus {
  Party,    // led by party members (红先锋, 红色宣讲)
  Anyone,   // anyone aged 8 and over
  Adults,   // 18..75
  Men,      // men 20..70 (patrols, craftsmen)
  Women,    // women 18..75 (巾帼)
  Youth,    // 8..35
  Elderly,  // 60 and over (银龄互助)
};

struct TeamSpec {
  std::string_view name;
  TeamFocus focus;
};
// The 14 teams of the "Beautiful Dongdao" (美丽东岛) volunteer corps.
std::span<const TeamSpec> teamSpecs();

// Who a rule can sensibly apply to.
enum class RuleAudience {
  Adults,  // most rules: conduct of grown-ups
  AnyAge,  // good deeds and tidy courtyards, children included
  Party,   // party members only (organisation life)
};

struct RuleSpec {
  std::string_view code;  // "R01".."R35"
  int category;           // index into ruleCategories()
  std::string_view title;
  int score_delta;  // awards +1..+10, deductions -2..-20
  RuleAudience audience;
};
// The 11 categories (大类) of the 红色信用管理办法.
std::span<const std::string_view> ruleCategories();
// The 35 rules (考核细则).
std::span<const RuleSpec> ruleSpecs();

struct StationSpec {
  core::StationKind kind;
  std::string_view name;
};
// One per core::StationKind.
std::span<const StationSpec> stationSpecs();

// The ids the book's rows were given, in the order of gridNames() and teamSpecs().
struct VillageBookIds {
  std::vector<core::GridId> grids;
  std::vector<core::TeamId> teams;
};

// Writes the grids, teams, rule book and stations into `ledger`'s database (the caller holds
// the transaction). Throws std::runtime_error when a write fails (a name already taken).
VillageBookIds writeVillageBook(db::Ledger& ledger);
// Only the rule book's categories and rules (part of writeVillageBook; the same throws).
void writeRuleBook(db::Database& d);

}  // namespace rc::office::book
