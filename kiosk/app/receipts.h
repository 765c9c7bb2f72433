#pragma once
// What the kiosk prints, always in Chinese: a redemption's receipt (兑换小票), a booking's or a
// request's ticket (预约凭条 / 服务请求凭条) and the day close (日结单), as ESC/POS documents
// (drivers/escpos.h) and their bytes for the receipt printer. 58 mm paper is 32 columns, 80 mm
// 48 (drivers::PrinterConfig::columns()). Pure functions; thread-safe.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "db/staff.h"
#include "drivers/escpos.h"
#include "kiosk/app/state.h"

namespace rc::kiosk {

// The receipt of a redemption made at `at_ms` (Unix ms) by `villager`: the lines, the total,
// the points left, and the order number as text and as a QR code.
drivers::escpos::Document receiptDocument(const Receipt& receipt, const std::string& villager,
                                          std::int64_t at_ms, int columns);
// The ticket of a booking or request made at `made_ms`: the number large, the station, when,
// who; the number as a CODE128 barcode (a QR code when it is not plain ASCII).
drivers::escpos::Document ticketDocument(const Ticket& ticket, std::int64_t made_ms, int columns);

// Names for the day close's lines: SKU → product name, station kind ("laundry") → the
// station's name. A key without a name prints as it is.
using NameMap = std::map<std::string, std::string, std::less<>>;
// The day close Z-0001: day, kiosk, seq range, the chain head's first 16 hex digits, staff,
// counts and totals (core::parseDaySummary of row.summary), products and services, a QR code
// of the close and a line to sign.
drivers::escpos::Document dayCloseDocument(const db::DayCloseRow& row, const NameMap& products,
                                           const NameMap& stations, int columns);

// The documents as printer bytes; empty when a document cannot be encoded (a text that is
// not valid UTF-8 never reaches the paper).
std::vector<std::uint8_t> receiptBytes(const Receipt& receipt, const std::string& villager,
                                       std::int64_t at_ms, int columns);
std::vector<std::uint8_t> ticketBytes(const Ticket& ticket, std::int64_t made_ms, int columns);
std::vector<std::uint8_t> dayCloseBytes(const db::DayCloseRow& row, const NameMap& products,
                                        const NameMap& stations, int columns);

}  // namespace rc::kiosk
