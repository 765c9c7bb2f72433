#pragma once
// rc-office's card commands: issue-card, bind-card, revoke-card, cards, card-sheet (see kHelp in
// cli.cpp and docs/office-cards.md). QR cards carry a token signed by the office's card key
// (sync/card_token.h), kept beside the ledger in PATH.card-key (0600). Bad input throws
// std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

using CardCommand = Command;  // issue-card | bind-card | revoke-card | cards | card-sheet

bool isCardCommand(const std::string& name) noexcept;
int runCardCommand(const CardCommand& c, const core::Settings& settings, std::ostream& out,
                   std::ostream& err);

}  // namespace rc::office
