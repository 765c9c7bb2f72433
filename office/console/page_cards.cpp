// The console's cards page (卡片): find a villager by name or by a card (uid, QR serial or the
// scanned token), see their cards, issue a QR card or a replacement, revoke one with a reason,
// and download a sheet of printed cards. The clerk and the secretary change; the auditor reads.
// Every change calls office/card_sheet.h, as rc-office's issue-card, revoke-card and card-sheet do.
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "core/text.h"
#include "office/card_sheet.h"
#include "office/console/api.h"
#include "sync/card_token.h"

namespace rc::office::console {
namespace {

constexpr std::size_t kFound = 30;  // villagers a search lists

std::string kindZh(const std::string& kind) {
  if (kind == "qr") return "二维码卡";
  if (kind == "ic") return "IC卡";
  if (kind == "id") return "身份证";
  if (kind == "staff") return "员工卡";
  return kind;
}

// A refusal of office/card_sheet.h in the console's words.
[[noreturn]] void refuse(const CardRefused& e) {
  const std::string en = e.what();
  switch (e.why()) {
    case CardRefusal::NoVillager: throw ConsoleError(404, "没有这位村民 (" + en + ")");
    case CardRefusal::MovedAway: throw ConsoleError(409, "这位村民已迁出，不再发新卡 (moved away; no new card)");
    case CardRefusal::HasQrCard:
      throw ConsoleError(409, "这位村民已有一张在用的二维码卡；要换卡请选“补办新卡”，旧卡会作废 "
                              "(already has an active QR card; a replacement revokes it)");
    case CardRefusal::NoCard: throw ConsoleError(404, "找不到这张卡 (" + en + ")");
    case CardRefusal::AlreadyRevoked: throw ConsoleError(409, "这张卡已经作废了 (" + en + ")");
    case CardRefusal::BadReason:
      badInput("作废原因：必须填写，不超过 200 字节 (reason: required, at most 200 bytes)");
    case CardRefusal::NoHousehold: throw ConsoleError(404, "没有这一户 (" + en + ")");
    case CardRefusal::NoGrid: throw ConsoleError(404, "没有这个网格 (" + en + ")");
    case CardRefusal::NoneSelected: throw ConsoleError(409, "没有要印的村民 (no villagers selected)");
  }
  throw ConsoleError(400, en);
}

// The card key cannot be used (a missing or unreadable key file): no card is issued or printed.
[[noreturn]] void keyTrouble(Context& c, const std::runtime_error& e) {
  c.log(std::string("console: card key: ") + e.what());
  throw ConsoleError(500, "村委会的发卡密钥不能用，请找管理员从备份恢复 (the card key cannot be used: " +
                              std::string(e.what()) + ")");
}

json cardJson(const db::CardInfo& k) {
  return {{"uid", k.uid},
          {"kind", k.kind},
          {"kind_zh", kindZh(k.kind)},
          {"serial", k.serial ? json(*k.serial) : json(nullptr)},
          {"issued", timeText(k.issued_at_ms)},
          {"revoked", k.revoked() ? json(timeText(*k.revoked_at_ms)) : json(nullptr)},
          {"reason", k.revoked() ? json(k.revoke_reason) : json(nullptr)}};
}

json holderJson(const CardHolder& h) {
  return {{"id", h.villager.id},
          {"name", h.villager.name},
          {"household", h.household},
          {"household_code", h.household_code},
          {"grid", h.grid},
          {"grid_id", h.villager.grid_id},
          {"moved_away", h.villager.moved_away}};
}

json villagerJson(Context& c, core::VillagerId id) {
  json v = holderJson(cardHolder(c.db, id));
  v["cards"] = json::array();
  int active_qr = 0;
  for (const auto& k : db::Cards(c.db).ofVillager(id)) {
    v["cards"].push_back(cardJson(k));
    if (k.kind == "qr" && !k.revoked()) ++active_qr;
  }
  v["active_qr"] = active_qr;
  return v;
}

// The card a search names: a uid, a QR serial, or a whole scanned token (its serial).
std::optional<db::CardInfo> cardOf(Context& c, const std::string& q) {
  db::Cards cards(c.db);
  if (sync::looksLikeCardToken(q)) {
    const auto token = sync::parseCardToken(q);
    if (!token) return std::nullopt;
    return cards.byUid(db::qrCardUid(token->serial));
  }
  return findCard(cards, q);
}

// A PDF written by writeCardSheet to a private temporary file, read back and removed.
struct TempPdf {
  TempPdf() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rc-card-sheet-XXXXXX").string();
    const int fd = ::mkstemp(pattern.data());
    if (fd < 0) throw ConsoleError(500, "临时文件建不了 (no temporary file)");
    ::close(fd);
    path = pattern;
  }
  ~TempPdf() {
    std::error_code ec;
    std::filesystem::remove(path, ec);
  }
  TempPdf(const TempPdf&) = delete;
  TempPdf& operator=(const TempPdf&) = delete;
  std::string bytes() const {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
  }
  std::string path;
};

// ASCII letters, digits and '-' only (a download's file name).
std::string asciiName(const std::string& text) {
  std::string out;
  for (const char ch : text) {
    if ((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '-') {
      out += ch;
    }
  }
  return out.empty() ? "x" : out;
}

Reply find(Context& c, const Request& req) {
  const auto q = std::string(core::trim(req.query("q", 200).value_or("")));
  if (q.empty()) badInput("请输入姓名、卡号或序号 (type a name, a card number or a serial)");
  Reply r;
  r.body["villagers"] = json::array();
  std::vector<core::VillagerId> seen;
  if (const auto card = cardOf(c, q)) {
    auto v = holderJson(cardHolder(c.db, card->villager_id));
    v["matched_card"] = card->uid;
    r.body["villagers"].push_back(v);
    seen.push_back(card->villager_id);
  }
  bool more = false;
  for (const auto& v : db::Roster(c.db).villagers()) {
    if (v.name.find(q) == std::string::npos) continue;
    if (std::find(seen.begin(), seen.end(), v.id) != seen.end()) continue;
    if (r.body["villagers"].size() >= kFound) {
      more = true;
      break;
    }
    r.body["villagers"].push_back(holderJson(cardHolder(c.db, v.id)));
  }
  r.body["more"] = more;
  return r;
}

Reply issue(Context& c, const Request& req) {
  const auto id = req.integer("villager", 1, std::numeric_limits<std::int32_t>::max());
  const bool replace = req.flag("replace");
  IssuedCard issued;
  try {
    issued = issueQrCard(c.db, c.db_path, id, replace, db::nowMs());
  } catch (const CardRefused& e) {
    refuse(e);
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const db::DbException*>(&e)) throw;
    keyTrouble(c, e);
  }
  Reply r;
  r.body = {{"uid", issued.card.uid}, {"revoked", issued.revoked}, {"villager", villagerJson(c, id)}};
  r.audit = "issued QR card " + issued.card.uid + " to " + issued.villager.name + " (villager " +
            std::to_string(id) + ")";
  for (const auto& uid : issued.revoked) r.audit += "; revoked " + uid + " (replaced)";
  return r;
}

Reply revoke(Context& c, const Request& req) {
  const auto uid = req.text("card", 40);
  const auto reason = req.optionalText("reason", kMaxRevokeReason).value_or("");
  db::CardInfo card;
  try {
    card = revokeCard(c.db, uid, reason, db::nowMs());
  } catch (const CardRefused& e) {
    refuse(e);
  }
  const auto name = db::Roster(c.db).villager(card.villager_id);
  Reply r;
  r.body = {{"uid", card.uid}, {"villager", villagerJson(c, card.villager_id)}};
  r.audit = "revoked " + card.kind + " card " + card.uid + " of " + (name ? name->name : "?") +
            " (villager " + std::to_string(card.villager_id) + "): " + card.revoke_reason;
  return r;
}

Reply sheet(Context& c, const Request& req) {
  const auto villager = req.optionalInteger("villager", 1, std::numeric_limits<std::int32_t>::max());
  const auto household = req.optionalText("household", 40);
  const auto grid = req.optionalInteger("grid", 1, std::numeric_limits<std::int32_t>::max());
  const int chosen = villager.has_value() + (household && !household->empty()) + grid.has_value();
  if (chosen != 1) badInput("请选一位村民、一户或一个网格 (choose one villager, household or grid)");
  SheetChoice choice;
  std::string what, file;
  if (villager) {
    choice.villagers = std::vector<core::VillagerId>{*villager};
    what = "villager " + std::to_string(*villager);
    file = "cards-villager-" + std::to_string(*villager) + ".pdf";
  } else if (household && !household->empty()) {
    choice.household = *household;
    what = "household " + *household;
    file = "cards-household-" + asciiName(*household) + ".pdf";
  } else {
    choice.grid = std::to_string(*grid);
    what = "grid " + std::to_string(*grid);
    file = "cards-grid-" + std::to_string(*grid) + ".pdf";
  }
  TempPdf pdf;
  SheetWritten done;
  try {
    const auto ids = sheetVillagers(c.db, choice);
    done = writeCardSheet(c.db, c.db_path, ids, choice.villagers.has_value(), pdf.path, nullptr);
  } catch (const CardRefused& e) {
    refuse(e);
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const db::DbException*>(&e)) throw;
    keyTrouble(c, e);
  }
  auto r = Reply::download("application/pdf", file, pdf.bytes());
  r.audit = "card sheet for " + what + ": " + std::to_string(done.cards) + " card(s) on " +
            std::to_string(done.pages) + " page(s), " + std::to_string(done.issued) + " newly issued";
  return r;
}

}  // namespace

void addCardRoutes(Routes& routes) {
  routes.push_back({"GET", "cards/find", kOfficeReaders, "", find});
  routes.push_back({"GET", "cards/grids", kOfficeReaders, "", [](Context& c, const Request&) {
                      Reply r;
                      r.body["grids"] = json::array();
                      for (const auto& [id, name] : cardGrids(c.db)) {
                        r.body["grids"].push_back({{"id", id}, {"name", name}});
                      }
                      return r;
                    }});
  routes.push_back({"GET", "cards/villager/(\\d+)", kOfficeReaders, "",
                    [](Context& c, const Request& req) {
                      Reply r;
                      try {
                        r.body = villagerJson(c, req.matchId(1));
                      } catch (const CardRefused& e) {
                        refuse(e);
                      }
                      return r;
                    }});
  routes.push_back({"POST", "cards/issue", kSecretaryAndClerk, "issue card", issue});
  routes.push_back({"POST", "cards/revoke", kSecretaryAndClerk, "revoke card", revoke});
  routes.push_back({"POST", "cards/sheet", kSecretaryAndClerk, "card sheet", sheet});
}

}  // namespace rc::office::console
