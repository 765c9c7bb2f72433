#pragma once
// The kiosk transactions of a day or a month as spreadsheets, and a day's reconciliation as
// JSON: what `rc-office export` and `rc-office reconcile --json` write, and what the console's
// reconcile page sends (one writer of each, so a download and a command's file agree).
// CSV: UTF-8 with a BOM, one row per transaction. XLSX: the same rows (明细 Detail), the
// totals (合计 Totals) and the staff's stock movements (库存变动 Stock).
// Thread-safety: as the Database it reads.

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

#include "core/staff.h"
#include "db/reconcile.h"
#include "db/sqlite.h"

namespace rc::office {

// [from_ms, to_ms) in China Standard Time, and a name for files ("2026-11-30", "2026-11").
struct ExportPeriod {
  std::int64_t from_ms = 0;
  std::int64_t to_ms = 0;
  std::string label;
};
// Refused with std::invalid_argument naming the expected form.
ExportPeriod exportDay(const std::string& day);
ExportPeriod exportMonth(const std::string& month);

struct ExportCounts {
  std::int64_t transactions = 0;
  std::int64_t stock_movements = 0;  // written to the XLSX only
};
// Called after each transaction written: (written so far, total in the period).
using ExportProgress = std::function<void(std::int64_t written, std::int64_t total)>;

// `kiosk`: one kiosk's transactions, or empty for every kiosk and the office's counter. The
// caller checks the kiosk exists (db::knownKiosk). Storage failures throw std::runtime_error.
ExportCounts writeExportCsv(db::Database& d, const ExportPeriod& period, const std::string& kiosk,
                            std::ostream& out, const ExportProgress& progress = {});
ExportCounts writeExportXlsx(db::Database& d, const ExportPeriod& period,
                             const std::string& kiosk, const std::string& path,
                             const ExportProgress& progress = {});

// The period's transactions per kiosk id, counted as a day close counts them
// (core::summarizeDay over the export's rows): the today page's figures and the reconcile
// page's "what the office holds" for a kiosk without a close.
std::map<std::string, core::DaySummary> transactionTotals(db::Database& d, const ExportPeriod& period);

// rc-office reconcile --json: the report with each close's figures, kiosk's and office's.
nlohmann::json reconcileJson(const db::ReconcileReport& r);
nlohmann::json daySummaryJson(const core::DaySummary& s);

}  // namespace rc::office
