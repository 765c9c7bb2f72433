// The office's card actions (office/card_sheet.h).
// Section index: the card key · issue · revoke · choosing a sheet · drawing a sheet
#include "office/card_sheet.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <ostream>

#include "core/text.h"
#include "db/ledger.h"
#include "office/pdf.h"
#include "sync/card_token.h"

namespace rc::office {
namespace {

// A database failure is the caller's "database error" (and the transaction rolls back).
void check(const db::DbStatus& st) {
  if (!st) throw db::DbException(st.error());
}

std::string printable(const std::string& text) {
  return core::validUtf8(text) && text.size() <= 40 ? text : "?";
}

db::Villager villagerOf(db::Roster& roster, core::VillagerId id) {
  auto v = roster.villager(id);
  if (!v) throw CardRefused(CardRefusal::NoVillager, "no villager " + std::to_string(id));
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

}  // namespace

// ---- the card key --------------------------------------------------------------------------

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

std::string cardTokenOf(const db::CardInfo& c, const sync::KeyPair& key) {
  return sync::makeCardToken(c.villager_id, static_cast<std::uint32_t>(*c.serial),
                             sync::cardDay(c.issued_at_ms), key);
}

// ---- issue ---------------------------------------------------------------------------------

IssuedCard issueQrCard(db::Database& db, const std::string& db_path, core::VillagerId villager,
                       bool replace, std::int64_t now_ms) {
  db::Roster roster(db);
  IssuedCard out;
  out.villager = villagerOf(roster, villager);
  const auto& v = out.villager;
  if (v.moved_away) {
    throw CardRefused(CardRefusal::MovedAway, v.name + " has moved away (迁出); no new card");
  }
  db::Transaction tx(db);
  const auto key = cardKey(db_path, db, true);
  db::Cards cards(db);
  for (const auto& old : cards.ofVillager(v.id)) {
    if (old.kind != "qr" || old.revoked()) continue;
    if (!replace) {
      throw CardRefused(CardRefusal::HasQrCard,
                        v.name + " already has QR card " + old.uid +
                            "; --replace revokes it and issues another, card-sheet prints it again");
    }
    out.revoked.push_back(old.uid);
  }
  auto card = cards.addQr(v.id, now_ms);
  if (!card) throw db::DbException(card.error());
  for (const auto& uid : out.revoked) check(cards.revoke(uid, now_ms, "replaced by " + card->uid));
  out.token = cardTokenOf(*card, key);
  out.card = std::move(*card);
  check(tx.commit());
  return out;
}

// ---- revoke --------------------------------------------------------------------------------

std::optional<db::CardInfo> findCard(db::Cards& cards, const std::string& uid_or_serial) {
  std::string uid = uid_or_serial;
  for (auto& ch : uid) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  auto card = uid.size() <= 40 ? cards.byUid(uid) : std::nullopt;
  if (!card) {
    if (const auto serial = db::qrCardSerial(uid)) card = cards.byUid(db::qrCardUid(*serial));
  }
  return card;
}

db::CardInfo revokeCard(db::Database& db, const std::string& uid_or_serial,
                        const std::string& reason_text, std::int64_t now_ms) {
  const auto reason = std::string(core::trim(reason_text));
  if (reason.empty()) {
    throw CardRefused(CardRefusal::BadReason, "revoke-card needs --reason TEXT (lost, broken, ...)");
  }
  if (reason.size() > kMaxRevokeReason || !core::validUtf8(reason)) {
    throw CardRefused(CardRefusal::BadReason, "--reason must be UTF-8 text of at most 200 bytes");
  }
  db::Cards cards(db);
  auto card = findCard(cards, uid_or_serial);
  if (!card) throw CardRefused(CardRefusal::NoCard, "no card " + printable(uid_or_serial));
  if (card->revoked()) {
    throw CardRefused(CardRefusal::AlreadyRevoked,
                      "card " + card->uid + " is already revoked (" + card->revoke_reason + ")");
  }
  db::Transaction tx(db);
  check(cards.revoke(card->uid, now_ms, reason));
  check(tx.commit());
  card->revoked_at_ms = now_ms;
  card->revoke_reason = reason;
  return std::move(*card);
}

// ---- choosing a sheet ----------------------------------------------------------------------

CardHolder cardHolder(db::Database& db, core::VillagerId id) {
  db::Roster roster(db);
  CardHolder h;
  h.villager = villagerOf(roster, id);
  h.household = textOf(db, "SELECT COALESCE(code, CAST(id AS TEXT)) || ' · ' || address FROM households WHERE id = ?",
                       h.villager.household_id);
  h.household_code = textOf(db, "SELECT COALESCE(code, CAST(id AS TEXT)) FROM households WHERE id = ?",
                            h.villager.household_id);
  h.grid = textOf(db, "SELECT name FROM grids WHERE id = ?", h.villager.grid_id);
  return h;
}

std::vector<std::pair<std::int64_t, std::string>> cardGrids(db::Database& db) {
  auto st = db.prepare("SELECT id, name FROM grids ORDER BY id");
  std::vector<std::pair<std::int64_t, std::string>> out;
  while (true) {
    auto row = st.step();
    if (!row) throw db::DbException(row.error());
    if (!*row) break;
    out.emplace_back(st.columnInt(0), st.columnText(1));
  }
  return out;
}

std::vector<core::VillagerId> sheetVillagers(db::Database& db, const SheetChoice& choice) {
  std::vector<core::VillagerId> ids;
  if (choice.villagers) {
    ids = *choice.villagers;
  } else if (const auto& h = choice.household) {
    // The household's code as the roster names it (H001), or its id.
    auto st = db.prepare("SELECT id FROM households WHERE code = ? OR CAST(id AS TEXT) = ?");
    st.bind(1, *h).bind(2, *h);
    auto row = st.step();
    if (!row) throw db::DbException(row.error());
    if (!*row) throw CardRefused(CardRefusal::NoHousehold, "no household '" + printable(*h) + "'");
    const std::int64_t hid = st.columnInt(0);
    ids = idsOf(db, "SELECT id FROM villagers WHERE household_id = ? AND moved_away = 0 ORDER BY id", hid);
  } else if (const auto& g = choice.grid) {
    auto st = db.prepare("SELECT id FROM grids WHERE name = ? OR CAST(id AS TEXT) = ?");
    st.bind(1, *g).bind(2, *g);
    auto row = st.step();
    if (!row) throw db::DbException(row.error());
    if (!*row) throw CardRefused(CardRefusal::NoGrid, "no grid '" + printable(*g) + "'");
    const std::int64_t gid = st.columnInt(0);
    ids = idsOf(db, "SELECT v.id FROM villagers v JOIN households h ON h.id = v.household_id "
                    "WHERE h.grid_id = ? AND v.moved_away = 0 ORDER BY h.id, v.id", gid);
  } else {
    ids = idsOf(db, "SELECT id FROM villagers WHERE moved_away = 0 AND id > ? ORDER BY household_id, id", 0);
  }
  if (ids.empty()) throw CardRefused(CardRefusal::NoneSelected, "no villagers selected");
  return ids;
}

// ---- drawing a sheet -----------------------------------------------------------------------

namespace {

// ID-1 cards, 2 × 5 on an A4 page, centred, with cut marks in the margins.
constexpr double kCardW = 85.6, kCardH = 54;
constexpr int kCols = 2, kRows = 5;
constexpr double kLeft = (pdf::kA4Width - kCols * kCardW) / 2;
constexpr double kTop = (pdf::kA4Height - kRows * kCardH) / 2;

struct SheetCard {
  CardHolder holder;
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
  ty += d.text(x + 4, ty, w, c.holder.villager.name, {20, true, pdf::kBlack, pdf::Align::Left}) + 2;
  ty += d.text(x + 4, ty, w, "户号 " + c.holder.household, {7.5, false, pdf::kBlack, pdf::Align::Left}) + 1;
  d.text(x + 4, ty, w, "网格 " + c.holder.grid, {7.5, false, pdf::kBlack, pdf::Align::Left});
  d.text(x + 4, y + kCardH - 8, w, "卡号 " + c.uid, {8, true, pdf::kGrey, pdf::Align::Left});
  d.text(x + kCardW - qr_side - 2, y + kCardH - 9, qr_side, c.uid,
         {6.5, false, pdf::kGrey, pdf::Align::Centre});
}

}  // namespace

SheetWritten writeCardSheet(db::Database& db, const std::string& db_path,
                            const std::vector<core::VillagerId>& ids, bool explicit_ids,
                            const std::string& pdf_path, std::ostream* progress) {
  if (ids.empty()) throw CardRefused(CardRefusal::NoneSelected, "no villagers selected");
  db::Roster roster(db);
  db::Transaction tx(db);
  const auto key = cardKey(db_path, db, true);
  db::Cards cards(db);
  const auto now = db::nowMs();
  std::vector<SheetCard> sheet;
  SheetWritten done;
  for (const auto id : ids) {
    auto holder = cardHolder(db, id);
    const auto& v = holder.villager;
    if (v.moved_away && explicit_ids) {
      throw CardRefused(CardRefusal::MovedAway,
                        v.name + " (villager " + std::to_string(id) + ") has moved away (迁出)");
    }
    auto card = activeQr(cards, id);
    if (!card) {
      auto made = cards.addQr(id, now);
      if (!made) throw db::DbException(made.error());
      card = std::move(*made);
      ++done.issued;
    }
    SheetCard s;
    s.uid = card->uid;
    s.token = cardTokenOf(*card, key);
    s.holder = std::move(holder);
    sheet.push_back(std::move(s));
  }
  std::string village = roster.meta("village").value_or("");
  if (village.empty()) village = "本村";
  pdf::Document d(pdf_path, pdf::kA4Width, pdf::kA4Height);
  const std::size_t per_page = kCols * kRows;
  for (std::size_t i = 0; i < sheet.size(); ++i) {
    if (i > 0 && i % per_page == 0) d.newPage();
    if (i % per_page == 0) cutMarks(d);
    const auto slot = i % per_page;
    drawCard(d, kLeft + static_cast<double>(slot % kCols) * kCardW,
             kTop + static_cast<double>(slot / kCols) * kCardH, village, sheet[i]);
    if (progress && sheet.size() > 50 && (i + 1) % 50 == 0) {
      *progress << "card-sheet: " << (i + 1) << " of " << sheet.size() << " cards\n";
    }
  }
  d.finish();
  if (auto committed = tx.commit(); !committed) {
    std::error_code ec;
    std::filesystem::remove(pdf_path, ec);  // its new cards were not recorded
    throw db::DbException(committed.error());
  }
  done.cards = sheet.size();
  done.pages = d.pages();
  return done;
}

}  // namespace rc::office
