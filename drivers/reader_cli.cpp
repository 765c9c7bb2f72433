#include "drivers/reader_cli.h"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <optional>
#include <sstream>

#include "drivers/device_list.h"
#include "drivers/reader_factory.h"
#include "drivers/scan_assembler.h"
#include "drivers/usb_reader.h"

// Sections: help text; argument parsing; list; listen; runReaderCli.

namespace rc::drivers {
namespace {

constexpr std::string_view kHelp =
    R"(rc-reader: find and try out card and QR readers (for installers).

Usage:
  rc-reader [--config FILE] list
  rc-reader [--config FILE] listen [--usb VID:PID | --evdev PATH | --serial PATH | --replay FILE]
                                   [--role any|card|code] [--count N] [--seconds S]
  rc-reader --help

list     Shows the USB devices, keyboards (input devices) and serial ports that could be
         readers, and whether the USB allow-list claims each one, or why not.
listen   Opens one reader and prints every scan as the kiosk would classify it (card UID,
         card token, product barcode, or rejected with the reason), with the time from the
         scan's last report to the printed line. Status changes print as lines starting '#'.
         Without a source option it reads the config: the USB allow-list unless the config or
         RC_READER (usb | fake | replay:FILE | evdev:PATH | serial:PATH) says otherwise.
           --usb VID:PID     only this USB device, e.g. --usb ffff:0035
           --evdev PATH      a keyboard device node the kernel keeps, grabbed exclusively
           --serial PATH     a serial scanner, e.g. /dev/ttyACM0
           --replay FILE     a recorded report stream (see tests/drivers/fixtures/)
           --role ROLE       what the evdev/serial/replay reader reads (default: the config's)
           --count N         stop after N scans
           --seconds S       stop after S seconds
         Ctrl-C stops.

--config FILE   the reader config (default: built-in defaults, as in assets/readers.conf)

Exit codes: 0 ok, 1 the reader could not run, 2 bad input (with one line saying why).
Access to USB devices needs the udev rule (assets/70-red-credit-readers.rules) or root.
)";

struct BadInput {
  std::string message;
};

struct Options {
  std::string config_path;
  std::string command;
  std::optional<std::string> usb, evdev, serial, replay, role;
  std::optional<long> count;
  std::optional<double> seconds;
};

// ---- argument parsing ----------------------------------------------------------------------

std::optional<BadInput> parseArgs(const std::vector<std::string>& args, Options& o) {
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&](std::optional<std::string>& into) -> std::optional<BadInput> {
      if (i + 1 >= args.size()) return BadInput{a + " needs a value"};
      if (into) return BadInput{a + " given twice"};
      into = args[++i];
      return std::nullopt;
    };
    std::optional<BadInput> e;
    if (a == "--config") {
      std::optional<std::string> v;
      e = value(v);
      if (!e) o.config_path = *v;
    } else if (a == "--usb") {
      e = value(o.usb);
    } else if (a == "--evdev") {
      e = value(o.evdev);
    } else if (a == "--serial") {
      e = value(o.serial);
    } else if (a == "--replay") {
      e = value(o.replay);
    } else if (a == "--role") {
      e = value(o.role);
    } else if (a == "--count" || a == "--seconds") {
      std::optional<std::string> v;
      e = value(v);
      if (e) return e;
      char* end = nullptr;
      if (a == "--count") {
        const long n = std::strtol(v->c_str(), &end, 10);
        if (v->empty() || *end != '\0' || n < 1 || n > 1'000'000) {
          return BadInput{"--count must be a whole number from 1 to 1000000, got '" + *v + "'"};
        }
        o.count = n;
      } else {
        const double s = std::strtod(v->c_str(), &end);
        if (v->empty() || *end != '\0' || !(s > 0) || s > 86400) {
          return BadInput{"--seconds must be a number of seconds from 0 to 86400, got '" + *v +
                          "'"};
        }
        o.seconds = s;
      }
    } else if (!a.empty() && a[0] == '-') {
      return BadInput{"unknown option '" + a + "'"};
    } else if (o.command.empty()) {
      o.command = a;
    } else {
      return BadInput{"unexpected argument '" + a + "'"};
    }
    if (e) return e;
  }
  if (o.command.empty()) return BadInput{"no command given (list or listen)"};
  if (o.command != "list" && o.command != "listen") {
    return BadInput{"unknown command '" + o.command + "' (list or listen)"};
  }
  const int sources = (o.usb ? 1 : 0) + (o.evdev ? 1 : 0) + (o.serial ? 1 : 0) + (o.replay ? 1 : 0);
  if (o.command == "list" && (sources > 0 || o.role || o.count || o.seconds)) {
    return BadInput{"list takes no options besides --config"};
  }
  if (sources > 1) return BadInput{"give at most one of --usb, --evdev, --serial, --replay"};
  return std::nullopt;
}

std::optional<BadInput> loadConfig(const Options& o, ReaderConfig& config) {
  if (!o.config_path.empty()) {
    std::ifstream in(o.config_path, std::ios::binary);
    if (!in) return BadInput{"cannot read config file " + o.config_path};
    std::stringstream text;
    text << in.rdbuf();
    auto parsed = parseReaderConfig(text.str());
    if (!parsed) {
      return BadInput{o.config_path + ":" + std::to_string(parsed.error().line) + ": " +
                      parsed.error().message};
    }
    config = std::move(parsed.value());
  }
  if (const char* env = std::getenv("RC_READER"); env != nullptr && *env != '\0') {
    auto applied = applyReaderOverride(config, env);
    if (!applied) return BadInput{applied.error().message};
    config = std::move(applied.value());
  }
  if (o.usb) {
    UsbDeviceRule rule;
    if (!parseVidPid(*o.usb, rule.vendor_id, rule.product_id) || !rule.product_id) {
      return BadInput{"--usb needs VID:PID in hex, e.g. ffff:0035, got '" + *o.usb + "'"};
    }
    rule.name = "from --usb";
    // Keep what the allow-list knows about this device (format, role); otherwise guess.
    for (const auto& r : config.usb_devices) {
      if (r.matches(rule.vendor_id, *rule.product_id)) {
        rule.format = r.format;
        rule.role = r.role;
        rule.name = r.name;
      }
    }
    config.reader = ReaderKind::Usb;
    config.usb_devices = {rule};
  }
  if (o.evdev) {
    config.reader = ReaderKind::Evdev;
    config.path = *o.evdev;
  }
  if (o.serial) {
    config.reader = ReaderKind::Serial;
    config.path = *o.serial;
  }
  if (o.replay) {
    config.reader = ReaderKind::Replay;
    config.path = *o.replay;
  }
  if (o.role && !parseReaderRole(*o.role, config.role)) {
    return BadInput{"--role must be any, card or code, got '" + *o.role + "'"};
  }
  return std::nullopt;
}

std::string hex4(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04x", v);
  return buf;
}

// ---- list ----------------------------------------------------------------------------------

int runList(const ReaderConfig& config, std::ostream& out, std::ostream& err) {
  int code = 0;
  out << "USB devices (the kiosk claims those on the allow-list):\n";
  auto usb = listUsbDevices(config);
  if (!usb) {
    err << "rc-reader: " << usb.error().message << "\n";
    code = 1;
  } else if (usb->empty()) {
    out << "  (none)\n";
  } else {
    for (const auto& c : *usb) {
      out << "  " << hex4(c.vendor_id) << ":" << hex4(c.product_id) << "  " << std::left
          << std::setw(9) << c.location << std::setw(20) << c.interface
          << (c.allowed ? "claim: " : "skip: ") << c.why << "\n";
    }
  }
  out << "Keyboards the kernel keeps (for --evdev):\n";
  const auto inputs = listInputDevices(config);
  if (inputs.empty()) out << "  (none)\n";
  for (const auto& c : inputs) {
    out << "  " << std::left << std::setw(20) << c.path << "\"" << escapeForDisplay(c.name)
        << "\"";
    if (c.vendor_id && c.product_id) out << "  " << hex4(*c.vendor_id) << ":" << hex4(*c.product_id);
    if (c.allowed) out << "  (on the USB allow-list: the kiosk reads it over USB instead)";
    out << "\n";
  }
  out << "Serial ports (for --serial):\n";
  const auto serials = listSerialPorts(config);
  if (serials.empty()) out << "  (none)\n";
  for (const auto& c : serials) {
    out << "  " << std::left << std::setw(20) << c.path;
    if (c.vendor_id && c.product_id) out << hex4(*c.vendor_id) << ":" << hex4(*c.product_id);
    if (!c.name.empty()) out << "  \"" << escapeForDisplay(c.name) << "\"";
    out << "\n";
  }
  return code;
}

// ---- listen --------------------------------------------------------------------------------

void printScan(const ScanEvent& e, std::ostream& out) {
  const double latency_ms =
      std::chrono::duration<double, std::milli>(Clock::now() - e.time).count();
  const Payload& p = e.payload;
  out << std::left << std::setw(11) << toString(p.kind);
  if (p.kind == PayloadKind::ProductBarcode) out << std::setw(7) << toString(p.barcode);
  if (p.kind == PayloadKind::Rejected) out << toString(p.reason) << (p.text.empty() ? "" : ": ");
  out << escapeForDisplay(p.text) << "  from " << e.source.device << "  " << std::fixed
      << std::setprecision(2) << latency_ms << " ms\n";
}

int runListen(const ReaderConfig& config, const Options& o, std::ostream& out, std::ostream& err,
              const std::atomic<bool>& interrupted) {
  ScanQueue queue(config.queue_capacity);
  ScanSink sink(queue, config.classify, config.hold_off);
  auto made = makeReader(config, sink);
  if (!made) {
    err << "rc-reader: " << made.error().message << "\n";
    return made.error().code == ReaderErrc::BadInput ? 2 : 1;
  }
  auto& reader = *made.value();
  if (auto started = reader.start(); !started) {
    err << "rc-reader: " << started.error().message << "\n";
    return 1;
  }
  out << "listening (" << toString(config.reader)
      << (config.path.empty() ? "" : " " + config.path) << "); Ctrl-C stops\n"
      << std::flush;
  const auto t0 = Clock::now();
  long scans = 0;
  std::optional<std::pair<DeviceState, std::string>> shown;  // the status line printed last
  for (;;) {
    if (auto e = queue.pop(std::chrono::milliseconds(50))) {
      printScan(*e, out);
      out.flush();
      if (o.count && ++scans >= *o.count) break;
      continue;
    }
    const ReaderStatus st = reader.status();
    if (!shown || shown->first != st.state || shown->second != st.detail) {
      out << "# " << toString(st.state) << "  " << st.device
          << (st.detail.empty() ? "" : "  (" + st.detail + ")") << "\n"
          << std::flush;
      shown.emplace(st.state, st.detail);
    }
    if (interrupted) break;
    if (o.seconds && std::chrono::duration<double>(Clock::now() - t0).count() >= *o.seconds) break;
    // A replay that has played out has nothing more to say.
    if (config.reader == ReaderKind::Replay && st.state == DeviceState::Gone && queue.size() == 0) {
      break;
    }
  }
  reader.stop();
  return 0;
}

}  // namespace

int runReaderCli(const std::vector<std::string>& args, std::ostream& out, std::ostream& err,
                 const std::atomic<bool>& interrupted) {
  for (const auto& a : args) {
    if (a == "--help" || a == "-h" || a == "help") {
      out << kHelp;
      return 0;
    }
  }
  Options options;
  ReaderConfig config;
  std::optional<BadInput> bad = parseArgs(args, options);
  if (!bad) bad = loadConfig(options, config);
  if (bad) {
    err << "rc-reader: " << bad->message << " (rc-reader --help)\n";
    return 2;
  }
  if (options.command == "list") return runList(config, out, err);
  return runListen(config, options, out, err, interrupted);
}

}  // namespace rc::drivers
