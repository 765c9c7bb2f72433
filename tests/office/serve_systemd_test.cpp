// rc-office serve as a systemd service runs it (red-credit-office.service, Type=notify): the
// real binary with NOTIFY_SOCKET on a datagram socket of the test's, WATCHDOG_USEC, and its
// stderr a file JOURNAL_STREAM names, as systemd's journal stream would be.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/run_process.h"
#include "support/temp_dir.h"
#include "sync/protocol.h"

namespace rc::office {
namespace {

class ServeUnderSystemd : public ::testing::Test {
 protected:
  void SetUp() override {
    m_db = m_dir.file("office.db");
    const auto r = test::runProcess(RC_OFFICE_BIN, {"--db", m_db, "init"}, m_dir.path().string());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    m_err_path = m_dir.file("serve.err");
    m_out_path = m_dir.file("serve.out");
  }
  void TearDown() override {
    if (m_pid > 0) {
      kill(m_pid, SIGKILL);
      waitpid(m_pid, nullptr, 0);
    }
    if (m_sock >= 0) ::close(m_sock);
  }

  // The socket systemd would give as NOTIFY_SOCKET; receives time out after 10 s.
  std::string bindNotifySocket() {
    const std::string path = m_dir.file("notify.sock");
    m_sock = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    EXPECT_GE(m_sock, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    EXPECT_LT(path.size(), sizeof(addr.sun_path));
    std::memcpy(addr.sun_path, path.c_str(), path.size() + 1);
    EXPECT_EQ(::bind(m_sock, reinterpret_cast<const sockaddr*>(&addr), sizeof(addr)), 0);
    const timeval timeout{10, 0};
    ::setsockopt(m_sock, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
    return path;
  }
  // One sd_notify datagram, or "" after the timeout.
  std::string receive() {
    char buf[4096];
    const auto n = ::recv(m_sock, buf, sizeof(buf), 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }

  // rc-office with these arguments and this environment added (the test's own NOTIFY_SOCKET,
  // WATCHDOG_* and JOURNAL_STREAM left out); stdout to m_out_path, stderr to m_err_path,
  // created first so JOURNAL_STREAM can name it (or, when stderr is not to be the journal,
  // name another inode on purpose). Sets m_pid.
  void spawnOffice(const std::vector<std::string>& office_args, const std::vector<std::string>& extra_env,
                   bool err_is_journal) {
    { std::ofstream(m_err_path).flush(); }
    struct stat st {};
    ASSERT_EQ(::stat(m_err_path.c_str(), &st), 0);
    std::vector<std::string> env;
    for (char** e = environ; *e != nullptr; ++e) {
      const std::string_view v(*e);
      if (v.starts_with("NOTIFY_SOCKET=") || v.starts_with("WATCHDOG_") ||
          v.starts_with("JOURNAL_STREAM=")) {
        continue;
      }
      env.emplace_back(v);
    }
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    env.push_back("JOURNAL_STREAM=" + std::to_string(st.st_dev) + ":" +
                  std::to_string(err_is_journal ? st.st_ino : st.st_ino + 1));
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);

    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, m_out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&fa, 2, m_err_path.c_str(), O_WRONLY | O_APPEND, 0);
    std::vector<std::string> args = {RC_OFFICE_BIN};
    args.insert(args.end(), office_args.begin(), office_args.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    EXPECT_EQ(posix_spawn(&m_pid, RC_OFFICE_BIN, &fa, nullptr, argv.data(), envp.data()), 0);
    posix_spawn_file_actions_destroy(&fa);
  }

  // `rc-office serve` on an ephemeral port (see spawnOffice). Returns the port, or 0.
  int startServe(const std::vector<std::string>& extra_env, bool err_is_journal) {
    spawnOffice({"--db", m_db, "serve", "--listen", "127.0.0.1:0"}, extra_env, err_is_journal);
    const std::string prefix = "listening on https://127.0.0.1:";
    for (int i = 0; i < 1000 && m_pid > 0; ++i) {
      const std::string out = test::slurp(m_out_path);
      const auto at = out.find(prefix);
      const auto nl = at == std::string::npos ? std::string::npos : out.find('\n', at);
      if (nl != std::string::npos) return std::stoi(out.substr(at + prefix.size(), nl - at - prefix.size()));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return 0;
  }

  // SIGTERM, and the exit status once it stopped (-1: it had to be killed).
  int stopServe() {
    kill(m_pid, SIGTERM);
    int status = 0;
    for (int i = 0; i < 1000; ++i) {
      if (waitpid(m_pid, &status, WNOHANG) == m_pid) {
        m_pid = -1;
        return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return -1;
  }

  // An unsigned push: refused (401) and logged as a refusal.
  static int unsignedPush(int port) {
    httplib::SSLClient client("127.0.0.1", port);
    client.enable_server_certificate_verification(false);
    client.set_connection_timeout(5, 0);
    client.set_read_timeout(5, 0);
    const auto res = client.Post(std::string(sync::kPushPath), "{}", "application/json");
    return res ? res->status : -1;
  }

  static std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string l; std::getline(in, l);) out.push_back(l);
    return out;
  }

  test::TempDir m_dir;
  std::string m_db, m_err_path, m_out_path;
  pid_t m_pid = -1;
  int m_sock = -1;
};

TEST_F(ServeUnderSystemd, NotifiesReadyThenWatchdogThenStoppingAndLogsWithJournalPriorities) {
  const std::string socket_path = bindNotifySocket();
  const auto started = std::chrono::steady_clock::now();
  const int port = startServe({"NOTIFY_SOCKET=" + socket_path, "WATCHDOG_USEC=400000"}, true);
  ASSERT_GT(port, 0) << test::slurp(m_err_path);

  const std::string ready = receive();
  EXPECT_EQ(ready, "READY=1\nSTATUS=listening on 127.0.0.1:" + std::to_string(port));
  // WatchdogSec=0.4 s: a ping at least every 0.2 s or so while it serves; three in a row.
  int pings = 0;
  for (int i = 0; i < 3; ++i) pings += receive() == "WATCHDOG=1" ? 1 : 0;
  EXPECT_EQ(pings, 3);
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(8));

  EXPECT_EQ(unsignedPush(port), 401);
  EXPECT_EQ(stopServe(), 0);
  std::string message;
  for (int i = 0; i < 20 && message.rfind("STOPPING=1", 0) != 0; ++i) message = receive();
  EXPECT_EQ(message, "STOPPING=1\nSTATUS=stopping");

  // Every line on the journal's stream starts with its priority; a refusal is a warning.
  const auto err = lines(test::slurp(m_err_path));
  ASSERT_FALSE(err.empty());
  bool refusal = false;
  for (const auto& l : err) {
    ASSERT_GE(l.size(), 3u) << l;
    EXPECT_TRUE(l[0] == '<' && l[1] >= '3' && l[1] <= '6' && l[2] == '>') << l;
    if (l.rfind("<4>rc-office serve: refused POST /v1/push", 0) == 0) refusal = true;
  }
  EXPECT_TRUE(refusal) << test::slurp(m_err_path);
  EXPECT_EQ(err.back(), "<5>rc-office serve: stopped");
}

TEST_F(ServeUnderSystemd, OutsideSystemdNothingIsNotifiedAndLinesHaveNoPriority) {
  const int port = startServe({}, false);
  ASSERT_GT(port, 0) << test::slurp(m_err_path);
  EXPECT_EQ(unsignedPush(port), 401);
  EXPECT_EQ(stopServe(), 0);
  const auto err = lines(test::slurp(m_err_path));
  ASSERT_FALSE(err.empty());
  for (const auto& l : err) EXPECT_EQ(l.rfind("rc-office serve: ", 0), 0u) << l;
  EXPECT_EQ(err.back(), "rc-office serve: stopped");
}

TEST_F(ServeUnderSystemd, AFailureToStartIsAnErrorOnTheJournal) {
  // No ledger where the unit says: rc-office exits 2 with its reason at priority 3.
  spawnOffice({"--db", m_dir.file("missing/office.db"), "serve", "--listen", "127.0.0.1:0"}, {}, true);
  ASSERT_GT(m_pid, 0);
  int status = 0;
  bool ended = false;
  for (int i = 0; i < 1000 && !ended; ++i) {
    ended = waitpid(m_pid, &status, WNOHANG) == m_pid;
    if (!ended) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(ended) << "rc-office serve did not stop";
  m_pid = -1;
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  const std::string err = test::slurp(m_err_path);
  EXPECT_EQ(err.rfind("<3>rc-office: ", 0), 0u) << err;
  EXPECT_EQ(err.find('\n'), err.size() - 1) << err;
}

}  // namespace
}  // namespace rc::office
