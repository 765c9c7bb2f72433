// Signed QR card tokens (sync/card_token.h): what a kiosk accepts offline and what it refuses
// (forged, altered, another office's, malformed, too long), the size that keeps the QR code at
// version 8 or less, the card key file beside the ledger, and the public key in a pull page.
#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <fstream>

#include "db/cards.h"
#include "office/pdf.h"
#include "support/temp_dir.h"
#include "sync/card_token.h"
#include "sync/protocol.h"

namespace rc::sync {
namespace {

// The token's bytes after the prefix, and back.
std::vector<std::uint8_t> bytesOf(const std::string& token) {
  const auto body = token.substr(kCardTokenPrefix.size());
  std::vector<std::uint8_t> out(body.size());
  std::size_t len = 0;
  EXPECT_EQ(sodium_base642bin(out.data(), out.size(), body.data(), body.size(), nullptr, &len,
                              nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  out.resize(len);
  return out;
}
std::string tokenOf(const std::vector<std::uint8_t>& bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes.data(), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return std::string(kCardTokenPrefix) + out;
}

TEST(CardToken, AGoodTokenVerifiesAndCarriesItsVillagerSerialAndDay) {
  const auto key = newKeyPair();
  const auto token = makeCardToken(4711, 123, 20'000, key);
  ASSERT_TRUE(token.starts_with("RC2."));
  EXPECT_EQ(token, makeCardToken(4711, 123, 20'000, key));  // made again from the same card
  const auto v = verifyCardToken(token, key.public_key);
  ASSERT_TRUE(v.ok()) << toString(v.error());
  EXPECT_EQ(v->villager_id, 4711);
  EXPECT_EQ(v->serial, 123u);
  EXPECT_EQ(v->issued_day, 20'000);
  EXPECT_EQ(v->key_id, cardKeyId(key.public_key));
}

TEST(CardToken, FitsAQrCodeOfVersionEightAtLevelM) {
  const auto key = newKeyPair();
  const auto token = makeCardToken(0xffffffffLL, 0xffffffffu, 0xffff, key);
  EXPECT_LE(token.size(), kCardTokenMaxLength);
  const int version = office::pdf::qrVersionFor(token);
  EXPECT_GT(version, 0);
  EXPECT_LE(version, 8) << token.size() << " characters";
}

TEST(CardToken, AForgedSignatureIsRefused) {
  const auto key = newKeyPair();
  auto bytes = bytesOf(makeCardToken(12, 1, 20'000, key));
  ASSERT_EQ(bytes.size(), 15u + 64u);
  randombytes_buf(bytes.data() + 15, 64);
  const auto v = verifyCardToken(tokenOf(bytes), key.public_key);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error(), CardTokenError::BadSignature);
}

TEST(CardToken, EveryChangedPayloadByteIsRefused) {
  const auto key = newKeyPair();
  const auto good = bytesOf(makeCardToken(12, 1, 20'000, key));
  // Byte 0 is the version, 1..4 the key id, 5..8 the villager, 9..12 the serial, 13..14 the day.
  for (std::size_t i = 0; i < 15; ++i) {
    auto bytes = good;
    bytes[i] ^= 0x01;
    const auto v = verifyCardToken(tokenOf(bytes), key.public_key);
    ASSERT_FALSE(v.ok()) << "byte " << i;
    const auto want = i == 0   ? CardTokenError::UnknownVersion
                      : i <= 4 ? CardTokenError::OtherOffice
                               : CardTokenError::BadSignature;
    EXPECT_EQ(v.error(), want) << "byte " << i;
  }
  // Another villager on the same signature, as a copier would try.
  auto bytes = good;
  bytes[8] = 13;
  EXPECT_EQ(verifyCardToken(tokenOf(bytes), key.public_key).error(), CardTokenError::BadSignature);
}

TEST(CardToken, AnotherOfficesTokenIsToldApart) {
  const auto ours = newKeyPair();
  const auto theirs = newKeyPair();
  const auto token = makeCardToken(12, 1, 20'000, theirs);
  ASSERT_TRUE(verifyCardToken(token, theirs.public_key).ok());
  const auto v = verifyCardToken(token, ours.public_key);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error(), CardTokenError::OtherOffice);
}

TEST(CardToken, MalformedAndOverLongTokensAreRefused) {
  const auto key = newKeyPair();
  const auto good = makeCardToken(12, 1, 20'000, key);
  auto code = [&](const std::string& t) {
    const auto v = verifyCardToken(t, key.public_key);
    return v.ok() ? std::optional<CardTokenError>() : v.error();
  };
  using E = CardTokenError;
  EXPECT_EQ(code(""), E::Malformed);
  EXPECT_EQ(code("RC2."), E::Malformed);
  EXPECT_EQ(code("RC1." + good.substr(4)), E::Malformed);        // the old unsigned prefix
  EXPECT_EQ(code(good.substr(0, good.size() - 1)), E::Malformed);  // a byte short
  EXPECT_EQ(code(good + "A"), E::Malformed);                       // a character over
  EXPECT_EQ(code(good.substr(0, 20) + "+" + good.substr(21)), E::Malformed);  // not base64url
  EXPECT_EQ(code(good.substr(0, 20) + "=" + good.substr(21)), E::Malformed);
  EXPECT_EQ(code("RC2." + std::string(kCardTokenMaxLength, 'A')), E::TooLong);
  EXPECT_EQ(code("RC2." + std::string(100'000, 'A')), E::TooLong);
  EXPECT_EQ(code(good), std::nullopt);
  EXPECT_THROW(makeCardToken(0x1'0000'0000LL, 1, 0, key), std::invalid_argument);
}

TEST(CardToken, QrCardUidsAndSerials) {
  EXPECT_EQ(db::qrCardUid(123), "Q000123");
  EXPECT_EQ(db::qrCardUid(1'234'567), "Q1234567");
  EXPECT_EQ(db::qrCardSerial("Q000123"), 123);
  EXPECT_EQ(db::qrCardSerial("q123"), 123);
  EXPECT_EQ(db::qrCardSerial("000123"), 123);
  EXPECT_EQ(db::qrCardSerial("Q0"), std::nullopt);
  EXPECT_EQ(db::qrCardSerial("Q12a"), std::nullopt);
  EXPECT_EQ(db::qrCardSerial("Q99999999999"), std::nullopt);
  EXPECT_EQ(db::qrCardSerial("1A2B3C4D"), std::nullopt);
}

TEST(CardKey, CreatedOwnerOnlyThenLoadedAndRefusedWhenOthersMayReadIt) {
  rc::test::TempDir dir;
  const auto ledger = dir.file("office.db");
  EXPECT_FALSE(loadOrCreateCardKey(ledger, false).ok());  // not made unless asked
  const auto made = loadOrCreateCardKey(ledger, true);
  ASSERT_TRUE(made.ok()) << made.error();
  struct stat st {};
  ASSERT_EQ(::stat(cardKeyPath(ledger).c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto again = loadOrCreateCardKey(ledger, true);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_EQ(again->public_key, made->public_key);
  EXPECT_EQ(again->secret_key, made->secret_key);
  // A token made with the loaded key verifies with the first one's public key.
  EXPECT_TRUE(verifyCardToken(makeCardToken(5, 9, 1, *again), made->public_key).ok());

  ASSERT_EQ(::chmod(cardKeyPath(ledger).c_str(), 0644), 0);
  const auto wide = loadOrCreateCardKey(ledger, true);
  ASSERT_FALSE(wide.ok());
  EXPECT_NE(wide.error().find("chmod 600"), std::string::npos) << wide.error();

  ASSERT_EQ(::chmod(cardKeyPath(ledger).c_str(), 0600), 0);
  std::ofstream(cardKeyPath(ledger), std::ios::trunc) << "not a key\n";
  EXPECT_FALSE(loadOrCreateCardKey(ledger, true).ok());
}

TEST(CardKey, ThePullPageCarriesThePublicKeyAndRefusesABadOne) {
  const auto key = newKeyPair();
  db::PullPage page;
  page.next = {3, 4};
  EXPECT_FALSE(decodePullPage(encodePullPage(page))->card_public_key.has_value());
  page.card_public_key = encodeCardPublicKey(key.public_key);
  const auto back = decodePullPage(encodePullPage(page));
  ASSERT_TRUE(back.ok()) << back.error();
  ASSERT_TRUE(back->card_public_key.has_value());
  EXPECT_EQ(decodeCardPublicKey(*back->card_public_key), key.public_key);
  page.card_public_key = "c2hvcnQ=";  // base64, but 5 bytes
  const auto bad = decodePullPage(encodePullPage(page));
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().find("card_public_key"), std::string::npos) << bad.error();
}

}  // namespace
}  // namespace rc::sync
