#pragma once
// The red credit ledger: append-only, hash-chained entries with balances (score, points) and
// stock materialized in the same transaction. Idempotent by UUID: submitting the same entry
// twice records it once and returns the first result.
// Ownership: borrows a Database for its lifetime. Thread-safety: one thread at a time (as the
// Database); several processes may share the file (SQLite locking, busy timeout).

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/cart.h"
#include "core/result.h"
#include "core/services.h"
#include "core/settings.h"
#include "core/types.h"
#include "db/sqlite.h"

namespace rc::db {

inline constexpr std::string_view kOfficeKioskId = "office";
// Caps on free text stored in an entry, so no input can bloat the ledger.
inline constexpr std::size_t kMaxReference = 200;
inline constexpr std::size_t kMaxDetail = 2000;

using Hash = std::array<std::uint8_t, 32>;

struct EntryDraft {
  std::string uuid;          // empty: a new random UUID
  std::string kiosk_id = std::string(kOfficeKioskId);
  std::int64_t kiosk_seq = 0;  // 0: the next for this kiosk_id
  core::VillagerId villager_id = 0;
  core::EntryKind kind = core::EntryKind::CouncilAward;
  int score_delta = 0;
  int points_delta = 0;
  std::string reference;  // rule code, order number, reason
  std::string detail;     // redemption lines "SKU*2;SKU*1", minutes, ...
  std::int64_t at_ms = 0;  // 0: now
};

struct Entry {
  std::int64_t seq = 0;
  std::string uuid;
  std::string kiosk_id;
  std::int64_t kiosk_seq = 0;
  core::VillagerId villager_id = 0;
  core::EntryKind kind = core::EntryKind::CouncilAward;
  int score_delta = 0;
  int points_delta = 0;
  std::string reference;
  std::string detail;
  std::optional<std::int64_t> voids_seq;
  std::int64_t at_ms = 0;
  Hash hash{};
};

// Within ±core::kMaxBalance, kept so by checked 64-bit sums (core::addToBalance).
struct Balance {
  core::VillagerId villager_id = 0;
  std::int64_t score = core::kBaseScore;
  std::int64_t points = 0;
  std::int64_t entries = 0;
};

struct AppendResult {
  Entry entry;
  Balance balance;         // after the entry (for a duplicate: as it stands now)
  bool duplicate = false;  // the UUID was already recorded; nothing changed
};

enum class LedgerError {
  UnknownVillager,
  UnknownEntry,
  UnknownProduct,
  BadShape,            // deltas do not fit the kind (core::checkEntryShape)
  BadInput,            // over-long text, bad uuid, negative kiosk_seq
  UuidConflict,        // the UUID is recorded with different content
  SeqConflict,         // (kiosk_id, kiosk_seq) is taken by another entry
  InsufficientPoints,  // a redemption or booking would take points below zero
  OutOfRange,          // the entry would take a balance outside ±core::kMaxBalance
  Cart,                // the cart failed core::priceCart (see cart_problem)
  AlreadyVoided,
  CannotVoidVoid,
  Booking,             // the booking failed core::checkBooking (see booking_problem)
  Order,               // the order action failed core::applyOrderAction (see order_problem)
  NotFound,            // no such slot, booking, order or station
  Storage,             // SQLite failed (busy, I/O); nothing was written
};

struct LedgerFailure {
  LedgerError code = LedgerError::Storage;
  std::string message;
  std::optional<core::CartProblem> cart_problem;
  std::optional<core::BookingError> booking_problem;
  std::optional<core::OrderError> order_problem;
};

std::string_view toString(LedgerError e) noexcept;

// A refusal of `code` with its message, and the Storage failure of a SQLite error: the one way
// every repository says why nothing was written.
Err<LedgerFailure> failWith(LedgerError code, std::string message);
Err<LedgerFailure> failStorage(const DbError& e);

template <class T>
using LedgerResult = Result<T, LedgerFailure>;

struct AppendOptions {
  // The office merges kiosk entries even when two offline kiosks overdrew a balance; it
  // flags them instead of refusing.
  bool allow_overdraft = false;
};

struct RedemptionDraft {
  std::string uuid;  // empty: a new random UUID
  std::string kiosk_id = std::string(kOfficeKioskId);
  std::int64_t kiosk_seq = 0;
  core::VillagerId villager_id = 0;
  std::vector<core::CartLine> lines;
  std::string reference;  // order number shown on the receipt
  std::int64_t at_ms = 0;
};

// What a redemption is priced against and what its result reports as the balance: by default
// the ledger's own balance; on a kiosk, the villager's standing (the office's figures plus the
// kiosk's entries the office has not counted yet, db::KioskJournal::standing), since a kiosk's
// file holds only its own entries.
struct Spendable {
  std::int64_t score = core::kBaseScore;
  std::int64_t points = 0;
};

struct VoidDraft {
  std::string uuid;  // empty: a new random UUID
  std::string kiosk_id = std::string(kOfficeKioskId);
  std::int64_t kiosk_seq = 0;
  std::int64_t target_seq = 0;
  std::string reason;  // required
  std::int64_t at_ms = 0;
};

struct VerifyProgress {
  std::int64_t done = 0;
  std::int64_t total = 0;
};

struct VerifyReport {
  bool ok = true;
  std::int64_t entries_checked = 0;
  std::int64_t balances_checked = 0;
  std::int64_t products_checked = 0;
  int readers = 0;                            // connections that scanned the entries
  std::optional<std::int64_t> first_bad_seq;  // the first entry whose hash or shape fails
  std::vector<std::string> problems;          // plain sentences, first problem first
};

// How verify splits its scan of the entries. The defaults suit a town ledger; tests force
// several readers over a small one.
struct VerifyOptions {
  int readers = 0;                             // 0: one per core, 1 to 4
  std::int64_t min_range_entries = 1 << 18;    // fewer entries per reader: fewer readers
};

// Entry, booking and order ids: 1..max_len of [A-Za-z0-9-_.:].
bool validEntryId(std::string_view id, std::size_t max_len = 64) noexcept;

// A hash as 64 lower-case hex digits, and back (nullopt for anything else).
std::string hashToHex(const Hash& h);
std::optional<Hash> hashFromHex(std::string_view hex) noexcept;

// SHA-256 over the previous hash and the entry's fields (length-prefixed, integers LE).
Hash chainHash(const Hash& prev, const Entry& e);

// The hashed fields, borrowed, so that verify can hash rows straight from SQLite without
// copying them into an Entry. `kind` is the stored text.
struct EntryFields {
  std::int64_t seq = 0;
  std::string_view uuid;
  std::string_view kiosk_id;
  std::int64_t kiosk_seq = 0;
  std::int64_t villager_id = 0;
  std::string_view kind;
  std::int64_t score_delta = 0;
  std::int64_t points_delta = 0;
  std::string_view reference;
  std::string_view detail;
  std::optional<std::int64_t> voids_seq;
  std::int64_t at_ms = 0;
};
// Appends the bytes chainHash digests (prev, then the fields) to `out`.
void appendChainBytes(std::vector<std::uint8_t>& out, const Hash& prev, const EntryFields& f);
Hash chainHash(const Hash& prev, const EntryFields& f);

std::int64_t nowMs();

class Ledger {
 public:
  Ledger(Database& db, core::Settings settings);

  // Council events, volunteer hours and fund rewards. Redemptions, bookings and voids move
  // more than a balance and have their own paths (redeem, Services::book, voidEntry).
  LedgerResult<AppendResult> append(const EntryDraft& draft, AppendOptions opt = {});
  // Prices the cart against the catalog (core::priceCart: prices, limits, stock, eligibility
  // and the points to spend), takes the points and the stock in one transaction. The one
  // redemption path, for the office and the kiosk alike. With `against`, the cart is priced
  // against it and the result's balance is it, less this redemption; a retried UUID answers
  // with the first entry and `against` as it stands (it already counts that entry).
  LedgerResult<AppendResult> redeem(const RedemptionDraft& draft, AppendOptions opt = {},
                                    std::optional<Spendable> against = std::nullopt);
  // A reversing entry; the stock a redemption took goes back on the shelf and a booking's
  // place is given back.
  LedgerResult<AppendResult> voidEntry(const VoidDraft& draft);

  std::optional<Balance> balance(core::VillagerId id);
  std::optional<Entry> entryBySeq(std::int64_t seq);
  std::optional<Entry> entryByUuid(const std::string& uuid);
  std::vector<Entry> recentEntries(core::VillagerId id, int limit);
  std::int64_t entryCount();

  // Recomputes every balance and stock level from entries and movements, and walks the hash
  // chain. `progress` is called every few thousand entries. A ledger file is scanned by several
  // read-only connections at once, each over a range of seqs; the report reads the same.
  VerifyReport verify(const std::function<void(const VerifyProgress&)>& progress = {},
                      const VerifyOptions& options = {});

  const core::Settings& settings() const noexcept { return m_settings; }
  Database& database() noexcept { return m_db; }

  // For repositories that write an entry inside their own transaction (bookings, orders).
  // The caller holds a Transaction.
  LedgerResult<AppendResult> appendInTransaction(const EntryDraft& draft, AppendOptions opt,
                                                 std::optional<std::int64_t> voids_seq = {});

 private:
  LedgerResult<AppendResult> appendLocked(EntryDraft draft, AppendOptions opt,
                                          std::optional<std::int64_t> voids_seq);

  Database& m_db;
  core::Settings m_settings;
};

// Appends many entries inside the caller's transaction: the office merging a kiosk's batch.
// The chain tip and the balances it moves stay in memory between entries, and each balance is
// written once by finish(), so an entry costs one INSERT. Uniqueness of the UUID and of
// (kiosk_id, kiosk_seq) is left to the table's constraints; a refused INSERT is diagnosed
// then. Ownership: borrows the Ledger. Thread-safety: as the Ledger. Nothing else may write
// entries or balances while one is open; the caller rolls the transaction back on any error.
class BatchAppender {
 public:
  explicit BatchAppender(Ledger& ledger) noexcept : m_ledger(ledger) {}
  // `d.kiosk_seq` must be given (> 0). The overdraft is allowed (the caller flags it).
  LedgerResult<AppendResult> append(const EntryDraft& d, std::optional<std::int64_t> voids_seq);
  // Writes the balances moved. Call before committing.
  LedgerResult<bool> finish();

 private:
  struct Tip {
    std::int64_t seq = 0;
    Hash hash{};
  };
  struct MonthSums {
    std::int64_t score = 0, points = 0, entries = 0;
  };
  Ledger& m_ledger;
  std::optional<Tip> m_tip;
  std::unordered_map<core::VillagerId, Balance> m_balances;  // the villagers touched
  std::map<std::pair<core::VillagerId, int>, MonthSums> m_months;  // villager_months to add
};

// Adds one villager-month's change to villager_months (migration 0005: no trigger keeps it;
// whatever appends entries calls this in the same transaction).
DbStatus addVillagerMonth(Database& db, core::VillagerId villager, int month,
                          std::int64_t score_delta, std::int64_t points_delta, std::int64_t entries);

// Stored form of redemption lines: "SKU*2;SKU*1". Parsing caps the count and length.
std::string formatLines(std::span<const core::CartLine> lines);
std::optional<std::vector<core::CartLine>> parseLines(std::string_view text);

}  // namespace rc::db
