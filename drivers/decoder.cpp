#include "drivers/decoder.h"

#include "drivers/hid_pos_decoder.h"
#include "drivers/keyboard_decoder.h"
#include "drivers/serial_line_decoder.h"

namespace rc::drivers {

std::unique_ptr<Decoder> makeDecoder(ReportFormat format, const DecoderPolicy& policy) {
  switch (format) {
    case ReportFormat::HidPos: return std::make_unique<HidPosDecoder>(policy);
    case ReportFormat::Serial: return std::make_unique<SerialLineDecoder>(policy);
    case ReportFormat::Auto:  // resolved by the USB transport; a keyboard is the common case
    case ReportFormat::Keyboard: break;
  }
  return std::make_unique<KeyboardDecoder>(policy);
}

}  // namespace rc::drivers
