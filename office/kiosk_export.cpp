// The export writers (CSV, XLSX) and the reconciliation's JSON, shared by rc-office and the
// console (office/kiosk_export.h).
#include "office/kiosk_export.h"

#include <xlsxwriter.h>

#include <fstream>
#include <map>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "core/csv.h"
#include "core/staff.h"
#include "core/types.h"
#include "db/exports.h"
#include "db/ledger.h"

namespace rc::office {
namespace {

using nlohmann::json;

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
  Workbook(const Workbook&) = delete;
  Workbook& operator=(const Workbook&) = delete;
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

}  // namespace

ExportPeriod exportDay(const std::string& day) {
  const auto start = core::chinaDayStartMs(day);
  if (!start) throw std::invalid_argument("'" + day + "' is not a day; write it as YYYY-MM-DD, e.g. 2026-12-03");
  return {*start, *start + 86'400'000, day};
}

ExportPeriod exportMonth(const std::string& month) {
  const auto ym = core::YearMonth::parse(month);
  if (!ym) throw std::invalid_argument("'" + month + "' is not a month; write it as YYYY-MM, e.g. 2026-11");
  return {core::monthStartMs(*ym), core::monthStartMs(ym->next()), month};
}

ExportCounts writeExportCsv(db::Database& d, const ExportPeriod& period, const std::string& kiosk,
                            std::ostream& f, const ExportProgress& progress) {
  const auto products = db::productNames(d);
  const auto stations = db::stationNames(d);
  const std::int64_t total = progress ? db::countTransactions(d, period.from_ms, period.to_ms, kiosk) : 0;
  ExportCounts counts;
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
  auto st = db::forEachTransaction(d, period.from_ms, period.to_ms, kiosk, [&](const db::ExportRow& r) {
    f << csvLine(detailCells(r, itemsText(r, products, stations)), false);
    ++counts.transactions;
    if (progress) progress(counts.transactions, total);
  });
  if (!st) throw std::runtime_error(st.error().message);
  return counts;
}

ExportCounts writeExportXlsx(db::Database& d, const ExportPeriod& period,
                             const std::string& kiosk, const std::string& path,
                             const ExportProgress& progress) {
  const auto products = db::productNames(d);
  const auto stations = db::stationNames(d);
  const std::int64_t total = progress ? db::countTransactions(d, period.from_ms, period.to_ms, kiosk) : 0;
  const auto movements = db::staffStockMovements(d, period.from_ms, period.to_ms, kiosk);
  ExportCounts counts;
  std::vector<core::DayEntry> counted;  // for the totals (core::summarizeDay)
  Workbook wb(path);
  lxw_worksheet* detail = wb.sheet("明细 Detail");
  const auto& header = detailHeader();
  for (std::size_t i = 0; i < header.size(); ++i) put(detail, 0, static_cast<int>(i), header[i], wb.bold());
  int row = 1;
  auto st = db::forEachTransaction(d, period.from_ms, period.to_ms, kiosk, [&](const db::ExportRow& r) {
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
    ++counts.transactions;
    if (progress) progress(counts.transactions, total);
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
  counts.stock_movements = static_cast<std::int64_t>(movements.size());
  return counts;
}

std::map<std::string, core::DaySummary> transactionTotals(db::Database& d, const ExportPeriod& period) {
  std::map<std::string, std::vector<core::DayEntry>> entries;
  auto st = db::forEachTransaction(d, period.from_ms, period.to_ms, "", [&](const db::ExportRow& r) {
    entries[r.kiosk_id].push_back(db::dayEntryOf(r));
  });
  if (!st) throw std::runtime_error(st.error().message);
  std::map<std::string, core::DaySummary> out;
  for (const auto& [kiosk, list] : entries) out[kiosk] = core::summarizeDay(list);
  return out;
}

json daySummaryJson(const core::DaySummary& s) {
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

json reconcileJson(const db::ReconcileReport& r) {
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
                        {"kiosk_summary", c.kiosk ? daySummaryJson(*c.kiosk) : json(nullptr)},
                        {"office_summary", c.office ? daySummaryJson(*c.office) : json(nullptr)}});
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

}  // namespace rc::office
