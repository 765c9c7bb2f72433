#include "drivers/usb_reader.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>

#include "drivers/decoder.h"
#include "drivers/usb_handles.h"

// Sections: HID constants; the session (one opened device); Impl: the event thread (loop,
// hotplug, open, transfers, close); UsbReader. Device listing is in usb_list.cpp.

namespace rc::drivers {
namespace {

// HID class requests (HID 1.11, section 7.2) and their request type: class, to an interface.
constexpr std::uint8_t kHidRequestType = 0x21;  // host to device | class | interface
constexpr std::uint8_t kHidSetReport = 0x09;
constexpr std::uint8_t kHidSetIdle = 0x0a;
constexpr std::uint8_t kHidSetProtocol = 0x0b;
constexpr std::uint16_t kHidBootProtocol = 0;
constexpr std::uint16_t kHidOutputReport = 0x0200;  // report type Output, report id 0
constexpr unsigned kControlTimeoutMs = 500;

// The event loop wakes at least this often to notice stop() and deadlines.
constexpr auto kMaxWait = std::chrono::milliseconds(100);
// How long closing waits for a cancelled transfer before closing the handle under it.
constexpr auto kCancelWait = std::chrono::seconds(1);
// Transfer errors in a row before the device is closed and opened again.
constexpr int kMaxErrorsInRow = 3;

// ---- the session: one opened device --------------------------------------------------------

struct Session {
  enum class End { None, NoDevice, Broken };

  usb::Handle handle;
  usb::HidInterface itf;
  bool claimed = false;
  bool detached = false;  // we took it from the kernel driver; given back on stop()
  std::vector<std::uint8_t> buffer;
  usb::Transfer transfer;
  bool in_flight = false;
  bool closing = false;
  std::unique_ptr<Decoder> decoder;
  ScanSource source;
  int errors_in_row = 0;
  bool clear_halt = false;
  std::optional<Clock::time_point> resubmit_at;
  End ended = End::None;
};

}  // namespace

// ---- Impl: the event thread ----------------------------------------------------------------

class UsbReader::Impl {
 public:
  Impl(ReaderConfig config, ScanSink& sink)
      : m_config(std::move(config)), m_sink(sink), m_machine(m_config.retry) {}

  rc::Status<ReaderError> start();
  void stop() noexcept;
  ReaderStatus status() const {
    std::lock_guard lock(m_status_mutex);
    return m_status;
  }

 private:
  void run();
  void handleHotplug(Clock::time_point now);
  void adopt(usb::DeviceRef dev, const UsbDeviceRule& rule, Clock::time_point now);
  void findPresentDevice(Clock::time_point now, const libusb_device* departing);
  void open(Clock::time_point now);
  void openFailed(Clock::time_point now, std::string detail);
  void lost(Clock::time_point now, std::string detail);
  void setUp(Session& s, ReportFormat format);
  void submit(Clock::time_point now);
  void service(Clock::time_point now);
  void transferDone(libusb_transfer* t);
  void deliver();
  void closeSession(bool give_back);
  Clock::time_point nextWake(Clock::time_point now) const;

  template <class F>
  void updateStatus(F&& change) {
    std::lock_guard lock(m_status_mutex);
    change(m_status);
    m_status.state = m_machine.state();
    m_status.since = m_machine.since();
    m_status.open_failures = m_machine.failures();
  }

  static int LIBUSB_CALL onHotplug(libusb_context* ctx, libusb_device* dev,
                                   libusb_hotplug_event event, void* self);
  static void LIBUSB_CALL onTransfer(libusb_transfer* t);

  const ReaderConfig m_config;
  ScanSink& m_sink;
  usb::Context m_ctx;
  std::thread m_thread;
  std::atomic<bool> m_stop{false};

  mutable std::mutex m_status_mutex;
  ReaderStatus m_status;

  // Event thread only (libusb calls the callbacks on it, from handle_events or registration).
  DeviceMachine m_machine;
  std::vector<std::pair<usb::DeviceRef, libusb_hotplug_event>> m_hotplug;
  usb::DeviceRef m_device;  // the allow-listed device being opened or read
  UsbDeviceRule m_rule;
  std::string m_label;
  std::unique_ptr<Session> m_session;
  std::vector<RawScan> m_scans;
  std::uint64_t m_ignored_before = 0;  // ignored reports of earlier sessions
};

rc::Status<ReaderError> UsbReader::Impl::start() {
  if (m_thread.joinable()) return rc::err(ReaderError{ReaderErrc::AlreadyStarted, "already started"});
  auto ctx = usb::hotplugContext();
  if (!ctx) return rc::err(ReaderError{ReaderErrc::Unavailable, ctx.error()});
  m_ctx = std::move(ctx.value());
  m_stop = false;
  m_thread = std::thread([this] { run(); });
  return rc::Ok{};
}

void UsbReader::Impl::stop() noexcept {
  if (!m_thread.joinable()) return;
  m_stop = true;
  libusb_interrupt_event_handler(m_ctx.get());
  m_thread.join();
  m_ctx.reset();
}

void UsbReader::Impl::run() {
  libusb_hotplug_callback_handle handle{};
  // Devices already plugged in arrive now, on this thread, inside the call.
  const int r = usb::watchDevices(m_ctx.get(), &Impl::onHotplug, this, &handle);
  if (r != 0) {
    updateStatus([&](ReaderStatus& s) {
      s.detail = std::string("cannot watch for USB devices: ") + libusb_strerror(r);
    });
    return;
  }
  usb::HotplugRegistration registration(m_ctx.get(), handle);
  while (!m_stop) {
    const auto now = Clock::now();
    handleHotplug(now);
    if (m_device && !m_session && m_machine.openDue(now)) open(now);
    if (m_session) service(now);
    timeval tv = usb::toTimeval(nextWake(Clock::now()) - Clock::now());
    libusb_handle_events_timeout_completed(m_ctx.get(), &tv, nullptr);
  }
  closeSession(true);
  m_hotplug.clear();
  m_device.reset();
  m_machine.on(DeviceEvent::Stop, Clock::now());
  updateStatus([](ReaderStatus&) {});
}

Clock::time_point UsbReader::Impl::nextWake(Clock::time_point now) const {
  auto wake = now + kMaxWait;
  if (const auto d = m_machine.deadline()) wake = std::min(wake, *d);
  if (m_session) {
    if (const auto d = m_session->decoder->deadline()) wake = std::min(wake, *d);
    if (m_session->resubmit_at) wake = std::min(wake, *m_session->resubmit_at);
  }
  return wake;
}

int LIBUSB_CALL UsbReader::Impl::onHotplug(libusb_context*, libusb_device* dev,
                                           libusb_hotplug_event event, void* self) {
  // Only note it: opening a device from inside libusb's event handling is asking for trouble.
  static_cast<Impl*>(self)->m_hotplug.emplace_back(usb::ref(dev), event);
  return 0;
}

void UsbReader::Impl::handleHotplug(Clock::time_point now) {
  // Swapped out first: opening a device runs libusb's event handling, which may add more.
  auto events = std::exchange(m_hotplug, {});
  for (auto& [dev, event] : events) {
    if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
      if (m_device) continue;  // one reader per UsbReader; a second one waits its turn
      libusb_device_descriptor d{};
      if (libusb_get_device_descriptor(dev.get(), &d) != 0) continue;
      if (const auto* rule = usb::findRule(m_config, d.idVendor, d.idProduct)) {
        adopt(std::move(dev), *rule, now);
      }
      continue;
    }
    if (m_device && m_device.get() == dev.get()) {
      closeSession(false);
      m_device.reset();
      m_machine.on(DeviceEvent::Left, now);
      updateStatus([&](ReaderStatus& s) { s.detail = m_label + " was unplugged"; });
    }
    if (!m_device) findPresentDevice(now, dev.get());
  }
}

void UsbReader::Impl::adopt(usb::DeviceRef dev, const UsbDeviceRule& rule, Clock::time_point now) {
  libusb_device_descriptor d{};
  libusb_get_device_descriptor(dev.get(), &d);
  m_label = usb::vidPid(d.idVendor, d.idProduct) + " at " + usb::location(dev.get());
  m_device = std::move(dev);
  m_rule = rule;
  m_machine.on(DeviceEvent::Arrived, now);
  updateStatus([&](ReaderStatus& s) {
    s.device = m_label;
    s.detail.clear();
  });
}

// After a reader leaves, another allow-listed one may already be plugged in.
void UsbReader::Impl::findPresentDevice(Clock::time_point now, const libusb_device* departing) {
  libusb_device** raw = nullptr;
  const ssize_t n = libusb_get_device_list(m_ctx.get(), &raw);
  if (n < 0) return;
  const usb::DeviceList list(raw);
  for (ssize_t i = 0; i < n; ++i) {
    libusb_device* d = raw[i];
    libusb_device_descriptor desc{};
    if (d == departing || libusb_get_device_descriptor(d, &desc) != 0) continue;
    if (const auto* rule = usb::findRule(m_config, desc.idVendor, desc.idProduct)) {
      adopt(usb::ref(d), *rule, now);
      return;
    }
  }
}

void UsbReader::Impl::openFailed(Clock::time_point now, std::string detail) {
  m_session.reset();
  m_machine.on(DeviceEvent::OpenFailed, now);
  updateStatus([&](ReaderStatus& s) { s.detail = std::move(detail); });
}

// The device vanished under us: the same end as an unplug, whether or not libusb has told us
// about the unplug yet.
void UsbReader::Impl::lost(Clock::time_point now, std::string detail) {
  closeSession(false);
  m_device.reset();
  m_machine.on(DeviceEvent::Left, now);
  updateStatus([&](ReaderStatus& s) { s.detail = std::move(detail); });
}

void UsbReader::Impl::open(Clock::time_point now) {
  libusb_device_handle* raw = nullptr;
  if (const int r = libusb_open(m_device.get(), &raw); r != 0) {
    if (r == LIBUSB_ERROR_NO_DEVICE) return lost(now, m_label + " was unplugged while opening");
    if (r == LIBUSB_ERROR_ACCESS) {
      return openFailed(now, "no permission to open " + m_label +
                                 ": is the udev rule installed and the kiosk user in its group? "
                                 "trying again");
    }
    return openFailed(now, m_label + ": " + libusb_strerror(r) + " while opening; trying again");
  }
  auto s = std::make_unique<Session>();
  s->handle.reset(raw);
  const auto itf = usb::findHidInterface(m_device.get());
  if (!itf) {
    return openFailed(now, m_label + " has no HID interface with an interrupt IN endpoint");
  }
  s->itf = *itf;
  m_session = std::move(s);
  Session& session = *m_session;

  const int active = libusb_kernel_driver_active(session.handle.get(), itf->number);
  if (active == 1) {
    if (!m_config.usb_detach_kernel_driver) {
      return openFailed(now, "the kernel's keyboard driver holds " + m_label +
                                 " and usb_detach_kernel_driver is false");
    }
    if (const int r = libusb_detach_kernel_driver(session.handle.get(), itf->number); r != 0) {
      if (r == LIBUSB_ERROR_NO_DEVICE) return lost(now, m_label + " was unplugged while opening");
      return openFailed(now, m_label + ": " + libusb_strerror(r) +
                                 " while taking it from the kernel driver; trying again");
    }
    session.detached = true;
  }
  if (const int r = libusb_claim_interface(session.handle.get(), itf->number); r != 0) {
    if (r == LIBUSB_ERROR_NO_DEVICE) return lost(now, m_label + " was unplugged while opening");
    if (r == LIBUSB_ERROR_BUSY) {
      return openFailed(now, m_label + " is claimed by another program; trying again");
    }
    return openFailed(now, m_label + ": " + libusb_strerror(r) + " while claiming; trying again");
  }
  session.claimed = true;

  ReportFormat format = m_rule.format;
  if (format == ReportFormat::Auto) {
    format = (itf->subclass == usb::kSubclassBoot && itf->protocol == usb::kProtocolKeyboard)
                 ? ReportFormat::Keyboard
                 : ReportFormat::HidPos;
  }
  setUp(session, format);
  if (session.ended == Session::End::NoDevice) {
    return lost(now, m_label + " was unplugged while opening");
  }

  session.decoder = makeDecoder(format, m_config.decoder);
  session.source = ScanSource{ReaderKind::Usb, m_label, m_rule.role};
  session.buffer.assign(static_cast<std::size_t>(itf->max_packet), 0);
  session.transfer.reset(libusb_alloc_transfer(0));
  libusb_fill_interrupt_transfer(session.transfer.get(), session.handle.get(), itf->endpoint,
                                 session.buffer.data(), itf->max_packet, &Impl::onTransfer, this,
                                 0);
  submit(now);
  if (session.ended == Session::End::NoDevice) {
    return lost(now, m_label + " was unplugged while opening");
  }
  if (!session.in_flight) return openFailed(now, m_label + ": cannot read reports; trying again");
  m_machine.on(DeviceEvent::Opened, now);
  updateStatus([&](ReaderStatus& st) {
    st.device = m_label;
    st.detail.clear();
  });
}

// What the kernel's HID driver sends a new keyboard; some readers stay silent without it.
// A reader that refuses a request (a STALL) is still read: the requests are a courtesy.
void UsbReader::Impl::setUp(Session& s, ReportFormat format) {
  libusb_device_handle* h = s.handle.get();
  const auto itf = static_cast<std::uint16_t>(s.itf.number);
  auto check = [&](int r) {
    if (r == LIBUSB_ERROR_NO_DEVICE) s.ended = Session::End::NoDevice;
    return s.ended == Session::End::None;
  };
  if (!check(libusb_control_transfer(h, kHidRequestType, kHidSetIdle, 0, itf, nullptr, 0,
                                     kControlTimeoutMs))) {
    return;
  }
  if (format != ReportFormat::Keyboard) return;
  if (s.itf.subclass == usb::kSubclassBoot &&
      !check(libusb_control_transfer(h, kHidRequestType, kHidSetProtocol, kHidBootProtocol, itf,
                                     nullptr, 0, kControlTimeoutMs))) {
    return;
  }
  unsigned char leds = 0;  // all off: the kiosk keeps no lock state on the reader
  check(libusb_control_transfer(h, kHidRequestType, kHidSetReport, kHidOutputReport, itf, &leds,
                                1, kControlTimeoutMs));
}

void UsbReader::Impl::submit(Clock::time_point now) {
  Session& s = *m_session;
  const int r = libusb_submit_transfer(s.transfer.get());
  if (r == 0) {
    s.in_flight = true;
    return;
  }
  if (r == LIBUSB_ERROR_NO_DEVICE) {
    s.ended = Session::End::NoDevice;
    return;
  }
  if (++s.errors_in_row >= kMaxErrorsInRow) {
    s.ended = Session::End::Broken;
  } else {
    s.resubmit_at = now + std::chrono::milliseconds(10 * s.errors_in_row);
  }
}

void LIBUSB_CALL UsbReader::Impl::onTransfer(libusb_transfer* t) {
  static_cast<Impl*>(t->user_data)->transferDone(t);
}

void UsbReader::Impl::transferDone(libusb_transfer* t) {
  if (!m_session || t != m_session->transfer.get()) return;
  Session& s = *m_session;
  s.in_flight = false;
  const auto now = Clock::now();
  switch (t->status) {
    case LIBUSB_TRANSFER_COMPLETED:
      s.errors_in_row = 0;
      s.decoder->feed(std::span<const std::uint8_t>(s.buffer.data(),
                                                    static_cast<std::size_t>(t->actual_length)),
                      now, m_scans);
      updateStatus([&](ReaderStatus& st) {
        ++st.reports;
        st.ignored_reports = m_ignored_before + s.decoder->ignoredReports();
      });
      deliver();
      if (!s.closing) submit(now);
      break;
    case LIBUSB_TRANSFER_TIMED_OUT:
      if (!s.closing) submit(now);
      break;
    case LIBUSB_TRANSFER_CANCELLED:
      break;
    case LIBUSB_TRANSFER_NO_DEVICE:
      s.ended = Session::End::NoDevice;
      break;
    case LIBUSB_TRANSFER_ERROR:
    case LIBUSB_TRANSFER_STALL:
    case LIBUSB_TRANSFER_OVERFLOW:
      updateStatus([](ReaderStatus& st) { ++st.transfer_errors; });
      if (s.closing) break;
      s.clear_halt = s.clear_halt || t->status == LIBUSB_TRANSFER_STALL;
      if (++s.errors_in_row >= kMaxErrorsInRow) {
        s.ended = Session::End::Broken;
      } else {
        // A short pause, so a reader that errors on every transfer does not spin the thread.
        s.resubmit_at = now + std::chrono::milliseconds(10 * s.errors_in_row);
      }
      break;
  }
}

void UsbReader::Impl::service(Clock::time_point now) {
  Session& s = *m_session;
  if (s.ended == Session::End::NoDevice) return lost(now, m_label + " was unplugged");
  if (s.ended == Session::End::Broken) {
    closeSession(false);
    m_machine.on(DeviceEvent::StreamBroke, now);
    updateStatus([&](ReaderStatus& st) {
      st.detail = m_label + " keeps failing transfers; opening it again";
    });
    return;
  }
  if (s.resubmit_at && now >= *s.resubmit_at && !s.in_flight) {
    s.resubmit_at.reset();
    if (s.clear_halt) libusb_clear_halt(s.handle.get(), s.itf.endpoint);
    s.clear_halt = false;
    submit(now);
  }
  s.decoder->poll(now, m_scans);
  deliver();
}

void UsbReader::Impl::deliver() {
  if (m_scans.empty() || !m_session) return;
  for (const auto& scan : m_scans) m_sink.submit(m_session->source, scan);
  const auto n = m_scans.size();
  m_scans.clear();
  updateStatus([&](ReaderStatus& st) { st.scans += n; });
}

void UsbReader::Impl::closeSession(bool give_back) {
  if (!m_session) return;
  Session& s = *m_session;
  s.closing = true;
  if (s.in_flight) {
    libusb_cancel_transfer(s.transfer.get());
    const auto deadline = Clock::now() + kCancelWait;
    while (s.in_flight && Clock::now() < deadline) {
      timeval tv = usb::toTimeval(std::chrono::milliseconds(10));
      libusb_handle_events_timeout_completed(m_ctx.get(), &tv, nullptr);
    }
  }
  if (s.decoder) {
    s.decoder->reset();  // half a scan from a device that went away is not a scan
    m_ignored_before += s.decoder->ignoredReports();
  }
  const bool present = s.ended != Session::End::NoDevice;
  if (s.claimed && present) libusb_release_interface(s.handle.get(), s.itf.number);
  // Given back on stop only: while the kiosk runs, a reader it lets go would type into the
  // system. For an installer stopping rc-reader, the reader works as a keyboard again.
  if (give_back && s.detached && present) libusb_attach_kernel_driver(s.handle.get(), s.itf.number);
  // Close before freeing: if the cancel never completed, libusb forgets the transfer on close.
  s.handle.reset();
  s.transfer.reset();
  m_session.reset();
}

// ---- UsbReader -----------------------------------------------------------------------------

UsbReader::UsbReader(ReaderConfig config, ScanSink& sink)
    : m_impl(std::make_unique<Impl>(std::move(config), sink)) {}
UsbReader::~UsbReader() { stop(); }
rc::Status<ReaderError> UsbReader::start() { return m_impl->start(); }
void UsbReader::stop() noexcept { m_impl->stop(); }
ReaderStatus UsbReader::status() const { return m_impl->status(); }

}  // namespace rc::drivers
