// Suite "sync": a kiosk's 10,000-entry backlog pushed to a real office server over loopback,
// and a fresh kiosk pulling a 100,000-villager roster. Sizes: RC_BENCH_BACKLOG,
// RC_BENCH_ROSTER.
#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <thread>

#include "bench/bench.h"
#include "db/catalog.h"
#include "db/kiosk_journal.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/roster.h"
#include "db/schema.h"
#include "office/server.h"
#include "sync/client.h"

namespace rc::bench {
namespace {

int envCount(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v ? std::max(1, std::atoi(v)) : fallback;
}

// "10k" for 10000, "100k" for 100000, else the number: a figure's key says the size it measured.
std::string sizeName(int n) {
  return n % 1000 == 0 ? std::to_string(n / 1000) + "k" : std::to_string(n);
}

void removeDb(const std::filesystem::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix, ec);
}

// An office server on 127.0.0.1 for the length of a benchmark: HTTPS with the office's own
// certificate (beside its ledger), which the kiosk pins, as in the field.
class RunningOffice {
 public:
  explicit RunningOffice(const std::string& path) {
    office::ServerOptions o;
    o.db_path = path;
    m_server = std::make_unique<office::OfficeServer>(o, core::Settings{});
    m_port = m_server->bind().value();
    m_thread = std::thread([this] { m_server->run(); });
    while (!m_server->running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~RunningOffice() {
    m_server->stop();
    m_thread.join();
  }
  RunningOffice(const RunningOffice&) = delete;
  RunningOffice& operator=(const RunningOffice&) = delete;
  std::string url() const { return "https://127.0.0.1:" + std::to_string(m_port); }
  const std::string& certificateSha256() const { return m_server->certificateSha256(); }

 private:
  std::unique_ptr<office::OfficeServer> m_server;
  int m_port = 0;
  std::thread m_thread;
};

sync::KioskIdentity enroll(db::Database& d, const std::string& id) {
  db::Ledger ledger(d, core::Settings{});
  db::OfficeSync s(ledger);
  const auto keys = sync::newKeyPair();
  need(s.enrollKiosk(id, keys.public_key, db::nowMs()), "enrolling kiosk " + id);
  return {id, keys.secret_key};
}

// `villagers` villagers in households of three across `grids` grids, each with a card and,
// when `points` > 0, a fund reward.
void seedRoster(db::Database& d, int villagers, int grids, int points) {
  db::Roster roster(d);
  db::Ledger ledger(d, core::Settings{});
  db::Transaction tx(d);
  std::vector<core::GridId> grid_ids;
  for (int g = 0; g < grids; ++g) {
    grid_ids.push_back(need(roster.addGrid("网格" + std::to_string(g)), "adding a grid"));
  }
  core::HouseholdId household = 0;
  for (int i = 0; i < villagers; ++i) {
    if (i % 3 == 0) {
      household =
          need(roster.addHousehold(grid_ids[static_cast<std::size_t>(i / 3) % grid_ids.size()],
                                   "门牌 " + std::to_string(i / 3), false),
               "adding a household");
    }
    db::Villager v;
    v.household_id = household;
    v.name = "村民" + std::to_string(i);
    v.party_member = i % 25 == 0;
    const auto id = need(roster.addVillager(v), "adding villager " + std::to_string(i + 1));
    need(roster.bindCard("C" + std::to_string(id), id, "ic", 1), "binding a card");
    if (points > 0) {
      db::EntryDraft f;
      f.villager_id = id;
      f.kind = core::EntryKind::FundReward;
      f.points_delta = points;
      need(ledger.append(f), "a fund reward");
    }
  }
  need(tx.commit(), "committing the roster");
}

// One fresh office and kiosk, the kiosk holding `n` unsynced sales; the seconds one round takes
// to push them all and pull. Anything short of every entry acknowledged is a failed step.
double backlogOnce(Context& ctx, int n, int round) {
  ctx.step("backlog round " + std::to_string(round) + ": a fresh office and a kiosk holding " +
           std::to_string(n) + " sales");
  const auto office_path = ctx.workDir() / "sync-office.db";
  const auto kiosk_path = ctx.workDir() / "sync-kiosk.db";
  removeDb(office_path);
  removeDb(kiosk_path);
  sync::KioskIdentity id;
  {
    db::Database d(office_path.string());
    need(db::migrate(d), "migrating the office");
    // Points for every sale: each of the 100 villagers buys n / 100 soaps at a point each (one
    // fund reward, within the per-entry bound).
    seedRoster(d, 100, 1, 1'000'000);
    db::Catalog catalog(d);
    need(catalog.addProduct({"SOAP", "", "肥皂", "日用", 1, 0, 0, false, true}),
         "adding a product");
    need(catalog.moveStock("SOAP", 10'000'000, "receive", std::nullopt, db::nowMs(), ""),
         "stocking it");
    id = enroll(d, "supermarket");
  }
  RunningOffice office(office_path.string());
  sync::SyncConfig cfg;
  cfg.office_url = office.url();
  cfg.office_cert_sha256 = office.certificateSha256();
  cfg.identity = id;
  cfg.db_path = kiosk_path.string();
  sync::SyncClient client(cfg);
  need(client.round(), "the kiosk's first round (roster and catalog)");
  {
    db::Database kd(kiosk_path.string());
    db::Ledger kl(kd, core::Settings{});
    db::KioskJournal journal(kl, id.kiosk_id);
    db::Transaction tx(kd);
    for (int i = 0; i < n; ++i) {
      db::RedemptionDraft r;
      r.villager_id = 1 + i % 100;
      r.lines = {{"SOAP", 1}};
      need(journal.redeem(r), "kiosk sale " + std::to_string(i + 1));
    }
    need(tx.commit(), "committing the kiosk's sales");
  }
  const auto pending = client.pendingCount();
  if (pending != n) {
    fail("the kiosk holds " + std::to_string(pending) + " unsynced entries, not " +
         std::to_string(n));
  }
  ctx.step("backlog round " + std::to_string(round) + ": pushing " + std::to_string(n) +
           " entries");
  const auto t0 = Clock::now();
  const auto r = client.round();
  const double s = secondsSince(t0);
  const auto report = need(r, "the sync round");
  if (report.pushed != n || client.pendingCount() != 0) {
    fail("the backlog did not drain: the office acknowledged " + std::to_string(report.pushed) +
         " of " + std::to_string(n) + " entries, " + std::to_string(client.pendingCount()) +
         " still pending");
  }
  ctx.say("pushed " + std::to_string(report.pushed) + " entries in " +
          std::to_string(report.push_requests) + " requests, " + std::to_string(s) + " s");
  return s;
}

// The median of three rounds, each from scratch (the machines are shared); the spread is printed.
void backlog(Context& ctx) {
  const int n = envCount("RC_BENCH_BACKLOG", 10000);
  std::vector<double> runs;
  for (int i = 0; i < 3; ++i) runs.push_back(backlogOnce(ctx, n, i + 1));
  std::sort(runs.begin(), runs.end());
  std::ostringstream spread;
  spread << "backlog rounds: " << runs.front() << " .. " << runs.back() << " s";
  ctx.say(spread.str());
  const double s = runs[1];
  // Every round pushed exactly n entries (backlogOnce fails otherwise).
  ctx.put("sync.backlog_" + sizeName(n) + "_s", s, "s");
  ctx.put("sync.backlog_entries_per_s", static_cast<double>(n) / s, "entries/s");
}

void rosterPull(Context& ctx) {
  const int n = envCount("RC_BENCH_ROSTER", 100000);
  const auto office_path = ctx.workDir() / "sync-roster-office.db";
  const auto kiosk_path = ctx.workDir() / "sync-roster-kiosk.db";
  removeDb(office_path);
  removeDb(kiosk_path);
  sync::KioskIdentity id;
  {
    ctx.step("an office roster of " + std::to_string(n) + " villagers");
    db::Database d(office_path.string());
    need(db::migrate(d), "migrating the office");
    seedRoster(d, n, 100, 100);
    id = enroll(d, "supermarket");
  }
  RunningOffice office(office_path.string());
  sync::SyncConfig cfg;
  cfg.office_url = office.url();
  cfg.office_cert_sha256 = office.certificateSha256();
  cfg.identity = id;
  cfg.db_path = kiosk_path.string();
  sync::SyncClient client(cfg);
  ctx.step("a fresh kiosk's first round: the whole roster pulled");
  const auto t0 = Clock::now();
  const auto r = client.round();
  const double s = secondsSince(t0);
  const auto report = need(r, "the pull");
  ctx.say("pulled in " + std::to_string(report.pull_pages) + " pages");
  {
    db::Database kd(kiosk_path.string(), db::OpenMode::ReadOnly);
    const auto got = db::Roster(kd).villagers().size();
    if (got != static_cast<std::size_t>(n)) {
      fail("the kiosk holds " + std::to_string(got) + " villagers after the pull, not " +
           std::to_string(n));
    }
  }
  ctx.put("sync.roster_" + sizeName(n) + "_pull_s", s, "s");
}

}  // namespace

void runSyncSuite(Context& ctx) {
  backlog(ctx);
  rosterPull(ctx);
}

}  // namespace rc::bench
