// The console's villagers pages: search (by part of a name, a household code or a card), one
// villager's record (the same db::villagerReport as `rc-office villager`, their entries and
// their score by month from villager_months) and one household with its members.
// A collector sees only their own grid: searches are limited to it, other pages are 403.
#include <algorithm>
#include <map>
#include <cctype>

#include "core/rules.h"
#include "db/cards.h"
#include "db/catalog.h"
#include "db/reports.h"
#include "db/roster.h"
#include "db/villager_months.h"
#include "db/villager_search.h"
#include "office/console/api.h"

namespace rc::office::console {
namespace {

constexpr std::size_t kSearchLimit = 50;
constexpr int kHistoryLimit = 100;
constexpr int kChartMonths = 12;

json rowJson(const db::VillagerRow& r) {
  return {{"id", r.id},
          {"name", r.name},
          {"household_id", r.household_id},
          {"household", r.household_code},
          {"address", r.address},
          {"grid_id", r.grid_id},
          {"grid", r.grid_name},
          {"score", r.score},
          {"points", r.points},
          {"head", r.is_head},
          {"party_member", r.party_member},
          {"moved_away", r.moved_away}};
}

json starsJson(const core::Stars& s) { return {{"red", s.red}, {"grey", s.grey}}; }

// What an entry was, in the words of the rule book or the shelf: the rule's title for council
// awards and deductions, the goods for a redemption, else the kind.
class EntryWords {
 public:
  explicit EntryWords(db::Database& d) : m_roster(d), m_catalog(d) {}

  // Without the kind, which the page writes before it; empty when the kind says it all.
  std::string of(const db::Entry& e) {
    switch (e.kind) {
      case core::EntryKind::CouncilAward:
      case core::EntryKind::CouncilDeduction:
        return rule(e.reference).value_or(e.reference);
      case core::EntryKind::Redemption:
        if (auto lines = db::parseLines(e.detail); lines && !lines->empty()) {
          std::string out;
          for (const auto& l : *lines) {
            if (!out.empty()) out += "、";
            out += product(l.sku) + " ×" + std::to_string(l.quantity);
          }
          return out;
        }
        return e.reference;
      case core::EntryKind::VolunteerHours: {
        const int minutes = db::volunteerMinutesIn(e.detail);
        if (minutes <= 0) return e.reference;
        std::string time;
        if (minutes >= 60) time = std::to_string(minutes / 60) + " 小时";
        if (minutes % 60) time += (time.empty() ? "" : " ") + std::to_string(minutes % 60) + " 分钟";
        return e.reference.empty() ? time : e.reference + " · " + time;
      }
      case core::EntryKind::FundReward:
        return e.detail.empty() ? e.reference : e.detail;
      case core::EntryKind::Void:
        return e.voids_seq ? "冲销第 " + std::to_string(*e.voids_seq) + " 笔记录" : "";
      case core::EntryKind::Booking:
        return "";
    }
    return "";
  }

 private:
  std::optional<std::string> rule(const std::string& code) {
    if (auto it = m_rules.find(code); it != m_rules.end()) return it->second;
    std::optional<std::string> title;
    if (auto r = m_roster.ruleByCode(code)) title = r->title;
    m_rules.emplace(code, title);
    return title;
  }
  std::string product(const std::string& sku) {
    if (auto it = m_products.find(sku); it != m_products.end()) return it->second;
    const std::vector<std::string> one = {sku};
    const auto found = m_catalog.productsBySku(one);
    std::string name = found.empty() ? sku : found.front().name;
    m_products.emplace(sku, name);
    return name;
  }

  db::Roster m_roster;
  db::Catalog m_catalog;
  std::map<std::string, std::optional<std::string>> m_rules;
  std::map<std::string, std::string> m_products;
};

// The score at the end of each of the 12 months up to `last`, from villager_months (1000 plus
// the month deltas so far): what the villager's chart draws.
json scoreByMonth(db::Database& d, core::VillagerId id, core::YearMonth last) {
  const auto rows = db::villagerMonthsOf(d, id, last.index());
  if (!rows) throw ConsoleError(500, "读不出每月的信用分 (" + rows.error().message + ")");
  std::map<int, int> delta;
  for (const auto& r : *rows) delta[r.month] += r.score_delta;
  core::YearMonth first = last;
  for (int i = 1; i < kChartMonths; ++i) first = first.prev();
  std::int64_t score = core::kBaseScore;
  for (const auto& [m, d_] : delta) {
    if (m < first.index()) score += d_;
  }
  json out = json::array();
  for (core::YearMonth m = first;; m = m.next()) {
    if (auto it = delta.find(m.index()); it != delta.end()) score += it->second;
    out.push_back({{"month", m.toString()}, {"score", score}});
    if (m.index() == last.index()) break;
  }
  return out;
}

json cardJson(const db::CardInfo& c) {
  json j = {{"uid", c.uid},
            {"kind", c.kind},
            {"issued", timeText(c.issued_at_ms)},
            {"revoked", c.revoked_at_ms ? json(timeText(*c.revoked_at_ms)) : json(nullptr)},
            {"reason", c.revoke_reason}};
  if (c.serial) j["serial"] = *c.serial;
  return j;
}

Reply search(Context& c, const Request& req) {
  const auto q = req.query("q", 64);
  std::string text = q.value_or("");
  const auto notSpace = [](unsigned char ch) { return !std::isspace(ch); };
  text.erase(text.begin(), std::find_if(text.begin(), text.end(), notSpace));
  text.erase(std::find_if(text.rbegin(), text.rend(), notSpace).base(), text.end());
  if (text.empty()) badInput("q：请输入姓名、户号或卡号 (type a name, a household code or a card)");
  const auto found = db::searchVillagers(c.db, text, gridScope(req), kSearchLimit);
  Reply r;
  r.body["rows"] = json::array();
  for (const auto& row : found.rows) r.body["rows"].push_back(rowJson(row));
  r.body["more"] = found.more;
  r.body["limit"] = kSearchLimit;
  r.body["matched_by"] = found.matched_by;
  return r;
}

Reply villager(Context& c, const Request& req) {
  const auto id = req.matchId(1);
  const auto row = db::villagerRow(c.db, id);
  if (!row) throw ConsoleError(404, "没有这个村民 (no villager with id " + std::to_string(id) + ")");
  requireGrid(req, row->grid_id);
  db::Roster roster(c.db);
  const auto month = db::defaultMonth(roster);
  const auto report = db::villagerReport(c.db, c.settings, id, month, c.standings);
  if (!report) throw ConsoleError(404, "没有这个村民 (no villager with id " + std::to_string(id) + ")");

  Reply r;
  json& b = r.body;
  b = rowJson(*row);
  b["committee"] = report->villager.committee;
  b["stars"] = starsJson(report->stars);
  const auto level = core::rewardLevelFor(static_cast<int>(report->balance.score), c.settings);
  b["level"] = level ? json(level->name) : json(nullptr);
  b["month"] = month.toString();
  b["month_score"] = report->month_score;
  b["month_stars"] = starsJson(core::starsFor(report->month_score, c.settings));
  b["rank"] = report->rank;
  b["ranked"] = report->ranked;
  b["welfare_threshold"] = c.settings.welfare_threshold;
  b["welfare_eligible"] = report->welfare_eligible;
  b["household_eligible"] = report->household_eligible;
  b["yellow_card"] = report->yellow_card;
  b["paired_with"] = nullptr;
  if (report->paired_with) {
    const auto p = roster.villager(*report->paired_with);
    b["paired_with"] = {{"id", *report->paired_with}, {"name", p ? p->name : ""}};
  }
  b["teams"] = report->teams;

  b["cards"] = json::array();
  for (const auto& card : db::Cards(c.db).ofVillager(id)) b["cards"].push_back(cardJson(card));

  auto entries = c.ledger.recentEntries(id, kHistoryLimit + 1);
  b["more_entries"] = entries.size() > static_cast<std::size_t>(kHistoryLimit);
  if (entries.size() > static_cast<std::size_t>(kHistoryLimit)) entries.resize(kHistoryLimit);
  EntryWords words(c.db);
  b["entries"] = json::array();
  for (const auto& e : entries) {
    b["entries"].push_back({{"seq", e.seq},
                            {"at", timeText(e.at_ms)},
                            {"kind", std::string(core::toString(e.kind))},
                            {"kind_zh", std::string(core::entryKindZh(e.kind))},
                            {"what", words.of(e)},
                            {"score_delta", e.score_delta},
                            {"points_delta", e.points_delta}});
  }
  b["months"] = scoreByMonth(c.db, id, month);
  return r;
}

Reply household(Context& c, const Request& req) {
  const auto id = req.matchId(1);
  const auto h = db::householdView(c.db, id);
  if (!h) throw ConsoleError(404, "没有这一户 (no household with id " + std::to_string(id) + ")");
  requireGrid(req, h->grid_id);
  Reply r;
  r.body = {{"id", h->id},         {"code", h->code},          {"address", h->address},
            {"grid_id", h->grid_id}, {"grid", h->grid_name},    {"relief", h->relief},
            {"head_id", h->head_id ? json(*h->head_id) : json(nullptr)}};
  r.body["members"] = json::array();
  for (const auto& m : h->members) {
    json j = rowJson(m);
    j["stars"] = starsJson(core::starsFor(static_cast<int>(m.score), c.settings));
    r.body["members"].push_back(std::move(j));
  }
  return r;
}

}  // namespace

void addVillagerRoutes(Routes& routes) {
  routes.push_back({"GET", "villagers", kEveryone, "", search});
  routes.push_back({"GET", "villagers/(\\d+)", kEveryone, "", villager});
  routes.push_back({"GET", "households/(\\d+)", kEveryone, "", household});
}

}  // namespace rc::office::console
