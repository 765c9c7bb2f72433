#pragma once
// rc-office's roster commands: init (an empty office ledger with the village book),
// import-roster and export-roster (see kHelp in cli.cpp and docs/office-roster.md). Bad input
// throws std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

using RosterCommand = Command;  // init | import-roster | export-roster

bool isRosterCommand(const std::string& name) noexcept;
int runRosterCommand(const RosterCommand& c, const core::Settings& settings, std::ostream& out,
                     std::ostream& err);

}  // namespace rc::office
