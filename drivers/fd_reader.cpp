#include "drivers/fd_reader.h"

#include <poll.h>
#include <unistd.h>

#include <algorithm>

namespace rc::drivers {
namespace {

// How often a missing node is looked for: there is no hotplug here, and a stat every quarter
// second is nothing.
constexpr auto kProbeInterval = std::chrono::milliseconds(250);
constexpr auto kMaxWait = std::chrono::milliseconds(250);

}  // namespace

FdReader::FdReader(ReaderConfig config, ScanSink& sink, ReaderKind kind, ReportFormat format,
                   std::unique_ptr<FdDevice> device)
    : m_config(std::move(config)),
      m_sink(sink),
      m_source{kind, m_config.path, m_config.role},
      m_format(format),
      m_device(std::move(device)),
      m_machine(m_config.retry) {
  m_status.device = m_config.path;
}

FdReader::~FdReader() { stop(); }

template <class F>
void FdReader::updateStatus(F&& change) {
  std::lock_guard lock(m_status_mutex);
  change(m_status);
  m_status.state = m_machine.state();
  m_status.since = m_machine.since();
  m_status.open_failures = m_machine.failures();
}

rc::Status<ReaderError> FdReader::start() {
  if (m_thread.joinable()) return rc::err(ReaderError{ReaderErrc::AlreadyStarted, "already started"});
  if (!m_wake.valid()) return rc::err(ReaderError{ReaderErrc::Unavailable, "no eventfd"});
  if (m_config.path.empty()) {
    return rc::err(ReaderError{ReaderErrc::BadInput, "no device path given for the reader"});
  }
  m_stop = false;
  m_thread = std::thread([this] { run(); });
  return rc::Ok{};
}

void FdReader::stop() noexcept {
  if (!m_thread.joinable()) return;
  m_stop = true;
  m_wake.signal();
  m_thread.join();
}

ReaderStatus FdReader::status() const {
  std::lock_guard lock(m_status_mutex);
  return m_status;
}

void FdReader::tryOpen(Clock::time_point now) {
  auto opened = m_device->open(m_config.path);
  if (!opened) {
    const FdOpenError& e = opened.error();
    if (e.missing) {
      m_machine.on(DeviceEvent::Left, now);  // Absent stays Absent; anything else is Gone
    } else {
      m_machine.on(DeviceEvent::OpenFailed, now);
    }
    updateStatus([&](ReaderStatus& s) { s.detail = e.detail; });
    return;
  }
  m_fd = std::move(opened.value());
  m_decoder = makeDecoder(m_format, m_config.decoder);
  m_machine.on(DeviceEvent::Opened, now);
  updateStatus([&](ReaderStatus& s) { s.detail = m_device->openWarning(); });
}

void FdReader::close(Clock::time_point now, bool gone) {
  if (!m_fd.valid()) return;
  m_device->release(m_fd.get());
  m_fd.reset();
  const std::uint64_t ignored = m_decoder ? m_decoder->ignoredReports() : 0;
  m_decoder.reset();
  if (gone) m_machine.on(DeviceEvent::Left, now);
  updateStatus([&](ReaderStatus& s) {
    s.ignored_reports += ignored;
    if (gone) s.detail = m_config.path + " went away";
  });
}

void FdReader::deliver() {
  if (m_scans.empty()) return;
  for (const auto& scan : m_scans) m_sink.submit(m_source, scan);
  const auto n = m_scans.size();
  m_scans.clear();
  updateStatus([&](ReaderStatus& s) { s.scans += n; });
}

void FdReader::run() {
  while (!m_stop) {
    auto now = Clock::now();
    if (!m_fd.valid()) {
      const auto state = m_machine.state();
      if ((state == DeviceState::Absent || state == DeviceState::Gone) && now >= m_next_probe) {
        m_next_probe = now + kProbeInterval;
        if (::access(m_config.path.c_str(), F_OK) == 0) m_machine.on(DeviceEvent::Arrived, now);
      }
      if (m_machine.openDue(now)) tryOpen(now);
    }

    auto wake = now + kMaxWait;
    if (const auto d = m_machine.deadline()) wake = std::min(wake, *d);
    if (m_decoder) {
      if (const auto d = m_decoder->deadline()) wake = std::min(wake, *d);
    }
    if (!m_fd.valid()) wake = std::min(wake, m_next_probe);
    const auto wait_ms = std::max<long long>(
        0, std::chrono::ceil<std::chrono::milliseconds>(wake - Clock::now()).count());

    pollfd fds[2] = {{m_wake.get(), POLLIN, 0}, {m_fd.get(), POLLIN, 0}};
    const nfds_t n = m_fd.valid() ? 2 : 1;
    const int ready = ::poll(fds, n, static_cast<int>(wait_ms));
    if (ready < 0 && errno != EINTR) break;
    if ((fds[0].revents & POLLIN) != 0) m_wake.clear();
    now = Clock::now();
    if (m_fd.valid() && n == 2 && fds[1].revents != 0) {
      std::uint64_t reports = 0;
      const auto outcome = m_device->read(m_fd.get(), *m_decoder, now, m_scans, reports);
      if (reports > 0) {
        updateStatus([&](ReaderStatus& s) { s.reports += reports; });
      }
      deliver();
      if (outcome == FdReadOutcome::Gone) close(now, true);
    }
    if (m_decoder) m_decoder->poll(Clock::now(), m_scans);
    deliver();
  }
  close(Clock::now(), false);
  m_machine.on(DeviceEvent::Stop, Clock::now());
  updateStatus([](ReaderStatus&) {});
}

}  // namespace rc::drivers
