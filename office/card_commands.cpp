// issue-card, bind-card, revoke-card, cards, card-sheet.
// The card key, issuing, revoking and the sheet itself live in office/card_sheet.h (the console
// calls them too).
// Section index: villagers · issue · bind · revoke · list · sheet · dispatch
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
#include "office/card_sheet.h"

namespace rc::office {
namespace {

using nlohmann::json;

// A database failure is the CLI's "database error" line (and the transaction rolls back).
void check(const db::DbStatus& st) {
  if (!st) throw db::DbException(st.error());
}

// ---- villagers -----------------------------------------------------------------------------

db::Villager villagerArg(db::Roster& roster, const std::string& text) {
  const auto id = parsePositiveArg(text, "villager id");
  auto v = roster.villager(id);
  if (!v) throw std::invalid_argument("no villager " + std::to_string(id));
  return std::move(*v);
}

// ---- issue ---------------------------------------------------------------------------------

int issueCard(const CardCommand& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {}, "issue-card", {"--replace"});
  if (a.words.size() != 1) throw std::invalid_argument("issue-card needs one VILLAGER id");
  auto db = openLedger(c.db_path);
  const auto id = parsePositiveArg(a.words[0], "villager id");
  const auto issued = issueQrCard(db, c.db_path, id, a.has("--replace"), db::nowMs());
  for (const auto& uid : issued.revoked) {
    out << "revoked " << uid << " (replaced by " << issued.card.uid << ")\n";
  }
  out << "issued " << issued.card.uid << " to " << issued.villager.name << " (villager "
      << issued.villager.id << ")\n";
  out << "serial " << *issued.card.serial << "\n" << "token " << issued.token << "\n";
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

int revokeCardCommand(const CardCommand& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {"--reason"}, "revoke-card");
  if (a.words.size() != 1) throw std::invalid_argument("revoke-card needs a card UID or SERIAL");
  auto db = openLedger(c.db_path);
  const auto card = revokeCard(db, a.words[0], a.flag("--reason").value_or(""), db::nowMs());
  out << "revoked " << card.kind << " card " << card.uid << " of villager " << card.villager_id
      << ": " << card.revoke_reason << "\n";
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
  SheetChoice choice;
  if (const auto v = a.flag("--villagers")) choice.villagers = idList(*v);
  choice.household = a.flag("--household");
  choice.grid = a.flag("--grid");
  const auto ids = sheetVillagers(db, choice);
  const auto done = writeCardSheet(db, c.db_path, ids, choice.villagers.has_value(), *path, &err);
  out << "wrote " << *path << ": " << done.cards << " card(s) on " << done.pages << " page(s), "
      << done.issued << " newly issued\n";
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
  if (c.name == "revoke-card") return revokeCardCommand(c, out);
  if (c.name == "cards") return listCards(c, out);
  return cardSheet(c, out, err);
}

}  // namespace rc::office
