#include "db/sqlite.h"

#include <sqlite3.h>

namespace rc::db {
namespace {

DbErrorCode codeFor(int rc) noexcept {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return DbErrorCode::Busy;
    case SQLITE_CONSTRAINT: return DbErrorCode::Constraint;
    case SQLITE_CORRUPT: return DbErrorCode::Corrupt;
    case SQLITE_IOERR:
    case SQLITE_FULL: return DbErrorCode::Io;
    case SQLITE_CANTOPEN:
    case SQLITE_NOTADB:  // not ours (e.g. a text file), as sqlite.h documents; not damage
    case SQLITE_PERM:
    case SQLITE_READONLY: return DbErrorCode::CannotOpen;
    case SQLITE_MISUSE:
    case SQLITE_ERROR:
    case SQLITE_RANGE: return DbErrorCode::Misuse;
    default: return DbErrorCode::Other;
  }
}

DbError errorFrom(sqlite3* db, int rc) {
  const char* msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  return DbError{codeFor(rc), msg ? msg : "unknown SQLite error"};
}

}  // namespace

void Database::Closer::operator()(sqlite3* db) const noexcept { sqlite3_close_v2(db); }

Database::Database(const std::string& path, OpenMode mode, int busy_timeout_ms) : m_path(path) {
  int flags = SQLITE_OPEN_NOMUTEX;
  switch (mode) {
    case OpenMode::ReadWriteCreate: flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
    case OpenMode::ReadWrite: flags |= SQLITE_OPEN_READWRITE; break;
    case OpenMode::ReadOnly: flags |= SQLITE_OPEN_READONLY; break;
  }
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  m_db.reset(raw);
  if (rc != SQLITE_OK) {
    DbError e = errorFrom(raw, rc);
    e.code = DbErrorCode::CannotOpen;
    throw DbException(std::move(e));
  }
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  // Reading the schema proves the file is a database before anything else touches it.
  if (auto st = exec("SELECT count(*) FROM sqlite_schema"); !st) {
    throw DbException(st.error());
  }
  if (mode != OpenMode::ReadOnly) {
    // WAL + FULL: a commit that returned is on disk, and readers never block the writer.
    if (auto st = exec("PRAGMA journal_mode=WAL"); !st) throw DbException(st.error());
  }
  if (auto st = exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"); !st) {
    throw DbException(st.error());
  }
}

Database::~Database() = default;
Database::Database(Database&&) noexcept = default;
Database& Database::operator=(Database&&) noexcept = default;

DbStatus Database::exec(std::string_view sql) {
  const std::string owned(sql);
  char* errmsg = nullptr;
  const int rc = sqlite3_exec(m_db.get(), owned.c_str(), nullptr, nullptr, &errmsg);
  if (rc != SQLITE_OK) {
    DbError e{codeFor(rc), errmsg ? errmsg : sqlite3_errstr(rc)};
    sqlite3_free(errmsg);
    return err(std::move(e));
  }
  return Ok{};
}

Statement Database::prepare(std::string_view sql) {
  sqlite3_stmt* stmt = nullptr;
  const int rc = sqlite3_prepare_v3(m_db.get(), sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) {
    DbError e = errorFrom(m_db.get(), rc);
    e.message += " in: " + std::string(sql.substr(0, 120));
    throw DbException(std::move(e));
  }
  return Statement(m_db.get(), stmt);
}

CachedStatement Database::cached(std::string_view sql) {
  std::string key(sql);
  auto it = m_cache.find(key);
  if (it == m_cache.end()) {
    it = m_cache.emplace(std::move(key), std::make_unique<Statement>(prepare(sql))).first;
  }
  return CachedStatement(*it->second);
}

std::int64_t Database::lastInsertRowid() const noexcept {
  return sqlite3_last_insert_rowid(m_db.get());
}
int Database::changes() const noexcept { return sqlite3_changes(m_db.get()); }
bool Database::inTransaction() const noexcept { return sqlite3_get_autocommit(m_db.get()) == 0; }
DbError Database::lastError() const {
  return errorFrom(m_db.get(), sqlite3_extended_errcode(m_db.get()));
}

void Statement::Finalizer::operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }

Statement::Statement(sqlite3* conn, sqlite3_stmt* stmt) noexcept : m_conn(conn), m_stmt(stmt) {}
Statement::~Statement() = default;
Statement::Statement(Statement&&) noexcept = default;
Statement& Statement::operator=(Statement&&) noexcept = default;

namespace {
void checkBind(sqlite3* conn, int rc) {
  if (rc != SQLITE_OK) throw DbException(errorFrom(conn, rc));
}
}  // namespace

Statement& Statement::bind(int index, std::int64_t value) {
  checkBind(m_conn, sqlite3_bind_int64(m_stmt.get(), index, value));
  return *this;
}
Statement& Statement::bind(int index, std::string_view text) {
  checkBind(m_conn, sqlite3_bind_text64(m_stmt.get(), index, text.data(), text.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}
Statement& Statement::bindBlob(int index, const void* data, std::size_t size) {
  checkBind(m_conn, sqlite3_bind_blob64(m_stmt.get(), index, data, size, SQLITE_TRANSIENT));
  return *this;
}
Statement& Statement::bindNull(int index) {
  checkBind(m_conn, sqlite3_bind_null(m_stmt.get(), index));
  return *this;
}

Result<bool, DbError> Statement::step() {
  const int rc = sqlite3_step(m_stmt.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  DbError e = errorFrom(m_conn, rc);
  sqlite3_reset(m_stmt.get());
  return err(std::move(e));
}

DbStatus Statement::run() {
  auto r = step();
  reset();
  if (!r) return err(r.error());
  return Ok{};
}

void Statement::reset() noexcept {
  sqlite3_reset(m_stmt.get());
  sqlite3_clear_bindings(m_stmt.get());
}

std::int64_t Statement::columnInt(int col) const noexcept {
  return sqlite3_column_int64(m_stmt.get(), col);
}
std::string Statement::columnText(int col) const { return std::string(columnTextView(col)); }
std::string_view Statement::columnTextView(int col) const noexcept {
  const auto* p = sqlite3_column_text(m_stmt.get(), col);
  const int n = sqlite3_column_bytes(m_stmt.get(), col);
  return p ? std::string_view(reinterpret_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string_view();
}
std::string_view Statement::columnBlob(int col) const noexcept {
  const void* p = sqlite3_column_blob(m_stmt.get(), col);
  const int n = sqlite3_column_bytes(m_stmt.get(), col);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(n))
           : std::string_view();
}
bool Statement::columnIsNull(int col) const noexcept {
  return sqlite3_column_type(m_stmt.get(), col) == SQLITE_NULL;
}

Transaction::Transaction(Database& db) : m_db(db), m_nested(db.inTransaction()) {
  auto st = m_db.exec(m_nested ? "SAVEPOINT rc_tx" : "BEGIN IMMEDIATE");
  if (!st) throw DbException(st.error());
}

Result<std::unique_ptr<Transaction>, DbError> Transaction::begin(Database& db) {
  const bool nested = db.inTransaction();
  auto st = db.exec(nested ? "SAVEPOINT rc_tx" : "BEGIN IMMEDIATE");
  if (!st) return err(st.error());
  return std::unique_ptr<Transaction>(new Transaction(db, nested, Adopt{}));
}

Transaction::~Transaction() {
  if (m_done) return;
  if (m_nested) {
    (void)m_db.exec("ROLLBACK TO rc_tx; RELEASE rc_tx");
  } else {
    (void)m_db.exec("ROLLBACK");
  }
}

DbStatus Transaction::commit() {
  auto st = m_db.exec(m_nested ? "RELEASE rc_tx" : "COMMIT");
  if (st) m_done = true;
  return st;
}

}  // namespace rc::db
