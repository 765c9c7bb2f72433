// The office's own certificate and the kiosk's pin (sync/tls.h), against a real server on
// 127.0.0.1: files created private and loaded again unchanged; a kiosk pinned to the office's
// certificate syncs, and one that meets another certificate sends nothing and says why; plain
// HTTP gets no service at all.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <condition_variable>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "support/run_process.h"
#include "sync_fixture.h"

namespace rc::sync::test {
namespace {

unsigned modeOf(const std::string& path) {
  struct stat st {};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return static_cast<unsigned>(st.st_mode & 07777);
}

TEST(OfficeCertificate, IsCreatedOncePrivateAndLoadedAgainUnchanged) {
  rc::test::TempDir dir;
  const auto files = tls::officeCertificateFiles(dir.file("village.db"));
  EXPECT_EQ(files.key_path, dir.file("village.db.tls-key.pem"));
  EXPECT_EQ(files.cert_path, dir.file("village.db.tls-cert.pem"));
  const mode_t old_umask = ::umask(0);  // the files are 0600 whatever the umask
  const auto made = tls::loadOrCreateOfficeCertificate(files);
  ::umask(old_umask);
  ASSERT_TRUE(made.ok()) << made.error();
  EXPECT_TRUE(made->created);
  EXPECT_EQ(made->sha256.size(), 64u);
  EXPECT_EQ(modeOf(files.key_path), 0600u);
  EXPECT_EQ(modeOf(files.cert_path), 0600u);
  // The fingerprint is the SHA-256 of the certificate as stored.
  const auto pem = rc::test::slurp(files.cert_path);
  EXPECT_EQ(tls::sha256OfPem(pem).value(), made->sha256);
  EXPECT_EQ(pem.find("PRIVATE KEY"), std::string::npos);

  const auto again = tls::loadOrCreateOfficeCertificate(files);
  ASSERT_TRUE(again.ok()) << again.error();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->sha256, made->sha256);
}

TEST(OfficeCertificate, HalfAPairIsRefusedNotReplaced) {
  rc::test::TempDir dir;
  const auto files = tls::officeCertificateFiles(dir.file("village.db"));
  ASSERT_TRUE(tls::loadOrCreateOfficeCertificate(files).ok());
  ASSERT_EQ(::unlink(files.cert_path.c_str()), 0);
  const auto r = tls::loadOrCreateOfficeCertificate(files);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().find(files.cert_path + " is missing"), std::string::npos) << r.error();
  EXPECT_FALSE(std::filesystem::exists(files.cert_path)) << "a new certificate would change the fingerprint";

  // Another office's certificate beside this key.
  rc::test::TempDir other;
  const auto theirs = tls::officeCertificateFiles(other.file("village.db"));
  ASSERT_TRUE(tls::loadOrCreateOfficeCertificate(theirs).ok());
  std::filesystem::copy_file(theirs.cert_path, files.cert_path);
  const auto mixed = tls::loadOrCreateOfficeCertificate(files);
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.error().find("does not belong to the key"), std::string::npos) << mixed.error();
}

TEST(Fingerprint, TakesWhatPeopleCopy) {
  const std::string hex = "8733947ba1d8701633ee0f88ed2ec625b878733d2dd1707f23b99bded583968f";
  EXPECT_EQ(tls::normalizeSha256(hex), hex);
  std::string upper = hex;
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(tls::normalizeSha256(upper), hex);
  std::string colons;  // as `openssl x509 -fingerprint -sha256` prints it
  for (std::size_t i = 0; i < upper.size(); i += 2) colons += (i ? ":" : "") + upper.substr(i, 2);
  EXPECT_EQ(tls::normalizeSha256(colons), hex);
  EXPECT_FALSE(tls::normalizeSha256(hex.substr(1)));
  EXPECT_FALSE(tls::normalizeSha256(hex.substr(1) + "g"));
  EXPECT_FALSE(tls::normalizeSha256(""));
  EXPECT_THROW(tls::CertificatePin("not a fingerprint"), std::invalid_argument);
}

class Tls : public SyncFixture {
 protected:
  // Another key and certificate, as an impostor on the LAN or a reinstalled office has.
  tls::OfficeCertificateFiles otherFiles() const {
    return tls::officeCertificateFiles(m_dir.file("impostor.db"));
  }
  std::int64_t officeEntries() { return m_office_ledger->entryCount(); }
};

// httplib must not reset the verify mode per connection: the pin holds on every one of them.
TEST_F(Tls, ThePinHoldsOnEveryConnection) {
  const auto get = [&](const std::string& pin_sha256) {
    tls::CertificatePin pin(pin_sha256);
    httplib::SSLClient c("127.0.0.1", m_port);
    c.enable_server_certificate_verification(false);
    pin.install(c.ssl_context());
    int ok = 0;
    for (int i = 0; i < 3; ++i) {
      pin.clear();
      const auto r = c.Get(std::string(kHealthPath));
      if (r && r->status == 200) {
        ++ok;
      } else {
        EXPECT_EQ(pin.mismatch(), m_office_sha256);
      }
    }
    return ok;
  };
  EXPECT_EQ(get(m_office_sha256), 3);
  const auto other = tls::loadOrCreateOfficeCertificate(otherFiles());
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(get(other->sha256), 0);
}

TEST_F(Tls, AKioskMeetingAnotherCertificateSendsNothingAndSaysSo) {
  const auto id = enroll("supermarket");
  auto cfg = config(id, m_port);
  SyncClient client(cfg);
  ASSERT_TRUE(client.round().ok());  // enrolled and synced with the real office
  KioskSide k(cfg.db_path, id.kiosk_id, m_settings);
  ASSERT_TRUE(k.journal.redeem(cart(m_villagers[0], {{"SOAP", 2}})).ok());
  ASSERT_TRUE(k.journal.redeem(cart(m_villagers[1], {{"RICE", 1}})).ok());
  ASSERT_EQ(k.journal.pendingCount(), 2);

  // The same ledger behind another certificate.
  stopOffice();
  startOffice(kMaxBodyBytes, otherFiles());
  ASSERT_NE(m_server->certificateSha256(), m_office_sha256);
  const auto before = officeEntries();
  cfg.office_url = "https://127.0.0.1:" + std::to_string(m_port);
  SyncClient moved(cfg);
  const auto r = moved.round();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, SyncErrorCode::CertificateMismatch);
  EXPECT_NE(r.error().message.find("the office's certificate does not match the one this kiosk "
                                   "was enrolled with"),
            std::string::npos)
      << r.error().message;
  EXPECT_NE(r.error().message.find(m_server->certificateSha256()), std::string::npos);
  EXPECT_EQ(toString(r.error().code), "certificate_mismatch");
  EXPECT_EQ(officeEntries(), before);
  EXPECT_EQ(db::OfficeSync(*m_office_ledger).heldSeq(id.kiosk_id), 0);
  EXPECT_EQ(k.journal.pendingCount(), 2);

  // The background worker says the same in its status, which the status bar reads.
  std::mutex mutex;
  std::condition_variable cv;
  bool reported = false;
  cfg.on_status_change = [&] {
    std::lock_guard lock(mutex);
    reported = true;
    cv.notify_all();
  };
  SyncWorker worker(cfg);
  worker.start();
  {
    std::unique_lock lock(mutex);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return reported; }));
  }
  worker.stop();
  const auto st = worker.status();
  EXPECT_EQ(st.last_error_code, SyncErrorCode::CertificateMismatch);
  EXPECT_FALSE(st.office_reachable);
  EXPECT_EQ(st.pending, 2);
  EXPECT_EQ(officeEntries(), before);

  // The office back with its own certificate: what waited goes, once.
  stopOffice();
  startOffice();
  cfg.office_url = "https://127.0.0.1:" + std::to_string(m_port);
  cfg.on_status_change = nullptr;
  SyncClient back(cfg);
  const auto again = back.round();
  ASSERT_TRUE(again.ok()) << again.error().message;
  EXPECT_EQ(again->pushed, 2);
  expectIdentical(k);
}

TEST_F(Tls, PlainHttpIsNotServed) {
  // A plain HTTP request gets no HTTP answer at all, let alone JSON: the office speaks TLS
  // only, and a request that is not a TLS handshake ends the connection.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  timeval tv{5, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(m_port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a), 0);
  const std::string body = encodePullRequest({0, 0});
  const std::string request = "POST /v1/pull HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                              "application/json\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  ASSERT_EQ(::send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string answer;
  char buf[4096];
  ssize_t n = 0;
  while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  EXPECT_EQ(answer.find("HTTP/"), std::string::npos) << answer;
  EXPECT_EQ(answer.find('{'), std::string::npos) << answer;

  // httplib's plain client: no response at all.
  httplib::Client plain("127.0.0.1", m_port);
  plain.set_read_timeout(5, 0);
  const auto r = plain.Get(std::string(kHealthPath));
  EXPECT_FALSE(r) << r->body;

  // Probes on every thread of the server's pool leave no trace: kiosks are served after them.
  for (int i = 0; i < 20; ++i) EXPECT_FALSE(plain.Get(std::string(kHealthPath)));
  const auto id = enroll("supermarket");
  for (int i = 0; i < 20; ++i) {
    const auto served = signedPost(id, kPullPath, encodePullRequest({0, 0}));
    ASSERT_TRUE(served) << "request " << i << ": " << httplib::to_string(served.error());
    EXPECT_EQ(served->status, 200);
  }
}

}  // namespace
}  // namespace rc::sync::test
