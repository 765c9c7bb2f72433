#include "kiosk/kiosk_app.h"

#include <SDL.h>
#include <imgui.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/services.h"
#include "db/catalog.h"
#include "db/kiosk_journal.h"
#include "db/roster.h"
#include "db/staff.h"
#include "drivers/fake_reader.h"
#include "drivers/reader_config.h"
#include "drivers/reader_factory.h"
#include "drivers/scan_assembler.h"
#include "drivers/scan_queue.h"
#include "kiosk/app/controller.h"
#include "kiosk/app/db_worker.h"
#include "kiosk/app/kiosk_data.h"
#include "kiosk/app/speech.h"
#include "kiosk/platform/platform.h"
#include "kiosk/platform/voice.h"
#include "kiosk/ui/canvas.h"
#include "kiosk/ui/screens.h"
#include "sync/client.h"

// Sections: construction (reader, fonts); the loop (events, queues, frames); scripts; layout JSON.

namespace rc::kiosk {
namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

constexpr milliseconds kReaderPoll{1000};

drivers::ReaderConfig readerConfig(const KioskOptions& o) {
  drivers::ReaderConfig cfg;
  if (!o.reader_config_path.empty()) {
    std::ifstream in(o.reader_config_path);
    if (!in) throw std::runtime_error("cannot read " + o.reader_config_path);
    std::stringstream ss;
    ss << in.rdbuf();
    auto parsed = drivers::parseReaderConfig(ss.str());
    if (!parsed) {
      throw std::runtime_error(o.reader_config_path + " line " +
                               std::to_string(parsed.error().line) + ": " + parsed.error().message);
    }
    cfg = std::move(parsed.value());
  }
  const std::string spec = o.headless || o.scripted ? "fake" : o.reader;
  auto applied = drivers::applyReaderOverride(cfg, spec);
  if (!applied) throw std::runtime_error("bad reader '" + spec + "': " + applied.error().message);
  cfg = std::move(applied.value());
  // A script scans the same product twice on purpose; the hold-off is for cards resting on a
  // real reader, and scripted time is not real time.
  if (o.headless || o.scripted) cfg.hold_off = milliseconds(0);
  return cfg;
}

}  // namespace

struct KioskApp::Impl {
  explicit Impl(KioskOptions o)
      : opt(std::move(o)),
        platform(platformOptions(opt)),
        reader_cfg(readerConfig(opt)),
        queue(reader_cfg.queue_capacity),
        sink(queue, reader_cfg.classify, reader_cfg.hold_off),
        controller(opt.settings, opt.kiosk_id) {
    ImGuiStyle& style = ImGui::GetStyle();
    style.WindowPadding = ImVec2(0, 0);
    style.WindowBorderSize = 0;
    style.WindowRounding = 0;
    style.ItemSpacing = ImVec2(0, 0);
    // Flat shapes on a touch screen: no anti-aliased fringes, which the software renderer
    // draws as thousands of thin blended triangles per frame.
    style.AntiAliasedFill = false;
    style.AntiAliasedLines = false;

    queue.setWakeup([this] { platform.wake(); });
    if (reader_cfg.reader == drivers::ReaderKind::Fake) {
      auto f = std::make_unique<drivers::FakeReader>(reader_cfg, sink);
      fake = f.get();
      reader = std::move(f);
    } else {
      auto made = drivers::makeReader(reader_cfg, sink);
      if (!made) throw std::runtime_error("reader: " + made.error().message);
      reader = std::move(made.value());
    }
    if (auto started = reader->start(); !started) {
      throw std::runtime_error("reader: " + started.error().message);
    }
    auto made_printer = drivers::makePrinter(reader_cfg.printer, opt.printer_out);
    if (!made_printer) throw std::runtime_error("printer: " + made_printer.error());
    printer = std::move(made_printer.value());
    controller.setPrinter(printer.get(), reader_cfg.printer.columns());
    seedGlyphs();
    if (auto fonts = platform.refreshFonts(); !fonts) throw std::runtime_error(fonts.error());
    std::optional<SyncMode> sync_mode;
    if (opt.office) {
      auto cfg = syncConfigFor(*opt.office, opt.db_path, opt.settings);
      cfg.on_status_change = [this] { platform.wake(); };
      syncer = std::make_unique<sync::SyncWorker>(std::move(cfg));
      sync_mode = SyncMode{[this] { return syncer->status().office_reachable; }};
    }
    worker = std::make_unique<DbWorker>(
        std::make_unique<KioskData>(opt.db_path, opt.settings, opt.kiosk_id, sync_mode,
                                    opt.service_desk),
        [this] { platform.wake(); });
    // The voice: in a window always (silent without a sound card); headless only to write
    // what it would say.
    if (!opt.headless || !opt.audio_out.empty()) {
      voice = std::make_unique<platform::Voice>(
          platform::VoiceOptions{!opt.headless, opt.audio_out, opt.voice_dir, {}});
    }
    controller.start(now());
    // A synced kiosk checks its own file before it serves anyone: the head the office
    // acknowledged is still there, and the file verifies.
    const auto problem = opt.office ? fileProblem(opt) : std::nullopt;
    if (problem) {
      outOfService(*problem);
    } else if (syncer) {
      syncer->start();
      // Before the first scan is handled: a file without its roster shows the download.
      pollSync(now());
    }
  }

  static std::optional<std::string> fileProblem(const KioskOptions& o) {
    try {
      db::Database d(o.db_path);
      db::Ledger ledger(d, o.settings);
      return db::KioskJournal(ledger, o.office->identity.kiosk_id).integrityProblem();
    } catch (const std::exception&) {
      return std::nullopt;  // cannot open: the worker reports the ledger as unavailable
    }
  }

  void outOfService(const std::string& reason) {
    std::cerr << "rc-kiosk: out of service (暂停服务): " << reason
              << "; the office has what it acknowledged. Restore the kiosk's file from the office "
                 "or enroll a new kiosk.\n";
    controller.outOfService(now());
  }

  ~Impl() {
    voice.reset();  // writes what audio-out still waits for
    worker.reset();  // joins before the platform (which its wake-ups reach) goes
    syncer.reset();  // the DB worker asked it; it wakes the platform
    if (reader) reader->stop();
  }

  static platform::PlatformOptions platformOptions(const KioskOptions& o) {
    platform::PlatformOptions p;
    p.headless = o.headless;
    p.fullscreen = o.fullscreen;
    p.width = o.width;
    p.height = o.height;
    p.force_software = o.force_software;
    if (!o.font_path.empty()) p.font_path = o.font_path;
    return p;
  }

  // Glyphs for every UI string and every name the database holds now; later names are added
  // as the worker's answers bring them.
  void seedGlyphs() {
    auto& fonts = platform.fonts();
    for (auto s : allStrings()) fonts.addText(s);
    for (auto s : displayStrings()) fonts.addText(s, true);
    // The staff's reasons for a void or a stock count (core's lists, in both languages).
    for (auto r : core::kVoidReasons) {
      fonts.addText(core::voidReasonZh(r));
      fonts.addText(core::voidReasonEn(r));
    }
    for (auto r : core::kCountReasons) {
      fonts.addText(core::countReasonZh(r));
      fonts.addText(core::countReasonEn(r));
    }
    for (const auto& n : core::kOrderNotes) {
      for (auto t : {n.zh, n.en, n.done_zh, n.done_en}) fonts.addText(t);
    }
    try {
      db::Database d(opt.db_path, db::OpenMode::ReadOnly);
      for (const auto& v : db::Roster(d).villagers()) fonts.addText(v.name);
      for (const auto& p : db::Catalog(d).products(false)) {
        fonts.addText(p.name);
        fonts.addText(p.category);
      }
      // The service hub's names: stations and grids as the office named them, so the first
      // scan does not stop to bake them.
      for (const auto& m : db::StaffRepo(d).list()) fonts.addText(m.name);
      // And why a record moved the numbers (Home's reasons and a record's evidence): the rule
      // book's titles, the volunteer teams, the newest council and fund entries' words, and on
      // a synced kiosk the office's explained history.
      for (const char* sql :
           {"SELECT name FROM stations", "SELECT name FROM grids", "SELECT title FROM rules",
            "SELECT name FROM volunteer_teams", "SELECT what || evidence FROM villager_history",
            "SELECT detail FROM entries WHERE kind IN ('council_award', 'council_deduction', "
            "'fund_reward') ORDER BY seq DESC LIMIT 2000"}) {
        try {
          auto st = d.prepare(sql);
          while (true) {
            auto row = st.step();
            if (!row || !*row) break;
            fonts.addText(st.columnTextView(0));
          }
        } catch (const std::exception&) {
          // A file from before that table: its glyphs are baked when first shown.
        }
      }
    } catch (const std::exception&) {
      // The ledger is unavailable: the worker says so and the kiosk shows "暂停服务".
    }
  }

  // Why each recent record moved the numbers: rule titles, goods, teams, the evidence.
  void addEntryGlyphs(const std::vector<EntryLine>& recent) {
    for (const auto& e : recent) {
      platform.fonts().addText(e.what);
      platform.fonts().addText(e.evidence);
    }
  }

  void addGlyphs(const Response& r) {
    auto& f = platform.fonts();
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, response::Boards>) {
            for (const auto& l : x.boards.party) f.addText(l.name);
            for (const auto& l : x.boards.commended) f.addText(l.name);
          } else if constexpr (std::is_same_v<T, response::Products>) {
            for (const auto& p : x.products) {
              f.addText(p.name);
              f.addText(p.category);
            }
          } else if constexpr (std::is_same_v<T, response::Card>) {
            if (x.villager) {
              f.addText(x.villager->name);
              f.addText(x.villager->paired_name);
              addEntryGlyphs(x.villager->recent);
              for (const auto& t : x.villager->recruiting) f.addText(t);
            }
          } else if constexpr (std::is_same_v<T, response::Barcode>) {
            if (x.product) f.addText(x.product->name);
          } else if constexpr (std::is_same_v<T, response::Redeemed>) {
            for (const auto& l : x.receipt.lines) f.addText(l.name);
          } else if constexpr (std::is_same_v<T, response::Stations>) {
            for (const auto& s : x.stations) f.addText(s.name);
          } else if constexpr (std::is_same_v<T, response::Slots>) {
            for (const auto& s : x.slots) f.addText(s.station_name);
          } else if constexpr (std::is_same_v<T, response::Served>) {
            addHubGlyphs(x.hub);
            if (x.villager) {
              f.addText(x.villager->grid);
              addEntryGlyphs(x.villager->recent);
            }
            if (x.ticket) {
              f.addText(x.ticket->station_name);
              f.addText(x.ticket->villager_name);
              f.addText(x.ticket->helper_name);
              f.addText(x.ticket->note);
              f.addText(x.ticket->grid);
              f.addText(x.ticket->number);
            }
          } else if constexpr (std::is_same_v<T, response::StaffCard>) {
            f.addText(x.name);
          } else if constexpr (std::is_same_v<T, response::StaffDone>) {
            f.addText(x.line);
            if (x.day) {
              for (const auto& t : x.day->txns) {
                f.addText(t.villager);
                f.addText(t.what);
              }
              for (const auto& [key, name] : x.day->names) f.addText(name);
            }
            if (x.orders) {
              for (const auto& o : *x.orders) {
                f.addText(o.requester_name);
                f.addText(o.claimer_name);
                f.addText(o.ticket);
              }
            }
          } else if constexpr (std::is_same_v<T, response::StaffRefused>) {
            f.addText(x.words);
          } else if constexpr (std::is_same_v<T, response::ServiceRefused>) {
            f.addText(x.subject);
            for (const auto& s : x.shortfall) f.addText(s.name);
            if (x.hub) addHubGlyphs(*x.hub);
          }
          if constexpr (std::is_same_v<T, response::Card>) {
            if (x.villager) f.addText(x.villager->grid);
            if (x.hub) addHubGlyphs(*x.hub);
          }
        },
        r);
  }

  void addHubGlyphs(const HubView& h) {
    auto& f = platform.fonts();
    auto order = [&](const db::OrderView& o) {
      f.addText(o.ticket);
      f.addText(o.requester_name);
      f.addText(o.requester_grid);
      f.addText(o.claimer_name);
      f.addText(o.note);
    };
    for (const auto& b : h.bookings) {
      f.addText(b.ticket);
      f.addText(b.station_name);
      f.addText(b.villager_name);
      f.addText(b.booked_by_name);
    }
    for (const auto& o : h.requests) order(o);
    for (const auto& o : h.open) order(o);
    for (const auto& o : h.claimed) order(o);
    for (const auto& n : h.notices) f.addText(n.other_name);
  }

  TimePoint now() const { return Clock::now() + offset; }

  // ---- the loop ---------------------------------------------------------------------------

  void handle(const SDL_Event& e) {
    if (e.type == SDL_QUIT) {
      quit = true;
      return;
    }
    if (platform.input().onEvent(e)) return;
    if (e.type == platform.wakeEventType()) return;  // the queues are drained after events
    if (e.type == SDL_WINDOWEVENT && e.window.event == SDL_WINDOWEVENT_EXPOSED) {
      force_frame = true;
      return;
    }
    // The keyboard, with the fake reader only: typed text and Enter make a scan (a keyboard-
    // wedge reader, or a developer at a desk).
    if (fake && e.type == SDL_TEXTINPUT) {
      if (typed.size() < 512) typed += e.text.text;
    } else if (fake && e.type == SDL_KEYDOWN &&
               (e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER)) {
      if (!typed.empty()) fake->scan(std::exchange(typed, {}));
    } else if (e.type == SDL_KEYDOWN && e.key.keysym.sym == SDLK_ESCAPE && !opt.fullscreen) {
      quit = true;
    }
  }

  void pollReader(TimePoint t) {
    if (simulated_reader) return;
    if (t < next_reader_poll) return;
    next_reader_poll = t + kReaderPoll;
    const auto st = reader->status();
    const bool connected = st.state == drivers::DeviceState::Streaming ||
                           st.state == drivers::DeviceState::Opening;
    controller.onReader(connected, st.device, t);
  }

  // Cheap (a status copy under a lock): every loop turn, which is at least every reader poll.
  void pollPrinter(TimePoint t) {
    if (printer) controller.onPrinter(printerLight(printer->status().state), t);
  }

  void pollSync(TimePoint t) {
    if (!syncer) return;
    sync::SyncStatus st = syncer->status();
    if (st.last_error_code == sync::SyncErrorCode::ChainBreak && !controller.state().out_of_service) {
      outOfService(st.last_error);
    }
    if (st.last_error != sync_error_logged) {
      // The reason, for staff; never a key (the client's messages carry none).
      if (!st.last_error.empty()) {
        std::cerr << "rc-kiosk: sync: " << st.last_error << "\n";
      } else if (!sync_error_logged.empty()) {
        std::cerr << "rc-kiosk: sync: the office is reachable again\n";
      }
      sync_error_logged = st.last_error;
    }
    if (redeemed_pending && st.rounds <= redeemed_at_round) {
      st.pending = std::max(st.pending, *redeemed_pending);
    } else {
      redeemed_pending.reset();
    }
    controller.onSync(syncViewOf(st), st.pulls_with_changes, t);
  }

  // Lets real time pass (the worker runs on real time) until the office holds everything this
  // kiosk recorded, or the office is seen unreachable; false after 20 s.
  bool waitSync(bool synced) {
    const std::uint64_t start = syncer->status().rounds;
    syncer->nudge();
    const auto deadline = Clock::now() + std::chrono::seconds(20);
    while (Clock::now() < deadline) {
      const auto st = syncer->status();
      const bool there = synced ? st.office_reachable && st.pending == 0 : !st.office_reachable;
      // Two rounds: the one running when asked may have started before the last redemption.
      if (st.rounds >= start + 2 && there) return true;
      pump(20);
    }
    return false;
  }

  bool afterEvents() {
    const TimePoint t = now();
    while (auto ev = queue.tryPop()) {
      controller.onScan(ev->payload, t);
    }
    for (auto& r : worker->drain()) {
      addGlyphs(r);
      if (const auto* redeemed = std::get_if<response::Redeemed>(&r); redeemed && syncer) {
        // Counted from the journal just now; the worker's figure lags until its next round.
        redeemed_pending = redeemed->pending_sync;
        redeemed_at_round = syncer->status().rounds;
        syncer->nudge();
      }
      // Staff work (a void, stock, a day close) goes to the office as soon as it can.
      if (const auto* done = std::get_if<response::StaffDone>(&r);
          done && syncer && done->op != response::StaffOp::Load) {
        syncer->nudge();
      }
      controller.onResponse(std::move(r), t);
    }
    pollReader(t);
    pollPrinter(t);
    pollSync(t);
    controller.tick(t);
    for (auto& req : controller.takeRequests()) worker->post(std::move(req));
    const bool draw = controller.takeChanged() || platform.input().busy() || force_frame || again;
    if (draw) drawFrame();
    return draw;
  }

  bool pump(int timeout_ms) {
    SDL_Event e;
    const bool got = platform.waitEvent(e, timeout_ms);
    if (got) {
      handle(e);
      while (SDL_PollEvent(&e)) handle(e);
    }
    return afterEvents();
  }

  // How long the loop may sleep: until the next timer, or a reader poll.
  int waitMs() const {
    if (again || force_frame || platform.input().busy()) return 0;
    TimePoint next = next_reader_poll;
    if (simulated_reader) next = now() + std::chrono::hours(1);
    if (auto d = controller.nextDeadline(); d && *d < next) next = *d;
    const auto ms = std::chrono::ceil<milliseconds>(next - now()).count();
    return static_cast<int>(std::clamp<long long>(ms, 0, 60'000));
  }

  void drawFrame() {
    force_frame = false;
    again = false;
    if (platform.fonts().dirty()) {
      ++stats.font_builds;
      if (auto r = platform.refreshFonts(); !r) std::cerr << "rc-kiosk: fonts: " << r.error() << "\n";
    }
    const auto t0 = Clock::now();
    platform.beginFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImGui::GetIO().DisplaySize);
    ImGui::Begin("##kiosk", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoBackground |
                     ImGuiWindowFlags_NoScrollWithMouse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                     ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoFocusOnAppearing);
    layout = ui::Layout{};
    ui::Canvas canvas(ImGui::GetWindowDrawList(), platform.fonts(), platform.scale(), layout);
    canvas.setTextures([this](const auto& picture) { return platform.pictureTexture(picture); });
    Intents intents;
    const ui::View view{controller.state(), controller.settings()};
    layout.screen = ui::drawFrame(canvas, view, intents);
    const Utterance spoken = spokenFor(controller.state(), controller.settings());
    layout.spoken = spoken.text();
    speak(spoken);
    ImGui::End();
    const auto t1 = Clock::now();
    platform.endFrame();
    if (!capture_path.empty()) {
      capture_result = platform.screenshot(capture_path);
      capture_path.clear();
    }
    platform.present();
    const auto t2 = Clock::now();
    last_present = t2;
    stats.build_ms = std::chrono::duration<double, std::milli>(t1 - t0).count();
    stats.render_ms = std::chrono::duration<double, std::milli>(t2 - t1).count();
    ++stats.frames;

    bool found = false;
    for (auto& l : seen) {
      if (l.screen == layout.screen) {
        l = layout;
        found = true;
      }
    }
    if (!found) seen.push_back(layout);

    const TimePoint t = now();
    for (const auto& i : intents) controller.apply(i, t);
    if (!intents.empty()) again = true;
  }

  // A screen speaks when it appears, and again when what it says changes (what a tap did),
  // but never twice the same words on one visit (a notice clearing, a hub action in flight);
  // 再听一遍 repeats it, at the policy's volume even in quiet hours.
  void speak(const Utterance& u) {
    if (!voice || u.empty()) return;
    std::string screen = layout.screen;
    if (const auto w = screen.find("+working"); w != std::string::npos) screen.erase(w, 8);
    if (screen != spoken_screen) {
      spoken_screen = screen;
      spoken_texts.clear();
    }
    const bool asked = controller.state().say_again != said_again;
    said_again = controller.state().say_again;
    const std::string text = u.text();
    if (!asked && std::find(spoken_texts.begin(), spoken_texts.end(), text) != spoken_texts.end()) {
      return;
    }
    spoken_texts.push_back(text);
    // China Standard Time, for the quiet hours.
    const auto ms = std::chrono::duration_cast<milliseconds>(
                        std::chrono::system_clock::now().time_since_epoch()).count();
    const int minute = static_cast<int>(((ms + 8LL * 3'600'000) % 86'400'000) / 60'000);
    voice->say(u, screen, core::voiceVolumeAt(controller.settings(), minute, asked));
  }

  // ---- scripts ----------------------------------------------------------------------------

  bool settle(milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    auto busy = [&] {
      return again || force_frame || platform.input().busy() || controller.pending() > 0 ||
             queue.size() > 0;
    };
    for (;;) {
      const bool was_busy = busy();
      const bool drew = pump(was_busy ? (controller.pending() > 0 ? 5 : 0) : 0);
      // Quiet before and after a turn that drew nothing (a turn may send a timed request).
      if (!was_busy && !drew && !busy()) return true;
      if (Clock::now() > deadline) return false;
    }
  }

  bool tap(const std::string& id, int times = 1) {
    const ui::Element* e = layout.find(id);
    if (!e || !e->tappable) return false;
    for (int i = 0; i < times; ++i) platform.input().tap(e->x + e->w / 2, e->y + e->h / 2);
    return true;
  }

  void typeText(const std::string& text) {
    // Through SDL's own queue, so the same handler as a real keyboard sees it.
    for (char c : text) {
      SDL_Event e{};
      e.type = SDL_TEXTINPUT;
      e.text.text[0] = c;
      SDL_PushEvent(&e);
    }
    SDL_Event enter{};
    enter.type = SDL_KEYDOWN;
    enter.key.keysym.sym = SDLK_RETURN;
    SDL_PushEvent(&enter);
  }

  std::string onScreen() const {
    std::string ids;
    for (const auto& e : layout.elements) {
      if (!e.tappable) continue;
      if (!ids.empty()) ids += ", ";
      ids += e.id;
    }
    return ids;
  }

  int runScript(const std::vector<ScriptCommand>& script, const std::string& shots_dir,
                std::ostream& log) {
    auto fail = [&](const ScriptCommand& c, const std::string& why) {
      log << "script line " << c.line << ": " << why << " (screen: " << layout.screen << ")\n";
      return 1;
    };
    if (!settle(milliseconds(10'000))) {
      log << "script: the kiosk did not settle at start\n";
      return 1;
    }
    for (const auto& c : script) {
      switch (c.op) {
        case ScriptOp::Scan:
          if (!fake) return fail(c, "scan needs the fake reader");
          fake->scan(c.arg);
          break;
        case ScriptOp::Tap:
        case ScriptOp::DoubleTap:
          if (!tap(c.arg, c.op == ScriptOp::DoubleTap ? 2 : 1)) {
            return fail(c, "no tappable element '" + c.arg + "'; on screen: " + onScreen());
          }
          break;
        case ScriptOp::Type:
          typeText(c.arg);
          break;
        case ScriptOp::Wait:
          offset += c.duration;
          break;
        case ScriptOp::ExpectScreen:
          if (layout.screen != c.arg && std::string(toString(controller.state().screen)) != c.arg) {
            return fail(c, "expected screen '" + c.arg + "', got '" + layout.screen + "'");
          }
          break;
        case ScriptOp::ExpectText:
          if (!layout.containsText(c.arg)) return fail(c, "no text '" + c.arg + "' on screen");
          break;
        case ScriptOp::ExpectNoText:
          if (layout.containsText(c.arg)) return fail(c, "text '" + c.arg + "' is on screen");
          break;
        case ScriptOp::Screenshot: {
          if (shots_dir.empty()) break;
          std::error_code ec;
          std::filesystem::create_directories(shots_dir, ec);
          const std::string path = (std::filesystem::path(shots_dir) / (c.arg + ".png")).string();
          capture_path = path;
          drawFrame();
          if (!capture_result) return fail(c, "screenshot: " + capture_result.error());
          log << "screenshot " << path << "\n";
          break;
        }
        case ScriptOp::ReaderUnplug:
        case ScriptOp::ReaderPlug:
          simulated_reader = c.op == ScriptOp::ReaderPlug;
          controller.onReader(*simulated_reader, "fake", now());
          break;
        case ScriptOp::DbOffline:
        case ScriptOp::DbOnline:
          worker->setOffline(c.op == ScriptOp::DbOffline);
          break;
        case ScriptOp::SyncWait:
          if (!syncer) return fail(c, "sync wait needs an office: --kiosk-config FILE");
          if (!waitSync(c.arg == "synced")) {
            const auto st = syncer->status();
            return fail(c, "the kiosk was not " + c.arg + " within 20 s (pending " +
                               std::to_string(st.pending) + ", last error: " +
                               (st.last_error.empty() ? "none" : st.last_error) + ")");
          }
          break;
      }
      if (!settle(milliseconds(10'000))) return fail(c, "the kiosk did not settle within 10 s");
    }
    return 0;
  }

  KioskOptions opt;
  platform::Platform platform;
  drivers::ReaderConfig reader_cfg;
  drivers::ScanQueue queue;
  drivers::ScanSink sink;
  std::unique_ptr<drivers::Reader> reader;
  drivers::FakeReader* fake = nullptr;
  std::unique_ptr<drivers::Printer> printer;  // before the controller, which holds it
  Controller controller;
  std::unique_ptr<DbWorker> worker;
  std::unique_ptr<sync::SyncWorker> syncer;  // synced kiosks only
  std::string sync_error_logged;
  std::optional<std::int64_t> redeemed_pending;
  std::uint64_t redeemed_at_round = 0;

  std::unique_ptr<platform::Voice> voice;  // none headless without audio-out
  std::string spoken_screen;
  std::vector<std::string> spoken_texts;  // said on this visit of spoken_screen
  int said_again = 0;

  ui::Layout layout;
  std::vector<ui::Layout> seen;
  std::chrono::milliseconds offset{0};  // scripted time ("wait 46s" without waiting)
  std::optional<bool> simulated_reader;
  TimePoint next_reader_poll{};
  FrameStats stats;
  Clock::time_point last_present{};
  std::string typed;
  std::string capture_path;
  rc::Status<std::string> capture_result = rc::Ok{};
  bool force_frame = true;
  bool again = false;
  bool quit = false;
};

KioskApp::KioskApp(KioskOptions options) : m(std::make_unique<Impl>(std::move(options))) {}
KioskApp::~KioskApp() = default;

int KioskApp::run(std::optional<std::chrono::milliseconds> stop_after) {
  const auto end = stop_after ? std::optional(Clock::now() + *stop_after) : std::nullopt;
  m->pump(0);  // the first frame, whatever the time limit
  while (!m->quit) {
    int wait = m->waitMs();
    if (end) {
      const auto left = std::chrono::ceil<milliseconds>(*end - Clock::now()).count();
      if (left <= 0) break;
      wait = std::min<int>(wait, static_cast<int>(left));
    }
    m->pump(wait);
  }
  return 0;
}

int KioskApp::runScript(const std::vector<ScriptCommand>& script, const std::string& shots_dir,
                        std::ostream& log) {
  return m->runScript(script, shots_dir, log);
}

bool KioskApp::pump(int timeout_ms) { return m->pump(timeout_ms); }
void KioskApp::redraw() { m->drawFrame(); }
bool KioskApp::settle(std::chrono::milliseconds limit) { return m->settle(limit); }
void KioskApp::scan(const std::string& text) {
  if (m->fake) m->fake->scan(text);
}
drivers::ScanSink& KioskApp::scanSink() { return m->sink; }
bool KioskApp::tap(const std::string& id) { return m->tap(id); }
const AppState& KioskApp::state() const { return m->controller.state(); }
const ui::Layout& KioskApp::layout() const { return m->layout; }
const std::vector<ui::Layout>& KioskApp::screensSeen() const { return m->seen; }
const FrameStats& KioskApp::frameStats() const { return m->stats; }
std::chrono::steady_clock::time_point KioskApp::lastPresent() const { return m->last_present; }
std::string KioskApp::rendererName() const { return m->platform.rendererName(); }
int KioskApp::width() const { return m->platform.width(); }
int KioskApp::height() const { return m->platform.height(); }

void writeLayoutJson(const std::vector<ui::Layout>& layouts, int width, int height,
                     std::ostream& out) {
  auto hex = [](std::uint32_t rgb) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%06X", rgb & 0xFFFFFF);
    return std::string(buf);
  };
  nlohmann::json j = nlohmann::json::array();
  for (const auto& l : layouts) {
    nlohmann::json screen = {
        {"screen", l.screen}, {"width", width}, {"height", height}, {"spoken", l.spoken}};
    nlohmann::json elements = nlohmann::json::array();
    for (const auto& e : l.elements) {
      elements.push_back({{"id", e.id},
                          {"rect", {e.x, e.y, e.w, e.h}},
                          {"font_px", e.font_px},
                          {"text", e.text},
                          {"text_color", hex(e.text_rgb)},
                          {"bg_color", hex(e.bg_rgb)},
                          {"tappable", e.tappable},
                          {"enabled", e.enabled},
                          {"inert", e.inert}});
    }
    screen["elements"] = std::move(elements);
    j.push_back(std::move(screen));
  }
  out << j.dump(1) << "\n";
}

}  // namespace rc::kiosk
