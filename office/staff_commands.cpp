// staff (add, pin, disable, enable, list), reconcile and export.
// Section index: arguments · PIN entry · staff · reconcile · export · dispatch
#include "office/staff_commands.h"

#include <termios.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <tuple>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "core/csv.h"
#include "core/staff.h"
#include "core/types.h"
#include "db/exports.h"
#include "db/ledger.h"
#include "db/reconcile.h"
#include "db/staff.h"
#include "office/sync_commands.h"

namespace rc::office {
namespace {

using nlohmann::json;

// ---- arguments -----------------------------------------------------------------------------

// ---- staff ---------------------------------------------------------------------------------

json memberJson(const db::StaffMember& m, const std::optional<db::StaffEventRow>& lock) {
  json j = {{"id", m.id},
            {"name", m.name},
            {"role", std::string(core::toString(m.role))},
            {"card_uid", m.card_uid},
            {"pin_set", !m.pin_hash.empty()},
            {"disabled", m.disabled}};
  if (lock) {
    j["last_lockout"] = {{"kiosk", lock->kiosk_id},
                         {"at", core::formatChinaTime(lock->at_ms)},
                         {"at_ms", lock->at_ms},
                         {"failures", lock->failures},
                         {"until", core::formatChinaTime(lock->until_ms)},
                         {"until_ms", lock->until_ms}};
  } else {
    j["last_lockout"] = nullptr;
  }
  return j;
}

std::string roleText(core::StaffRole r) {
  return r == core::StaffRole::Keeper ? "keeper 管理员" : "secretary 书记";
}

void printMember(std::ostream& out, const db::StaffMember& m,
                 const std::optional<db::StaffEventRow>& lock) {
  out << "  " << m.name << "  " << roleText(m.role) << "  card " << m.card_uid << "  "
      << (m.pin_hash.empty() ? "no PIN yet" : "PIN set") << "  "
      << (m.disabled ? "DISABLED" : "active");
  if (lock) {
    out << "\n      last lockout: kiosk " << lock->kiosk_id << " at "
        << core::formatChinaTime(lock->at_ms) << ", " << lock->failures << " wrong PINs, locked until "
        << core::formatChinaTime(lock->until_ms);
  }
  out << "\n";
}

db::StaffMember orFail(db::LedgerResult<db::StaffMember> r) {
  if (!r) {
    if (r.error().code == db::LedgerError::Storage) throw std::runtime_error(r.error().message);
    throw std::invalid_argument(r.error().message);
  }
  return *r;
}

std::string oneName(const Args& p, std::string_view what) {
  if (p.words.size() != 1) {
    throw std::invalid_argument("staff " + std::string(what) + " takes one NAME, e.g. staff " +
                                std::string(what) + " 王秀英");
  }
  if (!core::validStaffName(p.words.front())) {
    throw std::invalid_argument("a staff name is 1 to 32 bytes of text without control characters");
  }
  return p.words.front();
}

int cmdStaff(const StaffCommand& c, std::ostream& out, std::ostream& err) {
  if (c.args.empty()) {
    throw std::invalid_argument("staff needs add, pin, disable, enable or list; see rc-office --help");
  }
  const std::string sub = c.args.front();
  const std::vector<std::string> rest(c.args.begin() + 1, c.args.end());
  if (sub == "add") {
    const auto p = parseArgs(rest, {"--card", "--role"}, "staff add");
    const auto name = oneName(p, "add");
    const auto card = p.flag("--card");
    if (!card) throw std::invalid_argument("staff add needs --card UID (the staff card's UID)");
    auto role = core::StaffRole::Keeper;
    if (auto r = p.flag("--role")) {
      const auto parsed = core::staffRoleFromString(*r);
      if (!parsed) throw std::invalid_argument("--role is keeper or secretary, not '" + *r + "'");
      role = *parsed;
    }
    auto d = openLedger(c.db_path);
    db::StaffRepo repo(d);
    const auto m = orFail(repo.add(name, *card, role, db::nowMs()));
    if (c.json) {
      out << memberJson(m, std::nullopt).dump(2) << "\n";
    } else {
      out << "Added " << m.name << " (" << roleText(m.role) << ", card " << m.card_uid
          << "). Set a PIN with: rc-office --db " << c.db_path << " staff pin " << m.name << "\n";
    }
    return 0;
  }
  if (sub == "pin") {
    const auto name = oneName(parseArgs(rest, {}, "staff pin"), "pin");
    auto d = openLedger(c.db_path);
    db::StaffRepo repo(d);
    if (!repo.byName(name)) throw std::invalid_argument("no staff member " + name);
    const auto first = askSecret("New 6-digit PIN for " + name + ": ", err);
    if (!first || !core::validPin(*first)) {
      throw std::invalid_argument("a PIN is exactly 6 digits; nothing was changed");
    }
    const auto second = askSecret("The same PIN again: ", err);
    if (!second || *second != *first) {
      throw std::invalid_argument("the two PINs differ; nothing was changed");
    }
    const auto hash = db::hashPin(*first, secretCost());
    if (hash.empty()) throw std::runtime_error("the PIN could not be hashed (out of memory?)");
    const auto m = orFail(repo.setPinHash(name, hash, db::nowMs()));
    if (c.json) {
      out << memberJson(m, db::lastLockout(d, m.card_uid)).dump(2) << "\n";
    } else {
      out << "PIN set for " << m.name << "; kiosks receive it (as a hash) with their next pull.\n";
    }
    return 0;
  }
  if (sub == "disable" || sub == "enable") {
    const auto name = oneName(parseArgs(rest, {}, "staff " + sub), sub);
    auto d = openLedger(c.db_path);
    db::StaffRepo repo(d);
    if (!repo.byName(name)) throw std::invalid_argument("no staff member " + name);
    const auto m = orFail(repo.setDisabled(name, sub == "disable", db::nowMs()));
    if (c.json) {
      out << memberJson(m, db::lastLockout(d, m.card_uid)).dump(2) << "\n";
    } else {
      out << m.name << (m.disabled ? " is disabled: " : " is enabled: ")
          << (m.disabled ? "kiosks refuse the card after their next pull.\n"
                         : "kiosks accept the card again after their next pull.\n");
    }
    return 0;
  }
  if (sub == "list") {
    if (!rest.empty()) throw std::invalid_argument("staff list takes no argument '" + rest.front() + "'");
    auto d = openLedger(c.db_path);
    db::StaffRepo repo(d);
    const auto all = repo.list();
    if (c.json) {
      json list = json::array();
      for (const auto& m : all) list.push_back(memberJson(m, db::lastLockout(d, m.card_uid)));
      out << list.dump(2) << "\n";
      return 0;
    }
    out << "Staff (员工) — " << all.size() << "\n";
    if (all.empty()) out << "  (none; add one with: staff add NAME --card UID)\n";
    for (const auto& m : all) printMember(out, m, db::lastLockout(d, m.card_uid));
    return 0;
  }
  throw std::invalid_argument("staff has no '" + sub + "'; use add, pin, disable, enable or list");
}

// ---- reconcile -----------------------------------------------------------------------------

json summaryJson(const core::DaySummary& s) {
  json products = json::array();
  for (const auto& l : s.products) products.push_back({{"sku", l.key}, {"count", l.count}});
  json services = json::array();
  for (const auto& l : s.services) {
    services.push_back({{"station", l.key}, {"count", l.count}, {"points", l.points}});
  }
  return {{"entries", s.entries},         {"redemptions", s.redemptions},
          {"redeemed_points", s.redeemed_points}, {"bookings", s.bookings},
          {"booked_points", s.booked_points},     {"voids", s.voids},
          {"returned_points", s.returned_points}, {"products", products},
          {"services", services}};
}

std::string summaryText(const core::DaySummary& s) {
  return std::to_string(s.entries) + " entries: " + std::to_string(s.redemptions) +
         " redemptions (" + std::to_string(s.redeemed_points) + " points), " +
         std::to_string(s.bookings) + " bookings (" + std::to_string(s.booked_points) +
         " points), " + std::to_string(s.voids) + " voids (" + std::to_string(s.returned_points) +
         " points back)";
}

json reportJson(const db::ReconcileReport& r) {
  json kiosks = json::array();
  for (const auto& k : r.kiosks) {
    json closes = json::array();
    for (const auto& c : k.closes) {
      closes.push_back({{"number", core::dayCloseNumber(c.close.number)},
                        {"day", c.close.day},
                        {"first_seq", c.close.first_seq},
                        {"last_seq", c.close.last_seq},
                        {"head_hash", db::hashToHex(c.close.head_hash)},
                        {"staff", c.close.staff_name},
                        {"closed_at", core::formatChinaTime(c.close.closed_at_ms)},
                        {"office_held", c.office_held},
                        {"agrees", c.differences.empty()},
                        {"differences", c.differences},
                        {"kiosk_summary", c.kiosk ? summaryJson(*c.kiosk) : json(nullptr)},
                        {"office_summary", c.office ? summaryJson(*c.office) : json(nullptr)}});
    }
    json lines = json::array();
    for (const auto& l : k.lines) {
      lines.push_back({{"list", l.list}, {"problem", l.problem}, {"subject", l.subject},
                       {"text", l.text}, {"at", core::formatChinaTime(l.at_ms)}, {"at_ms", l.at_ms}});
    }
    kiosks.push_back({{"kiosk", k.kiosk_id}, {"enrolled", k.enrolled}, {"agrees", k.agrees()},
                      {"differences", k.differences}, {"closes", closes}, {"lines", lines}});
  }
  return {{"day", r.day},
          {"agrees", r.agrees()},
          {"difference_count", r.differenceCount()},
          {"kiosks", kiosks}};
}

void printReport(std::ostream& out, const db::ReconcileReport& r) {
  out << "对账 Reconciliation of " << r.day << " (China Standard Time)\n";
  if (r.kiosks.empty()) out << "\n  No kiosk is enrolled, and none sold or closed that day.\n";
  for (const auto& k : r.kiosks) {
    out << "\nKiosk " << k.kiosk_id << (k.enrolled ? "" : " (on the office's own file)") << ": "
        << (k.agrees() ? "agrees" : std::to_string(k.differenceCount()) + " difference(s)") << "\n";
    for (const auto& d : k.differences) out << "  ✗ " << d << "\n";
    for (const auto& c : k.closes) {
      out << "  " << core::dayCloseNumber(c.close.number) << " 日结 by " << c.close.staff_name
          << " at " << core::formatChinaTime(c.close.closed_at_ms) << ", entries "
          << c.close.first_seq << ".." << c.close.last_seq << "\n";
      if (c.kiosk) out << "    kiosk:  " << summaryText(*c.kiosk) << "\n";
      if (c.office) out << "    office: " << summaryText(*c.office) << "\n";
      if (c.differences.empty()) {
        out << "    ✓ figures, entry range and chain head agree\n";
      } else {
        for (const auto& d : c.differences) out << "    ✗ " << d << "\n";
      }
    }
    if (!k.lines.empty()) {
      out << "  On the office's lists that day:\n";
      for (const auto& l : k.lines) {
        out << "    " << core::formatChinaTime(l.at_ms).substr(11) << "  " << std::left
            << std::setw(17) << l.problem << l.subject << "  " << l.text << "\n";
      }
    }
  }
  out << "\n"
      << (r.agrees() ? "All agree.\n"
                     : std::to_string(r.differenceCount()) + " difference(s) to look into.\n");
}

int cmdReconcile(const StaffCommand& c, std::ostream& out) {
  const auto p = parseArgs(c.args, {"--day", "--kiosk"}, "reconcile");
  if (!p.words.empty()) throw std::invalid_argument("reconcile takes no argument '" + p.words.front() + "'");
  const auto day = p.flag("--day");
  if (!day) throw std::invalid_argument("reconcile needs --day YYYY-MM-DD");
  if (!core::chinaDayStartMs(*day)) {
    throw std::invalid_argument("'" + *day + "' is not a day; write it as YYYY-MM-DD, e.g. 2026-12-03");
  }
  const auto kiosk = p.flag("--kiosk").value_or("");
  auto d = openLedger(c.db_path);
  auto r = db::reconcileDay(d, *day, kiosk);
  if (!r) {
    if (r.error().code == db::ReconcileError::Storage) throw std::runtime_error(r.error().message);
    throw std::invalid_argument(r.error().message);
  }
  if (c.json) {
    out << reportJson(*r).dump(2) << "\n";
  } else {
    printReport(out, *r);
  }
  return r->agrees() ? 0 : 1;
}

// ---- export --------------------------------------------------------------------------------

constexpr std::int64_t kProgressEvery = 10'000;

// What one transaction row says, as text cells (the CSV row, and the XLSX detail sheet).
struct ExportCells {
  std::vector<std::string> cells;
  std::int64_t points = 0;
};

std::string itemsText(const db::ExportRow& r, const std::map<std::string, std::string>& products,
                      const std::map<std::string, std::string>& stations) {
  if (!r.station.empty()) {
    const auto it = stations.find(r.station);
    return it == stations.end() ? r.station : it->second + " (" + r.station + ")";
  }
  const auto lines = db::parseLines(r.lines);
  if (!lines) return r.lines;
  std::string out;
  for (const auto& l : *lines) {
    if (!out.empty()) out += "; ";
    const auto it = products.find(l.sku);
    out += (it == products.end() ? l.sku : it->second + " (" + l.sku + ")") + " ×" +
           std::to_string(l.quantity);
  }
  return out;
}

const std::vector<std::string>& detailHeader() {
  static const std::vector<std::string> h = {
      "时间 Time (CST)", "终端 Kiosk", "序号 Seq", "村民编号 Villager ID", "村民 Villager",
      "类型 Kind", "kind", "商品或服务 Items or station", "积分 Points", "备注 Reference",
      "冲销 Voids"};
  return h;
}

// Seq, villager id and points: whole numbers (written as numbers, never escaped).
bool isNumberColumn(std::size_t i) noexcept { return i == 2 || i == 3 || i == 8; }

std::vector<std::string> detailCells(const db::ExportRow& r, const std::string& items) {
  return {core::formatChinaTime(r.at_ms),
          r.kiosk_id,
          core::csvNumber(r.kiosk_seq),
          core::csvNumber(r.villager_id),
          r.villager_name,
          std::string(core::entryKindZh(r.kind)),
          std::string(core::toString(r.kind)),
          items,
          core::csvNumber(r.points_delta),
          r.reference,
          r.voids};
}

// A libxlsxwriter workbook, closed (and written) once.
class Workbook {
 public:
  explicit Workbook(const std::string& path) : m_wb(workbook_new(path.c_str())) {
    if (m_wb == nullptr) throw std::runtime_error("cannot create " + path);
    m_bold = workbook_add_format(m_wb);
    format_set_bold(m_bold);
  }
  ~Workbook() {
    if (m_wb != nullptr) (void)workbook_close(m_wb);
  }
  lxw_worksheet* sheet(const char* name) {
    lxw_worksheet* ws = workbook_add_worksheet(m_wb, name);
    if (ws == nullptr) throw std::runtime_error(std::string("cannot add the sheet ") + name);
    return ws;
  }
  lxw_format* bold() const noexcept { return m_bold; }
  void close() {
    const lxw_error e = workbook_close(m_wb);
    m_wb = nullptr;
    if (e != LXW_NO_ERROR) throw std::runtime_error(std::string("cannot write the workbook: ") + lxw_strerror(e));
  }

 private:
  lxw_workbook* m_wb;
  lxw_format* m_bold = nullptr;
};

void put(lxw_worksheet* ws, int row, int col, const std::string& text, lxw_format* f = nullptr) {
  worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), text.c_str(), f);
}
void put(lxw_worksheet* ws, int row, int col, std::int64_t n, lxw_format* f = nullptr) {
  worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col),
                         static_cast<double>(n), f);
}

int runExport(const StaffCommand& c, std::ostream& out, std::ostream& err) {
  const auto p =
      parseArgs(c.args, {"--day", "--month", "--kiosk", "--format", "--out"}, "export", {"--force"});
  if (!p.words.empty()) throw std::invalid_argument("export takes no argument '" + p.words.front() + "'");
  const bool force = !p.switches.empty();
  const auto day = p.flag("--day");
  const auto month = p.flag("--month");
  if (day.has_value() == month.has_value()) {
    throw std::invalid_argument("export needs --day YYYY-MM-DD or --month YYYY-MM (one of them)");
  }
  std::int64_t from = 0;
  std::int64_t to = 0;
  if (day) {
    const auto start = core::chinaDayStartMs(*day);
    if (!start) throw std::invalid_argument("'" + *day + "' is not a day; write it as YYYY-MM-DD, e.g. 2026-12-03");
    from = *start;
    to = from + 86'400'000;
  } else {
    const auto ym = core::YearMonth::parse(*month);
    if (!ym) throw std::invalid_argument("'" + *month + "' is not a month; write it as YYYY-MM, e.g. 2026-11");
    from = core::monthStartMs(*ym);
    to = core::monthStartMs(ym->next());
  }
  const auto format = p.flag("--format");
  if (!format || (*format != "csv" && *format != "xlsx")) {
    throw std::invalid_argument("export needs --format csv or --format xlsx");
  }
  const auto path = p.flag("--out");
  if (!path || path->empty()) throw std::invalid_argument("export needs --out FILE");
  const auto kiosk = p.flag("--kiosk").value_or("");
  auto d = openLedger(c.db_path);
  if (!kiosk.empty() && kiosk != db::kOfficeKioskId && !db::knownKiosk(d, kiosk)) {
    throw std::invalid_argument("no kiosk named '" + kiosk + "' (see rc-office kiosks)");
  }
  OutputFile file(*path, force);
  const auto products = db::productNames(d);
  const auto stations = db::stationNames(d);
  const std::int64_t total = db::countTransactions(d, from, to, kiosk);
  std::vector<core::DayEntry> counted;  // for the totals (core::summarizeDay)
  std::int64_t written = 0;
  auto progress = [&] {
    ++written;
    if (written % kProgressEvery == 0) {
      err << "  exported " << written << " of " << total << " transactions\n" << std::flush;
    }
  };
  const auto movements = db::staffStockMovements(d, from, to, kiosk);
  if (*format == "csv") {
    std::ofstream f(file.tmp(), std::ios::binary);
    if (!f) throw std::runtime_error("cannot write " + file.tmp());
    // Numbers as numbers (seq, villager id, points); text as text, never as a formula.
    auto csvLine = [](const std::vector<std::string>& cells, bool header) {
      std::vector<std::string> encoded;
      encoded.reserve(cells.size());
      for (std::size_t i = 0; i < cells.size(); ++i) {
        encoded.push_back(!header && isNumberColumn(i) ? cells[i] : core::csvCell(cells[i]));
      }
      return core::csvRow(encoded);
    };
    f << core::kUtf8Bom << csvLine(detailHeader(), true);
    auto st = db::forEachTransaction(d, from, to, kiosk, [&](const db::ExportRow& r) {
      f << csvLine(detailCells(r, itemsText(r, products, stations)), false);
      counted.push_back(db::dayEntryOf(r));
      progress();
    });
    if (!st) throw std::runtime_error(st.error().message);
    f.flush();
    if (!f) throw std::runtime_error("cannot write " + file.tmp() + " (disk full?)");
  } else {
    Workbook wb(file.tmp());
    lxw_worksheet* detail = wb.sheet("明细 Detail");
    const auto& header = detailHeader();
    for (std::size_t i = 0; i < header.size(); ++i) put(detail, 0, static_cast<int>(i), header[i], wb.bold());
    int row = 1;
    auto st = db::forEachTransaction(d, from, to, kiosk, [&](const db::ExportRow& r) {
      const auto cells = detailCells(r, itemsText(r, products, stations));
      for (std::size_t i = 0; i < cells.size(); ++i) {
        if (isNumberColumn(i)) {
          put(detail, row, static_cast<int>(i), std::stoll(cells[i]));
        } else {
          put(detail, row, static_cast<int>(i), cells[i]);
        }
      }
      ++row;
      counted.push_back(db::dayEntryOf(r));
      progress();
    });
    if (!st) throw std::runtime_error(st.error().message);
    const auto sum = core::summarizeDay(counted);
    lxw_worksheet* totals = wb.sheet("合计 Totals");
    int t = 0;
    put(totals, t, 0, "按类型 By kind", wb.bold());
    put(totals, t, 1, "笔数 Count", wb.bold());
    put(totals, t++, 2, "积分 Points", wb.bold());
    const std::tuple<core::EntryKind, std::int64_t, std::int64_t> kinds[] = {
        {core::EntryKind::Redemption, sum.redemptions, -sum.redeemed_points},
        {core::EntryKind::Booking, sum.bookings, -sum.booked_points},
        {core::EntryKind::Void, sum.voids, sum.returned_points}};
    for (const auto& [k, n, pts] : kinds) {
      put(totals, t, 0, std::string(core::entryKindZh(k)) + " " + std::string(core::toString(k)));
      put(totals, t, 1, n);
      put(totals, t++, 2, pts);
    }
    put(totals, t, 0, "合计 All");
    put(totals, t, 1, sum.entries);
    put(totals, t++, 2, -sum.redeemed_points - sum.booked_points + sum.returned_points);
    ++t;
    put(totals, t, 0, "按商品 By product (net of voids)", wb.bold());
    put(totals, t, 1, "件数 Items", wb.bold());
    put(totals, t++, 2, "SKU", wb.bold());
    for (const auto& l : sum.products) {
      const auto it = products.find(l.key);
      put(totals, t, 0, it == products.end() ? l.key : it->second);
      put(totals, t, 1, l.count);
      put(totals, t++, 2, l.key);
    }
    ++t;
    put(totals, t, 0, "按服务 By station (net of voids)", wb.bold());
    put(totals, t, 1, "预约 Bookings", wb.bold());
    put(totals, t, 2, "积分 Points", wb.bold());
    put(totals, t++, 3, "station", wb.bold());
    for (const auto& l : sum.services) {
      const auto it = stations.find(l.key);
      put(totals, t, 0, it == stations.end() ? l.key : it->second);
      put(totals, t, 1, l.count);
      put(totals, t, 2, l.points);
      put(totals, t++, 3, l.key);
    }
    lxw_worksheet* stock = wb.sheet("库存变动 Stock");
    const char* stock_header[] = {"时间 Time (CST)", "终端 Kiosk", "SKU", "商品 Product",
                                  "数量 Delta", "类型 Reason", "说明 Note", "经手 Staff"};
    for (int i = 0; i < 8; ++i) put(stock, 0, i, stock_header[i], wb.bold());
    int s = 1;
    for (const auto& m : movements) {
      const auto it = products.find(m.sku);
      put(stock, s, 0, core::formatChinaTime(m.at_ms));
      put(stock, s, 1, m.kiosk_id);
      put(stock, s, 2, m.sku);
      put(stock, s, 3, it == products.end() ? std::string() : it->second);
      put(stock, s, 4, m.delta);
      put(stock, s, 5, m.reason == "receive" ? "补货 receive" : "盘点 count");
      put(stock, s, 6, m.note);
      put(stock, s++, 7, m.staff_name);
    }
    wb.close();
  }
  file.commit();
  err << "  exported " << written << " transactions\n" << std::flush;
  if (c.json) {
    out << json{{"out", *path}, {"format", *format}, {"transactions", written},
                {"stock_movements", *format == "xlsx" ? json(movements.size()) : json(nullptr)}}
               .dump(2)
        << "\n";
  } else {
    out << "Wrote " << *path << ": " << written << " transactions"
        << (*format == "xlsx" ? ", totals and " + std::to_string(movements.size()) + " stock movements" : std::string())
        << ".\n";
  }
  return 0;
}

}  // namespace

// ---- dispatch ------------------------------------------------------------------------------

bool isStaffCommand(const std::string& name) noexcept {
  return name == "staff" || name == "reconcile" || name == "export";
}

int runStaffCommand(const StaffCommand& c, const core::Settings&, std::ostream& out,
                    std::ostream& err) {
  if (c.name == "staff") return cmdStaff(c, out, err);
  if (c.name == "reconcile") return cmdReconcile(c, out);
  return runExport(c, out, err);
}

}  // namespace rc::office
