#include "kiosk/platform/voice.h"

#include <SDL.h>
#include <espeak-ng/speak_lib.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

namespace rc::kiosk::platform {
namespace {

// A short pause between phrases, as a person breathes between sentences.
constexpr int kGapMs = 250;

struct EspeakCall {
  Pcm* out = nullptr;
  const std::atomic<bool>* cancelled = nullptr;
};

int onSynth(short* wav, int count, espeak_EVENT* events) {
  auto* call = events ? static_cast<EspeakCall*>(events->user_data) : nullptr;
  if (!call) return 0;
  if (wav && count > 0) call->out->samples.insert(call->out->samples.end(), wav, wav + count);
  return call->cancelled->load() ? 1 : 0;  // 1: stop synthesis
}

std::mutex& espeakMutex() {
  static std::mutex mu;
  return mu;
}

// The folder-safe form of a screen name ("error:unknown-card+idle" -> "error-unknown-card-idle").
std::string fileSafe(const std::string& screen) {
  std::string out;
  for (char c : screen) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    out += ok ? c : '-';
  }
  return out.empty() ? "screen" : out;
}

}  // namespace

bool espeakSynthesize(const std::string& text, Lang lang, Pcm& out,
                      const std::atomic<bool>& cancelled) {
  std::lock_guard lock(espeakMutex());
  static int rate = -1;
  static Lang voice_lang = Lang::Zh;
  static bool voice_set = false;
  if (rate < 0) {
    rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, 0, nullptr, 0);
    if (rate <= 0) {
      std::cerr << "rc-kiosk: voice: espeak-ng did not start (espeak-ng-data missing?)\n";
      rate = 0;
    } else {
      espeak_SetSynthCallback(onSynth);
    }
  }
  if (rate == 0) return false;
  if (!voice_set || voice_lang != lang) {
    if (espeak_SetVoiceByName(lang == Lang::Zh ? "cmn" : "en") != EE_OK) return false;
    voice_lang = lang;
    voice_set = true;
  }
  Pcm made;
  made.rate = rate;
  EspeakCall call{&made, &cancelled};
  const auto r = espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0,
                              espeakCHARS_UTF8, nullptr, &call);
  out = resample(made, Voice::kRate);
  return r == EE_OK && !cancelled.load();
}

Voice::Voice(VoiceOptions options) : m_opt(std::move(options)) {
  if (!m_opt.synth) m_opt.synth = espeakSynthesize;
  if (!m_opt.audio_out.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(m_opt.audio_out, ec);
  }
  if (m_opt.playback) {
    m_audio_init = SDL_InitSubSystem(SDL_INIT_AUDIO) == 0;
    if (m_audio_init) {
      SDL_AudioSpec want{};
      SDL_AudioSpec have{};
      want.freq = kRate;
      want.format = AUDIO_S16SYS;
      want.channels = 1;
      want.samples = 2048;
      m_device = SDL_OpenAudioDevice(nullptr, 0, &want, &have, 0);
      if (m_device != 0) SDL_PauseAudioDevice(m_device, 0);
    }
    if (m_device == 0) {
      // A kiosk without a sound card works and says nothing.
      std::cerr << "rc-kiosk: voice: no audio device (" << SDL_GetError() << "); the kiosk stays silent\n";
    }
  }
  m_thread = std::thread([this] { loop(); });
}

Voice::~Voice() {
  {
    std::lock_guard lock(m_mu);
    m_stop = true;
    // Nothing more is played: the one being made stops, unless its file is still wanted.
    if (m_opt.audio_out.empty()) m_cancel = true;
  }
  m_cv.notify_all();
  m_thread.join();
  if (m_device != 0) SDL_CloseAudioDevice(m_device);
  if (m_audio_init) SDL_QuitSubSystem(SDL_INIT_AUDIO);
}

void Voice::say(Utterance u, const std::string& screen, int volume) {
  if (u.empty()) return;
  // Nobody would hear it and no file wants it (a kiosk without a sound card, or at volume 0):
  // its synthesis would only take the processor from the frames.
  const bool unheard = m_opt.playback && (m_device == 0 || volume <= 0);
  if (unheard && m_opt.audio_out.empty()) return;
  std::lock_guard lock(m_mu);
  Job job{std::move(u), {}, std::clamp(volume, 0, 100)};
  if (!m_opt.audio_out.empty()) {
    char num[16];
    std::snprintf(num, sizeof num, "%04llu", static_cast<unsigned long long>(m_next_file++));
    job.file = (std::filesystem::path(m_opt.audio_out) / (std::string(num) + "-" + fileSafe(screen) + ".wav")).string();
  } else {
    // Nobody needs the older ones: the newest replaces them, and the one being made stops.
    m_jobs.clear();
    if (m_busy) m_cancel = true;
  }
  m_jobs.push_back(std::move(job));
  m_cv.notify_all();
}

bool Voice::waitIdle(int timeout_ms) {
  std::unique_lock lock(m_mu);
  return m_cv.wait_for(lock, std::chrono::milliseconds(timeout_ms),
                       [&] { return m_jobs.empty() && !m_busy; });
}

Pcm Voice::make(const Job& job) {
  Pcm all;
  all.rate = kRate;
  const Lang lang = job.utterance.lang;
  const std::string dir = lang == Lang::Zh ? "zh" : "en";
  for (const auto& phrase : job.utterance.phrases) {
    if (m_cancel) break;
    std::optional<Pcm> part;
    if (!phrase.key.empty() && !m_opt.recordings.empty()) {
      const auto path = std::filesystem::path(m_opt.recordings) / dir / (phrase.key + ".wav");
      std::error_code ec;
      if (std::filesystem::exists(path, ec)) {
        part = readWav(path.string());
        if (part) {
          part = resample(*part, kRate);
          ++m_recorded;
        } else {
          std::cerr << "rc-kiosk: voice: " << path.string() << " is not 16-bit PCM WAV; synthesized instead\n";
        }
      }
    }
    if (!part) {
      Pcm made;
      m_opt.synth(phrase.text, lang, made, m_cancel);
      part = resample(made, kRate);
    }
    all.samples.insert(all.samples.end(), part->samples.begin(), part->samples.end());
    all.samples.insert(all.samples.end(), static_cast<std::size_t>(kRate * kGapMs / 1000), 0);
  }
  return all;
}

void Voice::loop() {
  // Below the frames: on a two-core kiosk the synthesizer yields to drawing, and the speech,
  // which lasts seconds, starts a few milliseconds later instead. Named for `top` and the tests.
  pthread_setname_np(pthread_self(), "rc-voice");
  const auto tid = static_cast<id_t>(::gettid());
  ::setpriority(PRIO_PROCESS, tid, std::min(19, ::getpriority(PRIO_PROCESS, tid) + kNice));
  for (;;) {
    Job job;
    {
      std::unique_lock lock(m_mu);
      m_cv.wait(lock, [&] { return m_stop || !m_jobs.empty(); });
      // Stopping: the audio-out files still waiting are written; nothing more is played.
      if (m_jobs.empty() || (m_stop && m_opt.audio_out.empty())) return;
      job = std::move(m_jobs.front());
      m_jobs.pop_front();
      m_busy = true;
      m_cancel = false;
    }
    Pcm pcm = make(job);
    const bool cancelled = m_cancel.load();
    if (!cancelled) {
      ++m_made;
      if (!job.file.empty()) {
        if (auto w = writeWav(job.file, pcm); w) {
          ++m_written;
        } else {
          std::cerr << "rc-kiosk: voice: " << w.error() << "\n";
        }
      }
      if (m_device != 0 && job.volume > 0) {
        for (auto& s : pcm.samples) s = static_cast<std::int16_t>(s * job.volume / 100);
        SDL_ClearQueuedAudio(m_device);  // a newer utterance replaces one still playing
        SDL_QueueAudio(m_device, pcm.samples.data(),
                       static_cast<Uint32>(pcm.samples.size() * sizeof(std::int16_t)));
      }
    }
    {
      std::lock_guard lock(m_mu);
      m_busy = false;
    }
    m_cv.notify_all();
  }
}

}  // namespace rc::kiosk::platform
