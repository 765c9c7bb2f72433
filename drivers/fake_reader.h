#pragma once
// Readers without hardware. FakeReader takes scans from the app or a test (a demo kiosk, the
// UI tests). ReplayReader plays a file of recorded reports with their timing through the real
// decoder, for field reproductions and `rc-reader listen --replay`.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "drivers/decoder.h"
#include "drivers/reader.h"
#include "drivers/reader_config.h"
#include "drivers/scan_assembler.h"

namespace rc::drivers {

// Thread-safe: scan() and report() may be called from any thread.
class FakeReader final : public Reader {
 public:
  FakeReader(const ReaderConfig& config, ScanSink& sink,
             ReportFormat format = ReportFormat::Keyboard);

  rc::Status<ReaderError> start() override;
  void stop() noexcept override;
  ReaderStatus status() const override;

  // A whole scan, as if a reader had typed it and Enter: classified and queued like a real one.
  void scan(std::string text);
  // One raw report through the decoder, as if it arrived at `at`.
  void report(std::span<const std::uint8_t> bytes, Clock::time_point at = Clock::now());
  // Lets the decoder end a paused partial scan (a real transport does this on its own).
  void poll(Clock::time_point now = Clock::now());

 private:
  void deliver(std::vector<RawScan>& scans);

  const ScanSource m_source;
  const std::size_t m_max_length;
  ScanSink& m_sink;
  mutable std::mutex m_mutex;
  std::unique_ptr<Decoder> m_decoder;
  ReaderStatus m_status;
};

// A recorded report stream: "+MS HEX…" lines, MS milliseconds after the previous line.
struct ReplayStep {
  std::chrono::milliseconds delay{0};
  std::vector<std::uint8_t> bytes;
  bool operator==(const ReplayStep&) const = default;
};

struct ReplayScript {
  ReportFormat format = ReportFormat::Keyboard;
  std::vector<ReplayStep> steps;
  bool operator==(const ReplayScript&) const = default;
};

struct ReplayError {
  int line = 0;
  std::string message;
};

// Format, one item per line, '#' starts a comment:
//   format keyboard|hidpos|serial     (once, before the first report; default keyboard)
//   +8 00 00 27 00 00 00 00 00        (delay in ms, then the report's bytes in hex)
rc::Result<ReplayScript, ReplayError> parseReplay(std::string_view text);
std::string replayToText(const ReplayScript& script);

// Plays the script once on its own thread, then reports Gone ("replay finished").
class ReplayReader final : public Reader {
 public:
  ReplayReader(ReaderConfig config, ScanSink& sink, ReplayScript script);
  ~ReplayReader() override;
  ReplayReader(const ReplayReader&) = delete;
  ReplayReader& operator=(const ReplayReader&) = delete;

  rc::Status<ReaderError> start() override;
  // As start(), with the recording's clock starting at `origin` (not yet passed) instead of when
  // the thread begins: the caller knows when each report enters the decoder (benchmarks).
  rc::Status<ReaderError> startAt(Clock::time_point origin);
  void stop() noexcept override;
  ReaderStatus status() const override;

 private:
  rc::Status<ReaderError> launch(std::optional<Clock::time_point> origin);
  void run();
  // Sleeps until `until` or stop(); false when stopped.
  bool sleepUntil(Clock::time_point until);

  const ReaderConfig m_config;
  ScanSink& m_sink;
  const ScanSource m_source;
  const ReplayScript m_script;
  std::thread m_thread;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stop = false;
  std::optional<Clock::time_point> m_origin;  // set before the thread starts
  ReaderStatus m_status;
};

}  // namespace rc::drivers
