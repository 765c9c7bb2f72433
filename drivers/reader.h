#pragma once
// The one interface the kiosk and rc-reader use for every kind of reader (USB, evdev, serial,
// fake, replay). A reader owns its thread; it hands raw scans to a ScanSink, which classifies
// them and queues ScanEvents for the consumer.

#include <string>

#include "core/result.h"
#include "drivers/device_state.h"

namespace rc::drivers {

enum class ReaderErrc {
  Unavailable,     // the system cannot provide the transport (libusb failed to start)
  BadInput,        // a file or path that cannot be used (replay file unreadable or malformed)
  AlreadyStarted,
};

struct ReaderError {
  ReaderErrc code = ReaderErrc::Unavailable;
  std::string message;  // plain words, for the installer
};

// Implementations are thread-safe for status() against their own thread; start() and stop()
// are called from one owning thread. A device that is absent, unplugged or refused is not an
// error of start(): it is a status, and the reader keeps trying.
class Reader {
 public:
  virtual ~Reader() = default;
  virtual rc::Status<ReaderError> start() = 0;
  // Stops the thread and releases the device; safe to call twice. Destructors call it.
  virtual void stop() noexcept = 0;
  virtual ReaderStatus status() const = 0;
};

}  // namespace rc::drivers
