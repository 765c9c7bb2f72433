// rc-reader as an installer runs it: a separate process, its exit code and its two streams.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "tests/support/run_process.h"
#include "tests/support/temp_dir.h"

namespace rc::drivers {
namespace {

using rc::test::ProcessResult;
using rc::test::runProcess;
using rc::test::TempDir;

const std::string kBin = RC_READER_BIN;
const std::string kFixtures = std::string(RC_SOURCE_DIR) + "/tests/drivers/fixtures/";

int lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

class ReaderCli : public ::testing::Test {
 protected:
  ProcessResult run(const std::vector<std::string>& args) { return runProcess(kBin, args, m_dir.path().string()); }
  TempDir m_dir;
};

TEST_F(ReaderCli, HelpExplainsBothCommandsAndTheExitCodes) {
  const auto r = run({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_TRUE(r.err.empty());
  for (const char* words : {"rc-reader [--config FILE] list", "listen [--usb VID:PID", "--evdev PATH",
                            "--serial PATH", "--replay FILE", "Exit codes: 0 ok, 1", "udev rule"}) {
    EXPECT_NE(r.out.find(words), std::string::npos) << words;
  }
}

TEST_F(ReaderCli, BadInputIsOnePlainLineAndExitCodeTwo) {
  std::ofstream(m_dir.file("bad.conf")) << "reader = usb\npause_ms = forever\n";
  const std::vector<std::vector<std::string>> cases = {
      {},
      {"frobnicate"},
      {"listen", "--usb", "zz"},
      {"listen", "--usb", "0c2e:*"},
      {"listen", "--usb", "ffff:0035", "--serial", "/dev/ttyACM0"},
      {"listen", "--count", "0"},
      {"listen", "--seconds"},
      {"listen", "--role", "boss", "--replay", kFixtures + "sycreader_card.replay"},
      {"list", "--count", "2"},
      {"list", "--frob"},
      {"--config", m_dir.file("missing.conf"), "list"},
      {"--config", m_dir.file("bad.conf"), "list"},
      {"listen", "--replay", m_dir.file("missing.replay")},
  };
  for (const auto& args : cases) {
    std::string shown;
    for (const auto& a : args) shown += a + " ";
    const auto r = run(args);
    EXPECT_EQ(r.exit_code, 2) << shown;
    EXPECT_EQ(lines(r.err), 1) << shown << r.err;
    EXPECT_EQ(r.err.rfind("rc-reader: ", 0), 0U) << shown << r.err;
    EXPECT_TRUE(r.out.empty()) << shown << r.out;
  }
  const auto r = run({"--config", m_dir.file("bad.conf"), "list"});
  EXPECT_NE(r.err.find("bad.conf:2: 'pause_ms'"), std::string::npos) << r.err;
}

TEST_F(ReaderCli, ABadReaderOverrideIsBadInputToo) {
  ::setenv("RC_READER", "nfc:/dev/x", 1);
  const auto r = run({"listen"});
  ::unsetenv("RC_READER");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("RC_READER"), std::string::npos);
}

TEST_F(ReaderCli, TheEnvironmentPicksTheReaderWhenNoOptionDoes) {
  ::setenv("RC_READER", ("replay:" + kFixtures + "serial_scanner.replay").c_str(), 1);
  const auto r = run({"listen", "--count", "1"});
  ::unsetenv("RC_READER");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("listening (replay "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("barcode    ean-13 6901234567892  from "), std::string::npos) << r.out;
}

TEST_F(ReaderCli, ListenPrintsEachClassifiedScanWithItsLatency) {
  const auto r = run({"listen", "--replay", kFixtures + "sycreader_card.replay", "--role", "card"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_TRUE(r.err.empty()) << r.err;
  // Two scans: the card resting on the reader acts once.
  EXPECT_NE(r.out.find("card-uid   0004567890  from "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("card-uid   1A2B3C4D  from "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("0004567890", r.out.find("0004567890") + 1), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" ms\n"), std::string::npos);
  EXPECT_NE(r.out.find("# gone"), std::string::npos);
}

TEST_F(ReaderCli, ListenStopsAfterCountScansAndShowsRejections) {
  const auto r = run({"listen", "--replay", kFixtures + "hidpos_scanner.replay", "--role", "card",
                      "--count", "1"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  // Tokens are accepted on every role (some card readers have a QR window); --count 1 stops
  // before the EAN-13 that follows.
  EXPECT_NE(r.out.find("card-token RC2."), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("6901234567892"), std::string::npos) << r.out;

  std::ofstream(m_dir.file("noise.replay")) << "format serial\n+0 31 32 33 0d 0a\n";
  const auto noise = run({"listen", "--replay", m_dir.file("noise.replay"), "--count", "1"});
  EXPECT_EQ(noise.exit_code, 0);
  EXPECT_NE(noise.out.find("rejected   not a card number, card token or product barcode: 123"),
            std::string::npos)
      << noise.out;
}

TEST_F(ReaderCli, ListSaysWhatItFound) {
  const auto r = run({"list"});
  // Without USB access (a container) libusb may not start: that is exit 1, never a crash.
  EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1) << r.err;
  EXPECT_NE(r.out.find("USB devices"), std::string::npos);
  EXPECT_NE(r.out.find("Serial ports (for --serial):"), std::string::npos);
}

}  // namespace
}  // namespace rc::drivers
