#pragma once
// rc-office's red credit fund commands: fund (balance and movements), fund deposit, rewards
// (a quarter's rewards, preview then --apply) and credit-stars (the year's candidates, and the
// council's award). See kHelp in cli.cpp and docs/office-rewards.md. Bad input throws
// std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

using RewardCommand = Command;  // fund | rewards | credit-stars

bool isRewardCommand(const std::string& name) noexcept;
int runRewardCommand(const RewardCommand& c, const core::Settings& settings, std::ostream& out,
                     std::ostream& err);

}  // namespace rc::office
