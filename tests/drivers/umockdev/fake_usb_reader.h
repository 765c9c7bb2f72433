#pragma once
// A keyboard-wedge card reader (or a HID POS scanner) emulated with umockdev: sysfs attributes
// and descriptors for enumeration, and a usbfs ioctl handler that answers libusb the way the
// kernel would — claim, the kernel driver bound until detached, control requests, interrupt
// URBs completed with the reports the test sends, discard, and unplug (in-flight URBs end with
// -ESHUTDOWN, every other call with ENODEV). The handler runs on umockdev's worker thread;
// every public method is thread-safe.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "tests/drivers/umockdev/testbed.h"
#include "tests/drivers/umockdev/usbfs.h"

namespace rc::test {

class FakeUsbReader {
 public:
  struct Options {
    std::uint16_t vendor_id = 0xffff;
    std::uint16_t product_id = 0x0035;
    bool boot_keyboard = true;        // interface 3/1/1, 8-byte reports; false: HID POS, 64 bytes
    bool kernel_driver_bound = true;  // usbhid holds the interface on plug, as on a real kiosk
    std::string port = "1-1";         // sysfs name: /sys/devices/usb1/<port>
    int first_devnum = 2;             // device numbers on bus 1 count up from here, per plug
  };

  // What the device saw, for the tests to check the reader's behaviour.
  // Claims, releases, detaches and reattaches (DriverCounters), and:
  struct Counters : DriverCounters {
    int plugs = 0;
    int set_idle = 0;          // SET_IDLE with duration 0
    int set_protocol_boot = 0;
    int set_report_leds = 0;
    int interrupt_submits = 0;
    int max_interrupt_in_flight = 0;
    int reports_delivered = 0;
    int errors_injected = 0;
  };

  // Which the reader learns of first when the device is pulled out.
  enum class Unplug {
    TransferFirst,  // the in-flight URB fails (NO_DEVICE), then the udev "remove" arrives
    LeaveFirst,     // the udev "remove" arrives while the URB is still in flight
  };

  FakeUsbReader(Testbed& testbed, Options options);
  FakeUsbReader(Testbed& testbed) : FakeUsbReader(testbed, Options{}) {}
  ~FakeUsbReader();
  FakeUsbReader(const FakeUsbReader&) = delete;
  FakeUsbReader& operator=(const FakeUsbReader&) = delete;

  // Plugs the device in with the next device number, as the kernel numbers a re-plug.
  void plug();
  void unplug(Unplug order);

  void sendReport(std::vector<std::uint8_t> report);
  // Press and release reports for each character ('\n' is Enter; capitals with Shift).
  void type(std::string_view text);
  // The next `count` interrupt URBs complete with this status (-EPROTO: a bus error).
  void failNextTransfers(int count, int urb_status);

  Counters counters() const;
  int pendingReports() const;
  int interruptInFlight() const;
  std::string devnode() const;
  std::string sysPath() const { return "/sys/devices/usb1/" + m_options.port; }

 private:
  struct Plug;
  static gboolean onIoctl(UMockdevIoctlBase* handler, UMockdevIoctlClient* client, gpointer plug);
  gboolean handle(Plug& p, UMockdevIoctlClient* client);
  gboolean reap(Plug& p, UMockdevIoctlClient* client);
  gboolean submit(Plug& p, UMockdevIoctlClient* client);
  std::string description(int devnum) const;

  Testbed& m_testbed;
  const Options m_options;
  mutable std::mutex m_mutex;
  std::vector<std::unique_ptr<Plug>> m_plugs;  // kept: umockdev may call a handler until the end
  Plug* m_current = nullptr;
  int m_next_devnum;
  std::deque<std::vector<std::uint8_t>> m_reports;
  int m_fail_next = 0;
  int m_fail_status = 0;
  Counters m_counters;
};

// Names the order in test names and failure messages.
inline void PrintTo(FakeUsbReader::Unplug order, std::ostream* os) {
  *os << (order == FakeUsbReader::Unplug::TransferFirst ? "NoDeviceFirst" : "LeaveFirst");
}

}  // namespace rc::test
