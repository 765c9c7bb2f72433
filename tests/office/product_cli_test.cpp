// rc-office product picture on a copy of the demo village, as a clerk runs it: a PNG and a
// JPEG stored (type, size and SHA-256 as the file), plain errors for a file that is not a
// picture, too large, too many pixels or broken, --remove, and the demo's own drawn pictures.
#include <gtest/gtest.h>
#include <stb/stb_image_write.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "db/product_pictures.h"
#include "db/sqlite.h"
#include "demo_cli_fixture.h"

namespace rc::office {
namespace {

using nlohmann::json;

void append(void* context, void* data, int size) {
  auto& out = *static_cast<std::vector<std::uint8_t>*>(context);
  const auto* p = static_cast<const std::uint8_t*>(data);
  out.insert(out.end(), p, p + size);
}

// A w×h picture of one colour, as PNG or JPEG.
std::vector<std::uint8_t> solid(int w, int h, bool jpeg) {
  std::vector<std::uint8_t> rgb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 3);
  for (std::size_t i = 0; i < rgb.size(); i += 3) {
    rgb[i] = 0x20;
    rgb[i + 1] = 0x90;
    rgb[i + 2] = 0x40;
  }
  std::vector<std::uint8_t> out;
  if (jpeg) {
    EXPECT_NE(stbi_write_jpg_to_func(&append, &out, w, h, 3, rgb.data(), 90), 0);
  } else {
    EXPECT_NE(stbi_write_png_to_func(&append, &out, w, h, 3, rgb.data(), w * 3), 0);
  }
  return out;
}

class ProductCli : public DemoCli {
 protected:
  void SetUp() override { m_db = copyOfDemo(); }
  std::string file(const std::string& name, const std::vector<std::uint8_t>& bytes) {
    const auto path = m_scratch.file(name);
    std::ofstream(path, std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    return path;
  }
  std::optional<db::ProductPicture> stored(const std::string& sku) {
    db::Database d(m_db);
    return db::ProductPictures(d).bySku(sku);
  }
  std::string m_db;
};

TEST_F(ProductCli, StoresAPngAndAJpegAsTheyAre) {
  const auto png = solid(64, 48, false);
  auto r = office({"--db", m_db, "product", "picture", "NOODLES-1KG", file("noodles.png", png)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("stored the picture of NOODLES-1KG: png, 64×48"), std::string::npos) << r.out;
  auto got = stored("NOODLES-1KG");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->bytes, png);
  EXPECT_EQ(got->sha256, db::pictureSha256(png));

  const auto jpeg = solid(40, 30, true);
  r = office({"--db", m_db, "--json", "product", "picture", "MUNG-BEAN-1KG", file("beans.jpg", jpeg)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j["format"], "jpeg");
  EXPECT_EQ(j["width"], 40);
  EXPECT_EQ(j["height"], 30);
  EXPECT_EQ(j["sha256"], db::pictureSha256(jpeg));
  got = stored("MUNG-BEAN-1KG");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->info.format, "jpeg");
  EXPECT_EQ(got->bytes, jpeg);
}

TEST_F(ProductCli, RefusesWhatIsNotAPictureItCanShowInPlainWords) {
  const auto before = stored("TOWEL");
  ASSERT_TRUE(before.has_value());  // the demo's own drawing
  auto refused = [&](const std::string& path, const std::string& words) {
    const auto r = office({"--db", m_db, "product", "picture", "TOWEL", path});
    EXPECT_EQ(r.exit_code, 2) << path;
    EXPECT_NE(r.err.find(words), std::string::npos) << r.err;
  };
  refused(file("notes.txt", {'r', 'i', 'c', 'e', '\n'}), "not a PNG or JPEG picture");
  refused(file("empty.png", {}), "empty");
  std::vector<std::uint8_t> big = solid(8, 8, false);
  big.resize(db::kMaxPictureBytes + 10, 0);
  refused(file("big.png", big), "larger than 256 KiB");
  refused(file("wide.png", solid(1100, 4, false)), "at most 1024×1024");
  auto broken = solid(64, 64, false);
  broken.resize(broken.size() / 2);
  refused(file("broken.png", broken), "does not decode");
  refused(m_scratch.file("missing.png"), "is not a file");
  const auto r = office({"--db", m_db, "product", "picture", "NO-SUCH-SKU", file("ok.png", solid(4, 4, false))});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no product with SKU NO-SUCH-SKU"), std::string::npos) << r.err;
  const auto after = stored("TOWEL");
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->sha256, before->sha256);  // nothing refused was stored
}

TEST_F(ProductCli, RemoveTakesThePictureAwayAndTheDemoDrawsItsGoods) {
  auto r = office({"--db", m_db, "--json", "product", "pictures"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto list = json::parse(r.out);
  std::vector<std::string> skus;
  for (const auto& p : list) skus.push_back(p["sku"]);
  for (const char* sku : {"RICE-5KG", "PEANUT-OIL-1800ML", "TOWEL", "SOAP"}) {
    EXPECT_NE(std::find(skus.begin(), skus.end(), sku), skus.end()) << sku;
  }
  EXPECT_EQ(std::find(skus.begin(), skus.end(), "NOODLES-1KG"), skus.end());
  r = office({"--db", m_db, "product", "picture", "SOAP", "--remove"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("removed the picture of SOAP"), std::string::npos) << r.out;
  EXPECT_FALSE(stored("SOAP").has_value());
  r = office({"--db", m_db, "product", "picture", "SOAP", "--remove"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("SOAP had no picture"), std::string::npos) << r.out;
  r = office({"--help"});
  EXPECT_NE(r.out.find("product picture SKU FILE"), std::string::npos);
}

}  // namespace
}  // namespace rc::office
