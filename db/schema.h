#pragma once
// Numbered migrations (db/migrations/NNNN_name.sql), applied in order at open; the schema
// version is PRAGMA user_version.

#include <string_view>
#include <vector>

#include "db/sqlite.h"

namespace rc::db {

struct Migration {
  std::string_view name;  // "0001_init.sql"
  std::string_view sql;
};

const std::vector<Migration>& migrations();

// Applies every migration newer than the file's user_version, each in its own transaction.
// A file from a newer build (user_version beyond what we know) is refused.
DbStatus migrate(Database& db);

int schemaVersion(Database& db);

}  // namespace rc::db
