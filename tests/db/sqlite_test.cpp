// The SQLite wrapper: the pragmas the ledger's durability rests on, refusing files that are
// not ours, transactions that roll back unless committed, cached statements, migrations.
#include "db/sqlite.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "db/schema.h"
#include "support/temp_dir.h"

namespace rc::db {
namespace {

std::int64_t pragmaInt(Database& db, const std::string& name) {
  auto st = db.prepare("PRAGMA " + name);
  auto row = st.step();
  EXPECT_TRUE(row && *row) << name;
  return st.columnInt(0);
}

std::string pragmaText(Database& db, const std::string& name) {
  auto st = db.prepare("PRAGMA " + name);
  auto row = st.step();
  EXPECT_TRUE(row && *row) << name;
  return st.columnText(0);
}

std::vector<std::int64_t> column(Database& db, const std::string& sql) {
  auto st = db.prepare(sql);
  std::vector<std::int64_t> out;
  while (true) {
    auto row = st.step();
    EXPECT_TRUE(row.ok());
    if (!row || !*row) break;
    out.push_back(st.columnInt(0));
  }
  return out;
}

std::int64_t queryCount(Database& db, const std::string& table) {
  const auto v = column(db, "SELECT count(*) FROM " + table);
  return v.empty() ? -1 : v.front();
}

std::string readFile(const std::string& path) {
  std::string out;
  if (std::FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, f)) > 0) out.append(buf, n);
    std::fclose(f);
  }
  return out;
}

class SqliteTest : public ::testing::Test {
 protected:
  rc::test::TempDir m_dir;
};

TEST_F(SqliteTest, OpensWithTheLedgerPragmas) {
  Database db(m_dir.file("ledger.db"));
  // WAL + synchronous=FULL is what makes an acknowledged redemption survive a power cut.
  EXPECT_EQ(pragmaText(db, "journal_mode"), "wal");
  EXPECT_EQ(pragmaInt(db, "synchronous"), 2);  // FULL
  EXPECT_EQ(pragmaInt(db, "foreign_keys"), 1);
  EXPECT_EQ(pragmaInt(db, "busy_timeout"), 5000);
  EXPECT_FALSE(db.inTransaction());
  EXPECT_EQ(db.path(), m_dir.file("ledger.db"));
}

TEST_F(SqliteTest, PragmasHoldOnReopenAndForEachConnection) {
  { Database first(m_dir.file("ledger.db")); }
  Database again(m_dir.file("ledger.db"), OpenMode::ReadWrite, 250);
  EXPECT_EQ(pragmaText(again, "journal_mode"), "wal");
  EXPECT_EQ(pragmaInt(again, "synchronous"), 2);
  EXPECT_EQ(pragmaInt(again, "foreign_keys"), 1);
  EXPECT_EQ(pragmaInt(again, "busy_timeout"), 250);
}

TEST_F(SqliteTest, ForeignKeysAreEnforced) {
  Database db(m_dir.file("ledger.db"));
  ASSERT_TRUE(db.exec("CREATE TABLE parent (id INTEGER PRIMARY KEY);"
                      "CREATE TABLE child (p INTEGER NOT NULL REFERENCES parent(id));")
                  .ok());
  auto st = db.exec("INSERT INTO child (p) VALUES (42)");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, DbErrorCode::Constraint);
}

TEST_F(SqliteTest, ReadWriteOnAMissingFileThrowsCannotOpen) {
  const auto path = m_dir.file("absent.db");
  try {
    Database db(path, OpenMode::ReadWrite);
    FAIL() << "opened a file that does not exist";
  } catch (const DbException& e) {
    EXPECT_EQ(e.error().code, DbErrorCode::CannotOpen) << e.what();
  }
  // A kiosk pointed at the wrong path must not quietly start an empty ledger there.
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(SqliteTest, ANonDatabaseFileIsRefusedAndLeftAlone) {
  const auto path = m_dir.file("notes.db");
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 200; ++i) out << "this is a shopping list, not a ledger\n";
  }
  const std::string before = readFile(path);
  for (const auto mode : {OpenMode::ReadWriteCreate, OpenMode::ReadWrite, OpenMode::ReadOnly}) {
    try {
      Database db(path, mode);
      ADD_FAILURE() << "opened a text file as a database";
    } catch (const DbException& e) {
      // Documented in sqlite.h: "CannotOpen: missing file, permissions, not a database".
      EXPECT_EQ(e.error().code, DbErrorCode::CannotOpen) << e.what();
      EXPECT_FALSE(std::string(e.what()).empty());
    }
  }
  EXPECT_EQ(readFile(path), before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST_F(SqliteTest, ReadOnlyRefusesWrites) {
  {
    Database db(m_dir.file("ledger.db"));
    ASSERT_TRUE(db.exec("CREATE TABLE t (x INTEGER)").ok());
  }
  Database ro(m_dir.file("ledger.db"), OpenMode::ReadOnly);
  auto st = ro.exec("INSERT INTO t VALUES (1)");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, DbErrorCode::CannotOpen);
}

TEST_F(SqliteTest, BadSqlIsAMisuse) {
  Database db(m_dir.file("ledger.db"));
  auto st = db.exec("SELEKT 1");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, DbErrorCode::Misuse);
  try {
    (void)db.prepare("SELECT nope FROM nowhere");
    FAIL() << "prepared a statement on a missing table";
  } catch (const DbException& e) {
    EXPECT_EQ(e.error().code, DbErrorCode::Misuse);
    EXPECT_NE(std::string(e.what()).find("nowhere"), std::string::npos) << e.what();
  }
}

class TransactionTest : public SqliteTest {
 protected:
  void SetUp() override { ASSERT_TRUE(m_db.exec("CREATE TABLE t (x INTEGER NOT NULL)").ok()); }
  DbStatus insert(int x) {
    auto st = m_db.prepare("INSERT INTO t (x) VALUES (?)");
    st.bind(1, x);
    return st.run();
  }
  std::vector<std::int64_t> rows() { return column(m_db, "SELECT x FROM t ORDER BY x"); }

  Database m_db{m_dir.file("ledger.db")};
};

TEST_F(TransactionTest, RollsBackUnlessCommitted) {
  {
    Transaction tx(m_db);
    EXPECT_TRUE(m_db.inTransaction());
    ASSERT_TRUE(insert(1).ok());
    EXPECT_EQ(rows(), std::vector<std::int64_t>{1});
  }
  EXPECT_FALSE(m_db.inTransaction());
  EXPECT_TRUE(rows().empty());

  {
    Transaction tx(m_db);
    ASSERT_TRUE(insert(2).ok());
    ASSERT_TRUE(tx.commit().ok());
  }
  EXPECT_FALSE(m_db.inTransaction());
  EXPECT_EQ(rows(), std::vector<std::int64_t>{2});
}

TEST_F(TransactionTest, BeginAsAValueRollsBackToo) {
  {
    auto tx = Transaction::begin(m_db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(insert(7).ok());
  }
  EXPECT_TRUE(rows().empty());
  {
    auto tx = Transaction::begin(m_db);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(insert(8).ok());
    ASSERT_TRUE((*tx)->commit().ok());
  }
  EXPECT_EQ(rows(), std::vector<std::int64_t>{8});
}

TEST_F(TransactionTest, CommittedWorkSurvivesReopening) {
  {
    Transaction tx(m_db);
    ASSERT_TRUE(insert(5).ok());
    ASSERT_TRUE(tx.commit().ok());
  }
  Database other(m_dir.file("ledger.db"), OpenMode::ReadWrite);
  EXPECT_EQ(column(other, "SELECT x FROM t"), std::vector<std::int64_t>{5});
}

TEST_F(TransactionTest, NestedRollbackLeavesTheOuterIntact) {
  {
    Transaction outer(m_db);
    ASSERT_TRUE(insert(1).ok());
    {
      Transaction inner(m_db);  // a SAVEPOINT
      ASSERT_TRUE(insert(2).ok());
      EXPECT_EQ(rows(), (std::vector<std::int64_t>{1, 2}));
    }
    EXPECT_TRUE(m_db.inTransaction()) << "the inner rollback ended the outer transaction";
    EXPECT_EQ(rows(), std::vector<std::int64_t>{1});
    ASSERT_TRUE(insert(3).ok());
    ASSERT_TRUE(outer.commit().ok());
  }
  EXPECT_EQ(rows(), (std::vector<std::int64_t>{1, 3}));
}

TEST_F(TransactionTest, NestedCommitIsUndoneByTheOuterRollback) {
  {
    Transaction outer(m_db);
    ASSERT_TRUE(insert(1).ok());
    {
      Transaction inner(m_db);
      ASSERT_TRUE(insert(2).ok());
      ASSERT_TRUE(inner.commit().ok());
    }
    EXPECT_TRUE(m_db.inTransaction());
    {
      Transaction inner(m_db);  // a second savepoint of the same name after the first released
      ASSERT_TRUE(insert(3).ok());
    }
    EXPECT_EQ(rows(), (std::vector<std::int64_t>{1, 2}));
  }
  EXPECT_TRUE(rows().empty());
}

TEST_F(TransactionTest, CachedStatementsAreResetBetweenUses) {
  for (int x : {10, 20, 30}) {
    ASSERT_TRUE(insert(x).ok());
  }
  const std::string sql = "SELECT x FROM t WHERE x > ? ORDER BY x";
  Statement* first = nullptr;
  {
    auto st = m_db.cached(sql);
    first = &*st;
    st->bind(1, 0);
    auto row = st->step();
    ASSERT_TRUE(row && *row);
    EXPECT_EQ(st->columnInt(0), 10);
    // Left mid-read on purpose: the next user must not continue from here.
  }
  {
    auto st = m_db.cached(sql);
    EXPECT_EQ(&*st, first) << "the statement was prepared again instead of reused";
    st->bind(1, 15);
    auto row = st->step();
    ASSERT_TRUE(row && *row);
    EXPECT_EQ(st->columnInt(0), 20);
  }
  {
    // Bindings are cleared too: an unbound parameter is NULL, and nothing is > NULL.
    auto st = m_db.cached(sql);
    auto row = st->step();
    ASSERT_TRUE(row.ok());
    EXPECT_FALSE(*row);
  }
  // A statement left mid-read must not hold a read snapshot that hides later writes.
  ASSERT_TRUE(insert(40).ok());
  {
    auto st = m_db.cached(sql);
    st->bind(1, 35);
    auto row = st->step();
    ASSERT_TRUE(row && *row);
    EXPECT_EQ(st->columnInt(0), 40);
  }
}

TEST_F(SqliteTest, MigrateSetsTheVersionAndIsIdempotent) {
  const auto path = m_dir.file("ledger.db");
  ASSERT_FALSE(migrations().empty());
  EXPECT_EQ(migrations().front().name, "0001_init.sql");
  {
    Database db(path);
    EXPECT_EQ(schemaVersion(db), 0);
    auto st = migrate(db);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(schemaVersion(db), static_cast<int>(migrations().size()));
    EXPECT_EQ(queryCount(db, "entries"), 0);
    ASSERT_TRUE(db.exec("INSERT INTO meta (key, value) VALUES ('village', '东岛刘家村')").ok());
    // Again on the same connection: nothing to do, nothing lost.
    st = migrate(db);
    ASSERT_TRUE(st.ok()) << st.error().message;
    EXPECT_EQ(schemaVersion(db), static_cast<int>(migrations().size()));
  }
  Database db(path, OpenMode::ReadWrite);
  auto st = migrate(db);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(schemaVersion(db), static_cast<int>(migrations().size()));
  EXPECT_EQ(queryCount(db, "meta"), 1);
}

TEST_F(SqliteTest, AFileFromANewerVersionIsRefused) {
  const auto path = m_dir.file("ledger.db");
  Database db(path);
  const int newer = static_cast<int>(migrations().size()) + 1;
  ASSERT_TRUE(db.exec("PRAGMA user_version = " + std::to_string(newer)).ok());
  auto st = migrate(db);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("newer"), std::string::npos) << st.error().message;
  // Refused before touching anything: no tables created, version untouched.
  EXPECT_EQ(schemaVersion(db), newer);
  EXPECT_EQ(column(db, "SELECT count(*) FROM sqlite_schema WHERE type = 'table'"),
            std::vector<std::int64_t>{0});
}

// --- CHECK constraints without IN lists (migration 0006) -------------------------------------

// The opcodes SQLite would run for `sql` on `db`.
std::vector<std::string> opcodes(Database& db, const std::string& sql) {
  auto st = db.prepare("EXPLAIN " + sql);
  std::vector<std::string> out;
  while (true) {
    auto row = st.step();
    EXPECT_TRUE(row.ok()) << sql;
    if (!row || !*row) break;
    out.push_back(st.columnText(1));
  }
  return out;
}

// The statements that run once per entry (kiosk redemptions, the office merging a batch, a
// kiosk applying a pull).
const std::vector<std::string>& perEntryInserts() {
  static const std::vector<std::string> all = {
      "INSERT INTO entries (seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, "
      "points_delta, reference, detail, voids_seq, at_ms, hash) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      "INSERT INTO stock_movements (product_id, delta, reason, entry_seq, at_ms, note) "
      "VALUES (?, ?, ?, ?, ?, '')",
      "INSERT INTO cards (uid, villager_id, kind, issued_at_ms) VALUES (?, ?, ?, ?)",
      "INSERT INTO reconciliation (entry_seq, problem, villager_id, kiosk_id, points_after, "
      "note, noted_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)",
      "INSERT INTO office_boards (board, position, villager_id, name, score, rank) "
      "VALUES (?, ?, ?, ?, ?, ?)",
  };
  return all;
}

bool buildsATemporaryBtree(Database& db, const std::string& sql) {
  const auto ops = opcodes(db, sql);
  return std::find(ops.begin(), ops.end(), "OpenEphemeral") != ops.end();
}

TEST_F(SqliteTest, NoTableKeepsACheckWithAnInListOfThreeOrMore) {
  Database db(m_dir.file("ledger.db"));
  ASSERT_TRUE(migrate(db).ok());
  auto st =
      db.prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND sql IS NOT NULL");
  int tables = 0;
  while (true) {
    auto row = st.step();
    ASSERT_TRUE(row.ok());
    if (!*row) break;
    ++tables;
    const std::string name = st.columnText(0), sql = st.columnText(1);
    for (auto at = sql.find(" IN ("); at != std::string::npos; at = sql.find(" IN (", at + 1)) {
      const auto close = sql.find(')', at);
      ASSERT_NE(close, std::string::npos) << name;
      const auto commas = std::count(sql.begin() + static_cast<std::ptrdiff_t>(at),
                                     sql.begin() + static_cast<std::ptrdiff_t>(close), ',');
      EXPECT_LE(commas, 1) << name << ": " << sql.substr(at, close - at + 1);
    }
  }
  EXPECT_GT(tables, 20);
  for (const auto& sql : perEntryInserts()) {
    EXPECT_FALSE(buildsATemporaryBtree(db, sql)) << sql;
  }
}

// One grid, household and villager (id 1), for tests that insert rows referring to them.
void addOneVillager(Database& db) {
  ASSERT_TRUE(db.exec("INSERT INTO grids (id, name) VALUES (1, 'g')").ok());
  ASSERT_TRUE(db.exec("INSERT INTO households (id, grid_id, address) VALUES (1, 1, 'a')").ok());
  ASSERT_TRUE(db.exec("INSERT INTO villagers (id, household_id, name, gender, birth_year) "
                      "VALUES (1, 1, 'v', 'F', 1950)")
                  .ok());
}

TEST_F(SqliteTest, TheRewrittenChecksStillRefuseWhatTheyRefusedBefore) {
  Database db(m_dir.file("ledger.db"));
  ASSERT_TRUE(migrate(db).ok());
  addOneVillager(db);
  if (HasFatalFailure()) return;
  ASSERT_TRUE(db.exec("INSERT INTO products (id, sku, name, category, price_points) "
                      "VALUES (1, 'SOAP', 's', 'c', 5)")
                  .ok());
  auto entry = [&](const std::string& kind) {
    return db.exec(
        "INSERT INTO entries (seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, "
        "score_delta, points_delta, at_ms, hash) VALUES ((SELECT count(*) + 1 FROM "
        "entries), lower(hex(randomblob(8))), 'k', (SELECT count(*) + 1 FROM entries), "
        "1, '" +
        kind + "', 0, 5, 1, zeroblob(32))");
  };
  for (const char* kind : {"council_award", "council_deduction", "volunteer_hours", "fund_reward",
                           "redemption", "booking"}) {
    EXPECT_TRUE(entry(kind).ok()) << kind;
  }
  for (const char* kind : {"bogus", "Redemption", "redemption ", ""}) {
    const auto st = entry(kind);
    ASSERT_FALSE(st.ok()) << kind;
    EXPECT_EQ(st.error().code, DbErrorCode::Constraint) << kind;
  }
  auto move = [&](const std::string& reason) {
    return db.exec(
        "INSERT INTO stock_movements (product_id, delta, reason, at_ms) VALUES (1, 1, '" + reason +
        "', 1)");
  };
  for (const char* reason : {"receive", "adjust", "redeem", "void"})
    EXPECT_TRUE(move(reason).ok()) << reason;
  for (const char* reason : {"stolen", "VOID"}) EXPECT_FALSE(move(reason).ok()) << reason;
  EXPECT_FALSE(
      db.exec("INSERT INTO cards (uid, villager_id, kind, issued_at_ms) VALUES ('c', 1, 'nfc', 1)")
          .ok());
  EXPECT_TRUE(
      db.exec("INSERT INTO cards (uid, villager_id, kind, issued_at_ms) VALUES ('c', 1, 'qr', 1)")
          .ok());
}

// A file at schema 5 holding entries: the migration keeps every row, and a connection that had
// already read the old schema sees the new one (schema_version moved).
TEST_F(SqliteTest, TheCheckRewriteKeepsRowsAndReachesOtherConnections) {
  const auto path = m_dir.file("ledger.db");
  Database db(path);
  const auto& all = migrations();
  ASSERT_GE(all.size(), 6u);
  EXPECT_EQ(all[5].name, "0006_checks_without_in_lists.sql");
  for (std::size_t i = 0; i < 5; ++i) ASSERT_TRUE(db.exec(all[i].sql).ok()) << all[i].name;
  ASSERT_TRUE(db.exec("PRAGMA user_version = 5").ok());
  addOneVillager(db);
  if (HasFatalFailure()) return;
  ASSERT_TRUE(db.exec("INSERT INTO entries (seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, "
                      "score_delta, points_delta, at_ms, hash) "
                      "VALUES (1, 'u1', 'k', 1, 1, 'fund_reward', 0, 50, 1, zeroblob(32))")
                  .ok());
  Database other(path, OpenMode::ReadWrite);
  const std::string insert = perEntryInserts().front();
  EXPECT_TRUE(buildsATemporaryBtree(other, insert)) << "schema 5 still has the IN list";
  ASSERT_TRUE(migrate(db).ok());
  EXPECT_EQ(schemaVersion(db), static_cast<int>(all.size()));
  // EXPLAIN compiles against the schema a connection holds in memory without reading the file;
  // the first statement that reads it notices the new schema_version and parses the new text.
  EXPECT_EQ(queryCount(db, "entries"), 1);
  EXPECT_EQ(queryCount(other, "entries"), 1);
  EXPECT_FALSE(buildsATemporaryBtree(db, insert));
  EXPECT_FALSE(buildsATemporaryBtree(other, insert));
  EXPECT_EQ(pragmaText(other, "integrity_check"), "ok");
  EXPECT_EQ(pragmaInt(db, "writable_schema"), 0);
}

}  // namespace
}  // namespace rc::db
