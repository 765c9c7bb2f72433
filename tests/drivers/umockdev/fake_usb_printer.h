#pragma once
// A USB receipt printer emulated with umockdev: a printer-class interface (7/1/2, or 7/1/1
// without the bulk IN endpoint) on the sysfs side, and a usbfs ioctl handler that answers
// libusb the way the kernel would: usblp bound until detached, claim, bulk OUT URBs whose
// bytes are captured, bulk IN URBs answering DLE EOT 4 with the paper sensor, a stall (OUT URBs
// held until released or cancelled), and unplug (in-flight URBs end with -ESHUTDOWN, every other
// call with ENODEV). The handler runs on umockdev's worker thread; every public method is
// thread-safe.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "tests/drivers/umockdev/testbed.h"
#include "tests/drivers/umockdev/usbfs.h"

namespace rc::test {

class FakeUsbPrinter {
 public:
  struct Options {
    std::uint16_t vendor_id = 0x0416;
    std::uint16_t product_id = 0x5011;
    bool bulk_in = true;              // bidirectional: answers DLE EOT 4
    bool kernel_driver_bound = true;  // usblp holds the interface on plug
    std::string port = "1-3";
    int first_devnum = 20;
  };

  // Claims, releases, detaches and reattaches (DriverCounters), and:
  struct Counters : DriverCounters {
    int plugs = 0;
    int out_urbs = 0;        // bulk OUT URBs completed with data
    int status_queries = 0;  // DLE EOT 4 received (as a transfer of its own)
    int status_answers = 0;  // bytes sent back on bulk IN
    int cancelled = 0;       // URBs the host discarded (timeouts)
  };

  FakeUsbPrinter(Testbed& testbed, Options options);
  explicit FakeUsbPrinter(Testbed& testbed) : FakeUsbPrinter(testbed, Options{}) {}
  ~FakeUsbPrinter();
  FakeUsbPrinter(const FakeUsbPrinter&) = delete;
  FakeUsbPrinter& operator=(const FakeUsbPrinter&) = delete;

  void plug();
  // The in-flight URBs fail first (as a host controller gives them back), then "remove".
  void unplug();

  void setPaperOut(bool out);
  // While stalled, bulk OUT URBs stay in flight: the printer takes no data.
  void setStalled(bool stalled);

  // Every byte printed (status queries excluded), in order, across plugs.
  std::vector<std::uint8_t> printed() const;
  Counters counters() const;
  int outInFlight() const;

 private:
  struct Plug;
  static gboolean onIoctl(UMockdevIoctlBase* handler, UMockdevIoctlClient* client, gpointer plug);
  gboolean handle(Plug& p, UMockdevIoctlClient* client);
  gboolean submit(Plug& p, UMockdevIoctlClient* client);
  gboolean reap(Plug& p, UMockdevIoctlClient* client);
  std::string description(int devnum) const;
  std::string sysPath() const { return "/sys/devices/usb1/" + m_options.port; }

  Testbed& m_testbed;
  const Options m_options;
  mutable std::mutex m_mutex;
  std::vector<std::unique_ptr<Plug>> m_plugs;  // kept: umockdev may call a handler until the end
  Plug* m_current = nullptr;
  int m_next_devnum;
  bool m_paper_out = false;
  bool m_stalled = false;
  std::deque<std::uint8_t> m_answers;
  std::vector<std::uint8_t> m_printed;
  Counters m_counters;
};

}  // namespace rc::test
