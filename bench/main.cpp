// rc-bench [SUITE…] [--json FILE] [--work-dir DIR]: runs the suites (all by default), prints a
// table, and writes one flat JSON object of the figures.
#include <cstdio>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>

#include "bench/bench.h"

namespace {

const rc::bench::Suite kSuites[] = {
    {"ledger", "durable commit vs a bare insert; verify throughput on 1M entries",
     rc::bench::runLedgerSuite},
    {"reader", "scan latency from last report to the consumer; keyboard decoder throughput",
     rc::bench::runReaderSuite},
    {"sync", "a 10k-entry kiosk backlog over loopback; a 100k-villager roster pull",
     rc::bench::runSyncSuite},
    {"office", "town ledger (100 villages, 100k villagers, 10M entries): boards, verify",
     rc::bench::runOfficeSuite},
    {"kiosk", "scan to frame, frame time, idle CPU, cold start and RSS at 1920x1080 (software)",
     rc::bench::runKioskSuite},
};

int usage(std::ostream& out, int code) {
  out << "Usage: rc-bench [SUITE…] [--json FILE] [--work-dir DIR]\n\nSuites:\n";
  for (const auto& s : kSuites) out << "  " << std::left << std::setw(10) << s.name << s.what << "\n";
  return code;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<const rc::bench::Suite*> chosen;
  std::string json_path;
  std::filesystem::path work_dir = std::filesystem::temp_directory_path() / "rc-bench";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") return usage(std::cout, 0);
    if (a == "--json" || a == "--work-dir") {
      if (i + 1 >= argc) {
        std::cerr << "rc-bench: " << a << " needs a value\n";
        return 2;
      }
      if (a == "--json") {
        json_path = argv[++i];
      } else {
        work_dir = argv[++i];
      }
      continue;
    }
    const rc::bench::Suite* found = nullptr;
    for (const auto& s : kSuites) {
      if (a == s.name) found = &s;
    }
    if (!found) {
      std::cerr << "rc-bench: unknown suite '" << a << "'\n";
      return usage(std::cerr, 2);
    }
    chosen.push_back(found);
  }
  if (chosen.empty()) {
    for (const auto& s : kSuites) chosen.push_back(&s);
  }
  std::error_code ec;
  std::filesystem::create_directories(work_dir, ec);
  rc::bench::Context ctx(work_dir);
  for (const auto* s : chosen) {
    std::cerr << "suite " << s->name << ": " << s->what << "\n";
    s->run(ctx);
  }
  std::cout << "\n" << std::left << std::setw(34) << "figure" << std::right << std::setw(16)
            << "value" << "  " << std::left << std::setw(10) << "unit" << "goal\n";
  nlohmann::json j = nlohmann::json::object();
  for (const auto& f : ctx.figures()) {
    std::cout << std::left << std::setw(34) << f.key << std::right << std::setw(16) << std::fixed
              << std::setprecision(f.value >= 1000 ? 0 : 3) << f.value << "  " << std::left
              << std::setw(10) << f.unit << f.goal << "\n";
    j[f.key] = f.value;
  }
  if (!json_path.empty()) {
    std::ofstream out(json_path);
    out << j.dump(2) << "\n";
    if (!out) {
      std::cerr << "rc-bench: cannot write " << json_path << "\n";
      return 1;
    }
    std::cout << "\nfigures written to " << json_path << "\n";
  }
  return 0;
}
