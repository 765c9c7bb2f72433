#pragma once
// The vocabulary of the reader layer: what a decoder produces (RawScan), what the kiosk receives
// (ScanEvent with a classified Payload), and where it came from (ScanSource). Pure values.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

namespace rc::drivers {

// Every time in this layer is monotonic: scans are ordered and timed, never dated.
using Clock = std::chrono::steady_clock;

enum class ReaderKind { Usb, Evdev, Serial, Fake, Replay };

// What a device is expected to read. It settles the one real ambiguity of classification: an
// 8-digit number is a card number on a card reader and an EAN-8 on a barcode scanner.
enum class ReaderRole {
  Any,   // decide from the payload alone
  Card,  // ID/IC card reader: card UIDs (and tokens, for readers that also read QR)
  Code,  // QR/barcode scanner: card tokens and product barcodes
};

// How a device's reports are laid out, which picks the decoder.
enum class ReportFormat {
  Auto,      // USB only: boot keyboard if the interface says so, HID POS otherwise
  Keyboard,  // HID boot keyboard reports ("keyboard wedge")
  HidPos,    // HID POS barcode reports (usage page 0x8C)
  Serial,    // bytes of text lines
};

// Why a decoder could not produce the text of a scan.
enum class ScanFault {
  None,
  TooLong,           // longer than the length cap (policy)
  ControlCharacter,  // a key or byte that is not text: Esc, F-keys, Ctrl/Alt chords, NUL …
};

// One scan as the decoder saw it, before classification.
struct RawScan {
  std::string text;       // empty when fault != None
  ScanFault fault = ScanFault::None;
  std::string symbology;  // AIM identifier such as "]E0" when the reader reports one
  Clock::time_point time{};  // when the last report of the scan entered the decoder
  bool operator==(const RawScan&) const = default;
};

enum class PayloadKind {
  CardUid,         // the chip or transponder number of an ID/IC card
  CardToken,       // a signed card token (QR on the villager's card); verified by the app
  ProductBarcode,  // EAN-13, EAN-8 or UPC-A with a valid check digit
  Rejected,
};

enum class BarcodeKind { None, Ean13, Ean8, UpcA };

// Why a scan was rejected; shown to installers by rc-reader and logged by the kiosk.
enum class RejectReason {
  None,
  Empty,
  TooLong,
  ControlCharacter,
  BadCheckDigit,
  TokenTooLong,
  TokenMalformed,
  Unrecognised,
};

// A scan parsed into a typed value at the edge ("parse, don't trust").
struct Payload {
  PayloadKind kind = PayloadKind::Rejected;
  std::string text;  // normalised: card UIDs in upper case; tokens and barcodes as scanned
  BarcodeKind barcode = BarcodeKind::None;
  RejectReason reason = RejectReason::None;
  bool operator==(const Payload&) const = default;
};

// Which reader a scan came from.
struct ScanSource {
  ReaderKind kind = ReaderKind::Fake;
  std::string device;  // e.g. "ffff:0035 at 1-2", "/dev/ttyACM0"
  ReaderRole role = ReaderRole::Any;
  bool operator==(const ScanSource&) const = default;
};

// What the kiosk receives: one classified scan.
struct ScanEvent {
  ScanSource source;
  Payload payload;
  Clock::time_point time{};  // when the last report of the scan entered the decoder
};

std::string_view toString(ReaderKind kind) noexcept;
std::string_view toString(ReaderRole role) noexcept;
std::string_view toString(ReportFormat format) noexcept;
std::string_view toString(ScanFault fault) noexcept;
std::string_view toString(PayloadKind kind) noexcept;
std::string_view toString(BarcodeKind kind) noexcept;
// Plain words for an installer ("bad check digit").
std::string_view toString(RejectReason reason) noexcept;

bool parseReaderRole(std::string_view text, ReaderRole& out) noexcept;
bool parseReportFormat(std::string_view text, ReportFormat& out) noexcept;

// The text with anything that is not printable ASCII shown as \xNN, so a hostile scan cannot
// drive a terminal or a log viewer.
std::string escapeForDisplay(std::string_view text);

}  // namespace rc::drivers
