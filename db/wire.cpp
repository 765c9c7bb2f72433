// The ledger's wire forms, apart from its SQL: entry and kiosk ids, hashes as hex, service
// event kinds. What the sync protocol checks a body with (sync/protocol.cpp), so a parser of
// bodies links without a database (tests/fuzz/). Declared in ledger.h, office_sync.h and
// sync_types.h beside what they describe.
#include <sodium.h>

#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/sync_types.h"

namespace rc::db {

bool validEntryId(std::string_view u, std::size_t max_len) noexcept {
  if (u.empty() || u.size() > max_len) return false;
  for (char c : u) {
    const bool ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                    c == '-' || c == '_' || c == '.' || c == ':';
    if (!ok) return false;
  }
  return true;
}

bool validKioskId(std::string_view id) noexcept {
  return validEntryId(id, 64) && id != kOfficeKioskId;
}

std::string hashToHex(const Hash& h) {
  std::string out(h.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), h.data(), h.size());
  out.pop_back();
  return out;
}

std::optional<Hash> hashFromHex(std::string_view hex) noexcept {
  Hash h{};
  std::size_t n = 0;
  const char* end = nullptr;
  if (hex.size() != h.size() * 2 ||
      sodium_hex2bin(h.data(), h.size(), hex.data(), hex.size(), nullptr, &n, &end) != 0 ||
      n != h.size() || end != hex.data() + hex.size()) {
    return std::nullopt;
  }
  return h;
}

std::string_view toString(ServiceEventKind k) noexcept {
  switch (k) {
    case ServiceEventKind::Book: return "book";
    case ServiceEventKind::CancelBooking: return "cancel_booking";
    case ServiceEventKind::Request: return "request";
    case ServiceEventKind::OrderAction: return "order_action";
  }
  return "unknown";
}

std::optional<ServiceEventKind> serviceEventKindFromString(std::string_view text) noexcept {
  for (auto k : {ServiceEventKind::Book, ServiceEventKind::CancelBooking, ServiceEventKind::Request,
                 ServiceEventKind::OrderAction}) {
    if (toString(k) == text) return k;
  }
  return std::nullopt;
}

}  // namespace rc::db
