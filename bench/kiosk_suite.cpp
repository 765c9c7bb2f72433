// Suite "kiosk": the kiosk at 1920×1080 on the demo village, drawn by its own software
// rasterizer (kiosk/platform/soft_raster.h), as a kiosk without a GPU runs.
// - Scan to frame: a recorded card scan (a reader's boot keyboard reports with their timing,
//   tests/drivers/fixtures/sycreader_card.replay) played by the replay transport on its own
//   thread, through the keyboard decoder, classification and the scan queue into the kiosk; timed
//   from the report that completes the scan (Enter) to the presented frame showing the
//   villager's balance. Headless (SDL's dummy driver) and in a window under Xvfb (SDL's X11
//   driver: the frame is handed to the X server and synced).
// - Frames: the busiest screen's frame time, headless and under Xvfb; and the service hub's
//   busiest screen (Services: the station tiles and a week of slots) headless, when the kiosk
//   has a service desk (kiosk::defaultServiceDesk()).
// - Idle CPU: the live loop in a window under Xvfb, asleep in SDL_WaitEventTimeout as in
//   production.
// - Instructions: a child rc-bench under callgrind counts one frame and one scan, figures that
//   hold on any machine (these have no hardware counters).
// - Cold start and peak RSS: separate rc-kiosk processes.
// Any step that fails ends the suite with no figure (bench.h).
//
// Sections: the recorded scan and the village; driving the kiosk; child processes; callgrind;
// the suite.
#include <fcntl.h>
#include <poll.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <sstream>

#if RC_HAVE_CALLGRIND
#include <valgrind/callgrind.h>
#endif

#include "bench/bench.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/schema.h"
#include "drivers/fake_reader.h"
#include "drivers/payload.h"
#include "kiosk/kiosk_app.h"
#include "office/demo_village.h"

extern char** environ;

namespace rc::bench {
namespace {

using std::chrono::milliseconds;

constexpr int kWidth = 1920;
constexpr int kHeight = 1080;
// Enough that the p99 is the third slowest, not the slowest: one scan delayed by another
// process on a shared machine is not the kiosk's tail.
constexpr int kTimedScans = 300;
constexpr int kCountedScans = 3;
constexpr int kCountedFrames = 3;
constexpr int kTimedFrames = 40;
// How long a scan may take to show, and the kiosk to settle after a step; under callgrind.
constexpr milliseconds kLimit{10'000};
constexpr milliseconds kCountedLimit{300'000};
constexpr auto kIdleTime = std::chrono::seconds(10);
constexpr const char* kCallgrindBase = "kiosk.callgrind";

double msBetween(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// ---- the recorded scan and the village ----------------------------------------------------

// The last card of the recording, as the reader sent it.
struct RecordedScan {
  drivers::ReplayScript script;
  std::string card;             // the classified card UID
  milliseconds last_report{0};  // from the script's start to the report that completes the scan
};

RecordedScan recordedScan() {
  const std::string path = RC_RECORDED_SCAN;
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read the recorded scan " + path);
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = drivers::parseReplay(text.str());
  if (!parsed) {
    fail(path + ":" + std::to_string(parsed.error().line) + ": " + parsed.error().message);
  }
  const auto& steps = parsed->steps;
  // The recording holds scans a second apart: the last one follows the last pause longer than
  // the decoder's.
  const drivers::DecoderPolicy policy;
  std::size_t first = 0;
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].delay > policy.pause) first = i;
  }
  if (first >= steps.size()) fail(path + " holds no reports");
  RecordedScan r;
  r.script.format = parsed->format;
  r.script.steps.assign(steps.begin() + static_cast<std::ptrdiff_t>(first), steps.end());
  r.script.steps.front().delay = milliseconds(0);
  // Decoded here as the reader thread will decode it: the card, and when its last report comes.
  auto decoder = drivers::makeDecoder(r.script.format, policy);
  std::vector<drivers::RawScan> scans;
  const drivers::Clock::time_point origin{};
  auto at = origin;
  for (const auto& s : r.script.steps) {
    at += s.delay;
    decoder->feed(s.bytes, at, scans);
  }
  if (scans.size() != 1) {
    fail(path + ": the last scan decodes to " + std::to_string(scans.size()) + " scans, not 1");
  }
  const auto payload = drivers::classify(scans.front(), drivers::ReaderRole::Card, {});
  if (payload.kind != drivers::PayloadKind::CardUid) {
    fail(path + ": the last scan is not a card (" + std::string(toString(payload.reason)) + ")");
  }
  r.card = payload.text;
  r.last_report = std::chrono::duration_cast<milliseconds>(scans.front().time - origin);
  return r;
}

struct Village {
  std::string path;
  std::string holder;  // the name of the villager the recorded card belongs to
};

// The demo village, with the recorded card given to its first villager.
Village buildVillage(Context& ctx, const RecordedScan& rec) {
  ctx.step("building the demo village; the recorded card " + rec.card + " given to a villager");
  Village v;
  v.path = (ctx.workDir() / "kiosk-village.db").string();
  std::error_code ec;
  for (const char* s : {"", "-wal", "-shm"}) std::filesystem::remove(v.path + s, ec);
  db::Database d(v.path);
  need(db::migrate(d), "migrating");
  db::Ledger ledger(d, core::Settings{});
  office::buildDemoVillage(ledger, office::DemoOptions{});
  db::Roster roster(d);
  const auto people = roster.villagers();
  if (people.empty()) fail("the demo village has no villagers");
  need(roster.bindCard(rec.card, people.front().id, "ic", db::nowMs()), "binding the card");
  v.holder = people.front().name;
  return v;
}

// The holder of the recorded card in an existing village (the callgrind child).
Village openVillage(const std::string& path, const RecordedScan& rec) {
  db::Database d(path, db::OpenMode::ReadOnly);
  db::Roster roster(d);
  const auto id = roster.villagerByCard(rec.card);
  if (!id) fail(path + " has no villager with card " + rec.card);
  const auto who = roster.villager(*id);
  if (!who) fail(path + " has no villager " + std::to_string(*id));
  return {path, who->name};
}

// ---- driving the kiosk ----------------------------------------------------------------------

kiosk::KioskOptions headlessOptions(const std::string& db) {
  kiosk::KioskOptions o;
  o.db_path = db;
  o.headless = true;
  o.width = kWidth;
  o.height = kHeight;
  o.service_desk = kiosk::defaultServiceDesk();
  return o;
}

// A window of 1920×1080 on the X display, drawn by our rasterizer into the window surface. The
// recorded card is scanned many times in a row: the hold-off, which only ever drops repeats of
// one card, is off as in headless runs.
kiosk::KioskOptions windowOptions(const Context& ctx, const std::string& db) {
  const auto conf = (ctx.workDir() / "kiosk-readers.conf").string();
  std::ofstream out(conf);
  out << "reader = fake\nhold_off_ms = 0\n";
  if (!out) fail("cannot write " + conf);
  kiosk::KioskOptions o;
  o.db_path = db;
  o.headless = false;
  o.fullscreen = false;
  o.width = kWidth;
  o.height = kHeight;
  o.force_software = true;
  o.reader = "fake";
  o.reader_config_path = conf;
  return o;
}

void checkFrameSize(const kiosk::KioskApp& app) {
  if (app.width() != kWidth || app.height() != kHeight) {
    fail("the kiosk draws " + std::to_string(app.width()) + "x" + std::to_string(app.height()) +
         ", not " + std::to_string(kWidth) + "x" + std::to_string(kHeight));
  }
  if (app.rendererName() != "own software rasterizer") {
    fail("the kiosk draws with " + app.rendererName() + ", not its own software rasterizer");
  }
}

drivers::ReaderConfig replayConfig() {
  drivers::ReaderConfig cfg;
  cfg.reader = drivers::ReaderKind::Replay;
  cfg.path = "recorded Sycreader scan";
  cfg.role = drivers::ReaderRole::Card;  // what the recorded reader is
  return cfg;
}

// Takes a kiosk through the measured moments: recorded scans from Attract, the busy screens.
// Every step checks that the kiosk got where it should, or fails. Under callgrind everything
// runs tens of times slower, hence the limits.
class KioskDriver {
 public:
  KioskDriver(kiosk::KioskApp& app, const RecordedScan& rec, const Village& village,
              milliseconds limit)
      : m_app(app), m_rec(rec), m_village(village), m_limit(limit) {}

  void settle(const std::string& after) {
    if (!m_app.settle(m_limit)) {
      fail("the kiosk did not settle within " + std::to_string(m_limit.count()) + " ms after " +
           after);
    }
  }

  void tap(const std::string& id) {
    if (!m_app.tap(id)) fail("no tappable '" + id + "' on screen '" + m_app.layout().screen + "'");
    settle("tapping " + id);
  }

  void backToAttract() {
    settle("the last step");
    if (m_app.layout().screen == "home") tap("home.logout");
    if (m_app.layout().screen != "attract") {
      fail("the kiosk shows '" + m_app.layout().screen + "', not the attract screen");
    }
  }

  // One recorded scan from Attract: the replay reader's thread plays it into the kiosk's sink
  // while the kiosk's loop sleeps as it does between villagers. Returns the time of the report
  // that completed the scan, once the kiosk has presented the frame showing the balance.
  // `started` runs while the reader thread waits for its first report.
  template <class F>
  Clock::time_point scan(int number, F&& started) {
    backToAttract();
    drivers::ReplayReader reader(replayConfig(), m_app.scanSink(), m_rec.script);
    const auto origin = Clock::now() + milliseconds(20);
    need(reader.startAt(origin), "starting the replay reader");
    started();
    const auto last = origin + m_rec.last_report;
    while (m_app.lastPresent() < last || !showsBalance()) {
      if (Clock::now() > last + m_limit) {
        fail("scan " + std::to_string(number) + ": no frame showing " + m_village.holder +
             "'s balance within " + std::to_string(m_limit.count()) +
             " ms of its last report (screen '" + m_app.layout().screen + "')");
      }
      m_app.pump(100);
    }
    reader.stop();
    return last;
  }

  // Milliseconds from each scan's last report to the presented frame showing the balance.
  std::vector<double> timeScans(int n) {
    std::vector<double> ms;
    for (int i = 1; i <= n; ++i) {
      const auto last = scan(i, [] {});
      ms.push_back(msBetween(last, m_app.lastPresent()));
    }
    return ms;
  }

  // Calls `frames(screen)` on Attract, Home and the Supermarket with four products in the cart.
  template <class F>
  void onBusyScreens(F&& frames) {
    backToAttract();
    frames("attract");
    (void)scan(0, [] {});
    settle("the scan");
    frames("home");
    tap("home.supermarket");
    for (const char* sku : {"TOWEL", "TOOTHPASTE", "SOAP", "SLIPPERS"}) {
      tap(std::string("market.add.") + sku);
    }
    frames("supermarket");
    tap("market.back");
    backToAttract();
  }

  // Calls `frames("services")` on the Services screen as Home's 服务预约 opens it (the first
  // station's week of slots). False when the kiosk offers no services.
  template <class F>
  bool onServicesScreen(F&& frames) {
    backToAttract();
    (void)scan(0, [] {});
    settle("the scan");
    if (!m_app.layout().find("home.services")) {
      backToAttract();
      return false;
    }
    tap("home.services");
    frames("services");
    tap("services.back");
    backToAttract();
    return true;
  }

  // The median of full redraws on the Services screen; nullopt without a service desk.
  std::optional<double> servicesFrame(Context& ctx) {
    std::optional<double> out;
    (void)onServicesScreen([&](const std::string& screen) {
      std::vector<double> ms;
      for (int i = 0; i < kTimedFrames; ++i) {
        m_app.redraw();
        ms.push_back(m_app.frameStats().build_ms + m_app.frameStats().render_ms);
      }
      out = median(ms);
      ctx.say("  " + screen + ": " + std::to_string(*out) + " ms");
    });
    return out;
  }

  // The median of full redraws (ImGui build, rasterizing every pixel, present) on each busy
  // screen; the largest.
  double busiestFrame(Context& ctx) {
    double busiest = 0;
    onBusyScreens([&](const std::string& screen) {
      std::vector<double> ms, build;
      for (int i = 0; i < kTimedFrames; ++i) {
        m_app.redraw();
        ms.push_back(m_app.frameStats().build_ms + m_app.frameStats().render_ms);
        build.push_back(m_app.frameStats().build_ms);
      }
      const double p50 = median(ms);
      ctx.say("  " + screen + ": " + std::to_string(p50) + " ms (of which ImGui " +
              std::to_string(median(build)) + " ms)");
      busiest = std::max(busiest, p50);
    });
    return busiest;
  }

 private:
  // The last presented frame is the home screen with the holder's name and a balance.
  bool showsBalance() const {
    const auto& l = m_app.layout();
    if (l.screen != "home") return false;
    const auto* name = l.find("home.name");
    const auto* points = l.find("home.points");
    return name && points && name->text.find(m_village.holder) != std::string::npos &&
           !points->text.empty() &&
           std::all_of(points->text.begin(), points->text.end(),
                       [](char c) { return (c >= '0' && c <= '9') || c == '-'; });
  }

  kiosk::KioskApp& m_app;
  const RecordedScan& m_rec;
  const Village& m_village;
  const milliseconds m_limit;
};

// On a started kiosk (`where`: headless or Xvfb): the recorded scans, from their last report
// to the presented frame showing the balance (median and p99 under `scan_key`), then the
// slowest of the busy screens' frames (`frame_key`).
void timeScansAndFrames(Context& ctx, KioskDriver& drive, const std::string& where,
                        const std::string& scan_key, const std::string& frame_key) {
  drive.settle("start-up");
  ctx.step(where + ": timing " + std::to_string(kTimedScans) +
           " recorded scans from their last report to the presented frame showing the balance");
  auto ms = drive.timeScans(kTimedScans);
  const auto slowest = std::max_element(ms.begin(), ms.end());
  ctx.say(where + ": the slowest scan was #" + std::to_string(slowest - ms.begin() + 1) + " of " +
          std::to_string(ms.size()) + ", " + std::to_string(*slowest) + " ms");
  ctx.put(scan_key + "_ms", median(ms), "ms");
  ctx.put(scan_key + "_p99_ms", percentile(ms, 99), "ms");
  ctx.step(where + ": timing frames on the busy screens");
  ctx.put(frame_key, drive.busiestFrame(ctx), "ms");
}

double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// ---- child processes ------------------------------------------------------------------------

struct Child {
  int exit_code = -1;
  std::string how;  // how it ended, in words: "exited 1", "killed by signal 9", …
  double wall_ms = 0;
  double first_frame_ms = -1;  // when it printed "first frame presented"; -1: never
  double peak_rss_mb = 0;
  std::string tail;  // the end of what it printed
};

// The high-water mark of a running process's resident memory, in kB; 0 when it is gone.
long residentPeakKb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.starts_with("VmHWM:")) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

// Runs `args` (args[0] looked up on PATH when it has no slash) with its standard output and
// error read as they come, so the moment it reports its first frame is timed from the spawn.
// Its peak memory is the high-water mark of its own image, read every 10 ms while it runs: the
// ru_maxrss that wait4 reports also counts the memory of this process, whose address space the
// spawned child shares until it execs.
Child runChild(const std::vector<std::string>& args) {
  std::vector<std::string> all = args;
  std::vector<char*> argv;
  for (auto& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  int out[2];
  if (pipe2(out, O_CLOEXEC) != 0) fail("cannot make a pipe for " + args[0]);
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_adddup2(&fa, out[1], 2);
  pid_t pid = 0;
  const auto t0 = Clock::now();
  const int spawned = posix_spawnp(&pid, all[0].c_str(), &fa, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  close(out[1]);
  if (spawned != 0) {
    close(out[0]);
    fail("cannot start " + args[0] + ": " + std::strerror(spawned));
  }
  Child c;
  long peak_kb = 0;
  std::string seen;
  char buf[4096];
  for (;;) {
    pollfd p{out[0], POLLIN, 0};
    const int ready = poll(&p, 1, 10);
    peak_kb = std::max(peak_kb, residentPeakKb(pid));
    if (ready == 0 || (ready < 0 && errno == EINTR)) continue;
    const ssize_t n = read(out[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    seen.append(buf, static_cast<std::size_t>(n));
    if (c.first_frame_ms < 0 && seen.find("first frame presented") != std::string::npos) {
      c.first_frame_ms = msBetween(t0, Clock::now());
    }
    if (seen.size() > 16384) seen.erase(0, seen.size() - 4096);
  }
  close(out[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  c.wall_ms = msBetween(t0, Clock::now());
  c.peak_rss_mb = static_cast<double>(peak_kb) / 1024.0;
  if (WIFEXITED(status)) {
    c.exit_code = WEXITSTATUS(status);
    c.how = "exited " + std::to_string(c.exit_code);
  } else if (WIFSIGNALED(status)) {
    c.how = "killed by signal " + std::to_string(WTERMSIG(status));
  }
  c.tail = std::move(seen);
  return c;
}

// The last line of a child's output that names a failure, or its last line.
std::string lastWords(const std::string& output) {
  std::istringstream in(output);
  std::string line, last, named;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    last = line;
    if (line.starts_with("rc-bench:") || line.starts_with("rc-kiosk:")) named = line;
  }
  return named.empty() ? last : named;
}

void needClean(const Child& c, const std::string& what) {
  if (c.exit_code != 0) {
    fail(what + " " + (c.how.empty() ? std::string("failed") : c.how) + ": " + lastWords(c.tail));
  }
}

// ---- callgrind ------------------------------------------------------------------------------

// One dump of the callgrind child: the label it was taken at and the instructions since the
// counts were zeroed.
struct Dump {
  std::string label;
  double instructions = -1;
};

std::vector<Dump> readDumps(const std::filesystem::path& dir) {
  std::vector<Dump> dumps;
  const std::string prefix = std::string(kCallgrindBase) + ".";
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.path().filename().string().starts_with(prefix)) continue;
    std::ifstream in(entry.path());
    Dump d;
    std::string line;
    static const std::string kTrigger = "desc: Trigger: Client Request: ";
    while (std::getline(in, line)) {
      if (line.starts_with(kTrigger)) d.label = line.substr(kTrigger.size());
      // "totals:" ends the file and "summary:" heads it; both hold the event counts (Ir only).
      if (line.starts_with("totals:") || (d.instructions < 0 && line.starts_with("summary:"))) {
        d.instructions = std::strtod(line.c_str() + line.find(':') + 1, nullptr);
      }
    }
    if (!d.label.empty()) dumps.push_back(d);
  }
  return dumps;
}

struct Instructions {
  double busiest_frame = 0;
  double scan = 0;
  std::optional<double> services_frame;  // nullopt: no service desk
};

// Runs this program under callgrind on the village (countKioskInstructions), and reads the
// instruction counts of its dumps.
Instructions countInstructions(Context& ctx, const Village& v) {
  ctx.step("counting instructions of one frame and one scan under callgrind (a child process)");
  const auto dir = ctx.workDir() / "callgrind";
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  std::filesystem::create_directories(dir, ec);
  if (ec) fail("cannot make " + dir.string() + ": " + ec.message());
  const auto self = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) fail("cannot find this program's path: " + ec.message());
  const auto child =
      runChild({"valgrind", "--tool=callgrind", "--instr-atstart=no",
                "--callgrind-out-file=" + (dir / kCallgrindBase).string(), self.string(),
                "--work-dir", ctx.workDir().string(), "--count-kiosk-instructions", v.path});
  needClean(child, "the callgrind run");
  std::map<std::string, std::vector<double>> by_label;
  for (const auto& d : readDumps(dir)) {
    if (d.instructions < 0) fail("a callgrind dump labelled '" + d.label + "' has no totals");
    by_label[d.label].push_back(d.instructions);
  }
  Instructions r;
  for (const char* screen : {"attract", "home", "supermarket"}) {
    const auto& counts = by_label[std::string("frame ") + screen];
    if (counts.size() != kCountedFrames) {
      fail("callgrind holds " + std::to_string(counts.size()) + " frames of " + screen + ", not " +
           std::to_string(kCountedFrames));
    }
    const double m = median(counts);
    ctx.say(std::string("  one frame of ") + screen + ": " + std::to_string(m / 1e6) +
            " million instructions");
    r.busiest_frame = std::max(r.busiest_frame, m);
  }
  const auto& scans = by_label["scan"];
  if (scans.size() != kCountedScans) {
    fail("callgrind holds " + std::to_string(scans.size()) + " scans, not " +
         std::to_string(kCountedScans));
  }
  r.scan = median(scans);
  ctx.say("  one scan: " + std::to_string(r.scan / 1e6) + " million instructions");
  if (const auto& services = by_label["frame services"]; !services.empty()) {
    r.services_frame = median(services);
    ctx.say("  one frame of services: " + std::to_string(*r.services_frame / 1e6) +
            " million instructions");
  }
  return r;
}

// Restores an environment variable when it goes.
class EnvOverride {
 public:
  EnvOverride(const char* name, const char* value) : m_name(name) {
    if (const char* old = std::getenv(name)) m_old = old;
    setenv(name, value, 1);
  }
  ~EnvOverride() {
    if (m_old) {
      setenv(m_name, m_old->c_str(), 1);
    } else {
      unsetenv(m_name);
    }
  }
  EnvOverride(const EnvOverride&) = delete;
  EnvOverride& operator=(const EnvOverride&) = delete;

 private:
  const char* m_name;
  std::optional<std::string> m_old;
};

}  // namespace

// ---- the suite ------------------------------------------------------------------------------

void runKioskSuite(Context& ctx) {
  ctx.step("reading the recorded scan");
  const RecordedScan rec = recordedScan();
  const Village village = buildVillage(ctx, rec);
  ctx.say("recorded scan: card " + rec.card + ", " + std::to_string(rec.script.steps.size()) +
          " reports, the last report " + std::to_string(rec.last_report.count()) +
          " ms after the first");

  {
    ctx.step("headless: starting the kiosk");
    kiosk::KioskApp app(headlessOptions(village.path));
    checkFrameSize(app);
    KioskDriver drive(app, rec, village, kLimit);
    timeScansAndFrames(ctx, drive, "headless", "kiosk.scan_to_frame_headless",
                       "kiosk.busiest_frame_ms");
    ctx.step("headless: timing frames on the service hub's Services screen");
    if (const auto ms = drive.servicesFrame(ctx)) {
      ctx.put("kiosk.services_frame_ms", *ms, "ms");
    } else {
      ctx.say("  no service desk on this kiosk: kiosk.services_frame_* not measured");
    }
  }

  {
    ctx.step("Xvfb: opening a 1920x1080 window on the X display");
    const char* display = std::getenv("DISPLAY");
    if (!display || !*display) {
      fail("no X display (DISPLAY is unset): scripts/bench runs this suite under Xvfb");
    }
    const EnvOverride x11("SDL_VIDEODRIVER", "x11");
    kiosk::KioskApp app(windowOptions(ctx, village.path));
    checkFrameSize(app);
    KioskDriver drive(app, rec, village, kLimit);
    timeScansAndFrames(ctx, drive, "Xvfb", "kiosk.scan_to_frame_xvfb", "kiosk.busiest_frame_xvfb_ms");

    ctx.step("Xvfb: CPU of the live loop over 10 s idle on the attract screen");
    drive.backToAttract();
    const auto frames0 = app.frameStats().frames;
    const double cpu0 = cpuSeconds();
    const auto w0 = Clock::now();
    (void)app.run(kIdleTime);
    const double wall = secondsSince(w0);
    const double cpu = cpuSeconds() - cpu0;
    if (wall < 0.99 * std::chrono::duration<double>(kIdleTime).count()) {
      fail("the loop returned after " + std::to_string(wall) + " s");
    }
    ctx.say("  " + std::to_string(app.frameStats().frames - frames0) + " frames drawn, " +
            std::to_string(cpu * 1000) + " ms of CPU in " + std::to_string(wall) + " s");
    ctx.put("kiosk.idle_cpu_percent", 100.0 * cpu / wall, "%");
  }

  ctx.step("cold start to first frame: 9 headless rc-kiosk processes");
  std::vector<double> cold, whole;
  for (int i = 0; i < 9; ++i) {
    const auto c = runChild({RC_KIOSK_BIN, "--headless", "--db", village.path, "--run-for", "0"});
    needClean(c, "rc-kiosk --run-for 0 (run " + std::to_string(i + 1) + ")");
    if (c.first_frame_ms < 0) fail("rc-kiosk never said 'first frame presented'");
    cold.push_back(c.first_frame_ms);
    whole.push_back(c.wall_ms);
  }
  ctx.put("kiosk.cold_start_ms", median(cold), "ms");
  // Start, first frame, the DB worker's first answers, clean exit.
  ctx.put("kiosk.start_to_exit_ms", median(whole), "ms");

  ctx.step("peak RSS of a headless rc-kiosk running the whole tour");
  const auto tour_db = (ctx.workDir() / "kiosk-tour.db").string();
  std::filesystem::copy_file(village.path, tour_db,
                             std::filesystem::copy_options::overwrite_existing);
  const auto tour = runChild({RC_KIOSK_BIN, "--headless", "--db", tour_db, "--tour", "--size",
                              std::to_string(kWidth) + "x" + std::to_string(kHeight)});
  needClean(tour, "rc-kiosk --tour");
  if (tour.peak_rss_mb <= 0) fail("could not read the tour's memory while it ran");
  ctx.put("kiosk.peak_rss_mb", tour.peak_rss_mb, "MB");

  const auto counted = countInstructions(ctx, village);
  ctx.put("kiosk.busiest_frame_instructions", counted.busiest_frame, "instructions");
  ctx.put("kiosk.scan_to_frame_instructions", counted.scan, "instructions");
  if (counted.services_frame) {
    ctx.put("kiosk.services_frame_instructions", *counted.services_frame, "instructions");
  }
}

// Under callgrind with --instr-atstart=no: nothing is counted until the kiosk has started;
// then each measured frame or scan is counted from zero and dumped under its label.
int countKioskInstructions(const std::string& village_path) {
#if !RC_HAVE_CALLGRIND
  (void)village_path;
  fail("rc-bench was built without valgrind's headers: install valgrind and build it again");
#else
  if (!RUNNING_ON_VALGRIND) fail("this runs under callgrind; the kiosk suite starts it");
  const RecordedScan rec = recordedScan();
  const Village v = openVillage(village_path, rec);
  kiosk::KioskApp app(headlessOptions(v.path));
  checkFrameSize(app);
  KioskDriver drive(app, rec, v, kCountedLimit);
  drive.settle("start-up");
  CALLGRIND_START_INSTRUMENTATION;
  for (int i = 1; i <= kCountedScans; ++i) {
    (void)drive.scan(i, [] { CALLGRIND_ZERO_STATS; });
    CALLGRIND_DUMP_STATS_AT("scan");
  }
  auto count = [&](const std::string& screen) {
    app.redraw();  // glyphs and caches as a steady screen has them
    const std::string label = "frame " + screen;
    for (int i = 0; i < kCountedFrames; ++i) {
      CALLGRIND_ZERO_STATS;
      app.redraw();
      CALLGRIND_DUMP_STATS_AT(label.c_str());
    }
  };
  drive.onBusyScreens(count);
  (void)drive.onServicesScreen(count);
  CALLGRIND_STOP_INSTRUMENTATION;
  return 0;
#endif
}

}  // namespace rc::bench
