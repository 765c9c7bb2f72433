#pragma once
// A receipt printer as its users see it: jobs of ESC/POS bytes in (drivers/escpos.h makes
// them), a status out. The USB printer (usb_printer.h) and the file sink (file_printer.h)
// implement it; the kiosk holds one through this interface.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "drivers/reader_config.h"

namespace rc::drivers {

enum class PrinterState {
  Absent,    // no allow-listed printer plugged in (or it was unplugged)
  Ready,     // plugged in, idle, paper in
  Printing,  // a job is being sent
  PaperOut,  // the printer answered DLE EOT 4 with "paper end"
  Error,     // it stopped taking data (cover open, jammed) or the job failed otherwise
};

constexpr std::string_view toString(PrinterState s) noexcept {
  switch (s) {
    case PrinterState::Absent: return "absent";
    case PrinterState::Ready: return "ready";
    case PrinterState::Printing: return "printing";
    case PrinterState::PaperOut: return "paper-out";
    case PrinterState::Error: return "error";
  }
  return "?";
}

struct PrinterStatus {
  PrinterState state = PrinterState::Absent;
  std::string device;  // "0416:5011 at 1-2", or the sink's folder
  std::string detail;  // why it is not Ready, in a line for the log
  bool paper_near_end = false;
  std::uint64_t printed = 0;  // jobs sent whole
  std::uint64_t failed = 0;   // jobs dropped: no printer, paper out, unplugged, queue full
  std::size_t queued = 0;     // jobs waiting, the one printing included
};

class Printer {
 public:
  virtual ~Printer() = default;
  // Hands one job over and returns at once; false when it was refused there and then (the
  // queue is full). A job that later cannot print counts in status().failed.
  virtual bool print(std::vector<std::uint8_t> job) = 0;
  virtual PrinterStatus status() const = 0;
};

// The printer the config names: the USB printer (started) for `printer = usb`, or, when
// `out_dir` is not empty, the file sink writing each job to out_dir/NNNN.escpos whatever the
// config says. nullptr for `printer = none` and no out_dir. An error when libusb cannot start
// or the folder cannot be made.
rc::Result<std::unique_ptr<Printer>, std::string> makePrinter(const PrinterConfig& config,
                                                              const std::string& out_dir);

}  // namespace rc::drivers
