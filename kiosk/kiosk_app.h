#pragma once
// The kiosk application: platform, controller, DB worker and reader wired into one
// event-driven loop. The loop sleeps in SDL_WaitEvent until something happens (a tap, a scan,
// a worker's answer, a timer), then drains the queues, applies what arrived and draws a frame
// only when the state changed. Headless, it runs session scripts.
// Ownership: owns everything it runs. Not thread-safe: the thread that calls run() must be the
// one that constructed it (SDL's rule).

#include <chrono>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/settings.h"
#include "kiosk/app/kiosk_data.h"
#include "kiosk/app/office_link.h"
#include "kiosk/app/script.h"
#include "kiosk/app/state.h"
#include "kiosk/ui/layout.h"

namespace rc::drivers {
class ScanSink;
}

namespace rc::kiosk {

struct KioskOptions {
  std::string db_path;
  bool headless = false;
  bool fullscreen = true;
  int width = 1920;
  int height = 1080;
  bool force_software = false;
  std::string font_path;  // empty: the system's Noto Sans CJK
  std::string kiosk_id = "kiosk-1";
  // Synced with an office: the sync worker runs in the background on db_path (the kiosk's own
  // file) and kiosk_id is the identity's. nullopt: standalone on a whole ledger.
  std::optional<OfficeLink> office;
  // "fake" (keyboard typing + Enter scans, and scripts), or an RC_READER value (usb, evdev:PATH,
  // serial:PATH, replay:FILE). Headless and scripted runs always use the fake reader.
  std::string reader = "usb";
  // A session script drives the kiosk (headless or in a window): fake reader, no hold-off.
  bool scripted = false;
  std::string reader_config_path;  // readers.conf; empty: defaults
  // Each print job's bytes go to DIR/NNNN.escpos instead of a printer (a headless kiosk, tests).
  // Empty: the printer readers.conf names (`printer = usb`), or none.
  std::string printer_out;
  // Every utterance also goes to DIR/NNNN-<screen>.wav (tests, the tour). Empty: none.
  std::string audio_out;
  // The village's recorded prompts (<zh|en>/<key>.wav, assets/voice/README.md). Empty: none.
  std::string voice_dir;
  core::Settings settings;
  // The service hub's desk, made on the DB worker's thread when the ledger opens (see
  // KioskData). rc-kiosk: defaultServiceDesk(). Empty: no services on this kiosk.
  ServiceDeskFactory service_desk;
};

// What a frame cost, for the benchmark.
struct FrameStats {
  double build_ms = 0;   // ImGui and the screen functions
  double render_ms = 0;  // the renderer drawing and presenting
  std::uint64_t frames = 0;
  // Atlas rebuilds between frames for glyphs not seeded at start (each about 30 ms at
  // 1920×1080 on these machines, paid by the frame that needs them).
  std::uint64_t font_builds = 0;
};

class KioskApp {
 public:
  // Throws std::runtime_error at start-up (no display, no font, bad reader config).
  explicit KioskApp(KioskOptions options);
  ~KioskApp();
  KioskApp(const KioskApp&) = delete;
  KioskApp& operator=(const KioskApp&) = delete;

  // The live loop, until the window closes (or `stop_after` passes). Returns the exit code.
  int run(std::optional<std::chrono::milliseconds> stop_after = std::nullopt);

  // Runs a script headless: screenshots into `shots_dir` (created), messages to `log`.
  // Returns 0, or 1 naming the failing line on `log`.
  int runScript(const std::vector<ScriptCommand>& script, const std::string& shots_dir,
                std::ostream& log);

  // One loop turn: waits up to `timeout_ms` (-1: until an event) and draws if needed. Returns
  // true when a frame was drawn.
  bool pump(int timeout_ms);
  // Pumps until nothing is pending (worker, input, scans) and the last frame is current, or
  // `limit` passes; false on timeout.
  bool settle(std::chrono::milliseconds limit = std::chrono::seconds(10));
  // Draws a frame now (benchmarks measure frame cost on a steady screen).
  void redraw();
  // A scan through the fake reader, as a reader thread would deliver it.
  void scan(const std::string& text);
  // Where readers hand their scans (thread-safe): a benchmark plays a recording into it.
  drivers::ScanSink& scanSink();
  // Taps an element of the last frame by id; false when it is not on screen.
  bool tap(const std::string& id);

  const AppState& state() const;
  const ui::Layout& layout() const;
  // The last layout of every screen drawn so far, in first-seen order.
  const std::vector<ui::Layout>& screensSeen() const;
  const FrameStats& frameStats() const;
  // When the last frame was presented.
  std::chrono::steady_clock::time_point lastPresent() const;
  // What draws the frames: SDL's renderer name, or our own software rasterizer.
  std::string rendererName() const;
  int width() const;
  int height() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m;
};

// Writes the layouts as JSON: [{"screen": NAME, "width": W, "height": H, "elements": [...]}].
void writeLayoutJson(const std::vector<ui::Layout>& layouts, int width, int height,
                     std::ostream& out);

}  // namespace rc::kiosk
