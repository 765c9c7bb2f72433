#pragma once
// Loading the policy settings file (see assets/red_credit.conf) with a size cap.

#include <string>

#include "core/settings.h"

namespace rc::office {

// Throws std::runtime_error with a plain message naming the file and line on any problem.
core::Settings loadSettingsFile(const std::string& path);

}  // namespace rc::office
