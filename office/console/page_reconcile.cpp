// The console's reconcile page (对账): a day's closes of each kiosk checked against what the
// office holds (db::reconcileDay, as rc-office reconcile), the day's lines in plain words, and
// the day's or month's transactions as CSV or XLSX (the writers of rc-office export).
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include "core/staff.h"
#include "db/office_sync.h"
#include "db/reconcile.h"
#include "db/uuid.h"
#include "office/console/api.h"
#include "office/console/kiosk_problems.h"
#include "office/kiosk_export.h"

namespace rc::office::console {
namespace {

std::string dayOf(const Request& req) {
  const auto day = req.query("day", 10);
  if (!day || day->empty()) return core::chinaDay(db::nowMs());
  if (!core::chinaDayStartMs(*day)) {
    badInput("日期应写成 年-月-日，例如 2026-11-30 ('" + *day + "' is not a day: YYYY-MM-DD)");
  }
  return *day;
}

// The kiosk asked for: empty for all; 404 for a kiosk the office never heard of.
std::string kioskOf(Context& c, const Request& req) {
  const auto kiosk = req.query("kiosk", 64).value_or("");
  if (kiosk.empty() || kiosk == db::kOfficeKioskId) return kiosk;
  if (!db::validKioskId(kiosk) || !db::knownKiosk(c.db, kiosk)) {
    throw ConsoleError(404, "没有这台终端：" + kiosk + " (no kiosk named '" + kiosk + "')");
  }
  return kiosk;
}

Reply reconcile(Context& c, const Request& req) {
  const std::string day = dayOf(req);
  const std::string kiosk = kioskOf(c, req);
  auto report = db::reconcileDay(c.db, day, kiosk);
  if (!report) {
    if (report.error().code == db::ReconcileError::Storage) {
      throw std::runtime_error(report.error().message);
    }
    badInput(report.error().message);
  }
  Reply r;
  r.body = reconcileJson(*report);
  // What the office holds of each kiosk's day, with a close or without one.
  const auto totals = transactionTotals(c.db, exportDay(day));
  for (auto& k : r.body["kiosks"]) {
    const auto t = totals.find(k["kiosk"].get<std::string>());
    k["office_day"] = daySummaryJson(t == totals.end() ? core::DaySummary{} : t->second);
    for (auto& l : k["lines"]) {
      const auto words = problemWords(l["problem"].get<std::string>());
      l["title"] = words.title;
      l["next"] = words.next;
    }
  }
  // Every kiosk the office knows, for the page's choice.
  std::set<std::string> ids;
  for (const auto& k : db::OfficeSync(c.ledger).kiosks()) ids.insert(k.id);
  for (const auto& k : report->kiosks) ids.insert(k.kiosk_id);
  r.body["all_kiosks"] = ids;
  r.body["kiosk"] = kiosk;
  r.body["today"] = core::chinaDay(db::nowMs());
  return r;
}

// A file the XLSX writer fills, removed when the download has been read.
class TempFile {
 public:
  TempFile()
      : m_path((std::filesystem::temp_directory_path() / ("rc-console-export-" + db::newUuid() + ".xlsx"))
                   .string()) {}
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove(m_path, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const noexcept { return m_path; }
  std::string read() const {
    std::error_code ec;
    const auto size = std::filesystem::file_size(m_path, ec);
    std::ifstream f(m_path, std::ios::binary);
    std::string bytes(ec ? 0 : static_cast<std::size_t>(size), '\0');
    if (ec || !f || !f.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
      throw std::runtime_error("cannot read " + m_path);
    }
    return bytes;
  }

 private:
  std::string m_path;
};

Reply exportFile(Context& c, const Request& req) {
  const auto day = req.query("day", 10);
  const auto month = req.query("month", 7);
  if (day.has_value() == month.has_value()) {
    badInput("请选一天或一个月 (give day=YYYY-MM-DD or month=YYYY-MM)");
  }
  ExportPeriod period;
  try {
    period = day ? exportDay(*day) : exportMonth(*month);
  } catch (const std::invalid_argument& e) {
    badInput(std::string(day ? "日期应写成 年-月-日" : "月份应写成 年-月") + " (" + e.what() + ")");
  }
  const auto format = req.query("format", 4).value_or("");
  if (format != "csv" && format != "xlsx") badInput("格式应为 csv 或 xlsx (format is csv or xlsx)");
  const std::string kiosk = kioskOf(c, req);
  std::string name = "rc-export-" + period.label;
  if (!kiosk.empty()) {
    name += "-";
    for (char ch : kiosk) name += (ch == ':' ? '_' : ch);
  }
  name += "." + format;
  if (format == "csv") {
    std::ostringstream out;
    writeExportCsv(c.db, period, kiosk, out);
    return Reply::download("text/csv; charset=utf-8", name, out.str());
  }
  TempFile file;
  writeExportXlsx(c.db, period, kiosk, file.path());
  return Reply::download("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                         name, file.read());
}

}  // namespace

void addReconcileRoutes(Routes& routes) {
  routes.push_back({"GET", "reconcile", kOfficeReaders, "", reconcile});
  routes.push_back({"GET", "reconcile/export", kOfficeReaders, "", exportFile});
}

}  // namespace rc::office::console
