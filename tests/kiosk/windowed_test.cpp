// The kiosk in a real window: the tour under Xvfb (a real X server, package xvfb), once with
// whatever renderer the display offers (OpenGL through Mesa here) and once with --software (our
// rasterizer into the X11 window surface). Every screen is drawn, the redemption lands in the
// ledger, and the screenshots have the window's size.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/kiosk_fixture.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

namespace rc::kiosk {
namespace {

const std::string kShots = RC_KIOSK_SHOTS_DIR;
constexpr const char* kXvfbRun = "/usr/bin/xvfb-run";

struct PngSize {
  int w = 0, h = 0;
};

PngSize pngSize(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char head[24] = {};
  in.read(reinterpret_cast<char*>(head), sizeof head);
  if (!in || head[1] != 'P' || head[2] != 'N' || head[3] != 'G') return {};
  return {head[16] << 24 | head[17] << 16 | head[18] << 8 | head[19],
          head[20] << 24 | head[21] << 16 | head[22] << 8 | head[23]};
}

class WindowedTest : public ::testing::TestWithParam<bool> {
 protected:
  rc::test::TempDir dir;
};

TEST_P(WindowedTest, TheTourRunsInAWindow) {
  ASSERT_TRUE(std::filesystem::exists(kXvfbRun)) << "scripts/test installs xvfb";
  const bool software = GetParam();
  const std::string db = test::villageCopy(dir);
  const auto before = test::entryCount(db);
  const std::string shots = kShots + (software ? "/windowed-software" : "/windowed");
  std::filesystem::remove_all(shots);
  // The display's own libraries (Mesa, Xlib) keep allocations until exit: in the sanitizer
  // build, leak checking stays on for the headless tests and off for this child only.
  std::vector<std::string> args{"-u", "SDL_VIDEODRIVER",
                                "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:verify_asan_link_order=0",
                                kXvfbRun, "-a", "-s",
                                "-screen 0 1600x900x24", RC_KIOSK_BIN, "--windowed", "1280x720",
                                "--db", db, "--tour", "--shots", shots};
  if (software) args.push_back("--software");
  const auto r = rc::test::runProcess("/usr/bin/env", args, dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("rc-kiosk: 1280x720, drawn by "), std::string::npos) << r.err;
  if (software) {
    EXPECT_NE(r.err.find("own software rasterizer"), std::string::npos) << r.err;
  }
  int pngs = 0;
  for (const auto& f : std::filesystem::directory_iterator(shots)) {
    if (f.path().extension() != ".png") continue;
    ++pngs;
    const auto size = pngSize(f.path().string());
    EXPECT_EQ(size.w, 1280) << f.path();
    EXPECT_EQ(size.h, 720) << f.path();
  }
  EXPECT_GE(pngs, 14);
  // The tour's one redemption (and nothing else) reached the ledger.
  EXPECT_EQ(test::entryCount(db), before + 1);
}

std::string rendererLabel(const ::testing::TestParamInfo<bool>& p) {
  return p.param ? "Software" : "Display";
}
INSTANTIATE_TEST_SUITE_P(Renderers, WindowedTest, ::testing::Values(false, true), rendererLabel);

}  // namespace
}  // namespace rc::kiosk
