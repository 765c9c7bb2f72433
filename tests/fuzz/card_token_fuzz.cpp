// libFuzzer target: villagers' QR card tokens (sync/card_token.h) as a kiosk reads a scan, and
// the card public key as a pull page carries it. A fixed key stands for the office's: its seed
// corpus holds real tokens signed with it, so the fuzzer starts past the signature check.
// Whatever the bytes: a token that parses is the prefix, within the cap, of a real villager;
// one that verifies is exactly the token the office would print for that card.
#include <sodium.h>

#include <array>
#include <cstdint>
#include <string_view>

#include "sync/card_token.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

const rc::sync::KeyPair& officeKey() {
  static const rc::sync::KeyPair key = [] {
    if (sodium_init() < 0) std::abort();
    rc::sync::KeyPair k;
    std::array<unsigned char, crypto_sign_SEEDBYTES> seed{};
    for (std::size_t i = 0; i < seed.size(); ++i) seed[i] = static_cast<unsigned char>(i + 1);
    crypto_sign_seed_keypair(k.public_key.data(), k.secret_key.data(), seed.data());
    return k;
  }();
  return key;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace rc::sync;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto& key = officeKey();

  const auto parsed = parseCardToken(text);
  if (parsed) {
    RC_FUZZ_CHECK(looksLikeCardToken(text));
    RC_FUZZ_CHECK(text.size() <= kCardTokenMaxLength);
    RC_FUZZ_CHECK(parsed->version == kCardTokenVersion);
    RC_FUZZ_CHECK(parsed->villager_id > 0);
  } else {
    RC_FUZZ_CHECK(!toString(parsed.error()).empty());
  }
  if (text.size() > kCardTokenMaxLength) {
    RC_FUZZ_CHECK(!parsed && parsed.error() == CardTokenError::TooLong);
  }

  const auto verified = verifyCardToken(text, key.public_key);
  RC_FUZZ_CHECK(!verified || parsed);  // verifying is parsing and more
  if (verified) {
    RC_FUZZ_CHECK(*verified == *parsed);
    RC_FUZZ_CHECK(verified->key_id == cardKeyId(key.public_key));
    // Ed25519 is deterministic: the office prints this very token for this card, and no other
    // spelling of it is accepted.
    const auto again = makeCardToken(verified->villager_id, verified->serial,
                                     verified->issued_day, key);
    RC_FUZZ_CHECK(again == text);
  } else if (parsed) {
    RC_FUZZ_CHECK(verified.error() == CardTokenError::OtherOffice ||
                  verified.error() == CardTokenError::BadSignature);
  }

  // The card public key of a pull page: base64 of 32 bytes, and back.
  if (const auto k = decodeCardPublicKey(text)) {
    RC_FUZZ_CHECK(decodeCardPublicKey(encodeCardPublicKey(*k)) == k);
  }
  return 0;
}
