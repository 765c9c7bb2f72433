#pragma once
// Product pictures: an optional PNG or JPEG per product, checked by decoding it (stb_image from
// Debian's libstb) before it is stored, kept with its SHA-256, and carried to kiosks in the
// pull (change-log topic 'product_picture'; docs/sync-protocol.md "Product pictures").
// The checks and the decoder are pure and thread-safe; ProductPictures borrows a Database
// (thread-safety: as the Database).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "db/sqlite.h"
#include "db/sync_types.h"

namespace rc::db {

// A stored picture is at most this many bytes and this many pixels on either side.
inline constexpr std::size_t kMaxPictureBytes = 256 * 1024;
inline constexpr int kMaxPictureSide = 1024;
// A pull page carries at most this many pictures (about 2.7 MB of base64 at most); the office
// ends the page's change window before the next one.
inline constexpr std::size_t kMaxPicturesPerPage = 8;

struct PictureInfo {
  std::string format;  // png | jpeg
  int width = 0;
  int height = 0;
};

// Checks the bytes as a picture: not empty and at most kMaxPictureBytes, a PNG or JPEG
// signature, at most kMaxPictureSide pixels on either side (read from the header before any
// decoding), and a full decode. The error says plainly what is wrong with the file.
Result<PictureInfo, std::string> checkPicture(std::span<const std::uint8_t> bytes);

// 8-bit RGBA, rows top-down, no padding.
struct RgbaPicture {
  int width = 0;
  int height = 0;
  std::vector<std::uint8_t> rgba;
};
// Decodes a picture to RGBA after the same checks as checkPicture.
Result<RgbaPicture, std::string> decodePicture(std::span<const std::uint8_t> bytes);

// SHA-256 of the bytes as 64 lower-case hex digits.
std::string pictureSha256(std::span<const std::uint8_t> bytes);

struct ProductPicture {
  std::string sku;
  PictureInfo info;
  std::string sha256;
  std::vector<std::uint8_t> bytes;
};

class ProductPictures {
 public:
  explicit ProductPictures(Database& db) noexcept : m_db(db) {}

  // Checks and stores the product's picture, replacing the one it had. Errors: no such
  // product, or the reason the bytes are not a picture the kiosk can show.
  Result<ProductPicture, std::string> set(const std::string& sku,
                                          std::span<const std::uint8_t> bytes,
                                          std::int64_t now_ms);
  // Removes the product's picture; false when it had none. Error: no such product.
  Result<bool, std::string> remove(const std::string& sku);
  std::optional<ProductPicture> bySku(const std::string& sku);
  // Every product's picture, by SKU.
  std::vector<ProductPicture> all();
  // Every product's picture's SHA-256, by SKU, without the bytes.
  std::vector<std::pair<std::string, std::string>> digests();

  // Kiosk: stores or removes what a pull carried. A picture whose bytes do not match their
  // SHA-256 or do not pass checkPicture, or whose product the kiosk does not hold, is skipped
  // (the count of those is returned); storage failures are errors.
  Result<int, DbError> applyPulled(std::span<const PulledPicture> pictures, std::int64_t now_ms);

 private:
  Database& m_db;
};

}  // namespace rc::db
