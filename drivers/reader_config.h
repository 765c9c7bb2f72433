#pragma once
// The reader policy knobs and device allow-list, loaded from one config file
// (assets/readers.conf) with the same `key = value` shape as the red credit settings, and an
// environment override (RC_READER) for tests and demos. Pure value; parsing takes text.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "drivers/decoder.h"
#include "drivers/device_state.h"
#include "drivers/payload.h"
#include "drivers/scan.h"

namespace rc::drivers {

// One entry of the USB allow-list: only these devices are ever claimed.
struct UsbDeviceRule {
  std::uint16_t vendor_id = 0;
  std::optional<std::uint16_t> product_id;  // nullopt: any product of the vendor ("VID:*")
  ReportFormat format = ReportFormat::Auto;
  ReaderRole role = ReaderRole::Any;
  std::string name;
  bool matches(std::uint16_t vid, std::uint16_t pid) const noexcept {
    return vid == vendor_id && (!product_id || *product_id == pid);
  }
  bool operator==(const UsbDeviceRule&) const = default;
};

// One entry of the receipt printer allow-list (USB printer class 7 with a bulk OUT endpoint).
struct UsbPrinterRule {
  std::uint16_t vendor_id = 0;
  std::optional<std::uint16_t> product_id;  // nullopt: any product of the vendor ("VID:*")
  std::string name;
  bool matches(std::uint16_t vid, std::uint16_t pid) const noexcept {
    return vid == vendor_id && (!product_id || *product_id == pid);
  }
  bool operator==(const UsbPrinterRule&) const = default;
};

enum class PrinterKind { None, Usb };

// The receipt printer: which kind, which USB printers may be claimed, the paper's width.
struct PrinterConfig {
  PrinterKind kind = PrinterKind::None;
  std::vector<UsbPrinterRule> usb_printers = defaultUsbPrinters();
  int paper_mm = 58;  // 58 (32 columns) or 80 (48 columns)
  // Take the printer from the kernel's usblp driver (it would hold the interface).
  bool detach_kernel_driver = true;
  int columns() const noexcept { return paper_mm == 80 ? 48 : 32; }
  bool operator==(const PrinterConfig&) const = default;

  static std::vector<UsbPrinterRule> defaultUsbPrinters();
};

struct ReaderConfig {
  ReaderKind reader = ReaderKind::Usb;
  std::string path;  // evdev node, serial port or replay file
  // Role of the evdev, serial, replay or fake reader (USB devices carry theirs in the rule).
  ReaderRole role = ReaderRole::Any;

  std::vector<UsbDeviceRule> usb_devices = defaultUsbDevices();
  // Take the reader from the kernel's keyboard driver, so it cannot type into the system.
  bool usb_detach_kernel_driver = true;

  DecoderPolicy decoder;
  ClassifyPolicy classify;
  std::chrono::milliseconds hold_off{2000};
  std::size_t queue_capacity = 32;
  RetryPolicy retry;

  int serial_baud = 9600;
  // Refuse an input device that cannot be grabbed exclusively (its keys would reach the system).
  bool evdev_require_grab = true;

  PrinterConfig printer;

  bool operator==(const ReaderConfig&) const = default;

  static std::vector<UsbDeviceRule> defaultUsbDevices();
};

struct ReaderConfigError {
  int line = 0;  // 1-based; 0 when not tied to a line
  std::string message;
};

// Parses `key = value` lines ('#' starts a comment). Unknown keys, malformed values and
// out-of-range numbers are errors naming the line. `usb_device = VID:PID FORMAT ROLE NAME…`
// repeats; the first one replaces the default allow-list; so does `usb_printer = VID:PID NAME…`
// for the printers.
rc::Result<ReaderConfig, ReaderConfigError> parseReaderConfig(std::string_view text);

// The config as text that parseReaderConfig reads back to an equal value, with comments.
std::string readerConfigToText(const ReaderConfig& config);

// Applies RC_READER's value: `usb`, `fake`, `replay:FILE`, `evdev:PATH` or `serial:PATH`.
rc::Result<ReaderConfig, ReaderConfigError> applyReaderOverride(ReaderConfig config,
                                                                std::string_view value);

// "ffff:0035" → {0xffff, 0x0035}; "0c2e:*" → {0x0c2e, nullopt}; anything else fails.
bool parseVidPid(std::string_view text, std::uint16_t& vid, std::optional<std::uint16_t>& pid);

}  // namespace rc::drivers
