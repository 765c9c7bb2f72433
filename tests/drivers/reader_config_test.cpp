#include "drivers/reader_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace rc::drivers {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

const std::string kShippedConfig = std::string(RC_SOURCE_DIR) + "/assets/readers.conf";
const std::string kUdevRule = std::string(RC_SOURCE_DIR) + "/assets/70-red-credit-readers.rules";

TEST(ReaderConfig, TheShippedFileIsTheDefaults) {
  const std::string text = slurp(kShippedConfig);
  ASSERT_FALSE(text.empty()) << kShippedConfig;
  const auto parsed = parseReaderConfig(text);
  ASSERT_TRUE(parsed) << parsed.error().line << ": " << parsed.error().message;
  EXPECT_EQ(*parsed, ReaderConfig{});
  // Regenerate with readerConfigToText(ReaderConfig{}) when a default changes.
  EXPECT_EQ(text, readerConfigToText(ReaderConfig{}));
}

TEST(ReaderConfig, EveryAllowListedReaderHasAUdevRule) {
  // A reader on the allow-list without a rule fails in the field with "no permission".
  const std::string rules = slurp(kUdevRule);
  ASSERT_FALSE(rules.empty()) << kUdevRule;
  for (const auto& r : ReaderConfig::defaultUsbDevices()) {
    char vid[8];
    std::snprintf(vid, sizeof vid, "%04x", r.vendor_id);
    std::string usb = "ENV{DEVTYPE}==\"usb_device\", ATTR{idVendor}==\"" + std::string(vid) + "\"";
    std::string input = "KERNEL==\"event*\", ATTRS{idVendor}==\"" + std::string(vid) + "\"";
    if (r.product_id) {
      char pid[8];
      std::snprintf(pid, sizeof pid, "%04x", *r.product_id);
      usb += ", ATTR{idProduct}==\"" + std::string(pid) + "\"";
      input += ", ATTRS{idProduct}==\"" + std::string(pid) + "\"";
    }
    usb += ", GROUP=\"redcredit\", MODE=\"0660\", TEST==\"power/control\", "
           "ATTR{power/control}=\"on\"";
    EXPECT_NE(rules.find(usb), std::string::npos) << r.name;
    EXPECT_NE(rules.find(input), std::string::npos) << r.name;
  }
}

TEST(ReaderConfig, TextRoundTripsAChangedConfig) {
  ReaderConfig c;
  c.reader = ReaderKind::Serial;
  c.path = "/dev/ttyACM0";
  c.role = ReaderRole::Code;
  c.usb_devices = {{0x1234, 0x5678, ReportFormat::HidPos, ReaderRole::Code, "a scanner"},
                   {0x0c2e, std::nullopt, ReportFormat::Auto, ReaderRole::Any, "any Honeywell"}};
  c.usb_detach_kernel_driver = false;
  c.decoder = {64, std::chrono::milliseconds(250), PauseAction::Flush};
  c.classify = {"HC:", 300};
  c.hold_off = std::chrono::milliseconds(0);
  c.queue_capacity = 5;
  c.retry = {std::chrono::milliseconds(50), std::chrono::milliseconds(5000)};
  c.serial_baud = 115200;
  c.evdev_require_grab = false;
  c.printer.kind = PrinterKind::Usb;
  c.printer.usb_printers = {{0x0416, 0x5011, "the shop's printer"}, {0x28e9, std::nullopt, "any"}};
  c.printer.paper_mm = 80;
  c.printer.detach_kernel_driver = false;
  const auto back = parseReaderConfig(readerConfigToText(c));
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(*back, c);
}

TEST(ReaderConfig, TheFirstUsbDeviceLineReplacesTheDefaults) {
  const auto c = parseReaderConfig("usb_device = ffff:0035 keyboard card only this one\n");
  ASSERT_TRUE(c);
  ASSERT_EQ(c->usb_devices.size(), 1U);
  EXPECT_TRUE(c->usb_devices[0].matches(0xffff, 0x0035));
  EXPECT_FALSE(c->usb_devices[0].matches(0xffff, 0x0036));
  EXPECT_EQ(c->usb_devices[0].name, "only this one");
}

TEST(ReaderConfig, MistakesNameTheirLine) {
  const std::vector<std::pair<std::string, int>> bad = {
      {"reader = bluetooth\n", 1},
      {"# ok\npause_ms = 5\n", 2},
      {"\n\nhold_off_ms = two seconds\n", 3},
      {"usb_device = ffff:35 keyboard card x\n", 1},
      {"usb_device = ffff:0035 serial card x\n", 1},
      {"usb_device = ffff:0035 keyboard vip x\n", 1},
      {"usb_device = ffff:0035 keyboard card\n", 1},
      {"serial_baud = 12345\n", 1},
      {"card_token_prefix = has space\n", 1},
      {"no_such_key = 1\n", 1},
      {"just words\n", 1},
      {"evdev_require_grab = yes\n", 1},
      {"printer = serial\n", 1},
      {"printer_paper_mm = 57\n", 1},
      {"usb_printer = 0416:5011\n", 1},
      {"usb_printer = 0416-5011 a printer\n", 1},
      {"printer_detach_kernel_driver = 1\n", 1},
  };
  for (const auto& [text, line] : bad) {
    const auto r = parseReaderConfig(text);
    ASSERT_FALSE(r) << text;
    EXPECT_EQ(r.error().line, line) << text << r.error().message;
    EXPECT_FALSE(r.error().message.empty());
  }
  const auto crossed = parseReaderConfig("retry_initial_ms = 500\nretry_max_ms = 100\n");
  ASSERT_FALSE(crossed);
  EXPECT_NE(crossed.error().message.find("retry_max_ms"), std::string::npos);
}

TEST(ReaderConfig, EveryAllowListedPrinterHasAUdevRule) {
  const std::string rules = slurp(kUdevRule);
  ASSERT_FALSE(rules.empty()) << kUdevRule;
  const auto printers = PrinterConfig::defaultUsbPrinters();
  ASSERT_FALSE(printers.empty());
  for (const auto& r : printers) {
    char ids[64];
    std::snprintf(ids, sizeof ids, "ATTR{idVendor}==\"%04x\", ATTR{idProduct}==\"%04x\"",
                  r.vendor_id, r.product_id.value_or(0));
    const std::string usb = "SUBSYSTEM==\"usb\", ENV{DEVTYPE}==\"usb_device\", " +
                            std::string(ids) +
                            ", GROUP=\"redcredit\", MODE=\"0660\", TEST==\"power/control\", "
                            "ATTR{power/control}=\"on\"";
    EXPECT_NE(rules.find(usb), std::string::npos) << r.name;
  }
}

TEST(ReaderConfig, PrinterLines) {
  const ReaderConfig defaults;
  EXPECT_EQ(defaults.printer.kind, PrinterKind::None);  // a kiosk without one says nothing
  EXPECT_EQ(defaults.printer.columns(), 32);
  const auto c = parseReaderConfig(
      "printer = usb\nprinter_paper_mm = 80\nusb_printer = 1234:* our printer\n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->printer.kind, PrinterKind::Usb);
  EXPECT_EQ(c->printer.columns(), 48);
  ASSERT_EQ(c->printer.usb_printers.size(), 1U);  // the first line replaces the defaults
  EXPECT_TRUE(c->printer.usb_printers[0].matches(0x1234, 0x9999));
  EXPECT_EQ(c->printer.usb_printers[0].name, "our printer");
  EXPECT_EQ(c->usb_devices, ReaderConfig::defaultUsbDevices());  // readers untouched
}

TEST(ReaderConfig, TheEnvironmentOverridePicksAReader) {
  const ReaderConfig base;
  EXPECT_EQ(applyReaderOverride(base, "fake")->reader, ReaderKind::Fake);
  EXPECT_EQ(applyReaderOverride(base, "usb")->reader, ReaderKind::Usb);
  const auto replay = applyReaderOverride(base, "replay:/tmp/x.replay");
  ASSERT_TRUE(replay);
  EXPECT_EQ(replay->reader, ReaderKind::Replay);
  EXPECT_EQ(replay->path, "/tmp/x.replay");
  EXPECT_EQ(applyReaderOverride(base, "serial:/dev/ttyACM0")->path, "/dev/ttyACM0");
  EXPECT_EQ(applyReaderOverride(base, "evdev:/dev/input/event3")->reader, ReaderKind::Evdev);
  for (const char* bad : {"", "replay", "replay:", "usb:/dev/x", "nfc:/dev/x", "serial:/dev/\x01"}) {
    EXPECT_FALSE(applyReaderOverride(base, bad)) << bad;
  }
}

TEST(ReaderConfig, VidPidParsing) {
  std::uint16_t vid = 0;
  std::optional<std::uint16_t> pid;
  ASSERT_TRUE(parseVidPid("FFFF:0035", vid, pid));
  EXPECT_EQ(vid, 0xffff);
  EXPECT_EQ(pid, 0x0035);
  ASSERT_TRUE(parseVidPid("0c2e:*", vid, pid));
  EXPECT_FALSE(pid);
  for (const char* bad : {"ffff", "ffff:", "fffff:0035", "ffff:00350", "gggg:0035", ":0035"}) {
    EXPECT_FALSE(parseVidPid(bad, vid, pid)) << bad;
  }
}

}  // namespace
}  // namespace rc::drivers
