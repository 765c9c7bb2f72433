// Suite "kiosk": the kiosk at 1920×1080 on the software renderer (SDL dummy driver), on the
// demo village. Scan to frame (the last report of a card scan to the presented frame showing
// the balance), the busiest screen's frame time, CPU while idle on Attract, and a separate
// process's cold start to first frame and peak RSS over the whole tour.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "bench/bench.h"
#include "db/roster.h"
#include "db/schema.h"
#include "kiosk/kiosk_app.h"
#include "office/demo_village.h"

extern char** environ;

namespace rc::bench {
namespace {

std::string buildVillage(Context& ctx) {
  const auto path = (ctx.workDir() / "kiosk-village.db").string();
  std::error_code ec;
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(path + s, ec);
  db::Database d(path);
  (void)db::migrate(d);
  db::Ledger ledger(d, core::Settings{});
  office::buildDemoVillage(ledger, office::DemoOptions{});
  return path;
}

std::vector<std::string> someCards(const std::string& path, std::size_t n) {
  db::Database d(path, db::OpenMode::ReadOnly);
  db::Roster roster(d);
  std::vector<std::string> out;
  for (const auto& v : roster.villagers()) {
    for (auto& c : roster.cardsOf(v.id)) out.push_back(std::move(c));
    if (out.size() >= n) break;
  }
  return out;
}

double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Child {
  int exit_code = -1;
  double wall_ms = 0;
  double first_frame_ms = -1;  // when the child printed "first frame presented"; -1: never
  double max_rss_mb = 0;
};

// Runs rc-kiosk with `args`, reading its standard output as it comes so the moment it reports
// its first frame is timed from the spawn.
Child runKiosk(const std::vector<std::string>& args) {
  std::vector<std::string> all{RC_KIOSK_BIN};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  Child c;
  if (pipe2(out, O_CLOEXEC) != 0) return c;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  pid_t pid = 0;
  const auto t0 = Clock::now();
  const int spawned = posix_spawn(&pid, all[0].c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  if (spawned == 0) {
    std::string seen;
    char buf[256];
    ssize_t n = 0;
    while ((n = read(out[0], buf, sizeof buf)) > 0) {
      seen.append(buf, static_cast<std::size_t>(n));
      if (c.first_frame_ms < 0 && seen.find("first frame presented") != std::string::npos) {
        c.first_frame_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
      }
      if (seen.size() > 4096) seen.erase(0, seen.size() - 64);
    }
    int status = 0;
    rusage u{};
    wait4(pid, &status, 0, &u);
    c.wall_ms = std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
    c.max_rss_mb = static_cast<double>(u.ru_maxrss) / 1024.0;
    if (WIFEXITED(status)) c.exit_code = WEXITSTATUS(status);
  }
  close(out[0]);
  return c;
}

}  // namespace

void runKioskSuite(Context& ctx) {
  ctx.say("building the demo village");
  const std::string village = buildVillage(ctx);
  const auto cards = someCards(village, 60);

  {
    kiosk::KioskOptions o;
    o.db_path = village;
    o.headless = true;
    kiosk::KioskApp app(o);
    app.settle();

    ctx.say("timing 60 card scans to the frame showing the balance");
    std::vector<double> scan_ms;
    for (const auto& card : cards) {
      const auto t0 = Clock::now();
      app.scan(card);
      while (app.state().screen != kiosk::ScreenId::Home || app.lastPresent() < t0 ||
             app.layout().screen != "home") {
        app.pump(50);
      }
      scan_ms.push_back(std::chrono::duration<double, std::milli>(app.lastPresent() - t0).count());
      app.settle();
      app.tap("home.logout");
      app.settle();
    }
    ctx.put("kiosk.scan_to_frame_p50_ms", percentile(scan_ms, 50), "ms", "<= 16.7");
    ctx.put("kiosk.scan_to_frame_p99_ms", percentile(scan_ms, 99), "ms", "<= 16.7");

    ctx.say("timing frames on every screen");
    double busiest = 0;
    auto frames = [&](const char* what) {
      std::vector<double> ms, build;
      for (int i = 0; i < 40; ++i) {
        app.redraw();
        ms.push_back(app.frameStats().build_ms + app.frameStats().render_ms);
        build.push_back(app.frameStats().build_ms);
      }
      const double p50 = percentile(ms, 50);
      ctx.say(std::string("  ") + what + ": " + std::to_string(p50) + " ms (of which ImGui " +
              std::to_string(percentile(build, 50)) + " ms)");
      busiest = std::max(busiest, p50);
    };
    frames("attract");
    app.scan(cards.front());
    app.settle();
    frames("home");
    app.tap("home.supermarket");
    app.settle();
    for (const char* sku : {"TOWEL", "TOOTHPASTE", "SOAP", "SLIPPERS"}) {
      app.tap(std::string("market.add.") + sku);
      app.settle();
    }
    frames("supermarket with a cart");
    ctx.put("kiosk.busiest_frame_ms", busiest, "ms", "<= 8");
    app.tap("market.back");
    app.settle();
    app.tap("home.logout");
    app.settle();

    ctx.say("measuring CPU over 10 s idle on Attract");
    const double cpu0 = cpuSeconds();
    const auto w0 = Clock::now();
    app.run(std::chrono::seconds(10));
    const double wall = std::chrono::duration<double>(Clock::now() - w0).count();
    ctx.put("kiosk.idle_cpu_percent", 100.0 * (cpuSeconds() - cpu0) / wall, "%", "<= 0.5");
  }

  ctx.say("cold start to first frame (9 runs) and peak RSS over the tour, in a child process");
  std::vector<double> cold, whole;
  for (int i = 0; i < 9; ++i) {
    const auto c = runKiosk({"--headless", "--db", village, "--run-for", "0"});
    if (c.exit_code == 0 && c.first_frame_ms >= 0) {
      cold.push_back(c.first_frame_ms);
      whole.push_back(c.wall_ms);
    }
  }
  if (!cold.empty()) {
    ctx.put("kiosk.cold_start_ms", percentile(cold, 50), "ms", "<= 250");
    // Start, first frame, the DB worker's first answers, clean exit.
    ctx.put("kiosk.start_to_exit_ms", percentile(whole, 50), "ms", "");
  }
  const auto tour_db = (ctx.workDir() / "kiosk-tour.db").string();
  std::filesystem::copy_file(village, tour_db, std::filesystem::copy_options::overwrite_existing);
  const auto tour = runKiosk({"--headless", "--db", tour_db, "--tour", "--size", "1920x1080"});
  if (tour.exit_code == 0) ctx.put("kiosk.peak_rss_mb", tour.max_rss_mb, "MB", "<= 60");
}

}  // namespace rc::bench
