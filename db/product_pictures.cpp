#include "db/product_pictures.h"

#include <algorithm>
#include <climits>
#include <memory>

#include "db/ledger.h"
#include "db/sha256.h"

// stb_image from Debian's libstb (the library holds the decoders). Only PNG and JPEG reach it:
// the signature is checked first, and the size from the header before anything is decoded.
#include <stb/stb_image.h>

namespace rc::db {
namespace {

std::optional<std::string> formatOf(std::span<const std::uint8_t> b) {
  static constexpr std::uint8_t kPng[] = {0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
  if (b.size() >= sizeof kPng && std::equal(std::begin(kPng), std::end(kPng), b.begin())) {
    return "png";
  }
  if (b.size() >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF) return "jpeg";
  return std::nullopt;
}

struct StbFree {
  void operator()(stbi_uc* p) const noexcept { stbi_image_free(p); }
};

// The checks, and the decode into RGBA when `out` is given (the check decodes too).
Result<PictureInfo, std::string> readPicture(std::span<const std::uint8_t> bytes,
                                             RgbaPicture* out) {
  if (bytes.empty()) return err(std::string("the file is empty"));
  if (bytes.size() > kMaxPictureBytes) {
    return err("the file is " + std::to_string(bytes.size() / 1024) +
               " KiB; a picture may be at most " + std::to_string(kMaxPictureBytes / 1024) +
               " KiB");
  }
  auto format = formatOf(bytes);
  if (!format) return err(std::string("the file is not a PNG or JPEG picture"));
  const int len = static_cast<int>(bytes.size());
  int w = 0;
  int h = 0;
  int channels = 0;
  if (stbi_info_from_memory(bytes.data(), len, &w, &h, &channels) == 0) {
    return err("the " + *format + " file cannot be read: " + stbi_failure_reason());
  }
  if (w < 1 || h < 1 || w > kMaxPictureSide || h > kMaxPictureSide) {
    return err("the picture is " + std::to_string(w) + "×" + std::to_string(h) +
               " pixels; at most " + std::to_string(kMaxPictureSide) + "×" +
               std::to_string(kMaxPictureSide));
  }
  std::unique_ptr<stbi_uc, StbFree> px(stbi_load_from_memory(bytes.data(), len, &w, &h, &channels, 4));
  if (!px) return err("the " + *format + " file does not decode: " + stbi_failure_reason());
  if (out) {
    out->width = w;
    out->height = h;
    const auto n = static_cast<std::size_t>(w) * static_cast<std::size_t>(h) * 4;
    out->rgba.assign(px.get(), px.get() + n);
  }
  return PictureInfo{*format, w, h};
}

ProductPicture readRow(const Statement& st) {
  ProductPicture p;
  p.sku = st.columnText(0);
  p.info.format = st.columnText(1);
  p.info.width = static_cast<int>(st.columnInt(2));
  p.info.height = static_cast<int>(st.columnInt(3));
  p.sha256 = st.columnText(4);
  const auto blob = st.columnBlob(5);
  p.bytes.assign(blob.begin(), blob.end());
  return p;
}

constexpr const char* kSelect =
    "SELECT p.sku, x.format, x.width, x.height, x.sha256, x.bytes FROM product_pictures x "
    "JOIN products p ON p.id = x.product_id";

std::optional<std::int64_t> productId(Database& db, const std::string& sku) {
  auto st = db.cached("SELECT id FROM products WHERE sku = ?");
  st->bind(1, sku);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return st->columnInt(0);
}

DbStatus store(Database& db, std::int64_t product, const PictureInfo& info,
               const std::string& sha, std::span<const std::uint8_t> bytes, std::int64_t now_ms) {
  auto st = db.cached(
      "INSERT INTO product_pictures (product_id, format, width, height, sha256, bytes, "
      "updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(product_id) DO UPDATE SET "
      "format = excluded.format, width = excluded.width, height = excluded.height, "
      "sha256 = excluded.sha256, bytes = excluded.bytes, updated_ms = excluded.updated_ms");
  st->bind(1, product).bind(2, info.format).bind(3, info.width).bind(4, info.height);
  st->bind(5, sha).bindBlob(6, bytes.data(), bytes.size()).bind(7, now_ms);
  return st->run();
}

}  // namespace

Result<PictureInfo, std::string> checkPicture(std::span<const std::uint8_t> bytes) {
  return readPicture(bytes, nullptr);
}

Result<RgbaPicture, std::string> decodePicture(std::span<const std::uint8_t> bytes) {
  RgbaPicture out;
  auto info = readPicture(bytes, &out);
  if (!info) return err(info.error());
  return out;
}

std::string pictureSha256(std::span<const std::uint8_t> bytes) {
  return hashToHex(Sha256::local().digest(bytes));
}

Result<ProductPicture, std::string> ProductPictures::set(const std::string& sku,
                                                         std::span<const std::uint8_t> bytes,
                                                         std::int64_t now_ms) {
  const auto id = productId(m_db, sku);
  if (!id) return err("no product with SKU " + sku);
  auto info = checkPicture(bytes);
  if (!info) return err(info.error());
  ProductPicture p{sku, *info, pictureSha256(bytes), {bytes.begin(), bytes.end()}};
  if (auto st = store(m_db, *id, p.info, p.sha256, bytes, now_ms); !st) {
    return err(st.error().message);
  }
  return p;
}

Result<bool, std::string> ProductPictures::remove(const std::string& sku) {
  const auto id = productId(m_db, sku);
  if (!id) return err("no product with SKU " + sku);
  auto st = m_db.cached("DELETE FROM product_pictures WHERE product_id = ?");
  st->bind(1, *id);
  if (auto r = st->run(); !r) return err(r.error().message);
  return m_db.changes() > 0;
}

std::optional<ProductPicture> ProductPictures::bySku(const std::string& sku) {
  auto st = m_db.cached(std::string(kSelect) + " WHERE p.sku = ?");
  st->bind(1, sku);
  auto row = st->step();
  if (!row || !*row) return std::nullopt;
  return readRow(*st);
}

std::vector<ProductPicture> ProductPictures::all() {
  auto st = m_db.cached(std::string(kSelect) + " ORDER BY p.sku");
  std::vector<ProductPicture> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.push_back(readRow(*st));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> ProductPictures::digests() {
  auto st = m_db.cached(
      "SELECT p.sku, x.sha256 FROM product_pictures x JOIN products p ON p.id = x.product_id "
      "ORDER BY p.sku");
  std::vector<std::pair<std::string, std::string>> out;
  while (true) {
    auto row = st->step();
    if (!row || !*row) break;
    out.emplace_back(st->columnText(0), st->columnText(1));
  }
  return out;
}

Result<int, DbError> ProductPictures::applyPulled(std::span<const PulledPicture> pictures,
                                                  std::int64_t now_ms) {
  int skipped = 0;
  for (const auto& x : pictures) {
    const auto id = productId(m_db, x.sku);
    if (!id) {
      ++skipped;
      continue;
    }
    if (!x.bytes) {
      auto st = m_db.cached("DELETE FROM product_pictures WHERE product_id = ?");
      st->bind(1, *id);
      if (auto r = st->run(); !r) return err(r.error());
      continue;
    }
    auto info = checkPicture(*x.bytes);
    if (!info || pictureSha256(*x.bytes) != x.sha256) {
      ++skipped;
      continue;
    }
    if (auto r = store(m_db, *id, *info, x.sha256, *x.bytes, now_ms); !r) return err(r.error());
  }
  return skipped;
}

}  // namespace rc::db
