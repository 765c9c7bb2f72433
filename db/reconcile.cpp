// reconcileDay. Section index: kiosks · one close · the day's lines · the report
#include "db/reconcile.h"

#include <algorithm>
#include <set>

#include "db/day_close.h"
#include "db/kiosk_journal.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/sync_types.h"

namespace rc::db {
namespace {

constexpr std::int64_t kDayMs = 86'400'000;

Err<ReconcileFailure> failure(ReconcileError code, std::string message) {
  return err(ReconcileFailure{code, std::move(message)});
}

std::vector<std::string> texts(Database& db, std::string_view sql, std::string_view a,
                               std::int64_t from = 0, std::int64_t to = 0) {
  std::vector<std::string> out;
  auto st = db.cached(sql);
  st->bind(1, a);
  if (from != 0 || to != 0) st->bind(2, from).bind(3, to);
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(st->columnText(0));
  }
  return out;
}

bool enrolled(Database& db, std::string_view kiosk_id) {
  auto st = db.cached("SELECT EXISTS (SELECT 1 FROM kiosks WHERE id = ?)");
  st->bind(1, kiosk_id);
  auto row = st->step();
  return row && *row && st->columnInt(0) != 0;
}

// ---- kiosks --------------------------------------------------------------------------------

// Enrolled kiosks still in service, and any other kiosk id that closed or sold that day.
std::vector<std::string> kiosksOf(Database& db, std::string_view day, std::int64_t from) {
  std::set<std::string> ids;
  {
    auto st = db.cached("SELECT id FROM kiosks WHERE revoked_at_ms IS NULL");
    while (true) {
      auto row = st->step();
      if (!row || !*row) break;
      ids.insert(st->columnText(0));
    }
  }
  for (auto& id : texts(db, "SELECT DISTINCT kiosk_id FROM day_closes WHERE day = ?", day)) {
    ids.insert(std::move(id));
  }
  {
    auto st = db.cached(
        "SELECT DISTINCT kiosk_id FROM entries WHERE at_ms >= ? AND at_ms < ? AND kiosk_id <> ?");
    st->bind(1, from).bind(2, from + kDayMs).bind(3, kOfficeKioskId);
    while (true) {
      auto row = st->step();
      if (!row || !*row) break;
      ids.insert(st->columnText(0));
    }
  }
  return {ids.begin(), ids.end()};
}

// ---- one close -----------------------------------------------------------------------------

// The head of an enrolled kiosk's chain after `last`, recomputed over the office's copy of its
// entries 1..last as the kiosk's own file hashes them; the error says why it cannot be.
Result<Hash, std::string> kioskHead(Database& db, std::string_view kiosk_id, std::int64_t last) {
  Hash head{};
  std::int64_t expected = 1;
  for (const auto& w : kioskWireEntries(db, kiosk_id, 0, last)) {
    if (w.kiosk_seq != expected) break;
    ++expected;
    // A void names its target by the target's seq in the kiosk's own file: its kiosk_seq.
    std::optional<std::int64_t> target;
    if (w.voids_uuid) {
      auto st = db.cached("SELECT kiosk_seq FROM entries WHERE uuid = ? AND kiosk_id = ?");
      st->bind(1, *w.voids_uuid).bind(2, kiosk_id);
      if (auto row = st->step(); row && *row) target = st->columnInt(0);
    }
    head = kioskChainHash(head, kiosk_id, w, target);
  }
  if (expected <= last) {
    return err("the office does not hold entry #" + std::to_string(expected) +
               " (refused or missing), so the chain cannot be followed past it");
  }
  return head;
}

std::string shortHash(const Hash& h) { return hashToHex(h).substr(0, 16); }

CloseCheck checkClose(Database& db, const DayCloseRow& c, bool is_enrolled) {
  CloseCheck out;
  out.close = c;
  const std::string number = core::dayCloseNumber(c.number);
  auto differ = [&](std::string text) { out.differences.push_back(number + ": " + text); };
  out.office_held = kioskHeldSeq(db, c.kiosk_id);
  if (c.number > 1) {
    if (auto prev = dayClose(db, c.kiosk_id, c.number - 1); !prev) {
      differ("the office holds no " + core::dayCloseNumber(c.number - 1) + " before it");
    } else if (prev->last_seq + 1 != c.first_seq) {
      differ("it starts at entry " + std::to_string(c.first_seq) + " but " +
             core::dayCloseNumber(c.number - 1) + " ended at " + std::to_string(prev->last_seq));
    }
  }
  if (out.office_held < c.last_seq) {
    differ("office holds entries up to " + std::to_string(out.office_held) +
           ", the close runs to " + std::to_string(c.last_seq));
  }
  out.kiosk = core::parseDaySummary(c.summary);
  if (!out.kiosk) differ("its summary cannot be read");
  if (auto entries = dayEntries(db, c.kiosk_id, c.first_seq, c.last_seq)) {
    out.office = core::summarizeDay(*entries);
    if (out.kiosk) {
      for (auto& d : core::compareDaySummaries(*out.kiosk, *out.office)) differ(std::move(d));
    }
  } else {
    differ("the office's entries cannot be read: " + entries.error().message);
  }
  // The chain head after its last entry (all zeros before any entry).
  if (c.last_seq < 1) {
    if (c.head_hash != Hash{}) differ("an empty first day with a chain head");
  } else if (is_enrolled) {
    if (out.office_held >= c.last_seq) {
      auto head = kioskHead(db, c.kiosk_id, c.last_seq);
      if (!head) {
        differ("chain head not checked: " + head.error());
      } else if (*head != c.head_hash) {
        differ("chain head differs: the close has " + shortHash(c.head_hash) +
               "…, the office's copy of entries 1.." + std::to_string(c.last_seq) + " gives " +
               shortHash(*head) + "…");
      }
    }
  } else if (const auto h = entryHash(db, c.kiosk_id, c.last_seq); !h) {
    differ("the office holds no entry #" + std::to_string(c.last_seq) + " for its chain head");
  } else if (*h != c.head_hash) {
    differ("chain head differs: the close has " + shortHash(c.head_hash) + "…, the ledger has " +
           shortHash(*h) + "…");
  }
  return out;
}

// ---- the day's lines -----------------------------------------------------------------------

void dayLines(Database& db, const std::string& kiosk_id, std::int64_t from,
              std::vector<ReconcileLine>& out) {
  const std::int64_t to = from + kDayMs;
  auto each = [&](std::string_view sql, auto&& read) {
    auto st = db.cached(sql);
    st->bind(1, kiosk_id).bind(2, from).bind(3, to);
    while (true) {
      auto row = st->step();
      if (!row || !*row) break;
      out.push_back(read(*st));
    }
  };
  each("SELECT r.problem, e.kiosk_seq, COALESCE(v.name, ''), r.villager_id, r.points_after, "
       "r.note, e.at_ms FROM reconciliation r JOIN entries e ON e.seq = r.entry_seq "
       "LEFT JOIN villagers v ON v.id = r.villager_id WHERE r.kiosk_id = ? AND e.at_ms >= ? "
       "AND e.at_ms < ? ORDER BY e.at_ms, r.problem",
       [&](Statement& s) {
         ReconcileLine l;
         l.list = "entries";
         l.problem = s.columnText(0);
         l.subject = kiosk_id + "#" + std::to_string(s.columnInt(1));
         l.text = s.columnText(2) + " (" + std::to_string(s.columnInt(3)) + "), points after " +
                  std::to_string(s.columnInt(4));
         if (!s.columnTextView(5).empty()) l.text += ": " + s.columnText(5);
         l.at_ms = s.columnInt(6);
         return l;
       });
  each("SELECT r.problem, r.subject_uuid, COALESCE(v.name, ''), r.villager_id, r.note, "
       "r.noted_at_ms FROM service_reconciliation r LEFT JOIN villagers v ON v.id = r.villager_id "
       "WHERE r.kiosk_id = ? AND r.noted_at_ms >= ? AND r.noted_at_ms < ? ORDER BY r.noted_at_ms",
       [&](Statement& s) {
         ReconcileLine l;
         l.list = "services";
         l.problem = s.columnText(0);
         l.subject = s.columnText(1);
         l.text = s.columnText(2) + " (" + std::to_string(s.columnInt(3)) + "): " + s.columnText(4);
         l.at_ms = s.columnInt(5);
         return l;
       });
  each("SELECT r.kiosk_seq, COALESCE(v.name, ''), r.villager_id, r.kind, r.points_delta, "
       "r.reason, r.at_ms FROM refused_entries r LEFT JOIN villagers v ON v.id = r.villager_id "
       "WHERE r.kiosk_id = ? AND r.at_ms >= ? AND r.at_ms < ? ORDER BY r.kiosk_seq",
       [&](Statement& s) {
         ReconcileLine l;
         l.list = "refused";
         l.problem = "refused_entry";
         l.subject = kiosk_id + "#" + std::to_string(s.columnInt(0));
         l.text = s.columnText(3) + " " + std::to_string(s.columnInt(4)) + " points for " +
                  s.columnText(1) + " (" + std::to_string(s.columnInt(2)) + "): " + s.columnText(5);
         l.at_ms = s.columnInt(6);
         return l;
       });
  each("SELECT problem, subject, note, noted_at_ms FROM staff_reconciliation WHERE kiosk_id = ? "
       "AND noted_at_ms >= ? AND noted_at_ms < ? ORDER BY noted_at_ms, id",
       [&](Statement& s) {
         ReconcileLine l;
         l.list = "staff";
         l.problem = s.columnText(0);
         l.subject = s.columnText(1);
         l.text = s.columnText(2);
         l.at_ms = s.columnInt(3);
         return l;
       });
  each("SELECT uuid, staff_name, card_uid, failures, until_ms, at_ms FROM staff_events "
       "WHERE kiosk_id = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms, uuid",
       [&](Statement& s) {
         ReconcileLine l;
         l.list = "lockout";
         l.problem = "locked";
         l.subject = s.columnText(0);
         const std::string who = s.columnTextView(1).empty() ? "card " + s.columnText(2)
                                                             : s.columnText(1) + " (card " +
                                                                   s.columnText(2) + ")";
         l.text = who + " locked after " + std::to_string(s.columnInt(3)) +
                  " wrong PINs, until " + core::formatChinaTime(s.columnInt(4));
         l.at_ms = s.columnInt(5);
         return l;
       });
}

}  // namespace

bool knownKiosk(Database& db, std::string_view kiosk_id) {
  if (enrolled(db, kiosk_id)) return true;
  auto st = db.cached(
      "SELECT EXISTS (SELECT 1 FROM day_closes WHERE kiosk_id = ?1) OR "
      "EXISTS (SELECT 1 FROM entries WHERE kiosk_id = ?1)");
  st->bind(1, kiosk_id);
  auto row = st->step();
  return row && *row && st->columnInt(0) != 0 && kiosk_id != kOfficeKioskId;
}

// ---- the report ----------------------------------------------------------------------------

std::size_t KioskReconcile::differenceCount() const noexcept {
  std::size_t n = differences.size();
  for (const auto& c : closes) n += c.differences.size();
  return n;
}
bool KioskReconcile::agrees() const noexcept { return differenceCount() == 0; }

std::size_t ReconcileReport::differenceCount() const noexcept {
  std::size_t n = 0;
  for (const auto& k : kiosks) n += k.differenceCount();
  return n;
}
bool ReconcileReport::agrees() const noexcept { return differenceCount() == 0; }

Result<ReconcileReport, ReconcileFailure> reconcileDay(Database& db, std::string_view day,
                                                       std::string_view kiosk_id) {
  const auto from = core::chinaDayStartMs(day);
  if (!from) {
    return failure(ReconcileError::BadDay,
                   "'" + std::string(day) + "' is not a day; write it as YYYY-MM-DD, e.g. 2026-12-03");
  }
  std::vector<std::string> ids;
  if (!kiosk_id.empty()) {
    if (!knownKiosk(db, kiosk_id)) {
      return failure(ReconcileError::UnknownKiosk,
                     "no kiosk named '" + std::string(kiosk_id) + "' (see rc-office kiosks)");
    }
    ids.emplace_back(kiosk_id);
  } else {
    ids = kiosksOf(db, day, *from);
  }
  ReconcileReport rep;
  rep.day = std::string(day);
  for (const auto& id : ids) {
    KioskReconcile k;
    k.kiosk_id = id;
    k.enrolled = enrolled(db, id);
    for (const auto& c : dayClosesOn(db, day, id)) k.closes.push_back(checkClose(db, c, k.enrolled));
    if (k.closes.empty()) k.differences.push_back("no day close (日结) for " + rep.day);
    dayLines(db, id, *from, k.lines);
    for (const auto& l : k.lines) {
      if (l.problem == "close_conflict") {
        k.differences.push_back(l.subject + ": a second close under this number was refused: " +
                                l.text);
      }
    }
    rep.kiosks.push_back(std::move(k));
  }
  return rep;
}

}  // namespace rc::db
