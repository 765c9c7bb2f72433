#pragma once
// rc-office's sync commands: serve, enroll-kiosk, overdrafts (see kHelp in cli.cpp).
// Bad input throws std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>
#include <vector>

#include "core/settings.h"

namespace rc::office {

struct SyncCommand {
  std::string name;  // serve | enroll-kiosk | overdrafts
  std::string db_path;
  std::vector<std::string> args;
  bool json = false;
};

bool isSyncCommand(const std::string& name) noexcept;
int runSyncCommand(const SyncCommand& c, const core::Settings& settings, std::ostream& out,
                   std::ostream& err);

}  // namespace rc::office
