#pragma once
// Villagers' QR cards: a token signed by the office's card key (Ed25519), checked offline by a
// kiosk with the public key it pulled (docs/sync-protocol.md "Card tokens").
//
//   RC2.<base64url, unpadded, of: payload (15 bytes) ‖ Ed25519 signature (64 bytes)>
//   payload = version (1) ‖ key id (4: SHA-256 of the card public key, first bytes)
//             ‖ villager id (4, big-endian) ‖ serial (4, big-endian) ‖ issue day (2, days since
//             1970-01-01 UTC, big-endian)
//   signature over "RC-CARD\n" ‖ payload
//
// 110 characters in all: a QR code of version 7 at level M. Ed25519 signatures are
// deterministic, so the office makes the same token again from the same card.
// The card key lives beside the office ledger in PATH.card-key (0600), its public half in the
// ledger's meta (kCardKeyMeta) and in every pull page.
// Pure functions except loadOrCreateCardKey (the file); thread-safe.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/types.h"
#include "sync/protocol.h"

namespace rc::sync {

inline constexpr std::string_view kCardTokenPrefix = "RC2.";
inline constexpr std::uint8_t kCardTokenVersion = 1;
// Anything longer is not a card token of any version this kiosk reads.
inline constexpr std::size_t kCardTokenMaxLength = 160;
// The meta key (office and kiosk ledgers) holding the card public key, base64.
inline constexpr const char* kCardKeyMeta = "card_public_key";

using CardKeyId = std::array<std::uint8_t, 4>;

struct CardToken {
  std::uint8_t version = kCardTokenVersion;
  CardKeyId key_id{};
  core::VillagerId villager_id = 0;
  std::uint32_t serial = 0;
  std::uint16_t issued_day = 0;  // days since 1970-01-01 (UTC)
  bool operator==(const CardToken&) const = default;
};

enum class CardTokenError {
  Malformed,     // not RC2., not base64url, wrong length
  TooLong,       // over kCardTokenMaxLength
  UnknownVersion,
  OtherOffice,   // signed by another office's key (key id differs)
  BadSignature,  // forged or altered
};
std::string_view toString(CardTokenError e) noexcept;

CardKeyId cardKeyId(const PublicKey& key);
// The token of `villager` and `serial` issued on `issued_day`, signed with `key`.
// Throws std::invalid_argument for a villager id that does not fit 32 bits.
std::string makeCardToken(core::VillagerId villager, std::uint32_t serial,
                          std::uint16_t issued_day, const KeyPair& key);
// Shape only: the prefix, the length cap, the encoding, the version (no signature check).
Result<CardToken, CardTokenError> parseCardToken(std::string_view token);
// parseCardToken, then the key id and the signature against `key`.
Result<CardToken, CardTokenError> verifyCardToken(std::string_view token, const PublicKey& key);
bool looksLikeCardToken(std::string_view scan) noexcept;

// Days since 1970-01-01 UTC of a Unix ms time (0 before 1970).
std::uint16_t cardDay(std::int64_t unix_ms) noexcept;

// The office's card key beside the ledger: PATH.card-key, the 64-byte secret key in base64,
// mode 0600. Created when missing and `create` is true; refused when its mode lets anyone but
// the owner read it, when it is not a key, or when it is missing and `create` is false.
std::string cardKeyPath(const std::string& ledger_path);
Result<KeyPair, std::string> loadOrCreateCardKey(const std::string& ledger_path, bool create);

std::string encodeCardPublicKey(const PublicKey& key);
std::optional<PublicKey> decodeCardPublicKey(std::string_view base64);

}  // namespace rc::sync
