#include "drivers/reader_factory.h"

#include <fstream>
#include <sstream>

#include "drivers/evdev_reader.h"
#include "drivers/fake_reader.h"
#include "drivers/serial_reader.h"
#include "drivers/usb_reader.h"

namespace rc::drivers {

rc::Result<std::unique_ptr<Reader>, ReaderError> makeReader(const ReaderConfig& config,
                                                            ScanSink& sink) {
  switch (config.reader) {
    case ReaderKind::Usb:
      return std::unique_ptr<Reader>(std::make_unique<UsbReader>(config, sink));
    case ReaderKind::Evdev:
      return makeEvdevReader(config, sink);
    case ReaderKind::Serial:
      return makeSerialReader(config, sink);
    case ReaderKind::Fake:
      return std::unique_ptr<Reader>(std::make_unique<FakeReader>(config, sink));
    case ReaderKind::Replay:
      break;
  }
  std::ifstream in(config.path, std::ios::binary);
  if (!in) {
    return rc::err(ReaderError{ReaderErrc::BadInput, "cannot read replay file " + config.path});
  }
  std::stringstream text;
  text << in.rdbuf();
  auto script = parseReplay(text.str());
  if (!script) {
    return rc::err(ReaderError{ReaderErrc::BadInput,
                               config.path + ":" + std::to_string(script.error().line) + ": " +
                                   script.error().message});
  }
  return std::unique_ptr<Reader>(
      std::make_unique<ReplayReader>(config, sink, std::move(script.value())));
}

}  // namespace rc::drivers
