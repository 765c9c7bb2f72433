// The crash test: a child process (ledger_crash_child) redeems in a loop on a real ledger file
// and acknowledges each commit; the test SIGKILLs it at random moments, hundreds of times, each
// time restarting it from the last acknowledged redemption (so that one is retried), the way a
// kiosk resubmits after a power cut. At the end no acknowledged redemption may be missing,
// none may be recorded twice, and points, stock and the audit must agree.
//
// RC_CRASH_KILLS sets the number of kills (default 200); RC_CRASH_SEED the timing seed.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "core/rules.h"
#include "core/settings.h"
#include "crash_protocol.h"
#include "db/catalog.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/schema.h"
#include "db/sqlite.h"
#include "support/env.h"
#include "support/temp_dir.h"
#include "village_fixture.h"

extern char** environ;

namespace rc::db {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;
using rc::test::envLong;

constexpr int kStartPoints = 3'000'000;
constexpr int kStartStock = 1'000'000;
constexpr const char* kChildCount = "1000000";  // never finishes before the kill
// Generous, for a sanitizer build on a loaded machine; a healthy child acks within ~100 ms.
constexpr milliseconds kFirstAckTimeout{30'000};

// The ledger the children work on: one villager with plenty of points, one product with
// plenty of stock.
void createLedger(const std::string& path) {
  Database db(path);
  ASSERT_TRUE(migrate(db).ok());
  Roster roster(db);
  auto grid = roster.addGrid("第一网格");
  ASSERT_TRUE(grid.ok());
  auto household = roster.addHousehold(*grid, "东岛路1号", false);
  ASSERT_TRUE(household.ok());
  Villager v;
  v.id = crash::kVillagerId;
  v.household_id = *household;
  v.name = "王秀英";
  auto id = roster.addVillager(v);
  ASSERT_TRUE(id.ok());
  ASSERT_EQ(*id, crash::kVillagerId);
  core::Product p;
  p.sku = crash::kSku;
  p.name = "洗衣皂";
  p.category = "日用品";
  p.price_points = crash::kPrice;
  Catalog catalog(db);
  ASSERT_TRUE(catalog.addProduct(p).ok());
  ASSERT_TRUE(
      catalog.moveStock(crash::kSku, kStartStock, "receive", std::nullopt, nowMs(), "").ok());
  Ledger ledger(db, core::Settings{});
  // In rewards of at most the per-entry bound (core::kMaxEntryAmount).
  for (int left = kStartPoints; left > 0;) {
    EntryDraft fund;
    fund.villager_id = crash::kVillagerId;
    fund.kind = core::EntryKind::FundReward;
    fund.points_delta = std::min(left, static_cast<int>(core::kMaxEntryAmount));
    fund.reference = "季度基金奖励";
    left -= fund.points_delta;
    auto r = ledger.append(fund);
    ASSERT_TRUE(r.ok()) << test::describe(r.error());
  }
}

struct Ack {
  std::int64_t index = 0;
  bool duplicate = false;
};

// One run of the child: spawned with its stdout on a pipe, killed when the test says so.
class Child {
 public:
  Child(const std::string& db_path, std::int64_t start, const char* count) {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) {
      ADD_FAILURE() << "pipe2: " << std::strerror(errno);
      return;
    }
    m_read = fds[0];
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
    const std::string startText = std::to_string(start);
    std::string prog = RC_CRASH_CHILD;
    std::string path = db_path;
    std::string countText = count;
    char* argv[] = {prog.data(), path.data(), const_cast<char*>(startText.c_str()),
                    countText.data(), nullptr};
    const int rc = ::posix_spawn(&m_pid, prog.c_str(), &actions, nullptr, argv, environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(fds[1]);
    if (rc != 0) {
      ADD_FAILURE() << "posix_spawn " << prog << ": " << std::strerror(rc);
      m_pid = -1;
    }
    m_started = Clock::now();
  }
  ~Child() {
    if (m_pid > 0) {
      ::kill(m_pid, SIGKILL);
      int status = 0;
      ::waitpid(m_pid, &status, 0);
    }
    if (m_read >= 0) ::close(m_read);
  }
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;

  bool running() const noexcept { return m_pid > 0; }
  Clock::time_point started() const noexcept { return m_started; }
  const std::vector<Ack>& acks() const noexcept { return m_acks; }

  // Reads what the child wrote until `deadline`, or until the first acknowledgement when
  // `until_first_ack`. Returns false at end of file (the child has exited).
  bool readUntil(Clock::time_point deadline, bool until_first_ack) {
    while (true) {
      if (until_first_ack && !m_acks.empty()) return true;
      const auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now()).count();
      if (left <= 0) return true;
      pollfd p{m_read, POLLIN, 0};
      const int n = ::poll(&p, 1, static_cast<int>(left));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return true;
      if (!readSome()) return false;
    }
  }

  // SIGKILL, reap, then collect every acknowledgement written before the kill.
  int killAndReap() {
    ::kill(m_pid, SIGKILL);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    while (readSome()) {
    }
    return status;
  }

  int waitForExit() {
    while (readSome()) {
    }
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    m_pid = -1;
    return status;
  }

 private:
  bool readSome() {
    char buf[4096];
    ssize_t n;
    do {
      n = ::read(m_read, buf, sizeof buf);
    } while (n < 0 && errno == EINTR);
    if (n <= 0) return false;
    m_buffer.append(buf, static_cast<std::size_t>(n));
    std::size_t nl;
    while ((nl = m_buffer.find('\n')) != std::string::npos) {
      const std::string line = m_buffer.substr(0, nl);
      m_buffer.erase(0, nl + 1);
      long long index = -1;
      char flag[8] = {};
      const int fields = std::sscanf(line.c_str(), "ACK %lld %7s", &index, flag);
      if (fields < 1 || index < 0) {
        ADD_FAILURE() << "unexpected line from the child: " << line;
        continue;
      }
      m_acks.push_back({index, fields == 2 && std::string(flag) == "dup"});
    }
    return true;
  }

  pid_t m_pid = -1;
  int m_read = -1;
  std::string m_buffer;
  std::vector<Ack> m_acks;
  Clock::time_point m_started;
};

std::string describeStatus(int status) {
  if (WIFEXITED(status)) return "exit " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) return "signal " + std::to_string(WTERMSIG(status));
  return "status " + std::to_string(status);
}

TEST(CrashTest, KillingTheWriterLosesAndDuplicatesNothing) {
  const auto began = Clock::now();
  const long kills = envLong("RC_CRASH_KILLS", 200);
  const auto seed = static_cast<std::uint64_t>(envLong("RC_CRASH_SEED", 20250601));
  rc::test::TempDir dir;  // a real disk: the point is what survives on the file
  const std::string path = dir.file("ledger.db");
  createLedger(path);
  ASSERT_FALSE(HasFatalFailure());

  std::mt19937_64 rng(seed);
  auto uniform = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };

  std::optional<std::int64_t> lastAck;
  std::set<std::int64_t> acked;
  std::int64_t ackLines = 0, dupAcks = 0, maxSubmitted = -1;
  // Killed after the commit but before the acknowledgement: the retry finds it recorded.
  std::int64_t unackedCommits = 0;
  int killedBeforeFirstAck = 0, killedRightAfterFirstAck = 0;

  for (long k = 0; k < kills; ++k) {
    const std::int64_t start = lastAck.value_or(0);
    Child child(path, start, kChildCount);
    ASSERT_TRUE(child.running());
    const int mode = uniform(1, 100);
    bool alive = true;
    if (mode <= 10) {
      // Anywhere, counted from the spawn: often before the child has even opened the file.
      alive = child.readUntil(child.started() + milliseconds(uniform(0, 15)), false);
    } else {
      alive = child.readUntil(Clock::now() + kFirstAckTimeout, true);
      ASSERT_FALSE(child.acks().empty())
          << "kill " << k << ": the child acknowledged nothing within " << kFirstAckTimeout.count()
          << " ms";
      if (mode > 30) alive = child.readUntil(Clock::now() + milliseconds(uniform(0, 15)), false);
    }
    const int status = child.killAndReap();
    ASSERT_TRUE(alive && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "kill " << k << ": the child ended on its own: " << describeStatus(status);

    const auto& acks = child.acks();
    if (acks.empty()) ++killedBeforeFirstAck;
    if (mode > 10 && mode <= 30) ++killedRightAfterFirstAck;
    for (std::size_t i = 0; i < acks.size(); ++i) {
      // In order, one per index, starting where it was told to.
      ASSERT_EQ(acks[i].index, start + static_cast<std::int64_t>(i)) << "kill " << k;
      if (acks[i].duplicate && acked.count(acks[i].index) == 0) ++unackedCommits;
      acked.insert(acks[i].index);
      ++ackLines;
      if (acks[i].duplicate) ++dupAcks;
    }
    // What was acknowledged before is a retry now, and the ledger must say so.
    if (lastAck && !acks.empty()) {
      EXPECT_TRUE(acks.front().duplicate) << "kill " << k << ": index " << *lastAck
                                          << " was acknowledged before but recorded again";
    }
    if (!acks.empty()) {
      lastAck = acks.back().index;
      maxSubmitted = std::max(maxSubmitted, acks.back().index + 1);  // maybe committed unacked
    } else {
      maxSubmitted = std::max(maxSubmitted, start);
    }
  }

  // One last run to the end: resubmits the last acknowledged index, then two new ones.
  {
    const std::int64_t start = lastAck.value_or(0);
    Child child(path, start, "3");
    ASSERT_TRUE(child.running());
    const int status = child.waitForExit();
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << describeStatus(status);
    ASSERT_EQ(child.acks().size(), 3u);
    if (lastAck) {
      EXPECT_TRUE(child.acks().front().duplicate);
    }
    for (const auto& a : child.acks()) {
      if (a.duplicate && acked.count(a.index) == 0) ++unackedCommits;
      acked.insert(a.index);
      ++ackLines;
      if (a.duplicate) ++dupAcks;
    }
    lastAck = child.acks().back().index;
    maxSubmitted = std::max(maxSubmitted, *lastAck);
  }

  Database db(path, OpenMode::ReadWrite);
  ASSERT_TRUE(migrate(db).ok());
  Ledger ledger(db, core::Settings{});

  const auto committed =
      test::queryInt(db, "SELECT count(*) FROM entries WHERE kind = 'redemption'").value_or(-1);
  const auto distinct =
      test::queryInt(db, "SELECT count(DISTINCT uuid) FROM entries WHERE kind = 'redemption'")
          .value_or(-1);
  const auto reusedSeqs =
      test::queryInt(db,
                     "SELECT count(*) FROM (SELECT kiosk_seq FROM entries WHERE kiosk_id = "
                     "'kiosk-crash' GROUP BY kiosk_seq HAVING count(*) > 1)")
          .value_or(-1);
  const std::int64_t duplicated = committed - distinct + reusedSeqs;

  std::int64_t lost = 0;
  {
    auto st = db.prepare("SELECT count(*) FROM entries WHERE uuid = ?");
    for (const auto i : acked) {
      st.bind(1, crash::uuidFor(i));
      auto row = st.step();
      ASSERT_TRUE(row && *row);
      const auto n = st.columnInt(0);
      if (n != 1) {
        ++lost;
        ADD_FAILURE() << "acknowledged redemption " << i << " is recorded " << n << " times";
      }
      st.reset();
    }
  }
  // Every committed redemption is one the children were asked for, under its own number, and
  // they form an unbroken run 0..committed-1 (each restart resubmits from the last ack).
  {
    auto st = db.prepare(
        "SELECT uuid, kiosk_seq, points_delta, villager_id FROM entries WHERE kind = "
        "'redemption' ORDER BY kiosk_seq");
    std::int64_t expected = 0;
    while (true) {
      auto row = st.step();
      ASSERT_TRUE(row.ok());
      if (!*row) break;
      EXPECT_EQ(st.columnText(0), crash::uuidFor(expected));
      EXPECT_EQ(st.columnInt(1), crash::kioskSeqFor(expected));
      EXPECT_EQ(st.columnInt(2), -crash::kPrice);
      EXPECT_EQ(st.columnInt(3), crash::kVillagerId);
      ++expected;
    }
    EXPECT_EQ(expected, committed);
  }

  const auto bal = ledger.balance(crash::kVillagerId);
  ASSERT_TRUE(bal.has_value());
  const auto stock = test::productStock(db, crash::kSku);
  const auto redeemMoves =
      test::queryInt(db, "SELECT count(*) FROM stock_movements WHERE reason = 'redeem'")
          .value_or(-1);
  const auto rep = ledger.verify();
  const auto ms = std::chrono::duration_cast<milliseconds>(Clock::now() - began).count();

  std::cout << "[ crash    ] kills=" << kills << " (before first ack " << killedBeforeFirstAck
            << ", right after first ack " << killedRightAfterFirstAck << ")"
            << " ack_lines=" << ackLines << " acked=" << acked.size() << " retried_acks=" << dupAcks
            << " committed=" << committed << " committed_before_ack=" << unackedCommits
            << " lost=" << lost << " duplicated=" << duplicated << " runtime_ms=" << ms << "\n";
  RecordProperty("kills", static_cast<int>(kills));
  RecordProperty("acked", static_cast<int>(acked.size()));
  RecordProperty("committed", static_cast<int>(committed));
  RecordProperty("committed_before_ack", static_cast<int>(unackedCommits));
  RecordProperty("lost", static_cast<int>(lost));
  RecordProperty("duplicated", static_cast<int>(duplicated));
  RecordProperty("runtime_ms", static_cast<int>(ms));

  EXPECT_EQ(lost, 0);
  EXPECT_EQ(duplicated, 0);
  EXPECT_EQ(committed, distinct);
  EXPECT_EQ(reusedSeqs, 0);
  EXPECT_GE(committed, static_cast<std::int64_t>(acked.size()));
  EXPECT_LE(committed, maxSubmitted + 1);
  // Progress is slower under sanitizers (~0.5 new commits per kill vs ~3); this only catches
  // children that never get to redeem at all.
  EXPECT_GE(static_cast<std::int64_t>(acked.size()), kills / 10) << "the children barely ran";
  EXPECT_EQ(bal->points, kStartPoints - committed * crash::kPrice);
  EXPECT_EQ(bal->score, core::kBaseScore);
  // Plus the fund rewards, each at most the per-entry bound.
  const auto rewards = (kStartPoints + core::kMaxEntryAmount - 1) / core::kMaxEntryAmount;
  EXPECT_EQ(bal->entries, committed + rewards);
  EXPECT_EQ(stock, kStartStock - committed);
  EXPECT_EQ(redeemMoves, committed);
  EXPECT_TRUE(rep.ok) << (rep.problems.empty() ? "" : rep.problems.front());
  EXPECT_EQ(rep.entries_checked, committed + rewards);
}

}  // namespace
}  // namespace rc::db
