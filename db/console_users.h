#pragma once
// The office console's accounts (table console_users) and its audit log (console_audit).
// Passwords are stored as Argon2id hashes (db::hashPin); wrong ones lock the account by
// core::afterWrongPin, kept in the table so a restart does not reset it.
// Ownership: borrows the Database. Thread-safety: as the Database (one thread at a time).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/console.h"
#include "core/staff.h"
#include "db/ledger.h"
#include "db/sqlite.h"

namespace rc::db {

struct ConsoleUser {
  std::int64_t id = 0;
  std::string name;
  core::ConsoleRole role = core::ConsoleRole::Auditor;
  std::optional<std::int64_t> grid_id;  // a collector's grid
  std::string grid_name;                // "" unless a collector
  std::string password_hash;
  bool disabled = false;
  core::PinLock lock;
  std::int64_t created_at_ms = 0;
};

struct AuditRow {
  std::int64_t id = 0;
  std::int64_t at_ms = 0;
  std::string user;
  std::string action;
  std::string detail;
};

enum class LoginOutcome { Ok, WrongPassword, Locked, Disabled, UnknownUser };

struct LoginResult {
  LoginOutcome outcome = LoginOutcome::UnknownUser;
  std::optional<ConsoleUser> user;  // set when Ok
  std::int64_t locked_until_ms = 0; // when Locked (or this wrong password locked it)
  int tries_left = 0;               // when WrongPassword
};

class ConsoleUsers {
 public:
  explicit ConsoleUsers(Database& db) noexcept : m_db(db) {}

  // Adds a user; refused (Invalid) for a bad name or role/grid mismatch, a name already
  // taken, or an unknown grid. Writes the audit row "user add" as `by`.
  LedgerResult<ConsoleUser> add(const std::string& name, core::ConsoleRole role,
                                std::optional<std::int64_t> grid_id, const std::string& hash,
                                std::int64_t now_ms, std::string_view by);
  LedgerResult<ConsoleUser> setDisabled(const std::string& name, bool disabled, std::int64_t now_ms,
                                        std::string_view by);
  LedgerResult<ConsoleUser> setPasswordHash(const std::string& name, const std::string& hash,
                                            std::int64_t now_ms, std::string_view by);
  std::vector<ConsoleUser> list();
  std::optional<ConsoleUser> byName(std::string_view name);
  std::optional<ConsoleUser> byId(std::int64_t id);

  // Checks a password and keeps the lockout: a locked or disabled account is refused without
  // looking at the password; a wrong one counts; a right one clears the count.
  Result<LoginResult, DbError> login(std::string_view name, std::string_view password,
                                     std::int64_t now_ms);

  // The audit log: one row per change made (newest first in `audit`).
  DbStatus audit(std::string_view user, std::string_view action, std::string_view detail,
                 std::int64_t now_ms);
  std::vector<AuditRow> auditLog(int limit, std::int64_t before_id = 0);

 private:
  std::optional<ConsoleUser> select(std::string_view where, std::string_view key, std::int64_t id);
  Database& m_db;
};

// The grid of this name or number ("第一网格" or "1"); nullopt when there is none.
std::optional<std::int64_t> gridIdByName(Database& db, std::string_view name);

}  // namespace rc::db
