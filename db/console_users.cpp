// ConsoleUsers. Section index: users · login · audit
#include "db/console_users.h"

#include <algorithm>

#include "core/text.h"
#include "db/staff.h"

namespace rc::db {
namespace {

constexpr const char* kUserColumns =
    "SELECT u.id, u.name, u.role, u.grid_id, COALESCE(g.name, ''), u.password_hash, u.disabled, "
    "u.failures, u.locked_until_ms, u.created_at_ms FROM console_users u "
    "LEFT JOIN grids g ON g.id = u.grid_id ";

ConsoleUser readUser(const Statement& st) {
  ConsoleUser u;
  u.id = st.columnInt(0);
  u.name = st.columnText(1);
  u.role = core::consoleRoleFromString(st.columnTextView(2)).value_or(core::ConsoleRole::Auditor);
  if (!st.columnIsNull(3)) u.grid_id = st.columnInt(3);
  u.grid_name = st.columnText(4);
  u.password_hash = st.columnText(5);
  u.disabled = st.columnInt(6) != 0;
  u.lock.failures = static_cast<int>(std::min<std::int64_t>(st.columnInt(7), 1'000'000));
  u.lock.locked_until_ms = st.columnInt(8);
  u.created_at_ms = st.columnInt(9);
  return u;
}

Err<LedgerFailure> storage(const DbError& e) { return failStorage(e); }

}  // namespace

std::optional<std::int64_t> gridIdByName(Database& db, std::string_view name) {
  auto st = db.prepare("SELECT id FROM grids WHERE name = ?1 OR CAST(id AS TEXT) = ?1");
  st.bind(1, name);
  auto row = st.step();
  if (!row || !*row) return std::nullopt;
  return st.columnInt(0);
}

// ---- users ---------------------------------------------------------------------------------

std::optional<ConsoleUser> ConsoleUsers::select(std::string_view where, std::string_view key,
                                                std::int64_t id) {
  auto st = m_db.prepare(std::string(kUserColumns) + std::string(where));
  if (key.empty()) {
    st.bind(1, id);
  } else {
    st.bind(1, key);
  }
  auto row = st.step();
  if (!row || !*row) return std::nullopt;
  return readUser(st);
}

std::optional<ConsoleUser> ConsoleUsers::byName(std::string_view name) {
  if (name.empty()) return std::nullopt;
  return select("WHERE u.name = ?1", name, 0);
}

std::optional<ConsoleUser> ConsoleUsers::byId(std::int64_t id) {
  return select("WHERE u.id = ?1", {}, id);
}

std::vector<ConsoleUser> ConsoleUsers::list() {
  std::vector<ConsoleUser> out;
  auto st = m_db.prepare(std::string(kUserColumns) + "ORDER BY u.id");
  while (true) {
    auto row = st.step();
    if (!row || !*row) break;
    out.push_back(readUser(st));
  }
  return out;
}

LedgerResult<ConsoleUser> ConsoleUsers::add(const std::string& name, core::ConsoleRole role,
                                            std::optional<std::int64_t> grid_id,
                                            const std::string& hash, std::int64_t now_ms,
                                            std::string_view by) {
  if (!core::validConsoleUserName(name)) {
    return failWith(LedgerError::BadInput,
                    "a user name is 1 to 32 bytes of text without control characters");
  }
  if ((role == core::ConsoleRole::Collector) != grid_id.has_value()) {
    return failWith(LedgerError::BadInput, role == core::ConsoleRole::Collector
                                               ? "a collector needs the grid they collect for"
                                               : "only a collector has a grid");
  }
  if (hash.empty() || hash.size() > 200) return failWith(LedgerError::BadInput, "no password hash");
  if (byName(name)) return failWith(LedgerError::BadInput, "there is already a user named " + name);
  Transaction tx(m_db);
  auto st = m_db.prepare(
      "INSERT INTO console_users (name, role, grid_id, password_hash, created_at_ms) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  st.bind(1, name).bind(2, core::toString(role)).bind(3, grid_id).bind(4, hash).bind(5, now_ms);
  if (auto r = st.run(); !r) {
    return r.error().code == DbErrorCode::Constraint
               ? failWith(LedgerError::BadInput, "no such grid")
               : storage(r.error());
  }
  std::string detail = name + " (" + std::string(core::toString(role));
  if (grid_id) detail += ", grid " + std::to_string(*grid_id);
  detail += ")";
  if (auto r = audit(by, "user add", detail, now_ms); !r) return storage(r.error());
  if (auto r = tx.commit(); !r) return storage(r.error());
  return *byName(name);
}

LedgerResult<ConsoleUser> ConsoleUsers::setDisabled(const std::string& name, bool disabled,
                                                    std::int64_t now_ms, std::string_view by) {
  if (!byName(name)) return failWith(LedgerError::NotFound, "no user named " + name);
  Transaction tx(m_db);
  auto st = m_db.prepare("UPDATE console_users SET disabled = ?2 WHERE name = ?1");
  st.bind(1, name).bind(2, disabled ? 1 : 0);
  if (auto r = st.run(); !r) return storage(r.error());
  if (auto r = audit(by, disabled ? "user disable" : "user enable", name, now_ms); !r) {
    return storage(r.error());
  }
  if (auto r = tx.commit(); !r) return storage(r.error());
  return *byName(name);
}

LedgerResult<ConsoleUser> ConsoleUsers::setPasswordHash(const std::string& name,
                                                        const std::string& hash,
                                                        std::int64_t now_ms, std::string_view by) {
  if (!byName(name)) return failWith(LedgerError::NotFound, "no user named " + name);
  if (hash.empty() || hash.size() > 200) return failWith(LedgerError::BadInput, "no password hash");
  Transaction tx(m_db);
  auto st = m_db.prepare(
      "UPDATE console_users SET password_hash = ?2, failures = 0, locked_until_ms = 0 "
      "WHERE name = ?1");
  st.bind(1, name).bind(2, hash);
  if (auto r = st.run(); !r) return storage(r.error());
  if (auto r = audit(by, "user password", name, now_ms); !r) return storage(r.error());
  if (auto r = tx.commit(); !r) return storage(r.error());
  return *byName(name);
}

// ---- login ---------------------------------------------------------------------------------

Result<LoginResult, DbError> ConsoleUsers::login(std::string_view name, std::string_view password,
                                                 std::int64_t now_ms) {
  LoginResult out;
  auto user = byName(name);
  if (!user) {
    // The same work as a real check, so a wrong name takes as long as a wrong password.
    static const std::string dummy = hashSecret("not a password", PinCost::Minimal);
    (void)secretMatches(dummy, password);
    out.outcome = LoginOutcome::UnknownUser;
    return out;
  }
  if (user->disabled) {
    out.outcome = LoginOutcome::Disabled;
    return out;
  }
  if (core::pinLocked(user->lock, now_ms)) {
    out.outcome = LoginOutcome::Locked;
    out.locked_until_ms = user->lock.locked_until_ms;
    return out;
  }
  const bool right = secretMatches(user->password_hash, password);
  const core::PinLock lock = right ? core::PinLock{} : core::afterWrongPin(user->lock, now_ms);
  auto st = m_db.prepare(
      "UPDATE console_users SET failures = ?2, locked_until_ms = ?3 WHERE id = ?1");
  st.bind(1, user->id).bind(2, lock.failures).bind(3, lock.locked_until_ms);
  if (auto r = st.run(); !r) return err(r.error());
  user->lock = lock;
  if (right) {
    out.outcome = LoginOutcome::Ok;
    out.user = std::move(*user);
  } else if (core::pinLocked(lock, now_ms)) {
    out.outcome = LoginOutcome::Locked;
    out.locked_until_ms = lock.locked_until_ms;
  } else {
    out.outcome = LoginOutcome::WrongPassword;
    out.tries_left = core::pinTriesLeft(lock);
  }
  return out;
}

// ---- audit ---------------------------------------------------------------------------------

DbStatus ConsoleUsers::audit(std::string_view user, std::string_view action,
                             std::string_view detail, std::int64_t now_ms) {
  auto st = m_db.prepare(
      "INSERT INTO console_audit (at_ms, user, action, detail) VALUES (?1, ?2, ?3, ?4)");
  st.bind(1, now_ms).bind(2, user.substr(0, 64)).bind(3, action.substr(0, 64));
  st.bind(4, core::utf8Prefix(detail, 2000));
  return st.run();
}

std::vector<AuditRow> ConsoleUsers::auditLog(int limit, std::int64_t before_id) {
  std::vector<AuditRow> out;
  auto st = m_db.prepare(
      "SELECT id, at_ms, user, action, detail FROM console_audit "
      "WHERE ?2 = 0 OR id < ?2 ORDER BY id DESC LIMIT ?1");
  st.bind(1, std::clamp(limit, 1, 1000)).bind(2, before_id);
  while (true) {
    auto row = st.step();
    if (!row || !*row) break;
    out.push_back({st.columnInt(0), st.columnInt(1), st.columnText(2), st.columnText(3),
                   st.columnText(4)});
  }
  return out;
}

}  // namespace rc::db
