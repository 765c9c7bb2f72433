// rc-reader: see drivers/reader_cli.h and `rc-reader --help`.
#include <csignal>
#include <iostream>

#include "drivers/reader_cli.h"

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void onSignal(int) { g_interrupted = true; }
}  // namespace

int main(int argc, char** argv) {
  std::signal(SIGINT, onSignal);
  std::signal(SIGTERM, onSignal);
  const std::vector<std::string> args(argv + 1, argv + argc);
  return rc::drivers::runReaderCli(args, std::cout, std::cerr, g_interrupted);
}
