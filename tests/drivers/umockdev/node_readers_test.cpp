// The serial transport against a scanner replayed by umockdev's script mode, and the evdev
// transport against a keyboard-wedge reader replayed from evemu events, with an ioctl handler
// answering the exclusive grab.
#include <gtest/gtest.h>
#include <linux/input.h>
#include <termios.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <mutex>

#include "drivers/evdev_reader.h"
#include "drivers/serial_reader.h"
#include "tests/drivers/umockdev/testbed.h"
#include "tests/support/temp_dir.h"

namespace rc::drivers {
namespace {

using rc::test::waitFor;
using std::chrono::milliseconds;

class NodeReaderTest : public ::testing::Test {
 protected:
  std::vector<ScanEvent> scans(std::size_t n, milliseconds timeout = milliseconds(3000)) {
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

  rc::test::TempDir m_dir;
  rc::test::Testbed m_tb;
  ScanQueue m_queue{64};
  ScanSink m_sink{m_queue, ClassifyPolicy{}, milliseconds(2000)};
  std::unique_ptr<Reader> m_reader;
};

// ---- serial --------------------------------------------------------------------------------

TEST_F(NodeReaderTest, SerialScannerLinesFromAUmockdevScript) {
  ASSERT_TRUE(m_tb.add("P: /devices/pci0000:00/usb1/1-3/1-3:1.0/tty/ttyACM0\n"
                       "N: ttyACM0\n"
                       "E: SUBSYSTEM=tty\n"
                       "E: DEVNAME=/dev/ttyACM0\n"
                       "A: dev=166:0\n"))
      << m_tb.lastError();
  // umockdev script: "r MS DATA" sends DATA to the reader MS after the previous line; ^M is CR,
  // ^J is LF, ^[ is ESC.
  const std::string script = m_dir.file("scanner.script");
  std::ofstream(script) << "r 200 6901234567892^M^J\n"       // CRLF
                        << "r 30 RC2.serial-token^M\n"        // CR, its LF in the next read
                        << "r 30 ^J0004567890^J\n"            // LF
                        << "r 30 00045\n"                     // half a line, then a pause
                        << "r 400 67890^M^J\n"                // ... so this half is alone
                        << "r 30 ^[[2Jhello^M^J\n"            // a terminal escape
                        << "r 30 " << std::string(200, '7') << "^M^J\n"  // longer than the cap
                        << "r 30 0004567891^M^J\n";
  GError* error = nullptr;
  ASSERT_TRUE(umockdev_testbed_load_script(m_tb.get(), "/dev/ttyACM0", script.c_str(), &error));

  ReaderConfig c;
  c.reader = ReaderKind::Serial;
  c.path = "/dev/ttyACM0";
  c.serial_baud = 115200;
  m_reader = makeSerialReader(c, m_sink);
  ASSERT_TRUE(m_reader->start());
  ASSERT_TRUE(waitFor([&] { return m_reader->status().state == DeviceState::Streaming; },
                      milliseconds(2000)))
      << dump();

  const auto got = scans(7);
  ASSERT_EQ(got.size(), 7U) << dump();
  EXPECT_EQ(got[0].payload.kind, PayloadKind::ProductBarcode);
  EXPECT_EQ(got[0].payload.text, "6901234567892");
  EXPECT_EQ(got[1].payload, (Payload{PayloadKind::CardToken, "RC2.serial-token"}));
  EXPECT_EQ(got[2].payload, (Payload{PayloadKind::CardUid, "0004567890"}));
  EXPECT_EQ(got[3].payload.text, "67890");
  EXPECT_EQ(got[3].payload.reason, RejectReason::Unrecognised);
  EXPECT_EQ(got[4].payload.reason, RejectReason::ControlCharacter);
  EXPECT_EQ(got[5].payload.reason, RejectReason::TooLong);
  EXPECT_EQ(got[6].payload, (Payload{PayloadKind::CardUid, "0004567891"}));
  EXPECT_EQ(got[0].source, (ScanSource{ReaderKind::Serial, "/dev/ttyACM0", ReaderRole::Any}));

  // The line was set raw at the configured speed: the test holds the other end of the pty.
  termios tio{};
  ASSERT_EQ(tcgetattr(umockdev_testbed_get_dev_fd(m_tb.get(), "/dev/ttyACM0"), &tio), 0);
  EXPECT_EQ(cfgetispeed(&tio), static_cast<speed_t>(B115200));
  EXPECT_EQ(tio.c_lflag & (ICANON | ECHO | ISIG), 0U);
  EXPECT_EQ(tio.c_iflag & (ICRNL | IXON), 0U);
}

TEST_F(NodeReaderTest, AMissingSerialPortIsAbsentAndPickedUpWhenItAppears) {
  ReaderConfig c;
  c.reader = ReaderKind::Serial;
  c.path = "/dev/ttyACM1";
  m_reader = makeSerialReader(c, m_sink);
  ASSERT_TRUE(m_reader->start());
  std::this_thread::sleep_for(milliseconds(100));
  EXPECT_EQ(m_reader->status().state, DeviceState::Absent);
  ASSERT_TRUE(m_tb.add("P: /devices/pci0000:00/usb1/1-4/1-4:1.0/tty/ttyACM1\n"
                       "N: ttyACM1\n"
                       "E: SUBSYSTEM=tty\n"
                       "E: DEVNAME=/dev/ttyACM1\n"
                       "A: dev=166:1\n"));
  ASSERT_TRUE(waitFor([&] { return m_reader->status().state == DeviceState::Streaming; },
                      milliseconds(2000)))
      << dump();
  const int master = umockdev_testbed_get_dev_fd(m_tb.get(), "/dev/ttyACM1");
  ASSERT_EQ(::write(master, "0004567890\r\n", 12), 12);
  const auto got = scans(1);
  ASSERT_EQ(got.size(), 1U);
  EXPECT_EQ(got[0].payload.text, "0004567890");
}

// ---- evdev ---------------------------------------------------------------------------------

// Answers the evdev ioctls the reader makes: only the grab.
struct GrabHandler {
  std::mutex mutex;
  std::vector<long> grabs;  // the argument of every EVIOCGRAB: 1 grab, 0 release
  bool refuse = false;

  static gboolean onIoctl(UMockdevIoctlBase*, UMockdevIoctlClient* client, gpointer self) {
    auto* h = static_cast<GrabHandler*>(self);
    if (umockdev_ioctl_client_get_request(client) != EVIOCGRAB) return FALSE;
    long value = 0;
    std::memcpy(&value, umockdev_ioctl_client_get_arg(client)->data, sizeof value);
    std::lock_guard lock(h->mutex);
    h->grabs.push_back(value);
    umockdev_ioctl_client_complete(client, h->refuse ? -1 : 0, h->refuse ? EBUSY : 0);
    return TRUE;
  }
  std::vector<long> seen() {
    std::lock_guard lock(mutex);
    return grabs;
  }
};

// evemu "E: SECONDS TYPE CODE VALUE" lines typing `text`, 4 ms per event frame.
std::string evemuTyping(std::string_view text, double& t) {
  auto code = [](char c) -> std::pair<int, bool> {
    static const std::string digits = "1234567890";
    if (const auto i = digits.find(c); i != std::string::npos) return {KEY_1 + static_cast<int>(i), false};
    switch (c) {
      case 'A': return {KEY_A, true};
      case 'B': return {KEY_B, true};
      case 'C': return {KEY_C, true};
      case 'D': return {KEY_D, true};
      case 'X': return {KEY_X, true};
      case '\n': return {KEY_ENTER, false};
      case '!': return {KEY_F1, false};  // stands for a key that is not text
      default: return {KEY_SPACE, false};
    }
  };
  std::string out;
  char line[64];
  auto event = [&](int type, int c, int value) {
    std::snprintf(line, sizeof line, "E: %.6f %04x %04x %d\n", t, type, c, value);
    out += line;
  };
  for (const char ch : text) {
    const auto [key, shift] = code(ch);
    if (shift) event(EV_KEY, KEY_LEFTSHIFT, 1);
    event(EV_KEY, key, 1);
    event(EV_SYN, SYN_REPORT, 0);
    t += 0.004;
    event(EV_KEY, key, 0);
    if (shift) event(EV_KEY, KEY_LEFTSHIFT, 0);
    event(EV_SYN, SYN_REPORT, 0);
    t += 0.004;
  }
  return out;
}

class EvdevReaderTest : public NodeReaderTest {
 protected:
  void addInputDevice(const std::string& events) {
    ASSERT_TRUE(m_tb.add("P: /devices/pci0000:00/usb1/1-1/1-1:1.0/input/input5/event5\n"
                         "N: input/event5\n"
                         "E: SUBSYSTEM=input\n"
                         "E: DEVNAME=/dev/input/event5\n"
                         "E: ID_INPUT_KEYBOARD=1\n"
                         "A: dev=13:69\n"))
        << m_tb.lastError();
    m_handler.reset(umockdev_ioctl_base_new());
    g_signal_connect(m_handler.get(), "handle-ioctl", G_CALLBACK(&GrabHandler::onIoctl), &m_grab);
    ASSERT_TRUE(umockdev_testbed_attach_ioctl(m_tb.get(), "/dev/input/event5", m_handler.get(),
                                              nullptr));
    const std::string file = m_dir.file("reader.events");
    std::ofstream(file) << events;
    ASSERT_TRUE(umockdev_testbed_load_evemu_events(m_tb.get(), "/dev/input/event5", file.c_str(),
                                                   nullptr));
  }
  ReaderConfig config() const {
    ReaderConfig c;
    c.reader = ReaderKind::Evdev;
    c.path = "/dev/input/event5";
    c.role = ReaderRole::Card;
    c.retry = {milliseconds(10), milliseconds(100)};
    return c;
  }

  GrabHandler m_grab;
  rc::test::IoctlBasePtr m_handler;
};

TEST_F(EvdevReaderTest, AReaderTheKernelKeepsIsGrabbedAndDecoded) {
  double t = 0.3;
  std::string events = evemuTyping("0004567890\n", t);
  t += 0.2;
  events += evemuTyping("1A2B3C4D\n", t);
  t += 0.2;
  events += evemuTyping("12!34\n", t);
  t += 0.2;
  events += evemuTyping("1105X\n", t);
  addInputDevice(events);
  m_reader = makeEvdevReader(config(), m_sink);
  ASSERT_TRUE(m_reader->start());
  ASSERT_TRUE(waitFor([&] { return m_reader->status().state == DeviceState::Streaming; },
                      milliseconds(2000)))
      << dump();
  const auto got = scans(4);
  ASSERT_EQ(got.size(), 4U) << dump();
  EXPECT_EQ(got[0].payload, (Payload{PayloadKind::CardUid, "0004567890"}));
  EXPECT_EQ(got[1].payload, (Payload{PayloadKind::CardUid, "1A2B3C4D"}));
  EXPECT_EQ(got[2].payload.reason, RejectReason::ControlCharacter);
  EXPECT_EQ(got[3].payload.text, "1105X");
  EXPECT_EQ(got[0].source, (ScanSource{ReaderKind::Evdev, "/dev/input/event5", ReaderRole::Card}));
  EXPECT_EQ(m_grab.seen(), std::vector<long>{1});
  m_reader->stop();
  EXPECT_EQ(m_grab.seen(), (std::vector<long>{1, 0}));  // released on stop
}

TEST_F(EvdevReaderTest, ADeviceThatCannotBeGrabbedIsRefused) {
  m_grab.refuse = true;
  double t = 0.3;
  addInputDevice(evemuTyping("0004567890\n", t));
  m_reader = makeEvdevReader(config(), m_sink);
  ASSERT_TRUE(m_reader->start());
  ASSERT_TRUE(waitFor([&] { return m_reader->status().state == DeviceState::Retrying; },
                      milliseconds(2000)))
      << dump();
  EXPECT_NE(m_reader->status().detail.find("cannot grab /dev/input/event5 exclusively"),
            std::string::npos)
      << dump();
  // It keeps trying, with backoff (10, 20, 40 ms); the reader thread would have handed over
  // anything it read before its next try.
  ASSERT_TRUE(waitFor([&] { return m_grab.seen().size() >= 4; }, milliseconds(2000))) << dump();
  EXPECT_FALSE(m_queue.tryPop());  // its keys would also reach the system: never read
  EXPECT_EQ(m_reader->status().reports, 0U);
  EXPECT_EQ(m_reader->status().state, DeviceState::Retrying);
}

}  // namespace
}  // namespace rc::drivers
