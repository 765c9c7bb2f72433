#pragma once
// RAII for libusb's C handles (one owner type per handle, with a noexcept struct deleter) and
// the descriptor helpers the reader and the device list share. Private to drivers/: libusb is
// linked PRIVATE and never appears in a public header.

#include <libusb.h>
#include <sys/time.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "core/result.h"
#include "drivers/reader_config.h"
#include "drivers/scan.h"

namespace rc::drivers::usb {

struct ContextDeleter {
  void operator()(libusb_context* c) const noexcept { libusb_exit(c); }
};
struct DeviceDeleter {
  void operator()(libusb_device* d) const noexcept { libusb_unref_device(d); }
};
struct HandleDeleter {
  void operator()(libusb_device_handle* h) const noexcept { libusb_close(h); }
};
struct TransferDeleter {
  void operator()(libusb_transfer* t) const noexcept { libusb_free_transfer(t); }
};
struct ConfigDeleter {
  void operator()(libusb_config_descriptor* c) const noexcept { libusb_free_config_descriptor(c); }
};
struct DeviceListDeleter {
  void operator()(libusb_device** l) const noexcept { libusb_free_device_list(l, 1); }
};

using Context = std::unique_ptr<libusb_context, ContextDeleter>;
// Holds one reference to a libusb_device.
using DeviceRef = std::unique_ptr<libusb_device, DeviceDeleter>;
using Handle = std::unique_ptr<libusb_device_handle, HandleDeleter>;
// Freeing a transfer that is still in flight is undefined: owners cancel and wait first, or
// close the device handle first (libusb then forgets the transfer).
using Transfer = std::unique_ptr<libusb_transfer, TransferDeleter>;
using ConfigDescriptor = std::unique_ptr<libusb_config_descriptor, ConfigDeleter>;
using DeviceList = std::unique_ptr<libusb_device*, DeviceListDeleter>;

inline DeviceRef ref(libusb_device* d) { return DeviceRef(libusb_ref_device(d)); }

// A libusb context on a system where libusb reports plugged and unplugged devices, or why not.
inline rc::Result<Context, std::string> hotplugContext() {
  libusb_context* raw = nullptr;
  if (const int r = libusb_init(&raw); r != 0) {
    return rc::err(std::string("libusb could not start: ") + libusb_strerror(r));
  }
  Context ctx(raw);
  if (libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) == 0) {
    return rc::err(std::string("libusb cannot report plugged and unplugged devices here"));
  }
  return ctx;
}

// Calls `cb` for every device arriving or leaving. ENUMERATE: devices already plugged in arrive
// now, on the calling thread, inside the call. 0, or a libusb error.
inline int watchDevices(libusb_context* ctx, libusb_hotplug_callback_fn cb, void* user,
                        libusb_hotplug_callback_handle* handle) {
  return libusb_hotplug_register_callback(
      ctx,
      static_cast<libusb_hotplug_event>(LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED |
                                        LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT),
      LIBUSB_HOTPLUG_ENUMERATE, LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY,
      LIBUSB_HOTPLUG_MATCH_ANY, cb, user, handle);
}

// How long libusb's event handling may wait, as it takes it.
inline timeval toTimeval(Clock::duration d) {
  const auto us = std::max<long long>(
      0, std::chrono::duration_cast<std::chrono::microseconds>(d).count());
  return timeval{static_cast<time_t>(us / 1'000'000), static_cast<suseconds_t>(us % 1'000'000)};
}

// A registered hotplug callback; deregistered when destroyed. The context must outlive it.
class HotplugRegistration {
 public:
  HotplugRegistration() = default;
  HotplugRegistration(libusb_context* ctx, libusb_hotplug_callback_handle handle) noexcept
      : m_ctx(ctx), m_handle(handle) {}
  ~HotplugRegistration() {
    if (m_ctx != nullptr) libusb_hotplug_deregister_callback(m_ctx, m_handle);
  }
  HotplugRegistration(const HotplugRegistration&) = delete;
  HotplugRegistration& operator=(const HotplugRegistration&) = delete;

 private:
  libusb_context* m_ctx = nullptr;
  libusb_hotplug_callback_handle m_handle{};
};

// "1-2.3": bus, then the port path, as the kernel names USB devices in sysfs.
inline std::string location(libusb_device* d) {
  std::string s = std::to_string(libusb_get_bus_number(d));
  std::uint8_t ports[8];
  const int n = libusb_get_port_numbers(d, ports, sizeof ports);
  for (int i = 0; i < n; ++i) s += (i == 0 ? "-" : ".") + std::to_string(ports[i]);
  if (n <= 0) s += ":" + std::to_string(libusb_get_device_address(d));
  return s;
}

// A boot keyboard interface: subclass 1 (boot), protocol 1 (keyboard).
inline constexpr std::uint8_t kSubclassBoot = 1;
inline constexpr std::uint8_t kProtocolKeyboard = 1;

struct HidInterface {
  int number = -1;
  std::uint8_t subclass = 0;
  std::uint8_t protocol = 0;
  std::uint8_t endpoint = 0;
  int max_packet = 8;
};

inline ConfigDescriptor activeConfig(libusb_device* dev) {
  libusb_config_descriptor* c = nullptr;
  if (libusb_get_active_config_descriptor(dev, &c) != 0 &&
      libusb_get_config_descriptor(dev, 0, &c) != 0) {
    return nullptr;
  }
  return ConfigDescriptor(c);
}

// The first HID interface with an interrupt IN endpoint: where a reader sends its reports.
inline std::optional<HidInterface> findHidInterface(libusb_device* dev) {
  const auto config = activeConfig(dev);
  if (!config) return std::nullopt;
  for (int i = 0; i < config->bNumInterfaces; ++i) {
    const libusb_interface& itf = config->interface[i];
    if (itf.num_altsetting < 1) continue;
    const libusb_interface_descriptor& alt = itf.altsetting[0];
    if (alt.bInterfaceClass != LIBUSB_CLASS_HID) continue;
    for (int e = 0; e < alt.bNumEndpoints; ++e) {
      const libusb_endpoint_descriptor& ep = alt.endpoint[e];
      if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) != 0 &&
          (ep.bmAttributes & 0x03) == LIBUSB_TRANSFER_TYPE_INTERRUPT) {
        return HidInterface{alt.bInterfaceNumber, alt.bInterfaceSubClass, alt.bInterfaceProtocol,
                            ep.bEndpointAddress, std::max<int>(8, ep.wMaxPacketSize & 0x7ff)};
      }
    }
  }
  return std::nullopt;
}

// "ffff:0035", as lsusb and the allow-list write it.
inline std::string vidPid(std::uint16_t vid, std::uint16_t pid) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s = "0000:0000";
  for (int i = 0; i < 4; ++i) {
    s[static_cast<std::size_t>(3 - i)] = kHex[(vid >> (4 * i)) & 0xf];
    s[static_cast<std::size_t>(8 - i)] = kHex[(pid >> (4 * i)) & 0xf];
  }
  return s;
}

// The allow-list entry for a device, or null: only allow-listed devices are ever claimed.
inline const UsbDeviceRule* findRule(const ReaderConfig& config, std::uint16_t vid,
                                     std::uint16_t pid) {
  for (const auto& r : config.usb_devices) {
    if (r.matches(vid, pid)) return &r;
  }
  return nullptr;
}

}  // namespace rc::drivers::usb
