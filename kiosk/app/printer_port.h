#pragma once
// Where the controller sends what it prints: the receipt printer as the kiosk holds it. The
// port is the drivers' printer interface (drivers/printer.h): print(bytes) hands a job over and
// returns at once, status() says Absent / Ready / Printing / PaperOut / Error. rc-kiosk makes
// the USB printer (`printer = usb` in readers.conf), the file sink (`--printer-out DIR`) or
// none (drivers::makePrinter); tests give the controller their own.

#include "drivers/printer.h"
#include "kiosk/app/state.h"

namespace rc::kiosk {

using PrinterPort = drivers::Printer;

// The status bar's view of a printer's status (Printing shows as Ready).
constexpr PrinterLight printerLight(drivers::PrinterState s) noexcept {
  switch (s) {
    case drivers::PrinterState::Ready:
    case drivers::PrinterState::Printing: return PrinterLight::Ready;
    case drivers::PrinterState::PaperOut: return PrinterLight::PaperOut;
    case drivers::PrinterState::Absent: return PrinterLight::Absent;
    case drivers::PrinterState::Error: return PrinterLight::Fault;
  }
  return PrinterLight::Fault;
}

}  // namespace rc::kiosk
