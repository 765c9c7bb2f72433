#pragma once
// Finding villagers for the office console: by part of the name, by household code, by
// card (IC/ID uid or QR serial); and a household with its members. Each row carries what a
// list shows (household, grid, score, points). Pure reads; SQL with bound parameters only.
// Thread-safety: as the Database.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/types.h"
#include "db/sqlite.h"

namespace rc::db {

struct VillagerRow {
  core::VillagerId id = 0;
  std::string name;
  core::HouseholdId household_id = 0;
  std::string household_code;
  std::string address;
  core::GridId grid_id = 0;
  std::string grid_name;
  std::int64_t score = core::kBaseScore;
  std::int64_t points = 0;
  bool is_head = false;
  bool party_member = false;
  bool moved_away = false;
};

struct VillagerSearch {
  std::vector<VillagerRow> rows;  // by name, then id; at most `limit`
  bool more = false;              // more matched than `limit`
  std::string matched_by;         // "card", "household" or "name" (empty: nothing matched)
};

// `text` (trimmed by the caller, non-empty): a card's uid or QR serial ("Q000123") finds its
// villager (a revoked card too: the office looks up whose it was); a household code ("H012")
// finds its members; otherwise the villagers whose name contains it. `grid`: only
// villagers of that grid (a collector's scope).
VillagerSearch searchVillagers(Database& db, const std::string& text,
                               std::optional<core::GridId> grid, std::size_t limit);

// One villager's row; nullopt when there is none.
std::optional<VillagerRow> villagerRow(Database& db, core::VillagerId id);

struct HouseholdView {
  core::HouseholdId id = 0;
  std::string code;
  std::string address;
  core::GridId grid_id = 0;
  std::string grid_name;
  bool relief = false;
  std::optional<core::VillagerId> head_id;
  std::vector<VillagerRow> members;  // the head first, then by id
};
std::optional<HouseholdView> householdView(Database& db, core::HouseholdId id);

}  // namespace rc::db
