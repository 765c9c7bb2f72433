#pragma once
// rc-office's volunteer team commands: team recruit (a team recruits this month, or --month),
// team list (every team, its members and whether it recruits). The kiosk's Home names the
// recruiting teams in its welfare box. Bad input throws std::invalid_argument (exit 2).

#include <iosfwd>
#include <string>

#include "office/command_args.h"

namespace rc::office {

bool isTeamCommand(const std::string& name) noexcept;
int runTeamCommand(const Command& c, std::ostream& out);

}  // namespace rc::office
