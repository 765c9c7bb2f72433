#include "kiosk/app/receipts.h"

#include "core/services.h"
#include "core/staff.h"
#include "core/types.h"
#include "db/ledger.h"
#include "kiosk/app/hub_words.h"

// Sections: shared pieces (head, foot); the receipt; the ticket; the day close; bytes.

namespace rc::kiosk {
namespace {

namespace esc = drivers::escpos;

constexpr std::string_view kVillage = "东岛刘家村 · 红色信用";

esc::Style centred(bool bold = false, bool big = false) {
  return esc::Style{esc::Align::Center, bold, big};
}

void head(esc::Document& d, std::string_view title) {
  d.text(std::string(title), centred(true, true));
  d.text(std::string(kVillage), centred());
  d.rule('=');
}

// Feed past the tear bar, then cut.
void foot(esc::Document& d) {
  d.feed(3);
  d.cut();
}

bool barcodeable(std::string_view s) {
  if (s.empty() || s.size() > esc::kMaxBarcodeBytes) return false;
  for (const char c : s) {
    if (c < 0x20 || c > 0x7e || c == '{') return false;
  }
  return true;
}

std::string points(std::int64_t n) { return std::to_string(n) + " 积分"; }

std::vector<std::uint8_t> bytesOf(const esc::Document& d) {
  auto encoded = esc::encode(d);
  if (!encoded) return {};
  return std::move(encoded.value());
}

}  // namespace

// ---- the receipt ---------------------------------------------------------------------------

esc::Document receiptDocument(const Receipt& r, const std::string& villager, std::int64_t at_ms,
                              int columns) {
  esc::Document d;
  d.columns = columns;
  head(d, "兑换小票");
  d.columnsLine("单号", r.order_number);
  d.columnsLine("村民", villager);
  d.columnsLine("时间", core::formatChinaTime(at_ms));
  d.rule();
  for (const auto& l : r.lines) {
    d.columnsLine(l.name + " ×" + std::to_string(l.quantity), points(l.points));
  }
  d.rule();
  d.columnsLine("合计", points(r.total_points), true);
  d.columnsLine("剩余积分", std::to_string(r.balance_after));
  if (r.ledger_seq > 0) d.columnsLine("流水号", std::to_string(r.ledger_seq));
  d.rule();
  d.qr(r.order_number);
  d.text("凭此小票到柜台领取商品", centred());
  d.text("谢谢您为村里做的好事！", centred());
  foot(d);
  return d;
}

// ---- the ticket ----------------------------------------------------------------------------

esc::Document ticketDocument(const Ticket& t, std::int64_t made_ms, int columns) {
  esc::Document d;
  d.columns = columns;
  head(d, t.booking ? "预约凭条" : "服务请求凭条");
  d.text("号码", centred());
  d.text(t.number, centred(true, true));
  d.rule();
  const std::string station =
      t.station_name.empty() ? stationName(t.station, "", Lang::Zh) : t.station_name;
  d.columnsLine("服务", station);
  if (t.booking) {
    d.columnsLine("预约时间", whenLabel(t.at_ms, Lang::Zh));
  } else {
    d.columnsLine("提交时间", whenLabel(t.at_ms, Lang::Zh));
  }
  d.columnsLine("村民", t.villager_name);
  if (!t.helper_name.empty()) d.columnsLine("代约志愿者", t.helper_name);
  if (!t.grid.empty()) d.columnsLine("网格", t.grid);
  if (!t.note.empty()) d.text("备注：" + t.note);
  if (t.points > 0) d.columnsLine("用了", points(t.points));
  if (t.pending) d.text("已记下，等村委会确认");
  d.columnsLine("打印时间", core::formatChinaTime(made_ms));
  d.rule();
  if (barcodeable(t.number)) {
    d.barcode(t.number);
  } else {
    d.qr(t.number);
  }
  if (t.booking) {
    d.text("到时候带上村民卡，到" + station + "报这个号码。", centred());
  } else {
    d.text("志愿者认领后会来帮您，在“我的预约”里可以看到。", centred());
  }
  foot(d);
  return d;
}

// ---- the day close -------------------------------------------------------------------------

esc::Document dayCloseDocument(const db::DayCloseRow& row, const NameMap& products,
                               const NameMap& stations, int columns) {
  auto nameOf = [](const NameMap& names, const std::string& key) {
    const auto it = names.find(key);
    return it != names.end() ? it->second : key;
  };
  const std::string number = core::dayCloseNumber(row.number);
  const std::string head16 = db::hashToHex(row.head_hash).substr(0, 16);
  esc::Document d;
  d.columns = columns;
  head(d, "日结单");
  d.columnsLine("编号", number, true);
  d.columnsLine("日期", row.day);
  d.columnsLine("终端", row.kiosk_id);
  d.columnsLine("流水", std::to_string(row.first_seq) + " - " + std::to_string(row.last_seq));
  d.columnsLine("链头", head16);
  d.columnsLine("经手", row.staff_name);
  d.columnsLine("结账时间", core::formatChinaTime(row.closed_at_ms));
  d.rule();
  const auto summary = core::parseDaySummary(row.summary);
  if (!summary) {
    d.text("汇总无法读取，请联系村委会", centred(true));
  } else {
    const core::DaySummary& s = *summary;
    d.columnsLine("总笔数", std::to_string(s.entries));
    d.columnsLine("兑换 " + std::to_string(s.redemptions) + " 笔", points(s.redeemed_points));
    d.columnsLine("预约 " + std::to_string(s.bookings) + " 笔", points(s.booked_points));
    d.columnsLine("作废 " + std::to_string(s.voids) + " 笔", "退回 " + points(s.returned_points));
    if (!s.products.empty()) {
      d.rule();
      d.text("商品", esc::Style{esc::Align::Left, true, false});
      for (const auto& l : s.products) {
        d.columnsLine(nameOf(products, l.key), "×" + std::to_string(l.count));
      }
    }
    if (!s.services.empty()) {
      d.rule();
      d.text("服务", esc::Style{esc::Align::Left, true, false});
      for (const auto& l : s.services) {
        std::string name = nameOf(stations, l.key);
        if (name == l.key) {
          if (const auto kind = core::stationKindFromString(l.key)) {
            name = stationName(*kind, "", Lang::Zh);
          }
        }
        d.columnsLine(name + " " + std::to_string(l.count) + " 次", points(l.points));
      }
    }
  }
  d.rule();
  d.qr(row.kiosk_id + " " + number + " " + row.day + " " + std::to_string(row.first_seq) + "-" +
       std::to_string(row.last_seq) + " " + head16);
  d.feed(2);
  d.text("经手人签字：");
  d.feed(2);
  d.text("村委会签字：");
  foot(d);
  return d;
}

// ---- bytes ---------------------------------------------------------------------------------

std::vector<std::uint8_t> receiptBytes(const Receipt& receipt, const std::string& villager,
                                       std::int64_t at_ms, int columns) {
  return bytesOf(receiptDocument(receipt, villager, at_ms, columns));
}

std::vector<std::uint8_t> ticketBytes(const Ticket& ticket, std::int64_t made_ms, int columns) {
  return bytesOf(ticketDocument(ticket, made_ms, columns));
}

std::vector<std::uint8_t> dayCloseBytes(const db::DayCloseRow& row, const NameMap& products,
                                        const NameMap& stations, int columns) {
  return bytesOf(dayCloseDocument(row, products, stations, columns));
}

}  // namespace rc::kiosk
