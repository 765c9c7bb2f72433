// What the kiosk prints: the exact bytes of a receipt, and the lines of a ticket and a day close
// (GB18030 text, padding to 32 or 48 columns, QR and CODE128 commands, the cut); a redemption
// handing one receipt job to the printer port and a booking one ticket; the status bar's
// printer light; rc-kiosk --printer-out writing the receipt's file.
#include "kiosk/app/receipts.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/staff.h"
#include "drivers/payload.h"
#include "kiosk/app/controller.h"
#include "kiosk/app/hub_words.h"
#include "kiosk/app/kiosk_data.h"
#include "kiosk/app/printer_port.h"
#include "kiosk/app/script.h"
#include "kiosk/kiosk_app.h"
#include "kiosk_fixture.h"
#include "support/run_process.h"

namespace rc::kiosk {
namespace {

using Bytes = std::vector<std::uint8_t>;
using test::Pick;

// 2026-12-02 10:15 in China Standard Time.
constexpr std::int64_t kAt = 1'796'177'700'000;

Bytes gb(std::string_view utf8) {
  const auto s = drivers::escpos::toGb18030(utf8);
  EXPECT_TRUE(s) << utf8;
  return s ? Bytes(s->begin(), s->end()) : Bytes{};
}
Bytes ascii(std::string_view s) { return Bytes(s.begin(), s.end()); }
Bytes spaces(int n) { return Bytes(static_cast<std::size_t>(n), 0x20); }
Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
// A two-column line: left, spaces to fill `width` columns, right, LF.
Bytes columns(std::string_view left, std::string_view right, int width = 32) {
  const int pad = width - drivers::escpos::printWidth(left) - drivers::escpos::printWidth(right);
  return cat({gb(left), spaces(pad), gb(right), {0x0a}});
}
Bytes line(std::string_view s) { return cat({gb(s), {0x0a}}); }
bool contains(const Bytes& hay, const Bytes& needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}
// Each part found after the one before.
void expectInOrder(const Bytes& hay, const std::vector<Bytes>& parts) {
  auto at = hay.begin();
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const auto found = std::search(at, hay.end(), parts[i].begin(), parts[i].end());
    ASSERT_NE(found, hay.end()) << "part " << i + 1 << " missing or out of order";
    at = found + static_cast<std::ptrdiff_t>(parts[i].size());
  }
}

const Bytes kInit = {0x1b, 0x40, 0x1c, 0x26};
const Bytes kCentre = {0x1b, 0x61, 0x01};
const Bytes kLeft = {0x1b, 0x61, 0x00};
const Bytes kBoldOn = {0x1b, 0x45, 0x01};
const Bytes kBoldOff = {0x1b, 0x45, 0x00};
const Bytes kBig = {0x1d, 0x21, 0x11, 0x1c, 0x21, 0x0c};
const Bytes kNormal = {0x1d, 0x21, 0x00, 0x1c, 0x21, 0x00};
const Bytes kLf = {0x0a};
const Bytes kFeedCut = {0x1b, 0x64, 0x03, 0x1d, 0x56, 0x42, 0x00};

Bytes qr(std::string_view data) {
  const auto n = static_cast<std::uint8_t>(data.size() + 3);
  return cat({{0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00},
              {0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, 0x06},
              {0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31},
              {0x1d, 0x28, 0x6b, n, 0x00, 0x31, 0x50, 0x30}, ascii(data),
              {0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30}, kLf});
}

Receipt aReceipt() {
  Receipt r;
  r.order_number = "kiosktest-0042";
  r.lines = {{"大米5kg", 1, 30}, {"肥皂", 2, 10}};
  r.total_points = 40;
  r.balance_after = 120;
  r.ledger_seq = 77;
  return r;
}

TEST(Receipts, AReceiptByteForByte) {
  const Bytes head = cat({kInit, kCentre, kBoldOn, kBig, line("兑换小票"), kBoldOff, kNormal,
                          line("东岛刘家村 · 红色信用"), kLeft, ascii(std::string(32, '=')), kLf});
  const Bytes expected =
      cat({head, columns("单号", "kiosktest-0042"), columns("村民", "刘桂兰"),
           columns("时间", "2026-12-02 10:15"), ascii(std::string(32, '-')), kLf,
           columns("大米5kg ×1", "30 积分"), columns("肥皂 ×2", "10 积分"),
           ascii(std::string(32, '-')), kLf, kBoldOn, columns("合计", "40 积分"), kBoldOff,
           columns("剩余积分", "120"), columns("流水号", "77"), ascii(std::string(32, '-')), kLf,
           kCentre, qr("kiosktest-0042"), line("凭此小票到柜台领取商品"),
           line("谢谢您为村里做的好事！"), kFeedCut});
  EXPECT_EQ(receiptBytes(aReceipt(), "刘桂兰", kAt, 32), expected);
  // The 80 mm paper: the same lines on 48 columns.
  const Bytes wide = receiptBytes(aReceipt(), "刘桂兰", kAt, 48);
  expectInOrder(wide, {ascii(std::string(48, '=')), columns("单号", "kiosktest-0042", 48),
                       columns("大米5kg ×1", "30 积分", 48), qr("kiosktest-0042"), kFeedCut});
  // A name that is not valid UTF-8 never reaches the paper.
  EXPECT_TRUE(receiptBytes(aReceipt(), "\xe5\x88", kAt, 32).empty());
}

TEST(Receipts, ATicketWithItsNumberLargeAndAsABarcode) {
  Ticket t;
  t.booking = true;
  t.number = "L-412";
  t.station = core::StationKind::Laundry;
  t.station_name = "净衣社";
  t.at_ms = kAt + 86'400'000;
  t.points = 5;
  t.villager_name = "刘桂兰";
  t.helper_name = "王秀英";
  const Bytes b = ticketBytes(t, kAt, 32);
  expectInOrder(b, {kInit, kBig, line("预约凭条"), kCentre, line("号码"), kBoldOn, kBig,
                    line("L-412"), kLeft, columns("服务", "净衣社"),
                    columns("预约时间", whenLabel(t.at_ms, Lang::Zh)), columns("村民", "刘桂兰"),
                    columns("代约志愿者", "王秀英"), columns("用了", "5 积分"),
                    columns("打印时间", "2026-12-02 10:15"),
                    // GS k 73: CODE128 of 5 + 2 bytes, code set B
                    {0x1d, 0x48, 0x02, 0x1d, 0x68, 0x50, 0x1d, 0x77, 0x02, 0x1d, 0x6b, 0x49, 0x07,
                     0x7b, 0x42},
                    ascii("L-412"),
                    // 38 columns: wrapped after 16 characters
                    cat({gb("到时候带上村民卡，到净衣社报这个"), kLf, gb("号码。"), kLf}), kFeedCut});
  EXPECT_TRUE(std::equal(kFeedCut.rbegin(), kFeedCut.rend(), b.rbegin()));  // ends with the cut

  // A request whose number is not plain ASCII gets a QR code instead.
  t.booking = false;
  t.number = "修-7";
  t.station = core::StationKind::Repair;
  t.station_name = "";
  const Bytes r = ticketBytes(t, kAt, 32);
  expectInOrder(r, {line("服务请求凭条"), columns("提交时间", whenLabel(t.at_ms, Lang::Zh)),
                    qr("修-7"), cat({gb("志愿者认领后会来帮您，在“我的预"), kLf})});
  EXPECT_FALSE(contains(r, {0x1d, 0x6b, 0x49}));
}

TEST(Receipts, ADayCloseWithItsNumberRangeHeadAndTotals) {
  core::DaySummary s;
  s.entries = 12;
  s.redemptions = 8;
  s.redeemed_points = 340;
  s.bookings = 3;
  s.booked_points = 60;
  s.voids = 1;
  s.returned_points = 20;
  s.products = {{"RICE-5KG", 2, 0}, {"SOAP", 5, 0}};
  s.services = {{"laundry", 3, 60}};
  db::DayCloseRow row;
  row.kiosk_id = "supermarket";
  row.number = 1;
  row.day = "2026-12-02";
  row.first_seq = 31;
  row.last_seq = 42;
  for (std::size_t i = 0; i < row.head_hash.size(); ++i) {
    row.head_hash[i] = static_cast<std::uint8_t>(0x10 + i);
  }
  row.summary = core::encodeDaySummary(s);
  row.staff_name = "王秀英";
  row.closed_at_ms = kAt;
  const NameMap products{{"RICE-5KG", "大米5kg"}};
  const Bytes b = dayCloseBytes(row, products, {}, 32);
  expectInOrder(b, {kInit, line("日结单"), kBoldOn, columns("编号", "Z-0001"), kBoldOff,
                    columns("日期", "2026-12-02"), columns("终端", "supermarket"),
                    columns("流水", "31 - 42"), columns("链头", "1011121314151617"),
                    columns("经手", "王秀英"), columns("结账时间", "2026-12-02 10:15"),
                    columns("总笔数", "12"), columns("兑换 8 笔", "340 积分"),
                    columns("预约 3 笔", "60 积分"), columns("作废 1 笔", "退回 20 积分"),
                    line("商品"), columns("大米5kg", "×2"), columns("SOAP", "×5"),  // no name: SKU
                    line("服务"), columns("净衣社 3 次", "60 积分"),
                    qr("supermarket Z-0001 2026-12-02 31-42 1011121314151617"),
                    line("经手人签字："), line("村委会签字："), kFeedCut});

  row.summary = "not a summary";
  const Bytes broken = dayCloseBytes(row, products, {}, 48);
  expectInOrder(broken, {columns("编号", "Z-0001", 48), line("汇总无法读取，请联系村委会"),
                         kFeedCut});
}

// ---- the controller and the printer port ---------------------------------------------------

// The villager with the most points in the ledger file at `path`.
test::Someone richest(const std::string& path) {
  db::Database db(path);
  return test::pick(db, Pick::MostPoints);
}

class RecordingPrinter : public PrinterPort {
 public:
  bool print(std::vector<std::uint8_t> job) override {
    jobs.push_back(std::move(job));
    return true;
  }
  drivers::PrinterStatus status() const override { return {}; }
  std::vector<Bytes> jobs;
};

TEST(ControllerPrinting, ARedemptionHandsOneReceiptToThePrinter) {
  rc::test::TempDir dir;
  const std::string path = test::villageCopy(dir);
  db::Database db(path);
  KioskData data(path, core::Settings{}, "kiosk-test");
  Controller c{core::Settings{}, "kiosk-test"};
  RecordingPrinter printer;
  c.setPrinter(&printer, 32);
  const TimePoint t = std::chrono::steady_clock::now();
  auto run = [&] {
    for (auto requests = c.takeRequests(); !requests.empty(); requests = c.takeRequests()) {
      for (auto& r : requests) c.onResponse(data.handle(r), t);
    }
  };
  c.start(t);
  run();
  const auto who = test::pick(db, Pick::MostPoints);
  // A scan, a bar of soap in the cart, then confirm.
  auto redeemSoap = [&] {
    c.onScan(drivers::classify({who.card, drivers::ScanFault::None, "", {}},
                               drivers::ReaderRole::Any, {}),
             t);
    run();
    c.apply(intent::OpenSupermarket{}, t);
    c.apply(intent::AddToCart{"SOAP"}, t);
    run();
    const auto before = printer.jobs.size();
    c.apply(intent::ConfirmRedeem{}, t);
    EXPECT_EQ(printer.jobs.size(), before);  // nothing before the ledger answers
    run();
  };
  redeemSoap();
  ASSERT_EQ(c.state().screen, ScreenId::Receipt);
  ASSERT_EQ(printer.jobs.size(), 1U);
  const Bytes job = printer.jobs.front();
  const auto& receipt = *c.state().receipt;
  EXPECT_TRUE(contains(job, columns("村民", who.name)));
  EXPECT_TRUE(contains(job, columns("单号", receipt.order_number)));
  EXPECT_TRUE(contains(job, qr(receipt.order_number)));
  EXPECT_TRUE(std::equal(kInit.begin(), kInit.end(), job.begin()));
  c.apply(intent::FinishReceipt{}, t);
  run();
  EXPECT_EQ(printer.jobs.size(), 1U);  // leaving the receipt prints nothing more

  // The status bar's light follows the printer; without a port nothing prints.
  EXPECT_EQ(c.state().printer, PrinterLight::Off);
  c.onPrinter(printerLight(drivers::PrinterState::PaperOut), t);
  EXPECT_EQ(c.state().printer, PrinterLight::PaperOut);
  c.onPrinter(printerLight(drivers::PrinterState::Printing), t);
  EXPECT_EQ(c.state().printer, PrinterLight::Ready);

  // A day close names its products from the catalog.
  db::DayCloseRow row;
  row.kiosk_id = "kiosk-test";
  row.number = 3;
  row.day = "2026-12-02";
  core::DaySummary s;
  s.entries = 1;
  s.redemptions = 1;
  s.products = {{"SOAP", 1, 0}};
  row.summary = core::encodeDaySummary(s);
  c.printDayClose(row);
  ASSERT_EQ(printer.jobs.size(), 2U);
  const auto soap = std::find_if(c.state().products.begin(), c.state().products.end(),
                                 [](const core::Product& p) { return p.sku == "SOAP"; });
  ASSERT_NE(soap, c.state().products.end());
  EXPECT_TRUE(contains(printer.jobs.back(), columns("编号", "Z-0003")));
  EXPECT_TRUE(contains(printer.jobs.back(), columns(soap->name, "×1")));

  c.setPrinter(nullptr, 32);
  redeemSoap();
  EXPECT_EQ(c.state().screen, ScreenId::Receipt);
  EXPECT_EQ(printer.jobs.size(), 2U);
  c.printDayClose(row);
  EXPECT_EQ(printer.jobs.size(), 2U);
}

TEST(ControllerPrinting, RcKioskWritesTheReceiptToThePrinterFolder) {
  rc::test::TempDir dir;
  const std::string path = test::villageCopy(dir);
  const test::Someone who = richest(path);
  const std::string script = dir.file("session.txt");
  std::ofstream(script) << "scan " << who.card
                        << "\ntap home.supermarket\ntap market.add.TOWEL\ntap cart.confirm\n"
                           "expect screen receipt\n";
  const std::string out = dir.file("paper");
  const auto r = rc::test::runProcess(
      RC_KIOSK_BIN, {"--headless", "--db", path, "--script", script, "--printer-out", out},
      dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::ifstream in(out + "/0001.escpos", std::ios::binary);
  ASSERT_TRUE(in) << "no 0001.escpos in " << out;
  std::stringstream ss;
  ss << in.rdbuf();
  const std::string text = ss.str();
  const Bytes job(text.begin(), text.end());
  expectInOrder(job, {kInit, line("兑换小票"), columns("村民", who.name), kFeedCut});
  std::ifstream none(out + "/0002.escpos");
  EXPECT_FALSE(none);  // one redemption, one receipt
}

TEST(ControllerPrinting, TheStatusBarSaysWhenThePrinterFails) {
  rc::test::TempDir dir;
  const std::string path = test::villageCopy(dir);
  const test::Someone who = richest(path);
  const std::string out = dir.file("paper");
  KioskOptions o;
  o.db_path = path;
  o.headless = true;
  o.printer_out = out;
  KioskApp app(o);
  auto run = [&](const std::string& script) {
    auto parsed = parseScript(script);
    EXPECT_TRUE(static_cast<bool>(parsed));
    std::ostringstream log;
    const int code = parsed ? app.runScript(parsed.value(), "", log) : 2;
    EXPECT_EQ(code, 0) << log.str();
  };
  // Printing works: the status bar says nothing of the printer.
  run("scan " + who.card + "\nexpect screen home\n");
  EXPECT_EQ(app.state().printer, PrinterLight::Ready);
  for (const auto& e : app.layout().elements) EXPECT_NE(e.id, "status.printer");
  // The paper folder turns into a file: the next job cannot be written.
  std::filesystem::remove_all(out);
  std::ofstream(out) << "not a folder";
  run("tap home.supermarket\ntap market.add.TOWEL\ntap cart.confirm\nexpect screen receipt\n"
      "expect text 打印机故障\ntap status.lang\nexpect text Printer fault\n");
  EXPECT_EQ(app.state().printer, PrinterLight::Fault);
  EXPECT_EQ(app.state().screen, ScreenId::Receipt);  // the kiosk goes on without paper
}

}  // namespace
}  // namespace rc::kiosk
