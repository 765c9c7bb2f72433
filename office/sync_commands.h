#pragma once
// rc-office's sync commands: serve, enroll-kiosk, overdrafts (see kHelp in cli.cpp).
// Bad input throws std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>
#include <vector>

#include "core/settings.h"
#include "db/sqlite.h"

namespace rc::office {

struct SyncCommand {
  std::string name;  // serve | enroll-kiosk | overdrafts
  std::string db_path;
  std::vector<std::string> args;
  bool json = false;
};

bool isSyncCommand(const std::string& name) noexcept;
// Opens an existing ledger and migrates it; std::invalid_argument (exit 2) when PATH is
// missing, not a file, or not a red credit ledger.
db::Database openLedger(const std::string& path);
int runSyncCommand(const SyncCommand& c, const core::Settings& settings, std::ostream& out,
                   std::ostream& err);

}  // namespace rc::office
