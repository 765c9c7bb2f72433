// The demo village must show the source's figures (358 households, 928 villagers, 31 people and
// 17 households below the welfare threshold, ...), be the same village for the same seed, and
// live in the past: nothing in it is dated after the moment it was made.
#include "office/demo_village.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/rules.h"
#include "db/catalog.h"
#include "db/roster.h"
#include "db/schema.h"
#include "db/services.h"
#include "support/temp_dir.h"

namespace rc::office {
namespace {

constexpr core::YearMonth kLatest{2026, 11};
constexpr std::int64_t kMinute = 60'000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;

// A moment in China Standard Time.
std::int64_t chinaTime(core::YearMonth ym, int day, int hour, int minute) {
  return core::monthStartMs(ym) + (day - 1) * kDay + hour * kHour + minute * kMinute;
}
// Most tests make the village on 2026-12-01 at 10:00, when all of kLatest is past.
const std::int64_t kAfterLatest = chinaTime(kLatest.next(), 1, 10, 0);

// A real SQLite file (WAL, as in production), built once per seed.
struct Built {
  test::TempDir dir;
  std::unique_ptr<db::Database> database;
  std::unique_ptr<db::Ledger> ledger;
  DemoFigures figures;
  std::vector<std::string> stages;
};

std::unique_ptr<Built> build(std::uint64_t seed, core::YearMonth latest = kLatest,
                             std::int64_t now = kAfterLatest) {
  auto b = std::make_unique<Built>();
  b->database = std::make_unique<db::Database>(b->dir.file("office.db"));
  if (auto st = db::migrate(*b->database); !st) ADD_FAILURE() << st.error().message;
  b->ledger = std::make_unique<db::Ledger>(*b->database, core::Settings{});
  b->figures = buildDemoVillage(*b->ledger, DemoOptions{seed, latest, now},
                                [&](const std::string& s) { b->stages.push_back(s); });
  return b;
}

bool validEan13(const std::string& code) {
  if (code.size() != 13 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (code[i] - '0') * (i % 2 == 0 ? 1 : 3);
  return (10 - sum % 10) % 10 == code[12] - '0';
}

struct WelfareFigures {
  int villagers_below = 0;
  int households_failing = 0;
};

// The figures from the scores of the entries dated before `before_ms`.
WelfareFigures welfareBefore(db::Roster& roster, const core::Settings& s, std::int64_t before_ms) {
  std::map<core::VillagerId, int> score;
  for (const auto& sc : roster.scoresAsOf(before_ms)) score[sc.id] = sc.score;
  WelfareFigures f;
  std::map<core::HouseholdId, std::vector<core::HouseholdMember>> members;
  for (const auto& v : roster.villagers()) {
    if (!core::welfareEligible(score[v.id], s)) ++f.villagers_below;
    members[v.household_id].push_back({v.id, score[v.id], v.is_head});
  }
  for (const auto& [id, list] : members) {
    if (!core::householdEligible(list, s)) ++f.households_failing;
  }
  return f;
}

std::vector<std::string> namesOf(db::Database& database) {
  std::vector<std::string> out;
  for (const auto& v : db::Roster(database).villagers()) out.push_back(v.name);
  return out;
}

class DemoVillageTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const auto start = std::chrono::steady_clock::now();
    s_seed1 = build(1).release();
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
    std::printf("buildDemoVillage(seed 1): %lld ms, %d entries\n", static_cast<long long>(ms),
                s_seed1->figures.entries);
  }
  static void TearDownTestSuite() {
    delete s_seed1;
    s_seed1 = nullptr;
  }
  static Built* s_seed1;
};
Built* DemoVillageTest::s_seed1 = nullptr;

TEST_F(DemoVillageTest, HasTheSourcesRosterFigures) {
  db::Roster roster(*s_seed1->database);
  const auto c = roster.counts();
  EXPECT_EQ(c.households, 358);
  EXPECT_EQ(c.villagers, 928);
  EXPECT_EQ(c.party_members, 36);
  EXPECT_EQ(c.committee, 4);
  EXPECT_EQ(c.grids, 5);
  EXPECT_EQ(c.volunteer_teams, 14);
  EXPECT_EQ(c.rule_categories, 11);
  EXPECT_EQ(c.rules, 35);
  EXPECT_EQ(c.cards, 928);

  const auto& f = s_seed1->figures;
  EXPECT_EQ(f.households, 358);
  EXPECT_EQ(f.villagers, 928);
  EXPECT_EQ(f.party_members, 36);
  EXPECT_EQ(f.entries, s_seed1->ledger->entryCount());
  EXPECT_GT(f.entries, 5000);
  EXPECT_GT(f.slots, 0);
  EXPECT_FALSE(s_seed1->stages.empty());

  EXPECT_EQ(roster.meta("village"), "东岛刘家村");
  EXPECT_EQ(roster.meta("latest_month"), "2026-11");
  EXPECT_EQ(f.latest_council, kLatest);
  EXPECT_EQ(roster.meta("demo_seed"), "1");
}

TEST_F(DemoVillageTest, VillagersLookLikeAVillage) {
  db::Roster roster(*s_seed1->database);
  const auto villagers = roster.villagers();
  int liu = 0;
  int aged_70 = 0;
  std::set<std::string> surnames;
  for (const auto& v : villagers) {
    EXPECT_GE(v.birth_year, 1930);
    EXPECT_LE(v.birth_year, 2020);
    EXPECT_TRUE(v.gender == 'M' || v.gender == 'F');
    if (v.name.rfind("刘", 0) == 0) ++liu;
    if (kLatest.year - v.birth_year >= 70) ++aged_70;
    surnames.insert(v.name.substr(0, 3));  // every surname used is one CJK character
  }
  EXPECT_GT(liu, 928 / 3) << "it is 刘家村";
  EXPECT_GE(aged_70, 30) << "the warm canteen serves 30+ villagers aged 70+";
  int rare = 0;
  for (const char* s :
       {"鞠", "隋", "逄", "禚", "訾", "亓", "宫", "栾", "慕", "郄", "璩", "冼", "缑"}) {
    rare += surnames.count(s) ? 1 : 0;
  }
  EXPECT_GE(rare, 3);

  const auto households = roster.households();
  int relief = 0;
  for (const auto& h : households) {
    ASSERT_TRUE(h.head_id.has_value()) << h.address;
    EXPECT_NE(h.address.find("排"), std::string::npos);
    relief += h.relief ? 1 : 0;
  }
  EXPECT_GE(relief, 3);
  EXPECT_LE(relief, 12);
}

TEST_F(DemoVillageTest, EveryoneHasACardAndMostATeam) {
  db::Roster roster(*s_seed1->database);
  int in_team = 0;
  for (const auto& v : roster.villagers()) {
    const auto cards = roster.cardsOf(v.id);
    ASSERT_EQ(cards.size(), 1u) << v.name;
    EXPECT_EQ(roster.villagerByCard(cards[0]), v.id);
    EXPECT_TRUE(cards[0].size() == 8 || cards[0].size() == 10) << cards[0];
    const auto teams = roster.teamsOf(v.id);
    if (v.party_member) {
      EXPECT_FALSE(teams.empty()) << "party member " << v.name;
    }
    in_team += teams.empty() ? 0 : 1;
  }
  EXPECT_GE(in_team * 100, 928 * 85);
}

TEST_F(DemoVillageTest, RuleBookHasCodesAndNonZeroScores) {
  db::Roster roster(*s_seed1->database);
  const auto rules = roster.rules();
  ASSERT_EQ(rules.size(), 35u);
  std::set<std::string> codes;
  std::set<std::string> categories;
  for (const auto& r : rules) {
    codes.insert(r.code);
    categories.insert(r.category);
    EXPECT_FALSE(r.title.empty());
    EXPECT_TRUE((r.score_delta >= 1 && r.score_delta <= 10) ||
                (r.score_delta <= -2 && r.score_delta >= -20))
        << r.code << " " << r.score_delta;
  }
  EXPECT_EQ(codes.size(), 35u);
  EXPECT_EQ(categories.size(), 11u);
  EXPECT_TRUE(roster.ruleByCode("R01").has_value());
}

TEST_F(DemoVillageTest, SupermarketGoodsHaveValidBarcodesAndStock) {
  db::Catalog catalog(*s_seed1->database);
  const auto products = catalog.products();
  EXPECT_GE(products.size(), 35u);
  EXPECT_LE(products.size(), 45u);
  EXPECT_EQ(static_cast<int>(products.size()), s_seed1->figures.products);
  int welfare = 0;
  std::set<std::string> categories;
  for (const auto& p : products) {
    EXPECT_TRUE(validEan13(p.barcode)) << p.sku << " " << p.barcode;
    EXPECT_EQ(p.barcode.substr(0, 2), "69") << p.sku;
    EXPECT_EQ(catalog.productByBarcode(p.barcode)->sku, p.sku);
    EXPECT_GE(p.price_points, 5);
    EXPECT_LE(p.price_points, 120);
    EXPECT_GT(p.stock, 0) << p.sku;
    welfare += p.requires_welfare ? 1 : 0;
    categories.insert(p.category);
  }
  EXPECT_GE(welfare, 1);
  EXPECT_GE(categories.size(), 5u);
}

TEST_F(DemoVillageTest, ServiceSlotsAroundTheLatestMonthsEnd) {
  db::Services services(*s_seed1->ledger);
  const auto month_end = core::monthStartMs(kLatest.next());
  const auto from = month_end - 7 * 86'400'000LL;
  const auto to = month_end + 14 * 86'400'000LL;
  int total = 0;
  for (auto kind : {core::StationKind::Laundry, core::StationKind::FarmMachinery,
                    core::StationKind::WarmCanteen}) {
    const auto slots = services.slotRows(kind, from, to);
    EXPECT_FALSE(slots.empty());
    for (const auto& s : slots) {
      EXPECT_GE(s.slot.capacity, 2);
      EXPECT_LE(s.slot.capacity, 30);
      EXPECT_EQ(s.slot.points_cost, kind == core::StationKind::Laundry ? 5 : 0);
    }
    total += static_cast<int>(slots.size());
  }
  EXPECT_EQ(total, s_seed1->figures.slots);
}

TEST_F(DemoVillageTest, LedgerVerifiesAndCoversTwelveMonths) {
  auto report = s_seed1->ledger->verify();
  EXPECT_TRUE(report.ok) << (report.problems.empty() ? "" : report.problems.front());

  core::YearMonth first = kLatest;
  for (int i = 1; i < 12; ++i) first = first.prev();
  std::map<core::EntryKind, int> kinds;
  std::set<core::YearMonth> months;
  const auto n = s_seed1->ledger->entryCount();
  for (std::int64_t seq = 1; seq <= n; ++seq) {
    const auto e = s_seed1->ledger->entryBySeq(seq);
    ASSERT_TRUE(e.has_value());
    ++kinds[e->kind];
    months.insert(core::monthOfMs(e->at_ms));
    EXPECT_GE(e->at_ms, core::monthStartMs(first));
    EXPECT_LT(e->at_ms, core::monthStartMs(kLatest.next()));
    if (e->kind == core::EntryKind::Redemption) {
      EXPECT_EQ(e->kiosk_id, "kiosk-supermarket");
    }
    if (e->kind == core::EntryKind::VolunteerHours) {
      EXPECT_EQ(e->detail.rfind("minutes=", 0), 0u);
    }
  }
  EXPECT_EQ(months.size(), 12u);
  for (auto k : {core::EntryKind::CouncilAward, core::EntryKind::CouncilDeduction,
                 core::EntryKind::VolunteerHours, core::EntryKind::FundReward,
                 core::EntryKind::Redemption}) {
    EXPECT_GT(kinds[k], 0) << core::toString(k);
  }
}

TEST_F(DemoVillageTest, RefusesADatabaseThatIsNotEmpty) {
  const auto before = s_seed1->ledger->entryCount();
  EXPECT_THROW(buildDemoVillage(*s_seed1->ledger, DemoOptions{7, kLatest}), std::runtime_error);
  EXPECT_EQ(s_seed1->ledger->entryCount(), before);
  EXPECT_EQ(db::Roster(*s_seed1->database).counts().villagers, 928);
}

TEST_F(DemoVillageTest, SameSeedSameLedgerOtherSeedOtherNames) {
  auto again = build(1);
  const auto n = s_seed1->ledger->entryCount();
  ASSERT_EQ(again->ledger->entryCount(), n);
  EXPECT_EQ(again->ledger->entryBySeq(n)->hash, s_seed1->ledger->entryBySeq(n)->hash);
  EXPECT_EQ(namesOf(*again->database), namesOf(*s_seed1->database));

  auto other = build(2);
  EXPECT_NE(namesOf(*other->database), namesOf(*s_seed1->database));
}

// The source: 31 people lost festival welfare and 17 households lost free farm machinery.
class DemoWelfareFigures : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(DemoWelfareFigures, ThirtyOneVillagersAndSeventeenHouseholdsBelow) {
  const auto b = build(GetParam());
  Built& built = *b;
  db::Roster roster(*built.database);
  const auto f =
      welfareBefore(roster, built.ledger->settings(), core::monthStartMs(kLatest.next()));
  EXPECT_EQ(f.villagers_below, 31);
  EXPECT_EQ(f.households_failing, 17);
  // Party members lead by example: none of them is below.
  std::map<core::VillagerId, int> score;
  for (const auto& sc : roster.scoresAsOf(core::monthStartMs(kLatest.next())))
    score[sc.id] = sc.score;
  for (const auto& v : roster.villagers()) {
    if (v.party_member) {
      EXPECT_GE(score[v.id], 1005) << v.name;
    }
  }
  // The balances the kiosk shows are the ledger's: after the latest month nothing changes.
  for (const auto& sc : roster.scoresAsOf(core::monthStartMs(kLatest.next()))) {
    EXPECT_EQ(built.ledger->balance(sc.id)->score, sc.score);
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, DemoWelfareFigures, ::testing::Values(1u, 42u));

TEST(DemoVillage, AMonthThatHasNotBegunIsRefused) {
  test::TempDir dir;
  db::Database database(dir.file("office.db"));
  ASSERT_TRUE(db::migrate(database));
  db::Ledger ledger(database, core::Settings{});
  const auto now = chinaTime({2026, 12}, 2, 4, 47);
  try {
    buildDemoVillage(ledger, DemoOptions{1, {2027, 1}, now});
    FAIL() << "a village with a future was made";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("2027-01 has not begun"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ledger.entryCount(), 0);
}

// init-demo run on a day of the month it is given: the month so far is in the ledger, and
// nothing after that moment.
struct Moment {
  const char* name;
  core::YearMonth latest;   // DemoOptions::latest_month
  std::int64_t now;         // the moment of init-demo
  core::YearMonth council;  // the month of the latest council meeting by then
};

class DemoMadeOnADay : public ::testing::TestWithParam<Moment> {};

TEST_P(DemoMadeOnADay, NothingIsDatedAfterItAndTheFiguresHold) {
  const Moment& m = GetParam();
  const auto b = build(1, m.latest, m.now);
  db::Roster roster(*b->database);
  EXPECT_EQ(b->figures.latest_council, m.council);
  EXPECT_EQ(roster.meta("latest_month"), m.council.toString());
  auto report = b->ledger->verify();
  EXPECT_TRUE(report.ok) << (report.problems.empty() ? "" : report.problems.front());

  std::map<core::EntryKind, int> this_month;  // entries of m.latest, by kind
  std::set<core::YearMonth> council_months;
  const auto n = b->ledger->entryCount();
  for (std::int64_t seq = 1; seq <= n; ++seq) {
    const auto e = b->ledger->entryBySeq(seq);
    ASSERT_TRUE(e.has_value());
    ASSERT_LE(e->at_ms, m.now) << "seq " << seq << " " << core::toString(e->kind) << " at "
                               << core::formatChinaTime(e->at_ms) << ", made "
                               << core::formatChinaTime(m.now);
    const auto month = core::monthOfMs(e->at_ms);
    if (month == m.latest) ++this_month[e->kind];
    if (e->kind == core::EntryKind::CouncilAward || e->kind == core::EntryKind::CouncilDeduction) {
      council_months.insert(month);
    }
    if (e->kind == core::EntryKind::FundReward) {
      // Paid at the end of a quarter that is over.
      EXPECT_EQ(month.month % 3, 0) << e->reference;
      EXPECT_LE(core::monthStartMs(month.next()), m.now) << e->reference;
    }
  }
  // Twelve meetings, the latest in m.council; the month in progress has its first days.
  ASSERT_FALSE(council_months.empty());
  EXPECT_EQ(council_months.size(), 12u);
  EXPECT_EQ(*council_months.rbegin(), m.council);
  EXPECT_GT(this_month[core::EntryKind::VolunteerHours], 0);
  if (m.council != m.latest) {
    EXPECT_EQ(this_month[core::EntryKind::CouncilAward], 0);
    EXPECT_EQ(this_month[core::EntryKind::CouncilDeduction], 0);
  }
  auto st = b->database->prepare("SELECT max(at_ms) FROM stock_movements");
  ASSERT_TRUE(st.step().ok());
  EXPECT_LE(st.columnInt(0), m.now);

  // The source's figures at the end of the latest council's month, and at the moment itself.
  const auto& s = b->ledger->settings();
  for (const auto before : {core::monthStartMs(m.council.next()), m.now + 1}) {
    const auto f = welfareBefore(roster, s, before);
    EXPECT_EQ(f.villagers_below, 31) << core::formatChinaTime(before);
    EXPECT_EQ(f.households_failing, 17) << core::formatChinaTime(before);
  }

  // Slots from the week before that day to the fortnight after it.
  db::Services services(*b->ledger);
  const auto today = m.now - (m.now - core::monthStartMs(core::monthOfMs(m.now))) % kDay;
  int total = 0;
  for (auto kind : {core::StationKind::Laundry, core::StationKind::FarmMachinery,
                    core::StationKind::WarmCanteen}) {
    total += static_cast<int>(services.slotRows(kind, today - 7 * kDay, today + 14 * kDay).size());
  }
  EXPECT_EQ(total, b->figures.slots);
}

INSTANTIATE_TEST_SUITE_P(
    Moments, DemoMadeOnADay,
    ::testing::Values(
        // The small hours of 2 December: November's council sat, December has just begun.
        Moment{"December2", {2026, 12}, chinaTime({2026, 12}, 2, 4, 47), {2026, 11}},
        // The evening of 24 November: the November council (25th to 28th) has not sat yet.
        Moment{"November24", {2026, 11}, chinaTime({2026, 11}, 24, 22, 0), {2026, 10}},
        // The morning of 29 November: it has.
        Moment{"November29", {2026, 11}, chinaTime({2026, 11}, 29, 8, 0), {2026, 11}}),
    [](const ::testing::TestParamInfo<Moment>& p) { return std::string(p.param.name); });

}  // namespace
}  // namespace rc::office
