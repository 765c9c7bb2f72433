#pragma once
// Classification at the edge: a raw scan becomes a card UID, a signed card token, a product
// barcode, or a rejection with its reason. Pure functions.

#include <cstddef>
#include <string>
#include <string_view>

#include "drivers/scan.h"

namespace rc::drivers {

struct ClassifyPolicy {
  // Card tokens (the QR printed on a villager's card) start with this. They are signed by the
  // office (sync/card_token.h) and checked by the kiosk; here only the prefix, the alphabet and
  // the cap.
  std::string token_prefix = "RC2.";
  std::size_t token_max_length = 512;
  bool operator==(const ClassifyPolicy&) const = default;
};

// Accepted forms, so an installer can tell a reader's output apart from noise:
// - card UID: 8 or 14 hexadecimal characters (4- or 7-byte chip UID) or 8 or 10 decimal digits
//   (the numbers keyboard-wedge ID/IC readers type); normalised to upper case;
// - card token: the prefix, then at least one of [A-Za-z0-9._~-], at most the cap in total;
// - product barcode: EAN-13 (13 digits), UPC-A (12) or EAN-8 (8) with a valid check digit.
// The reader's role settles an 8-digit number: a card on a card reader, an EAN-8 on a code
// scanner, and with role Any an EAN-8 only if its check digit holds. An AIM identifier "]E…"
// (EAN/UPC symbology) from a HID POS scanner allows a barcode only.
Payload classify(const RawScan& scan, ReaderRole role, const ClassifyPolicy& policy);

// GS1 check digit (EAN-8, UPC-A, EAN-13): digits only, the last one being the check digit.
bool gs1CheckDigitValid(std::string_view digits) noexcept;

}  // namespace rc::drivers
