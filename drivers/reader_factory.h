#pragma once
// Builds the reader the config (or RC_READER) asks for.

#include <memory>

#include "drivers/reader.h"
#include "drivers/reader_config.h"
#include "drivers/scan_assembler.h"

namespace rc::drivers {

// A replay file that cannot be read or parsed is a BadInput error naming the line. The sink
// must outlive the reader.
rc::Result<std::unique_ptr<Reader>, ReaderError> makeReader(const ReaderConfig& config,
                                                            ScanSink& sink);

}  // namespace rc::drivers
