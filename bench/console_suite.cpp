// Suite "console": the office console's pages on the town-scale ledger (bench/bench.h
// townLedger: 100 villages, 100,000 villagers, 10,000,000 entries), served by a real
// OfficeServer over HTTPS on 127.0.0.1 to a signed-in secretary. A page's time is every API
// request the page makes when it opens (docs/console.md), one after another on one kept-alive
// connection, from the first byte sent to the last byte of JSON read and parsed.
// Figures: console.page_p95_ms (all three pages' loads together) and one p95 per page.
#include <httplib.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "bench/bench.h"
#include "db/console_users.h"
#include "db/council.h"
#include "db/reports.h"
#include "db/roster.h"
#include "db/schema.h"
#include "db/staff.h"
#include "office/server.h"
#include "office/village_book.h"

namespace rc::bench {
namespace {

using nlohmann::json;

constexpr const char* kUser = "bench-secretary";
constexpr const char* kPassword = "bench-password";
constexpr core::YearMonth kCouncilMonth{2026, 12};
constexpr int kLogs = 1000;  // pending grid logs in the council's month
constexpr int kLoads = 40;   // loads of each page

// The console's user, the rule book, and a month of pending grid logs across the town's
// villages (kept in the fixture: written once).
void prepare(Context& ctx, const std::string& path, std::int64_t villagers) {
  db::Database d(path);
  need(db::migrate(d), "migrating the town ledger");
  db::Roster roster(d);
  if (roster.meta("bench_console_ready").value_or("") == "1") return;
  ctx.step("adding the console's user, the rule book and " + std::to_string(kLogs) +
           " grid logs to the town ledger (once)");
  db::Ledger ledger(d, core::Settings{});
  db::Transaction tx(d);
  db::ConsoleUsers users(d);
  if (!users.byName(kUser)) {
    need(users.add(kUser, core::ConsoleRole::Secretary, std::nullopt,
                   db::hashSecret(kPassword, db::PinCost::Minimal), db::nowMs(), "bench"),
         "adding the console's user");
  }
  auto rules = d.prepare("SELECT count(*) FROM rules");
  if (!need(rules.step(), "counting rules") || rules.columnInt(0) == 0) office::book::writeRuleBook(d);
  db::Council council(ledger);
  std::mt19937_64 rng(7);
  const char* codes[] = {"R01", "R05", "R12", "R20", "R27", "R33"};
  for (int i = 0; i < kLogs; ++i) {
    const auto villager = static_cast<core::VillagerId>(1 + rng() % static_cast<std::uint64_t>(villagers));
    auto grid = d.prepare(
        "SELECT h.grid_id FROM villagers v JOIN households h ON h.id = v.household_id WHERE v.id = ?1");
    grid.bind(1, villager);
    if (!need(grid.step(), "reading a villager's grid")) fail("no villager " + std::to_string(villager));
    db::GridLogDraft draft{kCouncilMonth, std::to_string(grid.columnInt(0)), villager,
                           codes[static_cast<std::size_t>(i) % std::size(codes)],
                           "bench evidence " + std::to_string(i), "bench"};
    need(council.addLog(draft, db::nowMs()), "adding grid log " + std::to_string(i + 1));
  }
  need(roster.setMeta("bench_console_ready", "1"), "marking the fixture");
  need(tx.commit(), "committing the console's fixture");
}

struct Page {
  std::string name;
  std::vector<std::string> (*paths)(std::mt19937_64& rng, std::int64_t villagers);
};

std::vector<std::string> todayPaths(std::mt19937_64&, std::int64_t) { return {"today"}; }

std::vector<std::string> villagerPaths(std::mt19937_64& rng, std::int64_t villagers) {
  const auto id = 1 + rng() % static_cast<std::uint64_t>(villagers);
  return {"villagers/" + std::to_string(id)};
}

std::vector<std::string> councilPaths(std::mt19937_64&, std::int64_t) {
  return {"council/plan?month=" + kCouncilMonth.toString(),
          "council/batches?month=" + kCouncilMonth.toString()};
}

}  // namespace

void runConsoleSuite(Context& ctx) {
  const auto town = townLedger(ctx);
  prepare(ctx, town.path.string(), town.villagers);

  ctx.step("starting the office server on the town ledger");
  office::ServerOptions o;
  o.db_path = town.path.string();
  office::OfficeServer server(o, core::Settings{});
  const int port = need(server.bind(), "binding the server");
  std::thread serving([&server] { server.run(); });
  struct Stop {
    office::OfficeServer& s;
    std::thread& t;
    ~Stop() {
      s.stop();
      if (t.joinable()) t.join();
    }
  } stop{server, serving};

  httplib::SSLClient c("127.0.0.1", port);
  c.enable_server_certificate_verification(false);
  c.set_keep_alive(true);
  c.set_read_timeout(60, 0);
  ctx.step("signing in");
  const auto login = c.Post("/console/login", json{{"name", kUser}, {"password", kPassword}}.dump(),
                            "application/json");
  if (!login || login->status != 200) {
    fail("the sign-in failed: " + (login ? login->body : httplib::to_string(login.error())));
  }
  const std::string cookie = login->get_header_value("Set-Cookie").substr(
      0, login->get_header_value("Set-Cookie").find(';'));
  const httplib::Headers headers = {{"Cookie", cookie}};

  const Page pages[] = {{"today", todayPaths}, {"villager", villagerPaths},
                        {"council_preview", councilPaths}};
  std::mt19937_64 rng(11);
  std::vector<double> all;
  for (const auto& page : pages) {
    ctx.step("loading the " + page.name + " page " + std::to_string(kLoads) + " times");
    std::vector<double> ms;
    for (int i = 0; i <= kLoads; ++i) {
      const auto paths = page.paths(rng, town.villagers);
      const auto t0 = Clock::now();
      for (const auto& p : paths) {
        const auto r = c.Get("/console/api/" + p, headers);
        if (!r) fail(p + ": no answer (" + httplib::to_string(r.error()) + ")");
        if (r->status != 200) fail(p + ": " + std::to_string(r->status) + " " + r->body.substr(0, 300));
        const auto j = json::parse(r->body, nullptr, false);
        if (j.is_discarded() || !j.is_object() || j.empty()) fail(p + ": not a JSON object");
      }
      if (i > 0) ms.push_back(microsSince(t0) / 1000.0);  // the first load warms the cache
    }
    all.insert(all.end(), ms.begin(), ms.end());
    ctx.say(page.name + ": median " + std::to_string(median(ms)) + " ms");
    ctx.put("console." + page.name + "_p95_ms", percentile(ms, 95), "ms");
  }
  ctx.put("console.page_p95_ms", percentile(all, 95), "ms");

  // What a villager's page pays once after any write to the ledger: everyone's standing in the
  // month (rank, welfare, yellow cards), which the server keeps until the next write.
  ctx.step("computing the month's standings 5 times");
  db::Database d(town.path.string(), db::OpenMode::ReadOnly);
  std::vector<double> cold;
  for (int i = 0; i < 5; ++i) {
    const auto t0 = Clock::now();
    const auto standings = db::monthStandings(d, core::Settings{}, kCouncilMonth);
    cold.push_back(microsSince(t0) / 1000.0);
    if (standings->ranked != town.villagers) {
      fail("the standings rank " + std::to_string(standings->ranked) + " villagers, not " +
           std::to_string(town.villagers));
    }
  }
  ctx.put("console.month_standings_ms", median(cold), "ms");
}

}  // namespace rc::bench
