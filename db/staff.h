#pragma once
// The hub's staff in the ledger file: accounts (the office's; a synced kiosk mirrors them from
// the pull), PIN hashes, a kiosk's PIN lockouts, and the rows staff work adds besides entries
// that travel to the office: stock movements, day closes, lockout events (docs/staff.md).
// Ownership: borrows a Database. Thread-safety: as the Database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/staff.h"
#include "db/ledger.h"
#include "db/sqlite.h"

namespace rc::db {

struct StaffMember {
  std::int64_t id = 0;
  std::string name;
  std::string card_uid;
  core::StaffRole role = core::StaffRole::Keeper;
  std::string pin_hash;  // Argon2id (crypto_pwhash_str); empty: no PIN set yet
  bool disabled = false;
  bool operator==(const StaffMember&) const = default;
};

// How hard a PIN hash is to compute: the office uses Interactive (libsodium's interactive
// limits, ~0.1-0.5 s and 64 MiB); Minimal exists so tests stay fast. The cost is recorded in
// the hash, so verifying needs no choice.
enum class PinCost { Interactive, Minimal };
// The Argon2id hash string of a valid PIN; empty when the PIN is not six digits or hashing
// failed (out of memory).
std::string hashPin(std::string_view pin, PinCost cost = PinCost::Interactive);
// True when `pin` is the PIN of `hash`; false for an empty or malformed hash.
bool pinMatches(std::string_view hash, std::string_view pin);
// The same for any secret (a console password): the Argon2id hash string, empty when the
// secret is empty or hashing failed; and whether `secret` is the secret of `hash`.
std::string hashSecret(std::string_view secret, PinCost cost = PinCost::Interactive);
bool secretMatches(std::string_view hash, std::string_view secret);

// A staff stock movement: a restock (reason receive, delta > 0) or a stock count's difference
// (reason count, note says why), as the kiosk pushes it and the office records it.
struct StockMovementWire {
  std::string uuid;
  std::string sku;
  int delta = 0;
  std::string reason;  // receive | count
  std::string note;
  std::string staff_name;
  std::int64_t at_ms = 0;
  bool operator==(const StockMovementWire&) const = default;
};

// A day close (日结) as made on a kiosk: numbered per kiosk, over its entries first_seq..last_seq,
// with the chain's head after last_seq and the summary's canonical text (core::encodeDaySummary).
struct DayCloseRow {
  std::string kiosk_id;
  std::int64_t number = 0;
  std::string day;  // YYYY-MM-DD, China Standard Time, of the close
  std::int64_t first_seq = 1;
  std::int64_t last_seq = 0;
  Hash head_hash{};
  std::string summary;
  std::string staff_name;
  std::int64_t closed_at_ms = 0;
  bool operator==(const DayCloseRow&) const = default;
};

// A card locked by wrong PINs, reported to the office.
struct StaffEventRow {
  std::string uuid;
  std::string kiosk_id;
  std::string kind = "locked";
  std::string staff_name;
  std::string card_uid;
  int failures = 0;
  std::int64_t until_ms = 0;
  std::int64_t at_ms = 0;
  bool operator==(const StaffEventRow&) const = default;
};

// Records a staff stock movement (a restock or a stock count's difference) and moves the
// product's stock with it, once per uuid: the same movement again changes nothing and answers
// false. `outbox`: a synced kiosk, which pushes the movement to the office. Refused, changing
// nothing: an unknown SKU (UnknownProduct), a delta of 0 or past ±100,000, a reason other than
// receive or count, a movement taking the stock below zero (BadInput), a uuid held with other
// content (UuidConflict).
LedgerResult<bool> recordStockMovement(Database& db, const StockMovementWire& m,
                                       std::string_view kiosk_id, bool outbox);

// Records a staff event (a card locked by wrong PINs); `acked`: received from a kiosk (the
// office), else waiting for the next push. The same uuid again changes nothing.
DbStatus recordStaffEvent(Database& db, const StaffEventRow& e, bool acked);

// The last lockout a kiosk reported for a staff card (the office's staff_events), or nullopt.
std::optional<StaffEventRow> lastLockout(Database& db, std::string_view card_uid);
// A kiosk's staff events not yet acknowledged by the office, oldest first, at most `limit`.
std::vector<StaffEventRow> unackedStaffEvents(Database& db, std::string_view kiosk_id, int limit);

class StaffRepo {
 public:
  explicit StaffRepo(Database& db) noexcept : m_db(db) {}

  // Accounts (the office's file; a standalone kiosk reads the same rows).
  LedgerResult<StaffMember> add(const std::string& name, const std::string& card_uid,
                                core::StaffRole role, std::int64_t now_ms);
  LedgerResult<StaffMember> setPinHash(const std::string& name, const std::string& hash,
                                       std::int64_t now_ms);
  LedgerResult<StaffMember> setDisabled(const std::string& name, bool disabled,
                                        std::int64_t now_ms);
  std::vector<StaffMember> list();
  std::optional<StaffMember> byName(std::string_view name);
  std::optional<StaffMember> byCard(std::string_view card_uid);
  std::optional<StaffMember> byId(std::int64_t id);
  // A synced kiosk: a row as the office sent it (by id; name and card follow the office).
  DbStatus putPulled(const StaffMember& m, std::int64_t now_ms);

  // A kiosk's wrong PINs per card, kept across restarts.
  core::PinLock pinLock(std::string_view card_uid);
  DbStatus setPinLock(std::string_view card_uid, const core::PinLock& lock, std::int64_t now_ms);

 private:
  Database& m_db;
};

}  // namespace rc::db
