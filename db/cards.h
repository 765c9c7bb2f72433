#pragma once
// Villagers' cards as the office keeps them: IC and ID cards bound by their uid, QR cards by
// serial (uid "Q" + the serial zero-padded to six digits: "Q000123"), revocations with their
// reason. Kiosks receive the rows (without serial and reason) through the pull.
// Not thread-safe: one connection per thread, as db::Database.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/types.h"
#include "db/sqlite.h"

namespace rc::db {

struct CardInfo {
  std::string uid;
  core::VillagerId villager_id = 0;
  std::string kind;  // ic | id | qr | staff
  std::int64_t issued_at_ms = 0;
  std::optional<std::int64_t> revoked_at_ms;
  std::optional<std::int64_t> serial;  // QR cards
  std::string revoke_reason;
  bool revoked() const noexcept { return revoked_at_ms.has_value(); }
};

// "Q000123" for serial 123 (serials past 999999 take more digits).
std::string qrCardUid(std::int64_t serial);
// The serial in "Q000123", "q123" or "000123"; nullopt for anything else (or 0, or > 2^32-1).
std::optional<std::int64_t> qrCardSerial(std::string_view text);

class Cards {
 public:
  explicit Cards(Database& db) : m_db(db) {}

  std::optional<CardInfo> byUid(const std::string& uid);
  // Every card of the villager, oldest first.
  std::vector<CardInfo> ofVillager(core::VillagerId id);
  // A new QR card with the next serial (never reused). Run it inside the caller's transaction.
  Result<CardInfo, DbError> addQr(core::VillagerId villager, std::int64_t at_ms);
  // An IC or ID card (kind "ic" | "id").
  DbStatus add(const std::string& uid, core::VillagerId villager, std::string_view kind,
               std::int64_t at_ms);
  // Sets revoked_at_ms and the reason of a card not yet revoked.
  DbStatus revoke(const std::string& uid, std::int64_t at_ms, const std::string& reason);

 private:
  using Key = std::variant<std::int64_t, std::string>;
  std::vector<CardInfo> select(std::string_view where, const Key& key);
  Database& m_db;
};

}  // namespace rc::db
