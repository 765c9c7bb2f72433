#pragma once
// The thread shared by the transports that read a device node (evdev, serial): open the path
// (retrying with backoff while it is missing or refused), poll it, hand what arrives to a
// decoder, and treat a failing read as an unplug. What differs per transport is a small
// FdDevice strategy.

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "drivers/decoder.h"
#include "drivers/reader.h"
#include "drivers/reader_config.h"
#include "drivers/scan_assembler.h"
#include "drivers/unique_fd.h"

namespace rc::drivers {

struct FdOpenError {
  bool missing = false;  // the node is not there (unplugged): absent or gone, not a failure
  std::string detail;    // plain words for the status line
};

enum class FdReadOutcome { Ok, Gone };

// Called on the reader's thread only.
class FdDevice {
 public:
  virtual ~FdDevice() = default;
  // Opens and prepares the node (grab, line settings).
  virtual rc::Result<UniqueFd, FdOpenError> open(const std::string& path) = 0;
  // Reads what is available and feeds it to the decoder; Gone when the device went away.
  virtual FdReadOutcome read(int fd, Decoder& decoder, Clock::time_point now,
                             std::vector<RawScan>& out, std::uint64_t& reports) = 0;
  // Undoes what open did beyond opening (the grab); the fd is closed by its owner.
  virtual void release(int fd) noexcept = 0;
  // A warning from the last successful open, e.g. "not grabbed"; empty when none.
  virtual std::string openWarning() const { return {}; }
};

class FdReader final : public Reader {
 public:
  FdReader(ReaderConfig config, ScanSink& sink, ReaderKind kind, ReportFormat format,
           std::unique_ptr<FdDevice> device);
  ~FdReader() override;
  FdReader(const FdReader&) = delete;
  FdReader& operator=(const FdReader&) = delete;

  rc::Status<ReaderError> start() override;
  void stop() noexcept override;
  ReaderStatus status() const override;

 private:
  void run();
  void tryOpen(Clock::time_point now);
  void close(Clock::time_point now, bool gone);
  void deliver();
  template <class F>
  void updateStatus(F&& change);

  const ReaderConfig m_config;
  ScanSink& m_sink;
  const ScanSource m_source;
  const ReportFormat m_format;
  std::unique_ptr<FdDevice> m_device;
  std::thread m_thread;
  std::atomic<bool> m_stop{false};
  WakeFd m_wake;

  mutable std::mutex m_status_mutex;
  ReaderStatus m_status;

  // Reader thread only.
  DeviceMachine m_machine;
  UniqueFd m_fd;
  std::unique_ptr<Decoder> m_decoder;
  std::vector<RawScan> m_scans;
  Clock::time_point m_next_probe{};
};

}  // namespace rc::drivers
