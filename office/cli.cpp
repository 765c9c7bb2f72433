// rc-office: init-demo, summary, villager, board, verify (serve, enroll-kiosk and overdrafts
// live in sync_commands.cpp; staff, reconcile and export in staff_commands.cpp). Section index:
//   options and errors · opening the ledger · text helpers · commands · dispatch
#include "office/cli.h"

#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>

#include "core/rules.h"
#include "db/schema.h"
#include "office/command_args.h"
#include "office/config.h"
#include "office/demo_village.h"
#include "db/reports.h"
#include "db/services.h"
#include "office/board_poster.h"
#include "office/reward_commands.h"
#include "office/council_commands.h"
#include "office/roster_commands.h"
#include "office/card_commands.h"
#include "office/product_commands.h"
#include "office/staff_commands.h"
#include "office/team_commands.h"
#include "office/user_commands.h"
#include "office/sync_commands.h"
#include "office/systemd_service.h"
#include "office/backup_commands.h"

namespace rc::office {
namespace {

using db::BoardRow;
using db::defaultMonth;
using db::MonthBoards;
using db::monthBoards;
using db::Summary;
using db::summarize;
using db::villagerReport;
using nlohmann::json;

constexpr const char* kHelp = R"(rc-office — the village office's red credit ledger (红色信用 村委会账本)

Usage: rc-office --db PATH [--json] [--config FILE] COMMAND [ARGS]

Commands:
  init-demo [--seed N] [--month YYYY-MM] [--force]
                      create the demo village (东岛刘家村) at PATH: 358 households,
                      928 villagers, twelve months of council events up to the
                      given month (default: this month, up to this moment; nothing
                      is dated later than now). Refuses to replace an existing file
                      unless --force.
  init [--village NAME] [--force]
                      create an empty office ledger at PATH: the rule book (11 categories,
                      35 rules), the five grids, the volunteer teams and the service
                      stations; no villagers, no entries. Refuses to replace an existing
                      file unless --force
  import-roster FILE.csv [--apply] [--encoding utf-8|gbk]
                      households and villagers from the village's roster spreadsheet
                      (UTF-8 or GBK, detected; columns in docs/office-roster.md). Without
                      --apply it shows what would change (new, updated with which fields,
                      unchanged) and writes nothing; with it, every row or none. Bad lines
                      are listed with their line numbers and nothing is written (exit 2)
  export-roster --out FILE.csv [--encoding utf-8|gbk] [--force]
                      the roster in the format import-roster reads, with villager_id;
                      UTF-8 with BOM unless gbk. Refuses to replace FILE unless --force
  summary [--month YYYY-MM]
                      the village in figures, and who is below the welfare threshold
  villager ID [--month YYYY-MM]
                      one villager: score, stars, points, rank, welfare, last entries
  rules               the rule book (规则): each rule's code, category, title and score
                      change, as council sheets and grid logs name them
  board [--month YYYY-MM] [--pdf FILE [--force]]
                      the month's public boards: honour roll, yellow cards with their
                      paired party members, the party members' red/grey board. With
                      --pdf, an A3 poster for the notice board (stars drawn and counted;
                      more pages when the boards are long); refuses to replace FILE
                      unless --force
  fund                the red credit fund (红色信用基金): balance and every movement
                      (deposits, quarterly reward draws), in yuan
  fund deposit AMOUNT --note TEXT
                      pay AMOUNT yuan into the fund (e.g. 150000 or 1234.50)
  fund withdraw AMOUNT --note TEXT
                      take AMOUNT yuan out (a deposit entered wrongly, money the council
                      spent otherwise); refused when the fund holds less. A movement is
                      never edited or deleted
  rewards --quarter YYYYQN [--apply]
                      the quarter's rewards (季度信用奖励): everyone not moved away at or
                      above a reward level by their score at the quarter's end (or now,
                      while it runs; China Standard Time), by level: villagers, points,
                      yuan, and whether the fund covers it. Changes nothing without
                      --apply; --apply credits the points and draws the fund in one go,
                      refused when the fund is short or the quarter was paid already
  credit-stars --year YYYY [--award ID,ID,ID]
                      the year's credit-star candidates (信用之星; docs/rules.md) and who
                      was awarded; --award records the council's choice once a year (each
                      a candidate, at most credit_stars_per_year)
  bookings --day YYYY-MM-DD
                      the day's bookings (China Standard Time) at every station: time,
                      station, ticket, villager, who booked for them, points, state
  orders [--state S]  service requests (haircut, repair, errand), oldest first; S is one of
                      requested, claimed, done, confirmed, cancelled
  verify              recompute every balance and stock level from the entries and walk
                      the hash chain; exit 1 naming the first bad entry if anything fails
  backup --to DIR     a copy of the ledger in DIR named by the day (office-2026-12-02.db),
                      taken while serve runs, checked (integrity check and verify) before
                      it is kept; keeps the last 7 days and one for each of the last 12
                      months, removing older ones. Exit 1 with the reason when it fails
  restore FILE [--force]
                      put a backup back as the ledger at PATH: refused when FILE does not
                      verify, and while serve runs. An existing ledger is replaced only
                      with --force, and kept beside it as PATH.before-restore-DATE
  serve [--listen HOST:PORT] [--max-body BYTES] [--web DIR]
                      the ledger server for kiosks, HTTPS only, with the office's own
                      certificate (PATH.tls-cert.pem and PATH.tls-key.pem, created on first
                      use; default 127.0.0.1:8080; see docs/sync-protocol.md), and the office
                      console for people at https://HOST:PORT/console/ (pages from DIR,
                      default the installed assets/web; see docs/console.md); stops cleanly
                      on SIGTERM or Ctrl-C
  enroll-kiosk NAME   create a kiosk identity (Ed25519) and print the kiosk's config lines,
                      with the fingerprint of the office's certificate the kiosk pins
  revoke-kiosk NAME   refuse a kiosk's requests from now on (a lost or replaced kiosk); what
                      it pushed stays in the ledger
  kiosks              the enrolled kiosks: when enrolled, entries held, revoked or not
  overdrafts          kiosk entries to reconcile: overdrafts from kiosks offline at once,
                      shelves that ran out; bookings the office refused (oversold), claims
                      that lost the race, service events it refused
  issue-card VILLAGER [--replace]
                      a QR card (红色信用卡) for the villager: prints its serial (Q000123)
                      and its token, signed with the office's card key (PATH.card-key, 0600,
                      created on first use; kiosks receive the public key with every pull).
                      Refused when the villager has an active QR card, unless --replace,
                      which revokes it
  bind-card VILLAGER UID
                      bind an IC card (8 or 14 hex digits) or an ID card (10 digits, as the
                      reader types them) to the villager
  revoke-card UID|SERIAL --reason TEXT
                      revoke a card (a lost card, say); kiosks refuse it after their next
                      pull, offline too
  cards VILLAGER      the villager's cards: kind, issued, revoked and why
  product picture SKU FILE | product picture SKU --remove
                      set the product's picture for the kiosk's supermarket tile: a PNG or
                      JPEG of at most 256 KiB and 1024×1024 pixels (checked by decoding it);
                      kiosks receive it at their next sync. --remove takes it away (the tile
                      shows the product's first character on a coloured ground)
  product pictures    the products that have a picture: SKU, type, size
  card-sheet [--villagers ID,ID,... | --household H | --grid G] --out FILE.pdf [--force]
                      A4 sheets of cut-out cards (85.6x54 mm, 10 a page): village, name,
                      household, grid, QR and serial. Reuses each villager's active QR card or
                      issues one; default: every villager not moved away
  user add NAME --role secretary|clerk|collector|auditor [--grid G]
                      a person who signs in to the office console (https://…/console/):
                      书记 secretary, 文书 clerk, 信息员 collector (of grid G), 审计 auditor.
                      The password (8 characters or more) is asked twice on the terminal
                      (from a pipe, two lines of standard input); kept as an Argon2id hash
  user password NAME, user disable NAME, user enable NAME, user list
                      a new password; refuse (or accept again) the user's sign-in; list them
  staff add NAME --card UID [--role keeper|secretary]
                      a staff member (管理员 keeper, the default, or 书记 secretary) with
                      their staff card
  staff pin NAME      set the staff member's 6-digit PIN: asked twice on the terminal
                      (not shown); from a pipe, two lines of standard input. Kept only as
                      an Argon2id hash; kiosks receive the hash with their next pull
  staff disable NAME, staff enable NAME
                      refuse (or accept again) the staff member's card at every kiosk
  staff list          the staff: role, card, PIN set or not, disabled, and the last lockout
                      (five wrong PINs) a kiosk reported
  team recruit TEAM [--month YYYY-MM] [--stop]
                      the volunteer team recruits this month (or that month): kiosks name
                      it on Home, where a villager reads what to do next; --stop undoes it
  team list [--month YYYY-MM]
                      every volunteer team, its members and whether it recruits that month
  reconcile --day YYYY-MM-DD [--kiosk NAME]
                      each kiosk's day close (日结) of that day against what the office holds:
                      counts and totals, entry range, chain head; and the day's lines on the
                      office's lists. Exit 0 when all agree, 1 listing every difference (a
                      kiosk without a close that day is one)
  export (--day YYYY-MM-DD | --month YYYY-MM) [--kiosk NAME] --format csv|xlsx --out FILE
         [--force]    the period's kiosk transactions, one row each (time in China
                      Standard Time, kiosk, seq, villager, kind, items or station, points,
                      reference). CSV: UTF-8 with BOM, formula-like cells escaped. XLSX: a
                      detail sheet, a totals sheet (by kind, product, station) and the
                      staff's stock movements. Refuses to replace FILE unless --force
  council post --month YYYY-MM (--file council.csv | --from-logs) --approvers "NAMES"
         --minutes REF [--apply] [--encoding utf-8|gbk]
                      the credit council's (信用议事会议) decisions for the month, one line
                      per award or deduction (villager_id,name,rule_code,points,evidence,
                      collector; see docs/office-council.md), or the month's pending grid
                      logs. Shows every line with the score before → after and the points;
                      --apply posts them all as one batch, or none. Bad lines are listed
                      with their line numbers and nothing is written (exit 2)
  council list [--month YYYY-MM]
                      the posted batches: month, lines, minutes, posted or reversed
  council show BATCH  a batch's entries, line by line, and what reversed them
  council reverse BATCH --reason TEXT
                      void every entry of the batch (reversing entries; nothing edited)
  log add --grid G --villager ID --rule CODE --evidence TEXT [--collector NAME]
          [--month YYYY-MM]
                      a grid collector's (采集员) item for the month's council, pending; the
                      villager must live in grid G (a name such as 第一网格, or its id)
  log list [--grid G] [--month YYYY-MM] [--state pending|posted|dropped]
                      the grid logs, oldest first
  log drop ID --reason TEXT
                      leave a pending log out of the council
  volunteer-hours --file hours.csv [--apply] [--encoding utf-8|gbk]
                      volunteer sessions (team,villager_id,name,date,minutes), scored and
                      paid by the policy's hourly rates; each team's session for a villager
                      on a day counts once, so importing the same sheet again changes nothing

Options:
  --db PATH           the ledger file (SQLite)
  --json              print JSON instead of text
  --config FILE       policy settings (see assets/red_credit.conf); defaults otherwise
  -h, --help          this help

Exit codes: 0 ok, 1 the ledger failed verification (verify), a difference was found
(reconcile), or a backup or restore failed, 2 bad input.
)";

// Bad input: one plain line and exit code 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

struct Options {
  std::string db_path;
  std::string config_path;
  bool json = false;
  bool help = false;
  std::string command;
  std::vector<std::string> args;  // the command's own arguments
};

Options parseOptions(const std::vector<std::string>& argv) {
  Options o;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= argv.size()) throw UsageError(std::string(name) + " needs a value");
      return argv[++i];
    };
    if (a == "--db") {
      o.db_path = value("--db");
    } else if (a == "--config") {
      o.config_path = value("--config");
    } else if (a == "--json") {
      o.json = true;
    } else if (a == "-h" || a == "--help") {
      o.help = true;
    } else if (o.command.empty() && !a.starts_with("-")) {
      o.command = a;
    } else if (!o.command.empty()) {
      o.args.push_back(a);
    } else {
      throw UsageError("unknown option '" + a + "'");
    }
  }
  return o;
}

core::YearMonth parseMonth(const std::string& text) { return parseMonthArg(text); }

// ---- opening the ledger ----

std::unique_ptr<db::Database> openExisting(const std::string& path) {
  return std::make_unique<db::Database>(openLedger(path));
}

// ---- text helpers ----

std::string starText(const core::Stars& st) {
  if (st.red > 0) return "红星 " + std::to_string(st.red);
  if (st.grey > 0) return "灰星 " + std::to_string(st.grey);
  return "—";
}

json starsJson(const core::Stars& st) { return {{"red", st.red}, {"grey", st.grey}}; }


// ---- commands ----

json summaryJson(const Summary& s, const core::Settings& settings) {
  return {{"village", s.village},
          {"month", s.month.toString()},
          {"households", s.counts.households},
          {"villagers", s.counts.villagers},
          {"party_members", s.counts.party_members},
          {"committee_members", s.counts.committee},
          {"grids", s.counts.grids},
          {"volunteer_teams", s.counts.volunteer_teams},
          {"rule_categories", s.counts.rule_categories},
          {"rules", s.counts.rules},
          {"cards", s.counts.cards},
          {"entries", s.entries},
          {"products", s.products},
          {"welfare_threshold", settings.welfare_threshold},
          {"household_rule", std::string(core::toString(settings.household_rule))},
          {"below_threshold", s.below_threshold},
          {"households_below_threshold", s.households_below_threshold}};
}

void printSummary(std::ostream& out, const Summary& s, const core::Settings& settings) {
  out << (s.village.empty() ? "Village" : s.village) << " — red credit ledger, month "
      << s.month.toString() << "\n";
  auto line = [&](const std::string& label, const std::string& value) {
    out << "  " << pad(label, 40) << value << "\n";
  };
  line("households (户)", std::to_string(s.counts.households));
  line("villagers (村民)", std::to_string(s.counts.villagers));
  line("party members (党员)", std::to_string(s.counts.party_members) + " (committee " +
                                   std::to_string(s.counts.committee) + ")");
  line("grids (网格)", std::to_string(s.counts.grids));
  line("volunteer teams (志愿服务队)", std::to_string(s.counts.volunteer_teams));
  line("rule book (考核细则)", std::to_string(s.counts.rule_categories) + " categories, " +
                                  std::to_string(s.counts.rules) + " rules");
  line("cards", std::to_string(s.counts.cards));
  line("ledger entries", std::to_string(s.entries));
  line("supermarket products", std::to_string(s.products));
  line("villagers below " + std::to_string(settings.welfare_threshold),
       std::to_string(s.below_threshold) + " (no festival welfare)");
  line("households failing the household rule", std::to_string(s.households_below_threshold) +
                                                    " (no free farm machinery; rule: " +
                                                    std::string(core::toString(settings.household_rule)) + ")");
}

json boardRowJson(const BoardRow& r) {
  json j = {{"id", r.id}, {"name", r.name}, {"score", r.score}, {"rank", r.rank},
            {"stars", starsJson(r.stars)}};
  if (r.paired_with) {
    j["paired_with"] = {{"id", *r.paired_with}, {"name", r.paired_name}};
  }
  return j;
}

json boardsJson(const MonthBoards& b) {
  json j = {{"month", b.month.toString()}};
  auto list = [](const std::vector<BoardRow>& rows) {
    json a = json::array();
    for (const auto& r : rows) a.push_back(boardRowJson(r));
    return a;
  };
  j["commended"] = list(b.commended);
  j["yellow_cards"] = list(b.yellow_cards);
  j["party_board"] = list(b.party);
  return j;
}

void printBoardRows(std::ostream& out, const std::vector<BoardRow>& rows, bool pairing) {
  for (const auto& r : rows) {
    out << "  " << std::right << std::setw(4) << r.rank << "  " << pad(r.name, 8) << std::setw(6)
        << r.score << "  " << pad(starText(r.stars), 10);
    if (pairing) out << "  结对帮扶 paired with " << (r.paired_name.empty() ? "—" : r.paired_name);
    out << "\n";
  }
  if (rows.empty()) out << "  (none)\n";
}

void printBoards(std::ostream& out, const MonthBoards& b, const core::Settings& s) {
  out << b.month.toString() << " 月度榜单 — monthly boards\n\n";
  out << "红灰榜 Party members' red/grey board (" << b.party.size() << ")\n";
  printBoardRows(out, b.party, false);
  out << "\n张榜表彰 Honour roll (top " << s.board_top_size << ")\n";
  printBoardRows(out, b.commended, false);
  out << "\n黄牌警告 Yellow cards (bottom " << s.board_bottom_size << ")\n";
  printBoardRows(out, b.yellow_cards, true);
}

json entryJson(const db::Entry& e) {
  return {{"seq", e.seq},
          {"uuid", e.uuid},
          {"kind", std::string(core::toString(e.kind))},
          {"score_delta", e.score_delta},
          {"points_delta", e.points_delta},
          {"reference", e.reference},
          {"detail", e.detail},
          {"at", core::formatChinaTime(e.at_ms)},
          {"kiosk_id", e.kiosk_id}};
}

int cmdInitDemo(const Options& o, const core::Settings& settings, std::ostream& out,
                std::ostream& err) {
  const auto c = parseArgs(o.args, {"--seed", "--month"}, o.command, {"--force"});
  if (!c.words.empty()) throw UsageError("init-demo takes no argument '" + c.words.front() + "'");
  if (o.db_path.empty()) throw UsageError("no database given; use --db PATH");
  DemoOptions demo;
  if (auto seed = c.flag("--seed")) demo.seed = static_cast<std::uint64_t>(parsePositiveArg(*seed, "--seed"));
  demo.latest_month = core::monthOfMs(db::nowMs());
  if (auto m = c.flag("--month")) demo.latest_month = parseMonth(*m);
  const bool force = !c.switches.empty();
  // Built beside the target and renamed into place: a failure never leaves a half-written
  // ledger at PATH.
  OutputFile file(o.db_path, force);
  DemoFigures figures;
  {
    db::Database d(file.tmp());
    if (auto st = db::migrate(d); !st) throw std::runtime_error(st.error().message);
    db::Ledger ledger(d, settings);
    const bool tty = ::isatty(2) != 0;
    figures = buildDemoVillage(ledger, demo, [&](const std::string& stage) {
      if (tty || !o.json) err << "  " << stage << "\n";
    });
  }
  file.commit();
  auto d = openExisting(o.db_path);
  const auto s = summarize(*d, settings, demo.latest_month);
  if (o.json) {
    json j = summaryJson(s, settings);
    j["seed"] = demo.seed;
    out << j.dump(2) << "\n";
  } else {
    out << "Created the demo village at " << o.db_path << " (seed " << demo.seed << ", "
        << figures.entries << " ledger entries).\n\n";
    printSummary(out, s, settings);
  }
  return 0;
}

core::YearMonth monthArg(const Args& c, db::Database& d) {
  if (auto m = c.flag("--month")) return parseMonth(*m);
  db::Roster roster(d);
  return defaultMonth(roster);
}

int cmdSummary(const Options& o, const core::Settings& settings, std::ostream& out) {
  const auto c = parseArgs(o.args, {"--month"}, o.command, {});
  if (!c.words.empty()) throw UsageError("summary takes no argument '" + c.words.front() + "'");
  if (auto m = c.flag("--month")) parseMonth(*m);  // a bad month fails before the file is opened
  auto d = openExisting(o.db_path);
  const auto s = summarize(*d, settings, monthArg(c, *d));
  if (o.json) {
    out << summaryJson(s, settings).dump(2) << "\n";
  } else {
    printSummary(out, s, settings);
  }
  return 0;
}

int cmdVillager(const Options& o, const core::Settings& settings, std::ostream& out) {
  const auto c = parseArgs(o.args, {"--month"}, o.command, {});
  if (c.words.size() != 1) throw UsageError("villager needs one villager id, e.g. rc-office --db PATH villager 12");
  const auto id = parsePositiveArg(c.words.front(), "the villager id");
  if (auto m = c.flag("--month")) parseMonth(*m);
  auto d = openExisting(o.db_path);
  const auto month = monthArg(c, *d);
  auto r = villagerReport(*d, settings, id, month);
  if (!r) throw UsageError("no villager with id " + std::to_string(id));
  if (o.json) {
    json recent = json::array();
    for (const auto& e : r->recent) recent.push_back(entryJson(e));
    json j = {{"id", r->villager.id},
              {"name", r->villager.name},
              {"household_id", r->villager.household_id},
              {"household_head", r->villager.is_head},
              {"grid_id", r->villager.grid_id},
              {"party_member", r->villager.party_member},
              {"committee", r->villager.committee},
              {"score", r->balance.score},
              {"points", r->balance.points},
              {"stars", starsJson(r->stars)},
              {"month", r->month.toString()},
              {"month_score", r->month_score},
              {"rank", r->rank},
              {"ranked", r->ranked},
              {"welfare_eligible", r->welfare_eligible},
              {"household_eligible", r->household_eligible},
              {"yellow_card", r->yellow_card},
              {"teams", r->teams},
              {"cards", r->cards},
              {"recent_entries", recent}};
    if (r->paired_with) j["paired_with"] = *r->paired_with;
    out << j.dump(2) << "\n";
    return 0;
  }
  const auto& v = r->villager;
  out << v.name << " (villager " << v.id << ", household " << v.household_id
      << (v.is_head ? ", head" : "") << ", grid " << v.grid_id
      << (v.party_member ? (v.committee ? ", party member, committee" : ", party member") : "")
      << ")\n";
  out << "  信用分 score        " << r->balance.score << "  " << starText(r->stars) << "\n";
  out << "  可兑换积分 points   " << r->balance.points << "\n";
  out << "  " << r->month.toString() << " rank        " << r->rank << " of " << r->ranked
      << " (month-end score " << r->month_score << ")\n";
  out << "  festival welfare    "
      << (r->welfare_eligible ? "yes" : "no") << " (needs " << settings.welfare_threshold << ")\n";
  out << "  household welfare   " << (r->household_eligible ? "yes" : "no") << "\n";
  if (r->yellow_card) out << "  黄牌警告 yellow card this month\n";
  if (!r->teams.empty()) {
    out << "  teams              ";
    for (const auto& t : r->teams) out << " " << t;
    out << "\n";
  }
  out << "  last entries:\n";
  for (const auto& e : r->recent) {
    out << "    " << core::formatChinaTime(e.at_ms) << "  " << pad(core::toString(e.kind), 18)
        << " score " << std::showpos << e.score_delta << "  points " << e.points_delta << std::noshowpos
        << "  " << e.reference << "\n";
  }
  return 0;
}

int cmdBoard(const Options& o, const core::Settings& settings, std::ostream& out) {
  const auto c = parseArgs(o.args, {"--month", "--pdf"}, o.command, {"--force"});
  if (!c.words.empty()) throw UsageError("board takes no argument '" + c.words.front() + "'");
  if (auto m = c.flag("--month")) parseMonth(*m);
  const auto pdf_path = c.flag("--pdf");
  if (c.has("--force") && !pdf_path) throw UsageError("--force goes with --pdf FILE");
  if (pdf_path) {
    std::error_code ec;
    const std::filesystem::path target(*pdf_path);
    if (pdf_path->empty()) throw UsageError("--pdf needs a file name");
    if (std::filesystem::exists(target, ec) && !c.has("--force")) {
      throw UsageError(*pdf_path + " already exists; pass --force to replace it");
    }
    if (target.has_parent_path() && !std::filesystem::is_directory(target.parent_path(), ec)) {
      throw UsageError("the folder " + target.parent_path().string() + " does not exist");
    }
  }
  auto d = openExisting(o.db_path);
  const auto b = monthBoards(*d, settings, monthArg(c, *d));
  if (pdf_path) {
    db::Roster roster(*d);
    const int pages = writeBoardPoster(*pdf_path, b, settings,
                                       {roster.meta("village").value_or(""), db::nowMs()});
    if (o.json) {
      out << json{{"month", b.month.toString()}, {"pdf", *pdf_path}, {"pages", pages}}.dump(2) << "\n";
    } else {
      out << "Wrote the " << b.month.toString() << " board poster (A3, " << pages
          << (pages == 1 ? " page" : " pages") << ") to " << *pdf_path << "\n";
    }
    return 0;
  }
  if (o.json) {
    out << boardsJson(b).dump(2) << "\n";
  } else {
    printBoards(out, b, settings);
  }
  return 0;
}

// "2026-12-03" -> 00:00 China Standard Time that day, as Unix ms.
std::int64_t parseDay(const std::string& text) {
  int y = 0, m = 0, d = 0;
  const bool shape = text.size() == 10 && text[4] == '-' && text[7] == '-';
  auto num = [&](std::size_t at, std::size_t len, int& v) {
    auto [p, ec] = std::from_chars(text.data() + at, text.data() + at + len, v);
    return ec == std::errc() && p == text.data() + at + len;
  };
  if (!shape || !num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d) || y < 2000 || y > 2999 ||
      m < 1 || m > 12 || d < 1 || d > 31) {
    throw UsageError("'" + text + "' is not a day; write it as YYYY-MM-DD, e.g. 2026-12-03");
  }
  const auto days = core::daysFromCivil(y, m, d);
  // A day past the month's end (2026-02-30) comes back as another date: refuse it.
  const auto next_month = m < 12 ? core::daysFromCivil(y, m + 1, 1) : core::daysFromCivil(y + 1, 1, 1);
  if (days >= next_month) {
    throw UsageError("'" + text + "' is not a day of the calendar");
  }
  return days * 86'400'000 - 8 * 3'600'000;
}

std::string bookingStateText(db::BookingState s) {
  switch (s) {
    case db::BookingState::Booked: return "booked";
    case db::BookingState::Cancelled: return "cancelled";
    case db::BookingState::Refused: return "refused";
  }
  return "unknown";
}

int cmdBookings(const Options& o, const core::Settings& settings, std::ostream& out) {
  const auto c = parseArgs(o.args, {"--day"}, o.command, {});
  if (!c.words.empty()) throw UsageError("bookings takes no argument '" + c.words.front() + "'");
  const auto day = c.flag("--day");
  if (!day) throw UsageError("bookings needs --day YYYY-MM-DD");
  const std::int64_t from = parseDay(*day);
  auto d = openExisting(o.db_path);
  db::Ledger ledger(*d, settings);
  db::Services services(ledger);
  const auto list = services.bookingsBetween(from, from + 86'400'000);
  if (o.json) {
    json a = json::array();
    for (const auto& b : list) {
      a.push_back({{"uuid", b.uuid}, {"ticket", b.ticket}, {"station", std::string(core::toString(b.station))},
                   {"station_name", b.station_name}, {"start", core::formatChinaTime(b.start_ms)},
                   {"start_ms", b.start_ms}, {"villager_id", b.villager_id},
                   {"villager", b.villager_name},
                   {"booked_by", b.booked_by == 0 ? json(nullptr) : json(b.booked_by)},
                   {"booked_by_name", b.booked_by_name}, {"points", b.points},
                   {"state", bookingStateText(b.state)}});
    }
    out << json{{"day", *day}, {"bookings", a}}.dump(2) << "\n";
    return 0;
  }
  out << *day << " 服务预约 — bookings (" << list.size() << ")\n";
  if (list.empty()) out << "  (none)\n";
  for (const auto& b : list) {
    out << "  " << core::formatChinaTime(b.start_ms).substr(11) << "  " << pad(b.station_name, 14)
        << pad(b.ticket, 9) << pad(b.villager_name, 8) << "(" << b.villager_id << ")";
    if (b.booked_by != 0) out << "  代约 by " << b.booked_by_name;
    out << "  " << b.points << " points  " << bookingStateText(b.state) << "\n";
  }
  return 0;
}

int cmdRules(const Options& o, const core::Settings& settings, std::ostream& out) {
  if (!o.args.empty()) throw UsageError("rules takes no argument '" + o.args.front() + "'");
  auto d = openExisting(o.db_path);
  const auto rules = db::Roster(*d).rules();
  if (o.json) {
    json j = json::array();
    for (const auto& r : rules) {
      j.push_back({{"code", r.code},
                   {"category", r.category},
                   {"title", r.title},
                   {"score_delta", r.score_delta},
                   {"points", core::awardPoints(r.score_delta, settings)}});
    }
    out << j.dump(2) << "\n";
    return 0;
  }
  out << "The rule book (" << rules.size() << " rules). An award adds its score and as many points "
      << "at the policy's rate; a deduction takes score only.\n";
  std::string category;
  for (const auto& r : rules) {
    if (r.category != category) {
      category = r.category;
      out << category << "\n";
    }
    out << "  " << pad(r.code, 6) << pad(r.title, 40) << (r.score_delta > 0 ? "+" : "")
        << r.score_delta << "\n";
  }
  return 0;
}

int cmdOrders(const Options& o, const core::Settings& settings, std::ostream& out) {
  const auto c = parseArgs(o.args, {"--state"}, o.command, {});
  if (!c.words.empty()) throw UsageError("orders takes no argument '" + c.words.front() + "'");
  std::optional<core::OrderState> state;
  if (auto s = c.flag("--state")) {
    state = core::orderStateFromString(*s);
    if (!state) {
      throw UsageError("'" + *s + "' is not a request state; use requested, claimed, done, "
                       "confirmed or cancelled");
    }
  }
  auto d = openExisting(o.db_path);
  db::Ledger ledger(*d, settings);
  db::Services services(ledger);
  const auto list = services.orderViews(state);
  if (o.json) {
    json a = json::array();
    for (const auto& r : list) {
      a.push_back({{"uuid", r.uuid}, {"ticket", r.ticket}, {"station", std::string(core::toString(r.station))},
                   {"state", std::string(core::toString(r.state))}, {"requester_id", r.requester},
                   {"requester", r.requester_name}, {"grid", r.requester_grid},
                   {"claimer_id", r.claimer == 0 ? json(nullptr) : json(r.claimer)},
                   {"claimer", r.claimer_name}, {"note", r.note},
                   {"note_en", core::orderNoteInEnglish(r.note)}, {"minutes", r.minutes},
                   {"points", r.points}, {"requested", core::formatChinaTime(r.requested_ms)},
                   {"requested_ms", r.requested_ms}});
    }
    out << a.dump(2) << "\n";
    return 0;
  }
  out << "点单服务 — service requests" << (state ? " (" + std::string(core::toString(*state)) + ")" : std::string())
      << " (" << list.size() << ")\n";
  if (list.empty()) out << "  (none)\n";
  for (const auto& r : list) {
    out << "  " << core::formatChinaTime(r.requested_ms) << "  " << pad(r.ticket, 8)
        << pad(std::string(core::toString(r.station)), 8) << pad(std::string(core::toString(r.state)), 11)
        << pad(r.requester_name, 8) << pad(r.requester_grid, 12) << r.note;
    if (r.claimer != 0) out << "  认领 " << r.claimer_name;
    if (r.minutes > 0) out << "  " << r.minutes << " min";
    out << "\n";
  }
  return 0;
}

int cmdVerify(const Options& o, const core::Settings& settings, std::ostream& out,
              std::ostream& err) {
  if (!o.args.empty()) throw UsageError("verify takes no argument '" + o.args.front() + "'");
  auto d = openExisting(o.db_path);
  db::Ledger ledger(*d, settings);
  const bool tty = ::isatty(2) != 0;
  const auto rep = ledger.verify([&](const db::VerifyProgress& p) {
    if (tty && p.total > 0) err << "\r  verifying " << (100 * p.done / p.total) << "% " << std::flush;
  });
  if (tty) err << "\r                    \r";
  if (o.json) {
    json j = {{"ok", rep.ok},
              {"entries_checked", rep.entries_checked},
              {"balances_checked", rep.balances_checked},
              {"products_checked", rep.products_checked},
              {"problems", rep.problems}};
    j["first_bad_entry"] = rep.first_bad_seq ? json(*rep.first_bad_seq) : json(nullptr);
    out << j.dump(2) << "\n";
  } else if (rep.ok) {
    out << "The ledger holds: " << rep.entries_checked << " entries chained, "
        << rep.balances_checked << " balances and " << rep.products_checked
        << " stock levels equal the sums of their entries.\n";
  } else {
    out << "THE LEDGER DOES NOT VERIFY";
    if (rep.first_bad_seq) out << " — first bad entry: " << *rep.first_bad_seq;
    out << "\n";
    for (const auto& p : rep.problems) out << "  " << p << "\n";
  }
  return rep.ok ? 0 : 1;
}

}  // namespace

int runOffice(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
  try {
    const Options o = parseOptions(args);
    if (o.help || o.command.empty()) {
      (o.help ? out : err) << kHelp;
      return o.help ? 0 : 2;
    }
    const core::Settings settings =
        o.config_path.empty() ? core::Settings{} : loadSettingsFile(o.config_path);
    if (o.command == "init-demo") return cmdInitDemo(o, settings, out, err);
    if (o.command == "summary") return cmdSummary(o, settings, out);
    if (o.command == "villager") return cmdVillager(o, settings, out);
    if (o.command == "board") return cmdBoard(o, settings, out);
    if (o.command == "verify") return cmdVerify(o, settings, out, err);
    if (o.command == "bookings") return cmdBookings(o, settings, out);
    if (o.command == "orders") return cmdOrders(o, settings, out);
    if (o.command == "rules") return cmdRules(o, settings, out);
    if (isCouncilCommand(o.command)) return runCouncilCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    if (isRosterCommand(o.command)) return runRosterCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    if (isCardCommand(o.command)) return runCardCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    if (isProductCommand(o.command)) return runProductCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    if (isStaffCommand(o.command)) {
      return runStaffCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    }
    if (isTeamCommand(o.command)) return runTeamCommand({o.command, o.db_path, o.args, o.json}, out);
    if (isUserCommand(o.command)) return runUserCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    if (isRewardCommand(o.command)) return runRewardCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    if (isBackupCommand(o.command)) return runBackupCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    if (isSyncCommand(o.command)) {
      return runSyncCommand({o.command, o.db_path, o.args, o.json}, settings, out, err);
    }
    throw UsageError("unknown command '" + o.command + "'; see rc-office --help");
  } catch (const UsageError& e) {
    err << service::priorityPrefix(service::Priority::Error) << "rc-office: " << e.what() << "\n";
    return 2;
  } catch (const db::DbException& e) {
    err << "rc-office: database error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    err << service::priorityPrefix(service::Priority::Error) << "rc-office: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace rc::office
