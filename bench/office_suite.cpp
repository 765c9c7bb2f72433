// Suite "office": a town-scale office ledger (default 100 villages, 100,000 villagers,
// 10,000,000 entries over 2026): all monthly boards of every village, and a full verify.
// Sizes: RC_BENCH_TOWN_VILLAGES, RC_BENCH_TOWN_VILLAGERS, RC_BENCH_TOWN_ENTRIES. The fixture
// is built once per size in the work dir and reused (it takes minutes at full size).
#include <cstdlib>
#include <random>

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

double secondsSince(Clock::time_point t0) { return microsSince(t0) / 1e6; }

constexpr core::YearMonth kFirst{2026, 1};
constexpr core::YearMonth kLast{2026, 12};

void buildTown(Context& ctx, db::Database& d, std::int64_t villages, std::int64_t villagers,
               std::int64_t entries) {
  (void)db::migrate(d);
  (void)d.exec("PRAGMA synchronous = OFF");  // a fixture, not a ledger anyone relies on
  db::Transaction tx(d);
  db::Roster roster(d);
  std::vector<core::GridId> grids;
  for (std::int64_t g = 0; g < villages; ++g) grids.push_back(roster.addGrid("村" + std::to_string(g)).value());
  core::HouseholdId household = 0;
  for (std::int64_t i = 0; i < villagers; ++i) {
    if (i % 3 == 0) {
      const auto grid = grids[static_cast<std::size_t>(i * villages / villagers)];
      household = roster.addHousehold(grid, "门牌 " + std::to_string(i / 3), false).value();
    }
    db::Villager v;
    v.household_id = household;
    v.name = "村民" + std::to_string(i);
    v.party_member = i % 25 == 0;
    (void)roster.addVillager(v);
  }
  ctx.say("town roster written; writing " + std::to_string(entries) + " entries");
  std::mt19937_64 rng(2026);
  const std::int64_t start = core::monthStartMs(kFirst);
  const std::int64_t year = core::monthStartMs(core::YearMonth{2027, 1}) - start;
  auto st = d.prepare(
      "INSERT INTO entries (seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, "
      "points_delta, reference, detail, voids_seq, at_ms, hash) "
      "VALUES (?, ?, 'office', ?, ?, ?, ?, ?, 'bench', '', NULL, ?, ?)");
  db::Hash prev{};
  db::Entry e;
  e.kiosk_id = "office";
  e.reference = "bench";
  for (std::int64_t seq = 1; seq <= entries; ++seq) {
    e.seq = seq;
    e.uuid = "t-" + std::to_string(seq);
    e.kiosk_seq = seq;
    e.villager_id = 1 + static_cast<std::int64_t>(rng() % static_cast<std::uint64_t>(villagers));
    const int d5 = 1 + static_cast<int>(rng() % 5);
    switch (rng() % 4) {
      case 0: e.kind = core::EntryKind::CouncilAward; e.score_delta = d5; e.points_delta = d5; break;
      case 1: e.kind = core::EntryKind::CouncilDeduction; e.score_delta = -d5; e.points_delta = 0; break;
      case 2: e.kind = core::EntryKind::VolunteerHours; e.score_delta = 1; e.points_delta = 2; break;
      default: e.kind = core::EntryKind::FundReward; e.score_delta = 0; e.points_delta = 30; break;
    }
    // Time rises with seq, as in a real ledger.
    e.at_ms = start + static_cast<std::int64_t>(static_cast<double>(year - 1) *
                                                 static_cast<double>(seq) / static_cast<double>(entries));
    e.hash = db::chainHash(prev, e);
    prev = e.hash;
    st.bind(1, e.seq).bind(2, e.uuid).bind(3, e.kiosk_seq).bind(4, e.villager_id);
    st.bind(5, core::toString(e.kind)).bind(6, e.score_delta).bind(7, e.points_delta);
    st.bind(8, e.at_ms).bindBlob(9, e.hash.data(), e.hash.size());
    (void)st.run();
    st.reset();
    if (seq % 1'000'000 == 0) ctx.say(std::to_string(seq / 1'000'000) + "M entries");
  }
  (void)d.exec(
      "UPDATE balances SET score = 1000 + t.s, points = t.p, entries = t.c FROM "
      "(SELECT villager_id, SUM(score_delta) AS s, SUM(points_delta) AS p, count(*) AS c "
      "FROM entries GROUP BY villager_id) AS t WHERE balances.villager_id = t.villager_id");
  (void)roster.setMeta("bench_town_complete", "1");
  (void)tx.commit();
}

}  // namespace

void runOfficeSuite(Context& ctx) {
  const auto villages = envSize("RC_BENCH_TOWN_VILLAGES", 100);
  const auto villagers = envSize("RC_BENCH_TOWN_VILLAGERS", 100'000);
  const auto entries = envSize("RC_BENCH_TOWN_ENTRIES", 10'000'000);
  const auto path = ctx.workDir() / ("town-" + std::to_string(villages) + "-" +
                                     std::to_string(villagers) + "-" + std::to_string(entries) + ".db");
  {
    bool complete = false;
    if (std::filesystem::exists(path)) {
      db::Database d(path.string());
      complete = db::Roster(d).meta("bench_town_complete").value_or("") == "1";
    }
    if (!complete) {
      std::error_code ec;
      for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
      ctx.say("building the town fixture " + path.filename().string() + " (once)");
      const auto t0 = Clock::now();
      db::Database d(path.string());
      buildTown(ctx, d, villages, villagers, entries);
      ctx.say("built in " + std::to_string(secondsSince(t0)) + " s");
    }
  }
  db::Database d(path.string());
  (void)db::migrate(d);
  core::Settings settings;
  {
    const auto t0 = Clock::now();
    const auto boards = office::allMonthlyBoards(d, settings, kFirst, kLast);
    const double s = secondsSince(t0);
    ctx.say(std::to_string(boards ? boards->size() : 0) + " village-month boards");
    ctx.put("office.town_boards_s", s, "s", "<= 1");
  }
  {
    db::Ledger ledger(d, settings);
    const auto t0 = Clock::now();
    const auto rep = ledger.verify();
    const double s = secondsSince(t0);
    if (!rep.ok) ctx.say("the town ledger does not verify: " + rep.problems.front());
    ctx.put("office.town_verify_entries_per_s", static_cast<double>(rep.entries_checked) / s,
            "entries/s", ">= 2000000");
  }
}

}  // namespace rc::bench
