#include "drivers/reader_config.h"

#include <array>
#include <charconv>

#include "core/text.h"

// Sections: limits and helpers; value parsers; the key table; parse; print; the override.

namespace rc::drivers {
namespace {

// A short hand-edited file; anything far larger is a wrong file or an attack.
constexpr std::size_t kMaxTextBytes = std::size_t{64} * 1024;
constexpr std::size_t kMaxUsbDevices = 64;
constexpr std::size_t kMaxUsbPrinters = 64;
constexpr std::string_view kWhitespace = " \t";
constexpr std::array<int, 8> kBaudRates = {1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200};

std::string quoted(std::string_view s) { return "'" + std::string(s) + "'"; }

bool hasControlChar(std::string_view s) noexcept {
  for (const char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f) return true;
  }
  return false;
}

// ---- value parsers -------------------------------------------------------------------------

std::optional<int> parseInt(std::string_view token, int lo, int hi) noexcept {
  int value = 0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, value);
  if (token.empty() || ec != std::errc{} || ptr != end || value < lo || value > hi) {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> parseBool(std::string_view token) noexcept {
  if (token == "true") return true;
  if (token == "false") return false;
  return std::nullopt;
}

std::optional<std::uint16_t> parseHex16(std::string_view token) noexcept {
  unsigned value = 0;
  const char* end = token.data() + token.size();
  const auto [ptr, ec] = std::from_chars(token.data(), end, value, 16);
  if (token.size() != 4 || ec != std::errc{} || ptr != end) return std::nullopt;
  return static_cast<std::uint16_t>(value);
}

std::string hex4(std::uint16_t v) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(4, '0');
  for (int i = 3; i >= 0; --i) {
    s[static_cast<std::size_t>(i)] = kHex[v & 0x0f];
    v = static_cast<std::uint16_t>(v >> 4);
  }
  return s;
}

// `VID:PID FORMAT ROLE NAME…`
std::optional<std::string> parseUsbDevice(std::string_view value, UsbDeviceRule& out) {
  const std::string usage = "'usb_device' must be VID:PID FORMAT ROLE NAME, got " + quoted(value);
  std::array<std::string_view, 3> words;
  std::string_view rest = value;
  for (auto& w : words) {
    rest = core::trim(rest);
    const auto end = rest.find_first_of(kWhitespace);
    if (end == std::string_view::npos) return usage;
    w = rest.substr(0, end);
    rest = rest.substr(end);
  }
  const std::string_view name = core::trim(rest);
  UsbDeviceRule rule;
  if (!parseVidPid(words[0], rule.vendor_id, rule.product_id)) {
    return "USB id must be four hex digits, a colon and four hex digits or '*', got " +
           quoted(words[0]);
  }
  if (!parseReportFormat(words[1], rule.format) || rule.format == ReportFormat::Serial) {
    return "USB report format must be auto, keyboard or hidpos, got " + quoted(words[1]);
  }
  if (!parseReaderRole(words[2], rule.role)) {
    return "reader role must be any, card or code, got " + quoted(words[2]);
  }
  if (name.empty() || hasControlChar(name)) return usage;
  rule.name = std::string(name);
  out = std::move(rule);
  return std::nullopt;
}

// `VID:PID NAME…`
std::optional<std::string> parseUsbPrinter(std::string_view value, UsbPrinterRule& out) {
  const std::string usage = "'usb_printer' must be VID:PID NAME, got " + quoted(value);
  const std::string_view v = core::trim(value);
  const auto end = v.find_first_of(kWhitespace);
  if (end == std::string_view::npos) return usage;
  UsbPrinterRule rule;
  if (!parseVidPid(v.substr(0, end), rule.vendor_id, rule.product_id)) {
    return "USB id must be four hex digits, a colon and four hex digits or '*', got " +
           quoted(v.substr(0, end));
  }
  const std::string_view name = core::trim(v.substr(end));
  if (name.empty() || hasControlChar(name)) return usage;
  rule.name = std::string(name);
  out = std::move(rule);
  return std::nullopt;
}

// ---- the key table -------------------------------------------------------------------------

struct KeySpec {
  std::string_view name;
  // Parses `value` into `config`; an error message, or nullopt.
  std::optional<std::string> (*parse)(std::string_view value, ReaderConfig& config);
  // The value as written by readerConfigToText.
  std::string (*print)(const ReaderConfig& config);
  std::string_view doc;
};

template <int Lo, int Hi>
std::optional<std::string> intInto(std::string_view key, std::string_view value, int& out) {
  const auto v = parseInt(value, Lo, Hi);
  if (!v) {
    return quoted(key) + " must be a whole number from " + std::to_string(Lo) + " to " +
           std::to_string(Hi) + ", got " + quoted(value);
  }
  out = *v;
  return std::nullopt;
}

std::optional<std::string> boolInto(std::string_view key, std::string_view value, bool& out) {
  const auto v = parseBool(value);
  if (!v) return quoted(key) + " must be true or false, got " + quoted(value);
  out = *v;
  return std::nullopt;
}

std::string msText(std::chrono::milliseconds ms) { return std::to_string(ms.count()); }
std::string boolText(bool b) { return b ? "true" : "false"; }

const std::array<KeySpec, 20> kKeys = {{
    {"reader",
     [](std::string_view v, ReaderConfig& c) -> std::optional<std::string> {
       for (auto k : {ReaderKind::Usb, ReaderKind::Evdev, ReaderKind::Serial, ReaderKind::Fake,
                      ReaderKind::Replay}) {
         if (v == toString(k)) {
           c.reader = k;
           return std::nullopt;
         }
       }
       return "'reader' must be usb, evdev, serial, fake or replay, got " + quoted(v);
     },
     [](const ReaderConfig& c) { return std::string(toString(c.reader)); },
     "Which reader the kiosk uses: usb (the allow-list below, via libusb), evdev (an input "
     "device node the kernel keeps, grabbed exclusively), serial (a /dev/ttyACM* scanner), "
     "fake (scans from the app or a test) or replay (a file of recorded reports). "
     "RC_READER=usb|fake|replay:FILE|evdev:PATH|serial:PATH overrides this and reader_path."},
    {"reader_path",
     [](std::string_view v, ReaderConfig& c) -> std::optional<std::string> {
       if (hasControlChar(v)) return "'reader_path' contains a control character";
       c.path = std::string(v);
       return std::nullopt;
     },
     [](const ReaderConfig& c) { return c.path; },
     "For evdev, serial and replay: the device node or file, e.g. "
     "/dev/input/by-id/usb-…-event-kbd or /dev/ttyACM0."},
    {"reader_role",
     [](std::string_view v, ReaderConfig& c) -> std::optional<std::string> {
       if (!parseReaderRole(v, c.role)) {
         return "'reader_role' must be any, card or code, got " + quoted(v);
       }
       return std::nullopt;
     },
     [](const ReaderConfig& c) { return std::string(toString(c.role)); },
     "What the evdev, serial or replay reader reads: card (ID/IC cards), code (QR and "
     "barcodes) or any. It settles whether 8 digits are a card number or an EAN-8."},
    {"usb_device", nullptr, nullptr,
     "USB readers the kiosk may claim, one line each: usb_device = VID:PID FORMAT ROLE NAME. "
     "PID may be * for every product of a scanner maker. FORMAT: keyboard (boot keyboard "
     "reports), hidpos (HID POS scanner) or auto (from the interface). ROLE: card, code or "
     "any. The first line replaces all defaults. `rc-reader list` shows what is plugged in. "
     "Each needs a line in the udev rule (assets/70-red-credit-readers.rules)."},
    {"usb_detach_kernel_driver",
     [](std::string_view v, ReaderConfig& c) {
       return boolInto("usb_detach_kernel_driver", v, c.usb_detach_kernel_driver);
     },
     [](const ReaderConfig& c) { return boolText(c.usb_detach_kernel_driver); },
     "true: take a reader away from the kernel's keyboard driver, so its scans never type "
     "into the system (an input method would swallow them; a barcode could press hotkeys). "
     "false: a reader the kernel holds is reported and left alone."},
    {"max_scan_length",
     [](std::string_view v, ReaderConfig& c) {
       int n = 0;
       auto e = intInto<1, 4096>("max_scan_length", v, n);
       c.decoder.max_length = static_cast<std::size_t>(n);
       return e;
     },
     [](const ReaderConfig& c) { return std::to_string(c.decoder.max_length); },
     "Characters in one scan; a longer one is rejected as an error (1 to 4096)."},
    {"pause_ms",
     [](std::string_view v, ReaderConfig& c) {
       int n = 0;
       auto e = intInto<10, 5000>("pause_ms", v, n);
       c.decoder.pause = std::chrono::milliseconds(n);
       return e;
     },
     [](const ReaderConfig& c) { return msText(c.decoder.pause); },
     "Silence in the middle of a scan, in milliseconds, that ends it (10 to 5000)."},
    {"pause_action",
     [](std::string_view v, ReaderConfig& c) -> std::optional<std::string> {
       if (v == "drop") {
         c.decoder.pause_action = PauseAction::Drop;
       } else if (v == "flush") {
         c.decoder.pause_action = PauseAction::Flush;
       } else {
         return "'pause_action' must be drop or flush, got " + quoted(v);
       }
       return std::nullopt;
     },
     [](const ReaderConfig& c) {
       return std::string(c.decoder.pause_action == PauseAction::Drop ? "drop" : "flush");
     },
     "What a pause does to the part of a scan already read: drop (for readers that end each "
     "scan with Enter or Tab: half a card number must never act as one) or flush (for readers "
     "set up without an ending key)."},
    {"hold_off_ms",
     [](std::string_view v, ReaderConfig& c) {
       int n = 0;
       auto e = intInto<0, 60000>("hold_off_ms", v, n);
       c.hold_off = std::chrono::milliseconds(n);
       return e;
     },
     [](const ReaderConfig& c) { return msText(c.hold_off); },
     "The same scan repeated within this many milliseconds acts once; every repeat restarts "
     "the wait, so a card left on the reader does not act twice (0 to 60000; 0: off)."},
    {"queue_capacity",
     [](std::string_view v, ReaderConfig& c) {
       int n = 0;
       auto e = intInto<1, 10000>("queue_capacity", v, n);
       c.queue_capacity = static_cast<std::size_t>(n);
       return e;
     },
     [](const ReaderConfig& c) { return std::to_string(c.queue_capacity); },
     "Scans waiting for the app; when full the oldest is dropped (1 to 10000)."},
    {"retry_initial_ms",
     [](std::string_view v, ReaderConfig& c) {
       int n = 0;
       auto e = intInto<10, 60000>("retry_initial_ms", v, n);
       c.retry.initial = std::chrono::milliseconds(n);
       return e;
     },
     [](const ReaderConfig& c) { return msText(c.retry.initial); },
     "After a reader cannot be opened (e.g. udev has not yet given access), wait this long "
     "before trying again, doubling each time (10 to 60000)."},
    {"retry_max_ms",
     [](std::string_view v, ReaderConfig& c) {
       int n = 0;
       auto e = intInto<10, 600000>("retry_max_ms", v, n);
       c.retry.max = std::chrono::milliseconds(n);
       return e;
     },
     [](const ReaderConfig& c) { return msText(c.retry.max); },
     "The longest wait between tries, at least retry_initial_ms (10 to 600000)."},
    {"card_token_prefix",
     [](std::string_view v, ReaderConfig& c) -> std::optional<std::string> {
       if (v.empty() || v.size() > 16 || hasControlChar(v) ||
           v.find_first_of(kWhitespace) != std::string_view::npos) {
         return "'card_token_prefix' must be 1 to 16 characters without spaces, got " +
                quoted(v);
       }
       c.classify.token_prefix = std::string(v);
       return std::nullopt;
     },
     [](const ReaderConfig& c) { return c.classify.token_prefix; },
     "How a signed card token (the QR on a villager's card) starts."},
    {"card_token_max_length",
     [](std::string_view v, ReaderConfig& c) {
       int n = 0;
       auto e = intInto<16, 4096>("card_token_max_length", v, n);
       c.classify.token_max_length = static_cast<std::size_t>(n);
       return e;
     },
     [](const ReaderConfig& c) { return std::to_string(c.classify.token_max_length); },
     "Longest card token accepted, prefix included (16 to 4096)."},
    {"serial_baud",
     [](std::string_view v, ReaderConfig& c) -> std::optional<std::string> {
       const auto n = parseInt(v, 0, 1'000'000);
       for (const int rate : kBaudRates) {
         if (n && *n == rate) {
           c.serial_baud = rate;
           return std::nullopt;
         }
       }
       return "'serial_baud' must be one of 1200 2400 4800 9600 19200 38400 57600 115200, got " +
              quoted(v);
     },
     [](const ReaderConfig& c) { return std::to_string(c.serial_baud); },
     "Line speed of a serial scanner (CDC ACM scanners ignore it)."},
    {"evdev_require_grab",
     [](std::string_view v, ReaderConfig& c) {
       return boolInto("evdev_require_grab", v, c.evdev_require_grab);
     },
     [](const ReaderConfig& c) { return boolText(c.evdev_require_grab); },
     "true: refuse an input device that cannot be grabbed exclusively, since its keys would "
     "also reach the system."},
    {"printer",
     [](std::string_view v, ReaderConfig& c) -> std::optional<std::string> {
       if (v == "none") {
         c.printer.kind = PrinterKind::None;
       } else if (v == "usb") {
         c.printer.kind = PrinterKind::Usb;
       } else {
         return "'printer' must be usb or none, got " + quoted(v);
       }
       return std::nullopt;
     },
     [](const ReaderConfig& c) {
       return std::string(c.printer.kind == PrinterKind::Usb ? "usb" : "none");
     },
     "The receipt printer: usb (an ESC/POS printer from the list below, via libusb) or none. "
     "Without a printer, or with its paper out, the kiosk works and says so in the status bar. "
     "rc-kiosk --printer-out DIR writes each job to a file instead (docs/printer.md)."},
    {"usb_printer", nullptr, nullptr,
     "USB receipt printers the kiosk may claim, one line each: usb_printer = VID:PID NAME. PID "
     "may be *. The defaults are examples of common Chinese 58/80 mm POS printers; check yours "
     "with `rc-reader list`. The first line replaces all defaults. Each needs a line in the udev "
     "rule (assets/70-red-credit-readers.rules)."},
    {"printer_paper_mm",
     [](std::string_view v, ReaderConfig& c) -> std::optional<std::string> {
       if (v == "58") {
         c.printer.paper_mm = 58;
       } else if (v == "80") {
         c.printer.paper_mm = 80;
       } else {
         return "'printer_paper_mm' must be 58 or 80, got " + quoted(v);
       }
       return std::nullopt;
     },
     [](const ReaderConfig& c) { return std::to_string(c.printer.paper_mm); },
     "The printer's paper: 58 (32 characters a line) or 80 (48)."},
    {"printer_detach_kernel_driver",
     [](std::string_view v, ReaderConfig& c) {
       return boolInto("printer_detach_kernel_driver", v, c.printer.detach_kernel_driver);
     },
     [](const ReaderConfig& c) { return boolText(c.printer.detach_kernel_driver); },
     "true: take the printer from the kernel's usblp driver, which holds it as /dev/usb/lp0. "
     "false: a printer usblp holds is reported and left alone."},
}};

void appendWrapped(std::string& out, std::string_view text) {
  constexpr std::size_t kWidth = 94;
  std::string line = "#";
  while (!text.empty()) {
    const auto space = text.find(' ');
    const std::string_view word = text.substr(0, space);
    if (line.size() + 1 + word.size() > kWidth && line.size() > 1) {
      out += line + "\n";
      line = "#";
    }
    line += " ";
    line += word;
    text = space == std::string_view::npos ? std::string_view{} : text.substr(space + 1);
  }
  out += line + "\n";
}

}  // namespace

std::vector<UsbDeviceRule> ReaderConfig::defaultUsbDevices() {
  return {
      {0xffff, 0x0035, ReportFormat::Keyboard, ReaderRole::Card,
       "Sycreader 125 kHz ID card reader"},
      {0x16c0, 0x27db, ReportFormat::Keyboard, ReaderRole::Card,
       "keyboard-wedge IC card reader (V-USB)"},
      {0x0c2e, std::nullopt, ReportFormat::Auto, ReaderRole::Code,
       "Honeywell (Metrologic) QR and barcode scanners"},
      {0x1eab, std::nullopt, ReportFormat::Auto, ReaderRole::Code,
       "Newland QR and barcode scanners"},
      {0x05e0, std::nullopt, ReportFormat::Auto, ReaderRole::Code,
       "Zebra (Symbol) QR and barcode scanners"},
  };
}

std::vector<UsbPrinterRule> PrinterConfig::defaultUsbPrinters() {
  // Examples: the USB ids most 58/80 mm printers sold in China report; a printer with other ids
  // needs its own line.
  return {
      {0x0416, 0x5011, "Winbond-based POS-58/POS-80 printers (Xprinter and others)"},
      {0x0483, 0x5743, "STM32-based POS-58 printers"},
      {0x1fc9, 0x2016, "NXP-based POS-80 printers"},
      {0x28e9, 0x0289, "GD32-based POS-58 printers"},
  };
}

bool parseVidPid(std::string_view text, std::uint16_t& vid, std::optional<std::uint16_t>& pid) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) return false;
  const auto v = parseHex16(text.substr(0, colon));
  const std::string_view p = text.substr(colon + 1);
  if (!v) return false;
  if (p == "*") {
    vid = *v;
    pid.reset();
    return true;
  }
  const auto pp = parseHex16(p);
  if (!pp) return false;
  vid = *v;
  pid = *pp;
  return true;
}

rc::Result<ReaderConfig, ReaderConfigError> parseReaderConfig(std::string_view text) {
  if (text.size() > kMaxTextBytes) {
    return rc::err(ReaderConfigError{0, "the reader config is larger than 64 KiB"});
  }
  ReaderConfig config;
  bool usb_replaced = false;
  bool printers_replaced = false;
  auto read = core::readKeyValues(text, [&](int, std::string_view key,
                                            std::string_view value) -> std::optional<std::string> {
    if (key == "usb_device") {
      UsbDeviceRule rule;
      if (auto e = parseUsbDevice(value, rule)) return e;
      if (!usb_replaced) config.usb_devices.clear();
      usb_replaced = true;
      if (config.usb_devices.size() >= kMaxUsbDevices) return "more than 64 usb_device lines";
      config.usb_devices.push_back(std::move(rule));
      return std::nullopt;
    }
    if (key == "usb_printer") {
      UsbPrinterRule rule;
      if (auto e = parseUsbPrinter(value, rule)) return e;
      if (!printers_replaced) config.printer.usb_printers.clear();
      printers_replaced = true;
      if (config.printer.usb_printers.size() >= kMaxUsbPrinters) {
        return "more than 64 usb_printer lines";
      }
      config.printer.usb_printers.push_back(std::move(rule));
      return std::nullopt;
    }
    const KeySpec* spec = nullptr;
    for (const auto& k : kKeys) {
      if (k.name == key) spec = &k;
    }
    if (spec == nullptr) return "unknown key " + quoted(key);
    return spec->parse(value, config);
  });
  if (!read) return rc::err(ReaderConfigError{read.error().line, read.error().message});
  if (config.retry.max < config.retry.initial) {
    return rc::err(ReaderConfigError{0, "'retry_max_ms' must be at least 'retry_initial_ms'"});
  }
  return config;
}

std::string readerConfigToText(const ReaderConfig& config) {
  std::string out =
      "# Card and QR readers: which reader the kiosk reads, which USB devices it may claim, and\n"
      "# how scans are cut, checked and de-duplicated; and the receipt printer. Read by the kiosk\n"
      "# and by `rc-reader --config FILE`. One 'key = value' per line; '#' starts a comment; a\n"
      "# key left out keeps its default.\n";
  for (const auto& k : kKeys) {
    out += "\n";
    appendWrapped(out, k.doc);
    if (k.name == "usb_device") {
      for (const auto& r : config.usb_devices) {
        out += "usb_device = " + hex4(r.vendor_id) + ":" +
               (r.product_id ? hex4(*r.product_id) : std::string("*")) + " " +
               std::string(toString(r.format)) + " " + std::string(toString(r.role)) + " " +
               r.name + "\n";
      }
      continue;
    }
    if (k.name == "usb_printer") {
      for (const auto& r : config.printer.usb_printers) {
        out += "usb_printer = " + hex4(r.vendor_id) + ":" +
               (r.product_id ? hex4(*r.product_id) : std::string("*")) + " " + r.name + "\n";
      }
      continue;
    }
    const std::string value = k.print(config);
    out += std::string(k.name) + (value.empty() ? " =" : " = " + value) + "\n";
  }
  return out;
}

rc::Result<ReaderConfig, ReaderConfigError> applyReaderOverride(ReaderConfig config,
                                                                std::string_view value) {
  const auto colon = value.find(':');
  const std::string_view kind = value.substr(0, colon);
  const std::string_view path =
      colon == std::string_view::npos ? std::string_view{} : value.substr(colon + 1);
  const std::string usage =
      "RC_READER must be usb, fake, replay:FILE, evdev:PATH or serial:PATH, got " + quoted(value);
  if (hasControlChar(value)) return rc::err(ReaderConfigError{0, usage});
  if (kind == "usb" || kind == "fake") {
    if (!path.empty()) return rc::err(ReaderConfigError{0, usage});
    config.reader = kind == "usb" ? ReaderKind::Usb : ReaderKind::Fake;
    return config;
  }
  if (path.empty()) return rc::err(ReaderConfigError{0, usage});
  if (kind == "replay") {
    config.reader = ReaderKind::Replay;
  } else if (kind == "evdev") {
    config.reader = ReaderKind::Evdev;
  } else if (kind == "serial") {
    config.reader = ReaderKind::Serial;
  } else {
    return rc::err(ReaderConfigError{0, usage});
  }
  config.path = std::string(path);
  return config;
}

}  // namespace rc::drivers
