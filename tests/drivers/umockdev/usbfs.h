#pragma once
// Pieces the emulated USB devices share: umockdev's ioctl data as an owner type, a URB in it,
// and a device's umockdev record (sysfs attributes, uevent properties and descriptors).

#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "tests/drivers/umockdev/testbed.h"

namespace rc::test {

struct IoctlDataUnref {
  void operator()(UMockdevIoctlData* d) const noexcept { umockdev_ioctl_data_unref(d); }
};
using IoctlDataRef = std::unique_ptr<UMockdevIoctlData, IoctlDataUnref>;

inline usbdevfs_urb* urbOf(UMockdevIoctlData* d) { return reinterpret_cast<usbdevfs_urb*>(d->data); }

// What the host did about the kernel's driver of the interface (usbhid, usblp).
struct DriverCounters {
  int claims = 0;
  int claims_refused = 0;  // tried while the kernel driver was still bound
  int releases = 0;
  int detaches = 0;
  int reattaches = 0;
};

// Answers, as the kernel would for any device, the requests that are not transfers:
// capabilities, which driver holds the interface (`driver` while `driver_bound`), detach and
// reattach, claim (refused while the driver holds it), release, halt, reset, settings.
// nullopt: not one of these.
inline std::optional<gboolean> answerKernelRequest(UMockdevIoctlClient* client, bool& driver_bound,
                                                   const char* driver, DriverCounters& counts) {
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  auto complete = [&](long result, int err) {
    umockdev_ioctl_client_complete(client, result, err);
    return TRUE;
  };
  switch (umockdev_ioctl_client_get_request(client)) {
    case USBDEVFS_GET_CAPABILITIES: {
      const IoctlDataRef d(umockdev_ioctl_data_resolve(arg, 0, sizeof(guint32), nullptr));
      const guint32 caps = USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
      std::memcpy(d->data, &caps, sizeof caps);
      return complete(0, 0);
    }
    case USBDEVFS_GETDRIVER: {
      if (!driver_bound) return complete(-1, ENODATA);
      const IoctlDataRef d(umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_getdriver), nullptr));
      std::strcpy(reinterpret_cast<usbdevfs_getdriver*>(d->data)->driver, driver);
      return complete(0, 0);
    }
    case USBDEVFS_IOCTL: {
      const IoctlDataRef d(umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_ioctl), nullptr));
      const int code = reinterpret_cast<const usbdevfs_ioctl*>(d->data)->ioctl_code;
      if (code == static_cast<int>(USBDEVFS_DISCONNECT)) {
        if (!driver_bound) return complete(-1, ENODATA);
        driver_bound = false;
        ++counts.detaches;
        return complete(0, 0);
      }
      if (code == static_cast<int>(USBDEVFS_CONNECT)) {
        driver_bound = true;
        ++counts.reattaches;
        return complete(0, 0);
      }
      return complete(-1, ENOTTY);
    }
    case USBDEVFS_CLAIMINTERFACE:
      // The kernel refuses to hand out an interface its own driver holds.
      if (driver_bound) {
        ++counts.claims_refused;
        return complete(-1, EBUSY);
      }
      ++counts.claims;
      return complete(0, 0);
    case USBDEVFS_RELEASEINTERFACE:
      ++counts.releases;
      return complete(0, 0);
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
      return complete(0, 0);
    default:
      return std::nullopt;
  }
}

// DISCARDURB: moves the URB the client names from `flying` to `discarded` (reaped next, as
// cancelled); EINVAL for a URB not in flight.
template <class Urb>
gboolean discardUrb(UMockdevIoctlClient* client, std::vector<Urb>& flying,
                    std::vector<Urb>& discarded) {
  gulong target = 0;
  std::memcpy(&target, umockdev_ioctl_client_get_arg(client)->data, sizeof target);
  const auto it = std::find_if(flying.begin(), flying.end(),
                               [&](const Urb& u) { return u.data->client_addr == target; });
  if (it == flying.end()) {
    umockdev_ioctl_client_complete(client, -1, EINVAL);
    return TRUE;
  }
  discarded.push_back(std::move(*it));
  flying.erase(it);
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

// REAPURB: hands `list[it]` back to the client through the ioctl's pointer argument.
template <class Urb>
gboolean giveUrb(UMockdevIoctlClient* client, std::vector<Urb>& list,
                 typename std::vector<Urb>::iterator it) {
  const IoctlDataRef ptr(
      umockdev_ioctl_data_resolve(umockdev_ioctl_client_get_arg(client), 0, sizeof(void*), nullptr));
  umockdev_ioctl_data_set_ptr(ptr.get(), 0, it->data);
  umockdev_ioctl_data_unref(it->data);
  list.erase(it);
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

// A device's node on bus 1: "/dev/bus/usb/001/005".
inline std::string usbDevnode(int devnum) {
  char node[32];
  std::snprintf(node, sizeof node, "/dev/bus/usb/001/%03d", devnum);
  return node;
}

// A new ioctl handler calling `on_ioctl(handler, client, user)` for every request.
inline IoctlBasePtr ioctlHandler(GCallback on_ioctl, gpointer user) {
  IoctlBasePtr handler(umockdev_ioctl_base_new());
  g_signal_connect(handler.get(), "handle-ioctl", on_ioctl, user);
  return handler;
}

// Plugs a device in: its ioctl handler first, so libusb finds it as soon as it hears of the
// device, then its record and the "add" uevent.
inline void plugIn(Testbed& testbed, const std::string& devnode, UMockdevIoctlBase* handler,
                   const std::string& record, const std::string& sys_path) {
  umockdev_testbed_attach_ioctl(testbed.get(), devnode.c_str(), handler, nullptr);
  testbed.add(record);
  umockdev_testbed_uevent(testbed.get(), sys_path.c_str(), "add");
}

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
