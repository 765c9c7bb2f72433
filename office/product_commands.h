#pragma once
// rc-office's product commands: `product picture SKU FILE` sets a product's picture (PNG or
// JPEG, checked by decoding it; db/product_pictures.h), `product picture SKU --remove` takes
// it away, `product pictures` lists them. Kiosks receive the change in their next pull. Bad
// input throws std::invalid_argument (the CLI prints it and exits 2).

#include <iosfwd>
#include <string>

#include "core/settings.h"
#include "office/command_args.h"

namespace rc::office {

bool isProductCommand(const std::string& name) noexcept;
int runProductCommand(const Command& c, const core::Settings& settings, std::ostream& out,
                      std::ostream& err);

}  // namespace rc::office
