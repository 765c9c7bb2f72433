#pragma once
// The kiosk ↔ office sync protocol (docs/sync-protocol.md), shared by the office's server and
// the kiosk's client so that neither app includes the other: request signing with Ed25519
// (libsodium) and the JSON bodies, parsed into typed values with caps and clear errors.
// Pure functions; thread-safe.

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "db/product_pictures.h"
#include "db/sync_types.h"

namespace rc::sync {

inline constexpr std::string_view kPushPath = "/v1/push";
inline constexpr std::string_view kPullPath = "/v1/pull";
inline constexpr std::string_view kHealthPath = "/v1/health";

// Headers of a signed request.
inline constexpr const char* kHeaderKiosk = "X-RC-Kiosk";
inline constexpr const char* kHeaderTimestamp = "X-RC-Timestamp";
inline constexpr const char* kHeaderNonce = "X-RC-Nonce";
inline constexpr const char* kHeaderSignature = "X-RC-Signature";

// A request body larger than this is refused (413) before it is parsed.
inline constexpr std::size_t kMaxBodyBytes = 4u << 20;
inline constexpr std::size_t kMaxBatchEntries = 5000;
// Service events in one push (docs/sync-protocol.md "Service events").
inline constexpr std::size_t kMaxServiceEvents = 1000;
// Staff work in one push (docs/sync-protocol.md "Staff work").
inline constexpr std::size_t kMaxStockMovements = 1000;
inline constexpr std::size_t kMaxDayCloses = 100;
inline constexpr std::size_t kMaxStaffEvents = 1000;
// A signed request is accepted this long either side of the office's clock.
inline constexpr std::int64_t kDefaultClockSkewMs = 5 * 60 * 1000;

using PublicKey = std::array<std::uint8_t, 32>;
using SecretKey = std::array<std::uint8_t, 64>;

struct KeyPair {
  PublicKey public_key{};
  SecretKey secret_key{};
};

// What a kiosk needs to sign: its id and its secret key (never leaves the kiosk).
struct KioskIdentity {
  std::string kiosk_id;
  SecretKey secret_key{};
};

KeyPair newKeyPair();
std::string toBase64(std::span<const std::uint8_t> bytes);
// Nullopt for text longer than `max_chars` or not base64.
std::optional<std::vector<std::uint8_t>> fromBase64(std::string_view text,
                                                    std::size_t max_chars = 4096);
// A product picture's base64 in a pull page (db::kMaxPictureBytes, padded).
inline constexpr std::size_t kMaxPictureBase64 = (db::kMaxPictureBytes + 2) / 3 * 4;

struct SignedHeaders {
  std::string kiosk;
  std::string timestamp;  // Unix ms, decimal
  std::string nonce;      // 32 hex digits, fresh per request
  std::string signature;  // base64 of the 64-byte Ed25519 signature
};

// The signed text: protocol tag, method, path, timestamp, nonce, SHA-256 of the body (hex).
std::string canonicalRequest(std::string_view method, std::string_view path,
                             std::string_view body, std::string_view timestamp,
                             std::string_view nonce);
SignedHeaders signRequest(const KioskIdentity& id, std::string_view method, std::string_view path,
                          std::string_view body, std::int64_t now_ms);

enum class AuthError {
  Missing,
  UnknownKiosk,
  RevokedKiosk,
  BadSignature,
  StaleTimestamp,
  ReplayedNonce
};
std::string_view toString(AuthError e) noexcept;

// The headers' shape, before any key is looked up: a kiosk id (db::validKioskId), a decimal
// timestamp, a nonce of 32 lower-case hex digits and a signature of at most 200 characters. The
// timestamp when they are well formed; nullopt when not (401, AuthError::Missing).
std::optional<std::int64_t> wellFormedTimestamp(const SignedHeaders& h) noexcept;

// Checks the shape and the signature (not the kiosk, clock or nonce: the server's job).
bool signatureValid(const PublicKey& key, std::string_view method, std::string_view path,
                    std::string_view body, const SignedHeaders& h);

// ---- bodies --------------------------------------------------------------------------------

struct PushReply {
  std::int64_t held = 0;
  int applied = 0;
  int duplicates = 0;
};

std::string encodePush(std::span<const db::WireEntry> entries);
// A push with service events: {"entries": [...], "service_events": [...]}.
std::string encodePush(std::span<const db::WireEntry> entries,
                       std::span<const db::ServiceEvent> events);
// A push with staff work besides: "stock_movements", "day_closes", "staff_events" (each key
// only when it has items).
std::string encodePush(std::span<const db::WireEntry> entries,
                       std::span<const db::ServiceEvent> events, const db::StaffWork& staff);
Result<std::vector<db::WireEntry>, std::string> decodePush(std::string_view body);
// The push's `service_events` (absent: none), each typed, bounded and valid UTF-8; an event
// that is not is `unreadable` (with its reason), never the whole push's failure. The error is
// for a body that is not JSON or whose `service_events` is not a list of at most
// kMaxServiceEvents.
struct DecodedEvents {
  std::vector<db::ServiceEvent> events;
  std::vector<db::UnreadableEvent> unreadable;
};
Result<DecodedEvents, std::string> decodeServiceEvents(std::string_view body);
// The push's staff work (each key absent: none), typed, bounded and valid UTF-8; an item that
// is not is `unreadable` (with its reason), never the push's failure. The error is for a body
// that is not JSON, or a key that is not a list or holds more than its cap.
struct DecodedStaffWork {
  db::StaffWork work;
  std::vector<db::UnreadableStaffItem> unreadable;
};
Result<DecodedStaffWork, std::string> decodeStaffWork(std::string_view body);
std::string encodePushReply(const PushReply& r);
Result<PushReply, std::string> decodePushReply(std::string_view body);

std::string encodePullRequest(const db::PullCursor& cursor);
Result<db::PullCursor, std::string> decodePullRequest(std::string_view body);
std::string encodePullPage(const db::PullPage& page);
Result<db::PullPage, std::string> decodePullPage(std::string_view body);

// {"error": code, "reason": text[, "held": n]}
std::string encodeError(std::string_view code, std::string_view reason,
                        std::optional<std::int64_t> held = std::nullopt);
struct ErrorReply {
  std::string error;
  std::string reason;
  std::optional<std::int64_t> held;
};
std::optional<ErrorReply> decodeError(std::string_view body);

}  // namespace rc::sync
