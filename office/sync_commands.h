#pragma once
// rc-office's sync commands: serve, enroll-kiosk, overdrafts (see kHelp in cli.cpp).
// Bad input throws std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>
#include <vector>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

using SyncCommand = Command;  // serve | enroll-kiosk | revoke-kiosk | kiosks | overdrafts

bool isSyncCommand(const std::string& name) noexcept;
int runSyncCommand(const SyncCommand& c, const core::Settings& settings, std::ostream& out,
                   std::ostream& err);

}  // namespace rc::office
