#pragma once
// The demo village: a deterministic, seeded Dongdao Liujia (东岛刘家村) with the source's
// figures — 358 households, 928 villagers, 36 party members (4 on the committee), 5 grids, 14
// volunteer teams, 11 rule categories with 35 rules, twelve months of council events and
// volunteer hours ending in `latest_month`, supermarket goods with stock, the service stations
// with slots, and a card for every villager. In the latest month exactly 31 villagers are
// below the welfare threshold and 17 households fail the household rule.

#include <cstdint>
#include <functional>
#include <string>

#include "core/types.h"
#include "db/ledger.h"

namespace rc::office {

struct DemoOptions {
  std::uint64_t seed = 1;
  core::YearMonth latest_month{2026, 11};
};

struct DemoFigures {
  int households = 0;
  int villagers = 0;
  int party_members = 0;
  int entries = 0;
  int products = 0;
  int slots = 0;
};

// Fills an empty, migrated database inside one transaction (all or nothing). `progress` gets
// a short description of each stage. Throws std::runtime_error when the database is not empty
// or a write fails (start-up path: the caller writes to a temporary file and renames on
// success).
DemoFigures buildDemoVillage(db::Ledger& ledger, const DemoOptions& options,
                             const std::function<void(const std::string&)>& progress = {});

}  // namespace rc::office
