#pragma once
// The libusb transport: claims one allow-listed USB HID reader and reads its reports directly,
// so scans never pass through the system's keyboard (where an input method would swallow them
// and a hostile barcode could press hotkeys), and survives the reader being unplugged and
// plugged back in. libusb stays behind this header.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "drivers/reader.h"
#include "drivers/reader_config.h"
#include "drivers/scan_assembler.h"

namespace rc::drivers {

// One event thread owns the libusb context and the device: hotplug arrive/leave, opening
// (with retry and backoff), the HID set-up requests, and one interrupt transfer always in
// flight. Scans go to the sink from that thread. status() may be called from any thread.
// The sink must outlive the reader.
class UsbReader final : public Reader {
 public:
  UsbReader(ReaderConfig config, ScanSink& sink);
  ~UsbReader() override;
  UsbReader(const UsbReader&) = delete;
  UsbReader& operator=(const UsbReader&) = delete;

  rc::Status<ReaderError> start() override;
  void stop() noexcept override;
  ReaderStatus status() const override;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

// One USB device as `rc-reader list` shows it to an installer.
struct UsbCandidate {
  std::uint16_t vendor_id = 0;
  std::uint16_t product_id = 0;
  std::string location;   // "1-2.3"
  std::string interface;  // "HID boot keyboard", "HID", "not HID (class 0x09)"
  bool allowed = false;   // on the allow-list: the kiosk would claim it
  std::string why;        // the allow-list entry's name, or why not
};

rc::Result<std::vector<UsbCandidate>, ReaderError> listUsbDevices(const ReaderConfig& config);

}  // namespace rc::drivers
