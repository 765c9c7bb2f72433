#include "drivers/usb_printer.h"

#include <algorithm>
#include <atomic>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "drivers/escpos.h"
#include "drivers/scan.h"
#include "drivers/usb_handles.h"

// Sections: the printer interface; Impl (the thread: loop, hotplug, open, jobs, paper status,
// close); UsbPrinter.

namespace rc::drivers {
namespace {

constexpr std::uint8_t kClassPrinter = 7;
// A job goes out in pieces this size, each with its own timeout.
constexpr std::size_t kChunk = 4096;
// The thread wakes at least this often to notice stop() and deadlines.
constexpr auto kMaxWait = std::chrono::milliseconds(100);
// A printer that could not be opened is tried again after this long.
constexpr auto kOpenRetry = std::chrono::seconds(1);

struct PrinterInterface {
  int number = -1;
  std::uint8_t out = 0;
  std::optional<std::uint8_t> in;
};

// The first printer-class interface with a bulk OUT endpoint, and its bulk IN if it has one.
std::optional<PrinterInterface> findPrinterInterface(libusb_device* dev) {
  const auto config = usb::activeConfig(dev);
  if (!config) return std::nullopt;
  for (int i = 0; i < config->bNumInterfaces; ++i) {
    const libusb_interface& itf = config->interface[i];
    if (itf.num_altsetting < 1) continue;
    const libusb_interface_descriptor& alt = itf.altsetting[0];
    if (alt.bInterfaceClass != kClassPrinter) continue;
    PrinterInterface p;
    p.number = alt.bInterfaceNumber;
    for (int e = 0; e < alt.bNumEndpoints; ++e) {
      const libusb_endpoint_descriptor& ep = alt.endpoint[e];
      if ((ep.bmAttributes & 0x03) != LIBUSB_TRANSFER_TYPE_BULK) continue;
      if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_IN) != 0) {
        if (!p.in) p.in = ep.bEndpointAddress;
      } else if (p.out == 0) {
        p.out = ep.bEndpointAddress;
      }
    }
    if (p.out != 0) return p;
  }
  return std::nullopt;
}

unsigned timeoutMs(std::chrono::milliseconds d) {
  return static_cast<unsigned>(std::max<long long>(1, d.count()));
}

}  // namespace

// ---- Impl: the printer's thread ------------------------------------------------------------

class UsbPrinter::Impl {
 public:
  Impl(PrinterConfig config, UsbPrinterOptions options)
      : m_config(std::move(config)), m_options(options) {}

  rc::Status<std::string> start();
  void stop() noexcept;
  bool print(std::vector<std::uint8_t> job);
  PrinterStatus status() const {
    std::lock_guard lock(m_mutex);
    return m_status;
  }

 private:
  void run();
  void handleHotplug(Clock::time_point now);
  void open(Clock::time_point now);
  void openFailed(Clock::time_point now, std::string detail);
  void lost(std::string detail);
  void closeHandle(bool give_back);
  void printJob(const std::vector<std::uint8_t>& job);
  // Asks DLE EOT 4 and reads the answer; nullopt when none came (or the device went).
  std::optional<escpos::Paper> askPaper();
  void pollPaper();
  std::optional<std::vector<std::uint8_t>> takeJob();
  void jobDone(bool printed, PrinterState state, std::string detail);
  void setState(PrinterState state, std::string detail);

  static int LIBUSB_CALL onHotplug(libusb_context* ctx, libusb_device* dev,
                                   libusb_hotplug_event event, void* self);

  const PrinterConfig m_config;
  const UsbPrinterOptions m_options;
  usb::Context m_ctx;
  std::thread m_thread;
  std::atomic<bool> m_stop{false};
  bool m_running = false;  // under m_mutex

  mutable std::mutex m_mutex;  // the queue and the status
  std::deque<std::vector<std::uint8_t>> m_queue;
  PrinterStatus m_status;

  // The thread only (libusb calls onHotplug on it).
  std::vector<std::pair<usb::DeviceRef, libusb_hotplug_event>> m_hotplug;
  usb::DeviceRef m_device;
  std::string m_label;
  usb::Handle m_handle;
  PrinterInterface m_itf;
  bool m_claimed = false;
  bool m_detached = false;
  Clock::time_point m_open_at{};
  Clock::time_point m_next_poll{};
};

rc::Status<std::string> UsbPrinter::Impl::start() {
  if (m_thread.joinable()) return rc::err(std::string("already started"));
  auto ctx = usb::hotplugContext();
  if (!ctx) return rc::err(ctx.error());
  m_ctx = std::move(ctx.value());
  m_stop = false;
  {
    std::lock_guard lock(m_mutex);
    m_running = true;
  }
  m_thread = std::thread([this] { run(); });
  return rc::Ok{};
}

void UsbPrinter::Impl::stop() noexcept {
  if (!m_thread.joinable()) return;
  m_stop = true;
  libusb_interrupt_event_handler(m_ctx.get());
  m_thread.join();
  {
    std::lock_guard lock(m_mutex);
    m_running = false;
  }
  m_ctx.reset();
}

bool UsbPrinter::Impl::print(std::vector<std::uint8_t> job) {
  std::lock_guard lock(m_mutex);
  if (m_queue.size() >= m_options.queue_capacity || !m_running) {
    ++m_status.failed;
    return false;
  }
  m_queue.push_back(std::move(job));
  m_status.queued = m_queue.size();
  // Under the lock: stop() cannot end the context meanwhile.
  libusb_interrupt_event_handler(m_ctx.get());
  return true;
}

std::optional<std::vector<std::uint8_t>> UsbPrinter::Impl::takeJob() {
  std::lock_guard lock(m_mutex);
  if (m_queue.empty()) return std::nullopt;
  auto job = std::move(m_queue.front());
  m_queue.pop_front();  // still counted in `queued` until done
  return job;
}

void UsbPrinter::Impl::jobDone(bool printed, PrinterState state, std::string detail) {
  std::lock_guard lock(m_mutex);
  ++(printed ? m_status.printed : m_status.failed);
  m_status.queued = m_queue.size();
  m_status.state = state;
  m_status.detail = std::move(detail);
}

void UsbPrinter::Impl::setState(PrinterState state, std::string detail) {
  std::lock_guard lock(m_mutex);
  m_status.state = state;
  m_status.detail = std::move(detail);
  m_status.device = m_device ? m_label : std::string();
}

void UsbPrinter::Impl::run() {
  libusb_hotplug_callback_handle handle{};
  // Printers already plugged in arrive now, on this thread, inside the call.
  const int r = usb::watchDevices(m_ctx.get(), &Impl::onHotplug, this, &handle);
  std::optional<usb::HotplugRegistration> registration;
  if (r == 0) {
    registration.emplace(m_ctx.get(), handle);
    if (!m_device) setState(PrinterState::Absent, "no allow-listed printer is plugged in");
  } else {
    setState(PrinterState::Absent,
             std::string("cannot watch for USB devices: ") + libusb_strerror(r));
  }
  while (!m_stop) {
    auto now = Clock::now();
    handleHotplug(now);
    if (m_device && !m_handle && now >= m_open_at) open(now);
    if (auto job = takeJob()) {
      if (m_handle) {
        printJob(*job);
      } else {
        jobDone(false, PrinterState::Absent, "no printer: the job was dropped");
      }
      continue;
    }
    now = Clock::now();
    if (m_handle && m_itf.in && now >= m_next_poll) {
      pollPaper();
      m_next_poll = Clock::now() + m_options.status_poll;
    }
    auto wake = Clock::now() + kMaxWait;
    if (m_handle && m_itf.in) wake = std::min(wake, m_next_poll);
    if (m_device && !m_handle) wake = std::min(wake, m_open_at);
    timeval tv = usb::toTimeval(wake - Clock::now());
    libusb_handle_events_timeout_completed(m_ctx.get(), &tv, nullptr);
  }
  closeHandle(true);
  m_hotplug.clear();
  m_device.reset();
  // Whatever is still queued will not print.
  std::lock_guard lock(m_mutex);
  m_status.failed += m_queue.size();
  m_queue.clear();
  m_status.queued = 0;
  m_status.state = PrinterState::Absent;
  m_status.detail = "stopped";
}

int LIBUSB_CALL UsbPrinter::Impl::onHotplug(libusb_context*, libusb_device* dev,
                                            libusb_hotplug_event event, void* self) {
  // Only note it: opening a device from inside libusb's event handling is asking for trouble.
  static_cast<Impl*>(self)->m_hotplug.emplace_back(usb::ref(dev), event);
  return 0;
}

void UsbPrinter::Impl::handleHotplug(Clock::time_point now) {
  auto events = std::exchange(m_hotplug, {});
  for (auto& [dev, event] : events) {
    if (event == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED) {
      if (m_device) continue;  // one printer; a second one waits its turn
      libusb_device_descriptor d{};
      if (libusb_get_device_descriptor(dev.get(), &d) != 0) continue;
      const auto& rules = m_config.usb_printers;
      const auto rule = std::find_if(rules.begin(), rules.end(), [&](const UsbPrinterRule& r) {
        return r.matches(d.idVendor, d.idProduct);
      });
      if (rule == rules.end() || !findPrinterInterface(dev.get())) continue;
      m_label = usb::vidPid(d.idVendor, d.idProduct) + " at " + usb::location(dev.get());
      m_device = std::move(dev);
      m_open_at = now;
      continue;
    }
    if (m_device && m_device.get() == dev.get()) lost(m_label + " was unplugged");
  }
}

void UsbPrinter::Impl::openFailed(Clock::time_point now, std::string detail) {
  closeHandle(false);
  m_open_at = now + kOpenRetry;
  setState(PrinterState::Error, std::move(detail));
}

void UsbPrinter::Impl::lost(std::string detail) {
  closeHandle(false);
  m_device.reset();
  setState(PrinterState::Absent, std::move(detail));
}

void UsbPrinter::Impl::open(Clock::time_point now) {
  libusb_device_handle* raw = nullptr;
  if (const int r = libusb_open(m_device.get(), &raw); r != 0) {
    if (r == LIBUSB_ERROR_NO_DEVICE) return lost(m_label + " was unplugged while opening");
    if (r == LIBUSB_ERROR_ACCESS) {
      return openFailed(now, "no permission to open " + m_label +
                                 ": is the udev rule installed and the kiosk user in its group?");
    }
    return openFailed(now, m_label + ": " + libusb_strerror(r) + " while opening");
  }
  m_handle.reset(raw);
  const auto itf = findPrinterInterface(m_device.get());
  if (!itf) return openFailed(now, m_label + " has no printer interface with a bulk OUT endpoint");
  m_itf = *itf;
  if (libusb_kernel_driver_active(m_handle.get(), m_itf.number) == 1) {
    if (!m_config.detach_kernel_driver) {
      return openFailed(now, "the kernel's usblp driver holds " + m_label +
                                 " and printer_detach_kernel_driver is false");
    }
    if (const int r = libusb_detach_kernel_driver(m_handle.get(), m_itf.number); r != 0) {
      if (r == LIBUSB_ERROR_NO_DEVICE) return lost(m_label + " was unplugged while opening");
      return openFailed(now, m_label + ": " + libusb_strerror(r) +
                                 " while taking it from the kernel driver");
    }
    m_detached = true;
  }
  if (const int r = libusb_claim_interface(m_handle.get(), m_itf.number); r != 0) {
    if (r == LIBUSB_ERROR_NO_DEVICE) return lost(m_label + " was unplugged while opening");
    return openFailed(now, m_label + ": " + libusb_strerror(r) + " while claiming");
  }
  m_claimed = true;
  m_next_poll = now;  // ask for the paper at once
  setState(PrinterState::Ready, "");
}

void UsbPrinter::Impl::closeHandle(bool give_back) {
  if (!m_handle) return;
  if (m_claimed) libusb_release_interface(m_handle.get(), m_itf.number);
  if (m_detached && give_back) libusb_attach_kernel_driver(m_handle.get(), m_itf.number);
  m_claimed = false;
  m_detached = false;
  m_handle.reset();
}

std::optional<escpos::Paper> UsbPrinter::Impl::askPaper() {
  if (!m_handle || !m_itf.in) return std::nullopt;
  std::uint8_t query[sizeof escpos::cmd::kPaperStatusQuery];
  std::copy(std::begin(escpos::cmd::kPaperStatusQuery), std::end(escpos::cmd::kPaperStatusQuery),
            query);
  int done = 0;
  int r = libusb_bulk_transfer(m_handle.get(), m_itf.out, query, sizeof query, &done,
                               timeoutMs(m_options.status_timeout));
  if (r == LIBUSB_ERROR_NO_DEVICE) {
    lost(m_label + " was unplugged");
    return std::nullopt;
  }
  if (r != 0) return std::nullopt;
  std::uint8_t answer[64];
  r = libusb_bulk_transfer(m_handle.get(), *m_itf.in, answer, sizeof answer, &done,
                           timeoutMs(m_options.status_timeout));
  if (r == LIBUSB_ERROR_NO_DEVICE) {
    lost(m_label + " was unplugged");
    return std::nullopt;
  }
  if (r != 0) return std::nullopt;
  // The last byte that is a status answer (earlier ones may be stale).
  std::optional<escpos::Paper> paper;
  for (int i = 0; i < done; ++i) {
    if (auto p = escpos::parsePaperStatus(answer[i])) paper = p;
  }
  if (paper) {
    std::lock_guard lock(m_mutex);
    m_status.paper_near_end = *paper == escpos::Paper::NearEnd;
  }
  return paper;
}

void UsbPrinter::Impl::pollPaper() {
  const auto paper = askPaper();
  if (!paper) return;
  if (*paper == escpos::Paper::Out) {
    setState(PrinterState::PaperOut, m_label + " is out of paper");
  } else if (status().state == PrinterState::PaperOut || status().state == PrinterState::Error) {
    setState(PrinterState::Ready, "");
  }
}

void UsbPrinter::Impl::printJob(const std::vector<std::uint8_t>& job) {
  setState(PrinterState::Printing, "");
  if (m_itf.in) {
    const auto paper = askPaper();
    if (!m_handle) return jobDone(false, PrinterState::Absent, m_label + " was unplugged");
    if (paper == escpos::Paper::Out) {
      return jobDone(false, PrinterState::PaperOut, m_label + " is out of paper");
    }
  }
  std::vector<std::uint8_t> chunk;
  for (std::size_t at = 0; at < job.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, job.size() - at);
    chunk.assign(job.begin() + static_cast<std::ptrdiff_t>(at),
                 job.begin() + static_cast<std::ptrdiff_t>(at + n));
    int done = 0;
    const int r = libusb_bulk_transfer(m_handle.get(), m_itf.out, chunk.data(),
                                       static_cast<int>(n), &done,
                                       timeoutMs(m_options.write_timeout));
    if (r == 0 && static_cast<std::size_t>(done) == n) continue;
    if (r == LIBUSB_ERROR_NO_DEVICE) {
      lost(m_label + " was unplugged while printing");
      return jobDone(false, PrinterState::Absent, m_label + " was unplugged while printing");
    }
    if (r == LIBUSB_ERROR_PIPE) libusb_clear_halt(m_handle.get(), m_itf.out);
    const std::string why = r == LIBUSB_ERROR_TIMEOUT
                                ? " stopped taking data (cover open or jammed?)"
                                : std::string(": ") + libusb_strerror(r) + " while printing";
    return jobDone(false, PrinterState::Error, m_label + why);
  }
  m_next_poll = Clock::now() + m_options.status_poll;
  jobDone(true, PrinterState::Ready, "");
}

// ---- UsbPrinter ----------------------------------------------------------------------------

UsbPrinter::UsbPrinter(PrinterConfig config, UsbPrinterOptions options)
    : m_impl(std::make_unique<Impl>(std::move(config), options)) {}
UsbPrinter::~UsbPrinter() { m_impl->stop(); }
rc::Status<std::string> UsbPrinter::start() { return m_impl->start(); }
void UsbPrinter::stop() noexcept { m_impl->stop(); }
bool UsbPrinter::print(std::vector<std::uint8_t> job) { return m_impl->print(std::move(job)); }
PrinterStatus UsbPrinter::status() const { return m_impl->status(); }

}  // namespace rc::drivers
