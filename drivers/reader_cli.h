#pragma once
// rc-reader, the installer's tool: which devices could be readers and why they match the
// allow-list or not (`list`), and what a reader's scans classify as, with their latency
// (`listen`). A function over arguments and streams, so tests run it in-process.

#include <atomic>
#include <ostream>
#include <string>
#include <vector>

namespace rc::drivers {

// `args` excludes the program name. Exit codes: 0 ok, 1 the reader could not run, 2 bad input
// (one plain line on `err`). `interrupted` is set by the caller's SIGINT handler.
int runReaderCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const std::atomic<bool>& interrupted);

}  // namespace rc::drivers
