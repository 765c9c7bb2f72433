#include "db/schema.h"

#include <string>
#include <string_view>

namespace rc::db {

int schemaVersion(Database& db) {
  auto st = db.prepare("PRAGMA user_version");
  auto row = st.step();
  return row && *row ? static_cast<int>(st.columnInt(0)) : 0;
}

DbStatus migrate(Database& db) {
  const auto& all = migrations();
  const int current = schemaVersion(db);
  if (current > static_cast<int>(all.size())) {
    return err(DbError{DbErrorCode::Misuse, "the database was written by a newer version (schema " +
                                                std::to_string(current) + ")"});
  }
  for (int i = current; i < static_cast<int>(all.size()); ++i) {
    const Migration& m = all[static_cast<std::size_t>(i)];
    auto tx = Transaction::begin(db);
    if (!tx) return err(tx.error());
    // writable_schema belongs to the connection, not the transaction: off again whatever
    // happens below (declared after `tx`, so it is switched off before a rollback).
    struct SchemaEdits {
      Database& db;
      bool on;
      ~SchemaEdits() {
        if (on) (void)db.exec("PRAGMA writable_schema = OFF");
      }
    } edits{db,
            std::string_view(m.sql).find("PRAGMA writable_schema = ON") != std::string_view::npos};
    if (auto st = db.exec(m.sql); !st) {
      DbError e = st.error();
      e.message = std::string(m.name) + ": " + e.message;
      return err(std::move(e));
    }
    if (edits.on) {
      // The migration edited table definitions in place: a new schema_version makes every
      // connection (this one included) parse them again.
      std::int64_t version = 0;
      {
        auto st = db.prepare("PRAGMA schema_version");
        auto row = st.step();
        if (!row) return err(row.error());
        if (*row) version = st.columnInt(0);
      }
      if (auto st = db.exec("PRAGMA schema_version = " + std::to_string(version + 1)); !st)
        return st;
      if (auto st = db.exec("PRAGMA writable_schema = OFF"); !st) return st;
    }
    if (auto st = db.exec("PRAGMA user_version = " + std::to_string(i + 1)); !st) return st;
    if (auto st = (*tx)->commit(); !st) return st;
  }
  return Ok{};
}

}  // namespace rc::db
