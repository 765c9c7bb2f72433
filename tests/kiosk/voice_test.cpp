// The kiosk's voice (kiosk/app/speech.h, kiosk/platform/voice.h, kiosk/platform/wav.h): what a
// screen says in each language, that synthesis never runs on the caller's thread, that a newer
// utterance replaces one being made, that a recorded prompt replaces synthesis, that a kiosk
// without an audio device works, libespeak-ng itself, the WAV files, and the voice policy.
#include <gtest/gtest.h>
#include <pthread.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <numbers>
#include <thread>

#include "core/settings.h"
#include "kiosk/app/speech.h"
#include "kiosk/kiosk_app.h"
#include "kiosk/platform/voice.h"
#include "kiosk/platform/wav.h"
#include "kiosk_fixture.h"

namespace rc::kiosk {
namespace {

using platform::Pcm;
using platform::Voice;
using platform::VoiceOptions;

double rms(const Pcm& p) {
  double e = 0;
  for (const auto v : p.samples) e += static_cast<double>(v) * v;
  return std::sqrt(e / std::max<std::size_t>(p.samples.size(), 1));
}

bool hasHan(const std::string& t) {
  for (const char c : t) {
    const auto b = static_cast<unsigned char>(c);
    if (b >= 0xE4 && b <= 0xE9) return true;
  }
  return false;
}

// A tone of `ms` at 440 Hz: a stand-in for synthesis or a village's recording.
Pcm tone(int ms, int rate = Voice::kRate, int amplitude = 8000) {
  Pcm p;
  p.rate = rate;
  for (int i = 0; i < rate * ms / 1000; ++i) {
    p.samples.push_back(static_cast<std::int16_t>(amplitude * std::sin(i * 2 * std::numbers::pi * 440 / rate)));
  }
  return p;
}

Utterance utterance(Lang lang, std::vector<Phrase> phrases) {
  Utterance u;
  u.lang = lang;
  u.phrases = std::move(phrases);
  return u;
}

TEST(Speech, TheSupermarketSaysWhatATapAddedAndTheTotal) {
  AppState s;
  s.screen = ScreenId::Supermarket;
  core::Product towel;
  towel.sku = "TOWEL";
  towel.name = "毛巾";
  towel.price_points = 10;
  s.products = {towel};
  s.cart.add("TOWEL");
  s.notice = "已加入：毛巾";
  const Utterance u = spokenFor(s, core::Settings{});
  EXPECT_EQ(u.text(), "已加入：毛巾，合计 10 积分。");
  EXPECT_EQ(u.lang, Lang::Zh);
  s.lang = Lang::En;
  s.notice = "Added: 毛巾";
  EXPECT_EQ(spokenFor(s, core::Settings{}).text(), "Added: 毛巾, Total 10 points.");
}

TEST(Speech, FixedPhrasesCarryTheirKeyAndEnglishSpeaksEnglish) {
  AppState s;
  s.screen = ScreenId::Error;
  s.error = ErrorInfo{ErrorKind::UnknownCard};
  Utterance u = spokenFor(s, core::Settings{});
  ASSERT_EQ(u.phrases.size(), 3u);
  EXPECT_EQ(u.phrases[0].key, "ErrUnknownCardTitle");
  EXPECT_EQ(u.phrases[2].key, "ErrUnknownCardNext");
  EXPECT_TRUE(hasHan(u.text()));
  s.lang = Lang::En;
  u = spokenFor(s, core::Settings{});
  EXPECT_EQ(u.lang, Lang::En);
  EXPECT_FALSE(hasHan(u.text())) << u.text();
  EXPECT_NE(u.text().find("Card not registered"), std::string::npos);
  // A phrase with values has no key: a recording could not say the name.
  s.lang = Lang::Zh;
  s.screen = ScreenId::Home;
  s.villager = VillagerCard{};
  s.villager->name = "刘桂兰";
  s.villager->points = 42;
  u = spokenFor(s, core::Settings{});
  EXPECT_EQ(u.phrases[0].text, "刘桂兰，您好");
  EXPECT_TRUE(u.phrases[0].key.empty());
  EXPECT_NE(u.text().find("可兑换积分 42"), std::string::npos);
}

TEST(Speech, AHouseholdsShortfallIsSaidLineByLine) {
  AppState s;
  s.screen = ScreenId::Error;
  s.error = ErrorInfo{ErrorKind::MachineryNotEligible};
  s.error->shortfall = {{1, "姜铭祺", 998, 7}, {2, "姜淑珍", 1000, 5}};
  const Utterance u = spokenFor(s, core::Settings{});
  EXPECT_EQ(u.text().find('\n'), std::string::npos);
  EXPECT_NE(u.text().find("全家每个人的信用分都达到 1005 分。姜铭祺：998 分，还差 7 分。姜淑珍：1000 分，还差 5 分。"),
            std::string::npos)
      << u.text();
}

TEST(Voice, SynthesisRunsOnTheWorkerAndSayNeverWaitsForIt) {
  rc::test::TempDir dir;
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  bool started = false;
  std::thread::id synth_thread;
  VoiceOptions o;
  o.playback = false;
  o.audio_out = dir.file("out");
  o.synth = [&](const std::string&, Lang, Pcm& out, const std::atomic<bool>&) {
    std::unique_lock lock(mu);
    synth_thread = std::this_thread::get_id();
    started = true;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    out = tone(200);
    return true;
  };
  Voice v(o);
  const auto t0 = std::chrono::steady_clock::now();
  v.say(utterance(Lang::Zh, {{"请刷卡", ""}}), "attract", 80);
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return started; }));
  }
  // The synthesizer is busy: a second utterance is taken at once all the same.
  v.say(utterance(Lang::Zh, {{"您好", ""}}), "home", 80);
  EXPECT_LT(std::chrono::steady_clock::now() - t0, std::chrono::milliseconds(500));
  EXPECT_NE(synth_thread, std::this_thread::get_id());
  EXPECT_EQ(v.made(), 0u);
  {
    std::lock_guard lock(mu);
    release = true;
  }
  cv.notify_all();
  ASSERT_TRUE(v.waitIdle(10'000));
  EXPECT_EQ(v.written(), 2u);  // audio-out keeps every utterance, in order
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/0001-attract.wav")));
  const auto second = platform::readWav(dir.file("out/0002-home.wav"));
  ASSERT_TRUE(second);
  EXPECT_GT(rms(*second), 1000);
}

TEST(Voice, ANewerUtteranceReplacesOneBeingMade) {
  std::atomic<int> calls{0};
  std::atomic<int> cancelled{0};
  VoiceOptions o;
  o.playback = false;  // no audio-out: only the newest matters
  o.synth = [&](const std::string& text, Lang, Pcm& out, const std::atomic<bool>& stop) {
    ++calls;
    if (text == "first") {
      const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
      while (!stop.load() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      }
      if (stop.load()) ++cancelled;
      return false;
    }
    out = tone(100);
    return true;
  };
  Voice v(o);
  v.say(utterance(Lang::Zh, {{"first", ""}}), "attract", 80);
  while (calls.load() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  v.say(utterance(Lang::Zh, {{"second", ""}}), "home", 80);
  ASSERT_TRUE(v.waitIdle(10'000));
  EXPECT_EQ(cancelled.load(), 1);
  EXPECT_EQ(v.made(), 1u);  // the first was dropped unfinished
}

TEST(Voice, ARecordedPromptIsUsedInsteadOfSynthesis) {
  rc::test::TempDir dir;
  std::filesystem::create_directories(dir.file("rec/zh"));
  const Pcm recorded = tone(300, 44100, 12000);  // another rate: resampled to the voice's
  ASSERT_TRUE(platform::writeWav(dir.file("rec/zh/ScanPrompt.wav"), recorded));
  std::vector<std::string> synthesized;
  VoiceOptions o;
  o.playback = false;
  o.audio_out = dir.file("out");
  o.recordings = dir.file("rec");
  o.synth = [&](const std::string& text, Lang, Pcm& out, const std::atomic<bool>&) {
    synthesized.push_back(text);
    out = tone(100, Voice::kRate, 3000);
    return true;
  };
  {
    Voice v(o);
    v.say(utterance(Lang::Zh, {{"请刷卡或扫码", "ScanPrompt"}, {"汤淑梅，您好", ""}}), "attract", 80);
    // English has no recording of it: synthesized.
    v.say(utterance(Lang::En, {{"Tap card or scan code", "ScanPrompt"}}), "attract", 80);
    ASSERT_TRUE(v.waitIdle(10'000));
    EXPECT_EQ(v.recordedPhrases(), 1u);
  }
  EXPECT_EQ(synthesized, (std::vector<std::string>{"汤淑梅，您好", "Tap card or scan code"}));
  const auto out = platform::readWav(dir.file("out/0001-attract.wav"));
  ASSERT_TRUE(out);
  // The recording's 300 ms at the recording's loudness come first.
  Pcm head;
  head.samples.assign(out->samples.begin(), out->samples.begin() + Voice::kRate / 4);
  EXPECT_GT(rms(head), 7000);
}

TEST(Voice, WithoutAnAudioDeviceItWorksPlaysNothingAndMakesOnlyWhatAFileWants) {
  rc::test::TempDir dir;
  ::setenv("SDL_AUDIODRIVER", "no-such-driver", 1);
  std::atomic<int> calls{0};
  VoiceOptions o;
  o.playback = true;
  o.synth = [&](const std::string&, Lang, Pcm& out, const std::atomic<bool>&) {
    ++calls;
    out = tone(100);
    return true;
  };
  // A window without a sound card: with a folder, the file is made; without, nothing is, as
  // nobody would hear it.
  for (const bool with_file : {true, false}) {
    o.audio_out = with_file ? dir.file("out") : "";
    calls = 0;
    Voice v(o);
    EXPECT_FALSE(v.hasDevice());
    v.say(utterance(Lang::Zh, {{"请刷卡", ""}}), "attract", 80);
    ASSERT_TRUE(v.waitIdle(10'000));
    EXPECT_EQ(v.made(), with_file ? 1u : 0u);
    EXPECT_EQ(calls.load(), with_file ? 1 : 0);
  }
  ::unsetenv("SDL_AUDIODRIVER");
  EXPECT_TRUE(std::filesystem::exists(dir.file("out/0001-attract.wav")));
}

TEST(Voice, TheSynthesizerRunsOnItsOwnThreadBelowTheFrames) {
  rc::test::TempDir dir;
  std::atomic<int> nice_seen{-100};
  std::string name(16, '\0');
  VoiceOptions o;
  o.playback = false;
  o.audio_out = dir.file("out");
  o.synth = [&](const std::string&, Lang, Pcm& out, const std::atomic<bool>&) {
    nice_seen = ::getpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()));
    pthread_getname_np(pthread_self(), name.data(), name.size());
    out = tone(100);
    return true;
  };
  Voice v(o);
  v.say(utterance(Lang::Zh, {{"请刷卡", ""}}), "attract", 80);
  ASSERT_TRUE(v.waitIdle(10'000));
  EXPECT_STREQ(name.c_str(), "rc-voice");
  EXPECT_EQ(nice_seen.load(), std::min(19, ::getpriority(PRIO_PROCESS, 0) + Voice::kNice));
}

TEST(Voice, EspeakNgSpeaksMandarinAndEnglish) {
  std::atomic<bool> no{false};
  Pcm zh;
  ASSERT_TRUE(platform::espeakSynthesize("请刷卡或扫码", Lang::Zh, zh, no));
  EXPECT_EQ(zh.rate, Voice::kRate);
  EXPECT_GT(zh.samples.size(), static_cast<std::size_t>(Voice::kRate / 2));
  EXPECT_GT(rms(zh), 300);
  Pcm en;
  ASSERT_TRUE(platform::espeakSynthesize("Tap card or scan code", Lang::En, en, no));
  EXPECT_GT(rms(en), 300);
}

TEST(Wav, RoundTripsAndRefusesWhatIsNotSixteenBitPcm) {
  const Pcm p = tone(50);
  const std::string bytes = platform::encodeWav(p);
  EXPECT_EQ(bytes.size(), 44 + p.samples.size() * 2);
  const auto back = platform::decodeWav(bytes);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->rate, p.rate);
  EXPECT_EQ(back->samples, p.samples);
  EXPECT_FALSE(platform::decodeWav("not a wav"));
  EXPECT_FALSE(platform::decodeWav(bytes.substr(0, 50 + 40)));  // data cut short
  std::string eight = bytes;
  eight[34] = 8;  // 8 bits per sample
  EXPECT_FALSE(platform::decodeWav(eight));
}

// An English session: every utterance in English, one WAV each.
TEST(Voice, AnEnglishSessionSpeaksEnglish) {
  rc::test::TempDir dir;
  db::Database d(test::villageCopy(dir, "src.db"), db::OpenMode::ReadOnly);
  const auto someone = test::pick(d, test::Pick::MostPoints);
  KioskOptions o;
  o.db_path = test::villageCopy(dir);
  o.headless = true;
  o.audio_out = dir.file("audio");
  {
    KioskApp app(o);
    ASSERT_TRUE(app.settle());
    ASSERT_TRUE(app.tap("status.lang"));
    ASSERT_TRUE(app.settle());
    app.scan(someone.card);
    ASSERT_TRUE(app.settle());
    ASSERT_TRUE(app.tap("home.supermarket"));
    ASSERT_TRUE(app.settle());
    for (const auto& l : app.screensSeen()) {
      EXPECT_FALSE(l.spoken.empty()) << l.screen;
      // Names stay as they are written; everything else is English.
      std::string words = l.spoken;
      if (const auto at = words.find(someone.name); at != std::string::npos) {
        words.erase(at, someone.name.size());
      }
      if (l.screen != "supermarket") {
        EXPECT_FALSE(hasHan(words)) << l.screen << ": " << l.spoken;
      }
    }
    EXPECT_EQ(app.layout().screen, "supermarket");
    EXPECT_NE(app.layout().spoken.find("Red credit supermarket"), std::string::npos);
    EXPECT_TRUE(app.tap("status.say-again"));
    ASSERT_TRUE(app.settle());
  }
  int files = 0;
  bool again = false;
  for (const auto& f : std::filesystem::directory_iterator(dir.file("audio"))) {
    ++files;
    const auto pcm = platform::readWav(f.path().string());
    ASSERT_TRUE(pcm) << f.path();
    EXPECT_GT(rms(*pcm), 300) << f.path();
    again = again || f.path().filename().string().starts_with("0005-supermarket");
  }
  // attract (Chinese), attract (English), home, supermarket, and the supermarket again.
  EXPECT_EQ(files, 5);
  EXPECT_TRUE(again);
}

TEST(VoicePolicy, QuietHoursAndVolumeParseWithBounds) {
  auto s = core::parseSettings("voice_volume = 35\nvoice_quiet_hours = 21:30-06:45\n");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->voice_volume, 35);
  EXPECT_EQ(s->voice_quiet_from, 21 * 60 + 30);
  EXPECT_EQ(s->voice_quiet_to, 6 * 60 + 45);
  EXPECT_EQ(core::parseSettings(core::settingsToText(*s)).value(), *s);
  EXPECT_TRUE(core::inQuietHours(*s, 23 * 60));
  EXPECT_TRUE(core::inQuietHours(*s, 5 * 60));
  EXPECT_FALSE(core::inQuietHours(*s, 12 * 60));
  // Quiet: only a villager's 再听一遍 speaks, at the policy's volume.
  EXPECT_EQ(core::voiceVolumeAt(*s, 23 * 60, false), 0);
  EXPECT_EQ(core::voiceVolumeAt(*s, 23 * 60, true), 35);
  EXPECT_EQ(core::voiceVolumeAt(*s, 12 * 60, false), 35);
  auto off = core::parseSettings("voice_quiet_hours = off\n");
  ASSERT_TRUE(off);
  EXPECT_FALSE(core::inQuietHours(*off, 23 * 60));
  EXPECT_EQ(core::parseSettings(core::settingsToText(*off)).value(), *off);
  for (const char* bad : {"voice_volume = 101\n", "voice_volume = -1\n", "voice_quiet_hours = 22-7\n",
                          "voice_quiet_hours = 24:00-07:00\n", "voice_quiet_hours = 07:00-07:00\n",
                          "voice_quiet_hours = 22:00\n"}) {
    const auto r = core::parseSettings(bad);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().line, 1) << bad;
  }
}

}  // namespace
}  // namespace rc::kiosk
