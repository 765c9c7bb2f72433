// rc-office init, import-roster and export-roster. Section index:
//   files · init · import-roster · export-roster · dispatch
#include "office/roster_commands.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <ostream>
#include <set>
#include <stdexcept>

#include "core/csv.h"
#include "core/roster_csv.h"
#include "core/text.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/roster_import.h"
#include "db/schema.h"
#include "office/village_book.h"

namespace rc::office {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxRosterFileBytes = 16u << 20;

// ---- files ----

int thisYear() { return core::monthOfMs(db::nowMs()).year; }

// ---- init ----

int cmdInit(const RosterCommand& c, const core::Settings& settings, std::ostream& out,
            std::ostream& err) {
  const auto a = parseArgs(c.args, {"--village"}, c.name, {"--force"});
  if (!a.words.empty()) throw std::invalid_argument("init takes no argument '" + a.words.front() + "'");
  if (c.db_path.empty()) throw std::invalid_argument("no database given; use --db PATH");
  std::string village;
  if (auto v = a.flag("--village")) {
    village = std::string(core::trim(*v));
    if (village.empty() || !core::validUtf8(village) || village.size() > 120) {
      throw std::invalid_argument("--village needs a name of 1 to 40 characters");
    }
    for (unsigned char ch : village) {
      if (ch < 0x20 || ch == 0x7F) throw std::invalid_argument("--village has control characters");
    }
  }
  OutputFile file(c.db_path, a.has("--force"));
  {
    db::Database d(file.tmp());
    if (auto st = db::migrate(d); !st) throw std::runtime_error(st.error().message);
    db::Ledger ledger(d, settings);
    db::Transaction tx(d);
    err << "  Writing the village book: grids, volunteer teams, rule book, service stations\n";
    book::writeVillageBook(ledger);
    if (!village.empty()) {
      if (auto st = db::Roster(d).setMeta("village", village); !st) {
        throw std::runtime_error(st.error().message);
      }
    }
    if (auto st = tx.commit(); !st) throw std::runtime_error(st.error().message);
  }
  file.commit();
  auto d = openLedger(c.db_path);
  const auto counts = db::Roster(d).counts();
  if (c.json) {
    out << json{{"db", c.db_path},
                {"village", village},
                {"grids", counts.grids},
                {"volunteer_teams", counts.volunteer_teams},
                {"rule_categories", counts.rule_categories},
                {"rules", counts.rules},
                {"villagers", counts.villagers}}
               .dump(2)
        << "\n";
  } else {
    out << "Created an empty office ledger at " << c.db_path
        << (village.empty() ? "" : " for " + village) << ":\n"
        << "  " << counts.grids << " grids, " << counts.volunteer_teams << " volunteer teams, "
        << counts.rule_categories << " rule categories with " << counts.rules
        << " rules, the service stations; no villagers yet.\n"
        << "Next: rc-office --db " << c.db_path << " import-roster ROSTER.csv\n";
  }
  return 0;
}

// ---- import-roster ----

json planJson(const db::RosterPlan& p, bool applied, core::TextEncoding enc) {
  json changes = json::array();
  for (const auto& ch : p.changes) changes.push_back({{"line", ch.line}, {"change", ch.text}});
  return {{"applied", applied},
          {"encoding", std::string(core::toString(enc))},
          {"households_new", p.households_new},
          {"households_updated", p.households_updated},
          {"households_unchanged", p.households_unchanged},
          {"villagers_new", p.villagers_new},
          {"villagers_updated", p.villagers_updated},
          {"villagers_unchanged", p.villagers_unchanged},
          {"changes", changes}};
}

// Every bad line on stderr, then one plain line for the CLI (exit 2, nothing written).
[[noreturn]] void refuse(const std::string& file, const std::vector<core::RosterLineError>& errors,
                         std::ostream& err) {
  std::set<int> lines;
  for (const auto& e : errors) {
    err << file << ":" << e.line << ": " << e.message << "\n";
    lines.insert(e.line);
  }
  throw std::invalid_argument(file + ": " + std::to_string(lines.size()) +
                              (lines.size() == 1 ? " bad line" : " bad lines") +
                              "; nothing was imported");
}

int cmdImport(const RosterCommand& c, std::ostream& out, std::ostream& err) {
  const auto a = parseArgs(c.args, {"--encoding"}, c.name, {"--apply"});
  if (a.words.size() != 1) {
    throw std::invalid_argument("import-roster needs one file, e.g. rc-office --db PATH import-roster roster.csv");
  }
  const std::string& path = a.words.front();
  const auto forced = encodingArg(a);
  const bool apply = a.has("--apply");
  auto d = openLedger(c.db_path);
  core::CsvLimits limits;
  limits.max_bytes = kMaxRosterFileBytes;
  const auto table = readCsvFile(path, forced, limits);
  const auto grids = db::gridNames(d);
  auto parsed = core::parseRoster(table, grids, thisYear());
  if (!parsed.errors.empty()) refuse(path, parsed.errors, err);
  if (parsed.rows.empty()) throw std::invalid_argument(path + " has no villagers under its header");
  db::RosterPlan plan;
  if (apply) {
    auto r = db::applyRosterImport(d, parsed.rows);
    if (!r) throw std::runtime_error("the roster could not be written: " + r.error().message);
    plan = std::move(r).value();
  } else {
    plan = db::planRosterImport(d, parsed.rows);
  }
  if (!plan.errors.empty()) refuse(path, plan.errors, err);
  const bool applied = apply && !plan.empty();
  if (c.json) {
    out << planJson(plan, applied, table.encoding).dump(2) << "\n";
    return 0;
  }
  out << path << " (" << core::toString(table.encoding) << ", " << parsed.rows.size()
      << " villagers)" << (apply ? ":" : ", would change:") << "\n";
  out << "  households: " << plan.households_new << " new, " << plan.households_updated
      << " updated, " << plan.households_unchanged << " unchanged\n";
  out << "  villagers:  " << plan.villagers_new << " new, " << plan.villagers_updated << " updated, "
      << plan.villagers_unchanged << " unchanged\n";
  for (const auto& ch : plan.changes) out << "  line " << ch.line << ": " << ch.text << "\n";
  if (plan.empty()) {
    out << "Nothing to change: the ledger already holds this roster.\n";
  } else if (apply) {
    out << "Imported: the changes are in the ledger (kiosks receive them with their next pull).\n";
  } else {
    out << "Nothing was written; run again with --apply to import.\n";
  }
  return 0;
}

// ---- export-roster ----

int cmdExport(const RosterCommand& c, std::ostream& out) {
  const auto a = parseArgs(c.args, {"--out", "--encoding"}, c.name, {"--force"});
  if (!a.words.empty()) throw std::invalid_argument("export-roster takes no argument '" + a.words.front() + "'");
  const auto path = a.flag("--out");
  if (!path) throw std::invalid_argument("export-roster needs --out FILE.csv");
  const auto encoding = encodingArg(a).value_or(core::TextEncoding::Utf8);
  auto d = openLedger(c.db_path);
  OutputFile file(*path, a.has("--force"));
  const auto rows = db::rosterRows(d);
  std::string text = core::writeRosterCsv(rows);
  if (encoding == core::TextEncoding::Gb18030) {
    auto gbk = core::encodeText(text.substr(core::kUtf8Bom.size()), encoding);
    if (!gbk) throw std::runtime_error("the roster has text with no GB18030 form");
    text = std::move(*gbk);
  }
  {
    std::ofstream f(file.tmp(), std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + file.tmp());
    f << text;
    f.close();
    if (!f) throw std::runtime_error("cannot write " + file.tmp());
  }
  file.commit();
  if (c.json) {
    out << json{{"out", *path}, {"encoding", std::string(core::toString(encoding))},
                {"villagers", rows.size()}}
               .dump(2)
        << "\n";
  } else {
    out << "Wrote " << rows.size() << " villagers to " << *path << " ("
        << (encoding == core::TextEncoding::Utf8 ? "UTF-8 with BOM" : "GB18030/GBK") << ").\n";
  }
  return 0;
}

}  // namespace

// ---- dispatch ----

bool isRosterCommand(const std::string& name) noexcept {
  return name == "init" || name == "import-roster" || name == "export-roster";
}

int runRosterCommand(const RosterCommand& c, const core::Settings& settings, std::ostream& out,
                     std::ostream& err) {
  if (c.name == "init") return cmdInit(c, settings, out, err);
  if (c.name == "import-roster") return cmdImport(c, out, err);
  return cmdExport(c, out);
}

}  // namespace rc::office
