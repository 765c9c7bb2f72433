// issue-card, bind-card, revoke-card, cards, card-sheet.
// Section index: the card key · villagers · issue · bind · revoke · list · sheet · dispatch
#include "office/card_commands.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <vector>

#include "core/text.h"
#include "db/cards.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "office/pdf.h"
#include "sync/card_token.h"

namespace rc::office {
namespace {

using nlohmann::json;

// A database failure is the CLI's "database error" line (and the transaction rolls back).
void check(const db::DbStatus& st) {
  if (!st) throw db::DbException(st.error());
}

// ---- the card key --------------------------------------------------------------------------

// The office's card key, created on first use when `create`; its public half recorded in meta
// (inside the caller's transaction). A key file that does not match the public key in meta, or
// a missing file while meta has a key, is refused: a new key would void every printed card.
sync::KeyPair cardKey(const std::string& db_path, db::Database& db, bool create) {
  db::Roster roster(db);
  const auto recorded = roster.meta(sync::kCardKeyMeta);
  auto key = sync::loadOrCreateCardKey(db_path, create && !recorded);
  if (!key) {
    if (recorded) {
      throw std::runtime_error(
          "the ledger has a card key but " + sync::cardKeyPath(db_path) +
          " cannot be used (" + key.error() +
          "); restore it from a backup: a new key would make every printed card invalid");
    }
    throw std::runtime_error(key.error());
  }
  const auto pub = sync::encodeCardPublicKey(key->public_key);
  if (recorded && *recorded != pub) {
    throw std::runtime_error(sync::cardKeyPath(db_path) +
                             " is not the card key this ledger's cards were signed with; "
                             "restore the right file from a backup");
  }
  if (!recorded) check(roster.setMeta(sync::kCardKeyMeta, pub));
  return std::move(*key);
}

std::string tokenOf(const db::CardInfo& c, const sync::KeyPair& key) {
  return sync::makeCardToken(c.villager_id, static_cast<std::uint32_t>(*c.serial),
                             sync::cardDay(c.issued_at_ms), key);
}

// ---- villagers -----------------------------------------------------------------------------

db::Villager villagerArg(db::Roster& roster, const std::string& text) {
  const auto id = parsePositiveArg(text, "villager id");
  auto v = roster.villager(id);
  if (!v) throw std::invalid_argument("no villager " + std::to_string(id));
  return std::move(*v);
}

std::optional<db::CardInfo> activeQr(db::Cards& cards, core::VillagerId id) {
  std::optional<db::CardInfo> out;
  for (auto& c : cards.ofVillager(id)) {
    if (c.kind == "qr" && !c.revoked() && c.serial) out = std::move(c);  // the newest
  }
  return out;
}

std::string textOf(db::Database& db, const char* sql, std::int64_t id) {
  auto st = db.prepare(sql);
  st.bind(1, id);
  auto row = st.step();
  if (!row) throw db::DbException(row.error());
  return *row ? st.columnText(0) : std::string();
}

// ---- issue ---------------------------------------------------------------------------------

int issueCard(const CardCommand& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {}, "issue-card", {"--replace"});
  if (a.words.size() != 1) throw std::invalid_argument("issue-card needs one VILLAGER id");
  auto db = openLedger(c.db_path);
  db::Roster roster(db);
  const auto v = villagerArg(roster, a.words[0]);
  if (v.moved_away) throw std::invalid_argument(v.name + " has moved away (迁出); no new card");
  db::Transaction tx(db);
  const auto key = cardKey(c.db_path, db, true);
  db::Cards cards(db);
  const auto now = db::nowMs();
  std::vector<std::string> revoked;
  for (const auto& old : cards.ofVillager(v.id)) {
    if (old.kind != "qr" || old.revoked()) continue;
    if (!a.has("--replace")) {
      throw std::invalid_argument(v.name + " already has QR card " + old.uid +
                                  "; --replace revokes it and issues another, card-sheet "
                                  "prints it again");
    }
    revoked.push_back(old.uid);
  }
  auto card = cards.addQr(v.id, now);
  if (!card) throw db::DbException(card.error());
  for (const auto& uid : revoked) {
    check(cards.revoke(uid, now, "replaced by " + card->uid));
  }
  const auto token = tokenOf(*card, key);
  check(tx.commit());
  for (const auto& uid : revoked) out << "revoked " << uid << " (replaced by " << card->uid << ")\n";
  out << "issued " << card->uid << " to " << v.name << " (villager " << v.id << ")\n";
  out << "serial " << *card->serial << "\n" << "token " << token << "\n";
  return 0;
}

// ---- bind ----------------------------------------------------------------------------------

// A card uid as the readers give it: 8 or 14 hex digits (an IC card's chip), or the 10 digits
// an ID-card reader types. Returns the uid (upper case) and the kind.
std::pair<std::string, std::string> cardUidArg(const std::string& text) {
  std::string uid = text;
  for (auto& ch : uid) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  const bool digits = !uid.empty() && std::all_of(uid.begin(), uid.end(), [](char ch) {
    return ch >= '0' && ch <= '9';
  });
  const bool hex = !uid.empty() && std::all_of(uid.begin(), uid.end(), [](char ch) {
    return (ch >= '0' && ch <= '9') || (ch >= 'A' && ch <= 'F');
  });
  if (digits && uid.size() == 10) return {uid, "id"};
  if (hex && (uid.size() == 8 || uid.size() == 14)) return {uid, "ic"};
  throw std::invalid_argument("card uid '" + (core::validUtf8(text) && text.size() <= 40 ? text : "?") +
                              "' is neither 8 or 14 hex digits (IC card) nor 10 digits (ID card)");
}

int bindCard(const CardCommand& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {}, "bind-card");
  if (a.words.size() != 2) throw std::invalid_argument("bind-card needs VILLAGER and UID");
  auto db = openLedger(c.db_path);
  db::Roster roster(db);
  const auto v = villagerArg(roster, a.words[0]);
  if (v.moved_away) throw std::invalid_argument(v.name + " has moved away (迁出); no new card");
  const auto [uid, kind] = cardUidArg(a.words[1]);
  db::Cards cards(db);
  db::Transaction tx(db);
  if (const auto known = cards.byUid(uid)) {
    throw std::invalid_argument("card " + uid + " is already bound to villager " +
                                std::to_string(known->villager_id) +
                                (known->revoked() ? " (revoked)" : ""));
  }
  check(cards.add(uid, v.id, kind, db::nowMs()));
  check(tx.commit());
  out << "bound " << kind << " card " << uid << " to " << v.name << " (villager " << v.id << ")\n";
  return 0;
}

// ---- revoke --------------------------------------------------------------------------------

int revokeCard(const CardCommand& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {"--reason"}, "revoke-card");
  if (a.words.size() != 1) throw std::invalid_argument("revoke-card needs a card UID or SERIAL");
  const auto reason = std::string(core::trim(a.flag("--reason").value_or("")));
  if (reason.empty()) throw std::invalid_argument("revoke-card needs --reason TEXT (lost, broken, ...)");
  if (reason.size() > 200 || !core::validUtf8(reason)) {
    throw std::invalid_argument("--reason must be UTF-8 text of at most 200 bytes");
  }
  auto db = openLedger(c.db_path);
  db::Cards cards(db);
  std::string uid = a.words[0];
  for (auto& ch : uid) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto card = uid.size() <= 40 ? cards.byUid(uid) : std::nullopt;
  if (!card) {
    if (const auto serial = db::qrCardSerial(uid)) card = cards.byUid(db::qrCardUid(*serial));
  }
  if (!card) throw std::invalid_argument("no card " + (core::validUtf8(uid) && uid.size() <= 40 ? uid : "?"));
  if (card->revoked()) {
    throw std::invalid_argument("card " + card->uid + " is already revoked (" + card->revoke_reason + ")");
  }
  db::Transaction tx(db);
  check(cards.revoke(card->uid, db::nowMs(), reason));
  check(tx.commit());
  out << "revoked " << card->kind << " card " << card->uid << " of villager " << card->villager_id
      << ": " << reason << "\n";
  return 0;
}

// ---- list ----------------------------------------------------------------------------------

std::string dayOf(std::int64_t ms) {
  const auto days = ms / 86'400'000;
  const std::chrono::sys_days d{std::chrono::days{days}};
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

int listCards(const CardCommand& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {}, "cards");
  if (a.words.size() != 1) throw std::invalid_argument("cards needs one VILLAGER id");
  auto db = openLedger(c.db_path);
  db::Roster roster(db);
  const auto v = villagerArg(roster, a.words[0]);
  const auto cards = db::Cards(db).ofVillager(v.id);
  if (c.json) {
    json list = json::array();
    for (const auto& k : cards) {
      list.push_back({{"uid", k.uid}, {"kind", k.kind}, {"serial", k.serial ? json(*k.serial) : json(nullptr)},
                      {"issued_at_ms", k.issued_at_ms},
                      {"revoked_at_ms", k.revoked_at_ms ? json(*k.revoked_at_ms) : json(nullptr)},
                      {"revoke_reason", k.revoked() ? json(k.revoke_reason) : json(nullptr)}});
    }
    out << json{{"villager_id", v.id}, {"name", v.name}, {"cards", list}}.dump(2) << "\n";
    return 0;
  }
  out << v.name << " (villager " << v.id << "): " << cards.size() << " card(s)\n";
  for (const auto& k : cards) {
    out << "  " << pad(k.uid, 16) << pad(k.kind, 6) << "issued " << dayOf(k.issued_at_ms);
    if (k.revoked()) out << "  revoked " << dayOf(*k.revoked_at_ms) << ": " << k.revoke_reason;
    else out << "  active";
    out << "\n";
  }
  return 0;
}

// ---- sheet ---------------------------------------------------------------------------------

// ID-1 cards, 2 × 5 on an A4 page, centred, with cut marks in the margins.
constexpr double kCardW = 85.6, kCardH = 54;
constexpr int kCols = 2, kRows = 5;
constexpr double kLeft = (pdf::kA4Width - kCols * kCardW) / 2;
constexpr double kTop = (pdf::kA4Height - kRows * kCardH) / 2;

struct SheetCard {
  db::Villager villager;
  std::string household;  // "H012 · 东岛路1号": the household's code (its id without one) and address
  std::string grid;
  std::string uid;
  std::string token;
};

void cutMarks(pdf::Document& d) {
  for (int i = 0; i <= kCols; ++i) {
    const double x = kLeft + i * kCardW;
    d.line(x, kTop - 9, x, kTop - 2, pdf::kBlack, 0.2);
    d.line(x, kTop + kRows * kCardH + 2, x, kTop + kRows * kCardH + 9, pdf::kBlack, 0.2);
  }
  for (int i = 0; i <= kRows; ++i) {
    const double y = kTop + i * kCardH;
    d.line(kLeft - 9, y, kLeft - 2, y, pdf::kBlack, 0.2);
    d.line(kLeft + kCols * kCardW + 2, y, kLeft + kCols * kCardW + 9, y, pdf::kBlack, 0.2);
  }
}

void drawCard(pdf::Document& d, double x, double y, const std::string& village, const SheetCard& c) {
  d.strokeRect(x, y, kCardW, kCardH, pdf::kGrey, 0.1, true);
  d.fillRect(x, y, kCardW, 9, pdf::kRed);
  d.text(x + 4, y + 2, kCardW - 8, village + "  红色信用卡",
         {9.5, true, pdf::kWhite, pdf::Align::Left});
  const double qr_side = 31;
  d.qr(x + kCardW - qr_side - 2, y + 11, qr_side, c.token);
  const double w = kCardW - qr_side - 8;
  double ty = y + 12;
  ty += d.text(x + 4, ty, w, c.villager.name, {20, true, pdf::kBlack, pdf::Align::Left}) + 2;
  ty += d.text(x + 4, ty, w, "户号 " + c.household, {7.5, false, pdf::kBlack, pdf::Align::Left}) + 1;
  d.text(x + 4, ty, w, "网格 " + c.grid, {7.5, false, pdf::kBlack, pdf::Align::Left});
  d.text(x + 4, y + kCardH - 8, w, "卡号 " + c.uid, {8, true, pdf::kGrey, pdf::Align::Left});
  d.text(x + kCardW - qr_side - 2, y + kCardH - 9, qr_side, c.uid,
         {6.5, false, pdf::kGrey, pdf::Align::Centre});
}

std::vector<core::VillagerId> idsOf(db::Database& db, const char* sql, std::int64_t key) {
  auto st = db.prepare(sql);
  st.bind(1, key);
  std::vector<core::VillagerId> out;
  while (true) {
    auto row = st.step();
    if (!row) throw db::DbException(row.error());
    if (!*row) break;
    out.push_back(st.columnInt(0));
  }
  return out;
}

std::vector<core::VillagerId> idList(const std::string& text) {
  std::vector<core::VillagerId> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto comma = std::min(text.find(',', pos), text.size());
    const auto item = std::string(core::trim(std::string_view(text).substr(pos, comma - pos)));
    if (!item.empty()) out.push_back(parsePositiveArg(item, "villager id"));
    if (out.size() > 10'000) throw std::invalid_argument("--villagers lists more than 10000 ids");
    pos = comma + 1;
  }
  if (out.empty()) throw std::invalid_argument("--villagers needs ID,ID,...");
  return out;
}

int cardSheet(const CardCommand& c, std::ostream& out, std::ostream& err) {
  const auto a = parseArgs(c.args, {"--villagers", "--household", "--grid", "--out"}, "card-sheet",
                           {"--force"});
  if (!a.words.empty()) throw std::invalid_argument("card-sheet takes no word '" + a.words[0] + "'");
  const int chosen = a.flag("--villagers").has_value() + a.flag("--household").has_value() +
                     a.flag("--grid").has_value();
  if (chosen > 1) throw std::invalid_argument("card-sheet takes one of --villagers, --household, --grid");
  const auto path = a.flag("--out");
  if (!path || path->empty()) throw std::invalid_argument("card-sheet needs --out FILE.pdf");
  std::error_code ec;
  if (std::filesystem::exists(*path, ec) && !a.has("--force")) {
    throw std::invalid_argument(*path + " exists; --force replaces it");
  }
  auto db = openLedger(c.db_path);
  db::Roster roster(db);
  std::vector<core::VillagerId> ids;
  bool explicit_ids = false;
  if (const auto v = a.flag("--villagers")) {
    ids = idList(*v);
    explicit_ids = true;
  } else if (const auto h = a.flag("--household")) {
    // The household's code as the roster names it (H001), or its id.
    auto st = db.prepare("SELECT id FROM households WHERE code = ? OR CAST(id AS TEXT) = ?");
    st.bind(1, *h).bind(2, *h);
    auto row = st.step();
    if (!row) throw db::DbException(row.error());
    if (!*row) throw std::invalid_argument("no household '" + (core::validUtf8(*h) ? *h : "?") + "'");
    const std::int64_t hid = st.columnInt(0);
    ids = idsOf(db, "SELECT id FROM villagers WHERE household_id = ? AND moved_away = 0 ORDER BY id", hid);
  } else if (const auto g = a.flag("--grid")) {
    std::int64_t gid = 0;
    auto st = db.prepare("SELECT id FROM grids WHERE name = ? OR CAST(id AS TEXT) = ?");
    st.bind(1, *g).bind(2, *g);
    auto row = st.step();
    if (!row) throw db::DbException(row.error());
    if (!*row) throw std::invalid_argument("no grid '" + (core::validUtf8(*g) ? *g : "?") + "'");
    gid = st.columnInt(0);
    ids = idsOf(db, "SELECT v.id FROM villagers v JOIN households h ON h.id = v.household_id "
                    "WHERE h.grid_id = ? AND v.moved_away = 0 ORDER BY h.id, v.id", gid);
  } else {
    ids = idsOf(db, "SELECT id FROM villagers WHERE moved_away = 0 AND id > ? ORDER BY household_id, id", 0);
  }
  if (ids.empty()) throw std::invalid_argument("no villagers selected");

  db::Transaction tx(db);
  const auto key = cardKey(c.db_path, db, true);
  db::Cards cards(db);
  const auto now = db::nowMs();
  std::vector<SheetCard> sheet;
  int issued = 0;
  for (const auto id : ids) {
    auto v = roster.villager(id);
    if (!v) throw std::invalid_argument("no villager " + std::to_string(id));
    if (v->moved_away && explicit_ids) {
      throw std::invalid_argument(v->name + " (villager " + std::to_string(id) + ") has moved away (迁出)");
    }
    auto card = activeQr(cards, id);
    if (!card) {
      auto made = cards.addQr(id, now);
      if (!made) throw db::DbException(made.error());
      card = std::move(*made);
      ++issued;
    }
    SheetCard s;
    s.household = textOf(db, "SELECT COALESCE(code, CAST(id AS TEXT)) || ' · ' || address FROM households WHERE id = ?",
                         v->household_id);
    s.grid = textOf(db, "SELECT name FROM grids WHERE id = ?", v->grid_id);
    s.uid = card->uid;
    s.token = tokenOf(*card, key);
    s.villager = std::move(*v);
    sheet.push_back(std::move(s));
  }
  std::string village = roster.meta("village").value_or("");
  if (village.empty()) village = "本村";
  pdf::Document d(*path, pdf::kA4Width, pdf::kA4Height);
  const std::size_t per_page = kCols * kRows;
  for (std::size_t i = 0; i < sheet.size(); ++i) {
    if (i > 0 && i % per_page == 0) d.newPage();
    if (i % per_page == 0) cutMarks(d);
    const auto slot = i % per_page;
    drawCard(d, kLeft + static_cast<double>(slot % kCols) * kCardW,
             kTop + static_cast<double>(slot / kCols) * kCardH, village, sheet[i]);
    if (sheet.size() > 50 && (i + 1) % 50 == 0) {
      err << "card-sheet: " << (i + 1) << " of " << sheet.size() << " cards\n";
    }
  }
  d.finish();
  if (auto done = tx.commit(); !done) {
    std::filesystem::remove(*path, ec);  // its new cards were not recorded
    throw db::DbException(done.error());
  }
  out << "wrote " << *path << ": " << sheet.size() << " card(s) on " << d.pages() << " page(s), "
      << issued << " newly issued\n";
  return 0;
}

}  // namespace

// ---- dispatch ------------------------------------------------------------------------------

bool isCardCommand(const std::string& name) noexcept {
  return name == "issue-card" || name == "bind-card" || name == "revoke-card" || name == "cards" ||
         name == "card-sheet";
}

int runCardCommand(const CardCommand& c, const core::Settings&, std::ostream& out,
                   std::ostream& err) {
  if (c.name == "issue-card") return issueCard(c, out);
  if (c.name == "bind-card") return bindCard(c, out);
  if (c.name == "revoke-card") return revokeCard(c, out);
  if (c.name == "cards") return listCards(c, out);
  return cardSheet(c, out, err);
}

}  // namespace rc::office
