#pragma once
// The demo village's own tables: surnames, given names and supermarket goods (the grids, teams,
// rule book and stations every village starts from are in office/village_book.h). Plain
// constant data (no randomness here: the seeded choices live in demo_village.cpp), so a table
// can be read and reviewed on its own.
// Thread-safe: everything is immutable and statically initialised.

#include <span>
#include <string_view>

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

}  // namespace rc::office::demo
