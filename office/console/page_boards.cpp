// The console's boards page (榜单): a month's public boards as the kiosk's attract screen and
// the notice-board poster show them (db::monthBoards, the same as `rc-office board`), and that
// poster as a PDF (writeBoardPoster, as `rc-office board --pdf`). Everyone reads: the boards
// are public.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "db/reports.h"
#include "db/roster.h"
#include "office/board_poster.h"
#include "office/console/api.h"

namespace rc::office::console {
namespace {

// The month asked for ("YYYY-MM"), else the ledger's default month; never a month to come.
core::YearMonth monthOf(Context& c, const Request& req) {
  db::Roster roster(c.db);
  const auto text = req.query("month", 20);
  if (!text || text->empty()) return db::defaultMonth(roster);
  const auto ym = core::YearMonth::parse(*text);
  if (!ym) badInput("month：月份应当写成 2026-11 (write the month as YYYY-MM)");
  const auto latest = std::max(db::defaultMonth(roster), core::monthOfMs(db::nowMs()));
  if (*ym > latest) {
    badInput("month：" + ym->toString() + " 还没到，没有榜单 (that month has not come yet)");
  }
  return *ym;
}

json rowJson(const db::BoardRow& r) {
  json j = {{"id", r.id},
            {"name", r.name},
            {"score", r.score},
            {"rank", r.rank},
            {"red", r.stars.red},
            {"grey", r.stars.grey},
            {"stars_text", starWords(r.stars)}};
  j["paired_name"] = r.paired_with ? json(r.paired_name) : json(nullptr);
  return j;
}

json rowsJson(const std::vector<db::BoardRow>& rows) {
  json a = json::array();
  for (const auto& r : rows) a.push_back(rowJson(r));
  return a;
}

// A private folder for one poster, removed with everything in it when the reply is read.
class PosterFolder {
 public:
  PosterFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rc-poster-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) {
      throw ConsoleError(500, "无法准备海报文件 (the poster's temporary folder could not be made)");
    }
    m_dir = pattern;
  }
  ~PosterFolder() {
    std::error_code ec;
    std::filesystem::remove_all(m_dir, ec);
  }
  PosterFolder(const PosterFolder&) = delete;
  PosterFolder& operator=(const PosterFolder&) = delete;
  std::string file(const std::string& name) const { return (m_dir / name).string(); }

 private:
  std::filesystem::path m_dir;
};

Reply boards(Context& c, const Request& req) {
  const auto month = monthOf(c, req);
  const auto b = db::monthBoards(c.db, c.settings, month);
  db::Roster roster(c.db);
  const auto first = db::firstLedgerMonth(c.db);
  Reply r;
  r.body = {{"month", b.month.toString()},
            {"default_month", db::defaultMonth(roster).toString()},
            {"first_month", first ? json(first->toString()) : json(nullptr)},
            {"village", roster.meta("village").value_or("")},
            {"star_step", c.settings.star_step},
            {"top_size", c.settings.board_top_size},
            {"bottom_size", c.settings.board_bottom_size},
            {"stars_drawn", kStarsDrawn},
            {"party_board", rowsJson(b.party)},
            {"commended", rowsJson(b.commended)},
            {"yellow_cards", rowsJson(b.yellow_cards)}};
  return r;
}

Reply poster(Context& c, const Request& req) {
  const auto month = monthOf(c, req);
  const auto b = db::monthBoards(c.db, c.settings, month);
  db::Roster roster(c.db);
  PosterFolder folder;
  const std::string path = folder.file("poster.pdf");
  try {
    writeBoardPoster(path, b, c.settings, {roster.meta("village").value_or(""), db::nowMs()});
  } catch (const std::runtime_error& e) {
    c.log(std::string("console: board poster: ") + e.what());
    throw ConsoleError(500, "海报没有做成，请再试一次 (the poster could not be written)");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw ConsoleError(500, "海报没有做成，请再试一次 (the poster could not be read)");
  return Reply::download("application/pdf", "board-" + b.month.toString() + ".pdf", bytes.str());
}

}  // namespace

void addBoardRoutes(Routes& routes) {
  routes.push_back({"GET", "boards", kEveryone, "", boards});
  routes.push_back({"GET", "boards/poster", kEveryone, "", poster});
}

}  // namespace rc::office::console
