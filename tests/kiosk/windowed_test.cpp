// The kiosk in a real window: the tour under Xvfb (a real X server, package xvfb), once with
// whatever renderer the display offers (OpenGL through Mesa here) and once with --software (our
// rasterizer into the X11 window surface). Every screen is drawn, the redemption lands in the
// ledger, and the screenshots have the window's size and show the colours their layout declares.
#include <gtest/gtest.h>

#include <filesystem>

#include "kiosk/kiosk_fixture.h"
#include "kiosk/screenshot_probe.h"
#include "support/run_process.h"
#include "support/temp_dir.h"

namespace rc::kiosk {
namespace {

const std::string kShots = RC_KIOSK_SHOTS_DIR;
constexpr const char* kXvfbRun = "/usr/bin/xvfb-run";

class WindowedTest : public ::testing::TestWithParam<bool> {
 protected:
  rc::test::TempDir dir;
};

TEST_P(WindowedTest, TheTourRunsInAWindow) {
  ASSERT_TRUE(std::filesystem::exists(kXvfbRun)) << "scripts/test installs xvfb";
  const bool software = GetParam();
  const std::string db = test::villageCopy(dir);
  const auto redemptions = test::entryCountOfKind(db, "redemption");
  const std::string shots = kShots + (software ? "/windowed-software" : "/windowed");
  std::filesystem::remove_all(shots);
  const std::string layout = dir.file("layout.json");
  // The display's own libraries (Mesa, Xlib) keep allocations until exit: in the sanitizer
  // build, leak checking stays on for the headless tests and off for this child only.
  std::vector<std::string> args{"-u", "SDL_VIDEODRIVER",
                                "ASAN_OPTIONS=detect_leaks=0:abort_on_error=1:verify_asan_link_order=0",
                                kXvfbRun, "-a", "-s",
                                "-screen 0 1600x900x24", RC_KIOSK_BIN, "--windowed", "1280x720",
                                "--db", db, "--tour", "--shots", shots, "--dump-layout", layout};
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
    const auto image = test::loadScreenshot(f.path().string());
    ASSERT_TRUE(image.has_value()) << f.path();
    EXPECT_EQ(image->width, 1280) << f.path();
    EXPECT_EQ(image->height, 720) << f.path();
  }
  EXPECT_GE(pngs, 14);
  // What the window showed is what the layout declares, at the window's scale (a GPU may round
  // a flat colour by a step).
  test::expectScreenshotsShowTheirLayout(shots, layout,
                                         {{"04-receipt", "receipt"},
                                          {"05-error-unknown-card", "error:unknown-card"},
                                          {"10-error-unreadable", "error:unreadable"}});
  // The tour's two redemptions reached the ledger (the villager's, and the one the keeper voids
  // on the staff's screens; beside the service hub's bookings and their voids), and the ledger
  // still verifies.
  EXPECT_EQ(test::entryCountOfKind(db, "redemption"), redemptions + 2);
  EXPECT_TRUE(test::verifies(db));
}

std::string rendererLabel(const ::testing::TestParamInfo<bool>& p) {
  return p.param ? "Software" : "Display";
}
INSTANTIATE_TEST_SUITE_P(Renderers, WindowedTest, ::testing::Values(false, true), rendererLabel);

}  // namespace
}  // namespace rc::kiosk
