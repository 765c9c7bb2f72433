#pragma once
// The demo village's fixed tables: surnames and given names, grids, volunteer teams, the rule
// book, supermarket goods and service stations. Plain constant data (no randomness here: the
// seeded choices live in demo_village.cpp), so a table can be read and reviewed on its own.
// Thread-safe: everything is immutable and statically initialised.

#include <span>
#include <string_view>

#include "core/services.h"

namespace rc::office::demo {

inline constexpr std::string_view kVillageName = "东岛刘家村";
// It is 刘家村: most families carry the village's own surname.
inline constexpr std::string_view kDominantSurname = "刘";

// Surnames common in Shandong (and Rongcheng in particular).
std::span<const std::string_view> commonSurnames();
// Rarer surname characters still found around Weihai; they exercise fonts and search.
std::span<const std::string_view> rareSurnames();

// Given names follow fashions, so they are chosen by the generation a villager was born in.
enum class Era { Before1960, Before1990, Since1990 };
std::span<const std::string_view> givenNames(char gender, Era era);
// One-character given names, common in every generation.
std::span<const std::string_view> singleGivenNames(char gender);

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

struct ProductSpec {
  std::string_view sku;
  std::string_view name;
  std::string_view category;
  int price_points;
  int per_order_limit;  // 0: the settings' default
  bool requires_welfare;
  int opening_stock;  // units received when the supermarket opened
};
// Goods of the red credit supermarket.
std::span<const ProductSpec> productSpecs();

struct StationSpec {
  core::StationKind kind;
  std::string_view name;
};
// One per core::StationKind.
std::span<const StationSpec> stationSpecs();

}  // namespace rc::office::demo
