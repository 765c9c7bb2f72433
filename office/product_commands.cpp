// product picture SKU FILE | product picture SKU --remove | product pictures.
#include "office/product_commands.h"

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <vector>

#include "db/ledger.h"
#include "db/product_pictures.h"

namespace rc::office {
namespace {

using nlohmann::json;

// The file's bytes, refused when it is not a regular file or is larger than a picture may be
// (read no further than one byte past the cap).
std::vector<std::uint8_t> readPictureFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw std::invalid_argument("'" + path + "' is not a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::invalid_argument("cannot read '" + path + "'");
  std::vector<std::uint8_t> bytes(db::kMaxPictureBytes + 1);
  in.read(reinterpret_cast<char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(in.gcount()));
  if (bytes.size() > db::kMaxPictureBytes) {
    throw std::invalid_argument("'" + path + "' is larger than " +
                                std::to_string(db::kMaxPictureBytes / 1024) +
                                " KiB; a product picture may be at most that");
  }
  return bytes;
}

int picture(const Command& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {}, "product picture", {"--remove"});
  // c.args[0] is "picture".
  std::vector<std::string> words(a.words.begin() + 1, a.words.end());
  const bool remove = a.has("--remove");
  if (remove ? words.size() != 1 : words.size() != 2) {
    throw std::invalid_argument(
        "product picture needs SKU FILE (a PNG or JPEG), or SKU --remove");
  }
  const std::string& sku = words[0];
  auto db = openLedger(c.db_path);
  db::ProductPictures pictures(db);
  if (remove) {
    auto r = pictures.remove(sku);
    if (!r) throw std::invalid_argument(r.error());
    if (c.json) {
      out << json{{"sku", sku}, {"removed", *r}}.dump(2) << "\n";
    } else {
      out << (*r ? "removed the picture of " + sku : sku + " had no picture") << "\n";
    }
    return 0;
  }
  const auto bytes = readPictureFile(words[1]);
  auto r = pictures.set(sku, bytes, db::nowMs());
  if (!r) throw std::invalid_argument("'" + words[1] + "': " + r.error());
  if (c.json) {
    out << json{{"sku", sku}, {"format", r->info.format}, {"width", r->info.width},
                {"height", r->info.height}, {"bytes", r->bytes.size()}, {"sha256", r->sha256}}
               .dump(2)
        << "\n";
  } else {
    out << "stored the picture of " << sku << ": " << r->info.format << ", " << r->info.width
        << "×" << r->info.height << " pixels, " << r->bytes.size() << " bytes (sha256 "
        << r->sha256.substr(0, 12) << "…); kiosks show it after their next sync\n";
  }
  return 0;
}

int list(const Command& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {}, "product pictures", {});
  if (a.words.size() != 1) throw std::invalid_argument("product pictures takes no argument");
  auto db = openLedger(c.db_path);
  const auto all = db::ProductPictures(db).all();
  if (c.json) {
    json arr = json::array();
    for (const auto& p : all) {
      arr.push_back({{"sku", p.sku}, {"format", p.info.format}, {"width", p.info.width},
                     {"height", p.info.height}, {"bytes", p.bytes.size()}, {"sha256", p.sha256}});
    }
    out << arr.dump(2) << "\n";
    return 0;
  }
  out << "商品图片 — product pictures (" << all.size() << ")\n";
  if (all.empty()) out << "  (none)\n";
  for (const auto& p : all) {
    out << "  " << pad(p.sku, 20) << pad(p.info.format, 6) << p.info.width << "×"
        << p.info.height << "  " << p.bytes.size() << " bytes\n";
  }
  return 0;
}

}  // namespace

bool isProductCommand(const std::string& name) noexcept { return name == "product"; }

int runProductCommand(const Command& c, const core::Settings& /*settings*/, std::ostream& out,
                      std::ostream& /*err*/) {
  const std::string sub = c.args.empty() ? std::string() : c.args.front();
  if (sub == "picture") return picture(c, out);
  if (sub == "pictures") return list(c, out);
  throw std::invalid_argument("product needs 'picture SKU FILE', 'picture SKU --remove' or "
                              "'pictures'; see rc-office --help");
}

}  // namespace rc::office
