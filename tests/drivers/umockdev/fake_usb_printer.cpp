#include "tests/drivers/umockdev/fake_usb_printer.h"

#include <linux/ioctl.h>

#include <algorithm>
#include <cerrno>
#include <cstddef>

#include "tests/drivers/umockdev/usbfs.h"

// Sections: the plug; descriptors; the ioctl handler (driver, claim, submit, reap, discard);
// plug and unplug; the test's controls.

namespace rc::test {
namespace {

constexpr std::uint8_t kOut = 0x01;
constexpr std::uint8_t kIn = 0x81;
constexpr std::uint8_t kStatusQuery[] = {0x10, 0x04, 0x04};
// DLE EOT 4's answer: bits 1 and 4 always set; bits 5 and 6 when the paper has run out.
constexpr std::uint8_t kPaperPresent = 0x12;
constexpr std::uint8_t kPaperEnd = 0x72;

}  // namespace

// ---- the plug ------------------------------------------------------------------------------

struct FakeUsbPrinter::Plug {
  struct Urb {
    UMockdevIoctlData* data;  // one reference, ours
    std::uint8_t endpoint;
    std::vector<std::uint8_t> bytes;  // OUT: what the host sent
  };
  FakeUsbPrinter* owner = nullptr;
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
};

FakeUsbPrinter::FakeUsbPrinter(Testbed& testbed, Options options)
    : m_testbed(testbed), m_options(std::move(options)), m_next_devnum(m_options.first_devnum) {}

FakeUsbPrinter::~FakeUsbPrinter() = default;

// ---- descriptors ---------------------------------------------------------------------------

std::string FakeUsbPrinter::description(int devnum) const {
  const std::uint8_t endpoints = m_options.bulk_in ? 2 : 1;
  const auto total = static_cast<std::uint8_t>(9 + 9 + 7 * endpoints);
  std::vector<std::uint8_t> d = {
      // device: USB 2.0, class per interface, EP0 64 bytes, VID, PID, bcdDevice 1.00, 1 config
      0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40,
      static_cast<std::uint8_t>(m_options.vendor_id & 0xff),
      static_cast<std::uint8_t>(m_options.vendor_id >> 8),
      static_cast<std::uint8_t>(m_options.product_id & 0xff),
      static_cast<std::uint8_t>(m_options.product_id >> 8), 0x00, 0x01, 0x01, 0x02, 0x03, 0x01,
      // configuration: 1 interface, self powered, 100 mA
      0x09, 0x02, total, 0x00, 0x01, 0x01, 0x00, 0xc0, 0x32,
      // interface 0: printer class, subclass 1, protocol 2 (bidirectional) or 1 (unidirectional)
      0x09, 0x04, 0x00, 0x00, endpoints, 0x07, 0x01,
      static_cast<std::uint8_t>(m_options.bulk_in ? 2 : 1), 0x00,
      // endpoint 0x01: bulk OUT, 64 bytes
      0x07, 0x05, kOut, 0x02, 0x40, 0x00, 0x00};
  if (m_options.bulk_in) {
    // endpoint 0x81: bulk IN, 64 bytes
    d.insert(d.end(), {0x07, 0x05, kIn, 0x02, 0x40, 0x00, 0x00});
  }
  return usbDeviceRecord(m_options.port, devnum, d);
}

// ---- the ioctl handler ---------------------------------------------------------------------

gboolean FakeUsbPrinter::onIoctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer plug) {
  auto* p = static_cast<Plug*>(plug);
  return p->owner->handle(*p, client);
}

gboolean FakeUsbPrinter::handle(Plug& p, UMockdevIoctlClient* client) {
  std::lock_guard lock(m_mutex);
  const gulong request = umockdev_ioctl_client_get_request(client);
  if (request == USBDEVFS_REAPURB || request == USBDEVFS_REAPURBNDELAY) return reap(p, client);
  if (request == USBDEVFS_DISCARDURB) {
    const std::size_t before = p.discarded.size();
    const gboolean done = discardUrb(client, p.flying, p.discarded);
    m_counters.cancelled += static_cast<int>(p.discarded.size() - before);
    return done;
  }
  if (!p.connected) {
    umockdev_ioctl_client_complete(client, -1, ENODEV);
    return TRUE;
  }
  if (const auto answered = answerKernelRequest(client, p.driver_bound, "usblp", m_counters)) {
    return *answered;
  }
  if (request == USBDEVFS_SUBMITURB) return submit(p, client);
  return FALSE;  // umockdev answers ENOTTY
}

gboolean FakeUsbPrinter::submit(Plug& p, UMockdevIoctlClient* client) {
  UMockdevIoctlData* arg = umockdev_ioctl_client_get_arg(client);
  IoctlDataRef urb_data(umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr));
  usbdevfs_urb* urb = urbOf(urb_data.get());
  const bool bulk = urb->type == USBDEVFS_URB_TYPE_BULK;
  if (!bulk || (urb->endpoint != kOut && !(m_options.bulk_in && urb->endpoint == kIn)) ||
      urb->buffer_length < 0) {
    umockdev_ioctl_client_complete(client, -1, EINVAL);
    return TRUE;
  }
  Plug::Urb u{nullptr, urb->endpoint, {}};
  if (urb->endpoint == kOut && urb->buffer_length > 0) {
    // The bytes as they are now: the host's buffer is read when the URB is submitted.
    const IoctlDataRef buf(umockdev_ioctl_data_resolve(urb_data.get(),
                                                       offsetof(usbdevfs_urb, buffer),
                                                       static_cast<gsize>(urb->buffer_length),
                                                       nullptr));
    u.bytes.assign(buf->data, buf->data + urb->buffer_length);
  }
  u.data = urb_data.release();
  p.flying.push_back(std::move(u));
  umockdev_ioctl_client_complete(client, 0, 0);
  return TRUE;
}

gboolean FakeUsbPrinter::reap(Plug& p, UMockdevIoctlClient* client) {
  auto give = [&](std::vector<Plug::Urb>& list, std::vector<Plug::Urb>::iterator it) {
    return giveUrb(client, list, it);
  };
  if (!p.discarded.empty()) {
    usbdevfs_urb* urb = urbOf(p.discarded.front().data);
    urb->status = -ENOENT;  // a cancelled URB
    urb->actual_length = 0;
    return give(p.discarded, p.discarded.begin());
  }
  for (auto it = p.flying.begin(); it != p.flying.end(); ++it) {
    usbdevfs_urb* urb = urbOf(it->data);
    if (!p.connected) {
      urb->status = -ESHUTDOWN;  // the host controller gives URBs back on disconnect
      urb->actual_length = 0;
      return give(p.flying, it);
    }
    if (it->endpoint == kOut) {
      if (m_stalled) continue;
      const bool query = it->bytes.size() == sizeof kStatusQuery &&
                         std::equal(it->bytes.begin(), it->bytes.end(), kStatusQuery);
      if (query) {
        ++m_counters.status_queries;
        m_answers.push_back(m_paper_out ? kPaperEnd : kPaperPresent);
      } else {
        m_printed.insert(m_printed.end(), it->bytes.begin(), it->bytes.end());
        ++m_counters.out_urbs;
      }
      urb->status = 0;
      urb->actual_length = urb->buffer_length;
      return give(p.flying, it);
    }
    if (!m_answers.empty() && urb->buffer_length > 0) {
      const IoctlDataRef buf(umockdev_ioctl_data_resolve(it->data, offsetof(usbdevfs_urb, buffer),
                                                         static_cast<gsize>(urb->buffer_length),
                                                         nullptr));
      buf->data[0] = m_answers.front();
      m_answers.pop_front();
      ++m_counters.status_answers;
      urb->status = 0;
      urb->actual_length = 1;
      return give(p.flying, it);
    }
  }
  umockdev_ioctl_client_complete(client, -1, p.connected ? EAGAIN : ENODEV);
  return TRUE;
}

// ---- plug and unplug -----------------------------------------------------------------------

void FakeUsbPrinter::plug() {
  Plug* p = nullptr;
  {
    std::lock_guard lock(m_mutex);
    auto plug = std::make_unique<Plug>();
    plug->owner = this;
    plug->devnum = m_next_devnum++;
    plug->devnode = usbDevnode(plug->devnum);
    plug->driver_bound = m_options.kernel_driver_bound;
    plug->handler = ioctlHandler(G_CALLBACK(&FakeUsbPrinter::onIoctl), plug.get());
    p = plug.get();
    m_plugs.push_back(std::move(plug));
    m_current = p;
    m_answers.clear();
    ++m_counters.plugs;
  }
  plugIn(m_testbed, p->devnode, p->handler.get(), description(p->devnum), sysPath());
}

void FakeUsbPrinter::unplug() {
  Plug* p = nullptr;
  {
    std::lock_guard lock(m_mutex);
    p = m_current;
    m_current = nullptr;
    if (p == nullptr) return;
    p->connected = false;
  }
  waitFor(
      [&] {
        std::lock_guard lock(m_mutex);
        return p->flying.empty() && p->discarded.empty();
      },
      std::chrono::milliseconds(1000));
  umockdev_testbed_uevent(m_testbed.get(), sysPath().c_str(), "remove");
  umockdev_testbed_remove_device(m_testbed.get(), sysPath().c_str());
  umockdev_testbed_detach_ioctl(m_testbed.get(), p->devnode.c_str(), nullptr);
}

// ---- the test's controls -------------------------------------------------------------------

void FakeUsbPrinter::setPaperOut(bool out) {
  std::lock_guard lock(m_mutex);
  m_paper_out = out;
}

void FakeUsbPrinter::setStalled(bool stalled) {
  std::lock_guard lock(m_mutex);
  m_stalled = stalled;
}

std::vector<std::uint8_t> FakeUsbPrinter::printed() const {
  std::lock_guard lock(m_mutex);
  return m_printed;
}

FakeUsbPrinter::Counters FakeUsbPrinter::counters() const {
  std::lock_guard lock(m_mutex);
  return m_counters;
}

int FakeUsbPrinter::outInFlight() const {
  std::lock_guard lock(m_mutex);
  if (m_current == nullptr) return 0;
  return static_cast<int>(std::count_if(m_current->flying.begin(), m_current->flying.end(),
                                        [](const Plug::Urb& u) { return u.endpoint == kOut; }));
}

}  // namespace rc::test
