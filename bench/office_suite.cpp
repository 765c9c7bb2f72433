// Suite "office": a town-scale office ledger (default 100 villages, 100,000 villagers,
// 10,000,000 entries over 2026): all monthly boards of every village, and a full verify.
// Sizes: RC_BENCH_TOWN_VILLAGES, RC_BENCH_TOWN_VILLAGERS, RC_BENCH_TOWN_ENTRIES. The fixture
// is built once per size in the work dir and reused (it takes minutes at full size).
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <stdexcept>

#include "bench/bench.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/schema.h"
#include "office/town_boards.h"

namespace rc::bench {
namespace {

std::int64_t envSize(const char* name, std::int64_t fallback) {
  const char* v = std::getenv(name);
  return v ? std::max<std::int64_t>(1, std::atoll(v)) : fallback;
}

constexpr core::YearMonth kFirst{2026, 1};
constexpr core::YearMonth kLast{2026, 12};

// Bumped whenever the fixture's contents or schema change, so a stale file is never reused.
constexpr int kTownFixtureVersion = 2;

// The schema text of a trigger or index, to drop it for the bulk load and recreate it as the
// migrations wrote it.
std::string schemaSql(db::Database& d, std::string_view type, std::string_view name) {
  auto st = d.prepare("SELECT sql FROM sqlite_schema WHERE type = ? AND name = ?");
  st.bind(1, type).bind(2, name);
  auto row = st.step();
  if (!row || !*row) fail("the schema has no " + std::string(name));
  return st.columnText(0);
}

void must(db::DbStatus st) { need(std::move(st), "writing the town fixture"); }

// Bulk generation in one transaction: prepared statements, the hash chain computed as the rows
// are generated, and what the ledger keeps per entry (balances, villager_months) summed in
// memory and written once per villager (per villager-month) at the end. The random-order index
// is dropped for the load and recreated from its schema text afterwards (building an index
// from sorted data is far cheaper than 10M random inserts).
void buildTown(Context& ctx, db::Database& d, std::int64_t villages, std::int64_t villagers,
               std::int64_t entries) {
  must(db::migrate(d));
  // A fixture, not a ledger anyone relies on: no journal, no fsync, a large page cache.
  must(d.exec("PRAGMA journal_mode = OFF"));
  must(d.exec("PRAGMA synchronous = OFF"));
  must(d.exec("PRAGMA cache_size = -1000000"));
  const std::string villager_index = schemaSql(d, "index", "entries_villager_time");
  db::Transaction tx(d);
  must(d.exec("DROP INDEX entries_villager_time"));
  db::Roster roster(d);
  std::vector<core::GridId> grids;
  for (std::int64_t g = 0; g < villages; ++g) {
    grids.push_back(need(roster.addGrid("村" + std::to_string(g)), "adding a village"));
  }
  core::HouseholdId household = 0;
  for (std::int64_t i = 0; i < villagers; ++i) {
    if (i % 3 == 0) {
      const auto grid = grids[static_cast<std::size_t>(i * villages / villagers)];
      household = need(roster.addHousehold(grid, "门牌 " + std::to_string(i / 3), false),
                       "adding a household");
    }
    db::Villager v;
    v.household_id = household;
    v.name = "村民" + std::to_string(i);
    v.party_member = i % 25 == 0;
    need(roster.addVillager(v), "adding villager " + std::to_string(i + 1));
  }
  ctx.say("town roster written; writing " + std::to_string(entries) + " entries");
  std::mt19937_64 rng(2026);
  const std::int64_t start = core::monthStartMs(kFirst);
  const std::int64_t year = core::monthStartMs(core::YearMonth{2027, 1}) - start;
  const int first_month = kFirst.index();
  const int months = kLast.index() - first_month + 1;
  struct Sum {
    std::int64_t score = 0, points = 0, count = 0;
  };
  // Villager ids are 1..villagers (a fresh file); [villager][month] and [villager].
  std::vector<Sum> per_month(static_cast<std::size_t>((villagers + 1) * months));
  std::vector<Sum> per_villager(static_cast<std::size_t>(villagers + 1));
  auto st = d.prepare(
      "INSERT INTO entries (seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, "
      "points_delta, reference, detail, voids_seq, at_ms, hash) "
      "VALUES (?, ?, 'office', ?, ?, ?, ?, ?, 'bench', '', NULL, ?, ?)");
  db::Hash prev{};
  db::EntryFields e;
  e.kiosk_id = "office";
  e.reference = "bench";
  char uuid[32] = "t-";
  for (std::int64_t seq = 1; seq <= entries; ++seq) {
    e.seq = seq;
    // Zero-padded, so the uuid index is appended to in order, as with time-ordered UUIDs.
    std::snprintf(uuid, sizeof uuid, "t-%012lld", static_cast<long long>(seq));
    e.uuid = uuid;
    e.kiosk_seq = seq;
    e.villager_id = 1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(villagers));
    const int d5 = 1 + static_cast<int>(rng() % 5);
    core::EntryKind kind;
    switch (rng() % 4) {
      case 0: kind = core::EntryKind::CouncilAward; e.score_delta = d5; e.points_delta = d5; break;
      case 1: kind = core::EntryKind::CouncilDeduction; e.score_delta = -d5; e.points_delta = 0; break;
      case 2: kind = core::EntryKind::VolunteerHours; e.score_delta = 1; e.points_delta = 2; break;
      default: kind = core::EntryKind::FundReward; e.score_delta = 0; e.points_delta = 30; break;
    }
    e.kind = core::toString(kind);
    // Time rises with seq, as in a real ledger.
    e.at_ms = start + static_cast<std::int64_t>(static_cast<double>(year - 1) *
                                                 static_cast<double>(seq) / static_cast<double>(entries));
    const db::Hash hash = db::chainHash(prev, e);
    prev = hash;
    st.bind(1, e.seq).bind(2, e.uuid).bind(3, e.kiosk_seq).bind(4, e.villager_id);
    st.bind(5, e.kind).bind(6, e.score_delta).bind(7, e.points_delta);
    st.bind(8, e.at_ms).bindBlob(9, hash.data(), hash.size());
    must(st.run());
    st.reset();
    const auto v = static_cast<std::size_t>(e.villager_id);
    const auto m = static_cast<std::size_t>(core::monthOfMs(e.at_ms).index() - first_month);
    for (Sum* s : {&per_villager[v], &per_month[v * static_cast<std::size_t>(months) + m]}) {
      s->score += e.score_delta;
      s->points += e.points_delta;
      ++s->count;
    }
    if (seq % 1'000'000 == 0) ctx.say(std::to_string(seq / 1'000'000) + "M entries");
  }
  ctx.say("entries written; balances, villager months and the index");
  {
    auto upd = d.prepare("UPDATE balances SET score = ?, points = ?, entries = ? WHERE villager_id = ?");
    auto ins = d.prepare(
        "INSERT INTO villager_months (villager_id, month, score_delta, points_delta, entries) "
        "VALUES (?, ?, ?, ?, ?)");
    for (std::int64_t v = 1; v <= villagers; ++v) {
      const Sum& s = per_villager[static_cast<std::size_t>(v)];
      upd.bind(1, core::kBaseScore + s.score).bind(2, s.points).bind(3, s.count).bind(4, v);
      must(upd.run());
      upd.reset();
      for (int m = 0; m < months; ++m) {
        const Sum& ms = per_month[static_cast<std::size_t>(v * months + m)];
        if (ms.count == 0) continue;
        ins.bind(1, v).bind(2, first_month + m).bind(3, ms.score).bind(4, ms.points).bind(5, ms.count);
        must(ins.run());
        ins.reset();
      }
    }
  }
  must(d.exec(villager_index));
  must(roster.setMeta("bench_town_version", std::to_string(kTownFixtureVersion)));
  must(roster.setMeta("bench_town_complete", "1"));
  must(tx.commit());
  must(d.exec("PRAGMA journal_mode = WAL"));
}

}  // namespace

TownLedger townLedger(Context& ctx) {
  const auto villages = envSize("RC_BENCH_TOWN_VILLAGES", 100);
  const auto villagers = envSize("RC_BENCH_TOWN_VILLAGERS", 100'000);
  const auto entries = envSize("RC_BENCH_TOWN_ENTRIES", 10'000'000);
  const auto path = ctx.workDir() / ("town-v" + std::to_string(kTownFixtureVersion) + "-" +
                                     std::to_string(villages) + "-" +
                                     std::to_string(villagers) + "-" + std::to_string(entries) + ".db");
  bool complete = false;
  if (std::filesystem::exists(path)) {
    db::Database d(path.string());
    db::Roster r(d);
    complete = r.meta("bench_town_complete").value_or("") == "1" &&
               r.meta("bench_town_version").value_or("") == std::to_string(kTownFixtureVersion);
  }
  if (!complete) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
    ctx.step("building the town fixture " + path.filename().string() + " (once)");
    const auto t0 = Clock::now();
    db::Database d(path.string());
    buildTown(ctx, d, villages, villagers, entries);
    ctx.say("built in " + std::to_string(secondsSince(t0)) + " s");
  }
  return {path, villages, villagers, entries};
}

void runOfficeSuite(Context& ctx) {
  const auto town = townLedger(ctx);
  const auto& path = town.path;
  const auto villages = town.villages;
  const auto entries = town.entries;
  ctx.step("opening the town ledger");
  db::Database d(path.string());
  need(db::migrate(d), "migrating the town ledger");
  core::Settings settings;
  // Each figure is the median of three runs (the machines are shared); the spread is printed.
  constexpr int kRuns = 3;
  auto medianOf = [&ctx](std::vector<double> v, const std::string& what) {
    std::sort(v.begin(), v.end());
    std::ostringstream spread;
    spread << what << ": runs " << v.front() << " .. " << v.back();
    ctx.say(spread.str());
    return v[v.size() / 2];
  };
  // The town's size is a figure too: its goal says what a full-size run is, so a run shrunk by
  // the knobs cannot pass the check.
  ctx.put("office.town_entries", static_cast<double>(entries), "entries");
  {
    // Every grid has a board for every month of the year, even a month without entries.
    const auto expected = static_cast<std::size_t>(villages) *
                          static_cast<std::size_t>(kLast.index() - kFirst.index() + 1);
    std::vector<double> runs;
    for (int i = 0; i < kRuns; ++i) {
      ctx.step("boards run " + std::to_string(i + 1) + " of " + std::to_string(kRuns));
      const auto t0 = Clock::now();
      auto boards = office::allMonthlyBoards(d, settings, kFirst, kLast);
      const double s = secondsSince(t0);
      const auto got = need(std::move(boards), "the boards");
      if (got.size() != expected) {
        fail(std::to_string(got.size()) + " village-month boards, not " + std::to_string(expected));
      }
      runs.push_back(s);
    }
    ctx.say(std::to_string(expected) + " village-month boards");
    ctx.put("office.town_boards_s", medianOf(runs, "boards s"), "s");
  }
  {
    db::Ledger ledger(d, settings);
    std::vector<double> runs;
    int readers = 0;
    for (int i = 0; i < kRuns; ++i) {
      ctx.step("verify run " + std::to_string(i + 1) + " of " + std::to_string(kRuns));
      const auto t0 = Clock::now();
      const auto rep = ledger.verify();
      const double s = secondsSince(t0);
      if (!rep.ok) {
        fail("the town ledger does not verify: " +
             (rep.problems.empty() ? std::string("no reason given") : rep.problems.front()));
      }
      if (rep.entries_checked != entries) {
        fail("verify checked " + std::to_string(rep.entries_checked) + " entries of " +
             std::to_string(entries));
      }
      runs.push_back(static_cast<double>(rep.entries_checked) / s);
      readers = rep.readers;
    }
    ctx.say("verify read the entries on " + std::to_string(readers) + " connections");
    ctx.put("office.town_verify_entries_per_s", medianOf(runs, "verify entries/s"), "entries/s");
  }
}

}  // namespace rc::bench
