#pragma once
// Thin RAII over the SQLite C API: one class per handle (Database, Statement) plus a
// Transaction that rolls back unless committed. Errors at runtime are DbError values;
// constructors that cannot produce a usable object throw DbException (start-up only).
// Thread-safety: a Database and its statements belong to one thread at a time.

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace rc::db {

enum class DbErrorCode {
  CannotOpen,   // missing file, permissions, not a database
  Busy,         // another writer held the lock past the busy timeout
  Constraint,   // a constraint or trigger refused the change
  Corrupt,      // the file is damaged
  Io,           // disk I/O, disk full
  Misuse,       // a programming error: bad SQL, wrong bind index
  Other,
};

struct DbError {
  DbErrorCode code = DbErrorCode::Other;
  std::string message;
};

class DbException : public std::runtime_error {
 public:
  explicit DbException(DbError e) : std::runtime_error(e.message), m_error(std::move(e)) {}
  const DbError& error() const noexcept { return m_error; }

 private:
  DbError m_error;
};

using DbStatus = Status<DbError>;

class Statement;

enum class OpenMode {
  ReadWriteCreate,  // create the file when absent
  ReadWrite,        // the file must exist
  ReadOnly,
};

class Database {
 public:
  // Opens with the ledger's pragmas: WAL, synchronous=FULL, foreign_keys=ON, busy timeout.
  // Throws DbException when the file cannot be opened or is not a database.
  explicit Database(const std::string& path, OpenMode mode = OpenMode::ReadWriteCreate,
                    int busy_timeout_ms = 5000);
  ~Database();
  Database(Database&&) noexcept;
  Database& operator=(Database&&) noexcept;
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // Runs one or more statements with no parameters and no rows (schema, pragmas).
  DbStatus exec(std::string_view sql);
  // Prepares one statement; a bad statement is a Misuse error, raised as DbException since it
  // is a programming error, never input-dependent.
  Statement prepare(std::string_view sql);
  // A statement prepared once per connection and reused; reset when the handle goes out of
  // scope. Not re-entrant: one live handle per SQL text at a time.
  class CachedStatement cached(std::string_view sql);

  std::int64_t lastInsertRowid() const noexcept;
  int changes() const noexcept;
  bool inTransaction() const noexcept;
  const std::string& path() const noexcept { return m_path; }
  sqlite3* handle() const noexcept { return m_db.get(); }

  DbError lastError() const;

 private:
  struct Closer {
    void operator()(sqlite3* db) const noexcept;
  };
  std::unique_ptr<sqlite3, Closer> m_db;
  std::string m_path;
  // Declared after m_db so statements are finalized before the connection closes.
  std::unordered_map<std::string, std::unique_ptr<Statement>> m_cache;
};

// A prepared statement. Bind indexes are 1-based; columns 0-based.
class Statement {
 public:
  Statement(sqlite3* conn, sqlite3_stmt* stmt) noexcept;
  ~Statement();
  Statement(Statement&&) noexcept;
  Statement& operator=(Statement&&) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bindBlob(int index, const void* data, std::size_t size);
  Statement& bindNull(int index);
  Statement& bind(int index, std::nullopt_t) { return bindNull(index); }
  template <class T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bindNull(index);
  }

  // Advances: true with a row, false when done; errors come back as values.
  Result<bool, DbError> step();
  // For statements without rows.
  DbStatus run();
  void reset() noexcept;  // also clears bindings

  std::int64_t columnInt(int col) const noexcept;
  std::string columnText(int col) const;
  std::string_view columnTextView(int col) const noexcept;  // valid until the next step
  std::string_view columnBlob(int col) const noexcept;      // valid until the next step
  bool columnIsNull(int col) const noexcept;

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* s) const noexcept;
  };
  sqlite3* m_conn;
  std::unique_ptr<sqlite3_stmt, Finalizer> m_stmt;
};

// A borrowed cached statement, reset (and its bindings cleared) when it goes out of scope.
class CachedStatement {
 public:
  explicit CachedStatement(Statement& s) noexcept : m_s(&s) {}
  ~CachedStatement() {
    if (m_s) m_s->reset();
  }
  CachedStatement(CachedStatement&& o) noexcept : m_s(std::exchange(o.m_s, nullptr)) {}
  CachedStatement& operator=(CachedStatement&&) = delete;
  CachedStatement(const CachedStatement&) = delete;
  CachedStatement& operator=(const CachedStatement&) = delete;
  Statement* operator->() noexcept { return m_s; }
  Statement& operator*() noexcept { return *m_s; }

 private:
  Statement* m_s;
};

// BEGIN IMMEDIATE (or a SAVEPOINT when already inside a transaction) that rolls back in the
// destructor unless commit() succeeded.
class Transaction {
 public:
  // Throws DbException when the transaction cannot begin (busy past the timeout, I/O).
  explicit Transaction(Database& db);
  static Result<std::unique_ptr<Transaction>, DbError> begin(Database& db);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  DbStatus commit();

 private:
  struct Adopt {};
  Transaction(Database& db, bool nested, Adopt) noexcept : m_db(db), m_nested(nested) {}
  Database& m_db;
  bool m_nested = false;
  bool m_done = false;
};

}  // namespace rc::db
