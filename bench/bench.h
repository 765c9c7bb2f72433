#pragma once
// The benchmark harness: suites register figures (flat keys like "ledger.commit_p99_us") with a
// unit; main prints the table and writes the JSON object. Goals live in one place only, the
// table in docs/benchmarks.md, which `scripts/bench --check` compares the figures with.
//
// A step that fails throws StepFailed (or any exception): main drops every figure of that suite,
// prints one line naming the suite, the step and why, and exits 1. A failed run never reads as
// a measurement.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "core/result.h"

namespace rc::bench {

struct Figure {
  std::string key;
  double value = 0;
  std::string unit;
};

class StepFailed : public std::runtime_error {
 public:
  explicit StepFailed(const std::string& why) : std::runtime_error(why) {}
};

// Throws StepFailed: the current step (Context::step) did not do what it must.
[[noreturn]] void fail(const std::string& why);

// The plain words of an error any layer returns: a struct with a message, or a string.
template <class E>
std::string errorText(const E& e) {
  if constexpr (requires { e.message; }) {
    return e.message;
  } else if constexpr (std::is_convertible_v<const E&, std::string>) {
    return std::string(e);
  } else {
    return "failed";
  }
}

// The value of `r`, or StepFailed with `what` and the error's words.
template <class T, class E>
T need(rc::Result<T, E> r, const std::string& what) {
  if (!r) fail(what + ": " + errorText(r.error()));
  return std::move(r).value();
}

class Context {
 public:
  explicit Context(std::filesystem::path work_dir) : m_work_dir(std::move(work_dir)) {}
  const std::filesystem::path& workDir() const noexcept { return m_work_dir; }
  void put(std::string key, double value, std::string unit) {
    m_figures.push_back({std::move(key), value, std::move(unit)});
  }
  const std::vector<Figure>& figures() const noexcept { return m_figures; }
  // Drops the figures from index `from` on (a suite that failed part-way).
  void dropFrom(std::size_t from) {
    if (from < m_figures.size()) m_figures.resize(from);
  }
  // Names the step now running (a failure names it) and says it on stderr.
  void step(std::string what);
  const std::string& currentStep() const noexcept { return m_step; }
  // A progress line on stderr (benchmarks take a while).
  void say(const std::string& text) const;

 private:
  std::filesystem::path m_work_dir;
  std::vector<Figure> m_figures;
  std::string m_step;
};

struct Suite {
  const char* name;
  const char* what;
  void (*run)(Context&);
};

// Percentile (0..100) of samples by nearest rank; the samples are sorted in place. Throws
// StepFailed on an empty set: a figure of nothing is not a figure.
double percentile(std::vector<double>& samples, double p);
double median(std::vector<double> samples);

using Clock = std::chrono::steady_clock;
inline double microsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}
inline double secondsSince(Clock::time_point t0) { return microsSince(t0) / 1e6; }

void runLedgerSuite(Context& ctx);
void runKioskSuite(Context& ctx);
void runReaderSuite(Context& ctx);
void runSyncSuite(Context& ctx);
void runOfficeSuite(Context& ctx);
void runConsoleSuite(Context& ctx);
void runDurabilitySuite(Context& ctx);
void runLoadSuite(Context& ctx);

// The town-scale office ledger the office and console suites read (default 100 villages,
// 100,000 villagers, 10,000,000 entries over 2026; RC_BENCH_TOWN_*), built once per size in the
// work dir and reused.
struct TownLedger {
  std::filesystem::path path;
  std::int64_t villages = 0;
  std::int64_t villagers = 0;
  std::int64_t entries = 0;
};
TownLedger townLedger(Context& ctx);

// The kiosk's instruction counts, run by the kiosk suite in a child under callgrind
// (`rc-bench --count-kiosk-instructions VILLAGE_DB`). Returns the exit code.
int countKioskInstructions(const std::string& village);

}  // namespace rc::bench
