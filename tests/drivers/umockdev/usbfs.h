#pragma once
// Pieces the emulated USB devices share: umockdev's ioctl data as an owner type, a URB in it,
// and a device's umockdev record (sysfs attributes, uevent properties and descriptors).

#include <linux/usbdevice_fs.h>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "tests/drivers/umockdev/testbed.h"

namespace rc::test {

struct IoctlDataUnref {
  void operator()(UMockdevIoctlData* d) const noexcept { umockdev_ioctl_data_unref(d); }
};
using IoctlDataRef = std::unique_ptr<UMockdevIoctlData, IoctlDataUnref>;

inline usbdevfs_urb* urbOf(UMockdevIoctlData* d) { return reinterpret_cast<usbdevfs_urb*>(d->data); }

// A USB device on bus 1 at /sys/devices/usb1/<port>, device number `devnum`, in
// umockdev-record's text format, with its descriptors (device, then configuration) as given.
inline std::string usbDeviceRecord(const std::string& port, int devnum,
                                   const std::vector<std::uint8_t>& descriptors) {
  std::string hex;
  char b[3];
  for (const auto v : descriptors) {
    std::snprintf(b, sizeof b, "%02X", v);
    hex += b;
  }
  char num[8];
  std::snprintf(num, sizeof num, "%03d", devnum);
  return "P: /devices/usb1/" + port + "\nN: bus/usb/001/" + num + "\n" + "E: SUBSYSTEM=usb\n" +
         "E: DEVTYPE=usb_device\n" + "E: DRIVER=usb\n" + "E: BUSNUM=001\n" + "E: DEVNUM=" + num +
         "\n" + "E: DEVNAME=/dev/bus/usb/001/" + num + "\n" + "A: busnum=1\\n\n" +
         "A: devnum=" + std::to_string(devnum) + "\\n\n" + "A: bConfigurationValue=1\\n\n" +
         "A: speed=12\\n\n" + "H: descriptors=" + hex + "\n";
}

}  // namespace rc::test
