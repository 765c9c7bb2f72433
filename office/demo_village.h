#pragma once
// The demo village: a deterministic, seeded Dongdao Liujia (东岛刘家村) with the source's
// figures (docs/domain.md) — 358 households, 928 villagers, 36 party members (4 on the
// committee), 5 grids, 14 volunteer teams, 11 rule categories with 35 rules, twelve months of
// council meetings, volunteer hours, redemptions and quarterly fund rewards, supermarket goods
// with stock, the service stations with slots, and a card for every villager.
//
// It lives in the past: no entry is dated after the moment of init-demo (`now_ms`). The twelve
// months end with the latest council meeting held by then — in `latest_month` when its meeting
// (the 25th to the 28th) is over, else in the month before, and `latest_month` then holds what
// happened up to that moment (hours served, redemptions), without a meeting. The fund pays only
// for quarters that have ended. At the end of the latest council's month, and at the moment of
// init-demo, exactly 31 villagers are below the welfare threshold and 17 households fail the
// household rule; reports and boards default to that month (meta `latest_month`).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "core/types.h"
#include "db/ledger.h"

namespace rc::office {

struct DemoOptions {
  std::uint64_t seed = 1;
  core::YearMonth latest_month{2026, 11};  // must have begun by `now_ms`
  // The moment of init-demo (Unix ms); unset: the clock when buildDemoVillage runs.
  std::optional<std::int64_t> now_ms{};
};

struct DemoFigures {
  int households = 0;
  int villagers = 0;
  int party_members = 0;
  int entries = 0;
  int products = 0;
  int slots = 0;
  int requests = 0;  // open service requests (haircut, repair, errand)
  core::YearMonth latest_council{};  // the month of the latest council meeting
};

// Fills an empty, migrated database inside one transaction (all or nothing). `progress` gets
// a short description of each stage. Throws std::runtime_error when the database is not empty
// or a write fails (start-up path: the caller writes to a temporary file and renames on
// success).
DemoFigures buildDemoVillage(db::Ledger& ledger, const DemoOptions& options,
                             const std::function<void(const std::string&)>& progress = {});

}  // namespace rc::office
