#include "db/reports.h"

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <stdexcept>
#include <unordered_map>

#include "core/rules.h"
#include "db/team_recruiting.h"
#include "db/villager_months.h"

namespace rc::db {
namespace {

struct MonthState {
  std::vector<Villager> villagers;
  std::unordered_map<core::VillagerId, int> score;
  std::unordered_map<core::VillagerId, std::size_t> index;
  const Villager& villager(core::VillagerId id) const { return villagers[index.at(id)]; }
};

std::vector<VillagerScoreChange> scoreChangesOrThrow(Database& db, core::YearMonth month) {
  auto changes = scoreChangesTo(db, month.index());
  if (!changes) throw std::runtime_error("reading villager_months: " + changes.error().message);
  return std::move(*changes);
}

MonthState monthState(Database& db, core::YearMonth month) {
  Roster roster(db);
  MonthState m;
  m.villagers = roster.villagers();
  // Month-end scores from villager_months (kept with every entry): a few rows per villager
  // rather than every entry, so a town-scale ledger answers in a moment.
  for (const auto& v : m.villagers) m.score[v.id] = core::kBaseScore;
  const auto changes = scoreChangesOrThrow(db, month);
  for (const auto& c : changes) {
    if (auto it = m.score.find(c.villager_id); it != m.score.end()) {
      it->second = static_cast<int>(core::kBaseScore + c.score_delta);
    }
  }
  for (std::size_t i = 0; i < m.villagers.size(); ++i) m.index[m.villagers[i].id] = i;
  return m;
}

// Who the month's boards rank: everyone on the roster except those who moved away (迁出).
std::vector<core::BoardCandidate> candidates(const MonthState& m) {
  std::vector<core::BoardCandidate> out;
  out.reserve(m.villagers.size());
  for (const auto& v : m.villagers) {
    if (!v.moved_away) out.push_back({v.id, m.score.at(v.id), v.party_member, v.grid_id});
  }
  return out;
}

std::map<core::HouseholdId, std::vector<core::HouseholdMember>> householdsOf(const MonthState& m) {
  std::map<core::HouseholdId, std::vector<core::HouseholdMember>> out;
  for (const auto& v : m.villagers) out[v.household_id].push_back({v.id, m.score.at(v.id), v.is_head});
  return out;
}

}  // namespace

int volunteerMinutesIn(std::string_view detail) {
  // Volunteer entries carry "minutes=N" (office/demo_village and the service orders).
  constexpr std::string_view key = "minutes=";
  const auto at = detail.find(key);
  if (at == std::string_view::npos) return 0;
  int v = 0;
  std::from_chars(detail.data() + at + key.size(), detail.data() + detail.size(), v);
  return std::max(0, v);
}

std::optional<core::YearMonth> firstLedgerMonth(Database& db) {
  auto st = db.cached("SELECT MIN(at_ms) FROM entries");
  const auto row = st->step();
  if (!row || !*row || st->columnIsNull(0)) return std::nullopt;
  return core::monthOfMs(st->columnInt(0));
}

VolunteerTotals volunteerTotals(Database& db, core::YearMonth month) {
  auto st = db.cached("SELECT detail FROM entries WHERE kind = ? AND at_ms >= ? AND at_ms < ?");
  st->bind(1, core::toString(core::EntryKind::VolunteerHours));
  st->bind(2, core::monthStartMs(month)).bind(3, core::monthStartMs(month.next()));
  VolunteerTotals t;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    t.minutes += volunteerMinutesIn(st->columnTextView(0));
    ++t.sessions;
  }
  return t;
}

int volunteerMinutesOf(Database& db, core::VillagerId villager, core::YearMonth month) {
  auto st = db.cached(
      "SELECT detail FROM entries WHERE villager_id = ? AND kind = ? AND at_ms >= ? AND at_ms < ?");
  st->bind(1, villager).bind(2, core::toString(core::EntryKind::VolunteerHours));
  st->bind(3, core::monthStartMs(month)).bind(4, core::monthStartMs(month.next()));
  std::int64_t minutes = 0;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    minutes += volunteerMinutesIn(st->columnTextView(0));
  }
  auto unpaid = db.cached(
      "SELECT COALESCE(SUM(minutes), 0) FROM service_orders WHERE claimer_id = ? AND "
      "state = 'confirmed' AND entry_seq IS NULL AND updated_at_ms >= ? AND updated_at_ms < ?");
  unpaid->bind(1, villager).bind(2, core::monthStartMs(month)).bind(3, core::monthStartMs(month.next()));
  if (auto row = unpaid->step(); row && *row) minutes += unpaid->columnInt(0);
  return static_cast<int>(std::min<std::int64_t>(minutes, 1'000'000'000));
}

core::YearMonth defaultMonth(Roster& roster) {
  if (auto meta = roster.meta("latest_month")) {
    if (auto ym = core::YearMonth::parse(*meta)) return *ym;
  }
  return core::monthOfMs(nowMs());
}

Summary summarize(Database& db, const core::Settings& s, core::YearMonth month) {
  Roster roster(db);
  Summary out;
  out.village = roster.meta("village").value_or("");
  out.month = month;
  out.counts = roster.counts();
  {
    auto st = db.cached("SELECT (SELECT count(*) FROM entries), (SELECT count(*) FROM products)");
    if (auto row = st->step(); row && *row) {
      out.entries = st->columnInt(0);
      out.products = st->columnInt(1);
    }
  }
  const MonthState m = monthState(db, month);
  for (const auto& v : m.villagers) {
    if (!core::welfareEligible(m.score.at(v.id), s)) ++out.below_threshold;
  }
  for (const auto& [id, members] : householdsOf(m)) {
    if (!core::householdEligible(members, s)) ++out.households_below_threshold;
  }
  return out;
}

MonthBoards monthBoards(Database& db, const core::Settings& s, core::YearMonth month) {
  const MonthState m = monthState(db, month);
  MonthBoards out;
  out.month = month;
  auto row = [&](core::VillagerId id, int score, int rank) {
    BoardRow r;
    r.id = id;
    r.name = m.villager(id).name;
    r.score = score;
    r.rank = rank;
    r.stars = core::starsFor(score, s);
    return r;
  };
  const auto board = core::villagerBoard(candidates(m), s);
  for (const auto& c : board.commended) out.commended.push_back(row(c.id, c.score, c.rank));
  for (const auto& y : board.yellow_cards) {
    BoardRow r = row(y.id, y.score, y.rank);
    for (const auto& p : board.pairings) {
      if (p.villager == y.id) {
        r.paired_with = p.party_member;
        r.paired_name = m.villager(p.party_member).name;
      }
    }
    out.yellow_cards.push_back(std::move(r));
  }
  std::vector<core::Scored> party;
  for (const auto& v : m.villagers) {
    if (v.party_member && !v.moved_away) party.push_back({v.id, m.score.at(v.id)});
  }
  for (const auto& p : core::partyBoard(party, s)) out.party.push_back(row(p.id, p.score, p.rank));
  return out;
}

PulledBoards kioskBoards(Database& db, const core::Settings& s) {
  Roster roster(db);
  const core::YearMonth month = defaultMonth(roster);
  const MonthBoards mb = monthBoards(db, s, month);
  auto lines = [](const std::vector<BoardRow>& rows) {
    std::vector<BoardLineRow> out;
    out.reserve(std::min(rows.size(), kMaxKioskBoardLines));
    for (const auto& r : rows) {
      if (out.size() == kMaxKioskBoardLines) break;
      out.push_back({r.id, r.name, r.score, r.rank, r.paired_name});
    }
    return out;
  };
  PulledBoards b;
  b.month = month;
  b.party = lines(mb.party);
  b.commended = lines(mb.commended);
  b.yellow_cards = lines(mb.yellow_cards);
  const VolunteerTotals v = volunteerTotals(db, month);
  b.volunteer_minutes = v.minutes;
  b.volunteer_sessions = v.sessions;
  // None recruiting: nothing sent (the month stays unset).
  if (Recruiting r = recruitingFor(db, month, nowMs()); !r.teams.empty()) {
    b.recruiting_month = r.month;
    b.recruiting = std::move(r.teams);
  }
  return b;
}

std::shared_ptr<const MonthStandings> monthStandings(Database& db, const core::Settings& s,
                                                     core::YearMonth month) {
  auto out = std::make_shared<MonthStandings>();
  out->month = month;
  const MonthState m = monthState(db, month);
  std::vector<core::Scored> all;
  all.reserve(m.villagers.size());
  for (const auto& x : m.villagers) all.push_back({x.id, m.score.at(x.id)});
  for (const auto& ranked : core::rankByScore(all)) out->rank[ranked.id] = ranked.rank;
  out->ranked = static_cast<int>(all.size());
  out->score = m.score;
  for (const auto& [household, members] : householdsOf(m)) {
    out->household_eligible[household] = core::householdEligible(members, s);
  }
  const auto board = core::villagerBoard(candidates(m), s);
  for (const auto& y : board.yellow_cards) out->yellow_cards.insert(y.id);
  for (const auto& p : board.pairings) out->paired_with[p.villager] = p.party_member;
  return out;
}

namespace {
std::int64_t dataVersion(Database& db) {
  auto version = db.prepare("PRAGMA data_version");
  const auto row = version.step();
  return row && *row ? version.columnInt(0) : -2;
}
}  // namespace

std::int64_t KioskBoardsCache::totalChanges(Database& db) noexcept {
  return sqlite3_total_changes64(db.handle());
}

PulledBoards KioskBoardsCache::get(Database& db, const core::Settings& s) {
  const std::int64_t data_version = dataVersion(db);
  const std::int64_t other = totalChanges(db) - m_kiosk_changes;
  Roster roster(db);
  const core::YearMonth month = defaultMonth(roster);
  if (!m_boards || data_version != m_data_version || other != m_other_changes ||
      data_version == -2 || m_boards->month != month) {
    m_boards = kioskBoards(db, s);
    ++m_computed;
    m_data_version = data_version;
    m_other_changes = other;
  }
  return *m_boards;
}

std::shared_ptr<const MonthStandings> StandingsCache::get(Database& db, const core::Settings& s,
                                                          core::YearMonth month) {
  const std::int64_t data_version = dataVersion(db);
  const std::int64_t changes = sqlite3_total_changes64(db.handle());
  if (data_version != m_data_version || changes != m_changes || data_version == -2) {
    m_months.clear();
    m_data_version = data_version;
    m_changes = changes;
  }
  auto& slot = m_months[month.index()];
  if (!slot) slot = monthStandings(db, s, month);
  return slot;
}

std::optional<VillagerReport> villagerReport(Database& db, const core::Settings& s,
                                             core::VillagerId id, core::YearMonth month,
                                             StandingsCache* cache) {
  Roster roster(db);
  auto v = roster.villager(id);
  if (!v) return std::nullopt;
  Ledger ledger(db, s);
  VillagerReport r;
  r.villager = *v;
  r.balance = ledger.balance(id).value_or(Balance{});
  r.stars = core::starsFor(r.balance.score, s);
  r.month = month;
  const auto standings = cache ? cache->get(db, s, month) : monthStandings(db, s, month);
  if (auto it = standings->rank.find(id); it != standings->rank.end()) r.rank = it->second;
  r.ranked = standings->ranked;
  if (auto it = standings->score.find(id); it != standings->score.end()) r.month_score = it->second;
  r.welfare_eligible = core::welfareEligible(r.month_score, s);
  if (auto it = standings->household_eligible.find(v->household_id);
      it != standings->household_eligible.end()) {
    r.household_eligible = it->second;
  }
  r.yellow_card = standings->yellow_cards.count(id) > 0;
  if (auto it = standings->paired_with.find(id); it != standings->paired_with.end()) {
    r.paired_with = it->second;
  }
  r.teams = roster.teamsOf(id);
  r.cards = roster.cardsOf(id);
  r.recent = ledger.recentEntries(id, 10);
  return r;
}

}  // namespace rc::db
