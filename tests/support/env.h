#pragma once
// A count or seed from the environment for the long and replayable tests (RC_CRASH_KILLS,
// RC_POWER_CUTS, RC_POWER_SEED, …): a whole non-negative decimal number, else `fallback`.

#include <cstdlib>

namespace rc::test {

inline long envLong(const char* name, long fallback) {
  if (const char* v = std::getenv(name)) {
    char* end = nullptr;
    const long n = std::strtol(v, &end, 10);
    if (end != v && *end == '\0' && n >= 0) return n;
  }
  return fallback;
}

}  // namespace rc::test
