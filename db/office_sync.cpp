// OfficeSync. Section index: kiosks and nonces · push (exactly once) · pull · reconciliation
#include "db/office_sync.h"

#include <algorithm>
#include <unordered_map>

#include "core/rules.h"
#include "core/text.h"
#include "db/catalog.h"
#include "db/day_close.h"
#include "db/entry_reasons.h"
#include "db/product_pictures.h"
#include "db/staff.h"
#include "db/services.h"

namespace rc::db {
namespace {

// Kiosk entries are dated from 2020-01-01 (China Standard Time) up to a day past the office's
// clock: nothing a working kiosk records falls outside.
constexpr std::int64_t kEarliestEntryMs = 1'577'808'000'000;
constexpr std::int64_t kFutureSlackMs = 24 * 3'600'000;

Err<PushFailure> pushFailure(PushError code, std::string message) {
  return err(PushFailure{code, std::move(message), 0});
}

bool spends(core::EntryKind k) noexcept {
  return k == core::EntryKind::Redemption || k == core::EntryKind::Booking;
}

// Ends a read snapshot however the pull returns.
class ReadSnapshot {
 public:
  explicit ReadSnapshot(Database& db) : m_db(db), m_ok(db.exec("BEGIN").ok()) {}
  ~ReadSnapshot() {
    if (m_ok) (void)m_db.exec("COMMIT");
  }
  ReadSnapshot(const ReadSnapshot&) = delete;
  ReadSnapshot& operator=(const ReadSnapshot&) = delete;
  bool ok() const noexcept { return m_ok; }

 private:
  Database& m_db;
  bool m_ok;
};

std::int64_t scalar(Database& db, std::string_view sql) {
  auto st = db.cached(sql);
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

}  // namespace

std::string_view toString(PushError e) noexcept {
  switch (e) {
    case PushError::Gap: return "gap";
    case PushError::UuidConflict: return "uuid_conflict";
    case PushError::SeqConflict: return "seq_conflict";
    case PushError::Rejected: return "rejected";
    case PushError::ChainBreak: return "chain_break";
    case PushError::Storage: return "storage";
  }
  return "unknown";
}

Hash kioskChainHash(const Hash& prev, std::string_view kiosk_id, const WireEntry& w,
                    std::optional<std::int64_t> target_kiosk_seq) {
  return chainHash(prev, EntryFields{w.kiosk_seq, w.uuid, kiosk_id, w.kiosk_seq, w.villager_id,
                                     core::toString(w.kind), w.score_delta, w.points_delta,
                                     w.reference, w.detail, target_kiosk_seq, w.at_ms});
}

// ---- kiosks and nonces ---------------------------------------------------------------------

DbStatus OfficeSync::enrollKiosk(const std::string& kiosk_id,
                                 const std::array<std::uint8_t, 32>& public_key,
                                 std::int64_t now_ms) {
  if (!validKioskId(kiosk_id)) {
    return err(DbError{DbErrorCode::Constraint, "a kiosk name is 1-64 of A-Z a-z 0-9 - _ . : "
                                                "and not 'office'"});
  }
  auto st = m_db.cached("INSERT INTO kiosks (id, public_key, enrolled_at_ms) VALUES (?, ?, ?)");
  st->bind(1, kiosk_id).bindBlob(2, public_key.data(), public_key.size()).bind(3, now_ms);
  return st->run();
}

std::optional<std::array<std::uint8_t, 32>> OfficeSync::kioskKey(const std::string& kiosk_id) {
  auto st = m_db.cached("SELECT public_key FROM kiosks WHERE id = ? AND revoked_at_ms IS NULL");
  st->bind(1, kiosk_id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  const auto blob = st->columnBlob(0);
  std::array<std::uint8_t, 32> key{};
  if (blob.size() != key.size()) return std::nullopt;
  std::copy(blob.begin(), blob.end(), key.begin());
  return key;
}

Result<bool, DbError> OfficeSync::revokeKiosk(const std::string& kiosk_id, std::int64_t now_ms) {
  auto st = m_db.cached(
      "UPDATE kiosks SET revoked_at_ms = ? WHERE id = ? AND revoked_at_ms IS NULL");
  st->bind(1, now_ms).bind(2, kiosk_id);
  if (auto r = st->run(); !r) return err(r.error());
  return m_db.changes() == 1;
}

std::vector<KioskRow> OfficeSync::kiosks() {
  auto st = m_db.cached(
      "SELECT id, enrolled_at_ms, revoked_at_ms, chain_break_at_ms, chain_break, last_contact_ms "
      "FROM kiosks "
      "ORDER BY id");
  std::vector<KioskRow> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    KioskRow k;
    k.id = st->columnText(0);
    k.enrolled_at_ms = st->columnInt(1);
    if (!st->columnIsNull(2)) k.revoked_at_ms = st->columnInt(2);
    if (!st->columnIsNull(3)) k.chain_break_at_ms = st->columnInt(3);
    k.chain_break = st->columnText(4);
    if (!st->columnIsNull(5)) k.last_contact_ms = st->columnInt(5);
    k.held = heldSeq(k.id);
    out.push_back(std::move(k));
  }
  return out;
}

Result<bool, DbError> OfficeSync::rememberNonce(const std::string& kiosk_id,
                                                const std::string& nonce, std::int64_t now_ms,
                                                std::int64_t keep_ms) {
  // One commit, not synced to the disk: every request a kiosk makes passes here, and with a
  // synced commit for each of its three statements 30 kiosks spent most of the office's time
  // waiting on fsync. What a power cut may lose is the last few nonces and contact times, never
  // an entry: the write-ahead log keeps its order, so the next synced commit (a push's merge)
  // makes them durable too, and a request replayed after such a cut changes nothing (a push's
  // entries are held already, a pull only reads; TLS keeps anyone else from seeing either).
  if (auto st = m_db.exec("PRAGMA synchronous=NORMAL"); !st) return err(st.error());
  struct Restore {
    Database& db;
    ~Restore() { (void)db.exec("PRAGMA synchronous=FULL"); }
  } restore{m_db};
  auto tx = Transaction::begin(m_db);
  if (!tx) return err(tx.error());
  {
    auto st = m_db.cached("DELETE FROM kiosk_nonces WHERE at_ms < ?");
    st->bind(1, now_ms - keep_ms);
    if (auto r = st->run(); !r) return err(r.error());
  }
  auto st = m_db.cached("INSERT OR IGNORE INTO kiosk_nonces (kiosk_id, nonce, at_ms) VALUES (?, ?, ?)");
  st->bind(1, kiosk_id).bind(2, nonce).bind(3, now_ms);
  if (auto r = st->run(); !r) return err(r.error());
  if (m_db.changes() != 1) return false;
  auto seen = m_db.cached("UPDATE kiosks SET last_contact_ms = ? WHERE id = ?");
  seen->bind(1, now_ms).bind(2, kiosk_id);
  if (auto r = seen->run(); !r) return err(r.error());
  if (auto c = (*tx)->commit(); !c) return err(c.error());
  return true;
}

// ---- push ----------------------------------------------------------------------------------

std::int64_t kioskHeldSeq(Database& db, std::string_view kiosk_id) {
  // Recorded entries and refused ones both hold their seq.
  auto st = db.cached(
      "SELECT MAX((SELECT COALESCE(MAX(kiosk_seq), 0) FROM entries WHERE kiosk_id = ?1), "
      "(SELECT COALESCE(MAX(kiosk_seq), 0) FROM refused_entries WHERE kiosk_id = ?1))");
  st->bind(1, kiosk_id);
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

std::int64_t OfficeSync::heldSeq(const std::string& kiosk_id) { return kioskHeldSeq(m_db, kiosk_id); }

namespace {

// The shelves a batch moves, read once per product and written once per product at the end
// (one change_log row per product per batch, not per sale). Every movement is still recorded
// per entry, so a void can put back exactly what its entry took.
class ShelfBatch {
 public:
  explicit ShelfBatch(Database& db) noexcept : m_db(db) {}

  struct Shelf {
    std::int64_t id = 0;
    std::int64_t stock = 0;
    std::int64_t moved = 0;
    std::int64_t price = 0;  // the catalog's price in points
  };
  // nullptr for an unknown SKU.
  Result<Shelf*, DbError> shelf(const std::string& sku) {
    if (auto it = m_shelves.find(sku); it != m_shelves.end()) return it->second ? &*it->second : nullptr;
    auto st = m_db.cached("SELECT id, stock, price_points FROM products WHERE sku = ?");
    st->bind(1, sku);
    auto row = st->step();
    if (!row) return err(row.error());
    auto& slot = m_shelves[sku];
    if (*row) slot = Shelf{st->columnInt(0), st->columnInt(1), 0, st->columnInt(2)};
    return slot ? &*slot : nullptr;
  }
  DbStatus move(Shelf& s, int delta, std::string_view reason, std::int64_t entry_seq,
                std::int64_t at_ms) {
    auto st = m_db.cached(
        "INSERT INTO stock_movements (product_id, delta, reason, entry_seq, at_ms, note) "
        "VALUES (?, ?, ?, ?, ?, '')");
    st->bind(1, s.id).bind(2, delta).bind(3, reason).bind(4, entry_seq).bind(5, at_ms);
    if (auto r = st->run(); !r) return r;
    s.stock += delta;
    s.moved += delta;
    return Ok{};
  }
  DbStatus finish() {
    auto st = m_db.cached("UPDATE products SET stock = stock + ? WHERE id = ?");
    for (auto& [sku, s] : m_shelves) {
      if (!s || s->moved == 0) continue;
      st->bind(1, s->moved).bind(2, s->id);
      if (auto r = st->run(); !r) return r;
      st->reset();
      s->moved = 0;
    }
    return Ok{};
  }

 private:
  Database& m_db;
  std::unordered_map<std::string, std::optional<Shelf>> m_shelves;
};

}  // namespace

struct OfficeSync::Merge {
  explicit Merge(Ledger& ledger, Database& db) : entries(ledger), shelves(db) {}
  BatchAppender entries;
  ShelfBatch shelves;
  // The kiosk's chain head: the hash its entry `held` has in its file. Unknown only for a
  // kiosk that pushed before the office kept heads: its next entry is taken as the head.
  std::optional<Hash> head;
  bool head_known = true;
};

Result<PushOutcome, PushFailure> OfficeSync::applyBatch(
    const std::string& kiosk_id, std::span<const WireEntry> batch,
    std::span<const ServiceEvent> events, std::span<const UnreadableEvent> unreadable,
    const StaffWork& staff, std::span<const UnreadableStaffItem> unreadable_staff) {
  std::optional<Refusal> refusal;
  auto r = mergeBatch(kiosk_id, batch, events, unreadable, staff, unreadable_staff, refusal);  // its transaction is over, either way
  if (!r && refusal) {
    // The first new entry of the batch was refused: the refusal holds its seq, so what the
    // kiosk recorded after it still syncs. Nothing of it reaches the ledger.
    if (auto held = holdRefused(kiosk_id, *refusal); held && *held) {
      PushFailure f = r.error();
      f.held = refusal->entry.kiosk_seq;
      f.message += " (refused for good: its seq is held, and it is on the office's list)";
      return err(std::move(f));
    }
  }
  if (!r && r.error().code == PushError::ChainBreak) {
    // Kept for `rc-office kiosks`: someone must look at this kiosk.
    auto st = m_db.cached("UPDATE kiosks SET chain_break_at_ms = ?, chain_break = ? WHERE id = ?");
    st->bind(1, nowMs()).bind(2, r.error().message).bind(3, kiosk_id);
    (void)st->run();
  }
  return r;
}

Result<bool, DbError> OfficeSync::holdRefused(const std::string& kiosk_id, const Refusal& f) {
  const WireEntry& w = f.entry;
  // Only an entry that extends the kiosk's chain may hold its place in it.
  std::optional<std::int64_t> target_seq;  // as in the kiosk's file: only its own entries
  if (w.voids_uuid) {
    if (auto t = m_ledger.entryByUuid(*w.voids_uuid); t && t->kiosk_id == kiosk_id) {
      target_seq = t->kiosk_seq;
    }
  }
  if (f.head_known && kioskChainHash(f.head, kiosk_id, w, target_seq) != w.hash) return false;
  auto tx = Transaction::begin(m_db);
  if (!tx) return err(tx.error());
  auto st = m_db.cached(
      "INSERT INTO refused_entries (kiosk_id, kiosk_seq, uuid, villager_id, kind, score_delta, "
      "points_delta, at_ms, reason, refused_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, kiosk_id).bind(2, w.kiosk_seq).bind(3, w.uuid).bind(4, w.villager_id);
  st->bind(5, core::toString(w.kind)).bind(6, w.score_delta).bind(7, w.points_delta);
  st->bind(8, w.at_ms).bind(9, f.reason).bind(10, nowMs());
  if (auto r = st->run(); !r) return err(r.error());
  auto head = m_db.cached("UPDATE kiosks SET head_hash = ? WHERE id = ?");
  head->bindBlob(1, w.hash.data(), w.hash.size()).bind(2, kiosk_id);
  if (auto r = head->run(); !r) return err(r.error());
  if (auto c = (*tx)->commit(); !c) return err(c.error());
  return true;
}

std::vector<RefusedEntry> OfficeSync::refusedEntries() {
  std::vector<RefusedEntry> out;
  auto st = m_db.cached(
      "SELECT r.kiosk_id, r.kiosk_seq, r.uuid, r.villager_id, COALESCE(v.name, ''), r.kind, "
      "r.score_delta, r.points_delta, r.at_ms, r.reason FROM refused_entries r "
      "LEFT JOIN villagers v ON v.id = r.villager_id ORDER BY r.refused_at_ms, r.kiosk_id, "
      "r.kiosk_seq");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back({st->columnText(0), st->columnInt(1), st->columnText(2), st->columnInt(3),
                   st->columnText(4), st->columnText(5), st->columnInt(6), st->columnInt(7),
                   st->columnInt(8), st->columnText(9)});
  }
  return out;
}

Result<PushOutcome, PushFailure> OfficeSync::mergeBatch(const std::string& kiosk_id,
                                                        std::span<const WireEntry> batch,
                                                        std::span<const ServiceEvent> events,
                                                        std::span<const UnreadableEvent> unreadable,
                                                        const StaffWork& staff,
                                                        std::span<const UnreadableStaffItem> unreadable_staff,
                                                        std::optional<Refusal>& refusal) {
  auto tx = Transaction::begin(m_db);
  if (!tx) return pushFailure(PushError::Storage, tx.error().message);
  const std::int64_t held_before = heldSeq(kiosk_id);
  PushOutcome out;
  out.held = held_before;
  Merge merge(m_ledger, m_db);
  {
    auto st = m_db.cached("SELECT head_hash FROM kiosks WHERE id = ?");
    st->bind(1, kiosk_id);
    auto row = st->step();
    if (!row) return pushFailure(PushError::Storage, row.error().message);
    Hash head{};
    const auto blob = *row ? st->columnBlob(0) : std::string_view{};
    if (blob.size() == head.size()) {
      std::copy(blob.begin(), blob.end(), head.begin());
      merge.head = head;
    } else if (held_before > 0) {
      merge.head_known = false;  // pushed before heads were kept
    }
  }
  auto refuse = [&](PushFailure f) {
    f.held = held_before;  // the transaction rolls back: nothing of this batch is kept
    return err(std::move(f));
  };
  for (const auto& w : batch) {
    const std::optional<Hash> head_before = merge.head;
    const bool head_known = merge.head_known;
    auto r = applyOne(merge, kiosk_id, w, out.held, out.flagged);
    if (!r) {
      if (r.error().code == PushError::Rejected && out.applied == 0 &&
          w.kiosk_seq == held_before + 1) {
        refusal = Refusal{w, r.error().message, head_before.value_or(Hash{}), head_known};
      }
      return refuse(r.error());
    }
    ++(*r ? out.applied : out.duplicates);
  }
  if (out.applied > 0) {
    if (auto st = merge.shelves.finish(); !st) {
      return refuse(PushFailure{PushError::Storage, st.error().message, 0});
    }
    if (auto st = merge.entries.finish(); !st) {
      return refuse(PushFailure{PushError::Storage, st.error().message, 0});
    }
    auto st = m_db.cached("UPDATE kiosks SET head_hash = ? WHERE id = ?");
    st->bindBlob(1, merge.head->data(), merge.head->size()).bind(2, kiosk_id);
    if (auto r = st->run(); !r) return refuse(PushFailure{PushError::Storage, r.error().message, 0});
  }
  if (!events.empty()) {
    // After the entries: a booking's points entry is in the ledger before its booking.
    auto applied = applyEvents(kiosk_id, events, out.flagged);
    if (!applied) return refuse(applied.error());
    out.events = *applied;
  }
  for (const auto& u : unreadable) {
    ++out.flagged;
    Services desk(m_ledger);
    if (auto st = desk.noteProblem("refused_event", u.uuid.empty() ? "(unreadable)" : u.uuid,
                                   u.villager_id, kiosk_id,
                                   "an event the office could not read: " + u.reason, nowMs());
        !st) {
      return refuse(PushFailure{PushError::Storage, st.error().message, 0});
    }
  }
  if (!staff.empty() || !unreadable_staff.empty()) {
    // Last: a day close's entries are in the ledger before it (reconcile reads them there).
    auto recorded = applyStaffWork(kiosk_id, staff, unreadable_staff, out.flagged);
    if (!recorded) return refuse(recorded.error());
    out.staff = *recorded;
  }
  if (out.applied > 0 || out.events > 0 || !unreadable.empty() || !staff.empty() ||
      !unreadable_staff.empty()) {
    if (auto c = (*tx)->commit(); !c) return pushFailure(PushError::Storage, c.error().message);
  }
  return out;
}

Result<int, PushFailure> OfficeSync::applyStaffWork(
    const std::string& kiosk_id, const StaffWork& staff,
    std::span<const UnreadableStaffItem> unreadable, int& flagged) {
  int recorded = 0;
  auto storageFailure = [](std::string message) {
    return pushFailure(PushError::Storage, std::move(message));
  };
  auto note = [&](std::string_view problem, const std::string& subject,
                  const std::string& text) -> DbStatus {
    ++flagged;
    return noteStaffProblem(problem, subject, kiosk_id, text);
  };
  for (const auto& m : staff.movements) {
    auto r = recordStockMovement(m_db, m, kiosk_id, false);
    if (r) {
      if (*r) ++recorded;
      continue;
    }
    const auto& f = r.error();
    if (f.code == LedgerError::Storage) return storageFailure(f.message);
    const std::string what = (m.reason == "count" ? "a stock count of " : "a restock of ") +
                             m.sku + " (" + (m.delta > 0 ? "+" : "") + std::to_string(m.delta) +
                             ") by " + m.staff_name + ": ";
    const auto st = f.code == LedgerError::UnknownProduct
                        ? note("unknown_product", m.uuid, what + "no such product at the office")
                        : note("refused_movement", m.uuid, what + f.message);
    if (!st) return storageFailure(st.error().message);
  }
  for (const auto& c0 : staff.closes) {
    DayCloseRow c = c0;
    c.kiosk_id = kiosk_id;
    auto r = recordDayClose(m_db, c);
    if (r) {
      if (*r) ++recorded;
      continue;
    }
    const auto& f = r.error();
    if (f.code == LedgerError::Storage) return storageFailure(f.message);
    if (auto st = note("close_conflict", core::dayCloseNumber(c.number),
                       "day close of " + c.day + " by " + c.staff_name + ": " + f.message);
        !st) {
      return storageFailure(st.error().message);
    }
  }
  for (const auto& e0 : staff.events) {
    StaffEventRow e = e0;
    e.kiosk_id = kiosk_id;
    if (auto st = recordStaffEvent(m_db, e, true); !st) return storageFailure(st.error().message);
    if (m_db.changes() == 1) ++recorded;
  }
  for (std::size_t i = 0; i < unreadable.size(); ++i) {
    const auto& u = unreadable[i];
    // Each unreadable item its own line, even when nothing named it.
    const std::string subject =
        u.id.empty() ? "(unreadable " + u.what + " " + std::to_string(nowMs()) + "-" +
                           std::to_string(i) + ")"
                     : u.id;
    const bool close = u.what == "close";
    const std::string what = close ? "day close" : u.what == "event" ? "staff event" : "stock movement";
    if (auto st = note(close ? "close_conflict" : "refused_movement", subject,
                       "a " + what + " the office could not read: " + u.reason);
        !st) {
      return storageFailure(st.error().message);
    }
  }
  return recorded;
}

DbStatus OfficeSync::noteStaffProblem(std::string_view problem, const std::string& subject,
                                      const std::string& kiosk_id, const std::string& note) {
  auto st = m_db.cached(
      "INSERT OR IGNORE INTO staff_reconciliation (problem, subject, kiosk_id, note, noted_at_ms) "
      "VALUES (?, ?, ?, ?, ?)");
  st->bind(1, problem).bind(2, subject).bind(3, kiosk_id).bind(4, note).bind(5, nowMs());
  return st->run();
}

std::vector<StaffProblem> OfficeSync::staffProblems() {
  std::vector<StaffProblem> out;
  auto st = m_db.cached(
      "SELECT problem, subject, kiosk_id, note, noted_at_ms FROM staff_reconciliation "
      "ORDER BY noted_at_ms, id");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back({st->columnText(0), st->columnText(1), st->columnText(2), st->columnText(3),
                   st->columnInt(4)});
  }
  return out;
}

Result<bool, PushFailure> OfficeSync::applyOne(Merge& merge, const std::string& kiosk_id,
                                               const WireEntry& w, std::int64_t& held,
                                               int& flagged) {
  auto at = [&] { return "entry " + kiosk_id + "#" + std::to_string(w.kiosk_seq); };
  if (w.kiosk_seq <= 0 || w.at_ms <= 0) {
    return pushFailure(PushError::Rejected, at() + ": sequence and time must be positive");
  }
  // A kiosk records its entries as they happen: not before the product existed, nor days
  // ahead of the office's clock (a signed request is within minutes of it).
  if (w.at_ms < kEarliestEntryMs || w.at_ms > nowMs() + kFutureSlackMs) {
    return pushFailure(PushError::Rejected, at() + ": its time " + core::formatChinaTime(w.at_ms) +
                                                " is not a time a kiosk can have recorded it");
  }
  if (w.kiosk_seq <= held) return compareHeld(kiosk_id, w);
  if (w.kiosk_seq != held + 1) {
    return pushFailure(PushError::Gap, at() + " would leave a gap after " + std::to_string(held));
  }
  // A refusal below names a reused UUID first, as the UUID is what the kiosk must look at.
  auto rejected = [&](std::string why) -> Err<PushFailure> {
    if (auto other = m_ledger.entryByUuid(w.uuid)) {
      return pushFailure(PushError::UuidConflict, at() + ": UUID " + w.uuid +
                                                      " is already recorded as entry " +
                                                      other->kiosk_id + "#" +
                                                      std::to_string(other->kiosk_seq));
    }
    return pushFailure(PushError::Rejected, at() + ": " + why);
  };

  // The office derives credit: a kiosk only spends it, and voids what it sold itself.
  if (auto k = core::checkKioskEntry(w.kind, w.score_delta, w.points_delta); !k) {
    return rejected(std::string(core::toString(w.kind)) + ": " + std::string(core::explain(k.error())));
  }
  std::optional<Entry> target;
  if (w.kind == core::EntryKind::Void) {
    if (w.voids_uuid) target = m_ledger.entryByUuid(*w.voids_uuid);
    if (!target || target->kind == core::EntryKind::Void ||
        target->villager_id != w.villager_id || target->score_delta != -w.score_delta ||
        target->points_delta != -w.points_delta) {
      return rejected("a void must mirror a recorded entry");
    }
    if (target->kiosk_id != kiosk_id) {
      return rejected("a kiosk may void only its own entries (the target is " +
                      target->kiosk_id + "#" + std::to_string(target->kiosk_seq) + ")");
    }
    if (w.reference.empty()) return rejected("a void must give its reason");
  } else if (w.voids_uuid) {
    return rejected("only a void names a target");
  }
  // The entry must extend the kiosk's chain as the office holds it: a kiosk file rolled back
  // or edited cannot produce the hash the office expects.
  const Hash expected =
      kioskChainHash(merge.head ? *merge.head : Hash{}, kiosk_id, w,
                     target ? std::optional(target->kiosk_seq) : std::nullopt);
  if (merge.head_known && expected != w.hash) {
    return pushFailure(PushError::ChainBreak,
                       at() + " does not extend the chain the office holds for this kiosk "
                              "(entries 1.." + std::to_string(held) +
                              "): its file was rolled back, replaced or edited");
  }
  merge.head = w.hash;
  merge.head_known = true;
  std::optional<std::vector<core::CartLine>> lines;
  if (w.kind == core::EntryKind::Redemption) {
    lines = parseLines(w.detail);
    if (!lines || lines->empty()) return rejected("malformed redemption lines");
  }

  EntryDraft d;
  d.uuid = w.uuid;
  d.kiosk_id = kiosk_id;
  d.kiosk_seq = w.kiosk_seq;
  d.villager_id = w.villager_id;
  d.kind = w.kind;
  d.score_delta = w.score_delta;
  d.points_delta = w.points_delta;
  d.reference = w.reference;
  d.detail = w.detail;
  d.at_ms = w.at_ms;
  // What the kiosk charged stands: the villager was told that price at the counter.
  auto r = merge.entries.append(d, target ? std::optional(target->seq) : std::nullopt);
  if (!r) {
    const auto code = r.error().code;
    if (code != LedgerError::Storage && code != LedgerError::UuidConflict &&
        code != LedgerError::SeqConflict) {
      return rejected(r.error().message);
    }
    const PushError pe = code == LedgerError::Storage        ? PushError::Storage
                         : code == LedgerError::UuidConflict ? PushError::UuidConflict
                                                             : PushError::SeqConflict;
    return pushFailure(pe, at() + ": " + r.error().message);
  }
  const Entry& e = r->entry;
  auto storageFailure = [](const DbError& e2) { return pushFailure(PushError::Storage, e2.message); };
  if (lines) {
    for (const auto& l : *lines) {
      auto shelf = merge.shelves.shelf(l.sku);
      if (!shelf) return storageFailure(shelf.error());
      if (!*shelf) {
        if (auto f = flag(e.seq, "unknown_product", e.villager_id, kiosk_id, r->balance.points, l.sku); !f) {
          return storageFailure(f.error());
        }
        ++flagged;
        continue;
      }
      // Two kiosks may sell the last bag offline; the shelf cannot go below zero, the
      // shortfall goes on the staff's list.
      const int take = static_cast<int>(std::min<std::int64_t>(l.quantity, std::max<std::int64_t>((*shelf)->stock, 0)));
      if (take > 0) {
        if (auto f = merge.shelves.move(**shelf, -take, "redeem", e.seq, e.at_ms); !f) {
          return storageFailure(f.error());
        }
      }
      if (take < l.quantity) {
        if (auto f = flag(e.seq, "stock", e.villager_id, kiosk_id, r->balance.points,
                          l.sku + " short by " + std::to_string(l.quantity - take));
            !f) {
          return storageFailure(f.error());
        }
        ++flagged;
      }
    }
  }
  if (lines) {
    // What the kiosk charged stands; a charge that differs from the catalog's prices goes on
    // the staff's list with both figures (a price changed since the kiosk's last pull, or a
    // kiosk charging what it should not).
    std::int64_t catalog_total = 0;
    bool all_known = true;
    for (const auto& l : *lines) {
      auto shelf = merge.shelves.shelf(l.sku);
      if (!shelf) return storageFailure(shelf.error());
      if (!*shelf) {
        all_known = false;
        break;
      }
      const auto sum = core::addToBalance(catalog_total, std::int64_t{l.quantity} * (*shelf)->price);
      if (!sum) {
        all_known = false;
        break;
      }
      catalog_total = *sum;
    }
    if (all_known && catalog_total != -std::int64_t{e.points_delta}) {
      if (auto f = flag(e.seq, "price", e.villager_id, kiosk_id, r->balance.points,
                        "charged " + std::to_string(-e.points_delta) + ", catalog " +
                            std::to_string(catalog_total));
          !f) {
        return storageFailure(f.error());
      }
      ++flagged;
    }
  }
  if (target) {
    // Put back exactly what the target took, as recorded.
    const auto taken = Catalog(m_db).stockTakenBy(target->seq);
    if (!taken) return storageFailure(taken.error());
    for (const auto& [sku, delta] : *taken) {
      auto shelf = merge.shelves.shelf(sku);
      if (!shelf) return storageFailure(shelf.error());
      if (!*shelf) return pushFailure(PushError::Storage, "no product " + sku);
      if (auto f = merge.shelves.move(**shelf, -delta, "void", e.seq, e.at_ms); !f) {
        return storageFailure(f.error());
      }
    }
  }
  if (spends(e.kind) && r->balance.points < 0) {
    if (auto f = flag(e.seq, "overdraft", e.villager_id, kiosk_id, r->balance.points, ""); !f) {
      return storageFailure(f.error());
    }
    ++flagged;
  }
  held = w.kiosk_seq;
  return true;
}

Result<bool, PushFailure> OfficeSync::compareHeld(const std::string& kiosk_id, const WireEntry& w) {
  // Already held: the same entry again is a no-op, anything else a conflict.
  const std::string at = "entry " + kiosk_id + "#" + std::to_string(w.kiosk_seq);
  auto st = m_db.cached(
      "SELECT uuid, 0 FROM entries WHERE kiosk_id = ?1 AND kiosk_seq = ?2 UNION ALL "
      "SELECT uuid, 1 FROM refused_entries WHERE kiosk_id = ?1 AND kiosk_seq = ?2");
  st->bind(1, kiosk_id).bind(2, w.kiosk_seq);
  auto row = st->step();
  if (!row || !*row) return pushFailure(PushError::Storage, at + ": cannot read it back");
  const std::string stored_uuid = st->columnText(0);
  const bool was_refused = st->columnInt(1) != 0;
  // Another entry at a seq the office holds means the kiosk's file forked from what it sent
  // before (rolled back, replaced or edited): a chain break, not a retry.
  if (stored_uuid != w.uuid) {
    return pushFailure(PushError::ChainBreak,
                       at + " is not the entry the office holds at that seq (" + stored_uuid +
                           "): the kiosk's file was rolled back, replaced or edited");
  }
  if (was_refused) return false;  // refused before, and held: skipped like a duplicate
  auto stored = m_ledger.entryByUuid(stored_uuid);
  if (!stored) return pushFailure(PushError::Storage, at + ": cannot read it back");
  std::optional<std::string> voids_uuid;
  if (stored->voids_seq) {
    if (auto t = m_ledger.entryBySeq(*stored->voids_seq)) voids_uuid = t->uuid;
  }
  const bool same = stored->villager_id == w.villager_id && stored->kind == w.kind &&
                    stored->score_delta == w.score_delta &&
                    stored->points_delta == w.points_delta && stored->reference == w.reference &&
                    stored->detail == w.detail && stored->at_ms == w.at_ms &&
                    voids_uuid == w.voids_uuid;
  if (!same) {
    return pushFailure(PushError::ChainBreak,
                       at + ": UUID " + w.uuid + " is held with different content: the kiosk's "
                            "file was edited");
  }
  return false;
}

DbStatus OfficeSync::flag(std::int64_t seq, std::string_view problem, core::VillagerId villager,
                          const std::string& kiosk_id, std::int64_t points_after, const std::string& note) {
  auto st = m_db.cached(
      "INSERT OR IGNORE INTO reconciliation (entry_seq, problem, villager_id, kiosk_id, "
      "points_after, note, noted_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, seq).bind(2, problem).bind(3, villager).bind(4, kiosk_id).bind(5, points_after);
  st->bind(6, note).bind(7, nowMs());
  return st->run();
}

// ---- pull ----------------------------------------------------------------------------------

Result<PullPage, DbError> OfficeSync::pull(const std::string& kiosk_id, const PullCursor& since,
                                           std::int64_t max_rows) {
  ReadSnapshot snap(m_db);
  if (!snap.ok()) return err(m_db.lastError());
  PullPage page;
  page.kiosk_seq_included = heldSeq(kiosk_id);
  const std::int64_t max_seq = scalar(m_db, "SELECT COALESCE(MAX(seq), 0) FROM entries");
  const std::int64_t max_change = scalar(m_db, "SELECT COALESCE(MAX(id), 0) FROM change_log");
  const std::int64_t from_seq = std::min(since.entries, max_seq);
  const std::int64_t from_change = std::min(since.changes, max_change);
  const std::int64_t hi_seq = std::min(max_seq, from_seq + max_rows);
  std::int64_t hi_change = std::min(max_change, from_change + max_rows);
  {
    // At most kMaxPicturesPerPage pictures a page: the window ends before the next one.
    auto st = m_db.cached(
        "SELECT id FROM change_log WHERE id > ? AND id <= ? AND topic = 'product_picture' "
        "ORDER BY id LIMIT 1 OFFSET ?");
    st->bind(1, from_change).bind(2, hi_change).bind(3, static_cast<std::int64_t>(kMaxPicturesPerPage));
    auto row = st->step();
    if (!row) return err(row.error());
    if (*row) hi_change = st->columnInt(0) - 1;
  }
  {
    // Current balances of everyone whose entries moved in the window (later entries included:
    // newer is still right, and kiosk_seq_included comes from the same snapshot).
    auto st = m_db.cached(
        "SELECT villager_id, score, points, entries FROM balances WHERE villager_id IN "
        "(SELECT villager_id FROM entries WHERE seq > ? AND seq <= ?) ORDER BY villager_id");
    st->bind(1, from_seq).bind(2, hi_seq);
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) break;
      page.balances.push_back({st->columnInt(0), st->columnInt(1), st->columnInt(2), st->columnInt(3)});
    }
  }
  {
    // Why their figures moved: the newest few entries in the window of each of those villagers,
    // explained in the office's words (a synced kiosk's file holds only its own entries).
    auto st = m_db.cached(
        "SELECT seq FROM (SELECT seq, row_number() OVER (PARTITION BY villager_id ORDER BY seq "
        "DESC) AS n FROM entries WHERE seq > ? AND seq <= ?) WHERE n <= ? ORDER BY seq");
    st->bind(1, from_seq).bind(2, hi_seq).bind(3, kHistoryPerWindow);
    std::vector<std::int64_t> seqs;
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) break;
      seqs.push_back(st->columnInt(0));
    }
    if (!seqs.empty()) {
      EntryReasons reasons(m_db);
      for (const auto seq : seqs) {
        const auto e = m_ledger.entryBySeq(seq);
        if (!e) continue;
        EntryReason r = reasons.of(*e);
        // A long list of goods is cut where a character ends, within the wire's cap.
        page.history.push_back({e->uuid, e->villager_id, e->kind, e->score_delta,
                                e->points_delta, e->at_ms,
                                std::string(core::utf8Prefix(r.what, kMaxHistoryTextBytes)),
                                std::string(core::utf8Prefix(r.evidence, kMaxHistoryTextBytes)),
                                std::move(r.month), r.minutes});
      }
    }
  }
  if (auto r = pullRoster(from_change, hi_change, page); !r) return err(r.error());
  if (auto r = pullServices(from_change, hi_change, page); !r) return err(r.error());
  {
    auto st = m_db.cached("SELECT value FROM meta WHERE key = 'card_public_key'");
    auto row = st->step();
    if (!row) return err(row.error());
    if (*row) page.card_public_key = st->columnText(0);
  }
  page.next = {hi_seq, hi_change};
  page.more = hi_seq < max_seq || hi_change < max_change;
  return page;
}

Result<bool, DbError> OfficeSync::pullRoster(std::int64_t lo, std::int64_t hi, PullPage& page) {
  // Rows named in the change log window, each once, as they stand now.
  auto select = [&](std::string_view sql, const char* topic, auto&& read) -> DbStatus {
    auto st = m_db.cached(sql);
    st->bind(1, lo).bind(2, hi).bind(3, topic);
    while (true) {
      auto row = st->step();
      if (!row) return err(row.error());
      if (!*row) return Ok{};
      read(*st);
    }
  };
  constexpr const char* kIn =
      " IN (SELECT CAST(row_key AS INTEGER) FROM change_log WHERE id > ? AND id <= ? AND topic = ?)";
  constexpr const char* kInText =
      " IN (SELECT row_key FROM change_log WHERE id > ? AND id <= ? AND topic = ?)";
  auto optInt = [](const Statement& s, int col) {
    return s.columnIsNull(col) ? std::nullopt : std::optional<std::int64_t>(s.columnInt(col));
  };
  DbStatus st = select(std::string("SELECT id, name, collector_id FROM grids WHERE id") + kIn +
                           " ORDER BY id",
                       "grid", [&](const Statement& s) {
                         page.grids.push_back({s.columnInt(0), s.columnText(1), optInt(s, 2)});
                       });
  if (!st) return err(st.error());
  st = select(std::string("SELECT id, grid_id, address, head_id, relief FROM households WHERE "
                          "id") + kIn + " ORDER BY id",
              "household", [&](const Statement& s) {
                Household h;
                h.id = s.columnInt(0);
                h.grid_id = s.columnInt(1);
                h.address = s.columnText(2);
                h.head_id = optInt(s, 3);
                h.relief = s.columnInt(4) != 0;
                page.households.push_back(std::move(h));
              });
  if (!st) return err(st.error());
  st = select(std::string("SELECT id, household_id, name, gender, birth_year, party_member, "
                          "committee FROM villagers WHERE id") + kIn + " ORDER BY id",
              "villager", [&](const Statement& s) {
                Villager v;
                v.id = s.columnInt(0);
                v.household_id = s.columnInt(1);
                v.name = s.columnText(2);
                v.gender = s.columnTextView(3) == "M" ? 'M' : 'F';
                v.birth_year = static_cast<int>(s.columnInt(4));
                v.party_member = s.columnInt(5) != 0;
                v.committee = s.columnInt(6) != 0;
                page.villagers.push_back(std::move(v));
              });
  if (!st) return err(st.error());
  st = select(std::string("SELECT uid, villager_id, kind, issued_at_ms, revoked_at_ms FROM cards "
                          "WHERE uid") + kInText + " ORDER BY uid",
              "card", [&](const Statement& s) {
                page.cards.push_back({s.columnText(0), s.columnInt(1), s.columnText(2),
                                      s.columnInt(3), optInt(s, 4)});
              });
  if (!st) return err(st.error());
  st = select(std::string("SELECT sku, COALESCE(barcode, ''), name, category, price_points, stock, "
                          "per_order_limit, requires_welfare, active FROM products WHERE "
                          "id") + kIn + " ORDER BY id",
              "product", [&](const Statement& s) {
                core::Product p;
                p.sku = s.columnText(0);
                p.barcode = s.columnText(1);
                p.name = s.columnText(2);
                p.category = s.columnText(3);
                p.price_points = static_cast<int>(s.columnInt(4));
                p.stock = static_cast<int>(s.columnInt(5));
                p.per_order_limit = static_cast<int>(s.columnInt(6));
                p.requires_welfare = s.columnInt(7) != 0;
                p.active = s.columnInt(8) != 0;
                page.products.push_back(std::move(p));
              });
  if (!st) return err(st.error());
  st = select(std::string("SELECT p.sku, x.sha256, x.bytes FROM products p LEFT JOIN "
                          "product_pictures x ON x.product_id = p.id WHERE p.id") + kIn +
                  " ORDER BY p.id",
              "product_picture", [&](const Statement& s) {
                PulledPicture x;
                x.sku = s.columnText(0);
                if (!s.columnIsNull(1)) {
                  x.sha256 = s.columnText(1);
                  const auto blob = s.columnBlob(2);
                  x.bytes.emplace(blob.begin(), blob.end());
                }
                page.pictures.push_back(std::move(x));
              });
  if (!st) return err(st.error());
  st = select(std::string("SELECT id, kind, name FROM stations WHERE id") + kIn +
                  " ORDER BY id",
              "station", [&](const Statement& s) {
                page.stations.push_back(
                    {s.columnInt(0),
                     core::stationKindFromString(s.columnTextView(1)).value_or(core::StationKind::Laundry),
                     s.columnText(2)});
              });
  if (!st) return err(st.error());
  std::vector<std::int64_t> staff_ids;
  st = select(std::string("SELECT id FROM staff WHERE id") + kIn + " ORDER BY id", "staff",
              [&](const Statement& s) { staff_ids.push_back(s.columnInt(0)); });
  if (!st) return err(st.error());
  StaffRepo staff(m_db);
  for (const auto id : staff_ids) {
    if (auto m = staff.byId(id)) page.staff.push_back(std::move(*m));
  }
  st = select(std::string("SELECT s.id, t.kind, s.start_ms, s.capacity, s.booked, s.points_cost "
                          "FROM slots s JOIN stations t ON t.id = s.station_id WHERE "
                          "s.id") + kIn + " ORDER BY s.id",
              "slot", [&](const Statement& s) {
                core::Slot slot;
                slot.id = s.columnInt(0);
                slot.station =
                    core::stationKindFromString(s.columnTextView(1)).value_or(core::StationKind::Laundry);
                slot.start_ms = s.columnInt(2);
                slot.capacity = static_cast<int>(s.columnInt(3));
                slot.booked = static_cast<int>(s.columnInt(4));
                slot.points_cost = static_cast<int>(s.columnInt(5));
                page.slots.push_back(slot);
              });
  if (!st) return err(st.error());
  return true;
}

// ---- reconciliation ------------------------------------------------------------------------

std::vector<ReconciliationItem> OfficeSync::reconciliation() {
  std::vector<ReconciliationItem> out;
  auto st = m_db.cached(
      "SELECT r.entry_seq, r.problem, r.villager_id, v.name, r.kiosk_id, e.uuid, r.points_after, "
      "r.note, e.at_ms FROM reconciliation r JOIN villagers v ON v.id = r.villager_id "
      "JOIN entries e ON e.seq = r.entry_seq ORDER BY r.entry_seq, r.problem");
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back({st->columnInt(0), st->columnText(1), st->columnInt(2), st->columnText(3),
                   st->columnText(4), st->columnText(5), st->columnInt(6),
                   st->columnText(7), st->columnInt(8)});
  }
  return out;
}

}  // namespace rc::db
