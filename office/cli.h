#pragma once
// rc-office's command line: parses arguments and runs one command. Returns the exit code:
// 0 success, 1 the ledger failed verification (or an unexpected failure), 2 bad input
// (usage, unknown villager, malformed month, missing database) — always with one plain line.

#include <iosfwd>
#include <string>
#include <vector>

namespace rc::office {

int runOffice(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

}  // namespace rc::office
