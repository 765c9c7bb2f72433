#include "drivers/payload.h"

#include <gtest/gtest.h>

namespace rc::drivers {
namespace {

Payload of(std::string text, ReaderRole role = ReaderRole::Any, std::string symbology = "") {
  return classify(RawScan{std::move(text), ScanFault::None, std::move(symbology), {}}, role,
                  ClassifyPolicy{});
}

TEST(Payload, CardUidsInTheFormsReadersType) {
  EXPECT_EQ(of("0004567890"), (Payload{PayloadKind::CardUid, "0004567890"}));  // EM4100, decimal
  EXPECT_EQ(of("1a2b3c4d"), (Payload{PayloadKind::CardUid, "1A2B3C4D"}));      // 4-byte UID
  EXPECT_EQ(of("04A224B2C35E80"), (Payload{PayloadKind::CardUid, "04A224B2C35E80"}));  // 7-byte
  EXPECT_EQ(of("12345678", ReaderRole::Card).kind, PayloadKind::CardUid);
}

TEST(Payload, ProductBarcodesNeedAValidCheckDigit) {
  EXPECT_EQ(of("6901234567892"),
            (Payload{PayloadKind::ProductBarcode, "6901234567892", BarcodeKind::Ean13}));
  EXPECT_EQ(of("036000291452"),
            (Payload{PayloadKind::ProductBarcode, "036000291452", BarcodeKind::UpcA}));
  EXPECT_EQ(of("96385074"), (Payload{PayloadKind::ProductBarcode, "96385074", BarcodeKind::Ean8}));
  EXPECT_EQ(of("6901234567890").reason, RejectReason::BadCheckDigit);
  EXPECT_EQ(of("036000291453").reason, RejectReason::BadCheckDigit);
}

TEST(Payload, TheRoleSettlesEightDigits) {
  // A valid EAN-8 is a barcode on a scanner and with role Any, but a card number on a card
  // reader; an invalid one is a card number unless the device is a scanner.
  EXPECT_EQ(of("96385074", ReaderRole::Code).kind, PayloadKind::ProductBarcode);
  EXPECT_EQ(of("96385074", ReaderRole::Card).kind, PayloadKind::CardUid);
  EXPECT_EQ(of("96385075", ReaderRole::Any).kind, PayloadKind::CardUid);
  EXPECT_EQ(of("96385075", ReaderRole::Code).reason, RejectReason::BadCheckDigit);
  // A card reader does not read barcodes; a scanner does not read card numbers.
  EXPECT_EQ(of("6901234567892", ReaderRole::Card).reason, RejectReason::Unrecognised);
  EXPECT_EQ(of("0004567890", ReaderRole::Code).reason, RejectReason::Unrecognised);
}

TEST(Payload, AnEanSymbologyAllowsOnlyABarcode) {
  EXPECT_EQ(of("96385075", ReaderRole::Any, "]E4").reason, RejectReason::BadCheckDigit);
  EXPECT_EQ(of("0004567890", ReaderRole::Any, "]E0").reason, RejectReason::Unrecognised);
  EXPECT_EQ(of("RC2.abc", ReaderRole::Any, "]E0").reason, RejectReason::Unrecognised);
  EXPECT_EQ(of("RC2.abc", ReaderRole::Any, "]Q1").kind, PayloadKind::CardToken);
}

TEST(Payload, CardTokensHaveThePrefixAnAlphabetAndACap) {
  EXPECT_EQ(of("RC2.eyJ2IjoxfQ.c2ln-_~"), (Payload{PayloadKind::CardToken, "RC2.eyJ2IjoxfQ.c2ln-_~"}));
  EXPECT_EQ(of("RC2.").reason, RejectReason::TokenMalformed);
  EXPECT_EQ(of("RC2.a b").reason, RejectReason::TokenMalformed);
  EXPECT_EQ(of("RC2.a'--").reason, RejectReason::TokenMalformed);
  EXPECT_EQ(of("RC2." + std::string(508, 'a')).kind, PayloadKind::CardToken);  // 512: the cap
  EXPECT_EQ(of("RC2." + std::string(509, 'a')).reason, RejectReason::TokenTooLong);
  EXPECT_EQ(of("rc1.abc").reason, RejectReason::Unrecognised);  // the prefix is exact

  ClassifyPolicy p;
  p.token_prefix = "HC:";
  p.token_max_length = 20;
  const auto got = classify(RawScan{"HC:abc", ScanFault::None, "", {}}, ReaderRole::Code, p);
  EXPECT_EQ(got.kind, PayloadKind::CardToken);
}

TEST(Payload, DecoderFaultsAndNoiseAreRejectedWithAReason) {
  EXPECT_EQ(classify(RawScan{"", ScanFault::TooLong, "", {}}, ReaderRole::Any, {}).reason,
            RejectReason::TooLong);
  EXPECT_EQ(classify(RawScan{"", ScanFault::ControlCharacter, "", {}}, ReaderRole::Any, {}).reason,
            RejectReason::ControlCharacter);
  EXPECT_EQ(of("").reason, RejectReason::Empty);
  EXPECT_EQ(of("67890").reason, RejectReason::Unrecognised);  // half a card number
  EXPECT_EQ(of("11010519491231002X").reason, RejectReason::Unrecognised);
  EXPECT_EQ(of("'; DROP TABLE villager;--").reason, RejectReason::Unrecognised);
  EXPECT_EQ(of("1A2B3C4G").reason, RejectReason::Unrecognised);
}

TEST(Payload, Gs1CheckDigit) {
  EXPECT_TRUE(gs1CheckDigitValid("4006381333931"));
  EXPECT_TRUE(gs1CheckDigitValid("73513537"));
  EXPECT_TRUE(gs1CheckDigitValid("012345678905"));
  EXPECT_FALSE(gs1CheckDigitValid("4006381333932"));
  EXPECT_FALSE(gs1CheckDigitValid("40063813339a1"));
  EXPECT_FALSE(gs1CheckDigitValid("7"));
}

}  // namespace
}  // namespace rc::drivers
