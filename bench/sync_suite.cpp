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

void removeDb(const std::filesystem::path& p) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(p.string() + suffix, ec);
}

double secondsSince(Clock::time_point t0) { return microsSince(t0) / 1e6; }

// An office server on 127.0.0.1 for the length of a benchmark.
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
  std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port); }

 private:
  std::unique_ptr<office::OfficeServer> m_server;
  int m_port = 0;
  std::thread m_thread;
};

sync::KioskIdentity enroll(db::Database& d, const std::string& id) {
  db::Ledger ledger(d, core::Settings{});
  db::OfficeSync s(ledger);
  const auto keys = sync::newKeyPair();
  (void)s.enrollKiosk(id, keys.public_key, db::nowMs());
  return {id, keys.secret_key};
}

// `villagers` villagers in households of three across `grids` grids, each with a card and,
// when `points` > 0, a fund reward.
void seedRoster(db::Database& d, int villagers, int grids, int points) {
  db::Roster roster(d);
  db::Ledger ledger(d, core::Settings{});
  db::Transaction tx(d);
  std::vector<core::GridId> grid_ids;
  for (int g = 0; g < grids; ++g) grid_ids.push_back(roster.addGrid("网格" + std::to_string(g)).value());
  core::HouseholdId household = 0;
  for (int i = 0; i < villagers; ++i) {
    if (i % 3 == 0) {
      household = roster.addHousehold(grid_ids[static_cast<std::size_t>(i / 3) % grid_ids.size()],
                                      "门牌 " + std::to_string(i / 3), false)
                      .value();
    }
    db::Villager v;
    v.household_id = household;
    v.name = "村民" + std::to_string(i);
    v.party_member = i % 25 == 0;
    const auto id = roster.addVillager(v).value();
    (void)roster.bindCard("C" + std::to_string(id), id, "ic", 1);
    if (points > 0) {
      db::EntryDraft f;
      f.villager_id = id;
      f.kind = core::EntryKind::FundReward;
      f.points_delta = points;
      (void)ledger.append(f);
    }
  }
  (void)tx.commit();
}

// One fresh office and kiosk, the kiosk holding `n` unsynced sales; the seconds one round takes.
double backlogOnce(Context& ctx, int n, bool say) {
  const auto office_path = ctx.workDir() / "sync-office.db";
  const auto kiosk_path = ctx.workDir() / "sync-kiosk.db";
  removeDb(office_path);
  removeDb(kiosk_path);
  sync::KioskIdentity id;
  {
    db::Database d(office_path.string());
    (void)db::migrate(d);
    seedRoster(d, 100, 1, 10'000'000);
    db::Catalog catalog(d);
    (void)catalog.addProduct({"SOAP", "", "肥皂", "日用", 1, 0, 0, false, true});
    (void)catalog.moveStock("SOAP", 10'000'000, "receive", std::nullopt, db::nowMs(), "");
    id = enroll(d, "supermarket");
  }
  RunningOffice office(office_path.string());
  sync::SyncConfig cfg;
  cfg.office_url = office.url();
  cfg.identity = id;
  cfg.db_path = kiosk_path.string();
  sync::SyncClient client(cfg);
  (void)client.round();  // the roster and catalog
  {
    db::Database kd(kiosk_path.string());
    db::Ledger kl(kd, core::Settings{});
    db::KioskJournal journal(kl, id.kiosk_id);
    db::Transaction tx(kd);
    for (int i = 0; i < n; ++i) {
      db::RedemptionDraft r;
      r.villager_id = 1 + i % 100;
      r.lines = {{"SOAP", 1}};
      (void)journal.redeem(r);
    }
    (void)tx.commit();
  }
  if (say) ctx.say("kiosk backlog of " + std::to_string(client.pendingCount()) + " entries");
  const auto t0 = Clock::now();
  const auto r = client.round();
  const double s = secondsSince(t0);
  if (!r || client.pendingCount() != 0) ctx.say("the backlog did not drain!");
  if (say) {
    ctx.say("pushed " + std::to_string(r ? r->pushed : 0) + " entries in " +
            std::to_string(r ? r->push_requests : 0) + " requests");
  }
  return s;
}

// The median of three rounds, each from scratch (the machines are shared); the spread is printed.
void backlog(Context& ctx) {
  const int n = envCount("RC_BENCH_BACKLOG", 10000);
  std::vector<double> runs;
  for (int i = 0; i < 3; ++i) runs.push_back(backlogOnce(ctx, n, i == 0));
  std::sort(runs.begin(), runs.end());
  std::ostringstream spread;
  spread << "backlog rounds: " << runs.front() << " .. " << runs.back() << " s";
  ctx.say(spread.str());
  const double s = runs[1];
  ctx.put("sync.backlog_10k_s", s, "s", "<= 0.2");
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
    db::Database d(office_path.string());
    (void)db::migrate(d);
    ctx.say("office roster of " + std::to_string(n) + " villagers");
    seedRoster(d, n, 100, 100);
    id = enroll(d, "supermarket");
  }
  RunningOffice office(office_path.string());
  sync::SyncConfig cfg;
  cfg.office_url = office.url();
  cfg.identity = id;
  cfg.db_path = kiosk_path.string();
  sync::SyncClient client(cfg);
  const auto t0 = Clock::now();
  const auto r = client.round();
  const double s = secondsSince(t0);
  if (!r) ctx.say("the pull failed: " + r.error().message);
  ctx.say("pulled in " + std::to_string(r ? r->pull_pages : 0) + " pages");
  ctx.put("sync.roster_100k_pull_s", s, "s");
}

}  // namespace

void runSyncSuite(Context& ctx) {
  backlog(ctx);
  rosterPull(ctx);
}

}  // namespace rc::bench
