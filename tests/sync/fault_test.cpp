// Two kiosks selling offline and syncing through a proxy that drops, duplicates, reorders,
// delays, cuts and resets, driven by a seed. Whatever the network did, each seed ends with
// every kiosk entry recorded exactly once at the office and kiosk and office in agreement.
// RC_SYNC_SEEDS sets how many seeds run (default 32).
#include <gtest/gtest.h>

#include <cstdlib>
#include <random>

#include "fault_proxy.h"
#include "sync_fixture.h"

namespace rc::sync::test {
namespace {

// Faults the proxy injected, of every kind.
int injectedFaults(const FaultProxy& proxy) {
  int n = 0;
  for (const auto& [f, count] : proxy.counts()) n += f == Fault::None ? 0 : count;
  return n;
}

std::uint64_t seedCount() {
  const char* env = std::getenv("RC_SYNC_SEEDS");
  const long n = env ? std::strtol(env, nullptr, 10) : 32;
  return static_cast<std::uint64_t>(n > 0 ? n : 32);
}

class FaultSeeds : public SyncFixture, public ::testing::WithParamInterface<std::uint64_t> {
 protected:
  SyncConfig viaProxy(const KioskIdentity& id, int proxy_port) {
    auto c = config(id, proxy_port);
    c.batch_size = 3;  // several batches per round, so faults land between them
    c.jitter_seed = GetParam();
    return c;
  }

  // Rounds until one completes (the proxy keeps misbehaving); bounded.
  static void syncUntilDone(SyncClient& c, int& failures) {
    for (int i = 0; i < 200; ++i) {
      if (c.round().ok()) return;
      ++failures;
    }
    FAIL() << "no round got through in 200 attempts";
  }
};

TEST_P(FaultSeeds, EndsWithOfficeAndKiosksIdentical) {
  const std::uint64_t seed = GetParam();
  std::mt19937_64 rng(seed);
  FaultProxy proxy(m_port, seed, 0.4, officeCertificate(), m_office_sha256);
  const auto a = enroll("supermarket");
  const auto b = enroll("laundry");
  SyncClient ca(viaProxy(a, proxy.port()));
  SyncClient cb(viaProxy(b, proxy.port()));
  int failures = 0;
  syncUntilDone(ca, failures);
  syncUntilDone(cb, failures);
  KioskSide ka(viaProxy(a, proxy.port()).db_path, a.kiosk_id, m_settings);
  KioskSide kb(viaProxy(b, proxy.port()).db_path, b.kiosk_id, m_settings);
  const std::vector<std::string> skus = {"RICE", "OIL", "SOAP"};
  int sales = 0;
  for (int phase = 0; phase < 4; ++phase) {
    for (KioskSide* k : {&ka, &kb}) {
      const int n = 1 + static_cast<int>(rng() % 5);
      for (int i = 0; i < n; ++i) {
        const auto v = m_villagers[rng() % m_villagers.size()];
        const auto& sku = skus[rng() % skus.size()];
        const int qty = 1 + static_cast<int>(rng() % 2);
        if (k->journal.redeem(cart(v, {{sku, qty}})).ok()) ++sales;
      }
      if (rng() % 3 == 0) {  // a void now and then
        const auto last = k->ledger.recentEntries(m_villagers[rng() % m_villagers.size()], 1);
        if (!last.empty() && last[0].kind == core::EntryKind::Redemption &&
            last[0].kiosk_id == k->journal.kioskId()) {
          db::VoidDraft v;
          v.kiosk_id = k->journal.kioskId();
          v.target_seq = last[0].seq;
          v.reason = "returned";
          (void)k->ledger.voidEntry(v);
        }
      }
    }
    if (rng() % 2 == 0) fund(m_villagers[rng() % m_villagers.size()], 40);
    for (SyncClient* c : {&ca, &cb}) {
      const int tries = static_cast<int>(rng() % 3);
      for (int t = 0; t < tries; ++t) failures += c->round().ok() ? 0 : 1;
    }
  }
  syncUntilDone(ca, failures);
  syncUntilDone(cb, failures);
  syncUntilDone(ca, failures);  // a hears of b's last entries
  // A run proves something only if there was something to sync and the network misbehaved.
  EXPECT_GT(sales, 0);
  EXPECT_GT(injectedFaults(proxy), 0);
  EXPECT_GT(failures, 0);
  expectIdentical(ka);
  expectIdentical(kb);
  // Nothing lost, nothing twice.
  for (KioskSide* k : {&ka, &kb}) {
    EXPECT_GT(k->journal.lastSeq(), 0) << k->journal.kioskId() << " recorded nothing";
    auto st = m_office->prepare("SELECT count(*), COUNT(DISTINCT uuid) FROM entries WHERE kiosk_id = ?");
    st.bind(1, k->journal.kioskId());
    ASSERT_TRUE(st.step().ok());
    EXPECT_EQ(st.columnInt(0), k->journal.lastSeq());
    EXPECT_EQ(st.columnInt(1), k->journal.lastSeq());
  }
  std::string faults;
  for (const auto& [f, n] : proxy.counts()) faults += std::string(" ") + faultName(f) + "=" + std::to_string(n);
  RecordProperty("faults", faults);
  std::cout << "seed " << seed << ": " << sales << " sales, " << failures
            << " failed rounds, proxy:" << faults << "\n";
}

INSTANTIATE_TEST_SUITE_P(Seeds, FaultSeeds, ::testing::Range<std::uint64_t>(1, 1 + seedCount()));

TEST_F(SyncFixture, TheBackgroundWorkerGetsThroughAFaultyNetwork) {
  FaultProxy proxy(m_port, 4242, 0.5, officeCertificate(), m_office_sha256);
  const auto id = enroll("supermarket");
  auto cfg = config(id, proxy.port());
  cfg.batch_size = 2;
  {
    SyncClient first(config(id, m_port));  // the roster, straight from the office
    ASSERT_TRUE(first.round().ok());
  }
  KioskSide k(cfg.db_path, id.kiosk_id, m_settings);
  SyncWorker worker(cfg);
  worker.start();
  // Six soaps on the shelf (buildVillage): six sales, then the shelf is empty.
  constexpr int kSoaps = 6;
  for (int i = 0; i < kSoaps + 2; ++i) {
    const auto sold = k.journal.redeem(cart(m_villagers[i % kVillagers], {{"SOAP", 1}}));
    if (i < kSoaps) {
      ASSERT_TRUE(sold.ok()) << "sale " << i << ": " << sold.error().message;
    } else {
      ASSERT_FALSE(sold.ok()) << "sale " << i << " from an empty shelf";
      ASSERT_TRUE(sold.error().cart_problem.has_value()) << sold.error().message;
      EXPECT_EQ(sold.error().cart_problem->error, core::CartError::OutOfStock);
    }
    worker.nudge();
  }
  const auto last = k.journal.lastSeq();
  bool done = false;
  for (int i = 0; i < 1000 && !done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    const auto s = worker.status();
    done = s.pending == 0 && s.consecutive_failures == 0 && s.last_success_ms &&
           db::OfficeSync(*m_office_ledger).heldSeq(id.kiosk_id) == last;
  }
  worker.stop();
  ASSERT_TRUE(done) << worker.status().last_error;
  EXPECT_EQ(last, kSoaps);
  EXPECT_GT(injectedFaults(proxy), 0);
  SyncClient final(config(id, m_port));
  ASSERT_TRUE(final.round().ok());
  expectIdentical(k);
}

}  // namespace
}  // namespace rc::sync::test
