#pragma once
// The office's card actions, one implementation for rc-office's card commands (issue-card,
// revoke-card, card-sheet) and the console's cards page: the card key beside the ledger, issuing
// a QR card (or a replacement that revokes the old one), revoking with a reason, choosing whose
// cards a sheet prints and writing that sheet as a PDF of ID-1 cards.
// Each function works on the caller's connection; those that change the ledger run inside a
// transaction of their own, nested in the caller's when there is one. Not thread-safe.

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/types.h"
#include "db/cards.h"
#include "db/roster.h"
#include "db/sqlite.h"
#include "sync/protocol.h"

namespace rc::office {

// Why a card action was refused: each front end words it (the CLI prints what(), in English).
enum class CardRefusal {
  NoVillager,      // no such villager id
  MovedAway,       // 迁出: no new card
  HasQrCard,       // an active QR card, and no replacement asked for
  NoCard,          // no card with that uid or serial
  AlreadyRevoked,
  BadReason,       // empty, or not UTF-8 text of at most kMaxRevokeReason bytes
  NoHousehold,
  NoGrid,
  NoneSelected,    // a sheet of nobody
};

class CardRefused : public std::invalid_argument {
 public:
  CardRefused(CardRefusal why, const std::string& message)
      : std::invalid_argument(message), m_why(why) {}
  CardRefusal why() const noexcept { return m_why; }

 private:
  CardRefusal m_why;
};

inline constexpr std::size_t kMaxRevokeReason = 200;

// The office's card key, created on first use when `create`; its public half recorded in meta
// (inside the caller's transaction). A key file that does not match the public key in meta, or
// a missing file while meta has a key, is refused (std::runtime_error): a new key would void
// every printed card.
sync::KeyPair cardKey(const std::string& db_path, db::Database& db, bool create);
// The card's token (sync/card_token.h); the same text each time for the same card.
std::string cardTokenOf(const db::CardInfo& c, const sync::KeyPair& key);

struct IssuedCard {
  db::Villager villager;
  db::CardInfo card;
  std::vector<std::string> revoked;  // the QR cards it replaced ("replaced by Q…")
  std::string token;
};
// A new QR card for `villager`; with `replace`, the active QR card(s) are revoked with the reason
// "replaced by Q…", else an active one refuses (HasQrCard).
IssuedCard issueQrCard(db::Database& db, const std::string& db_path, core::VillagerId villager,
                       bool replace, std::int64_t now_ms);

// The card a person names: its uid (any case) or a QR serial ("Q000123", "123").
std::optional<db::CardInfo> findCard(db::Cards& cards, const std::string& uid_or_serial);
// Revokes the card named so, with `reason` (trimmed, required); returns it as it was.
db::CardInfo revokeCard(db::Database& db, const std::string& uid_or_serial,
                        const std::string& reason, std::int64_t now_ms);

// A villager as a printed card names them: household "H012 · 东岛路1号" (its code, or its id
// without one, and address), household code alone, grid name.
struct CardHolder {
  db::Villager villager;
  std::string household;
  std::string household_code;
  std::string grid;
};
CardHolder cardHolder(db::Database& db, core::VillagerId id);  // NoVillager when unknown
// The village's grids (id, name) in order, for choosing a grid's sheet.
std::vector<std::pair<std::int64_t, std::string>> cardGrids(db::Database& db);

// Whose cards a sheet prints: at most one of these; none: every villager still in the village.
struct SheetChoice {
  std::optional<std::vector<core::VillagerId>> villagers;  // explicit (moved away ones refused)
  std::optional<std::string> household;  // its code (H012) or id
  std::optional<std::string> grid;       // its name or id
};
std::vector<core::VillagerId> sheetVillagers(db::Database& db, const SheetChoice& choice);

struct SheetWritten {
  std::size_t cards = 0;
  int pages = 0;
  int issued = 0;  // villagers who had no active QR card got one
};
// Writes the cards of `ids` at `pdf_path`: A4 pages of ten ID-1 cards with cut marks, each with
// the villager's active QR card (issued now when they have none). `progress` (may be null) hears
// every 50 cards of a long sheet. The file is removed again when the ledger refuses the new cards.
SheetWritten writeCardSheet(db::Database& db, const std::string& db_path,
                            const std::vector<core::VillagerId>& ids, bool explicit_ids,
                            const std::string& pdf_path, std::ostream* progress);

}  // namespace rc::office
