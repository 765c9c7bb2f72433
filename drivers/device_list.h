#pragma once
// The input devices and serial ports that could be readers, read from sysfs, for
// `rc-reader list`. (USB devices are listed through libusb: see listUsbDevices.)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "drivers/reader_config.h"

namespace rc::drivers {

struct NodeCandidate {
  std::string path;  // /dev/input/event5, /dev/ttyACM0
  std::string name;  // the kernel's device name, when it has one
  std::optional<std::uint16_t> vendor_id;
  std::optional<std::uint16_t> product_id;
  bool allowed = false;  // its USB id is on the allow-list
};

// Keyboards only (devices that report letter keys): a reader the kernel keeps is one.
std::vector<NodeCandidate> listInputDevices(const ReaderConfig& config);
// ttyACM* and ttyUSB*.
std::vector<NodeCandidate> listSerialPorts(const ReaderConfig& config);

}  // namespace rc::drivers
