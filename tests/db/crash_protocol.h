#pragma once
// What the crash test and its child (ledger_crash_child) agree on: the villager, the product,
// the uuid and kiosk sequence number of the i-th redemption, and the acknowledgement line.
// The child writes "ACK <i>\n" (or "ACK <i> dup\n" for a retry the ledger already held) only
// after redeem() returned, i.e. after the commit.

#include <cstdint>
#include <cstdio>
#include <string>

namespace rc::db::crash {

inline constexpr std::int64_t kVillagerId = 1;
inline constexpr const char* kSku = "CRASH-SOAP";
inline constexpr int kPrice = 3;
inline constexpr const char* kKioskId = "kiosk-crash";

inline std::string uuidFor(std::int64_t i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "crash-%08lld", static_cast<long long>(i));
  return buf;
}

inline std::int64_t kioskSeqFor(std::int64_t i) { return i + 1; }

}  // namespace rc::db::crash
