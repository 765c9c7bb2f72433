#include "tests/drivers/umockdev/fake_usb_reader.h"

#include <linux/ioctl.h>
#include <linux/usbdevice_fs.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <cstring>

#include "tests/drivers/report_stream.h"
#include "tests/drivers/umockdev/usbfs.h"

// Sections: descriptors; the plug (one plugged instance); the ioctl handler (claim, drivers,
// submit, reap, discard); plug and unplug; the test's controls.

namespace rc::test {
namespace {

using DataRef = IoctlDataRef;

// HID class requests as the reader sees them in a control URB's setup packet.
constexpr std::uint8_t kSetReport = 0x09;
constexpr std::uint8_t kSetIdle = 0x0a;
constexpr std::uint8_t kSetProtocol = 0x0b;


}  // namespace

// ---- the plug ------------------------------------------------------------------------------

struct FakeUsbReader::Plug {
  struct Urb {
    UMockdevIoctlData* data;  // one reference, ours
    bool control;
  };
  FakeUsbReader* owner = nullptr;
  int devnum = 0;
  std::string devnode;
  IoctlBasePtr handler;
  bool connected = true;
  bool driver_bound = true;
  std::vector<Urb> flying;
  std::vector<Urb> discarded;

  ~Plug() {
    for (auto& u : flying) umockdev_ioctl_data_unref(u.data);
    for (auto& u : discarded) umockdev_ioctl_data_unref(u.data);
  }
  int interruptInFlight() const {
    return static_cast<int>(std::count_if(flying.begin(), flying.end(),
                                          [](const Urb& u) { return !u.control; }) +
                            discarded.size());
  }
};

FakeUsbReader::FakeUsbReader(Testbed& testbed, Options options)
    : m_testbed(testbed), m_options(std::move(options)), m_next_devnum(m_options.first_devnum) {}

FakeUsbReader::~FakeUsbReader() = default;

// ---- descriptors ---------------------------------------------------------------------------

std::string FakeUsbReader::description(int devnum) const {
  const std::uint16_t packet = m_options.boot_keyboard ? 8 : 64;
  std::vector<std::uint8_t> d = {
      // device: USB 2.0, class per interface, EP0 8 bytes, VID, PID, bcdDevice 1.00, 1 config
      0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x08,
      static_cast<std::uint8_t>(m_options.vendor_id & 0xff),
      static_cast<std::uint8_t>(m_options.vendor_id >> 8),
      static_cast<std::uint8_t>(m_options.product_id & 0xff),
      static_cast<std::uint8_t>(m_options.product_id >> 8), 0x00, 0x01, 0x01, 0x02, 0x00, 0x01,
      // configuration: 34 bytes in all, 1 interface, bus powered, 100 mA
      0x09, 0x02, 0x22, 0x00, 0x01, 0x01, 0x00, 0xa0, 0x32,
      // interface 0: HID, boot keyboard (3/1/1) or plain HID (3/0/0)
      0x09, 0x04, 0x00, 0x00, 0x01, 0x03, static_cast<std::uint8_t>(m_options.boot_keyboard ? 1 : 0),
      static_cast<std::uint8_t>(m_options.boot_keyboard ? 1 : 0), 0x00,
      // HID descriptor: HID 1.11, one report descriptor of 63 bytes
      0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x3f, 0x00,
      // endpoint 0x81: interrupt IN, 10 ms
      0x07, 0x05, 0x81, 0x03, static_cast<std::uint8_t>(packet), 0x00, 0x0a};
  return usbDeviceRecord(m_options.port, devnum, d);
}

// ---- the ioctl handler ---------------------------------------------------------------------

gboolean FakeUsbReader::onIoctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer plug) {
  auto* p = static_cast<Plug*>(plug);
  return p->owner->handle(*p, client);
}

gboolean FakeUsbReader::handle(Plug& p, UMockdevIoctlClient* client) {
  std::lock_guard lock(m_mutex);
  const gulong request = umockdev_ioctl_client_get_request(client);
  auto complete = [&](long result, int err) {
    umockdev_ioctl_client_complete(client, result, err);
    return TRUE;
  };

  if (request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) return reap(p, client);
  if (request == USBDEVFS_DISCARDURB) return discardUrb(client, p.flying, p.discarded);
  if (!p.connected) return complete(-1, ENODEV);
  if (const auto answered = answerKernelRequest(client, p.driver_bound, "usbhid", m_counters)) {
    return *answered;
  }
  if (request == USBDEVFS_SUBMITURB) return submit(p, client);
  return FALSE;  // umockdev answers ENOTTY
}

gboolean FakeUsbReader::submit(Plug& p, UMockdevIoctlClient* client) {
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  DataRef urb_data(umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr));
  usbdevfs_urb* urb = urbOf(urb_data.get());
  if (urb->type == USBDEVFS_URB_TYPE_CONTROL && urb->buffer_length >= 8) {
    const DataRef buf(umockdev_ioctl_data_resolve(urb_data.get(), offsetof(usbdevfs_urb, buffer),
                                                  static_cast<gsize>(urb->buffer_length), nullptr));
    const std::uint8_t* setup = buf->data;
    const std::uint8_t request_type = setup[0];
    const std::uint8_t request = setup[1];
    const int value = setup[2] | (setup[3] << 8);
    const int length = setup[6] | (setup[7] << 8);
    if (request_type == 0x21 && request == kSetIdle && value == 0) ++m_counters.set_idle;
    if (request_type == 0x21 && request == kSetProtocol && value == 0) ++m_counters.set_protocol_boot;
    if (request_type == 0x21 && request == kSetReport && value == 0x0200 && length == 1) {
      ++m_counters.set_report_leds;
    }
    // Class requests to the interface succeed; anything asking for data stalls, as a cheap
    // reader's firmware does.
    const bool out = (request_type & 0x80) == 0;
    urb->status = out ? 0 : -EPIPE;
    urb->actual_length = out ? length : 0;
    p.flying.push_back({urb_data.release(), true});
  } else if (urb->type == USBDEVFS_URB_TYPE_INTERRUPT && urb->endpoint == 0x81) {
    ++m_counters.interrupt_submits;
    p.flying.push_back({urb_data.release(), false});
    m_counters.max_interrupt_in_flight =
        std::max(m_counters.max_interrupt_in_flight, p.interruptInFlight());
  } else {
    umockdev_ioctl_client_complete(client, -1, EINVAL);
    return TRUE;
  }
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

gboolean FakeUsbReader::reap(Plug& p, UMockdevIoctlClient* client) {
  auto give = [&](std::vector<Plug::Urb>& list, std::vector<Plug::Urb>::iterator it) {
    return giveUrb(client, list, it);
  };
  if (!p.discarded.empty()) {
    usbdevfs_urb* urb = urbOf(p.discarded.front().data);
    urb->status = -ENOENT;  // what a cancelled URB reports
    urb->actual_length = 0;
    return give(p.discarded, p.discarded.begin());
  }
  for (auto it = p.flying.begin(); it != p.flying.end(); ++it) {
    if (it->control) return give(p.flying, it);
    usbdevfs_urb* urb = urbOf(it->data);
    if (!p.connected) {
      urb->status = -ESHUTDOWN;  // the host controller gives URBs back on disconnect
      urb->actual_length = 0;
      return give(p.flying, it);
    }
    if (m_fail_next > 0) {
      --m_fail_next;
      ++m_counters.errors_injected;
      urb->status = m_fail_status;
      urb->actual_length = 0;
      return give(p.flying, it);
    }
    if (!m_reports.empty() && &p == m_current) {
      const auto report = std::move(m_reports.front());
      m_reports.pop_front();
      const DataRef buf(umockdev_ioctl_data_resolve(it->data, offsetof(usbdevfs_urb, buffer),
                                                    static_cast<gsize>(urb->buffer_length),
                                                    nullptr));
      const auto n = std::min<std::size_t>(report.size(), static_cast<std::size_t>(urb->buffer_length));
      std::memcpy(buf->data, report.data(), n);
      urb->status = 0;
      urb->actual_length = static_cast<int>(n);
      ++m_counters.reports_delivered;
      return give(p.flying, it);
    }
  }
  umockdev_ioctl_client_complete(client, -1, p.connected ? EAGAIN : ENODEV);
  return TRUE;
}

// ---- plug and unplug -----------------------------------------------------------------------

void FakeUsbReader::plug() {
  Plug* p = nullptr;
  {
    std::lock_guard lock(m_mutex);
    auto plug = std::make_unique<Plug>();
    plug->owner = this;
    plug->devnum = m_next_devnum++;
    plug->devnode = usbDevnode(plug->devnum);
    plug->driver_bound = m_options.kernel_driver_bound;
    plug->handler = ioctlHandler(G_CALLBACK(&FakeUsbReader::onIoctl), plug.get());
    p = plug.get();
    m_plugs.push_back(std::move(plug));
    m_current = p;
    ++m_counters.plugs;
  }
  plugIn(m_testbed, p->devnode, p->handler.get(), description(p->devnum), sysPath());
}

void FakeUsbReader::unplug(Unplug order) {
  Plug* p = nullptr;
  {
    std::lock_guard lock(m_mutex);
    p = m_current;
    m_current = nullptr;
    if (p == nullptr) return;
    if (order == Unplug::TransferFirst) p->connected = false;
  }
  auto settled = [&] {
    std::lock_guard lock(m_mutex);
    return p->interruptInFlight() == 0;
  };
  if (order == Unplug::TransferFirst) waitFor(settled, std::chrono::milliseconds(1000));
  umockdev_testbed_uevent(m_testbed.get(), sysPath().c_str(), "remove");
  umockdev_testbed_remove_device(m_testbed.get(), sysPath().c_str());
  if (order == Unplug::LeaveFirst) {
    // The reader hears of the unplug and cancels its transfer while the device still answers.
    waitFor(settled, std::chrono::milliseconds(1000));
    std::lock_guard lock(m_mutex);
    p->connected = false;
  }
  umockdev_testbed_detach_ioctl(m_testbed.get(), p->devnode.c_str(), nullptr);
}

// ---- the test's controls -------------------------------------------------------------------

void FakeUsbReader::sendReport(std::vector<std::uint8_t> report) {
  std::lock_guard lock(m_mutex);
  m_reports.push_back(std::move(report));
}

void FakeUsbReader::type(std::string_view text) {
  KeyboardStream s;
  s.type(text);
  std::lock_guard lock(m_mutex);
  for (const auto& r : s.reports()) m_reports.push_back(r.bytes);
}

void FakeUsbReader::failNextTransfers(int count, int urb_status) {
  std::lock_guard lock(m_mutex);
  m_fail_next = count;
  m_fail_status = urb_status;
}

FakeUsbReader::Counters FakeUsbReader::counters() const {
  std::lock_guard lock(m_mutex);
  return m_counters;
}

int FakeUsbReader::pendingReports() const {
  std::lock_guard lock(m_mutex);
  return static_cast<int>(m_reports.size());
}

int FakeUsbReader::interruptInFlight() const {
  std::lock_guard lock(m_mutex);
  return m_current ? m_current->interruptInFlight() : 0;
}

std::string FakeUsbReader::devnode() const {
  std::lock_guard lock(m_mutex);
  return m_current ? m_current->devnode : std::string();
}

}  // namespace rc::test
