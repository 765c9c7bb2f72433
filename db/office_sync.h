#pragma once
// The office's half of sync: enrolled kiosks and their nonces, merging a kiosk's pushed batch
// exactly once, the reconciliation list of what a merge broke, and pages of changes to pull.
// Ownership: borrows a Ledger (and its Database). Thread-safety: as the Database (the server
// serializes requests onto one connection).

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/ledger.h"
#include "db/sync_types.h"

namespace rc::db {

enum class PushError {
  Gap,           // the batch starts past the next expected seq, or skips one
  UuidConflict,  // a UUID already recorded with different content
  SeqConflict,   // (kiosk_id, seq) already recorded with another entry
  Rejected,      // the entry cannot be recorded at all (a kind a kiosk may not push, bad shape, ...)
  ChainBreak,    // the entries do not extend the kiosk's chain as the office holds it
  Storage,
};

struct PushFailure {
  PushError code = PushError::Storage;
  std::string message;
  std::int64_t held = 0;  // the highest contiguous seq held for the kiosk
};

struct PushOutcome {
  std::int64_t held = 0;
  int applied = 0;
  int duplicates = 0;
  int flagged = 0;  // reconciliation items noted for this batch
  int events = 0;   // service events newly applied
  int staff = 0;    // staff work newly recorded (stock movements, day closes, staff events)
};

// A line of the staff list (staff_reconciliation): staff work a kiosk pushed that the office
// could not take as it was.
struct StaffProblem {
  std::string problem;  // unknown_product | close_conflict | refused_movement
  std::string subject;  // the movement's or event's uuid, or the close's number (Z-0001)
  std::string kiosk_id;
  std::string note;
  std::int64_t noted_at_ms = 0;
};

// A line of the service reconciliation list (rc-office overdrafts).
struct ServiceProblem {
  std::string problem;  // oversold | claim_lost | refused_event
  std::string subject_uuid;
  core::VillagerId villager_id = 0;
  std::string villager_name;
  std::string kiosk_id;
  std::string note;
  std::int64_t at_ms = 0;
};

struct ReconciliationItem {
  std::int64_t entry_seq = 0;
  std::string problem;  // overdraft | stock | unknown_product | price
  core::VillagerId villager_id = 0;
  std::string villager_name;
  std::string kiosk_id;
  std::string entry_uuid;
  std::int64_t points_after = 0;
  std::string note;
  std::int64_t at_ms = 0;
};

// A kiosk entry the office refused (docs/sync-protocol.md): never in the ledger; its seq held.
struct RefusedEntry {
  std::string kiosk_id;
  std::int64_t kiosk_seq = 0;
  std::string uuid;
  core::VillagerId villager_id = 0;
  std::string villager_name;  // empty for an unknown villager
  std::string kind;
  std::int64_t score_delta = 0;
  std::int64_t points_delta = 0;
  std::int64_t at_ms = 0;
  std::string reason;
};

// An enrolled kiosk, as `rc-office kiosks` lists it.
struct KioskRow {
  std::string id;
  std::int64_t enrolled_at_ms = 0;
  std::optional<std::int64_t> revoked_at_ms;  // set: its requests are refused (401)
  std::int64_t held = 0;                      // its entries the office holds: 1..held
  // The last push refused because it did not extend the kiosk's chain: needs a person.
  std::optional<std::int64_t> chain_break_at_ms;
  std::string chain_break;
  // The last signed request of the kiosk the office accepted; nullopt: never since enrolled.
  std::optional<std::int64_t> last_contact_ms;
};

std::string_view toString(PushError e) noexcept;

class OfficeSync {
 public:
  explicit OfficeSync(Ledger& ledger) noexcept : m_ledger(ledger), m_db(ledger.database()) {}

  // Kiosk identities. An id is 1..64 of [A-Za-z0-9-_.:] and never "office".
  DbStatus enrollKiosk(const std::string& kiosk_id, const std::array<std::uint8_t, 32>& public_key,
                       std::int64_t now_ms);
  // The key of an enrolled kiosk that is not revoked.
  std::optional<std::array<std::uint8_t, 32>> kioskKey(const std::string& kiosk_id);
  // From now on the kiosk's requests are refused; what it pushed before stays in the ledger.
  // False when no such kiosk is enrolled or it was already revoked.
  Result<bool, DbError> revokeKiosk(const std::string& kiosk_id, std::int64_t now_ms);
  std::vector<KioskRow> kiosks();
  // Remembers a nonce; false when it was already seen. Forgets nonces older than `keep_ms`.
  // A fresh nonce is the kiosk's contact: its row's last_contact_ms becomes now_ms.
  Result<bool, DbError> rememberNonce(const std::string& kiosk_id, const std::string& nonce,
                                      std::int64_t now_ms, std::int64_t keep_ms);

  // The highest seq held for the kiosk; seqs 1..held are all present (gaps are refused).
  std::int64_t heldSeq(const std::string& kiosk_id);
  // A refusal of the batch's first new entry is recorded (refusedEntries) and holds its seq:
  // the failure's `held` then includes it, so the kiosk goes on with the entries after it.
  // Applies a batch in one transaction: entries already held are compared and skipped, new
  // ones are recorded (redemptions with overdraft allowed, and flagged), a gap or conflict
  // refuses the whole batch and changes nothing. Only what a kiosk records is taken
  // (core::checkKioskEntry; voids of its own entries), each new entry must extend the kiosk's
  // hash chain as last recorded (a refusal for that is noted on the kiosk's row), and a
  // redemption charged at other than the catalog's prices is recorded and flagged ('price').
  // Service events (bookings, cancellations, requests, order actions) are applied after the
  // batch's entries in the same transaction, each once (docs/sync-protocol.md "Service
  // events"): the office keeps a slot's earliest arrivals and cancels an oversold booking
  // itself (refund by its own void, a notice, a line `oversold`), the first claim wins (a later
  // one is a `claim_lost` notice and line), a confirm credits the claimer's hours here. An
  // event the rules refuse is a `refused_event` line; none is dropped silently. So is each
  // event the office could not read (`unreadable`), while the rest of the push applies.
  // Staff work (docs/sync-protocol.md "Staff work") is applied last, each item once: stock
  // movements move the shelves (an unknown product, or a count taking a shelf below zero, is
  // a line on the staff list instead), day closes are kept (another close under a number
  // already held is a `close_conflict` line), lockouts are kept; an item the office could not
  // read (`unreadable_staff`) is a line too. None of it refuses the push.
  Result<PushOutcome, PushFailure> applyBatch(
      const std::string& kiosk_id, std::span<const WireEntry> batch,
      std::span<const ServiceEvent> events = {}, std::span<const UnreadableEvent> unreadable = {},
      const StaffWork& staff = {}, std::span<const UnreadableStaffItem> unreadable_staff = {});

  // Changes after `since`, at most `max_rows` rows per topic, from one read snapshot.
  Result<PullPage, DbError> pull(const std::string& kiosk_id, const PullCursor& since,
                                 std::int64_t max_rows);

  std::vector<ReconciliationItem> reconciliation();
  std::vector<ServiceProblem> serviceProblems();
  // Kiosk entries refused as the first new entry of a push, oldest refusal first.
  std::vector<RefusedEntry> refusedEntries();
  // The staff list (staff_reconciliation), oldest first.
  std::vector<StaffProblem> staffProblems();

 private:
  struct Merge;  // what one batch keeps in memory between its entries
  // The first new entry of a batch, refused: what holdRefused records.
  struct Refusal {
    WireEntry entry;
    std::string reason;
    Hash head{};  // the kiosk's chain head before it
    bool head_known = true;
  };
  Result<PushOutcome, PushFailure> mergeBatch(const std::string& kiosk_id,
                                              std::span<const WireEntry> batch,
                                              std::span<const ServiceEvent> events,
                                              std::span<const UnreadableEvent> unreadable,
                                              const StaffWork& staff,
                                              std::span<const UnreadableStaffItem> unreadable_staff,
                                              std::optional<Refusal>& refusal);
  // Applies staff work inside the batch's transaction; the count of items newly recorded.
  Result<int, PushFailure> applyStaffWork(const std::string& kiosk_id, const StaffWork& staff,
                                          std::span<const UnreadableStaffItem> unreadable,
                                          int& flagged);
  DbStatus noteStaffProblem(std::string_view problem, const std::string& subject,
                            const std::string& kiosk_id, const std::string& note);
  // Applies the events inside the batch's transaction; the count of those newly applied.
  Result<int, PushFailure> applyEvents(const std::string& kiosk_id,
                                       std::span<const ServiceEvent> events, int& flagged);
  Result<bool, DbError> pullServices(std::int64_t lo, std::int64_t hi, PullPage& page);
  // Records the refusal and moves the kiosk's head past it; false when the entry does not
  // extend the kiosk's chain (then nothing is recorded and the push stays refused).
  Result<bool, DbError> holdRefused(const std::string& kiosk_id, const Refusal& refusal);
  Result<bool, PushFailure> applyOne(Merge& merge, const std::string& kiosk_id,
                                     const WireEntry& w, std::int64_t& held, int& flagged);
  Result<bool, PushFailure> compareHeld(const std::string& kiosk_id, const WireEntry& w);
  DbStatus flag(std::int64_t seq, std::string_view problem, core::VillagerId villager,
                const std::string& kiosk_id, std::int64_t points_after, const std::string& note);
  Result<bool, DbError> pullRoster(std::int64_t lo, std::int64_t hi, PullPage& page);

  Ledger& m_ledger;
  Database& m_db;
};

// Kiosk ids (and names given to enroll-kiosk).
bool validKioskId(std::string_view id) noexcept;

// The highest seq of the kiosk the file holds, recorded or refused (1..held, no gaps).
std::int64_t kioskHeldSeq(Database& db, std::string_view kiosk_id);

// The hash a kiosk's own file gives the entry `w` after `prev`: a kiosk's file holds only its
// own entries, so an entry's seq there is its kiosk_seq, and a void names its target by the
// target's kiosk_seq (`target_kiosk_seq`). What the office checks each push against.
Hash kioskChainHash(const Hash& prev, std::string_view kiosk_id, const WireEntry& w,
                    std::optional<std::int64_t> target_kiosk_seq);

}  // namespace rc::db
