#pragma once
// The benchmark harness: suites register figures (flat keys like "ledger.commit_p99_us") with a
// unit and an optional goal; main prints the table and writes the JSON object.

#include <chrono>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rc::bench {

struct Figure {
  std::string key;
  double value = 0;
  std::string unit;
  std::string goal;  // e.g. "<= 1.5"; empty when there is none
};

class Context {
 public:
  explicit Context(std::filesystem::path work_dir) : m_work_dir(std::move(work_dir)) {}
  const std::filesystem::path& workDir() const noexcept { return m_work_dir; }
  void put(std::string key, double value, std::string unit, std::string goal = "") {
    m_figures.push_back({std::move(key), value, std::move(unit), std::move(goal)});
  }
  const std::vector<Figure>& figures() const noexcept { return m_figures; }
  // A progress line on stderr (benchmarks take a while).
  void say(const std::string& text) const;

 private:
  std::filesystem::path m_work_dir;
  std::vector<Figure> m_figures;
};

struct Suite {
  const char* name;
  const char* what;
  void (*run)(Context&);
};

// Percentile (0..100) of samples by nearest rank; the samples are sorted in place.
double percentile(std::vector<double>& samples, double p);

using Clock = std::chrono::steady_clock;
inline double microsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
}

void runLedgerSuite(Context& ctx);
void runKioskSuite(Context& ctx);
void runReaderSuite(Context& ctx);
void runSyncSuite(Context& ctx);
void runOfficeSuite(Context& ctx);

}  // namespace rc::bench
