#pragma once
// The kiosk's voice: takes utterances from the UI thread and never blocks a frame. A worker
// thread makes each one's sound — a village's recorded prompt (RECORDINGS/<zh|en>/<key>.wav)
// for a fixed phrase when there is one, else libespeak-ng (voice cmn for Chinese, en for
// English) — and queues it on an SDL audio device. A newer utterance replaces one still being
// made or played. Without an audio device it works and plays nothing. With an audio-out folder
// every utterance is also written as NNNN-<screen>.wav (16-bit mono PCM), none skipped.
// Ownership: owns the worker and the device. say() and the getters are thread-safe; construct
// and destroy on the thread that initialised SDL.

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "kiosk/app/speech.h"
#include "kiosk/platform/wav.h"

namespace rc::kiosk::platform {

// Synthesizes `text` in `lang`; returns false (with whatever it made) when `cancelled` turned
// true midway. The default is libespeak-ng; tests give their own.
using Synthesizer = std::function<bool(const std::string& text, Lang lang, Pcm& out,
                                       const std::atomic<bool>& cancelled)>;

struct VoiceOptions {
  bool playback = true;    // open an SDL audio device (false: headless)
  std::string audio_out;   // a folder for NNNN-<screen>.wav; empty: none
  std::string recordings;  // the folder of recorded prompts; empty: none
  Synthesizer synth;       // empty: libespeak-ng
};

class Voice {
 public:
  explicit Voice(VoiceOptions options);
  ~Voice();  // writes the audio-out files still waiting, then stops
  Voice(const Voice&) = delete;
  Voice& operator=(const Voice&) = delete;

  // Speaks `u` at `volume` (0..100; 0: only the audio-out file) for the screen `screen`.
  // Returns at once.
  void say(Utterance u, const std::string& screen, int volume);

  bool hasDevice() const noexcept { return m_device != 0; }
  // Utterances made so far (synthesized or recorded), and the audio-out files written.
  std::uint64_t made() const noexcept { return m_made.load(); }
  std::uint64_t written() const noexcept { return m_written.load(); }
  // The phrases taken from a recording so far.
  std::uint64_t recordedPhrases() const noexcept { return m_recorded.load(); }
  // Waits until every utterance said so far is made (and written); false after `timeout_ms`.
  bool waitIdle(int timeout_ms);

  static constexpr int kRate = 22050;
  static constexpr int kNice = 10;  // the synthesizing thread's niceness above the kiosk's

 private:
  struct Job {
    Utterance utterance;
    std::string file;  // audio-out path; empty: none
    int volume = 0;
  };
  void loop();
  Pcm make(const Job& job);

  VoiceOptions m_opt;
  bool m_audio_init = false;
  std::uint32_t m_device = 0;
  std::mutex m_mu;
  std::condition_variable m_cv;
  std::deque<Job> m_jobs;
  bool m_busy = false;
  bool m_stop = false;
  std::uint64_t m_next_file = 1;
  std::atomic<bool> m_cancel{false};
  std::atomic<std::uint64_t> m_made{0};
  std::atomic<std::uint64_t> m_written{0};
  std::atomic<std::uint64_t> m_recorded{0};
  std::thread m_thread;  // last: starts when everything above exists
};

// libespeak-ng, synchronous into a buffer at Voice::kRate. Process-wide (espeak-ng is one
// global engine): serialized under a lock, initialised on first use.
bool espeakSynthesize(const std::string& text, Lang lang, Pcm& out,
                      const std::atomic<bool>& cancelled);

}  // namespace rc::kiosk::platform
