// Power cuts through the fault VFS (support/power_cuts.h): a kiosk's ledger redeeming and the
// office's ledger merging pushes, the power cut at a random write or sync each round, the files
// put back as the disk held them (half the time with the last write torn), then reopened:
// integrity_check ok, verify true, no acknowledged entry lost or held twice.
//
// RC_POWER_CUTS sets the number of cuts (default 50; `scripts/bench durability` runs 1,000),
// RC_POWER_SEED the seed. A failure names its cut and the two variables that replay it.

#include <gtest/gtest.h>

#include <iostream>

#include "support/env.h"
#include "support/power_cuts.h"
#include "support/temp_dir.h"

namespace rc::test {
namespace {

TEST(PowerCutTest, NoAcknowledgedEntryIsLostAndEveryLedgerReopensWhole) {
  PowerCutOptions o;
  o.cuts = envLong("RC_POWER_CUTS", 50);
  o.seed = static_cast<std::uint64_t>(envLong("RC_POWER_SEED", 20261202));
  TempDir dir;  // a real disk, as the ledgers have
  const auto r = runPowerCuts(dir.path().string(), o);

  std::cout << "[ power    ] seed=" << o.seed << " cuts=" << r.cuts << " torn=" << r.torn
            << " before_first_commit=" << r.before_first_commit
            << " acknowledged=" << r.acknowledged() << " (kiosk " << r.kiosk_acknowledged
            << ", office " << r.office_acknowledged << ")"
            << " committed_unacknowledged=" << r.committed_unacknowledged << " lost=" << r.lost
            << " duplicated=" << r.duplicated << " integrity_failures=" << r.integrity_failures
            << " verify_failures=" << r.verify_failures << " operations=" << r.operations
            << " seconds=" << r.seconds << "\n";
  for (const auto& p : r.problems) ADD_FAILURE() << p;

  EXPECT_EQ(r.cuts, o.cuts);
  EXPECT_EQ(r.lost, 0);
  EXPECT_EQ(r.duplicated, 0);
  EXPECT_EQ(r.integrity_failures, 0);
  EXPECT_EQ(r.verify_failures, 0);
  EXPECT_TRUE(r.problems.empty());
  // The run did real work: both ledgers acknowledged entries between the cuts, and some
  // cuts came before a round's first commit.
  if (o.cuts >= 20) {
    EXPECT_GT(r.kiosk_acknowledged, o.cuts / 4);
    EXPECT_GT(r.office_acknowledged, o.cuts / 4);
    EXPECT_GT(r.torn, 0);
  }
}

}  // namespace
}  // namespace rc::test
