#include "db/entry_reasons.h"

#include <charconv>

#include "core/types.h"
#include "db/catalog.h"
#include "db/roster.h"

namespace rc::db {
namespace {

// "minutes=90" (volunteer hours, a service done) → 90; anything else → 0.
int minutesOf(std::string_view detail) {
  constexpr std::string_view kKey = "minutes=";
  if (detail.substr(0, kKey.size()) != kKey) return 0;
  int m = 0;
  const auto rest = detail.substr(kKey.size());
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), m);
  return ec == std::errc{} && end == rest.data() + rest.size() && m > 0 ? m : 0;
}

// A number after `prefix` ("slot:12" → 12), or nullopt.
std::optional<std::int64_t> idAfter(std::string_view text, std::string_view prefix) {
  if (text.substr(0, prefix.size()) != prefix) return std::nullopt;
  std::int64_t id = 0;
  const auto rest = text.substr(prefix.size());
  const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), id);
  if (ec != std::errc{} || end != rest.data() + rest.size()) return std::nullopt;
  return id;
}

}  // namespace

std::string itemsText(std::string_view lines, const std::map<std::string, std::string>& names) {
  std::string out;
  std::string_view rest = lines;
  while (!rest.empty()) {
    const auto semi = rest.find(';');
    const auto part = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    const auto star = part.rfind('*');
    if (star == std::string_view::npos) continue;
    const std::string sku(part.substr(0, star));
    const auto it = names.find(sku);
    if (!out.empty()) out += "、";
    out += (it != names.end() ? it->second : sku) + "×" + std::string(part.substr(star + 1));
  }
  return out;
}

EntryReasons::EntryReasons(Database& db) : m_db(db) {
  for (const auto& r : Roster(db).rules()) m_rules[r.code] = r.title;
  for (const auto& p : Catalog(db).products(false)) m_products[p.sku] = p.name;
}

EntryReason EntryReasons::of(const Entry& e) {
  EntryReason r;
  r.month = core::monthOfMs(e.at_ms).toString();
  switch (e.kind) {
    case core::EntryKind::CouncilAward:
    case core::EntryKind::CouncilDeduction: {
      const auto rule = m_rules.find(e.reference);
      r.what = rule != m_rules.end() ? rule->second : e.reference;
      r.evidence = e.detail;
      // A posted batch writes "title：evidence": the title is shown already.
      const std::string lead = r.what + "：";
      if (r.evidence.size() > lead.size() && r.evidence.compare(0, lead.size(), lead) == 0) {
        r.evidence.erase(0, lead.size());
      }
      auto st = m_db.cached(
          "SELECT b.month FROM council_batch_entries be JOIN council_batches b "
          "ON b.id = be.batch_id WHERE be.entry_seq = ?");
      st->bind(1, e.seq);
      if (auto row = st->step(); row && *row) r.month = st->columnText(0);
      break;
    }
    case core::EntryKind::VolunteerHours:
      // A team's hour sheet names the team; a service request done names "order:…".
      if (e.reference.rfind("order:", 0) != 0) r.what = e.reference;
      r.minutes = minutesOf(e.detail);
      break;
    case core::EntryKind::FundReward: r.evidence = e.detail; break;
    case core::EntryKind::Redemption: r.what = itemsText(e.detail, m_products); break;
    case core::EntryKind::Booking:
      if (const auto slot = idAfter(e.reference, "slot:")) {
        auto st = m_db.cached(
            "SELECT s.name FROM slots sl JOIN stations s ON s.id = sl.station_id WHERE sl.id = ?");
        st->bind(1, *slot);
        if (auto row = st->step(); row && *row) r.what = st->columnText(0);
      }
      break;
    case core::EntryKind::Void:
      // What was reversed (its reference is a staff code, not villagers' words).
      if (e.voids_seq) {
        auto st = m_db.cached("SELECT kind, reference, detail, at_ms FROM entries WHERE seq = ?");
        st->bind(1, *e.voids_seq);
        if (auto row = st->step(); row && *row) {
          Entry target;
          const auto kind = core::entryKindFromString(st->columnText(0));
          target.reference = st->columnText(1);
          target.detail = st->columnText(2);
          target.at_ms = st->columnInt(3);
          if (kind && *kind != core::EntryKind::Void) {
            target.kind = *kind;
            r.what = of(target).what;
          }
        }
      }
      break;
  }
  return r;
}

}  // namespace rc::db
