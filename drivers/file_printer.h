#pragma once
// A printer that writes each job's bytes to a file, DIR/0001.escpos, 0002.escpos …, so a kiosk
// without paper (headless, a test, a demo) shows what would have printed. Numbering goes on
// after the highest file already there; a job is written to a temporary name and renamed, so
// a file that exists is whole. Thread-safety: print() and status() from any thread.

#include <mutex>
#include <string>

#include "drivers/printer.h"

namespace rc::drivers {

class FilePrinter final : public Printer {
 public:
  // Makes the folder; an error when it cannot.
  static rc::Result<std::unique_ptr<FilePrinter>, std::string> open(const std::string& dir);

  // Writes the file before it returns (a local file of a few KiB).
  bool print(std::vector<std::uint8_t> job) override;
  PrinterStatus status() const override;

 private:
  FilePrinter(std::string dir, int next);

  const std::string m_dir;
  mutable std::mutex m_mutex;
  int m_next;
  PrinterStatus m_status;
};

}  // namespace rc::drivers
