// The libusb transport against a card reader emulated with umockdev: enumeration by VID:PID,
// claim with detach, the HID set-up, reports decoded to scans, idle silence, transfer errors,
// access denied while udev is late, unplug in both orders, and 100 unplug/replug cycles.
#include "drivers/usb_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <mutex>
#include <optional>
#include <sstream>
#include <streambuf>
#include <thread>

#include "drivers/reader_cli.h"
#include "tests/drivers/umockdev/access_denial.h"
#include "tests/drivers/umockdev/fake_usb_reader.h"

namespace rc::drivers {
namespace {

using rc::test::FakeUsbReader;
using rc::test::waitFor;
using std::chrono::milliseconds;

// Open file descriptors on USB device nodes: libusb holds exactly one per open device.
int usbNodeFds() {
  int n = 0;
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd", ec)) {
    std::error_code ec2;
    const auto target = std::filesystem::read_symlink(e.path(), ec2).string();
    if (target.find("/dev/bus/usb/") != std::string::npos) ++n;
  }
  return n;
}

int countEntries(const char* dir) {
  int n = 0;
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) ++n;
  return n;
}

std::string cardNumber(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%010d", 4'560'000 + i);
  return buf;
}

class UsbReaderTest : public ::testing::Test {
 protected:
  static ReaderConfig config() {
    ReaderConfig c;
    c.retry = {milliseconds(10), milliseconds(200)};
    return c;
  }
  void start(const ReaderConfig& c = config()) {
    m_sink = std::make_unique<ScanSink>(m_queue, c.classify, c.hold_off);
    m_reader = std::make_unique<UsbReader>(c, *m_sink);
    ASSERT_TRUE(m_reader->start());
  }
  bool waitState(DeviceState s, milliseconds timeout = milliseconds(2000)) {
    return waitFor([&] { return m_reader->status().state == s; }, timeout);
  }
  std::vector<ScanEvent> scans(std::size_t n, milliseconds timeout = milliseconds(2000)) {
    std::vector<ScanEvent> out;
    const auto deadline = Clock::now() + timeout;
    while (out.size() < n && Clock::now() < deadline) {
      if (auto e = m_queue.pop(milliseconds(10))) out.push_back(std::move(*e));
    }
    return out;
  }
  std::string dump() const {
    const auto s = m_reader->status();
    return std::string(toString(s.state)) + " " + s.device + " (" + s.detail + ")";
  }

  rc::test::Testbed m_tb;  // first: outlives the devices and the reader
  std::unique_ptr<FakeUsbReader> m_device;
  std::unique_ptr<FakeUsbReader> m_other;
  ScanQueue m_queue{64};
  std::unique_ptr<ScanSink> m_sink;
  std::unique_ptr<UsbReader> m_reader;  // last: stopped first
};

TEST_F(UsbReaderTest, FindsTheAllowListedReaderByVidPidAndClaimsItFromTheKernel) {
  // A keyboard that is not on the allow-list sits on the next port; it must be left alone.
  m_other = std::make_unique<FakeUsbReader>(
      m_tb, FakeUsbReader::Options{.vendor_id = 0x046d, .product_id = 0xc31c, .port = "1-2",
                                   .first_devnum = 50});
  m_other->plug();
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  EXPECT_EQ(m_reader->status().device, "ffff:0035 at 1-1");
  const auto c = m_device->counters();
  EXPECT_EQ(c.detaches, 1);
  EXPECT_EQ(c.claims, 1);
  EXPECT_EQ(c.claims_refused, 0);  // detached before claiming
  EXPECT_EQ(c.set_idle, 1);
  EXPECT_EQ(c.set_protocol_boot, 1);
  EXPECT_EQ(c.set_report_leds, 1);
  EXPECT_EQ(c.interrupt_submits, 1);
  const auto other = m_other->counters();
  EXPECT_EQ(other.detaches + other.claims + other.claims_refused + other.set_idle, 0);
}

TEST_F(UsbReaderTest, DecodesAStreamOfReportsAndStaysSilentWhenIdle) {
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  m_device->type("0004567890\n1a2b3c4d\n");
  m_device->sendReport({0, 0, 1, 1, 1, 1, 1, 1});  // rollover noise between scans
  m_device->type("11010519491231002X\n");
  const auto got = scans(3);
  ASSERT_EQ(got.size(), 3U);
  EXPECT_EQ(got[0].payload, (Payload{PayloadKind::CardUid, "0004567890"}));
  EXPECT_EQ(got[1].payload, (Payload{PayloadKind::CardUid, "1A2B3C4D"}));
  EXPECT_EQ(got[2].payload.reason, RejectReason::Unrecognised);  // an ID number is not a card UID
  EXPECT_EQ(got[2].payload.text, "11010519491231002X");
  EXPECT_EQ(got[0].source, (ScanSource{ReaderKind::Usb, "ffff:0035 at 1-1", ReaderRole::Card}));

  // Idle: no report arrives, nothing is decoded, and one transfer stays in flight waiting.
  ASSERT_TRUE(waitFor([&] { return m_device->pendingReports() == 0; }, milliseconds(1000)));
  ASSERT_TRUE(waitFor([&] { return m_reader->status().reports == 79; }, milliseconds(1000)))
      << m_reader->status().reports;  // 2 per character, 39 characters, and the rollover report
  const auto before = m_reader->status();
  const int submits = m_device->counters().interrupt_submits;
  // Silence cannot be waited for, only its breaking: for three of the reader's idle wake-ups
  // (100 ms each) wait for anything to happen, which returns at once if something does.
  std::optional<ScanEvent> spurious;
  const bool stirred = waitFor(
      [&] {
        const auto now = m_reader->status();
        spurious = m_queue.tryPop();
        return spurious || now.reports != before.reports || now.scans != before.scans ||
               now.state != DeviceState::Streaming ||
               m_device->counters().interrupt_submits != submits;
      },
      milliseconds(300));
  EXPECT_FALSE(stirred) << dump() << (spurious ? " scan: " + spurious->payload.text : "");
  const auto after = m_reader->status();
  EXPECT_EQ(after.reports, before.reports);
  EXPECT_EQ(after.scans, before.scans);
  EXPECT_EQ(after.state, DeviceState::Streaming);
  EXPECT_EQ(after.ignored_reports, 1U);
  EXPECT_EQ(m_device->interruptInFlight(), 1);
  EXPECT_EQ(m_device->counters().max_interrupt_in_flight, 1);
  EXPECT_EQ(m_device->pendingReports(), 0);
}

TEST_F(UsbReaderTest, AReaderPluggedInAfterStartIsPickedUp) {
  start();
  std::this_thread::sleep_for(milliseconds(50));
  EXPECT_EQ(m_reader->status().state, DeviceState::Absent);
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  m_device->type("0004567890\n");
  EXPECT_EQ(scans(1).size(), 1U);
}

TEST_F(UsbReaderTest, AReaderTheKernelHoldsIsLeftAloneWhenDetachIsOff) {
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  auto c = config();
  c.usb_detach_kernel_driver = false;
  start(c);
  ASSERT_TRUE(waitState(DeviceState::Retrying)) << dump();
  EXPECT_NE(m_reader->status().detail.find("kernel's keyboard driver holds ffff:0035"),
            std::string::npos)
      << dump();
  const auto counters = m_device->counters();
  EXPECT_EQ(counters.detaches, 0);
  EXPECT_EQ(counters.claims + counters.claims_refused, 0);
}

TEST_F(UsbReaderTest, AHidPosScannerIsReadWithItsOwnDecoder) {
  m_device = std::make_unique<FakeUsbReader>(
      m_tb, FakeUsbReader::Options{.vendor_id = 0x0c2e, .product_id = 0x0b61,
                                   .boot_keyboard = false});
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  std::vector<std::uint8_t> r(64, 0);
  const std::string data = "RC2.card-token";
  r[0] = 0x02;
  r[1] = static_cast<std::uint8_t>(data.size());
  r[2] = ']';
  r[3] = 'Q';
  r[4] = '1';
  std::copy(data.begin(), data.end(), r.begin() + 5);
  m_device->sendReport(r);
  const auto got = scans(1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].payload, (Payload{PayloadKind::CardToken, data}));
  EXPECT_EQ(got[0].source.role, ReaderRole::Code);
  const auto c = m_device->counters();
  EXPECT_EQ(c.set_idle, 1);
  EXPECT_EQ(c.set_protocol_boot, 0);  // not a boot device
}

TEST_F(UsbReaderTest, OneTransferErrorIsCountedAndStreamingGoesOn) {
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  m_device->failNextTransfers(1, -EPROTO);
  ASSERT_TRUE(waitFor([&] { return m_reader->status().transfer_errors == 1; }, milliseconds(1000)));
  m_device->type("0004567890\n");
  const auto got = scans(1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].payload.text, "0004567890");
  EXPECT_EQ(m_reader->status().state, DeviceState::Streaming);
  EXPECT_EQ(m_device->counters().claims, 1);  // not reopened
}

TEST_F(UsbReaderTest, RepeatedTransferErrorsReopenTheDevice) {
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  m_device->failNextTransfers(3, -EPROTO);
  ASSERT_TRUE(waitFor([&] { return m_device->counters().claims == 2; }, milliseconds(2000)))
      << dump();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  EXPECT_EQ(m_reader->status().transfer_errors, 3U);
  m_device->type("0004567890\n");
  EXPECT_EQ(scans(1).size(), 1U);
}

TEST_F(UsbReaderTest, AccessDeniedWhileUdevIsLateIsRetriedWithBackoff) {
  rc::test::denyUsbOpens(3);
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  const auto t0 = Clock::now();
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Retrying)) << dump();
  EXPECT_NE(m_reader->status().detail.find("no permission to open ffff:0035 at 1-1"),
            std::string::npos);
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  EXPECT_EQ(rc::test::deniedUsbOpens(), 3);
  // Three waits of 10, 20 and 40 ms before the fourth try.
  EXPECT_GE(Clock::now() - t0, milliseconds(70));
  EXPECT_TRUE(m_reader->status().detail.empty());
  m_device->type("0004567890\n");
  EXPECT_EQ(scans(1).size(), 1U);
}

class UnplugOrder : public UsbReaderTest,
                    public ::testing::WithParamInterface<FakeUsbReader::Unplug> {};

TEST_P(UnplugOrder, EndsCleanlyWhicheverTheReaderHearsOfFirst) {
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  EXPECT_EQ(usbNodeFds(), 1);
  m_device->type("00045");  // half a scan when the reader is pulled out
  ASSERT_TRUE(waitFor([&] { return m_device->pendingReports() == 0; }, milliseconds(1000)));
  m_device->unplug(GetParam());
  ASSERT_TRUE(waitState(DeviceState::Gone)) << dump();
  EXPECT_NE(m_reader->status().detail.find("unplugged"), std::string::npos) << dump();
  EXPECT_TRUE(waitFor([] { return usbNodeFds() == 0; }, milliseconds(1000)));
  // The half scan never becomes one, neither when the reader lets the device go nor later:
  // plugged in again, the first scan the reader hands over is the next card, whole. (One
  // reader thread fills the queue in order, so anything left of the half scan would be first.)
  m_device->plug();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  m_device->type("0004567890\n");
  const auto got = scans(1);
  ASSERT_EQ(got.size(), 1U) << dump();
  EXPECT_EQ(got[0].payload, (Payload{PayloadKind::CardUid, "0004567890"}));
  EXPECT_FALSE(m_queue.tryPop());
}

INSTANTIATE_TEST_SUITE_P(Orders, UnplugOrder,
                         ::testing::Values(FakeUsbReader::Unplug::TransferFirst,
                                           FakeUsbReader::Unplug::LeaveFirst),
                         [](const ::testing::TestParamInfo<FakeUsbReader::Unplug>& p) {
                           return p.param == FakeUsbReader::Unplug::TransferFirst
                                      ? std::string("NoDeviceFirst")
                                      : std::string("LeaveFirst");
                         });

TEST_F(UsbReaderTest, HundredUnplugReplugCyclesEachStreamAgainWithinASecond) {
  constexpr int kCycles = 100;
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  m_device->type(cardNumber(-1) + "\n");
  ASSERT_EQ(scans(1).size(), 1U);
  const int fds = countEntries("/proc/self/fd");
  const int threads = countEntries("/proc/self/task");

  std::vector<double> back_ms;
  for (int i = 0; i < kCycles; ++i) {
    const auto order =
        i % 2 == 0 ? FakeUsbReader::Unplug::TransferFirst : FakeUsbReader::Unplug::LeaveFirst;
    m_device->unplug(order);
    ASSERT_TRUE(waitState(DeviceState::Gone)) << "cycle " << i << ": " << dump();
    const auto t0 = Clock::now();
    m_device->plug();
    ASSERT_TRUE(waitState(DeviceState::Streaming, milliseconds(1000))) << "cycle " << i << ": "
                                                                       << dump();
    back_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    m_device->type(cardNumber(i) + "\n");
    const auto got = scans(1, milliseconds(1000));
    ASSERT_EQ(got.size(), 1U) << "cycle " << i;
    ASSERT_EQ(got[0].payload.text, cardNumber(i)) << "cycle " << i;
  }
  // Nothing left behind: one device node open, as many descriptors and threads as before.
  EXPECT_EQ(usbNodeFds(), 1);
  EXPECT_TRUE(waitFor([&] { return countEntries("/proc/self/fd") <= fds; }, milliseconds(1000)))
      << countEntries("/proc/self/fd") << " open descriptors, " << fds << " before";
  EXPECT_EQ(countEntries("/proc/self/task"), threads);
  EXPECT_EQ(m_device->counters().max_interrupt_in_flight, 1);

  std::sort(back_ms.begin(), back_ms.end());
  const double worst = back_ms.back();
  const double median = back_ms[back_ms.size() / 2];
  EXPECT_LT(worst, 1000.0);
  RecordProperty("replug_cycles", kCycles);
  RecordProperty("replug_worst_ms", std::to_string(worst));
  RecordProperty("replug_median_ms", std::to_string(median));
  std::printf("[ figures  ] %d unplug/replug cycles: back to streaming in median %.1f ms, worst "
              "%.1f ms\n",
              kCycles, median, worst);
}

TEST_F(UsbReaderTest, StopGivesTheReaderBackToTheKernel) {
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  start();
  ASSERT_TRUE(waitState(DeviceState::Streaming)) << dump();
  m_reader->stop();
  EXPECT_EQ(m_reader->status().state, DeviceState::Stopped);
  const auto c = m_device->counters();
  EXPECT_EQ(c.releases, 1);
  EXPECT_EQ(c.reattaches, 1);
  EXPECT_EQ(usbNodeFds(), 0);
}

TEST_F(UsbReaderTest, RcReaderListSaysWhichDeviceMatchesAndWhy) {
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  m_other = std::make_unique<FakeUsbReader>(
      m_tb, FakeUsbReader::Options{.vendor_id = 0x046d, .product_id = 0xc31c, .port = "1-2",
                                   .first_devnum = 50});
  m_other->plug();
  std::ostringstream out;
  std::ostringstream err;
  const std::atomic<bool> interrupted{false};
  ASSERT_EQ(runReaderCli({"list"}, out, err, interrupted), 0) << err.str();
  EXPECT_NE(out.str().find("ffff:0035  1-1      HID boot keyboard   claim: allow-list: "
                           "Sycreader 125 kHz ID card reader (keyboard, card)"),
            std::string::npos)
      << out.str();
  EXPECT_NE(out.str().find("046d:c31c  1-2      HID boot keyboard   skip: not on the allow-list "
                           "(add: usb_device = 046d:c31c auto any NAME)"),
            std::string::npos)
      << out.str();
}

// What rc-reader prints, readable by the test's thread while the CLI writes it.
class SharedOutput : public std::streambuf {
 public:
  std::string text() const {
    std::lock_guard lock(m_mutex);
    return m_text;
  }

 protected:
  int_type overflow(int_type c) override {
    if (c != traits_type::eof()) {
      std::lock_guard lock(m_mutex);
      m_text.push_back(traits_type::to_char_type(c));
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::lock_guard lock(m_mutex);
    m_text.append(s, static_cast<std::size_t>(n));
    return n;
  }

 private:
  mutable std::mutex m_mutex;
  std::string m_text;
};

TEST_F(UsbReaderTest, RcReaderListenPrintsScansFromOneUsbReader) {
  m_device = std::make_unique<FakeUsbReader>(m_tb);
  m_device->plug();
  SharedOutput printed;
  std::ostream out(&printed);
  std::ostringstream err;
  const std::atomic<bool> interrupted{false};
  // The card is shown once rc-reader says the reader is streaming.
  std::thread typist([&] {
    if (waitFor([&] { return printed.text().find("# streaming") != std::string::npos; },
                milliseconds(5000))) {
      m_device->type("0004567890\n");
    }
  });
  const int code = runReaderCli({"listen", "--usb", "ffff:0035", "--count", "1", "--seconds", "5"},
                                out, err, interrupted);
  typist.join();
  EXPECT_EQ(code, 0) << err.str();
  const std::string text = printed.text();
  EXPECT_NE(text.find("# streaming  ffff:0035 at 1-1"), std::string::npos) << text;
  EXPECT_NE(text.find("card-uid   0004567890  from ffff:0035 at 1-1  "), std::string::npos)
      << text;
}

}  // namespace
}  // namespace rc::drivers
