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
    auto tx = Transaction::begin(db);
    if (!tx) return err(tx.error());
    if (auto st = db.exec(all[static_cast<std::size_t>(i)].sql); !st) {
      DbError e = st.error();
      e.message = std::string(all[static_cast<std::size_t>(i)].name) + ": " + e.message;
      return err(std::move(e));
    }
    if (std::string_view(all[static_cast<std::size_t>(i)].sql)
            .find("PRAGMA writable_schema = ON") != std::string_view::npos) {
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
