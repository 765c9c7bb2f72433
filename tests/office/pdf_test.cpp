// office/pdf.h: a real PDF written by cairo and read back by poppler's tools (pdfinfo,
// pdftotext, pdftoppm from poppler-utils): its pages, its CJK text, and pixels where the QR
// code and the red box were drawn.
#include "office/pdf.h"
#include "support/pdf_read.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace rc::office::pdf {
namespace {

namespace fs = std::filesystem;


class PdfTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("rc-pdf-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

TEST_F(PdfTest, WritesPagesWithChineseTextAQrCodeAndColour) {
  const auto path = (dir / "page.pdf").string();
  {
    Document doc(path, kA4Width, kA4Height);
    doc.text(20, 20, 170, "红色信用 刘秀英 第三网格", {20, true, kBlack, Align::Left});
    doc.fillRect(20, 60, 40, 20, kRed);
    const std::string token = "RC2." + std::string(100, 'A');
    EXPECT_LE(doc.qr(100, 60, 50, token), 8);
    doc.newPage();
    doc.text(20, 20, 170, "第二页", {14, false, kGrey, Align::Centre});
    EXPECT_EQ(doc.pages(), 2);
    EXPECT_FALSE(fs::exists(path)) << "the file appears only when finished";
    doc.finish();
  }
  ASSERT_TRUE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".part"));
  const std::string info = test::pdfInfo(path);
  EXPECT_NE(info.find("Pages:"), std::string::npos) << info;
  EXPECT_NE(info.find(" 2\n", info.find("Pages:")), std::string::npos) << info;
  const std::string text = test::pdfText(path);
  EXPECT_NE(text.find("刘秀英"), std::string::npos) << text;
  EXPECT_NE(text.find("第二页"), std::string::npos) << text;
  // First page at 10 px/mm (254 dpi): the red box is red, the QR's quiet zone white, and the
  // code has dark modules.
  const test::Image img = test::renderPdfPage(path, 1, 254);
  ASSERT_GT(img.width, 2000);
  const auto red = img.at(400, 700);
  EXPECT_GT(red[0], 150);
  EXPECT_LT(red[1], 60);
  EXPECT_EQ(img.at(1002, 602), (std::array<int, 3>{255, 255, 255}));
  int dark = 0;
  for (int y = 620; y < 1080; y += 4) {
    for (int x = 1020; x < 1480; x += 4) dark += img.at(x, y)[0] < 64 ? 1 : 0;
  }
  EXPECT_GT(dark, 2000);
}

TEST_F(PdfTest, NothingIsLeftWhenTheDocumentIsNotFinished) {
  const auto path = (dir / "dropped.pdf").string();
  {
    Document doc(path, kA3Width, kA3Height);
    doc.text(10, 10, 100, "未完成", {});
  }
  EXPECT_FALSE(fs::exists(path));
  EXPECT_FALSE(fs::exists(path + ".part"));
}

TEST_F(PdfTest, RefusesAFolderThatDoesNotExist) {
  EXPECT_THROW(Document((dir / "no" / "such" / "x.pdf").string(), kA4Width, kA4Height),
               std::runtime_error);
}

TEST(QrVersionTest, SignedCardTokensFitVersionEightAtLevelM) {
  EXPECT_GE(qrVersionFor("RC2.x"), 1);
  EXPECT_LE(qrVersionFor(std::string(120, 'A')), 8);
  EXPECT_EQ(qrVersionFor(std::string(4000, 'A')), 0);
}

}  // namespace
}  // namespace rc::office::pdf
