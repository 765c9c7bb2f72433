#include <chrono>

#include "kiosk/app/controller.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/receipts.h"

// The controller's printing: a receipt when a redemption reaches the receipt screen, a ticket
// when a booking or request reaches the ticket screen. A job is handed to the printer and never
// waited for; without a printer (or with no paper) the screen is the villager's record.

namespace rc::kiosk {
namespace {

std::int64_t wallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

void Controller::setPrinter(PrinterPort* printer, int columns) noexcept {
  m_printer = printer;
  m_printer_columns = columns;
}

void Controller::onPrinter(PrinterLight light, TimePoint) {
  if (light == m_s.printer) return;
  m_s.printer = light;
  m_changed = true;
}

void Controller::printReceipt() {
  if (m_printer == nullptr || !m_s.receipt) return;
  const std::string villager = m_s.villager ? m_s.villager->name : std::string();
  auto bytes = receiptBytes(*m_s.receipt, villager, wallMs(), m_printer_columns);
  if (!bytes.empty()) m_printer->print(std::move(bytes));
}

void Controller::printDayClose(const db::DayCloseRow& row) {
  if (m_printer == nullptr) return;
  NameMap products;
  for (const auto& p : m_s.products) products.emplace(p.sku, p.name);
  NameMap stations;
  for (const auto& st : m_s.stations) {
    stations.emplace(std::string(core::toString(st.kind)), stationName(st, Lang::Zh));
  }
  auto bytes = dayCloseBytes(row, products, stations, m_printer_columns);
  if (!bytes.empty()) m_printer->print(std::move(bytes));
}

void Controller::printTicket() {
  if (m_printer == nullptr || !m_s.ticket) return;
  auto bytes = ticketBytes(*m_s.ticket, wallMs(), m_printer_columns);
  if (!bytes.empty()) m_printer->print(std::move(bytes));
}

}  // namespace rc::kiosk
