#pragma once
// The serial transport, for scanners in CDC ACM mode (/dev/ttyACM*): the port is set raw at the
// configured speed and held exclusively; lines are decoded by the SerialLineDecoder.

#include <memory>

#include "drivers/reader.h"
#include "drivers/reader_config.h"
#include "drivers/scan_assembler.h"

namespace rc::drivers {

// Reads config.path; uses config.role, decoder, retry and serial_baud.
std::unique_ptr<Reader> makeSerialReader(ReaderConfig config, ScanSink& sink);

}  // namespace rc::drivers
