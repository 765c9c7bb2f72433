#include "kiosk/platform/wav.h"

#include <cstring>
#include <filesystem>
#include <fstream>

namespace rc::kiosk::platform {
namespace {

void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out += static_cast<char>((v >> (8 * i)) & 0xFF);
}
void put16(std::string& out, std::uint16_t v) {
  out += static_cast<char>(v & 0xFF);
  out += static_cast<char>(v >> 8);
}
std::uint32_t get32(std::string_view b, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) {
    v = (v << 8) | static_cast<std::uint8_t>(b[at + static_cast<std::size_t>(i)]);
  }
  return v;
}
std::uint16_t get16(std::string_view b, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<std::uint8_t>(b[at]) |
                                    (static_cast<std::uint8_t>(b[at + 1]) << 8));
}

}  // namespace

std::string encodeWav(const Pcm& pcm) {
  const auto data = static_cast<std::uint32_t>(pcm.samples.size() * 2);
  std::string out;
  out.reserve(44 + data);
  out += "RIFF";
  put32(out, 36 + data);
  out += "WAVEfmt ";
  put32(out, 16);
  put16(out, 1);  // PCM
  put16(out, 1);  // mono
  put32(out, static_cast<std::uint32_t>(pcm.rate));
  put32(out, static_cast<std::uint32_t>(pcm.rate) * 2);
  put16(out, 2);
  put16(out, 16);
  out += "data";
  put32(out, data);
  for (const std::int16_t s : pcm.samples) put16(out, static_cast<std::uint16_t>(s));
  return out;
}

std::optional<Pcm> decodeWav(std::string_view b) {
  if (b.size() < 12 || b.size() > kMaxWavBytes || b.substr(0, 4) != "RIFF" ||
      b.substr(8, 4) != "WAVE") {
    return std::nullopt;
  }
  int channels = 0;
  int rate = 0;
  std::size_t at = 12;
  while (at + 8 <= b.size()) {
    const std::string_view id = b.substr(at, 4);
    const std::uint32_t len = get32(b, at + 4);
    const std::size_t body = at + 8;
    if (len > b.size() - body) return std::nullopt;
    if (id == "fmt ") {
      if (len < 16 || get16(b, body) != 1 || get16(b, body + 14) != 16) return std::nullopt;
      channels = get16(b, body + 2);
      rate = static_cast<int>(get32(b, body + 4));
      if (channels < 1 || channels > 2 || rate < 8000 || rate > 48000) return std::nullopt;
    } else if (id == "data") {
      if (channels == 0) return std::nullopt;
      Pcm pcm;
      pcm.rate = rate;
      const std::size_t frames = len / (2 * static_cast<std::size_t>(channels));
      pcm.samples.reserve(frames);
      for (std::size_t f = 0; f < frames; ++f) {
        int sum = 0;
        for (int c = 0; c < channels; ++c) {
          sum += static_cast<std::int16_t>(get16(b, body + (f * static_cast<std::size_t>(channels) + static_cast<std::size_t>(c)) * 2));
        }
        pcm.samples.push_back(static_cast<std::int16_t>(sum / channels));
      }
      return pcm;
    }
    at = body + len + (len & 1);
  }
  return std::nullopt;
}

Pcm resample(const Pcm& pcm, int rate) {
  if (pcm.rate == rate || pcm.samples.empty() || rate <= 0) return pcm;
  Pcm out;
  out.rate = rate;
  const double step = static_cast<double>(pcm.rate) / rate;
  const auto n = static_cast<std::size_t>(static_cast<double>(pcm.samples.size()) / step);
  out.samples.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    const double pos = static_cast<double>(i) * step;
    const auto j = static_cast<std::size_t>(pos);
    const double frac = pos - static_cast<double>(j);
    const double a = pcm.samples[j];
    const double c = j + 1 < pcm.samples.size() ? pcm.samples[j + 1] : a;
    out.samples.push_back(static_cast<std::int16_t>(a + (c - a) * frac));
  }
  return out;
}

rc::Status<std::string> writeWav(const std::string& path, const Pcm& pcm) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary);
    const std::string bytes = encodeWav(pcm);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) return rc::err("cannot write " + tmp);
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);
  if (ec) return rc::err("cannot rename " + tmp + ": " + ec.message());
  return rc::Ok{};
}

std::optional<Pcm> readWav(const std::string& path) {
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxWavBytes) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string bytes(static_cast<std::size_t>(size), '\0');
  in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  if (in.gcount() != static_cast<std::streamsize>(bytes.size())) return std::nullopt;
  return decodeWav(bytes);
}

}  // namespace rc::kiosk::platform
