#include "db/ledger.h"

#include <sodium.h>

#include <algorithm>
#include <chrono>
#include <charconv>
#include <cstring>
#include <limits>
#include <map>

#include "core/rules.h"
#include "core/text.h"
#include "db/catalog.h"
#include "db/sha256.h"
#include "db/uuid.h"

namespace rc::db {
namespace {

LedgerFailure problem(LedgerError code, std::string message) {
  LedgerFailure f;
  f.code = code;
  f.message = std::move(message);
  return f;
}
Err<LedgerFailure> failure(LedgerError code, std::string message) {
  return failWith(code, std::move(message));
}
Err<LedgerFailure> storage(const DbError& e) { return failStorage(e); }
Err<LedgerFailure> outOfRange(core::VillagerId villager) {
  return failure(LedgerError::OutOfRange, "the entry would take villager " +
                                              std::to_string(villager) +
                                              "'s score or points outside the range of ±" +
                                              std::to_string(core::kMaxBalance));
}

// Little-endian, whatever the CPU (compilers turn this into one store on x86).
std::uint8_t* putU64(std::uint8_t* p, std::uint64_t v) noexcept {
  for (int i = 0; i < 8; ++i) p[i] = static_cast<std::uint8_t>(v >> (8 * i));
  return p + 8;
}
std::uint8_t* putStr(std::uint8_t* p, std::string_view s) noexcept {
  p = putU64(p, s.size());
  if (!s.empty()) std::memcpy(p, s.data(), s.size());
  return p + s.size();
}

constexpr const char* kEntryColumns =
    "seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, points_delta, reference, "
    "detail, voids_seq, at_ms, hash";

Entry readEntry(const Statement& st) {
  Entry e;
  e.seq = st.columnInt(0);
  e.uuid = st.columnText(1);
  e.kiosk_id = st.columnText(2);
  e.kiosk_seq = st.columnInt(3);
  e.villager_id = st.columnInt(4);
  e.kind = core::entryKindFromString(st.columnTextView(5)).value_or(core::EntryKind::Void);
  e.score_delta = static_cast<int>(st.columnInt(6));
  e.points_delta = static_cast<int>(st.columnInt(7));
  e.reference = st.columnText(8);
  e.detail = st.columnText(9);
  if (!st.columnIsNull(10)) e.voids_seq = st.columnInt(10);
  e.at_ms = st.columnInt(11);
  const auto blob = st.columnBlob(12);
  if (blob.size() == e.hash.size()) std::copy(blob.begin(), blob.end(), e.hash.begin());
  return e;
}

}  // namespace

Err<LedgerFailure> failWith(LedgerError code, std::string message) {
  return err(problem(code, std::move(message)));
}

Err<LedgerFailure> failStorage(const DbError& e) {
  return failWith(LedgerError::Storage, e.message);
}

namespace {

// The same request again: same villager, kind, deltas and texts. A retried redemption is
// compared by its lines (detail), not by price, which the office may have changed meanwhile.
bool sameRequest(const Entry& stored, const EntryDraft& d, std::optional<std::int64_t> voids) {
  if (stored.villager_id != d.villager_id || stored.kind != d.kind ||
      stored.reference != d.reference || stored.detail != d.detail ||
      stored.voids_seq != voids) {
    return false;
  }
  if (d.kiosk_seq != 0 && (stored.kiosk_id != d.kiosk_id || stored.kiosk_seq != d.kiosk_seq)) {
    return false;
  }
  if (d.kind == core::EntryKind::Redemption) return true;
  return stored.score_delta == d.score_delta && stored.points_delta == d.points_delta;
}

}  // namespace

std::string_view toString(LedgerError e) noexcept {
  switch (e) {
    case LedgerError::UnknownVillager: return "unknown_villager";
    case LedgerError::UnknownEntry: return "unknown_entry";
    case LedgerError::UnknownProduct: return "unknown_product";
    case LedgerError::BadShape: return "bad_shape";
    case LedgerError::BadInput: return "bad_input";
    case LedgerError::UuidConflict: return "uuid_conflict";
    case LedgerError::SeqConflict: return "seq_conflict";
    case LedgerError::InsufficientPoints: return "insufficient_points";
    case LedgerError::OutOfRange: return "out_of_range";
    case LedgerError::Cart: return "cart";
    case LedgerError::AlreadyVoided: return "already_voided";
    case LedgerError::CannotVoidVoid: return "cannot_void_void";
    case LedgerError::Booking: return "booking";
    case LedgerError::Order: return "order";
    case LedgerError::NotFound: return "not_found";
    case LedgerError::Storage: return "storage";
  }
  return "unknown";
}

std::int64_t nowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void appendChainBytes(std::vector<std::uint8_t>& out, const Hash& prev, const EntryFields& f) {
  // Sized once and written in place: verify serializes millions of entries.
  const std::size_t size = prev.size() + 12 * 8 + f.uuid.size() + f.kiosk_id.size() +
                           f.kind.size() + f.reference.size() + f.detail.size();
  const std::size_t at = out.size();
  out.resize(at + size);
  std::uint8_t* p = out.data() + at;
  std::memcpy(p, prev.data(), prev.size());
  p += prev.size();
  p = putU64(p, static_cast<std::uint64_t>(f.seq));
  p = putStr(p, f.uuid);
  p = putStr(p, f.kiosk_id);
  p = putU64(p, static_cast<std::uint64_t>(f.kiosk_seq));
  p = putU64(p, static_cast<std::uint64_t>(f.villager_id));
  p = putStr(p, f.kind);
  p = putU64(p, static_cast<std::uint64_t>(f.score_delta));
  p = putU64(p, static_cast<std::uint64_t>(f.points_delta));
  p = putStr(p, f.reference);
  p = putStr(p, f.detail);
  p = putU64(p, f.voids_seq ? static_cast<std::uint64_t>(*f.voids_seq) : ~std::uint64_t{0});
  (void)putU64(p, static_cast<std::uint64_t>(f.at_ms));
}

Hash chainHash(const Hash& prev, const EntryFields& f) {
  // One buffer per thread, so hashing an entry allocates nothing once it has grown.
  thread_local std::vector<std::uint8_t> bytes;
  bytes.clear();
  appendChainBytes(bytes, prev, f);
  return Sha256::local().digest(bytes);
}

Hash chainHash(const Hash& prev, const Entry& e) {
  return chainHash(prev, EntryFields{e.seq, e.uuid, e.kiosk_id, e.kiosk_seq, e.villager_id,
                                     core::toString(e.kind), e.score_delta, e.points_delta,
                                     e.reference, e.detail, e.voids_seq, e.at_ms});
}

namespace {
// The one INSERT of an entry row (Ledger's single appends and BatchAppender's batches).
DbStatus insertEntry(Database& db, const Entry& e) {
  auto st = db.cached(
      "INSERT INTO entries (seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, "
      "points_delta, reference, detail, voids_seq, at_ms, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  st->bind(1, e.seq).bind(2, e.uuid).bind(3, e.kiosk_id).bind(4, e.kiosk_seq);
  st->bind(5, e.villager_id).bind(6, core::toString(e.kind)).bind(7, e.score_delta);
  st->bind(8, e.points_delta).bind(9, e.reference).bind(10, e.detail).bind(11, e.voids_seq);
  st->bind(12, e.at_ms).bindBlob(13, e.hash.data(), e.hash.size());
  return st->run();
}

// An entry's recorded fields from its draft; seq and hash are the caller's.
void fillFromDraft(Entry& e, const EntryDraft& d, std::optional<std::int64_t> voids_seq) {
  e.uuid = d.uuid;
  e.kiosk_id = d.kiosk_id;
  e.kiosk_seq = d.kiosk_seq;
  e.villager_id = d.villager_id;
  e.kind = d.kind;
  e.score_delta = d.score_delta;
  e.points_delta = d.points_delta;
  e.reference = d.reference;
  e.detail = d.detail;
  e.voids_seq = voids_seq;
  e.at_ms = d.at_ms;
}

// The same digest through libsodium, for one entry at a time (a kiosk's redemption, a council
// award): libcrypto's first digest in a process loads its configuration and providers (~3 ms,
// ~10 ms under the sanitizers), which a kiosk restarting after a power cut should not pay
// before its first redemption. Bulk hashing (verify, a sync batch) keeps libcrypto's SHA
// extensions. Both are plain SHA-256, so the chain is the same whichever computed it.
Hash chainHashOne(const Hash& prev, const Entry& e) {
  thread_local std::vector<std::uint8_t> bytes;
  bytes.clear();
  appendChainBytes(bytes, prev,
                   EntryFields{e.seq, e.uuid, e.kiosk_id, e.kiosk_seq, e.villager_id,
                               core::toString(e.kind), e.score_delta, e.points_delta, e.reference,
                               e.detail, e.voids_seq, e.at_ms});
  Hash out{};
  static_assert(sizeof(out) == crypto_hash_sha256_BYTES);
  crypto_hash_sha256(out.data(), bytes.data(), bytes.size());
  return out;
}
}  // namespace

std::string formatLines(std::span<const core::CartLine> lines) {
  std::string out;
  for (const auto& l : lines) {
    if (!out.empty()) out.push_back(';');
    out += l.sku;
    out.push_back('*');
    out += std::to_string(l.quantity);
  }
  return out;
}

std::optional<std::vector<core::CartLine>> parseLines(std::string_view text) {
  constexpr std::size_t kMaxLines = 100;
  if (text.size() > kMaxDetail) return std::nullopt;
  std::vector<core::CartLine> lines;
  while (!text.empty()) {
    const auto end = text.find(';');
    const auto item = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    const auto star = item.rfind('*');
    if (star == std::string_view::npos || star == 0 || star > 32) return std::nullopt;
    int qty = 0;
    const auto digits = item.substr(star + 1);
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), qty);
    if (ec != std::errc() || p != digits.data() + digits.size() || qty < 1) return std::nullopt;
    lines.push_back({std::string(item.substr(0, star)), qty});
    if (lines.size() > kMaxLines) return std::nullopt;
  }
  return lines;
}

Ledger::Ledger(Database& db, core::Settings settings) : m_db(db), m_settings(std::move(settings)) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

LedgerResult<AppendResult> Ledger::append(const EntryDraft& draft, AppendOptions opt) {
  // These kinds move more than a balance (stock, a place in a slot): they have their own paths,
  // so that nothing they move can be forgotten.
  switch (draft.kind) {
    case core::EntryKind::Void:
      return failure(LedgerError::BadInput, "a void is written with voidEntry(), naming its target");
    case core::EntryKind::Redemption:
      return failure(LedgerError::BadInput, "a redemption is written with redeem(), with its lines");
    case core::EntryKind::Booking:
      return failure(LedgerError::BadInput, "a booking is written with Services::book()");
    default: break;
  }
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto r = appendLocked(draft, opt, std::nullopt);
  if (!r) return r;
  if (!r->duplicate) {
    if (auto st = (*tx)->commit(); !st) return storage(st.error());
  }
  return r;
}

LedgerResult<AppendResult> Ledger::appendInTransaction(const EntryDraft& draft, AppendOptions opt,
                                                       std::optional<std::int64_t> voids_seq) {
  return appendLocked(draft, opt, voids_seq);
}

LedgerResult<AppendResult> Ledger::appendLocked(EntryDraft d, AppendOptions opt,
                                                std::optional<std::int64_t> voids_seq) {
  if (d.uuid.empty()) d.uuid = newUuid();
  if (!validEntryId(d.uuid)) return failure(LedgerError::BadInput, "malformed entry id");
  if (d.kiosk_id.empty() || d.kiosk_id.size() > 64 || d.kiosk_seq < 0) {
    return failure(LedgerError::BadInput, "malformed kiosk id or sequence number");
  }
  if (d.reference.size() > kMaxReference || d.detail.size() > kMaxDetail) {
    return failure(LedgerError::BadInput, "reference or detail too long");
  }
  if (!core::validUtf8(d.reference) || !core::validUtf8(d.detail)) {
    return failure(LedgerError::BadInput, "reference or detail is not valid UTF-8 text");
  }
  if (d.at_ms == 0) d.at_ms = nowMs();

  if (auto existing = entryByUuid(d.uuid)) {
    if (!sameRequest(*existing, d, voids_seq)) {
      return failure(LedgerError::UuidConflict,
                     "entry " + d.uuid + " is already recorded with different content");
    }
    AppendResult dup;
    dup.balance = balance(existing->villager_id).value_or(Balance{});
    dup.entry = std::move(*existing);
    dup.duplicate = true;
    return dup;
  }

  if (auto shape = core::checkEntryShape(d.kind, d.score_delta, d.points_delta); !shape) {
    return failure(LedgerError::BadShape, std::string(core::explain(shape.error())));
  }

  auto bal = balance(d.villager_id);
  if (!bal) return failure(LedgerError::UnknownVillager, "no villager " + std::to_string(d.villager_id));

  if (d.kiosk_seq == 0) {
    auto st = m_db.cached("SELECT COALESCE(MAX(kiosk_seq), 0) + 1 FROM entries WHERE kiosk_id = ?");
    st->bind(1, d.kiosk_id);
    auto row = st->step();
    if (!row) return storage(row.error());
    d.kiosk_seq = st->columnInt(0);
  } else {
    auto st = m_db.cached("SELECT uuid FROM entries WHERE kiosk_id = ? AND kiosk_seq = ?");
    st->bind(1, d.kiosk_id).bind(2, d.kiosk_seq);
    auto row = st->step();
    if (!row) return storage(row.error());
    if (*row) {
      return failure(LedgerError::SeqConflict, "kiosk " + d.kiosk_id + " sequence " +
                                                   std::to_string(d.kiosk_seq) + " is taken");
    }
  }

  const auto score_after = core::addToBalance(bal->score, d.score_delta);
  const auto points_after = core::addToBalance(bal->points, d.points_delta);
  if (!score_after || !points_after) return outOfRange(d.villager_id);
  const bool spends = d.kind == core::EntryKind::Redemption || d.kind == core::EntryKind::Booking;
  if (spends && !opt.allow_overdraft && *points_after < 0) {
    return failure(LedgerError::InsufficientPoints, "not enough points");
  }

  Entry e;
  Hash prev{};
  {
    auto st = m_db.cached("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1");
    auto row = st->step();
    if (!row) return storage(row.error());
    if (*row) {
      e.seq = st->columnInt(0) + 1;
      const auto blob = st->columnBlob(1);
      if (blob.size() == prev.size()) std::copy(blob.begin(), blob.end(), prev.begin());
    } else {
      e.seq = 1;
    }
  }
  fillFromDraft(e, d, voids_seq);
  e.hash = chainHashOne(prev, e);

  {
    if (auto r = insertEntry(m_db, e); !r) {
      if (r.error().code == DbErrorCode::Constraint && voids_seq) {
        return failure(LedgerError::AlreadyVoided, "entry " + std::to_string(*voids_seq) +
                                                       " is already voided");
      }
      return storage(r.error());
    }
  }
  if (auto r = addVillagerMonth(m_db, e.villager_id, core::monthOfMs(e.at_ms).index(),
                                e.score_delta, e.points_delta, 1);
      !r) {
    return storage(r.error());
  }
  {
    auto st = m_db.cached(
        "UPDATE balances SET score = score + ?, points = points + ?, entries = entries + 1 "
        "WHERE villager_id = ? RETURNING score, points, entries");
    st->bind(1, e.score_delta).bind(2, e.points_delta).bind(3, e.villager_id);
    auto row = st->step();
    if (!row) return storage(row.error());
    bal->score = st->columnInt(0);
    bal->points = st->columnInt(1);
    bal->entries = st->columnInt(2);
  }
  return AppendResult{std::move(e), *bal, false};
}

LedgerResult<AppendResult> BatchAppender::append(const EntryDraft& d,
                                                 std::optional<std::int64_t> voids_seq) {
  Database& db = m_ledger.database();
  if (!validEntryId(d.uuid)) return failure(LedgerError::BadInput, "malformed entry id");
  if (d.kiosk_id.empty() || d.kiosk_id.size() > 64 || d.kiosk_seq <= 0 || d.at_ms <= 0) {
    return failure(LedgerError::BadInput, "malformed kiosk id, sequence number or time");
  }
  if (d.reference.size() > kMaxReference || d.detail.size() > kMaxDetail) {
    return failure(LedgerError::BadInput, "reference or detail too long");
  }
  if (!core::validUtf8(d.reference) || !core::validUtf8(d.detail)) {
    return failure(LedgerError::BadInput, "reference or detail is not valid UTF-8 text");
  }
  if (auto shape = core::checkEntryShape(d.kind, d.score_delta, d.points_delta); !shape) {
    return failure(LedgerError::BadShape, std::string(core::explain(shape.error())));
  }
  auto bal = m_balances.find(d.villager_id);
  if (bal == m_balances.end()) {
    auto b = m_ledger.balance(d.villager_id);
    if (!b) return failure(LedgerError::UnknownVillager, "no villager " + std::to_string(d.villager_id));
    bal = m_balances.emplace(d.villager_id, *b).first;
  }
  Balance& balance = bal->second;
  const auto score_after = core::addToBalance(balance.score, d.score_delta);
  const auto points_after = core::addToBalance(balance.points, d.points_delta);
  if (!score_after || !points_after) return outOfRange(d.villager_id);
  if (!m_tip) {
    Tip tip;
    auto st = db.cached("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1");
    auto row = st->step();
    if (!row) return storage(row.error());
    if (*row) {
      tip.seq = st->columnInt(0);
      const auto blob = st->columnBlob(1);
      if (blob.size() == tip.hash.size()) std::copy(blob.begin(), blob.end(), tip.hash.begin());
    }
    m_tip = tip;
  }
  Entry e;
  e.seq = m_tip->seq + 1;
  fillFromDraft(e, d, voids_seq);
  e.hash = chainHash(m_tip->hash, e);
  {
    if (auto r = insertEntry(db, e); !r) {
      if (r.error().code != DbErrorCode::Constraint) return storage(r.error());
    } else {
      m_tip = Tip{e.seq, e.hash};
      auto& month = m_months[{e.villager_id, core::monthOfMs(e.at_ms).index()}];
      month.score += e.score_delta;
      month.points += e.points_delta;
      ++month.entries;
      balance.score = *score_after;
      balance.points = *points_after;
      ++balance.entries;
      return AppendResult{std::move(e), balance, false};
    }
  }
  // Refused by a constraint: say which (the slow path; the batch is rolled back).
  if (auto other = m_ledger.entryByUuid(d.uuid)) {
    return failure(LedgerError::UuidConflict, "UUID " + d.uuid + " is already recorded as entry " +
                                                  other->kiosk_id + "#" +
                                                  std::to_string(other->kiosk_seq));
  }
  if (voids_seq) {
    return failure(LedgerError::AlreadyVoided, "entry " + std::to_string(*voids_seq) +
                                                   " is already voided");
  }
  return failure(LedgerError::SeqConflict, "kiosk " + d.kiosk_id + " sequence " +
                                               std::to_string(d.kiosk_seq) + " is taken");
}

LedgerResult<bool> BatchAppender::finish() {
  auto st = m_ledger.database().cached(
      "UPDATE balances SET score = ?, points = ?, entries = ? WHERE villager_id = ?");
  for (const auto& [id, b] : m_balances) {
    st->bind(1, b.score).bind(2, b.points).bind(3, b.entries).bind(4, b.villager_id);
    if (auto r = st->run(); !r) return storage(r.error());
    st->reset();
  }
  m_balances.clear();
  for (const auto& [key, m] : m_months) {
    if (auto r = addVillagerMonth(m_ledger.database(), key.first, key.second, m.score, m.points, m.entries); !r) {
      return storage(r.error());
    }
  }
  m_months.clear();
  return true;
}

DbStatus addVillagerMonth(Database& db, core::VillagerId villager, int month,
                          std::int64_t score_delta, std::int64_t points_delta, std::int64_t entries) {
  auto st = db.cached(
      "INSERT INTO villager_months (villager_id, month, score_delta, points_delta, entries) "
      "VALUES (?, ?, ?, ?, ?) ON CONFLICT (villager_id, month) DO UPDATE SET "
      "score_delta = score_delta + excluded.score_delta, "
      "points_delta = points_delta + excluded.points_delta, entries = entries + excluded.entries");
  st->bind(1, villager).bind(2, month).bind(3, score_delta).bind(4, points_delta).bind(5, entries);
  return st->run();
}

LedgerResult<AppendResult> Ledger::redeem(const RedemptionDraft& draft, AppendOptions opt,
                                          std::optional<Spendable> against) {
  if (draft.lines.empty()) {
    LedgerFailure f = problem(LedgerError::Cart, "the cart is empty");
    f.cart_problem = core::CartProblem{core::CartError::Empty, ""};
    return err(std::move(f));
  }
  EntryDraft d;
  d.uuid = draft.uuid.empty() ? newUuid() : draft.uuid;
  d.kiosk_id = draft.kiosk_id;
  d.kiosk_seq = draft.kiosk_seq;
  d.villager_id = draft.villager_id;
  d.kind = core::EntryKind::Redemption;
  d.reference = draft.reference;
  d.detail = formatLines(draft.lines);
  d.at_ms = draft.at_ms;

  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());

  // A retry must answer with the first result even if stock or prices moved since.
  if (auto existing = entryByUuid(d.uuid)) {
    d.points_delta = existing->points_delta;
    auto r = appendLocked(d, opt, std::nullopt);
    if (r && against) {
      r->balance.score = against->score;
      r->balance.points = against->points;
    }
    return r;
  }

  auto bal = balance(d.villager_id);
  if (!bal) return failure(LedgerError::UnknownVillager, "no villager " + std::to_string(d.villager_id));

  Catalog catalog(m_db);
  std::vector<std::string> skus;
  for (const auto& l : draft.lines) skus.push_back(l.sku);
  auto products = catalog.productsBySku(skus);
  // Within the points to spend: the standing given, else the balance; with an overdraft
  // allowed and nothing given (the office merging offline kiosks) nothing limits.
  const std::int64_t limit = against              ? against->points
                             : opt.allow_overdraft ? std::numeric_limits<int>::max()
                                                   : bal->points;
  const std::int64_t score = against ? against->score : bal->score;
  auto priced = core::priceCart(draft.lines, products,
                                static_cast<int>(std::clamp<std::int64_t>(limit, 0, std::numeric_limits<int>::max())),
                                static_cast<int>(score), m_settings);
  if (!priced) {
    LedgerFailure f = problem(priced.error().error == core::CartError::InsufficientPoints
                                  ? LedgerError::InsufficientPoints
                                  : LedgerError::Cart,
                              std::string(core::toString(priced.error().error)));
    f.cart_problem = priced.error();
    return err(std::move(f));
  }
  d.points_delta = -priced->total_points;

  auto r = appendLocked(d, opt, std::nullopt);
  if (!r) return r;
  for (const auto& line : priced->lines) {
    // The entry's time, not the draft's: a draft's 0 means "now" and was resolved on append.
    if (auto st = catalog.moveStock(line.sku, -line.quantity, "redeem", r->entry.seq,
                                    r->entry.at_ms, "");
        !st) {
      return storage(st.error());
    }
  }
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  if (against) {
    r->balance.score = against->score;
    r->balance.points = against->points - priced->total_points;
  }
  return r;
}

LedgerResult<AppendResult> Ledger::voidEntry(const VoidDraft& draft) {
  if (draft.reason.empty() || draft.reason.size() > kMaxReference) {
    return failure(LedgerError::BadInput, "a void needs a reason (at most 200 bytes)");
  }
  auto tx = Transaction::begin(m_db);
  if (!tx) return storage(tx.error());
  auto target = entryBySeq(draft.target_seq);
  if (!target) return failure(LedgerError::UnknownEntry, "no entry " + std::to_string(draft.target_seq));
  if (target->kind == core::EntryKind::Void) {
    return failure(LedgerError::CannotVoidVoid, "a void cannot itself be voided");
  }
  EntryDraft d;
  d.uuid = draft.uuid.empty() ? newUuid() : draft.uuid;
  d.kiosk_id = draft.kiosk_id;
  d.kiosk_seq = draft.kiosk_seq;
  d.villager_id = target->villager_id;
  d.kind = core::EntryKind::Void;
  d.score_delta = -target->score_delta;
  d.points_delta = -target->points_delta;
  d.reference = draft.reason;
  d.detail = target->uuid;
  d.at_ms = draft.at_ms;

  if (!entryByUuid(d.uuid)) {
    auto st = m_db.cached("SELECT seq FROM entries WHERE voids_seq = ?");
    st->bind(1, target->seq);
    auto row = st->step();
    if (!row) return storage(row.error());
    if (*row) {
      return failure(LedgerError::AlreadyVoided, "entry " + std::to_string(target->seq) +
                                                     " is already voided by entry " +
                                                     std::to_string(st->columnInt(0)));
    }
  }
  auto r = appendLocked(d, {.allow_overdraft = true}, target->seq);
  if (!r || r->duplicate) return r;
  // Put back exactly the stock the entry took, as recorded, whatever its text says.
  Catalog catalog(m_db);
  const auto taken = catalog.stockTakenBy(target->seq);
  if (!taken) return storage(taken.error());
  for (const auto& [sku, delta] : *taken) {
    if (auto st = catalog.moveStock(sku, -delta, "void", r->entry.seq, r->entry.at_ms, ""); !st) {
      return storage(st.error());
    }
  }
  // A voided booking gives its place back, however the void was asked for.
  if (target->kind == core::EntryKind::Booking) {
    auto st = m_db.cached(
        "UPDATE bookings SET status = 'cancelled', cancel_entry_seq = ? "
        "WHERE entry_seq = ? AND status = 'booked' RETURNING slot_id");
    st->bind(1, r->entry.seq).bind(2, target->seq);
    auto row = st->step();
    if (!row) return storage(row.error());
    if (*row) {
      const auto slot = st->columnInt(0);
      auto upd = m_db.cached("UPDATE slots SET booked = booked - 1 WHERE id = ?");
      upd->bind(1, slot);
      if (auto u = upd->run(); !u) return storage(u.error());
    }
  }
  if (auto st = (*tx)->commit(); !st) return storage(st.error());
  return r;
}

std::optional<Balance> Ledger::balance(core::VillagerId id) {
  auto st = m_db.cached("SELECT score, points, entries FROM balances WHERE villager_id = ?");
  st->bind(1, id);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return Balance{id, st->columnInt(0), st->columnInt(1), st->columnInt(2)};
}

std::optional<Entry> Ledger::entryBySeq(std::int64_t seq) {
  auto st = m_db.cached(std::string("SELECT ") + kEntryColumns + " FROM entries WHERE seq = ?");
  st->bind(1, seq);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readEntry(*st);
}

std::optional<Entry> Ledger::entryByUuid(const std::string& uuid) {
  auto st = m_db.cached(std::string("SELECT ") + kEntryColumns + " FROM entries WHERE uuid = ?");
  st->bind(1, uuid);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readEntry(*st);
}

std::vector<Entry> Ledger::recentEntries(core::VillagerId id, int limit) {
  auto st = m_db.cached(std::string("SELECT ") + kEntryColumns +
                         " FROM entries WHERE villager_id = ? ORDER BY seq DESC LIMIT ?");
  st->bind(1, id).bind(2, limit);
  std::vector<Entry> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readEntry(*st));
  }
  return out;
}

std::int64_t Ledger::entryCount() {
  auto st = m_db.cached("SELECT count(*) FROM entries");
  auto row = st->step();
  return row && *row ? st->columnInt(0) : 0;
}

}  // namespace rc::db
