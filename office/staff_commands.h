#pragma once
// rc-office's staff and day-end commands: staff (add, pin, disable, enable, list), reconcile,
// export (see kHelp in cli.cpp and docs/staff.md "At the office"). Bad input throws
// std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>
#include <vector>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

using StaffCommand = Command;  // staff | reconcile | export

bool isStaffCommand(const std::string& name) noexcept;
int runStaffCommand(const StaffCommand& c, const core::Settings& settings, std::ostream& out,
                    std::ostream& err);

}  // namespace rc::office
