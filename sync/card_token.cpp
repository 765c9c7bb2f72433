// Villagers' QR card tokens (sync/card_token.h).
#include "sync/card_token.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "sync/private_file.h"

namespace rc::sync {
namespace {

constexpr std::size_t kPayloadBytes = 15;
constexpr std::size_t kTokenBytes = kPayloadBytes + crypto_sign_BYTES;
constexpr std::string_view kContext = "RC-CARD\n";
constexpr std::size_t kMaxKeyFileBytes = 256;

void ensureSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

void putBE(std::uint8_t* out, std::uint64_t v, int bytes) {
  for (int i = bytes - 1; i >= 0; --i) {
    out[i] = static_cast<std::uint8_t>(v & 0xff);
    v >>= 8;
  }
}

std::uint64_t getBE(const std::uint8_t* in, int bytes) {
  std::uint64_t v = 0;
  for (int i = 0; i < bytes; ++i) v = (v << 8) | in[i];
  return v;
}

std::vector<std::uint8_t> signedText(const std::uint8_t* payload) {
  std::vector<std::uint8_t> m(kContext.size() + kPayloadBytes);
  std::memcpy(m.data(), kContext.data(), kContext.size());
  std::memcpy(m.data() + kContext.size(), payload, kPayloadBytes);
  return m;
}

std::string base64url(const std::uint8_t* data, std::size_t n) {
  const auto variant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string out(sodium_base64_ENCODED_LEN(n, variant), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, variant);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

}  // namespace

std::string_view toString(CardTokenError e) noexcept {
  switch (e) {
    case CardTokenError::Malformed: return "malformed card token";
    case CardTokenError::TooLong: return "card token too long";
    case CardTokenError::UnknownVersion: return "unknown card token version";
    case CardTokenError::OtherOffice: return "card of another office";
    case CardTokenError::BadSignature: return "bad signature";
  }
  return "unknown";
}

CardKeyId cardKeyId(const PublicKey& key) {
  ensureSodium();
  std::array<std::uint8_t, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), key.data(), key.size());
  CardKeyId id{};
  std::copy_n(digest.begin(), id.size(), id.begin());
  return id;
}

std::string makeCardToken(core::VillagerId villager, std::uint32_t serial,
                          std::uint16_t issued_day, const KeyPair& key) {
  if (villager <= 0 || villager > 0xffffffffLL) {
    throw std::invalid_argument("villager id " + std::to_string(villager) +
                                " does not fit a card token");
  }
  ensureSodium();
  std::array<std::uint8_t, kTokenBytes> t{};
  t[0] = kCardTokenVersion;
  const auto kid = cardKeyId(key.public_key);
  std::copy(kid.begin(), kid.end(), t.begin() + 1);
  putBE(t.data() + 5, static_cast<std::uint64_t>(villager), 4);
  putBE(t.data() + 9, serial, 4);
  putBE(t.data() + 13, issued_day, 2);
  const auto m = signedText(t.data());
  crypto_sign_detached(t.data() + kPayloadBytes, nullptr, m.data(), m.size(),
                       key.secret_key.data());
  return std::string(kCardTokenPrefix) + base64url(t.data(), t.size());
}

bool looksLikeCardToken(std::string_view scan) noexcept {
  return scan.substr(0, kCardTokenPrefix.size()) == kCardTokenPrefix;
}

namespace {

Result<std::array<std::uint8_t, kTokenBytes>, CardTokenError> decodeBytes(std::string_view token) {
  if (token.size() > kCardTokenMaxLength) return err(CardTokenError::TooLong);
  if (!looksLikeCardToken(token)) return err(CardTokenError::Malformed);
  const auto body = token.substr(kCardTokenPrefix.size());
  // libsodium's decoder takes some bytes outside the alphabet for letters of it (0xDF for '_'):
  // only the one spelling the office prints is a token.
  const bool alphabet = std::all_of(body.begin(), body.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           c == '-' || c == '_';
  });
  if (!alphabet) return err(CardTokenError::Malformed);
  ensureSodium();
  std::array<std::uint8_t, kTokenBytes> t{};
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(t.data(), t.size(), body.data(), body.size(), nullptr, &len, &end,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      end != body.data() + body.size() || len != t.size()) {
    return err(CardTokenError::Malformed);
  }
  return t;
}

}  // namespace

Result<CardToken, CardTokenError> parseCardToken(std::string_view token) {
  auto bytes = decodeBytes(token);
  if (!bytes) return err(bytes.error());
  const auto& t = *bytes;
  if (t[0] != kCardTokenVersion) return err(CardTokenError::UnknownVersion);
  CardToken c;
  c.version = t[0];
  std::copy_n(t.begin() + 1, c.key_id.size(), c.key_id.begin());
  c.villager_id = static_cast<core::VillagerId>(getBE(t.data() + 5, 4));
  c.serial = static_cast<std::uint32_t>(getBE(t.data() + 9, 4));
  c.issued_day = static_cast<std::uint16_t>(getBE(t.data() + 13, 2));
  if (c.villager_id == 0) return err(CardTokenError::Malformed);
  return c;
}

Result<CardToken, CardTokenError> verifyCardToken(std::string_view token, const PublicKey& key) {
  auto parsed = parseCardToken(token);
  if (!parsed) return parsed;
  if (parsed->key_id != cardKeyId(key)) return err(CardTokenError::OtherOffice);
  const auto t = *decodeBytes(token);
  const auto m = signedText(t.data());
  if (crypto_sign_verify_detached(t.data() + kPayloadBytes, m.data(), m.size(), key.data()) != 0) {
    return err(CardTokenError::BadSignature);
  }
  return parsed;
}

std::uint16_t cardDay(std::int64_t unix_ms) noexcept {
  if (unix_ms < 0) return 0;
  const auto day = unix_ms / 86'400'000;
  return static_cast<std::uint16_t>(std::min<std::int64_t>(day, 0xffff));
}

std::string encodeCardPublicKey(const PublicKey& key) { return toBase64(key); }

std::optional<PublicKey> decodeCardPublicKey(std::string_view base64) {
  const auto bytes = fromBase64(base64);
  if (!bytes || bytes->size() != PublicKey{}.size()) return std::nullopt;
  PublicKey k{};
  std::copy(bytes->begin(), bytes->end(), k.begin());
  return k;
}

// ---- the key file --------------------------------------------------------------------------

std::string cardKeyPath(const std::string& ledger_path) { return ledger_path + ".card-key"; }

namespace {

Result<KeyPair, std::string> readKey(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) return err("cannot read " + path + ": " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return err(path + " is not a regular file");
  }
  if ((st.st_mode & 077) != 0) {
    ::close(fd);
    return err(path + " may be read by others (mode " + std::to_string((st.st_mode >> 6) & 7) +
               std::to_string((st.st_mode >> 3) & 7) + std::to_string(st.st_mode & 7) +
               "); run chmod 600 " + path);
  }
  std::array<char, kMaxKeyFileBytes + 1> buf{};
  std::size_t n = 0;
  while (n < buf.size()) {
    const auto r = ::read(fd, buf.data() + n, buf.size() - n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    n += static_cast<std::size_t>(r);
  }
  ::close(fd);
  std::string_view text(buf.data(), n);
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.remove_suffix(1);
  const auto bytes = n > kMaxKeyFileBytes ? std::nullopt : fromBase64(text);
  sodium_memzero(buf.data(), buf.size());
  KeyPair k;
  if (!bytes || bytes->size() != k.secret_key.size()) {
    return err(path + " is not a card key (base64 of a 64-byte Ed25519 secret key)");
  }
  std::copy(bytes->begin(), bytes->end(), k.secret_key.begin());
  auto wipe = *bytes;
  sodium_memzero(wipe.data(), wipe.size());
  crypto_sign_ed25519_sk_to_pk(k.public_key.data(), k.secret_key.data());
  return k;
}

Result<bool, std::string> writeKey(const std::string& path, const KeyPair& k) {
  std::string text = toBase64(k.secret_key) + "\n";
  auto written = writePrivateFile(path, text, IfExists::Refuse);
  sodium_memzero(text.data(), text.size());
  return written;
}

}  // namespace

Result<KeyPair, std::string> loadOrCreateCardKey(const std::string& ledger_path, bool create) {
  ensureSodium();
  const auto path = cardKeyPath(ledger_path);
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0) return readKey(path);
  if (!create) return err(path + " is missing");
  const auto k = newKeyPair();
  if (auto w = writeKey(path, k); !w) {
    if (::lstat(path.c_str(), &st) == 0) return readKey(path);  // made by another process
    return err(w.error());
  }
  return k;
}

}  // namespace rc::sync
