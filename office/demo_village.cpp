// The seeded demo village. Sections:
//   1. Randomness — our own xoshiro256** and uniform-int helper, so a seed gives the same
//      village with every standard library.
//   2. The village in memory — households, villagers, party members, teams, and who is
//      meant to end the latest month below the welfare threshold.
//   3. Writing the roster, rule book, cards, supermarket and service stations.
//   4. Planning twelve months of ledger entries, steered towards the source's figures, and the
//      month in progress up to the moment of init-demo.
//   5. Writing the plan in time order, then checking the figures.
//   6. buildDemoVillage.
#include "office/demo_village.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "core/rules.h"
#include "db/catalog.h"
#include "db/team_recruiting.h"
#include "db/fund.h"
#include "db/product_pictures.h"
#include "db/roster.h"
#include "db/roster_import.h"
#include "db/services.h"
#include "db/sqlite.h"
#include "db/staff.h"
#include "office/demo_names.h"
#include "office/demo_pictures.h"
#include "office/village_book.h"

namespace rc::office {
namespace {

using book::RuleAudience;
using book::TeamFocus;

// The source's figures (docs/domain.md): 358 households, 928 villagers, 36 party members
// of whom 4 on the committee; 31 people and 17 households below the welfare threshold.
constexpr int kHouseholds = 358;
constexpr int kVillagers = 928;
constexpr int kPartyMembers = 36;
constexpr int kCommittee = 4;
constexpr int kBelowVillagers = 31;
constexpr int kFailingHouseholds = 17;
constexpr int kMonths = 12;
constexpr int kMinTeamPercent = 85;
constexpr int kHousesPerRow = 15;
constexpr int kMinBirthYear = 1930;
constexpr int kMaxBirthYear = 2020;
constexpr std::string_view kSupermarketKiosk = "kiosk-supermarket";
constexpr std::size_t kFrequentSurnames = 10;

constexpr std::int64_t kMsPerMinute = 60'000;
constexpr std::int64_t kMsPerHour = 60 * kMsPerMinute;
constexpr std::int64_t kMsPerDay = 24 * kMsPerHour;

// ---------------------------------------------------------------------------------------------
// 1. Randomness

std::uint64_t splitmix64(std::uint64_t& x) noexcept {
  x += 0x9e3779b97f4a7c15ULL;
  std::uint64_t z = x;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// xoshiro256**; std distributions differ between libstdc++ and libc++, so the mapping from
// draws to numbers is ours too.
class Prng {
 public:
  explicit Prng(std::uint64_t seed) noexcept {
    for (auto& s : m_s) s = splitmix64(seed);
  }

  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(m_s[1] * 5, 7) * 9;
    const std::uint64_t t = m_s[1] << 17;
    m_s[2] ^= m_s[0];
    m_s[3] ^= m_s[1];
    m_s[1] ^= m_s[2];
    m_s[0] ^= m_s[3];
    m_s[2] ^= t;
    m_s[3] = rotl(m_s[3], 45);
    return result;
  }

  // Uniform in [0, n): draws below 2^64 mod n are rejected, which removes the modulo bias.
  std::uint64_t below(std::uint64_t n) noexcept {
    if (n <= 1) return 0;
    const std::uint64_t reject = (std::uint64_t{0} - n) % n;
    while (true) {
      const std::uint64_t r = next();
      if (r >= reject) return r % n;
    }
  }
  int between(int lo, int hi) noexcept {
    return lo + static_cast<int>(below(static_cast<std::uint64_t>(hi - lo) + 1));
  }
  bool percent(int p) noexcept { return static_cast<int>(below(100)) < p; }
  template <class T>
  const T& pick(std::span<const T> items) noexcept {
    return items[below(items.size())];
  }
  template <class T>
  const T& pick(const std::vector<T>& items) noexcept {
    return items[below(items.size())];
  }
  std::size_t weighted(std::span<const int> weights) noexcept {
    int total = 0;
    for (int w : weights) total += w;
    int r = between(0, total - 1);
    for (std::size_t i = 0; i < weights.size(); ++i) {
      if (r < weights[i]) return i;
      r -= weights[i];
    }
    return weights.size() - 1;
  }
  template <class T>
  void shuffle(std::vector<T>& items) noexcept {
    for (std::size_t i = items.size(); i > 1; --i) std::swap(items[i - 1], items[below(i)]);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::array<std::uint64_t, 4> m_s{};
};

// Entry ids come from the seed as well, so the whole hash chain is reproducible.
std::string uuidFrom(Prng& rng) {
  std::uint64_t hi = rng.next();
  std::uint64_t lo = rng.next();
  hi = (hi & ~0xf000ULL) | 0x4000ULL;                         // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // RFC 4122 variant
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(36);
  for (int i = 0; i < 32; ++i) {
    const std::uint64_t word = i < 16 ? hi : lo;
    out.push_back(kHex[(word >> (60 - 4 * (i % 16))) & 0xf]);
    if (i == 7 || i == 11 || i == 15 || i == 19) out.push_back('-');
  }
  return out;
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("demo village: " + what);
}
template <class T>
T need(Result<T, db::DbError> r, const std::string& what) {
  if (!r) fail(what + ": " + r.error().message);
  return std::move(r).value();
}
db::AppendResult need(db::LedgerResult<db::AppendResult> r, const std::string& what) {
  if (!r) fail(what + ": " + std::string(db::toString(r.error().code)) + " " + r.error().message);
  if (r->duplicate) fail(what + ": entry id reused");
  return std::move(r).value();
}

// ---------------------------------------------------------------------------------------------
// 2. The village in memory

struct Person {
  std::string name;
  char gender = 'F';
  int birth_year = 1960;
  int household = 0;
  bool party = false;
  bool committee = false;
  bool below = false;  // meant to end the latest month below the welfare threshold
  std::vector<int> teams;
  core::VillagerId id = 0;
  int score = core::kBaseScore;  // as planned so far
};

struct House {
  int grid = 0;
  std::string address;
  bool relief = false;
  std::vector<int> members;
  int head = -1;
  bool fails = false;  // meant to fail the household rule in the latest month
  core::HouseholdId id = 0;
};

struct Village {
  std::vector<House> houses;
  std::vector<Person> people;
  std::vector<int> collectors;  // per grid, a person index
  int ref_year = 2026;          // ages are counted in the latest month's year
  int age(const Person& p) const noexcept { return ref_year - p.birth_year; }
};

int clampBirth(int year) noexcept { return std::clamp(year, kMinBirthYear, kMaxBirthYear); }

std::string_view utf8Char(std::string_view s, std::size_t index) {
  std::size_t pos = 0;
  for (std::size_t i = 0; pos < s.size(); ++i) {
    const auto lead = static_cast<unsigned char>(s[pos]);
    const std::size_t len = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
    if (i == index) return s.substr(pos, len);
    pos += len;
  }
  return {};
}

class NameMaker {
 public:
  explicit NameMaker(Prng& rng) noexcept : m_rng(rng) {}

  // Families of the village itself: mostly 刘.
  std::string familySurname() { return surname(52, 96); }
  // Wives and husbands who married in from neighbouring villages.
  std::string marriedInSurname() { return surname(15, 93); }

  // A unique full name where possible; a real village has a few namesakes, so after many
  // tries a duplicate is accepted rather than inventing odd names.
  std::string person(const std::string& surname, char gender, int birth_year) {
    std::string name;
    for (int attempt = 0; attempt < 60; ++attempt) {
      name = surname + given(gender, birth_year);
      if (m_used.insert(name).second) break;
    }
    return name;
  }

 private:
  std::string surname(int dominant_pct, int common_pct) {
    const int r = m_rng.between(0, 99);
    if (r < dominant_pct) return std::string(demo::kDominantSurname);
    if (r < common_pct) {
      // The list is most frequent first: half the draws come from its head (王 张 李 …).
      const auto common = demo::commonSurnames();
      return std::string(m_rng.pick(m_rng.percent(50) ? common.first(kFrequentSurnames) : common));
    }
    return std::string(m_rng.pick(demo::rareSurnames()));
  }
  std::string given(char gender, int birth_year) {
    if (m_rng.percent(18)) return std::string(m_rng.pick(demo::singleGivenNames(gender)));
    const auto era = birth_year < 1960   ? demo::Era::Before1960
                     : birth_year < 1990 ? demo::Era::Before1990
                                         : demo::Era::Since1990;
    const auto names = demo::givenNames(gender, era);
    const std::string_view a = m_rng.pick(names);
    if (m_rng.percent(50)) return std::string(a);
    // Two names of the same generation and sex, crossed: still sounds like that generation.
    const std::string_view b = m_rng.pick(names);
    if (utf8Char(a, 0) == utf8Char(b, 1)) return std::string(a);
    return std::string(utf8Char(a, 0)) + std::string(utf8Char(b, 1));
  }

  Prng& m_rng;
  std::set<std::string> m_used;
};

std::vector<int> householdSizes(Prng& rng) {
  static constexpr std::array<int, 6> kWeights = {18, 35, 20, 15, 8, 4};  // sizes 1..6
  std::vector<int> sizes(kHouseholds);
  int total = 0;
  for (int& s : sizes) {
    s = static_cast<int>(rng.weighted(kWeights)) + 1;
    total += s;
  }
  while (total != kVillagers) {
    int& s = sizes[rng.below(sizes.size())];
    if (total > kVillagers && s > 1) {
      --s;
      --total;
    } else if (total < kVillagers && s < 6) {
      ++s;
      ++total;
    }
  }
  return sizes;
}

void fillHousehold(Village& v, int house, int size, Prng& rng, NameMaker& names) {
  auto add = [&](const std::string& surname, char gender, int birth) {
    Person p;
    p.birth_year = clampBirth(birth);
    p.gender = gender;
    p.name = names.person(surname, gender, p.birth_year);
    p.household = house;
    v.people.push_back(std::move(p));
    const int index = static_cast<int>(v.people.size()) - 1;
    v.houses[house].members.push_back(index);
    return index;
  };
  const std::string family = names.familySurname();
  const auto opposite = [](char g) { return g == 'M' ? 'F' : 'M'; };

  // The head is usually the eldest man; one-person households are mostly elderly widows.
  char head_gender = 'M';
  int head_birth = 0;
  if (size == 1) {
    const bool elderly = rng.percent(60);
    head_gender = rng.percent(60) ? 'F' : 'M';
    head_birth = elderly ? rng.between(1932, 1956) : rng.between(1957, 1995);
  } else {
    head_gender = rng.percent(85) ? 'M' : 'F';
    head_birth = rng.between(1938, 1992);
  }
  const std::string head_surname = head_gender == 'M' ? family : names.marriedInSurname();
  v.houses[house].head = add(head_surname, head_gender, head_birth);
  head_birth = v.people[v.houses[house].head].birth_year;
  int remaining = size - 1;

  if (remaining > 0 && rng.percent(88)) {
    const char g = opposite(head_gender);
    const int offset = g == 'F' ? rng.between(-1, 6) : rng.between(-6, 1);
    add(g == 'M' ? family : names.marriedInSurname(), g, std::min(head_birth + offset, 2000));
    --remaining;
  }
  if (remaining >= 2 && head_birth <= 1962 && rng.percent(60)) {
    // Three generations: a grown son's family lives with his parents.
    const int son = add(family, 'M', std::min(head_birth + rng.between(22, 32), 1998));
    const int son_birth = v.people[son].birth_year;
    --remaining;
    if (remaining > 0 && rng.percent(85)) {
      add(names.marriedInSurname(), 'F', std::min(son_birth + rng.between(-1, 4), 2000));
      --remaining;
    }
    for (; remaining > 0; --remaining) {
      add(family, rng.percent(50) ? 'M' : 'F', std::max(son_birth + rng.between(22, 34), 1990));
    }
  } else if (remaining >= 2 && head_birth >= 1958 && rng.percent(30)) {
    // An elderly parent moved in with the head's family.
    const char g = rng.percent(65) ? 'F' : 'M';
    add(g == 'M' ? family : names.marriedInSurname(), g, head_birth - rng.between(22, 32));
    --remaining;
  }
  for (; remaining > 0; --remaining) {
    int birth = head_birth + rng.between(22, 36);
    if (birth > kMaxBirthYear) birth = rng.between(2008, kMaxBirthYear);
    add(family, rng.percent(50) ? 'M' : 'F', birth);
  }
}

void buildHouseholds(Village& v, Prng& rng, NameMaker& names) {
  const auto sizes = householdSizes(rng);
  std::array<int, 5> per_grid{};
  per_grid.fill(kHouseholds / 5);
  for (int extra = kHouseholds % 5; extra > 0;) {
    auto& g = per_grid[rng.below(per_grid.size())];
    if (g == kHouseholds / 5) {
      ++g;
      --extra;
    }
  }
  // Houses stand in rows (排); each grid takes whole rows.
  int row = 0;
  for (int grid = 0; grid < 5; ++grid) {
    for (int i = 0; i < per_grid[grid]; ++i) {
      if (i % kHousesPerRow == 0) ++row;
      House h;
      h.grid = grid;
      h.address = std::string(demo::kVillageName) + " " + std::to_string(row) + " 排 " +
                  std::to_string(i % kHousesPerRow + 1) + " 号";
      v.houses.push_back(std::move(h));
    }
  }
  for (int h = 0; h < kHouseholds; ++h) fillHousehold(v, h, sizes[h], rng, names);
  if (static_cast<int>(v.people.size()) != kVillagers) fail("household sizes do not add up");
}

void chooseParty(Village& v, Prng& rng) {
  const int n = static_cast<int>(v.people.size());
  // A collector per grid first: a trusted party member of working age who lives there.
  v.collectors.assign(5, -1);
  for (int grid = 0; grid < 5; ++grid) {
    for (int attempt = 0; attempt < 100000 && v.collectors[grid] < 0; ++attempt) {
      const int i = static_cast<int>(rng.below(n));
      const int age = v.age(v.people[i]);
      if (v.houses[v.people[i].household].grid == grid && !v.people[i].party && age >= 30 &&
          age <= 65) {
        v.people[i].party = true;
        v.collectors[grid] = i;
      }
    }
    if (v.collectors[grid] < 0) fail("no collector for a grid");
  }
  // Men are twice as likely to be party members, as in most villages.
  for (int count = 5; count < kPartyMembers;) {
    Person& p = v.people[rng.below(n)];
    const int age = v.age(p);
    if (p.party || age < 23 || age > 85 || (p.gender == 'F' && !rng.percent(50))) continue;
    p.party = true;
    ++count;
  }
  // The branch committee: working-age members who are not also collectors.
  std::vector<int> candidates;
  for (int i = 0; i < n; ++i) {
    const int age = v.age(v.people[i]);
    if (v.people[i].party && age >= 30 && age <= 62 &&
        std::find(v.collectors.begin(), v.collectors.end(), i) == v.collectors.end()) {
      candidates.push_back(i);
    }
  }
  if (static_cast<int>(candidates.size()) < kCommittee) fail("too few committee candidates");
  rng.shuffle(candidates);
  for (int i = 0; i < kCommittee; ++i) v.people[candidates[i]].committee = true;
}

bool hasPartyMember(const Village& v, const House& h) {
  return std::any_of(h.members.begin(), h.members.end(), [&](int i) { return v.people[i].party; });
}

// Picks the 17 households that fail the household rule and the 31 villagers below the
// threshold, all inside those households: the head is always below and at least half of the
// members are, so the households fail under every HouseholdRule (head, all members, average,
// majority) and everyone else passes under every rule too.
void chooseBelow(Village& v, Prng& rng) {
  auto adultBelowCandidate = [&](int i) {
    const int age = v.age(v.people[i]);
    return age >= 18 && age <= 75;
  };
  struct Candidate {
    int house;
    int min_below;
    int max_below;
  };
  std::vector<Candidate> candidates;
  for (int h = 0; h < static_cast<int>(v.houses.size()); ++h) {
    const House& house = v.houses[h];
    const int size = static_cast<int>(house.members.size());
    if (size > 4 || hasPartyMember(v, house) || !adultBelowCandidate(house.head)) continue;
    const int adults = static_cast<int>(
        std::count_if(house.members.begin(), house.members.end(), adultBelowCandidate));
    const int min_below = (size + 1) / 2;
    if (adults >= min_below) candidates.push_back({h, min_below, adults});
  }
  rng.shuffle(candidates);
  std::vector<Candidate> chosen;
  int lo = 0;
  int hi = 0;
  for (const auto& c : candidates) {
    if (static_cast<int>(chosen.size()) == kFailingHouseholds) break;
    const int left = kFailingHouseholds - static_cast<int>(chosen.size()) - 1;
    if (lo + c.min_below + left > kBelowVillagers ||
        hi + c.max_below + 4 * left < kBelowVillagers) {
      continue;
    }
    chosen.push_back(c);
    lo += c.min_below;
    hi += c.max_below;
  }
  if (static_cast<int>(chosen.size()) != kFailingHouseholds || lo > kBelowVillagers ||
      hi < kBelowVillagers) {
    fail("cannot choose the households below the threshold");
  }
  std::vector<int> count(chosen.size());
  for (std::size_t i = 0; i < chosen.size(); ++i) count[i] = chosen[i].min_below;
  for (int extra = kBelowVillagers - lo; extra > 0;) {
    const std::size_t i = rng.below(chosen.size());
    if (count[i] < chosen[i].max_below) {
      ++count[i];
      --extra;
    }
  }
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    House& house = v.houses[chosen[i].house];
    house.fails = true;
    v.people[house.head].below = true;
    std::vector<int> others;
    for (int m : house.members) {
      if (m != house.head && adultBelowCandidate(m)) others.push_back(m);
    }
    rng.shuffle(others);
    for (int k = 0; k < count[i] - 1; ++k) v.people[others[k]].below = true;
  }
}

// A handful of elderly one- or two-person households live on relief (五保户, 低保户).
void chooseRelief(Village& v, Prng& rng) {
  std::vector<int> candidates;
  for (int h = 0; h < static_cast<int>(v.houses.size()); ++h) {
    const House& house = v.houses[h];
    if (house.members.size() <= 2 && !house.fails && !hasPartyMember(v, house) &&
        v.age(v.people[house.head]) >= 70) {
      candidates.push_back(h);
    }
  }
  rng.shuffle(candidates);
  const int wanted = std::min(rng.between(6, 9), static_cast<int>(candidates.size()));
  for (int i = 0; i < wanted; ++i) v.houses[candidates[i]].relief = true;
}

bool teamFits(TeamFocus focus, const Person& p, int age) noexcept {
  switch (focus) {
    case TeamFocus::Party:
      return p.party;
    case TeamFocus::Anyone:
      return age >= 8;
    case TeamFocus::Adults:
      return age >= 18 && age <= 75;
    case TeamFocus::Men:
      return p.gender == 'M' && age >= 20 && age <= 70;
    case TeamFocus::Women:
      return p.gender == 'F' && age >= 18 && age <= 75;
    case TeamFocus::Youth:
      return age >= 8 && age <= 35;
    case TeamFocus::Elderly:
      return age >= 60;
  }
  return false;
}

void formTeams(Village& v, Prng& rng) {
  const auto teams = book::teamSpecs();
  const int team_count = static_cast<int>(teams.size());
  auto join = [](Person& p, int team) {
    if (std::find(p.teams.begin(), p.teams.end(), team) == p.teams.end()) p.teams.push_back(team);
  };
  auto open = [&](const Person& p) {
    std::vector<int> out;
    for (int t = 0; t < team_count; ++t) {
      if (teams[t].focus != TeamFocus::Party && teamFits(teams[t].focus, p, v.age(p))) {
        out.push_back(t);
      }
    }
    return out;
  };
  std::vector<int> party_teams;
  for (int t = 0; t < team_count; ++t) {
    if (teams[t].focus == TeamFocus::Party) party_teams.push_back(t);
  }
  for (auto& p : v.people) {
    const auto choices = open(p);
    if (p.party) {
      join(p, rng.pick(party_teams));
      if (!choices.empty() && rng.percent(50)) join(p, rng.pick(choices));
    } else if (!choices.empty() && rng.percent(92)) {
      join(p, rng.pick(choices));
      if (rng.percent(22)) join(p, rng.pick(choices));
    }
  }
  // The source: all party members and 85%+ of villagers belong to a team.
  const int wanted = (kVillagers * kMinTeamPercent + 99) / 100;
  int members = static_cast<int>(std::count_if(v.people.begin(), v.people.end(),
                                               [](const Person& p) { return !p.teams.empty(); }));
  for (int attempt = 0; members < wanted && attempt < 1000000; ++attempt) {
    Person& p = v.people[rng.below(v.people.size())];
    const auto choices = open(p);
    if (!p.teams.empty() || choices.empty()) continue;
    join(p, rng.pick(choices));
    ++members;
  }
  if (members < wanted) fail("too few villagers in volunteer teams");
  for (int t = 0; t < team_count; ++t) {
    const bool empty = std::none_of(v.people.begin(), v.people.end(), [&](const Person& p) {
      return std::find(p.teams.begin(), p.teams.end(), t) != p.teams.end();
    });
    for (int attempt = 0; empty && attempt < 1000000; ++attempt) {
      Person& p = v.people[rng.below(v.people.size())];
      if (teamFits(teams[t].focus, p, v.age(p))) {
        join(p, t);
        break;
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// 3. Writing the roster, rule book, cards, supermarket and stations

// Every household gets a code ("H001") and every villager the last four characters of an ID
// card, drawn from their own stream so the rest of the village does not depend on them; the
// digits differ within a household, so (household, name, digits) names one villager.
void writeRoster(db::Database& database, Village& v, const book::VillageBookIds& book_ids,
                 Prng& digits) {
  db::Roster roster(database);
  for (std::size_t i = 0; i < v.houses.size(); ++i) {
    auto& h = v.houses[i];
    char code[32];
    std::snprintf(code, sizeof code, "H%03zu", i + 1);
    h.id = need(db::insertHousehold(database, book_ids.grids[static_cast<std::size_t>(h.grid)], code,
                                    h.address, h.relief),
                "household");
  }
  for (const auto& h : v.houses) {
    std::set<std::string> taken;
    for (int m : h.members) {
      Person& p = v.people[static_cast<std::size_t>(m)];
      std::string id_digits;
      do {
        id_digits = std::to_string(1000 + digits.below(9000));
        if (digits.percent(9)) id_digits.back() = 'X';
      } while (!taken.insert(id_digits).second);
      db::Villager row;
      row.household_id = h.id;
      row.name = p.name;
      row.gender = p.gender;
      row.birth_year = p.birth_year;
      row.party_member = p.party;
      row.committee = p.committee;
      p.id = need(db::insertVillager(database, row, id_digits), "villager " + p.name);
    }
  }
  for (const auto& h : v.houses) {
    need(roster.setHouseholdHead(h.id, v.people[h.head].id), "household head");
  }
  for (int g = 0; g < 5; ++g) {
    need(roster.setGridCollector(book_ids.grids[static_cast<std::size_t>(g)],
                                 v.people[v.collectors[g]].id),
         "grid collector");
  }
}

void writeTeams(db::Roster& roster, const Village& v, const book::VillageBookIds& book_ids) {
  for (const auto& p : v.people) {
    for (int t : p.teams) {
      need(roster.addTeamMember(book_ids.teams[static_cast<std::size_t>(t)], p.id), "team member");
    }
  }
}

// Mostly contactless IC cards (8 hex digits); some villagers use their ID card (10 digits).
void writeCards(db::Roster& roster, const Village& v, Prng& rng, std::int64_t at_ms) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::set<std::string> used;
  for (const auto& p : v.people) {
    const bool ic = rng.percent(85);
    std::string uid;
    do {
      if (ic) {
        const std::uint64_t value = rng.below(std::uint64_t{1} << 32);
        uid.clear();
        for (int shift = 28; shift >= 0; shift -= 4) uid.push_back(kHex[(value >> shift) & 0xf]);
      } else {
        uid = std::to_string(1'000'000'000ULL + rng.below(9'000'000'000ULL));
      }
    } while (!used.insert(uid).second);
    need(roster.bindCard(uid, p.id, ic ? "ic" : "id", at_ms), "card");
  }
}

// The hub's two staff with staff cards (8 hex digits, none a villager's) and the demo PIN.
void writeStaff(db::Database& database, std::int64_t at_ms) {
  struct Member {
    const char* name;
    core::StaffRole role;
  };
  static constexpr Member kStaff[] = {{"王秀英", core::StaffRole::Keeper},
                                      {"刘书记", core::StaffRole::Secretary}};
  db::StaffRepo repo(database);
  db::Roster roster(database);
  const std::string hash = db::hashPin(core::kDemoStaffPin);
  if (hash.empty()) fail("staff PIN: hashing failed");
  std::uint32_t card = 0x5AF00001;
  for (const auto& m : kStaff) {
    std::string uid;
    do {
      char buf[16];
      std::snprintf(buf, sizeof buf, "%08X", card++);
      uid = buf;
    } while (roster.villagerByCard(uid));
    if (auto added = repo.add(m.name, uid, m.role, at_ms); !added) {
      fail("staff " + std::string(m.name) + ": " + added.error().message);
    }
    if (auto pin = repo.setPinHash(m.name, hash, at_ms); !pin) fail("staff PIN: " + pin.error().message);
  }
}

std::string ean13(std::string_view sku) {
  // A stable made-up article number per sku (FNV-1a), behind China's GS1 prefix 69.
  std::uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : sku) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  std::string digits = std::to_string(h % 10'000'000'000ULL);
  std::string body = "69" + std::string(10 - digits.size(), '0') + digits;
  int sum = 0;
  for (int i = 0; i < 12; ++i) sum += (body[i] - '0') * (i % 2 == 0 ? 1 : 3);
  body.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  return body;
}

std::map<std::string, int> writeCatalog(db::Catalog& catalog, std::int64_t at_ms) {
  std::map<std::string, int> stock;
  std::set<std::string> barcodes;
  for (const auto& spec : demo::productSpecs()) {
    core::Product p;
    p.sku = std::string(spec.sku);
    p.barcode = ean13(spec.sku);
    p.name = std::string(spec.name);
    p.category = std::string(spec.category);
    p.price_points = spec.price_points;
    p.per_order_limit = spec.per_order_limit;
    p.requires_welfare = spec.requires_welfare;
    if (!barcodes.insert(p.barcode).second) fail("barcode collision for " + p.sku);
    need(catalog.addProduct(p), "product " + p.sku);
    need(catalog.moveStock(p.sku, spec.opening_stock, "receive", std::nullopt, at_ms, "开业进货"),
         "stock for " + p.sku);
    stock[p.sku] = spec.opening_stock;
  }
  return stock;
}

// The start (00:00 China Standard Time) of the day `at_ms` falls in.
std::int64_t dayStart(std::int64_t at_ms) {
  const std::int64_t month = core::monthStartMs(core::monthOfMs(at_ms));
  return month + (at_ms - month) / kMsPerDay * kMsPerDay;
}

// Slots from the week before the day of `until` through the fortnight after it, so the kiosk
// has both recent days and bookable days ahead. (A slot is an offer, not a ledger entry.)
int writeStations(db::Services& services, std::int64_t until, Prng& rng) {
  constexpr int kLaundryCost = 5;
  const std::int64_t first_day = dayStart(until) - 7 * kMsPerDay;
  int slots = 0;
  auto slot = [&](core::StationKind kind, std::int64_t at, int capacity, int cost) {
    need(services.addSlot(kind, at, capacity, cost), "slot");
    ++slots;
  };
  for (int day = 0; day < 21; ++day) {
    const std::int64_t d = first_day + day * kMsPerDay;
    slot(core::StationKind::FarmMachinery, d + 7 * kMsPerHour, rng.between(2, 5), 0);
    slot(core::StationKind::Laundry, d + 9 * kMsPerHour, rng.between(4, 8), kLaundryCost);
    slot(core::StationKind::Laundry, d + 14 * kMsPerHour, rng.between(4, 8), kLaundryCost);
    slot(core::StationKind::WarmCanteen, d + 11 * kMsPerHour + 30 * kMsPerMinute, 30, 0);
  }
  return slots;
}

// A few open requests from elderly villagers, made in the last three days (never later than
// `until`), for volunteers to claim on the kiosk. Returns how many.
int writeRequests(db::Services& services, db::Ledger& ledger, const Village& village,
                  std::int64_t until, Prng& rng) {
  struct Ask {
    core::StationKind station;
    std::string_view note;
  };
  constexpr Ask kAsks[] = {
      {core::StationKind::Repair, "修水管"},         {core::StationKind::Errand, "代买药"},
      {core::StationKind::Haircut, "上门理发"},      {core::StationKind::Repair, "修电器"},
      {core::StationKind::Errand, "代缴费"},
  };
  int made = 0;
  std::size_t next = 0;
  for (const auto& ask : kAsks) {
    // The next elder (70+) who can pay what the request costs.
    const int cost = core::requestPoints(ask.station, ledger.settings());
    for (; next < village.people.size(); ++next) {
      const auto& p = village.people[next];
      const auto bal = ledger.balance(p.id);
      if (village.age(p) >= 70 && (cost == 0 || (bal && bal->points >= cost))) break;
    }
    if (next >= village.people.size()) break;
    db::NewOrder o;
    o.uuid = "demo-request-" + std::to_string(made + 1);  // the same village for the same seed
    o.station = ask.station;
    o.requester = village.people[next++].id;
    o.note = std::string(ask.note);
    o.now_ms = until - rng.between(10, 3 * 24 * 60) * kMsPerMinute;
    auto r = services.requestOrder(o);
    if (!r) fail("request: " + r.error().message);
    ++made;
  }
  // And a few laundry bookings for the first laundry slot ahead, made just before `until`.
  const auto ahead = services.slotRows(core::StationKind::Laundry, until, until + 7 * kMsPerDay);
  if (!ahead.empty()) {
    int booked = 0;
    for (std::size_t i = 0; i < village.people.size() && booked < 3 &&
                            booked < ahead.front().slot.capacity;
         i += 97) {
      const auto bal = ledger.balance(village.people[i].id);
      if (!bal || bal->points < ahead.front().slot.points_cost) continue;
      db::NewBooking b;
      b.uuid = "demo-booking-" + std::to_string(booked + 1);
      b.villager_id = village.people[i].id;
      b.slot_id = ahead.front().slot.id;
      b.now_ms = until - (booked + 1) * kMsPerMinute;
      auto r = services.book(b);
      if (!r) fail("booking: " + r.error().message);
      ++booked;
    }
  }
  return made;
}

// ---------------------------------------------------------------------------------------------
// 4. Planning twelve months of ledger entries

enum class PlanKind { Entry, Redemption, Restock };

struct Planned {
  std::int64_t at_ms = 0;
  PlanKind kind = PlanKind::Entry;
  db::EntryDraft draft;
};

std::int64_t timeIn(core::YearMonth ym, int day, int hour, int minute) {
  return core::monthStartMs(ym) + (day - 1) * kMsPerDay + hour * kMsPerHour + minute * kMsPerMinute;
}
int daysIn(core::YearMonth ym) {
  return static_cast<int>((core::monthStartMs(ym.next()) - core::monthStartMs(ym)) / kMsPerDay);
}

// The credit council meets on one of the 25th to the 28th, from 9:30, and its decisions are
// posted that day. The day depends on the seed and the month alone, so whether a month's
// meeting is over at the moment of init-demo is known before anything is planned.
int councilDay(std::uint64_t seed, core::YearMonth ym) {
  std::uint64_t x =
      seed ^ (static_cast<std::uint64_t>(ym.year) * 12 + static_cast<std::uint64_t>(ym.month));
  return 25 + static_cast<int>(splitmix64(x) % 4);
}
bool councilOver(std::uint64_t seed, core::YearMonth ym, std::int64_t until) {
  return timeIn(ym, councilDay(seed, ym) + 1, 0, 0) <= until;
}

// What the plan covers: twelve months of councils ending with the latest meeting held before
// the moment of init-demo, then the month in progress (when that meeting was last month).
// Nothing is dated at or after `until`.
struct Span {
  core::YearMonth first;    // the first planned month
  core::YearMonth settled;  // the month of the latest council meeting
  core::YearMonth last;     // the latest month, maybe in progress
  std::int64_t until = 0;   // exclusive: one past the moment of init-demo, at most `last`'s end
  std::uint64_t seed = 0;
};

class Planner {
 public:
  Planner(Village& v, const core::Settings& s, Prng& rng, const Span& span)
      : m_v(v), m_s(s), m_rng(rng), m_span(span) {
    for (const auto& r : book::ruleSpecs()) {
      if (r.audience == RuleAudience::Party && r.score_delta > 0) {
        m_party_life = &r;
        break;
      }
    }
  }

  std::vector<Planned> plan() {
    core::YearMonth ym = m_span.first;
    for (int m = 0; ym <= m_span.last; ++m, ym = ym.next()) {
      if (m > 0) push({timeIn(ym, 1, 7, 30), PlanKind::Restock, {}});
      for (auto& p : m_v.people) volunteer(p, ym);
      if (ym <= m_span.settled) council(ym, m);
      const int redemptions = m_rng.between(20, 40);
      for (int i = 0; i < redemptions; ++i) {
        const auto at =
            timeIn(ym, m_rng.between(1, daysIn(ym)), m_rng.between(8, 18), m_rng.between(0, 59));
        push({at, PlanKind::Redemption, {}});
      }
      // The fund pays for a quarter once it has ended.
      if (ym.month % 3 == 0 && core::monthStartMs(ym.next()) <= m_span.until) fundRewards(ym);
    }
    return std::move(m_plan);
  }

 private:
  // What happens after the moment of init-demo has not happened: it is left out.
  void push(Planned item) {
    if (item.at_ms < m_span.until) m_plan.push_back(std::move(item));
  }

  void add(std::int64_t at, Person& p, core::EntryKind kind, int score, int points,
           std::string reference, std::string detail) {
    if (at >= m_span.until) fail("planned an entry after the moment of init-demo");
    Planned e;
    e.at_ms = at;
    e.draft.villager_id = p.id;
    e.draft.kind = kind;
    e.draft.score_delta = score;
    e.draft.points_delta = points;
    e.draft.reference = std::move(reference);
    e.draft.detail = std::move(detail);
    e.draft.at_ms = at;
    m_plan.push_back(std::move(e));
    p.score += score;
  }

  void volunteer(Person& p, core::YearMonth ym) {
    if (p.teams.empty()) return;
    static constexpr std::array<int, 4> kParty = {20, 40, 30, 10};
    static constexpr std::array<int, 4> kUsual = {35, 40, 20, 5};
    static constexpr std::array<int, 4> kOld = {60, 40, 0, 0};
    static constexpr std::array<int, 4> kLagging = {85, 15, 0, 0};
    static constexpr std::array<int, 6> kMinutes = {60, 90, 120, 150, 180, 240};
    const auto& weights = p.below ? kLagging : p.party ? kParty : m_v.age(p) >= 80 ? kOld : kUsual;
    const auto sessions = m_rng.weighted(weights);
    for (std::size_t i = 0; i < sessions; ++i) {
      const int team = p.teams[m_rng.below(p.teams.size())];
      const int minutes = m_rng.pick(std::span<const int>(kMinutes));
      const auto at =
          timeIn(ym, m_rng.between(1, 28), m_rng.between(8, 16), 30 * m_rng.between(0, 1));
      const int score = core::volunteerScore(minutes, m_s);
      const int points = core::volunteerPoints(minutes, m_s);
      if (score == 0 && points == 0) continue;  // a rate of zero in the settings: nothing to log
      if (at >= m_span.until) continue;         // not yet served
      if (m_settled && !keepsWelfareFigures(p, score)) continue;
      add(at, p, core::EntryKind::VolunteerHours, score, points,
          std::string(book::teamSpecs()[team].name), "minutes=" + std::to_string(minutes));
    }
  }

  // Hours served after the latest council keep its outcome: nobody it left below the threshold
  // rises above it, and no failing household's average does, before the next meeting.
  bool keepsWelfareFigures(const Person& p, int score) const {
    const int threshold = m_s.welfare_threshold;
    if (p.below && p.score + score >= threshold) return false;
    const House& h = m_v.houses[p.household];
    if (!h.fails) return true;
    std::int64_t sum = score;
    for (int m : h.members) sum += m_v.people[m].score;
    return sum < static_cast<std::int64_t>(threshold) * static_cast<std::int64_t>(h.members.size());
  }

  const book::RuleSpec* pickRule(const Person& p, bool award, int max_size = 100) {
    const int age = m_v.age(p);
    std::vector<const book::RuleSpec*> rules;
    std::vector<int> weights;
    for (const auto& r : book::ruleSpecs()) {
      const bool fits = r.audience == RuleAudience::AnyAge ||
                        (r.audience == RuleAudience::Adults && age >= 18) ||
                        (r.audience == RuleAudience::Party && p.party);
      const int size = std::abs(r.score_delta);
      if (!fits || (r.score_delta > 0) != award || size > max_size) continue;
      rules.push_back(&r);
      // Small awards and small deductions are everyday business; big ones are rare.
      weights.push_back(std::max(1, (award ? 11 : 21) - size));
    }
    if (rules.empty()) return nullptr;
    return rules[m_rng.weighted(weights)];
  }

  void decide(Person& p, const book::RuleSpec& rule, core::YearMonth ym, std::int64_t at) {
    const std::string grid(book::gridNames()[m_v.houses[p.household].grid]);
    std::string detail = std::to_string(ym.year) + "年" + std::to_string(ym.month) +
                         "月信用议事会议审议通过，" + grid + "采集员上报：" +
                         std::string(rule.title);
    if (rule.score_delta > 0) {
      add(at, p, core::EntryKind::CouncilAward, rule.score_delta,
          core::awardPoints(rule.score_delta, m_s), std::string(rule.code), std::move(detail));
    } else {
      add(at, p, core::EntryKind::CouncilDeduction, rule.score_delta, 0, std::string(rule.code),
          std::move(detail));
    }
  }

  // The monthly council (信用议事会议) near month end. Chances lean each villager towards the
  // side of the threshold they are meant to end on, so the last meeting needs few corrections.
  void council(core::YearMonth ym, int month_index) {
    const bool last = ym == m_span.settled;
    // Villagers meant to pass are nudged only when they fall behind a path rising from the
    // base score to just above the threshold by the tenth month, so awards do not bunch at
    // the start.
    const int goal = core::kBaseScore +
                     (m_s.welfare_threshold + 3 - core::kBaseScore) * std::min(month_index, 9) / 9;
    const int day = councilDay(m_span.seed, ym);
    std::int64_t at = timeIn(ym, day, 9, 30);
    const std::int64_t day_end = timeIn(ym, day + 1, 0, 0);
    const int threshold = m_s.welfare_threshold;
    for (auto& p : m_v.people) {
      const int age = m_v.age(p);
      int award = 0;
      int deduction = 0;
      if (p.below) {
        award = 4;
        deduction = p.score >= threshold - 3 ? 45 : 8;
      } else {
        award = p.score < goal ? 45 : p.party ? 25 : age >= 18 ? 12 : 6;
        deduction = p.party ? 1 : (age >= 18 && age <= 80) ? 3 : 0;
      }
      // Party members' monthly organisation life (三会一课) is the council's routine item.
      if (p.party && m_party_life != nullptr && m_rng.percent(30)) {
        decide(p, *m_party_life, ym, at += 37'000);
      }
      if (m_rng.percent(award)) {
        if (const auto* r = pickRule(p, true)) decide(p, *r, ym, at += 37'000);
      }
      if (m_rng.percent(deduction)) {
        if (const auto* r = pickRule(p, false)) decide(p, *r, ym, at += 37'000);
      }
    }
    if (!last) {
      if (at >= day_end) fail("a council's postings ran past its day");
      return;
    }
    // The latest meeting settles who ends where: the source's 31 people and 17 households.
    for (auto& p : m_v.people) {
      while (!p.below && p.score < threshold) {
        const auto* r = pickRule(p, true);
        if (r == nullptr) fail("no award rule for " + p.name);
        decide(p, *r, ym, at += 37'000);
      }
      while (p.below && p.score >= threshold) {
        const auto* r = pickRule(p, false, 10);
        if (r == nullptr) fail("no deduction rule for " + p.name);
        decide(p, *r, ym, at += 37'000);
      }
    }
    // Under the "average" household rule a failing household's mean must be below too.
    for (const auto& h : m_v.houses) {
      if (!h.fails) continue;
      while (true) {
        std::int64_t sum = 0;
        for (int m : h.members) sum += m_v.people[m].score;
        const auto n = static_cast<std::int64_t>(h.members.size());
        if (sum < static_cast<std::int64_t>(threshold) * n) break;
        Person& p = m_v.people[h.head];
        const auto* r = pickRule(p, false, 10);
        if (r == nullptr) fail("no deduction rule for " + p.name);
        decide(p, *r, ym, at += 37'000);
      }
    }
    if (at >= day_end) fail("the latest council's postings ran past its day");
    m_settled = true;
  }

  // Quarterly fund rewards (红色信用基金) by the credit level at the end of the quarter.
  void fundRewards(core::YearMonth ym) {
    std::int64_t at = timeIn(ym, daysIn(ym), 20, 0);
    const auto quarter = db::Quarter::of(ym);
    const std::string reference = db::fundRewardReference(quarter);
    for (auto& p : m_v.people) {
      const auto level = core::rewardLevelFor(p.score, m_s);
      if (!level || level->points <= 0) continue;
      add(at += 1'000, p, core::EntryKind::FundReward, 0, level->points, reference,
          db::fundRewardDetail(quarter, level->name));
    }
  }

  Village& m_v;
  const core::Settings& m_s;
  Prng& m_rng;
  const Span m_span;
  std::vector<Planned> m_plan;
  const book::RuleSpec* m_party_life = nullptr;
  bool m_settled = false;  // the latest council has been planned
};

// ---------------------------------------------------------------------------------------------
// 5. Writing the plan in time order

class Writer {
 public:
  Writer(db::Ledger& ledger, const Village& v, std::map<std::string, int>& stock, Prng& shop,
         Prng& uuids)
      : m_ledger(ledger),
        m_catalog(ledger.database()),
        m_stock(stock),
        m_shop(shop),
        m_uuids(uuids) {
    for (const auto& p : v.people) {
      if (v.age(p) >= 16) m_shoppers.push_back(p.id);
    }
  }

  void write(std::vector<Planned>& plan) {
    // Stable: entries planned at the same instant keep their planned order.
    std::stable_sort(plan.begin(), plan.end(),
                     [](const Planned& a, const Planned& b) { return a.at_ms < b.at_ms; });
    for (auto& item : plan) {
      switch (item.kind) {
        case PlanKind::Entry:
          item.draft.uuid = uuidFrom(m_uuids);
          need(m_ledger.append(item.draft), "ledger entry");
          break;
        case PlanKind::Redemption:
          redeem(item.at_ms);
          break;
        case PlanKind::Restock:
          restock(item.at_ms);
          break;
      }
    }
  }

 private:
  // The keeper tops shelves up at the start of each month.
  void restock(std::int64_t at) {
    for (const auto& spec : demo::productSpecs()) {
      int& level = m_stock[std::string(spec.sku)];
      if (level * 3 >= spec.opening_stock) continue;
      need(m_catalog.moveStock(std::string(spec.sku), spec.opening_stock - level, "receive",
                               std::nullopt, at, "补货"),
           "restock");
      level = spec.opening_stock;
    }
  }

  void redeem(std::int64_t at) {
    const auto& settings = m_ledger.settings();
    const auto month = core::monthOfMs(at);
    const auto products = demo::productSpecs();
    for (int attempt = 0; attempt < 12; ++attempt) {
      const core::VillagerId who = m_shop.pick(m_shoppers);
      const auto bal = m_ledger.balance(who);
      if (!bal || bal->points < 10) continue;
      int budget = bal->points;
      std::vector<core::CartLine> lines;
      auto take = [&](const demo::ProductSpec& spec, int wanted) {
        const std::string sku(spec.sku);
        const bool taken = std::any_of(lines.begin(), lines.end(),
                                       [&](const core::CartLine& l) { return l.sku == sku; });
        const int limit =
            spec.per_order_limit > 0 ? spec.per_order_limit : settings.default_per_order_limit;
        if (taken || (spec.requires_welfare && bal->score < settings.welfare_threshold)) return;
        int qty = std::min({wanted, limit, m_stock[sku]});
        while (qty > 0 && qty * spec.price_points > budget) --qty;
        if (qty <= 0) return;
        lines.push_back({sku, qty});
        budget -= qty * spec.price_points;
      };
      // Spring Festival and Mid-Autumn bring the welfare gift packs off the shelf.
      if ((month.month <= 2 || month.month == 9) && m_shop.percent(40)) {
        const std::string_view gift = month.month == 9 ? "MOONCAKE-GIFT" : "FESTIVAL-GIFT";
        for (const auto& spec : products) {
          if (spec.sku == gift) take(spec, 1);
        }
      }
      const int wanted_lines = m_shop.between(1, 3);
      for (int i = 0; i < 6 && static_cast<int>(lines.size()) < wanted_lines; ++i) {
        const auto& spec = m_shop.pick(products);
        if (!spec.requires_welfare) take(spec, m_shop.between(1, 2));
      }
      if (lines.empty()) continue;

      db::RedemptionDraft d;
      d.uuid = uuidFrom(m_uuids);
      d.kiosk_id = std::string(kSupermarketKiosk);
      d.villager_id = who;
      d.lines = lines;
      d.reference =
          "S" + std::to_string(month.year * 100 + month.month) + "-" + std::to_string(++m_orders);
      d.at_ms = at;
      need(m_ledger.redeem(d), "redemption");
      for (const auto& l : lines) m_stock[l.sku] -= l.quantity;
      return;
    }
  }

  db::Ledger& m_ledger;
  db::Catalog m_catalog;
  std::map<std::string, int>& m_stock;
  Prng& m_shop;
  Prng& m_uuids;
  std::vector<core::VillagerId> m_shoppers;
  int m_orders = 0;
};

// The red credit fund (红色信用基金): 150,000 yuan paid in when the village opens, and one draw
// and one paid quarter for each quarter the village rewarded (its fund-reward entries, read
// back from the ledger).
constexpr std::int64_t kDemoFundFen = std::int64_t{150'000} * 100;
void writeFund(db::Database& d, const core::Settings& s, std::int64_t opening) {
  db::Fund fund(d, s);
  if (auto r = fund.deposit(kDemoFundFen, "村集体注入红色信用基金", opening); !r) {
    fail("fund deposit: " + r.error().message);
  }
  auto st = d.prepare(
      "SELECT reference, count(DISTINCT villager_id), SUM(points_delta), MAX(at_ms) FROM entries "
      "WHERE kind = ? AND kiosk_id = ? GROUP BY reference ORDER BY reference");
  st.bind(1, core::toString(core::EntryKind::FundReward)).bind(2, db::kOfficeKioskId);
  struct Paid {
    db::Quarter quarter;
    std::int64_t villagers = 0, points = 0, at = 0;
  };
  std::vector<Paid> paid;
  while (true) {
    auto row = st.step();
    if (!row || !*row) break;
    const std::string reference = st.columnText(0);
    const auto quarter = db::Quarter::parse(std::string_view(reference).substr(5));
    if (!reference.starts_with("fund-") || !quarter) fail("fund reward reference " + reference);
    paid.push_back({*quarter, st.columnInt(1), st.columnInt(2), st.columnInt(3)});
  }
  for (const auto& p : paid) {
    if (auto r = fund.recordPaidQuarter(p.quarter, p.villagers, p.points, p.at); !r) {
      fail("fund draw for " + p.quarter.toString() + ": " + r.error().message);
    }
  }
}

// The figures the demo promises, read back from the database rather than from the plan: the
// scores of entries dated before `before`.
void checkFigures(db::Roster& roster, const core::Settings& s, std::int64_t before) {
  const auto scores = roster.scoresAsOf(before);
  std::map<core::VillagerId, int> by_id;
  for (const auto& sc : scores) by_id[sc.id] = sc.score;
  const int below =
      static_cast<int>(std::count_if(scores.begin(), scores.end(), [&](const core::Scored& sc) {
        return !core::welfareEligible(sc.score, s);
      }));
  std::map<core::HouseholdId, std::vector<core::HouseholdMember>> members;
  for (const auto& v : roster.villagers()) {
    members[v.household_id].push_back({v.id, by_id[v.id], v.is_head});
  }
  int failing = 0;
  for (const auto& [id, list] : members) {
    if (!core::householdEligible(list, s)) ++failing;
  }
  if (below != kBelowVillagers || failing != kFailingHouseholds) {
    fail("before " + core::formatChinaTime(before) + " " + std::to_string(below) +
         " villagers and " + std::to_string(failing) +
         " households are below the threshold, not 31 and 17");
  }
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// 6. buildDemoVillage

DemoFigures buildDemoVillage(db::Ledger& ledger, const DemoOptions& options,
                             const std::function<void(const std::string&)>& progress) {
  auto say = [&](const std::string& text) {
    if (progress) progress(text);
  };
  db::Database& database = ledger.database();
  const core::Settings& settings = ledger.settings();
  db::Roster roster(database);

  db::Transaction tx(database);
  if (roster.counts().villagers > 0 || ledger.entryCount() > 0) {
    fail("the database is not empty; the demo village needs a fresh file");
  }
  // The village lives in the past: nothing is dated after the moment of init-demo.
  const std::int64_t now = options.now_ms.value_or(db::nowMs());
  const core::YearMonth latest = options.latest_month;
  if (now < core::monthStartMs(latest)) {
    fail(latest.toString() + " has not begun at " + core::formatChinaTime(now) +
         "; the demo village can only have a past");
  }
  Span span;
  span.seed = options.seed;
  span.last = latest;
  span.until = std::min(now + 1, core::monthStartMs(latest.next()));
  span.settled = councilOver(options.seed, latest, span.until) ? latest : latest.prev();
  span.first = span.settled;
  for (int i = 1; i < kMonths; ++i) span.first = span.first.prev();
  const std::int64_t opening = core::monthStartMs(span.first) + 8 * kMsPerHour;

  // Separate streams, so a change to how goods are picked leaves the roster unchanged.
  Prng rng(options.seed);
  Prng shop(options.seed ^ 0x5eed5a1e5eed5a1eULL);
  Prng uuids(options.seed ^ 0x0badc0ffee0ddf00ULL);

  say("Planning the village");
  Village village;
  // Birth years are fixed (1930..2020), so ages are counted in a year of the 2020s even for a
  // far-off latest month; otherwise nobody would be young enough to collect or old enough
  // for the warm canteen.
  village.ref_year = std::clamp(latest.year, 2021, 2035);
  NameMaker names(rng);
  buildHouseholds(village, rng, names);
  chooseParty(village, rng);
  chooseBelow(village, rng);
  chooseRelief(village, rng);
  formTeams(village, rng);

  say("Writing the village book: grids, volunteer teams, rule book, service stations");
  const auto book_ids = book::writeVillageBook(ledger);
  say("Writing households and villagers");
  Prng id_digits(options.seed ^ 0x1dd161751dd16175ULL);
  writeRoster(database, village, book_ids, id_digits);
  say("Writing volunteer team members");
  writeTeams(roster, village, book_ids);
  say("Three volunteer teams recruit in the latest month");
  for (const std::size_t t : {std::size_t{1}, std::size_t{4}, std::size_t{10}}) {
    const auto st = db::setRecruiting(database, book_ids.teams.at(t), span.last, true);
    if (!st) fail("recruiting: " + st.error().message);
  }
  say("Issuing cards");
  writeCards(roster, village, rng, opening);
  say("Issuing staff cards");
  writeStaff(database, opening);
  say("Stocking the supermarket");
  db::Catalog catalog(database);
  auto stock = writeCatalog(catalog, opening);
  say("Drawing the goods' pictures");
  db::ProductPictures pictures(database);
  for (const auto& spec : demo::productSpecs()) {
    const auto png = demoPicture(spec.sku);
    if (png.empty()) continue;
    if (auto r = pictures.set(std::string(spec.sku), png, opening); !r) {
      fail("picture of " + std::string(spec.sku) + ": " + r.error());
    }
  }
  say("Opening service slots");
  db::Services services(ledger);
  const int slots = writeStations(services, span.until, rng);

  say("Planning twelve months of credit events");
  auto plan = Planner(village, settings, rng, span).plan();
  say("Writing the ledger in time order");
  Writer(ledger, village, stock, shop, uuids).write(plan);
  say("Recording the credit fund");
  writeFund(database, settings, opening);
  say("Asking for a few services");
  const int requests = writeRequests(services, ledger, village, span.until, rng);

  need(roster.setMeta("village", std::string(demo::kVillageName)), "meta");
  // Reports and boards default to the month of the latest council, as the office's notice
  // board would show them.
  need(roster.setMeta("latest_month", span.settled.toString()), "meta");
  need(roster.setMeta("demo_seed", std::to_string(options.seed)), "meta");

  say("Checking the welfare figures");
  checkFigures(roster, settings, core::monthStartMs(span.settled.next()));
  checkFigures(roster, settings, span.until);

  DemoFigures figures;
  figures.households = kHouseholds;
  figures.villagers = kVillagers;
  figures.party_members = kPartyMembers;
  figures.entries = static_cast<int>(ledger.entryCount());
  figures.products = static_cast<int>(demo::productSpecs().size());
  figures.slots = slots;
  figures.requests = requests;
  figures.latest_council = span.settled;

  say("Committing");
  need(tx.commit(), "commit");
  return figures;
}

}  // namespace rc::office
