// Product pictures over a real office server on 127.0.0.1: set at the office, carried to the
// kiosk's file in the pull (base64, only when changed, at most kMaxPicturesPerPage a page),
// removed likewise; the protocol's caps and the kiosk's own check of what arrives.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "db/product_pictures.h"
#include "office/demo_pictures.h"
#include "sync/protocol.h"
#include "sync_fixture.h"

namespace rc::sync::test {
namespace {

using nlohmann::json;

class PictureSync : public SyncFixture {
 protected:
  void setPicture(const std::string& sku, const std::vector<std::uint8_t>& png) {
    auto r = db::ProductPictures(*m_office).set(sku, png, 10);
    ASSERT_TRUE(r.ok()) << r.error();
  }
};

TEST_F(PictureSync, APictureSetAtTheOfficeReachesTheKioskAndItsRemovalToo) {
  const auto rice = office::demoPicture("RICE-5KG");
  const auto oil = office::demoPicture("PEANUT-OIL-1800ML");
  ASSERT_FALSE(rice.empty());
  setPicture("RICE", rice);
  setPicture("OIL", oil);
  const auto id = enroll("market");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());
  {
    KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
    db::ProductPictures kiosk(k.db);
    const auto got = kiosk.bySku("RICE");
    ASSERT_TRUE(got.has_value());
    EXPECT_EQ(got->bytes, rice);
    EXPECT_EQ(got->sha256, db::pictureSha256(rice));
    EXPECT_EQ(got->info.format, "png");
    EXPECT_EQ(got->info.width, 256);
    ASSERT_TRUE(kiosk.bySku("OIL").has_value());
    EXPECT_EQ(kiosk.bySku("OIL")->bytes, oil);
    EXPECT_FALSE(kiosk.bySku("SOAP").has_value());

    // Only when changed: a stock movement sends the product again, never its picture.
    ASSERT_TRUE(db::Catalog(*m_office).moveStock("RICE", 5, "receive", std::nullopt, 6, "").ok());
    auto page = db::OfficeSync(*m_office_ledger).pull(id.kiosk_id, k.journal.pullCursor(), 1000);
    ASSERT_TRUE(page.ok());
    ASSERT_EQ(page->products.size(), 1u);
    EXPECT_TRUE(page->pictures.empty());
  }
  auto removed = db::ProductPictures(*m_office).remove("OIL");
  ASSERT_TRUE(removed.ok());
  EXPECT_TRUE(*removed);
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  EXPECT_FALSE(db::ProductPictures(k.db).bySku("OIL").has_value());
  EXPECT_TRUE(db::ProductPictures(k.db).bySku("RICE").has_value());
  expectIdentical(k);
}

TEST_F(PictureSync, PicturesComeAFewAPageAndAllArrive) {
  db::Catalog catalog(*m_office);
  const auto png = office::demoPicture("TOWEL");
  constexpr int kMany = static_cast<int>(db::kMaxPicturesPerPage) + 3;
  for (int i = 0; i < kMany; ++i) {
    core::Product p;
    p.sku = "PIC-" + std::to_string(i);
    p.name = p.sku;
    p.category = "日用";
    p.price_points = 5;
    ASSERT_TRUE(catalog.addProduct(p).ok());
    setPicture(p.sku, png);
  }
  const auto id = enroll("market");
  auto first = db::OfficeSync(*m_office_ledger).pull(id.kiosk_id, {}, 100000);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->pictures.size(), db::kMaxPicturesPerPage);
  EXPECT_TRUE(first->more);
  // The page as it goes over the wire: base64 that decodes to the same bytes.
  const auto body = encodePullPage(*first);
  EXPECT_NE(body.find(toBase64(png)), std::string::npos);
  auto decoded = decodePullPage(body);
  ASSERT_TRUE(decoded.ok()) << decoded.error();
  EXPECT_EQ(decoded->pictures, first->pictures);

  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  EXPECT_EQ(db::ProductPictures(k.db).all().size(), static_cast<std::size_t>(kMany));
}

TEST(PicturePull, ThePageRefusesTooManyPicturesOrTooLongOrBadData) {
  const auto png = office::demoPicture("SOAP");
  db::PullPage page;
  for (std::size_t i = 0; i < db::kMaxPicturesPerPage + 1; ++i) {
    page.pictures.push_back({"SOAP", png, db::pictureSha256(png)});
  }
  auto r = decodePullPage(encodePullPage(page));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("too many pictures"), std::string::npos) << r.error();

  json j = json::parse(encodePullPage(db::PullPage{}));
  j["pictures"] = json::array({{{"sku", "SOAP"}, {"sha256", db::pictureSha256(png)},
                                {"data", std::string(kMaxPictureBase64 + 4, 'A')}}});
  r = decodePullPage(j.dump());
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find("too long"), std::string::npos) << r.error();
  j["pictures"][0]["data"] = "not base64!";
  EXPECT_FALSE(decodePullPage(j.dump()).ok());
  j["pictures"][0]["data"] = toBase64(png);
  j["pictures"][0]["sha256"] = "xyz";
  EXPECT_FALSE(decodePullPage(j.dump()).ok());
  j["pictures"][0]["sha256"] = db::pictureSha256(png);
  r = decodePullPage(j.dump());
  ASSERT_TRUE(r.ok()) << r.error();
  ASSERT_EQ(r->pictures.size(), 1u);
  EXPECT_EQ(r->pictures[0].bytes, png);
}

TEST_F(PictureSync, TheKioskKeepsWhatItHadWhenAPictureDoesNotCheckOut) {
  const auto id = enroll("market");
  SyncClient client(config(id, m_port));
  ASSERT_TRUE(client.round().ok());
  KioskSide k(config(id, m_port).db_path, id.kiosk_id, m_settings);
  const auto png = office::demoPicture("SOAP");
  auto wrong_sha = png;
  wrong_sha[wrong_sha.size() / 2] ^= 0x55;
  const std::vector<std::uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
  const std::vector<db::PulledPicture> pulled = {
      {"SOAP", png, db::pictureSha256(png)},
      {"RICE", wrong_sha, db::pictureSha256(png)},  // bytes changed on the way
      {"OIL", text, db::pictureSha256(text)},       // not a picture
      {"NO-SUCH", png, db::pictureSha256(png)}};
  auto skipped = db::ProductPictures(k.db).applyPulled(pulled, 5);
  ASSERT_TRUE(skipped.ok());
  EXPECT_EQ(*skipped, 3);
  EXPECT_TRUE(db::ProductPictures(k.db).bySku("SOAP").has_value());
  EXPECT_FALSE(db::ProductPictures(k.db).bySku("RICE").has_value());
  EXPECT_FALSE(db::ProductPictures(k.db).bySku("OIL").has_value());
}

}  // namespace
}  // namespace rc::sync::test
