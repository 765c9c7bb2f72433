#include "office/config.h"

#include <fstream>
#include <iterator>
#include <stdexcept>

namespace rc::office {

core::Settings loadSettingsFile(const std::string& path) {
  constexpr std::size_t kMaxConfigBytes = 64 * 1024;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read the config file " + path);
  std::string text;
  text.resize(kMaxConfigBytes + 1);
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > kMaxConfigBytes) {
    throw std::runtime_error("the config file " + path + " is larger than 64 KiB");
  }
  auto parsed = core::parseSettings(text);
  if (!parsed) {
    const auto& e = parsed.error();
    throw std::runtime_error("config " + path + (e.line > 0 ? " line " + std::to_string(e.line) : "") +
                             ": " + e.message);
  }
  return std::move(parsed).value();
}

}  // namespace rc::office
