#pragma once
// rc-office's console accounts: user add, password, disable, enable, list (see kHelp in cli.cpp
// and docs/console.md). Passwords are asked twice on the terminal and kept only as Argon2id
// hashes. Bad input throws std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

bool isUserCommand(const std::string& name) noexcept;  // "user"
int runUserCommand(const Command& c, const core::Settings& settings, std::ostream& out,
                   std::ostream& err);

}  // namespace rc::office
