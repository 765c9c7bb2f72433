#pragma once
// rc-office's staff and day-end commands: staff (add, pin, disable, enable, list), reconcile,
// export (see kHelp in cli.cpp and docs/staff.md "At the office"). Bad input throws
// std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>
#include <vector>

#include "core/settings.h"

namespace rc::office {

struct StaffCommand {
  std::string name;  // staff | reconcile | export
  std::string db_path;
  std::vector<std::string> args;
  bool json = false;
};

bool isStaffCommand(const std::string& name) noexcept;
int runStaffCommand(const StaffCommand& c, const core::Settings& settings, std::ostream& out,
                    std::ostream& err);

}  // namespace rc::office
