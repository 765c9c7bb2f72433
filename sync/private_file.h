#pragma once
// Secret files (the office's TLS key, the card key): written 0600 under a temporary name,
// synced, then put in place, so the name never shows a partial file and the mode does not
// depend on the umask.

#include <string>
#include <string_view>

#include "core/result.h"

namespace rc::sync {

enum class IfExists {
  Replace,  // rename over an existing file
  Refuse,   // link(): never replaces a file another process made meanwhile
};

Result<bool, std::string> writePrivateFile(const std::string& path, std::string_view data,
                                           IfExists if_exists = IfExists::Replace);

}  // namespace rc::sync
