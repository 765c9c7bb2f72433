// rc-kiosk: the village's touch kiosk. Full screen by default; --windowed WxH for development;
// --headless runs a session script (or the built-in tour) with the SDL dummy driver and our
// software rasterizer, writing screenshots and, with --dump-layout, every screen's elements;
// --windowed WxH with --script or --tour runs the same session in a window.
//
// Exit codes: 0 ok, 1 a script expectation failed (the message names the line), 2 bad input or
// a start-up failure (one plain line saying why).
#include <SDL.h>
#include <sys/stat.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "core/settings.h"
#include "core/text.h"
#include "db/sqlite.h"
#include "kiosk/app/tour.h"
#include "kiosk/kiosk_app.h"

namespace {

constexpr const char* kUsage =
    "Usage: rc-kiosk --db PATH [--windowed WxH] [--software] [--reader fake|usb|evdev:PATH|\n"
    "                 serial:PATH|replay:FILE] [--reader-config FILE] [--config FILE]\n"
    "                 [--kiosk-id ID] [--font PATH] [--kiosk-config FILE] [--office-url URL]\n"
    "                 [--printer-out DIR] [--audio-out DIR] [--voice-dir DIR]\n"
    "       rc-kiosk (--headless | --windowed WxH) --db PATH (--script FILE | --tour)\n"
    "                 [--shots DIR] [--size WxH] [--dump-layout FILE] [--kiosk-config FILE]\n"
    "                 [--office-url URL] [--audio-out DIR] [--voice-dir DIR]\n"
    "       rc-kiosk --headless --db PATH --run-for MS   (the live loop, for benchmarks; prints\n"
    "                 \"first frame presented\" as soon as it is)\n"
    "\n"
    "Standalone (no office URL), PATH is a whole village ledger and the kiosk never creates it.\n"
    "\n"
    "Synced with the office ledger server (docs/sync-protocol.md): on the office, run\n"
    "  rc-office --db village.db enroll-kiosk supermarket\n"
    "and put the lines it prints in a file on this kiosk, readable only by the kiosk's user\n"
    "(chmod 600: a config holding the key that others may read is refused):\n"
    "  kiosk_id = supermarket\n"
    "  kiosk_secret_key = <the key it printed>\n"
    "  office_cert_sha256 = <the office certificate's fingerprint it printed>\n"
    "  office_url = https://192.168.1.10:8080    (the address given to rc-office serve --listen)\n"
    "then run rc-kiosk --db kiosk.db --kiosk-config FILE. PATH is then the kiosk's own ledger\n"
    "file, created on first start and filled from the office; the kiosk redeems offline against\n"
    "the office's last figures (up to the daily offline limit, --config) and syncs in the\n"
    "background over HTTPS, talking only to the office whose certificate has that fingerprint;\n"
    "the status bar shows 已同步 / 待同步 N 笔 / 网络断开，离线工作中 (or 村委会证书不符 when\n"
    "another certificate answers).\n"
    "--office-url URL overrides the file's office_url; --kiosk-id must match its kiosk_id.\n"
    "\n"
    "Voice: each screen speaks its essentials (libespeak-ng, Mandarin or English as shown) at\n"
    "voice_volume, not during voice_quiet_hours unless 再听一遍 is tapped (--config). A kiosk\n"
    "without a sound card stays silent. --voice-dir DIR: the village's recorded prompts,\n"
    "DIR/zh/KEY.wav and DIR/en/KEY.wav, used instead of synthesis (assets/voice/README.md).\n"
    "--audio-out DIR also writes every utterance as DIR/NNNN-SCREEN.wav (16-bit mono PCM,\n"
    "whatever the volume and quiet hours) and --dump-layout adds each screen's \"spoken\" text.\n";

bool parseSize(const std::string& s, int& w, int& h) {
  return std::sscanf(s.c_str(), "%dx%d", &w, &h) == 2 && w >= 320 && h >= 240 && w <= 8192 &&
         h <= 8192;
}

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int bad(const std::string& why) {
  std::cerr << "rc-kiosk: " << why << "\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  // Everything the kiosk creates (its ledger and its -wal/-shm, screenshots, folders) is
  // private to the kiosk's user: 0600 files, 0700 folders.
  ::umask(077);
  rc::kiosk::KioskOptions opt;
  std::string script_path, shots_dir, layout_path, config_path, kiosk_config_path, office_url;
  std::string kiosk_id_flag;
  bool tour = false;
  bool reader_given = false;
  long run_for_ms = -1;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::invalid_argument(a + " needs a value");
      return argv[++i];
    };
    try {
      if (a == "-h" || a == "--help") {
        std::cout << kUsage;
        return 0;
      } else if (a == "--db") {
        opt.db_path = value();
      } else if (a == "--headless") {
        opt.headless = true;
      } else if (a == "--windowed" || a == "--size") {
        if (!parseSize(value(), opt.width, opt.height)) return bad(a + " takes WxH, e.g. 1280x720");
        if (a == "--windowed") opt.fullscreen = false;
      } else if (a == "--software") {
        opt.force_software = true;
      } else if (a == "--reader") {
        opt.reader = value();
        reader_given = true;
      } else if (a == "--reader-config") {
        opt.reader_config_path = value();
      } else if (a == "--printer-out") {
        opt.printer_out = value();
      } else if (a == "--audio-out") {
        opt.audio_out = value();
      } else if (a == "--voice-dir") {
        opt.voice_dir = value();
      } else if (a == "--config") {
        config_path = value();
      } else if (a == "--kiosk-id") {
        kiosk_id_flag = value();
      } else if (a == "--kiosk-config") {
        kiosk_config_path = value();
      } else if (a == "--office-url") {
        office_url = value();
      } else if (a == "--font") {
        opt.font_path = value();
      } else if (a == "--script") {
        script_path = value();
      } else if (a == "--tour") {
        tour = true;
      } else if (a == "--shots") {
        shots_dir = value();
      } else if (a == "--dump-layout") {
        layout_path = value();
      } else if (a == "--run-for") {
        const std::string ms = value();
        const auto parsed = rc::core::parseWholeNumber(ms, 0, 24LL * 3600 * 1000);
        if (!parsed) return bad("--run-for takes milliseconds, a whole number up to a day, not '" + ms + "'");
        run_for_ms = static_cast<long>(*parsed);
      } else {
        std::cerr << kUsage;
        return bad("unknown argument '" + a + "'");
      }
    } catch (const std::exception& e) {
      return bad(e.what());
    }
  }
  if (opt.db_path.empty()) return bad("--db PATH is required");
  // A script or the tour also runs in a window (an installer watching a new kiosk; the tests,
  // under Xvfb): the same session, drawn by the display's renderer.
  opt.scripted = tour || !script_path.empty();
  if (opt.headless && !tour && script_path.empty() && run_for_ms < 0) {
    return bad("--headless needs --script FILE, --tour or --run-for MS");
  }
  // RC_READER picks the reader for demos and tests unless --reader did.
  if (const char* env = std::getenv("RC_READER"); env && !reader_given) opt.reader = env;

  try {
    if (!config_path.empty()) {
      auto parsed = rc::core::parseSettings(slurp(config_path));
      if (!parsed) {
        return bad(config_path + " line " + std::to_string(parsed.error().line) + ": " +
                   parsed.error().message);
      }
      opt.settings = parsed.value();
    }
    rc::kiosk::KioskConfigFile kiosk_config;
    if (!kiosk_config_path.empty()) {
      auto parsed = rc::kiosk::readKioskConfigFile(kiosk_config_path);
      if (!parsed) return bad(parsed.error());
      kiosk_config = std::move(parsed.value());
    }
    auto link = rc::kiosk::resolveOfficeLink(kiosk_config, office_url, kiosk_id_flag);
    if (!link) return bad((kiosk_config_path.empty() ? "" : kiosk_config_path + ": ") + link.error());
    opt.office = std::move(link.value());
    if (opt.office) {
      opt.kiosk_id = opt.office->identity.kiosk_id;
      const auto line = rc::kiosk::prepareKioskFile(*opt.office, opt.db_path, opt.settings);
      if (!line.empty()) std::cerr << "rc-kiosk: " << line << "\n";
    } else if (!kiosk_id_flag.empty()) {
      opt.kiosk_id = kiosk_id_flag;
    }
    const std::vector<rc::core::StationKind> stations =
        opt.office ? opt.office->stations : std::vector<rc::core::StationKind>{};
    std::vector<rc::kiosk::ScriptCommand> script;
    if (!script_path.empty() || tour) {
      std::string text;
      if (tour) {
        if (opt.office) {
          const auto line = rc::kiosk::fetchRosterNow(*opt.office, opt.db_path, opt.settings);
          if (!line.empty()) std::cerr << "rc-kiosk: " << line << "\n";
        }
        rc::db::Database d(opt.db_path, rc::db::OpenMode::ReadOnly);
        text = rc::kiosk::tourScript(d, opt.settings,
                                     opt.office ? std::optional(opt.kiosk_id) : std::nullopt,
                                     rc::kiosk::defaultServiceDesk(stations));
      } else {
        text = slurp(script_path);
      }
      auto parsed = rc::kiosk::parseScript(text);
      if (!parsed) {
        return bad((tour ? std::string("tour") : script_path) + " line " +
                   std::to_string(parsed.error().line) + ": " + parsed.error().message);
      }
      script = std::move(parsed.value());
    }

    opt.service_desk = rc::kiosk::defaultServiceDesk(stations);
    rc::kiosk::KioskApp app(opt);
    std::cerr << "rc-kiosk: " << app.width() << "x" << app.height() << ", drawn by "
              << app.rendererName() << "\n";
    int code = 0;
    if (!script.empty()) {
      code = app.runScript(script, shots_dir, std::cerr);
    } else {
      if (run_for_ms >= 0) {
        // Benchmarks time start-up to this line: the first frame is on screen.
        app.pump(0);
        if (app.lastPresent() != std::chrono::steady_clock::time_point{}) {
          std::cout << "first frame presented" << std::endl;
        }
      }
      code = app.run(run_for_ms >= 0 ? std::optional(std::chrono::milliseconds(run_for_ms))
                                     : std::nullopt);
    }
    if (!layout_path.empty()) {
      std::ofstream out(layout_path);
      rc::kiosk::writeLayoutJson(app.screensSeen(), app.width(), app.height(), out);
      if (!out) return bad("cannot write " + layout_path);
    }
    return code;
  } catch (const std::exception& e) {
    return bad(e.what());
  }
}
