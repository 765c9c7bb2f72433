#pragma once
// rc-office's council commands: council (post, list, show, reverse), the grid collectors' log
// (log add, list, drop) and volunteer-hours (see kHelp in cli.cpp and docs/office-council.md).
// Bad input throws std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

using CouncilCommand = Command;  // council | log | volunteer-hours

bool isCouncilCommand(const std::string& name) noexcept;
int runCouncilCommand(const CouncilCommand& c, const core::Settings& settings, std::ostream& out,
                      std::ostream& err);

}  // namespace rc::office
