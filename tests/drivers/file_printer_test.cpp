// The file sink: each job in its own numbered file, numbering going on after what the folder
// holds; and which printer makePrinter makes from the config and --printer-out.
#include "drivers/file_printer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace rc::drivers {
namespace {

namespace fs = std::filesystem;

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FilePrinterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir = fs::temp_directory_path() /
            ("rc-print-" + std::to_string(::getpid()) + "-" +
             ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }
  fs::path m_dir;
};

TEST_F(FilePrinterTest, EachJobIsANumberedFile) {
  auto made = FilePrinter::open((m_dir / "out").string());
  ASSERT_TRUE(made) << made.error();
  auto& p = *made.value();
  EXPECT_EQ(p.status().state, PrinterState::Ready);
  ASSERT_TRUE(p.print({0x1b, 0x40, 'a'}));
  ASSERT_TRUE(p.print({0x1b, 0x40, 'b', 0x00}));
  EXPECT_EQ(slurp(m_dir / "out" / "0001.escpos"), std::string("\x1b@a", 3));
  EXPECT_EQ(slurp(m_dir / "out" / "0002.escpos"), std::string("\x1b@b\0", 4));
  EXPECT_FALSE(fs::exists(m_dir / "out" / "0002.escpos.tmp"));
  EXPECT_EQ(p.status().printed, 2U);

  // A kiosk started again goes on after the highest number.
  auto again = FilePrinter::open((m_dir / "out").string());
  ASSERT_TRUE(again);
  ASSERT_TRUE(again.value()->print({'c'}));
  EXPECT_EQ(slurp(m_dir / "out" / "0003.escpos"), "c");
}

TEST_F(FilePrinterTest, MakePrinterFollowsTheConfigAndTheFlag) {
  PrinterConfig none;
  auto n = makePrinter(none, "");
  ASSERT_TRUE(n);
  EXPECT_EQ(n.value(), nullptr);

  PrinterConfig usb;
  usb.kind = PrinterKind::Usb;
  auto f = makePrinter(usb, m_dir.string());  // --printer-out wins over the config
  ASSERT_TRUE(f) << f.error();
  ASSERT_NE(f.value(), nullptr);
  EXPECT_EQ(f.value()->status().device, m_dir.string());
  ASSERT_TRUE(f.value()->print({'x'}));
  EXPECT_EQ(slurp(m_dir / "0001.escpos"), "x");

  // A folder that cannot be made.
  std::ofstream(m_dir / "file") << "x";
  EXPECT_FALSE(makePrinter(none, (m_dir / "file" / "sub").string()));
}

}  // namespace
}  // namespace rc::drivers
