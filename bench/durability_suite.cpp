// The durability suite: the power-cut run of the tests (tests/support/power_cuts.h), 1,000 cuts
// instead of 50: a kiosk's ledger redeeming and the office's ledger merging pushes, the power
// cut at a random write or sync through the fault VFS, each ledger reopened and checked. The
// figures are the counts; the goals (docs/benchmarks.md) are 0 lost, 0 integrity or verify
// failures, 0 held twice.
//
// RC_BENCH_POWER_CUTS sets the number of cuts (default 1000), RC_POWER_SEED the seed.
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "bench/bench.h"
#include "tests/support/env.h"
#include "tests/support/power_cuts.h"

namespace rc::bench {

void runDurabilitySuite(Context& ctx) {
  test::PowerCutOptions o;
  o.cuts = std::max(1L, test::envLong("RC_BENCH_POWER_CUTS", 1000));
  o.seed = static_cast<std::uint64_t>(test::envLong("RC_POWER_SEED", 20261202));
  o.progress = [&ctx](const std::string& line) { ctx.say(line); };
  const auto dir = ctx.workDir() / "durability";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec) fail("cannot make " + dir.string() + ": " + ec.message());

  ctx.step(std::to_string(o.cuts) + " power cuts, seed " + std::to_string(o.seed));
  const auto r = test::runPowerCuts(dir.string(), o);
  for (const auto& p : r.problems) std::cerr << "durability: " << p << "\n";
  // A problem the counts below do not hold (work that failed with the power on, a file the
  // shim could not put back) is a run that measured nothing.
  const bool counted = r.lost + r.duplicated + r.integrity_failures + r.verify_failures > 0;
  if (!r.problems.empty() && !counted) fail(r.problems.front());

  ctx.put("durability.cuts", static_cast<double>(r.cuts), "cuts");
  ctx.put("durability.torn_cuts", static_cast<double>(r.torn), "cuts");
  ctx.put("durability.acknowledged", static_cast<double>(r.acknowledged()), "entries");
  ctx.put("durability.committed_unacknowledged", static_cast<double>(r.committed_unacknowledged),
          "entries");
  ctx.put("durability.lost", static_cast<double>(r.lost), "entries");
  ctx.put("durability.duplicated", static_cast<double>(r.duplicated), "entries");
  ctx.put("durability.integrity_failures", static_cast<double>(r.integrity_failures), "reopens");
  ctx.put("durability.verify_failures", static_cast<double>(r.verify_failures), "reopens");
  ctx.put("durability.s", r.seconds, "s");
  std::filesystem::remove_all(dir, ec);
}

}  // namespace rc::bench
