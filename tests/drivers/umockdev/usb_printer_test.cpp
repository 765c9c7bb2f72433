// The USB receipt printer against a printer emulated with umockdev: a receipt's bytes arrive
// exactly, paper out by DLE EOT 4 and back, unplug in the middle of a job and replug, print()
// returning at once while the printer takes nothing, and a printer without bulk IN.
#include "drivers/usb_printer.h"

#include <gtest/gtest.h>

#include <chrono>

#include "drivers/escpos.h"
#include "tests/drivers/umockdev/fake_usb_printer.h"

namespace rc::drivers {
namespace {

using rc::test::FakeUsbPrinter;
using rc::test::waitFor;
using std::chrono::milliseconds;
namespace esc = escpos;

// A receipt as the kiosk prints one, made larger than one 4 KiB chunk by its lines.
std::vector<std::uint8_t> receiptJob(int lines) {
  esc::Document d;
  d.text("兑换小票", {esc::Align::Center, true, true});
  d.columnsLine("单号", "kiosk1-0042");
  for (int i = 0; i < lines; ++i) d.columnsLine("大米5kg ×" + std::to_string(i + 1), "30 积分");
  d.rule();
  d.columnsLine("合计", "45 积分", true);
  d.qr("kiosk1-0042");
  d.feed(3).cut();
  auto bytes = esc::encode(d);
  EXPECT_TRUE(bytes) << bytes.error();
  return bytes ? bytes.value() : std::vector<std::uint8_t>{};
}

class UsbPrinterTest : public ::testing::Test {
 protected:
  static UsbPrinterOptions options() {
    UsbPrinterOptions o;
    o.write_timeout = milliseconds(3000);
    o.status_timeout = milliseconds(200);
    o.status_poll = milliseconds(50);
    return o;
  }
  static PrinterConfig config() {
    PrinterConfig c;
    c.kind = PrinterKind::Usb;
    return c;
  }
  void start(UsbPrinterOptions o = options(), PrinterConfig c = config()) {
    m_printer = std::make_unique<UsbPrinter>(c, o);
    const auto started = m_printer->start();
    ASSERT_TRUE(started) << started.error();
  }
  bool waitState(PrinterState s, milliseconds timeout = milliseconds(3000)) {
    return waitFor([&] { return m_printer->status().state == s; }, timeout);
  }
  // Prints `job` and waits until it went out whole: the device got exactly its bytes (and
  // nothing printed before).
  void expectPrinted(const std::vector<std::uint8_t>& job) {
    ASSERT_TRUE(m_printer->print(job));
    ASSERT_TRUE(waitFor([&] { return m_printer->status().printed == 1; }, milliseconds(3000)))
        << dump();
    EXPECT_EQ(m_device->printed(), job);
  }
  std::string dump() const {
    const auto s = m_printer->status();
    return std::string(toString(s.state)) + " " + s.device + " (" + s.detail + ") printed " +
           std::to_string(s.printed) + " failed " + std::to_string(s.failed);
  }

  rc::test::Testbed m_tb;  // first: outlives the device and the printer
  std::unique_ptr<FakeUsbPrinter> m_device;
  std::unique_ptr<UsbPrinter> m_printer;  // last: stopped first
};

TEST_F(UsbPrinterTest, AReceiptsBytesArriveExactly) {
  m_device = std::make_unique<FakeUsbPrinter>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(PrinterState::Ready)) << dump();
  EXPECT_EQ(m_printer->status().device, "0416:5011 at 1-3");
  const auto job = receiptJob(150);
  ASSERT_GT(job.size(), 4096U);  // more than one chunk
  expectPrinted(job);
  EXPECT_EQ(m_printer->status().failed, 0U);
  EXPECT_EQ(m_printer->status().state, PrinterState::Ready);
  const auto c = m_device->counters();
  EXPECT_EQ(c.detaches, 1);  // taken from usblp
  EXPECT_EQ(c.claims, 1);
  EXPECT_EQ(c.claims_refused, 0);
  EXPECT_GE(c.status_queries, 1);  // asked before the job
  // Stopping gives the printer back to usblp.
  m_printer->stop();
  EXPECT_EQ(m_device->counters().reattaches, 1);
}

TEST_F(UsbPrinterTest, PaperOutIsReportedAndClearsWhenPaperIsBack) {
  m_device = std::make_unique<FakeUsbPrinter>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(PrinterState::Ready)) << dump();
  m_device->setPaperOut(true);
  ASSERT_TRUE(waitState(PrinterState::PaperOut)) << dump();
  // A job meanwhile fails at once and prints nothing.
  ASSERT_TRUE(m_printer->print(receiptJob(2)));
  ASSERT_TRUE(waitFor([&] { return m_printer->status().failed == 1; }, milliseconds(2000)))
      << dump();
  EXPECT_TRUE(m_device->printed().empty());
  EXPECT_EQ(m_printer->status().state, PrinterState::PaperOut);
  m_device->setPaperOut(false);
  ASSERT_TRUE(waitState(PrinterState::Ready)) << dump();
  expectPrinted(receiptJob(3));
}

TEST_F(UsbPrinterTest, UnplugMidPrintFailsThatJobThenReplugPrintsAgain) {
  m_device = std::make_unique<FakeUsbPrinter>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(PrinterState::Ready)) << dump();
  m_device->setStalled(true);
  ASSERT_TRUE(m_printer->print(receiptJob(2)));
  // The job is under way: its transfer (or the paper query before it) waits on the printer.
  ASSERT_TRUE(waitFor(
      [&] {
        return m_printer->status().state == PrinterState::Printing && m_device->outInFlight() == 1;
      },
      milliseconds(2000)))
      << dump();
  m_device->unplug();
  ASSERT_TRUE(waitState(PrinterState::Absent)) << dump();
  EXPECT_EQ(m_printer->status().failed, 1U);
  EXPECT_EQ(m_printer->status().printed, 0U);

  // With no printer the next job fails quickly rather than waiting.
  const auto before = std::chrono::steady_clock::now();
  ASSERT_TRUE(m_printer->print(receiptJob(2)));
  ASSERT_TRUE(waitFor([&] { return m_printer->status().failed == 2; }, milliseconds(500)))
      << dump();
  EXPECT_LT(std::chrono::steady_clock::now() - before, milliseconds(500));

  m_device->setStalled(false);
  m_device->plug();
  ASSERT_TRUE(waitState(PrinterState::Ready)) << dump();
  expectPrinted(receiptJob(4));
  EXPECT_EQ(m_device->counters().plugs, 2);
}

TEST_F(UsbPrinterTest, PrintReturnsAtOnceWhileThePrinterStalls) {
  m_device = std::make_unique<FakeUsbPrinter>(m_tb);
  m_device->plug();
  auto o = options();
  o.write_timeout = milliseconds(400);
  o.queue_capacity = 4;
  start(o);
  ASSERT_TRUE(waitState(PrinterState::Ready)) << dump();
  m_device->setStalled(true);
  const auto job = receiptJob(2);
  int accepted = 0;
  const auto before = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) accepted += m_printer->print(job) ? 1 : 0;
  const auto took = std::chrono::steady_clock::now() - before;
  EXPECT_LT(took, milliseconds(50));
  // The queue holds four (one of them may already be printing); the rest are refused at once.
  EXPECT_GE(accepted, 4);
  EXPECT_LE(accepted, 5);
  EXPECT_EQ(m_printer->status().failed, static_cast<std::uint64_t>(10 - accepted));
  // The stalled job times out and fails; its URB was cancelled.
  const auto refused = static_cast<std::uint64_t>(10 - accepted);
  ASSERT_TRUE(waitFor([&] { return m_printer->status().failed == refused + 1; }, milliseconds(3000)))
      << dump();
  EXPECT_GE(m_device->counters().cancelled, 1);
  // Unstalled, the jobs still queued print.
  m_device->setStalled(false);
  ASSERT_TRUE(waitFor([&] { return m_printer->status().queued == 0; }, milliseconds(5000)))
      << dump();
  const auto st = m_printer->status();
  EXPECT_EQ(st.printed + st.failed, 10U);
  EXPECT_GE(st.printed, 1U);
  EXPECT_EQ(m_printer->status().state, PrinterState::Ready) << dump();
}

TEST_F(UsbPrinterTest, APrinterWithoutBulkInPrintsWithoutAskingForPaper) {
  m_device = std::make_unique<FakeUsbPrinter>(
      m_tb, FakeUsbPrinter::Options{.vendor_id = 0x28e9, .product_id = 0x0289, .bulk_in = false});
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(PrinterState::Ready)) << dump();
  expectPrinted(receiptJob(3));
  EXPECT_EQ(m_device->counters().status_queries, 0);
}

TEST_F(UsbPrinterTest, APrinterNotOnTheAllowListIsLeftAlone) {
  m_device = std::make_unique<FakeUsbPrinter>(
      m_tb, FakeUsbPrinter::Options{.vendor_id = 0x04b8, .product_id = 0x0e15});
  m_device->plug();
  start();
  std::this_thread::sleep_for(milliseconds(200));
  EXPECT_EQ(m_printer->status().state, PrinterState::Absent) << dump();
  ASSERT_TRUE(m_printer->print(receiptJob(1)));
  ASSERT_TRUE(waitFor([&] { return m_printer->status().failed == 1; }, milliseconds(1000)))
      << dump();
  const auto c = m_device->counters();
  EXPECT_EQ(c.detaches + c.claims + c.claims_refused + c.status_queries, 0);
  EXPECT_TRUE(m_device->printed().empty());
}

}  // namespace
}  // namespace rc::drivers
