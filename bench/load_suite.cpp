// Suite "load": one real `rc-office serve` process on 127.0.0.1 with the demo village, 30
// enrolled kiosks (threads, each its own Ed25519 key and ledger file, the real sync::SyncClient)
// selling and syncing for 60 s while signed-in console users load pages. At the end every sale
// a kiosk made must be held exactly once in the office's ledger, the ledger must verify, and no
// request may have failed; otherwise the suite fails and keeps no figure.
// Figures: load.push_p99_ms (a kiosk's push, from sending to the whole reply read),
// load.pull_p99_ms, load.console_page_p95_ms, load.office_peak_rss_mib (VmHWM of the server
// process), the sales pushed and the run's size. Knobs: RC_BENCH_LOAD_KIOSKS,
// RC_BENCH_LOAD_SECONDS, RC_BENCH_LOAD_READERS.
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <latch>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <sstream>
#include <thread>

#include "bench/bench.h"
#include "db/catalog.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "sync/client.h"
#include "tests/support/run_process.h"

namespace rc::bench {
namespace {

using nlohmann::json;

constexpr const char* kConsoleUser = "load-reader";
constexpr const char* kConsolePassword = "load-bench-password";

int envCount(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v ? std::max(1, std::atoi(v)) : fallback;
}

// rc-office with `args`; its stdout, or StepFailed with what it said on stderr.
std::string office(Context& ctx, const std::vector<std::string>& args, const std::string& input = {}) {
  const auto r = test::runProcess(RC_OFFICE_BIN, args, ctx.workDir().string(), input);
  if (r.exit_code != 0) {
    std::string cmd = "rc-office";
    for (const auto& a : args) cmd += " " + a;
    fail(cmd + " exited " + std::to_string(r.exit_code) + ": " + r.err.substr(0, 500));
  }
  return r.out;
}

// `rc-office serve` on an ephemeral port, stopped with SIGTERM when this goes.
class ServeProcess {
 public:
  ServeProcess(const std::filesystem::path& db, const std::filesystem::path& dir) {
    const std::string out_path = (dir / "serve.out").string();
    m_err_path = (dir / "serve.err").string();
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, m_err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    std::vector<std::string> args = {RC_OFFICE_BIN, "--db", db.string(), "serve", "--listen",
                                     "127.0.0.1:0"};
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = posix_spawn(&m_pid, RC_OFFICE_BIN, &fa, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (rc != 0) fail(std::string("cannot start ") + RC_OFFICE_BIN + ": " + std::strerror(rc));
    // It prints "listening on https://127.0.0.1:PORT" once it listens.
    const std::string marker = "listening on https://127.0.0.1:";
    for (int i = 0; i < 1000 && m_port == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      int status = 0;
      if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = 0;
        fail("rc-office serve stopped at once: " + test::slurp(m_err_path).substr(0, 500));
      }
      const std::string out = test::slurp(out_path);
      const auto at = out.find(marker);
      const auto nl = at == std::string::npos ? at : out.find('\n', at);
      if (nl != std::string::npos) m_port = std::atoi(out.c_str() + at + marker.size());
    }
    if (m_port <= 0) {
      (void)stop();
      fail("rc-office serve did not say it listens within 10 s");
    }
  }
  ~ServeProcess() {
    if (m_pid > 0) (void)stop();
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const noexcept { return m_port; }
  pid_t pid() const noexcept { return m_pid; }

  // The peak resident set of the server so far (VmHWM), in MiB.
  double peakRssMib() const {
    std::ifstream in("/proc/" + std::to_string(m_pid) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind("VmHWM:", 0) == 0) return std::atof(line.c_str() + 6) / 1024.0;
    }
    fail("no VmHWM in /proc/" + std::to_string(m_pid) + "/status");
  }

  // SIGTERM; its exit code once stopped (-1: it had to be killed after 20 s).
  int stop() {
    kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 2000; ++i) {
      if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = 0;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    kill(m_pid, SIGKILL);
    waitpid(m_pid, &status, 0);
    m_pid = 0;
    return -1;
  }
  std::string errText() const { return test::slurp(m_err_path); }

 private:
  pid_t m_pid = 0;
  int m_port = 0;
  std::string m_err_path;
};

// What went wrong in any thread; the first few are kept to name.
class Errors {
 public:
  void add(std::string what) {
    std::lock_guard lock(m_mutex);
    if (m_first.size() < 5) m_first.push_back(std::move(what));
    ++m_count;
  }
  int count() const {
    std::lock_guard lock(m_mutex);
    return m_count;
  }
  std::string text() const {
    std::lock_guard lock(m_mutex);
    std::string s = std::to_string(m_count) + " error(s), first: ";
    for (std::size_t i = 0; i < m_first.size(); ++i) s += (i ? " | " : "") + m_first[i];
    return s;
  }

 private:
  mutable std::mutex m_mutex;
  std::vector<std::string> m_first;
  int m_count = 0;
};

struct Kiosk {
  sync::KioskIdentity identity;
  std::vector<core::VillagerId> villagers;  // whom this kiosk sells to
  std::vector<std::string> sold;            // uuids of its sales
  std::vector<double> push_ms;
  std::vector<double> pull_ms;
};

// Until `end`: a sale, a round (push and pull) and a pause of 0.5-1.5 s, as a busy
// supermarket kiosk; then a last round that must leave nothing unacknowledged.
void sell(sync::SyncClient& client, Kiosk& k, const std::vector<std::string>& skus,
          Clock::time_point end, Errors& errors, std::uint64_t seed) {
  const std::string who = "kiosk " + k.identity.kiosk_id + ": ";
  std::mt19937_64 rng(seed);
  while (Clock::now() < end) {
    db::RedemptionDraft d;
    d.villager_id = k.villagers[rng() % k.villagers.size()];
    d.lines = {{skus[rng() % skus.size()], 1}};
    d.reference = "L" + std::to_string(k.sold.size() + 1);
    auto sale = client.journal().redeem(d);
    if (!sale) {
      errors.add(who + "sale to villager " + std::to_string(d.villager_id) + ": " +
                 sale.error().message);
      return;
    }
    k.sold.push_back(sale->entry.uuid);
    if (auto r = client.round(); !r) {
      errors.add(who + "round: " + r.error().message);
      return;
    }
    const auto pause = std::chrono::milliseconds(500 + rng() % 1001);
    std::this_thread::sleep_until(std::min(Clock::now() + pause, end));
  }
  if (auto r = client.round(); !r) {
    errors.add(who + "last round: " + r.error().message);
  } else if (client.pendingCount() != 0) {
    errors.add(who + std::to_string(client.pendingCount()) + " sales not acknowledged");
  }
}

// One kiosk: its first round (the roster and catalog) before the clock starts, then sell().
void runKiosk(Kiosk& k, const std::string& url, const std::string& cert,
              const std::filesystem::path& file, const std::vector<std::string>& skus,
              std::latch& ready, std::latch& go, const std::atomic<Clock::rep>& end_at, Errors& errors,
              std::uint64_t seed) {
  const std::string who = "kiosk " + k.identity.kiosk_id + ": ";
  std::unique_ptr<sync::SyncClient> client;
  try {
    sync::SyncConfig cfg;
    cfg.office_url = url;
    cfg.office_cert_sha256 = cert;
    cfg.identity = k.identity;
    cfg.db_path = file.string();
    cfg.read_timeout = std::chrono::milliseconds(30000);
    cfg.on_reply = [&k](std::string_view path, std::chrono::microseconds took) {
      const double ms = static_cast<double>(took.count()) / 1000.0;
      if (path == sync::kPushPath) k.push_ms.push_back(ms);
      if (path == sync::kPullPath) k.pull_ms.push_back(ms);
    };
    client = std::make_unique<sync::SyncClient>(cfg);
    if (auto r = client->round(); !r) {
      errors.add(who + "first round: " + r.error().message);
      client.reset();
    }
  } catch (const std::exception& e) {
    errors.add(who + "start: " + e.what());
  }
  k.push_ms.clear();
  k.pull_ms.clear();
  ready.count_down();
  go.wait();
  if (!client) return;
  try {
    sell(*client, k, skus, Clock::time_point(Clock::duration(end_at.load())), errors, seed);
  } catch (const std::exception& e) {
    errors.add(who + e.what());
  }
}

// A signed-in console user loading pages (each one GET of the console's API) with a pause of
// 0.25-0.75 s between them, until `end`.
void runReader(int port, int index, std::int64_t villagers, std::latch& ready,
               std::latch& go, const std::atomic<Clock::rep>& end_at, Errors& errors, std::vector<double>& ms) {
  const std::string who = "console reader " + std::to_string(index) + ": ";
  httplib::SSLClient c("127.0.0.1", port);
  c.enable_server_certificate_verification(false);
  c.set_keep_alive(true);
  c.set_read_timeout(30, 0);
  const auto login = c.Post("/console/login",
                            json{{"name", kConsoleUser}, {"password", kConsolePassword}}.dump(),
                            "application/json");
  ready.count_down();
  go.wait();
  if (!login || login->status != 200) {
    errors.add(who + "sign-in: " + (login ? login->body.substr(0, 200) : httplib::to_string(login.error())));
    return;
  }
  const std::string set_cookie = login->get_header_value("Set-Cookie");
  const httplib::Headers headers = {{"Cookie", set_cookie.substr(0, set_cookie.find(';'))}};
  std::mt19937_64 rng(static_cast<std::uint64_t>(100 + index));
  const auto end = Clock::time_point(Clock::duration(end_at.load()));
  for (int i = 0; Clock::now() < end; ++i) {
    std::string page;
    switch (i % 4) {
      case 0: page = "today"; break;
      case 1: page = "villagers/" + std::to_string(1 + rng() % static_cast<std::uint64_t>(villagers)); break;
      case 2: page = "boards"; break;
      default: page = "reconcile"; break;
    }
    const auto t0 = Clock::now();
    const auto r = c.Get("/console/api/" + page, headers);
    if (!r) {
      errors.add(who + page + ": no answer (" + httplib::to_string(r.error()) + ")");
      return;
    }
    if (r->status != 200) {
      errors.add(who + page + ": " + std::to_string(r->status) + " " + r->body.substr(0, 200));
      return;
    }
    const auto j = json::parse(r->body, nullptr, false);
    if (j.is_discarded() || !j.is_object() || j.empty()) {
      errors.add(who + page + ": not a JSON object");
      return;
    }
    ms.push_back(microsSince(t0) / 1000.0);
    std::this_thread::sleep_until(
        std::min(Clock::now() + std::chrono::milliseconds(250 + rng() % 501), end));
  }
}

}  // namespace

void runLoadSuite(Context& ctx) {
  const int kiosks = envCount("RC_BENCH_LOAD_KIOSKS", 30);
  const int seconds = envCount("RC_BENCH_LOAD_SECONDS", 60);
  const int readers = envCount("RC_BENCH_LOAD_READERS", 4);
  const auto dir = ctx.workDir() / "load";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir);
  const auto db_path = dir / "office.db";
  const std::string db = db_path.string();

  ctx.step("creating the demo village (rc-office init-demo)");
  office(ctx, {"--db", db, "init-demo", "--seed", "16"});
  ctx.step("adding a console user (rc-office user add)");
  office(ctx, {"--db", db, "user", "add", kConsoleUser, "--role", "secretary"},
         std::string(kConsolePassword) + "\n" + kConsolePassword + "\n");

  ctx.step("enrolling " + std::to_string(kiosks) + " kiosks (rc-office enroll-kiosk)");
  std::vector<Kiosk> ks(static_cast<std::size_t>(kiosks));
  std::string cert;
  for (int i = 0; i < kiosks; ++i) {
    char name[32];
    std::snprintf(name, sizeof name, "load-%02d", i + 1);
    const auto j = json::parse(office(ctx, {"--db", db, "--json", "enroll-kiosk", name}), nullptr, false);
    if (j.is_discarded() || !j.contains("kiosk_secret_key") || !j.contains("office_cert_sha256")) {
      fail(std::string("enroll-kiosk ") + name + " printed no identity");
    }
    const auto secret = sync::fromBase64(j["kiosk_secret_key"].get<std::string>());
    auto& id = ks[static_cast<std::size_t>(i)].identity;
    if (!secret || secret->size() != id.secret_key.size()) fail(std::string("enroll-kiosk ") + name + ": a bad key");
    id.kiosk_id = name;
    std::copy(secret->begin(), secret->end(), id.secret_key.begin());
    cert = j["office_cert_sha256"].get<std::string>();
  }

  // Points for every sale and goods on every shelf, so that nothing the run does is refused
  // for want of either: a refusal here would be the village's shop, not the system, saying no.
  ctx.step("crediting points and stocking the shelves");
  std::vector<std::string> skus;
  std::int64_t villager_count = 0;
  {
    db::Database d(db);
    db::Ledger ledger(d, core::Settings{});
    db::Roster roster(d);
    db::Catalog catalog(d);
    db::Transaction tx(d);
    std::size_t next = 0;
    for (const auto& v : roster.villagers()) {
      ++villager_count;
      if (v.moved_away) continue;
      db::EntryDraft f;
      f.villager_id = v.id;
      f.kind = core::EntryKind::FundReward;
      f.points_delta = 1'000'000;
      need(ledger.append(f), "a fund reward for villager " + std::to_string(v.id));
      ks[next++ % ks.size()].villagers.push_back(v.id);
    }
    for (const auto& p : catalog.products()) {
      if (p.requires_welfare) continue;
      skus.push_back(p.sku);
      need(catalog.moveStock(p.sku, 1'000'000, "receive", std::nullopt, db::nowMs(), "load"),
           "stocking " + p.sku);
    }
    need(tx.commit(), "committing the points and stock");
  }
  if (skus.empty()) fail("the demo catalog has no product for everyone");
  for (const auto& k : ks) {
    if (k.villagers.empty()) fail("fewer villagers than kiosks");
  }

  // Each kiosk has its own disk in the field: here their files go to memory (/dev/shm) when
  // there is one, so that 30 kiosks' commits do not queue on the office's disk before its own.
  std::filesystem::path kiosk_dir = dir;
  if (std::filesystem::is_directory("/dev/shm", ec)) {
    kiosk_dir = std::filesystem::path("/dev/shm") / ("rc-bench-load-" + std::to_string(::getpid()));
    std::filesystem::create_directories(kiosk_dir, ec);
    if (ec) kiosk_dir = dir;
  }
  struct RemoveDir {
    std::filesystem::path p;
    ~RemoveDir() {
      std::error_code e;
      std::filesystem::remove_all(p, e);
    }
  } remove_kiosk_dir{kiosk_dir == dir ? std::filesystem::path() : kiosk_dir};

  ctx.step("starting rc-office serve");
  ServeProcess serve(db_path, dir);
  const std::string url = "https://127.0.0.1:" + std::to_string(serve.port());

  ctx.step(std::to_string(kiosks) + " kiosks and " + std::to_string(readers) +
           " console readers for " + std::to_string(seconds) + " s");
  Errors errors;
  std::latch ready(kiosks + readers);
  std::latch go(1);
  std::atomic<Clock::rep> end_at{0};
  std::vector<std::vector<double>> reader_ms(static_cast<std::size_t>(readers));
  std::vector<std::thread> threads;
  for (int i = 0; i < kiosks; ++i) {
    threads.emplace_back(runKiosk, std::ref(ks[static_cast<std::size_t>(i)]), std::cref(url),
                         std::cref(cert), kiosk_dir / ("kiosk-" + std::to_string(i + 1) + ".db"),
                         std::cref(skus), std::ref(ready), std::ref(go), std::cref(end_at), std::ref(errors),
                         static_cast<std::uint64_t>(i + 1));
  }
  for (int i = 0; i < readers; ++i) {
    threads.emplace_back(runReader, serve.port(), i + 1, villager_count, std::ref(ready), std::ref(go),
                         std::cref(end_at), std::ref(errors),
                         std::ref(reader_ms[static_cast<std::size_t>(i)]));
  }
  // Every kiosk has pulled the roster and every reader signed in: the clock starts.
  ready.wait();
  const auto t0 = Clock::now();
  end_at = (t0 + std::chrono::seconds(seconds)).time_since_epoch().count();
  go.count_down();
  for (auto& t : threads) t.join();
  const double ran_s = secondsSince(t0);
  if (errors.count() > 0) fail(errors.text());

  ctx.step("reading the server's peak memory and stopping it");
  const double rss = serve.peakRssMib();
  if (const int code = serve.stop(); code != 0) {
    fail("rc-office serve exited " + std::to_string(code) + " on SIGTERM: " +
         serve.errText().substr(0, 500));
  }

  ctx.step("checking that the office holds every sale exactly once");
  std::int64_t sold = 0;
  {
    db::Database d(db, db::OpenMode::ReadOnly);
    for (const auto& k : ks) {
      auto st = d.prepare(
          "SELECT count(*), count(DISTINCT kiosk_seq), coalesce(min(kiosk_seq), 0), "
          "coalesce(max(kiosk_seq), 0) FROM entries WHERE kiosk_id = ?1");
      st.bind(1, k.identity.kiosk_id);
      need(st.step(), "counting kiosk " + k.identity.kiosk_id + "'s entries");
      const auto n = static_cast<std::int64_t>(k.sold.size());
      if (st.columnInt(0) != n || st.columnInt(1) != n || (n > 0 && (st.columnInt(2) != 1 || st.columnInt(3) != n))) {
        fail("kiosk " + k.identity.kiosk_id + " made " + std::to_string(n) + " sales; the office holds " +
             std::to_string(st.columnInt(0)) + " entries from it (" + std::to_string(st.columnInt(1)) +
             " distinct numbers)");
      }
      for (const auto& uuid : k.sold) {
        auto one = d.prepare("SELECT count(*) FROM entries WHERE uuid = ?1 AND kiosk_id = ?2 AND kind = 'redemption'");
        one.bind(1, uuid).bind(2, k.identity.kiosk_id);
        need(one.step(), "looking up sale " + uuid);
        if (one.columnInt(0) != 1) {
          fail("sale " + uuid + " of kiosk " + k.identity.kiosk_id + " is held " +
               std::to_string(one.columnInt(0)) + " times");
        }
      }
      sold += n;
    }
  }
  if (sold == 0) fail("no sale was made");
  ctx.step("rc-office verify on the office ledger");
  office(ctx, {"--db", db, "verify"});

  std::vector<double> push, pull, pages;
  for (auto& k : ks) {
    push.insert(push.end(), k.push_ms.begin(), k.push_ms.end());
    pull.insert(pull.end(), k.pull_ms.begin(), k.pull_ms.end());
  }
  for (auto& r : reader_ms) pages.insert(pages.end(), r.begin(), r.end());
  std::ostringstream said;
  said << sold << " sales pushed in " << push.size() << " pushes and " << pull.size()
       << " pulls, " << pages.size() << " console pages, over " << ran_s << " s";
  said << "; push median " << median(push) << " ms, pull median " << median(pull) << " ms";
  ctx.say(said.str());
  ctx.put("load.push_p99_ms", percentile(push, 99), "ms");
  ctx.put("load.pull_p99_ms", percentile(pull, 99), "ms");
  ctx.put("load.console_page_p95_ms", percentile(pages, 95), "ms");
  ctx.put("load.office_peak_rss_mib", rss, "MiB");
  ctx.put("load.sales_pushed", static_cast<double>(sold), "entries");
  ctx.put("load.kiosks", kiosks, "kiosks");
  ctx.put("load.seconds", seconds, "s");
}

}  // namespace rc::bench
