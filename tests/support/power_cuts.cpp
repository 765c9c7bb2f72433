#include "support/power_cuts.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <optional>
#include <random>
#include <stdexcept>

#include "core/rules.h"
#include "core/settings.h"
#include "db/catalog.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/roster.h"
#include "db/schema.h"
#include "db/sqlite.h"
#include "support/fault_vfs.h"

namespace rc::test {
namespace {

constexpr core::VillagerId kVillager = 1;
constexpr const char* kSku = "POWER-SOAP";
constexpr int kPrice = 3;
constexpr std::int64_t kStartPoints = 3'000'000;
constexpr int kStartStock = 1'000'000;
constexpr const char* kKioskOwn = "kiosk-power";   // redeems on its own ledger
constexpr const char* kKioskPush = "kiosk-pushes";  // pushes to the office's
constexpr int kMaxBatch = 4;
// The cut lands on one of the next kWindow writes and syncs: a redemption takes about a dozen
// (log frames, the commit's sync) and a checkpoint as many again, so a round commits a few
// times before the power goes, and sometimes not at all.
constexpr std::int64_t kWindow = 120;
constexpr std::size_t kMaxProblems = 20;
// A round that never loses power (a bug in the run itself) stops here.
constexpr int kMaxWorkPerRound = 10'000;

std::string uuidFor(char side, std::int64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "power-%c-%08lld", side, static_cast<long long>(i));
  return buf;
}

void need(bool ok, const std::string& what) {
  if (!ok) throw std::runtime_error("power cuts: cannot set up the ledger: " + what);
}

// One villager with plenty of points, one product with plenty of stock; the office's ledger
// also knows the kiosk that pushes to it.
void makeLedger(const std::string& path, bool office) {
  db::Database d(path);
  need(db::migrate(d).ok(), "migrate");
  db::Roster roster(d);
  auto grid = roster.addGrid("第一网格");
  need(grid.ok(), "grid");
  auto household = roster.addHousehold(*grid, "东岛路1号", false);
  need(household.ok(), "household");
  db::Villager v;
  v.id = kVillager;
  v.household_id = *household;
  v.name = "王秀英";
  need(roster.addVillager(v).ok(), "villager");
  core::Product p;
  p.sku = kSku;
  p.name = "洗衣皂";
  p.category = "日用品";
  p.price_points = kPrice;
  db::Catalog catalog(d);
  need(catalog.addProduct(p).ok(), "product");
  need(catalog.moveStock(kSku, kStartStock, "receive", std::nullopt, db::nowMs(), "").ok(),
       "stock");
  db::Ledger ledger(d, core::Settings{});
  for (std::int64_t left = kStartPoints; left > 0;) {
    db::EntryDraft fund;
    fund.villager_id = kVillager;
    fund.kind = core::EntryKind::FundReward;
    fund.points_delta = static_cast<int>(std::min(left, core::kMaxEntryAmount));
    fund.reference = "季度基金奖励";
    left -= fund.points_delta;
    need(ledger.append(fund).ok(), "fund reward");
  }
  if (office) {
    need(db::OfficeSync(ledger).enrollKiosk(kKioskPush, {}, db::nowMs()).ok(), "enroll");
  }
}

db::RedemptionDraft redemption(std::int64_t i) {
  db::RedemptionDraft d;
  d.uuid = uuidFor('k', i);
  d.kiosk_id = kKioskOwn;
  d.kiosk_seq = i + 1;
  d.villager_id = kVillager;
  d.lines = {{kSku, 1}};
  d.reference = "P-" + std::to_string(i);
  return d;
}

// The pushing kiosk's entries as its own file would hash them: the same content every time
// an index is asked for, so a resubmission is the same entry.
class PushedEntries {
 public:
  explicit PushedEntries(std::int64_t at_ms) : m_at_ms(at_ms) {}
  std::vector<db::WireEntry> range(std::int64_t from, std::int64_t count) {
    while (static_cast<std::int64_t>(m_entries.size()) < from + count) {
      const auto i = static_cast<std::int64_t>(m_entries.size());
      db::WireEntry w;
      w.uuid = uuidFor('o', i);
      w.kiosk_seq = i + 1;
      w.villager_id = kVillager;
      w.kind = core::EntryKind::Redemption;
      w.points_delta = -kPrice;
      w.reference = "P-" + std::to_string(i);
      const core::CartLine line{kSku, 1};
      w.detail = db::formatLines({&line, 1});
      w.at_ms = m_at_ms + i;
      w.hash = db::kioskChainHash(m_head, kKioskPush, w, std::nullopt);
      m_head = w.hash;
      m_entries.push_back(std::move(w));
    }
    return {m_entries.begin() + from, m_entries.begin() + from + count};
  }

 private:
  std::int64_t m_at_ms;
  db::Hash m_head{};
  std::vector<db::WireEntry> m_entries;
};

class Run {
 public:
  Run(const std::string& dir, const PowerCutOptions& o)
      : m_kiosk_path(dir + "/kiosk.db"), m_office_path(dir + "/office.db"), m_o(o) {}

  PowerCutReport go() {
    const auto began = std::chrono::steady_clock::now();
    makeLedger(m_kiosk_path, false);
    makeLedger(m_office_path, true);
    FaultVfs vfs;
    for (long k = 0; k < m_o.cuts; ++k) {
      round(vfs, k);
      if (m_o.progress && (k + 1) % 50 == 0) {
        m_o.progress("cut " + std::to_string(k + 1) + "/" + std::to_string(m_o.cuts) +
                     ": acknowledged " + std::to_string(m_r.acknowledged()) + ", lost " +
                     std::to_string(m_r.lost) + ", integrity failures " +
                     std::to_string(m_r.integrity_failures));
      }
    }
    m_r.operations = vfs.operations();
    m_r.seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
    return m_r;
  }

 private:
  void problem(long k, const std::string& what) {
    if (m_r.problems.size() >= kMaxProblems) return;
    m_r.problems.push_back("cut " + std::to_string(k) + " (" + m_round + "; replay with RC_POWER_SEED=" +
                           std::to_string(m_o.seed) + " RC_POWER_CUTS=" + std::to_string(k + 1) +
                           "): " + what);
  }

  void round(FaultVfs& vfs, long k) {
    std::mt19937_64 rng(m_o.seed ^ (0x9e3779b97f4a7c15ULL * static_cast<std::uint64_t>(k + 1)));
    const bool office = k % 2 == 1;
    const bool tear = rng() % 2 == 1;
    const auto at = std::uniform_int_distribution<std::int64_t>(1, kWindow)(rng);
    const auto batch_seed = rng();
    vfs.armPowerCut(at, tear ? CutMode::Tear : CutMode::Discard, rng());
    m_round = std::string(office ? "office merging" : "kiosk redeeming") + ", " +
              (tear ? "torn" : "discarded") + " at write or sync " + std::to_string(at);

    std::int64_t acked = 0;
    std::string unexpected;
    try {
      db::Database d(office ? m_office_path : m_kiosk_path, db::OpenMode::ReadWrite);
      if (auto st = d.exec("PRAGMA wal_autocheckpoint=16"); !st) throw db::DbException(st.error());
      db::Ledger ledger(d, core::Settings{});
      if (office) {
        acked = pushUntilTheCut(vfs, ledger, batch_seed, unexpected);
      } else {
        acked = redeemUntilTheCut(vfs, ledger, unexpected);
      }
    } catch (const std::exception& e) {
      if (!vfs.powerIsOff()) unexpected = e.what();
    }
    if (!vfs.powerIsOff() && unexpected.empty()) unexpected = "the power never went";
    if (!unexpected.empty()) problem(k, "failed with the power on: " + unexpected);
    CutReport cut;
    try {
      cut = vfs.restoreAfterCut();
    } catch (const std::exception& e) {
      problem(k, e.what());
    }
    ++m_r.cuts;
    if (cut.torn) ++m_r.torn;
    if (acked == 0) ++m_r.before_first_commit;
    check(k, office);
  }

  std::int64_t redeemUntilTheCut(FaultVfs& vfs, db::Ledger& ledger, std::string& unexpected) {
    std::int64_t acked = 0;
    for (int n = 0; n < kMaxWorkPerRound && !vfs.powerIsOff(); ++n) {
      auto r = ledger.redeem(redemption(m_kiosk_next));
      if (!r) {
        if (!vfs.powerIsOff()) unexpected = "redemption: " + r.error().message;
        break;
      }
      if (r->duplicate) ++m_r.committed_unacknowledged;  // the retry of the one in flight
      ++m_kiosk_next;
      ++m_r.kiosk_acknowledged;
      ++acked;
    }
    return acked;
  }

  std::int64_t pushUntilTheCut(FaultVfs& vfs, db::Ledger& ledger, std::uint64_t seed,
                               std::string& unexpected) {
    std::mt19937_64 rng(seed);
    db::OfficeSync sync(ledger);
    std::int64_t acked = 0;
    for (int n = 0; n < kMaxWorkPerRound && !vfs.powerIsOff(); ++n) {
      const auto size = std::uniform_int_distribution<std::int64_t>(1, kMaxBatch)(rng);
      // From the first entry the office has not acknowledged: after a cut, the batch in flight
      // again (the office answers for what it already holds).
      const auto batch = m_pushed.range(m_office_next, size);
      auto r = sync.applyBatch(kKioskPush, batch);
      if (!r) {
        if (!vfs.powerIsOff()) unexpected = "push: " + r.error().message;
        break;
      }
      if (r->applied + r->duplicates != size) {
        unexpected = "push of " + std::to_string(size) + " applied " +
                     std::to_string(r->applied) + " and found " + std::to_string(r->duplicates);
        break;
      }
      m_r.committed_unacknowledged += r->duplicates;
      m_office_next += size;
      m_r.office_acknowledged += size;
      acked += size;
    }
    return acked;
  }

  // After the cut: the file opens, SQLite finds it whole, the ledger verifies, and the side's
  // entries are 1..n by kiosk seq with every acknowledged one among them.
  void check(long k, bool office) {
    const std::int64_t acked = office ? m_office_next : m_kiosk_next;
    const std::int64_t in_flight = office ? kMaxBatch : 1;
    const char* kiosk = office ? kKioskPush : kKioskOwn;
    try {
      db::Database d(office ? m_office_path : m_kiosk_path, db::OpenMode::ReadWrite);
      {
        auto st = d.prepare("PRAGMA integrity_check");
        std::string said;
        while (true) {
          auto row = st.step();
          if (!row) {
            said += row.error().message;
            break;
          }
          if (!*row) break;
          said += (said.empty() ? "" : "; ") + st.columnText(0);
        }
        if (said != "ok") {
          ++m_r.integrity_failures;
          problem(k, "integrity_check: " + said.substr(0, 300));
        }
      }
      db::Ledger ledger(d, core::Settings{});
      const auto v = ledger.verify();
      if (!v.ok) {
        ++m_r.verify_failures;
        problem(k, "verify: " + (v.problems.empty() ? std::string("false") : v.problems.front()));
      }
      auto st = d.prepare(
          "SELECT count(*), count(DISTINCT uuid), coalesce(max(kiosk_seq), 0) FROM entries "
          "WHERE kiosk_id = ?");
      st.bind(1, std::string_view(kiosk));
      auto row = st.step();
      if (!row || !*row) throw std::runtime_error("cannot count the entries");
      const std::int64_t held = st.columnInt(0);
      const std::int64_t distinct = st.columnInt(1);
      const std::int64_t top = st.columnInt(2);
      st.reset();
      if (distinct != held) {
        m_r.duplicated += held - distinct;
        problem(k, std::to_string(held - distinct) + " entries held twice");
      }
      // Distinct seqs (the table's constraint), the highest equal to their count: 1..held.
      if (top != held) problem(k, "the kiosk seqs held have a gap: " + std::to_string(held) +
                                      " entries up to seq " + std::to_string(top));
      if (held < acked) {
        m_r.lost += acked - held;
        problem(k, std::to_string(acked - held) + " acknowledged entries lost (" +
                       std::to_string(acked) + " acknowledged, " + std::to_string(held) +
                       " held)");
      }
      if (held > acked + in_flight) {
        problem(k, std::to_string(held) + " entries held but only " + std::to_string(acked) +
                       " acknowledged and " + std::to_string(in_flight) + " in flight");
      }
      if (office) {
        const auto office_held = db::OfficeSync(ledger).heldSeq(kiosk);
        if (office_held != held) {
          problem(k, "the office says it holds up to seq " + std::to_string(office_held) +
                         " but has " + std::to_string(held));
        }
      }
    } catch (const std::exception& e) {
      ++m_r.integrity_failures;
      problem(k, std::string("cannot read the ledger after the cut: ") + e.what());
    }
  }

  std::string m_kiosk_path;
  std::string m_office_path;
  const PowerCutOptions& m_o;
  PowerCutReport m_r;
  std::string m_round;
  std::int64_t m_kiosk_next = 0;   // the first redemption not acknowledged
  std::int64_t m_office_next = 0;  // the first pushed entry not acknowledged
  PushedEntries m_pushed{db::nowMs()};
};

}  // namespace

PowerCutReport runPowerCuts(const std::string& dir, const PowerCutOptions& options) {
  return Run(dir, options).go();
}

}  // namespace rc::test
