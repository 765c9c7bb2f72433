#pragma once
// Random (version 4) UUIDs for ledger entries, from libsodium's CSPRNG. Thread-safe.

#include <string>

namespace rc::db {

std::string newUuid();

}  // namespace rc::db
