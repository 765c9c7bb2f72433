#pragma once
// The USB receipt printer: claims one allow-listed printer (USB printer class 7, bulk OUT; bulk
// IN for status when it has one) and sends it ESC/POS jobs from a bounded queue on its own
// thread, so print() never waits on paper, cables or a stalled printer. Plug and unplug arrive
// by libusb hotplug; a printer plugged in again is taken up again. libusb stays behind this
// header.
//
// States: Absent (none plugged in, or unplugged: a job fails at once), Ready, Printing,
// PaperOut (DLE EOT 4's answer, asked before each job and every status_poll while idle; a job
// then fails, the kiosk shows the receipt on screen anyway), Error (the printer stopped taking
// data for write_timeout: that job fails; the next one tries again).

#include <chrono>
#include <cstddef>
#include <memory>

#include "drivers/printer.h"
#include "drivers/reader_config.h"

namespace rc::drivers {

struct UsbPrinterOptions {
  std::size_t queue_capacity = 16;
  std::chrono::milliseconds write_timeout{10'000};  // one 4 KiB chunk
  std::chrono::milliseconds status_timeout{500};    // the answer to DLE EOT 4
  std::chrono::milliseconds status_poll{1000};      // asked while idle (bulk IN printers only)
};

// Thread-safety: print() and status() from any thread; start() and stop() from one.
class UsbPrinter final : public Printer {
 public:
  explicit UsbPrinter(PrinterConfig config, UsbPrinterOptions options = {});
  ~UsbPrinter() override;
  UsbPrinter(const UsbPrinter&) = delete;
  UsbPrinter& operator=(const UsbPrinter&) = delete;

  // Starts the thread; an error when libusb cannot start or cannot watch for devices.
  rc::Status<std::string> start();
  // Jobs still queued fail; the printer is given back to the kernel's driver.
  void stop() noexcept;

  bool print(std::vector<std::uint8_t> job) override;
  PrinterStatus status() const override;

 private:
  class Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace rc::drivers
