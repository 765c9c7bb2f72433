// rc-bench [SUITE…] [--json FILE] [--work-dir DIR]: runs the suites (all by default), prints a
// table, and writes one flat JSON object of the figures. A suite whose step fails keeps none of
// its figures; rc-bench then says which step failed and why, and exits 1.
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
    {"console",
     "the office console on the town ledger over HTTPS: dashboard, a villager, the council preview",
     rc::bench::runConsoleSuite},
    {"load",
     "30 kiosks pushing and pulling against one rc-office serve for 60 s while console users "
     "load pages",
     rc::bench::runLoadSuite},
    {"kiosk",
     "1920x1080, software rasterizer: recorded scan to presented frame (headless and under "
     "Xvfb), frame time and instructions (callgrind), idle CPU in a window, cold start, RSS",
     rc::bench::runKioskSuite},
    {"durability",
     "1,000 power cuts (torn or not) on a kiosk's redemptions and the office's merges: "
     "acknowledged entries lost, integrity and verify failures after each reopen",
     rc::bench::runDurabilitySuite},
};

int usage(std::ostream& out, int code) {
  out << "Usage: rc-bench [SUITE…] [--json FILE] [--work-dir DIR]\n"
         "Runs the suites (all by default), prints the figures and writes them as one flat JSON\n"
         "object. A failed step drops its suite's figures and makes the exit status 1.\n"
         "The kiosk suite needs an X display (DISPLAY; scripts/bench starts Xvfb) and valgrind.\n"
         "\nSuites:\n";
  for (const auto& s : kSuites) out << "  " << std::left << std::setw(8) << s.name << s.what << "\n";
  return code;
}

// One line, whatever the error's text holds.
std::string oneLine(std::string s) {
  for (char& c : s) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<const rc::bench::Suite*> chosen;
  std::string json_path;
  std::string count_village;
  std::filesystem::path work_dir = std::filesystem::temp_directory_path() / "rc-bench";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "-h" || a == "--help") return usage(std::cout, 0);
    if (a == "--json" || a == "--work-dir" || a == "--count-kiosk-instructions") {
      if (i + 1 >= argc) {
        std::cerr << "rc-bench: " << a << " needs a value\n";
        return 2;
      }
      if (a == "--json") {
        json_path = argv[++i];
      } else if (a == "--work-dir") {
        work_dir = argv[++i];
      } else {
        count_village = argv[++i];
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
  std::error_code ec;
  std::filesystem::create_directories(work_dir, ec);
  if (!count_village.empty()) {
    // The kiosk suite's child under callgrind (see kiosk_suite.cpp).
    try {
      return rc::bench::countKioskInstructions(count_village);
    } catch (const std::exception& e) {
      std::cerr << "rc-bench: counting the kiosk's instructions: " << oneLine(e.what()) << "\n";
      return 1;
    }
  }
  if (chosen.empty()) {
    for (const auto& s : kSuites) chosen.push_back(&s);
  }
  rc::bench::Context ctx(work_dir);
  std::vector<std::string> failed;
  for (const auto* s : chosen) {
    std::cerr << "suite " << s->name << ": " << s->what << "\n";
    const std::size_t mark = ctx.figures().size();
    ctx.step("starting");
    try {
      s->run(ctx);
    } catch (const std::exception& e) {
      ctx.dropFrom(mark);
      failed.push_back(s->name);
      std::cerr << "rc-bench: suite " << s->name << " failed at step '" << ctx.currentStep()
                << "': " << oneLine(e.what()) << "\n";
    }
  }
  std::cout << "\n" << std::left << std::setw(38) << "figure" << std::right << std::setw(16)
            << "value" << "  unit\n";
  nlohmann::json j = nlohmann::json::object();
  for (const auto& f : ctx.figures()) {
    std::cout << std::left << std::setw(38) << f.key << std::right << std::setw(16) << std::fixed
              << std::setprecision(f.value >= 1000 ? 0 : 3) << f.value << "  " << f.unit << "\n";
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
  if (!failed.empty()) {
    std::cerr << "rc-bench: " << failed.size() << " suite(s) failed, no figures from them:";
    for (const auto& n : failed) std::cerr << " " << n;
    std::cerr << "\n";
    return 1;
  }
  return 0;
}
