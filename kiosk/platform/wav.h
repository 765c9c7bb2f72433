#pragma once
// WAV files of 16-bit PCM: our own small writer (the --audio-out files) and a reader for the
// village's recorded prompts (assets/voice/), capped and checked. Pure functions plus file
// helpers; thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace rc::kiosk::platform {

struct Pcm {
  int rate = 22050;                 // samples per second
  std::vector<std::int16_t> samples;  // mono
};

// A recorded prompt may be at most this long (about 4 minutes at 44.1 kHz mono).
inline constexpr std::size_t kMaxWavBytes = std::size_t{20} << 20;

// A RIFF/WAVE file of 16-bit mono PCM.
std::string encodeWav(const Pcm& pcm);
// Parses 16-bit PCM, mono or stereo (mixed to mono), 8 to 48 kHz; nullopt for anything else
// (another encoding, a truncated or oversized file).
std::optional<Pcm> decodeWav(std::string_view bytes);
// `pcm` at `rate` (linear interpolation).
Pcm resample(const Pcm& pcm, int rate);

rc::Status<std::string> writeWav(const std::string& path, const Pcm& pcm);
std::optional<Pcm> readWav(const std::string& path);

}  // namespace rc::kiosk::platform
