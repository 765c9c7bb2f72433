#include "drivers/payload.h"

#include <algorithm>

namespace rc::drivers {
namespace {

bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }
bool isHex(char c) noexcept {
  return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
// base64url plus '.' and '~': enough for a prefix-versioned signed token, nothing that a shell,
// SQL or a URL would treat specially.
bool isTokenChar(char c) noexcept {
  return isDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' ||
         c == '.' || c == '~';
}

Payload rejected(RejectReason reason, std::string text = {}) {
  return {PayloadKind::Rejected, std::move(text), BarcodeKind::None, reason};
}

Payload barcode(const std::string& digits) {
  if (!gs1CheckDigitValid(digits)) return rejected(RejectReason::BadCheckDigit, digits);
  const BarcodeKind kind = digits.size() == 13   ? BarcodeKind::Ean13
                           : digits.size() == 12 ? BarcodeKind::UpcA
                                                 : BarcodeKind::Ean8;
  return {PayloadKind::ProductBarcode, digits, kind, RejectReason::None};
}

}  // namespace

bool gs1CheckDigitValid(std::string_view digits) noexcept {
  if (digits.size() < 2 || !std::all_of(digits.begin(), digits.end(), isDigit)) return false;
  int sum = 0;
  int weight = 3;  // the digit next to the check digit weighs 3, then 1, 3, …
  for (std::size_t i = digits.size() - 1; i-- > 0;) {
    sum += (digits[i] - '0') * weight;
    weight = 4 - weight;
  }
  return (10 - sum % 10) % 10 == digits.back() - '0';
}

Payload classify(const RawScan& scan, ReaderRole role, const ClassifyPolicy& policy) {
  switch (scan.fault) {
    case ScanFault::TooLong: return rejected(RejectReason::TooLong);
    case ScanFault::ControlCharacter: return rejected(RejectReason::ControlCharacter);
    case ScanFault::None: break;
  }
  const std::string& text = scan.text;
  if (text.empty()) return rejected(RejectReason::Empty);
  const bool barcode_only = scan.symbology.starts_with("]E");

  if (!barcode_only && !policy.token_prefix.empty() && text.starts_with(policy.token_prefix)) {
    if (text.size() > policy.token_max_length) return rejected(RejectReason::TokenTooLong);
    const std::string_view body = std::string_view(text).substr(policy.token_prefix.size());
    if (body.empty() || !std::all_of(body.begin(), body.end(), isTokenChar)) {
      return rejected(RejectReason::TokenMalformed, text);
    }
    return {PayloadKind::CardToken, text, BarcodeKind::None, RejectReason::None};
  }

  const std::size_t n = text.size();
  const bool all_digits = std::all_of(text.begin(), text.end(), isDigit);
  if (all_digits && (n == 12 || n == 13) && role != ReaderRole::Card) return barcode(text);
  if (all_digits && n == 8 &&
      (role == ReaderRole::Code || barcode_only ||
       (role == ReaderRole::Any && gs1CheckDigitValid(text)))) {
    return barcode(text);
  }
  if (barcode_only) return rejected(RejectReason::Unrecognised, text);
  if (role != ReaderRole::Code) {
    const bool all_hex = std::all_of(text.begin(), text.end(), isHex);
    if ((all_digits && (n == 8 || n == 10)) || (all_hex && (n == 8 || n == 14))) {
      std::string uid = text;
      std::transform(uid.begin(), uid.end(), uid.begin(), [](char c) {
        return (c >= 'a' && c <= 'f') ? static_cast<char>(c - 'a' + 'A') : c;
      });
      return {PayloadKind::CardUid, uid, BarcodeKind::None, RejectReason::None};
    }
  }
  return rejected(RejectReason::Unrecognised, text);
}

}  // namespace rc::drivers
