#include "drivers/fake_reader.h"

#include <algorithm>
#include <charconv>

#include "core/text.h"

// Sections: FakeReader; the replay format; ReplayReader.

namespace rc::drivers {
namespace {

constexpr std::size_t kMaxReplayBytes = std::size_t{16} * 1024 * 1024;
constexpr std::size_t kMaxReplaySteps = 200'000;
constexpr std::size_t kMaxStepBytes = 4096;
constexpr int kMaxDelayMs = 60'000;

int hexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

// ---- FakeReader ----------------------------------------------------------------------------

FakeReader::FakeReader(const ReaderConfig& config, ScanSink& sink, ReportFormat format)
    : m_source{ReaderKind::Fake, "fake", config.role},
      m_max_length(config.decoder.max_length),
      m_sink(sink),
      m_decoder(makeDecoder(format, config.decoder)) {
  m_status.device = "fake";
}

rc::Status<ReaderError> FakeReader::start() {
  std::lock_guard lock(m_mutex);
  m_status.state = DeviceState::Streaming;
  m_status.since = Clock::now();
  return rc::Ok{};
}

void FakeReader::stop() noexcept {
  std::lock_guard lock(m_mutex);
  m_status.state = DeviceState::Stopped;
  m_status.since = Clock::now();
}

ReaderStatus FakeReader::status() const {
  std::lock_guard lock(m_mutex);
  return m_status;
}

void FakeReader::scan(std::string text) {
  RawScan raw{std::move(text), ScanFault::None, "", Clock::now()};
  // The same rules a decoder applies to what a real reader types.
  if (std::any_of(raw.text.begin(), raw.text.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return u < 0x20 || u == 0x7f;
      })) {
    raw = {"", ScanFault::ControlCharacter, "", raw.time};
  } else if (raw.text.size() > m_max_length) {
    raw = {"", ScanFault::TooLong, "", raw.time};
  }
  std::vector<RawScan> scans{std::move(raw)};
  std::lock_guard lock(m_mutex);
  deliver(scans);
}

void FakeReader::report(std::span<const std::uint8_t> bytes, Clock::time_point at) {
  std::vector<RawScan> scans;
  std::lock_guard lock(m_mutex);
  ++m_status.reports;
  m_decoder->feed(bytes, at, scans);
  deliver(scans);
}

void FakeReader::poll(Clock::time_point now) {
  std::vector<RawScan> scans;
  std::lock_guard lock(m_mutex);
  m_decoder->poll(now, scans);
  deliver(scans);
}

void FakeReader::deliver(std::vector<RawScan>& scans) {
  for (const auto& s : scans) m_sink.submit(m_source, s);
  m_status.scans += scans.size();
  m_status.ignored_reports = m_decoder->ignoredReports();
}

// ---- the replay format ---------------------------------------------------------------------

rc::Result<ReplayScript, ReplayError> parseReplay(std::string_view text) {
  if (text.size() > kMaxReplayBytes) return rc::err(ReplayError{0, "replay file over 16 MiB"});
  ReplayScript script;
  int line_no = 0;
  while (!text.empty()) {
    ++line_no;
    std::string_view line = core::takeLine(text);
    if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = core::trim(line);
    if (line.empty()) continue;
    if (line.starts_with("format")) {
      const std::string_view name = core::trim(line.substr(6));
      if (!script.steps.empty()) {
        return rc::err(ReplayError{line_no, "'format' must come before the first report"});
      }
      if (!parseReportFormat(name, script.format) || script.format == ReportFormat::Auto) {
        return rc::err(ReplayError{line_no, "format must be keyboard, hidpos or serial"});
      }
      continue;
    }
    if (line.front() != '+') {
      return rc::err(ReplayError{line_no, "expected 'format NAME' or '+MS HEX…'"});
    }
    const auto space = line.find_first_of(" \t");
    const std::string_view delay_text = line.substr(1, space == std::string_view::npos
                                                           ? std::string_view::npos
                                                           : space - 1);
    int delay = 0;
    const auto [ptr, ec] =
        std::from_chars(delay_text.data(), delay_text.data() + delay_text.size(), delay);
    if (delay_text.empty() || ec != std::errc{} || ptr != delay_text.data() + delay_text.size() ||
        delay < 0 || delay > kMaxDelayMs) {
      return rc::err(ReplayError{line_no, "delay must be 0 to 60000 milliseconds"});
    }
    ReplayStep step;
    step.delay = std::chrono::milliseconds(delay);
    int high = -1;
    for (const char c : space == std::string_view::npos ? std::string_view{} : line.substr(space)) {
      if (c == ' ' || c == '\t') continue;
      const int v = hexValue(c);
      if (v < 0) return rc::err(ReplayError{line_no, "report bytes must be hexadecimal"});
      if (high < 0) {
        high = v;
      } else {
        step.bytes.push_back(static_cast<std::uint8_t>(high * 16 + v));
        high = -1;
      }
    }
    if (high >= 0) return rc::err(ReplayError{line_no, "odd number of hex digits"});
    if (step.bytes.empty() || step.bytes.size() > kMaxStepBytes) {
      return rc::err(ReplayError{line_no, "a report has 1 to 4096 bytes"});
    }
    if (script.steps.size() >= kMaxReplaySteps) {
      return rc::err(ReplayError{line_no, "more than 200000 reports"});
    }
    script.steps.push_back(std::move(step));
  }
  return script;
}

std::string replayToText(const ReplayScript& script) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "# rc-reader replay: +MS then the report's bytes, MS after the line before\n";
  out += "format " + std::string(toString(script.format)) + "\n";
  for (const auto& step : script.steps) {
    out += "+" + std::to_string(step.delay.count());
    for (const std::uint8_t b : step.bytes) {
      out += ' ';
      out += kHex[b >> 4];
      out += kHex[b & 0x0f];
    }
    out += '\n';
  }
  return out;
}

// ---- ReplayReader --------------------------------------------------------------------------

ReplayReader::ReplayReader(ReaderConfig config, ScanSink& sink, ReplayScript script)
    : m_config(std::move(config)),
      m_sink(sink),
      m_source{ReaderKind::Replay, m_config.path, m_config.role},
      m_script(std::move(script)) {
  m_status.device = m_config.path;
}

ReplayReader::~ReplayReader() { stop(); }

rc::Status<ReaderError> ReplayReader::start() { return launch(std::nullopt); }

rc::Status<ReaderError> ReplayReader::startAt(Clock::time_point origin) { return launch(origin); }

rc::Status<ReaderError> ReplayReader::launch(std::optional<Clock::time_point> origin) {
  if (m_thread.joinable()) return rc::err(ReaderError{ReaderErrc::AlreadyStarted, "already started"});
  {
    std::lock_guard lock(m_mutex);
    m_origin = origin;
    m_stop = false;
    m_status.state = DeviceState::Streaming;
    m_status.since = Clock::now();
  }
  m_thread = std::thread([this] { run(); });
  return rc::Ok{};
}

void ReplayReader::stop() noexcept {
  if (!m_thread.joinable()) return;
  {
    std::lock_guard lock(m_mutex);
    m_stop = true;
  }
  m_wake.notify_all();
  m_thread.join();
  std::lock_guard lock(m_mutex);
  m_status.state = DeviceState::Stopped;
  m_status.since = Clock::now();
}

ReaderStatus ReplayReader::status() const {
  std::lock_guard lock(m_mutex);
  return m_status;
}

bool ReplayReader::sleepUntil(Clock::time_point until) {
  std::unique_lock lock(m_mutex);
  return !m_wake.wait_until(lock, until, [this] { return m_stop; });
}

void ReplayReader::run() {
  auto decoder = makeDecoder(m_script.format, m_config.decoder);
  std::vector<RawScan> scans;
  auto deliver = [&] {
    for (const auto& s : scans) m_sink.submit(m_source, s);
    std::lock_guard lock(m_mutex);
    m_status.scans += scans.size();
    m_status.ignored_reports = decoder->ignoredReports();
    scans.clear();
  };
  auto at = m_origin.value_or(Clock::now());
  for (const auto& step : m_script.steps) {
    at += step.delay;
    // A pause inside the recording ends a partial scan when it would have on a live reader.
    while (const auto d = decoder->deadline()) {
      if (*d >= at) break;
      if (!sleepUntil(*d)) return;
      decoder->poll(*d, scans);
      deliver();
    }
    if (!sleepUntil(at)) return;
    // The recording's own time, not the wake-up time: a replay decodes the same on a loaded
    // machine, where a late wake-up would otherwise look like a pause inside the scan.
    decoder->feed(step.bytes, at, scans);
    {
      std::lock_guard lock(m_mutex);
      ++m_status.reports;
    }
    deliver();
  }
  if (const auto d = decoder->deadline()) {
    if (!sleepUntil(*d)) return;
    decoder->poll(*d, scans);
    deliver();
  }
  std::lock_guard lock(m_mutex);
  m_status.state = DeviceState::Gone;
  m_status.since = Clock::now();
  m_status.detail = "replay finished";
}

}  // namespace rc::drivers
