// listUsbDevices: what `rc-reader list` shows about USB devices, without opening any.
#include "drivers/usb_reader.h"

#include <algorithm>

#include "drivers/usb_handles.h"

namespace rc::drivers {

rc::Result<std::vector<UsbCandidate>, ReaderError> listUsbDevices(const ReaderConfig& config) {
  libusb_context* raw_ctx = nullptr;
  if (const int r = libusb_init(&raw_ctx); r != 0) {
    return rc::err(ReaderError{ReaderErrc::Unavailable,
                               std::string("libusb could not start: ") + libusb_strerror(r)});
  }
  const usb::Context ctx(raw_ctx);
  libusb_device** raw = nullptr;
  const ssize_t n = libusb_get_device_list(ctx.get(), &raw);
  if (n < 0) {
    return rc::err(ReaderError{ReaderErrc::Unavailable,
                               std::string("cannot list USB devices: ") +
                                   libusb_strerror(static_cast<int>(n))});
  }
  const usb::DeviceList list(raw);
  std::vector<UsbCandidate> out;
  for (ssize_t i = 0; i < n; ++i) {
    libusb_device* d = raw[i];
    libusb_device_descriptor desc{};
    if (libusb_get_device_descriptor(d, &desc) != 0) continue;
    if (desc.bDeviceClass == LIBUSB_CLASS_HUB) continue;  // never a reader
    UsbCandidate c;
    c.vendor_id = desc.idVendor;
    c.product_id = desc.idProduct;
    c.location = usb::location(d);
    if (const auto itf = usb::findHidInterface(d)) {
      c.interface = (itf->subclass == usb::kSubclassBoot && itf->protocol == usb::kProtocolKeyboard)
                        ? "HID boot keyboard"
                        : "HID";
    } else {
      const auto cfg = usb::activeConfig(d);
      const int cls = (cfg && cfg->bNumInterfaces > 0 && cfg->interface[0].num_altsetting > 0)
                          ? cfg->interface[0].altsetting[0].bInterfaceClass
                          : desc.bDeviceClass;
      c.interface = cls == LIBUSB_CLASS_COMM      ? "serial (CDC ACM): use --serial /dev/ttyACM*"
                    : cls == LIBUSB_CLASS_PRINTER ? "printer (class 7)"
                                                  : "not HID (class " + std::to_string(cls) + ")";
    }
    const auto& printers = config.printer.usb_printers;
    const auto printer = std::find_if(printers.begin(), printers.end(), [&](const auto& r) {
      return r.matches(desc.idVendor, desc.idProduct);
    });
    if (printer != printers.end()) {
      c.allowed = true;
      c.why = "printer allow-list: " + printer->name;
    } else if (const auto* rule = usb::findRule(config, desc.idVendor, desc.idProduct)) {
      c.allowed = true;
      c.why = "allow-list: " + rule->name + " (" + std::string(toString(rule->format)) + ", " +
              std::string(toString(rule->role)) + ")";
      if (c.interface.starts_with("not HID") || c.interface.starts_with("serial")) {
        c.why += "; but it has no HID interface to read";
      }
    } else {
      c.why = "not on the allow-list (add: usb_device = " + usb::vidPid(c.vendor_id, c.product_id) +
              " auto any NAME" +
              (c.interface.starts_with("printer") ? ", or a printer: usb_printer = " +
                                                        usb::vidPid(c.vendor_id, c.product_id) +
                                                        " NAME)"
                                                  : ")");
    }
    out.push_back(std::move(c));
  }
  std::sort(out.begin(), out.end(),
            [](const UsbCandidate& a, const UsbCandidate& b) { return a.location < b.location; });
  return out;
}

}  // namespace rc::drivers
