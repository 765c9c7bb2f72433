#include "drivers/device_list.h"

#include <algorithm>
#include <charconv>
#include <filesystem>
#include <fstream>

namespace rc::drivers {
namespace {

namespace fs = std::filesystem;

std::string readFirstLine(const fs::path& p) {
  std::ifstream in(p);
  std::string line;
  std::getline(in, line);
  while (!line.empty() && (line.back() == '\n' || line.back() == '\r' || line.back() == ' ')) {
    line.pop_back();
  }
  return line;
}

std::optional<std::uint16_t> readHex16(const fs::path& p) {
  const std::string s = readFirstLine(p);
  unsigned v = 0;
  const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v, 16);
  if (s.empty() || ec != std::errc{} || ptr != s.data() + s.size() || v > 0xffff) {
    return std::nullopt;
  }
  return static_cast<std::uint16_t>(v);
}

// The capability bitmap is hex words, most significant first; KEY_A is bit 30 of the last.
bool reportsLetterKeys(const fs::path& p) {
  const std::string s = readFirstLine(p);
  const auto space = s.find_last_of(' ');
  const std::string last = space == std::string::npos ? s : s.substr(space + 1);
  unsigned long long v = 0;
  const auto [ptr, ec] = std::from_chars(last.data(), last.data() + last.size(), v, 16);
  return !last.empty() && ec == std::errc{} && ((v >> 30) & 1U) != 0;
}

void markAllowed(const ReaderConfig& config, NodeCandidate& c) {
  if (!c.vendor_id || !c.product_id) return;
  for (const auto& r : config.usb_devices) c.allowed = c.allowed || r.matches(*c.vendor_id, *c.product_id);
}

std::vector<fs::path> entries(const fs::path& dir, std::string_view prefix) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename().string().starts_with(prefix)) out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

std::vector<NodeCandidate> listInputDevices(const ReaderConfig& config) {
  std::vector<NodeCandidate> out;
  for (const auto& dir : entries("/sys/class/input", "event")) {
    if (!reportsLetterKeys(dir / "device" / "capabilities" / "key")) continue;
    NodeCandidate c;
    c.path = "/dev/input/" + dir.filename().string();
    c.name = readFirstLine(dir / "device" / "name");
    c.vendor_id = readHex16(dir / "device" / "id" / "vendor");
    c.product_id = readHex16(dir / "device" / "id" / "product");
    markAllowed(config, c);
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<NodeCandidate> listSerialPorts(const ReaderConfig& config) {
  std::vector<NodeCandidate> out;
  for (const std::string_view prefix : {"ttyACM", "ttyUSB"}) {
    for (const auto& dir : entries("/sys/class/tty", prefix)) {
      NodeCandidate c;
      c.path = "/dev/" + dir.filename().string();
      // device is the USB interface; its parent is the USB device with the ids.
      const fs::path usb_device = dir / "device" / "..";
      c.name = readFirstLine(usb_device / "product");
      c.vendor_id = readHex16(usb_device / "idVendor");
      c.product_id = readHex16(usb_device / "idProduct");
      markAllowed(config, c);
      out.push_back(std::move(c));
    }
  }
  return out;
}

}  // namespace rc::drivers
