#pragma once
// rc-office's backup and restore (see kHelp in cli.cpp and docs/operations.md "Backups"): a
// verified, dated, rotated copy of the ledger taken while serve runs, and putting one back.
// Bad input throws std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

bool isBackupCommand(const std::string& name) noexcept;  // backup | restore
int runBackupCommand(const Command& c, const core::Settings& settings, std::ostream& out,
                     std::ostream& err);

}  // namespace rc::office
