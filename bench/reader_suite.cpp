// Suite "reader": how long a scan takes from its last report entering the decoder to the
// ScanEvent reaching the consumer on another thread (decode, classify, hold-off, queue, wake-up),
// and how many reports per second the keyboard decoder gets through.
#include <atomic>
#include <cstdlib>
#include <thread>

#include "bench/bench.h"
#include "drivers/keyboard_decoder.h"
#include "drivers/scan_assembler.h"

namespace rc::bench {
namespace {

using drivers::Clock;

int envCount(const char* name, int fallback) {
  const char* v = std::getenv(name);
  return v ? std::max(1, std::atoi(v)) : fallback;
}

// Press and release reports for a 10-digit card number and Enter, as a keyboard-wedge reader
// sends them.
std::vector<std::array<std::uint8_t, 8>> cardReports(int card) {
  std::string digits = std::to_string(1'000'000'000LL + card % 1'000'000'000);
  digits += '\n';
  std::vector<std::array<std::uint8_t, 8>> out;
  for (const char c : digits) {
    const std::uint8_t usage = c == '\n' ? 0x28 : c == '0' ? 0x27 : static_cast<std::uint8_t>(0x1e + (c - '1'));
    out.push_back({0, 0, usage, 0, 0, 0, 0, 0});
    out.push_back({0, 0, 0, 0, 0, 0, 0, 0});
  }
  return out;
}

void scanToEvent(Context& ctx) {
  const int n = envCount("RC_BENCH_READER_SCANS", 20'000);
  drivers::ScanQueue queue(64);
  drivers::ScanSink sink(queue, drivers::ClassifyPolicy{}, std::chrono::milliseconds(2000));
  const drivers::ScanSource source{drivers::ReaderKind::Usb, "bench", drivers::ReaderRole::Card};
  std::atomic<int> received{0};
  std::atomic<bool> gave_up{false};
  std::vector<double> latency_us;
  latency_us.reserve(static_cast<std::size_t>(n));

  // The consumer blocks on the queue like the kiosk's frame loop waiting for events.
  std::thread consumer([&] {
    for (int i = 0; i < n; ++i) {
      auto e = queue.pop(std::chrono::seconds(10));
      if (!e) break;
      latency_us.push_back(std::chrono::duration<double, std::micro>(Clock::now() - e->time).count());
      received.store(i + 1, std::memory_order_release);
    }
    gave_up.store(true, std::memory_order_release);
  });

  ctx.step("timing " + std::to_string(n) + " scans from their last report to the consumer");
  drivers::KeyboardDecoder decoder(drivers::DecoderPolicy{});
  std::vector<drivers::RawScan> scans;
  for (int i = 0; i < n; ++i) {
    const auto reports = cardReports(i);
    // All but the Enter press and its release: the scan is complete with the Enter report.
    for (std::size_t r = 0; r + 2 < reports.size(); ++r) decoder.feed(reports[r], Clock::now(), scans);
    const auto t0 = Clock::now();  // the last report of the scan enters the decoder
    decoder.feed(reports[reports.size() - 2], t0, scans);
    for (const auto& s : scans) sink.submit(source, s);
    scans.clear();
    decoder.feed(reports.back(), Clock::now(), scans);
    // One scan at a time, as villagers scan: this measures latency, not a backlog. The consumer
    // gives up after 10 s without a scan, so this wait ends too.
    while (received.load(std::memory_order_acquire) <= i &&
           !gave_up.load(std::memory_order_acquire)) {
      std::this_thread::yield();
    }
    if (received.load(std::memory_order_acquire) <= i) break;
  }
  consumer.join();
  if (static_cast<int>(latency_us.size()) != n) {
    fail("the consumer received " + std::to_string(latency_us.size()) + " of " + std::to_string(n) +
         " scans (suppressed " + std::to_string(sink.suppressed()) + ", dropped " +
         std::to_string(queue.dropped()) + ")");
  }
  ctx.put("reader.scans", n, "scans");
  ctx.put("reader.scan_to_event_p50_us", percentile(latency_us, 50), "us");
  ctx.put("reader.scan_to_event_p99_us", percentile(latency_us, 99), "us");
}

void decodeThroughput(Context& ctx) {
  const int cards = envCount("RC_BENCH_READER_CARDS", 100'000);
  std::vector<std::array<std::uint8_t, 8>> stream;
  stream.reserve(static_cast<std::size_t>(cards) * 22);
  for (int i = 0; i < cards; ++i) {
    const auto r = cardReports(i);
    stream.insert(stream.end(), r.begin(), r.end());
  }
  ctx.step("decoding " + std::to_string(stream.size()) + " boot keyboard reports");
  drivers::KeyboardDecoder decoder(drivers::DecoderPolicy{});
  std::vector<drivers::RawScan> scans;
  scans.reserve(1024);
  std::size_t decoded = 0;
  auto at = Clock::time_point{} + std::chrono::hours(1);
  const auto t0 = Clock::now();
  for (const auto& report : stream) {
    at += std::chrono::milliseconds(2);  // a reader's pace, so no pause ends a scan
    decoder.feed(report, at, scans);
    if (scans.size() >= 1024) {
      decoded += scans.size();
      scans.clear();
    }
  }
  decoded += scans.size();
  const double seconds = microsSince(t0) / 1e6;
  if (decoded != static_cast<std::size_t>(cards)) {
    fail("the decoder made " + std::to_string(decoded) + " scans of " + std::to_string(cards) +
         " cards");
  }
  ctx.put("reader.decode_reports_per_s", static_cast<double>(stream.size()) / seconds, "reports/s");
}

}  // namespace

void runReaderSuite(Context& ctx) {
  scanToEvent(ctx);
  decodeThroughput(ctx);
}

}  // namespace rc::bench
