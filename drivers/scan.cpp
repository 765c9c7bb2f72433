#include "drivers/scan.h"

namespace rc::drivers {

std::string_view toString(ReaderKind kind) noexcept {
  switch (kind) {
    case ReaderKind::Usb: return "usb";
    case ReaderKind::Evdev: return "evdev";
    case ReaderKind::Serial: return "serial";
    case ReaderKind::Fake: return "fake";
    case ReaderKind::Replay: return "replay";
  }
  return "?";
}

std::string_view toString(ReaderRole role) noexcept {
  switch (role) {
    case ReaderRole::Any: return "any";
    case ReaderRole::Card: return "card";
    case ReaderRole::Code: return "code";
  }
  return "?";
}

std::string_view toString(ReportFormat format) noexcept {
  switch (format) {
    case ReportFormat::Auto: return "auto";
    case ReportFormat::Keyboard: return "keyboard";
    case ReportFormat::HidPos: return "hidpos";
    case ReportFormat::Serial: return "serial";
  }
  return "?";
}

std::string_view toString(ScanFault fault) noexcept {
  switch (fault) {
    case ScanFault::None: return "none";
    case ScanFault::TooLong: return "too-long";
    case ScanFault::ControlCharacter: return "control-character";
  }
  return "?";
}

std::string_view toString(PayloadKind kind) noexcept {
  switch (kind) {
    case PayloadKind::CardUid: return "card-uid";
    case PayloadKind::CardToken: return "card-token";
    case PayloadKind::ProductBarcode: return "barcode";
    case PayloadKind::Rejected: return "rejected";
  }
  return "?";
}

std::string_view toString(BarcodeKind kind) noexcept {
  switch (kind) {
    case BarcodeKind::None: return "none";
    case BarcodeKind::Ean13: return "ean-13";
    case BarcodeKind::Ean8: return "ean-8";
    case BarcodeKind::UpcA: return "upc-a";
  }
  return "?";
}

std::string_view toString(RejectReason reason) noexcept {
  switch (reason) {
    case RejectReason::None: return "none";
    case RejectReason::Empty: return "empty scan";
    case RejectReason::TooLong: return "longer than the length cap";
    case RejectReason::ControlCharacter: return "contains a control key or character";
    case RejectReason::BadCheckDigit: return "bad check digit";
    case RejectReason::TokenTooLong: return "card token longer than its cap";
    case RejectReason::TokenMalformed: return "card token with characters it cannot contain";
    case RejectReason::Unrecognised: return "not a card number, card token or product barcode";
  }
  return "?";
}

bool parseReaderRole(std::string_view text, ReaderRole& out) noexcept {
  for (auto r : {ReaderRole::Any, ReaderRole::Card, ReaderRole::Code}) {
    if (text == toString(r)) {
      out = r;
      return true;
    }
  }
  return false;
}

bool parseReportFormat(std::string_view text, ReportFormat& out) noexcept {
  for (auto f : {ReportFormat::Auto, ReportFormat::Keyboard, ReportFormat::HidPos,
                 ReportFormat::Serial}) {
    if (text == toString(f)) {
      out = f;
      return true;
    }
  }
  return false;
}

std::string escapeForDisplay(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0x20 && b < 0x7f && b != '\\') {
      out += c;
    } else {
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 0x0f];
    }
  }
  return out;
}

}  // namespace rc::drivers
