#pragma once
// A proxy on 127.0.0.1 between the kiosk's client and the office that misbehaves on purpose,
// driven by a seed: it drops requests or responses, duplicates requests, delivers a stale
// request late (reorder), delays, cuts a request or a response mid-body, and resets
// connections. It ends the kiosk's TLS with the office's own certificate and key and speaks TLS
// to the office pinned like a kiosk, so the faults act on whole HTTP messages as before (what a
// faulty link does to TLS records ends the same way: a failed or cut request). One connection
// at a time (the sync client is sequential); every socket has a timeout, so nothing in a test
// can hang.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <thread>

#include "sync/tls.h"

namespace rc::sync::test {

enum class Fault { None, DropRequest, DropResponse, Duplicate, Reorder, Delay, CutRequest,
                   CutResponse, Reset };
inline constexpr Fault kAllFaults[] = {Fault::DropRequest, Fault::DropResponse, Fault::Duplicate,
                                       Fault::Reorder,     Fault::Delay,        Fault::CutRequest,
                                       Fault::CutResponse, Fault::Reset};

inline const char* faultName(Fault f) {
  switch (f) {
    case Fault::None: return "none";
    case Fault::DropRequest: return "drop_request";
    case Fault::DropResponse: return "drop_response";
    case Fault::Duplicate: return "duplicate";
    case Fault::Reorder: return "reorder";
    case Fault::Delay: return "delay";
    case Fault::CutRequest: return "cut_request";
    case Fault::CutResponse: return "cut_response";
    case Fault::Reset: return "reset";
  }
  return "?";
}

// One TLS connection over a blocking socket with timeouts.
struct TlsConn {
  int fd = -1;
  SSL* ssl = nullptr;
  TlsConn(int socket_fd, SSL_CTX* ctx, bool server) : fd(socket_fd), ssl(SSL_new(ctx)) {
    SSL_set_fd(ssl, fd);
    if ((server ? SSL_accept(ssl) : SSL_connect(ssl)) != 1) close(false);
  }
  ~TlsConn() { close(true); }
  TlsConn(const TlsConn&) = delete;
  TlsConn& operator=(const TlsConn&) = delete;
  bool open() const noexcept { return ssl != nullptr; }
  long recv(char* buf, std::size_t n) {
    if (!ssl) return -1;
    const int r = SSL_read(ssl, buf, static_cast<int>(n));
    return r > 0 ? r : -1;
  }
  bool send(const std::string& data, std::size_t n) {
    std::size_t off = 0;
    while (ssl && off < n) {
      const int w = SSL_write(ssl, data.data() + off, static_cast<int>(n - off));
      if (w <= 0) return false;
      off += static_cast<std::size_t>(w);
    }
    return ssl != nullptr;
  }
  // `graceful`: TLS close_notify first; else the connection just ends (or is reset by the
  // caller), as a failing link ends it.
  void close(bool graceful) {
    if (ssl) {
      if (graceful) SSL_shutdown(ssl);
      SSL_free(ssl);
      ssl = nullptr;
    }
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
  void reset() {
    linger l{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    close(false);
  }
};

class FaultProxy {
 public:
  // `office`: the office's certificate and key, shown to the kiosk; `office_sha256`: the pin
  // for the proxy's own connections to the office.
  FaultProxy(int upstream_port, std::uint64_t seed, double fault_rate,
             const tls::OfficeCertificate& office, const std::string& office_sha256)
      : m_upstream(upstream_port), m_rng(seed), m_rate(fault_rate), m_pin(office_sha256) {
    m_server_ctx = SSL_CTX_new(TLS_server_method());
    m_client_ctx = SSL_CTX_new(TLS_client_method());
    if (!m_server_ctx || !m_client_ctx ||
        SSL_CTX_use_certificate(m_server_ctx, office.cert.get()) != 1 ||
        SSL_CTX_use_PrivateKey(m_server_ctx, office.key.get()) != 1) {
      std::abort();
    }
    m_pin.install(m_client_ctx);
    tls::ignoreBrokenPipes();  // the proxy writes through OpenSSL too
    m_listen = ::socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    ::setsockopt(m_listen, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in a = loopback(0);
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(m_listen, 16) != 0) {
      std::abort();
    }
    socklen_t len = sizeof a;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&a), &len);
    m_port = ntohs(a.sin_port);
    m_thread = std::thread([this] { loop(); });
  }
  ~FaultProxy() {
    m_stop = true;
    m_thread.join();
    ::close(m_listen);
    SSL_CTX_free(m_server_ctx);
    SSL_CTX_free(m_client_ctx);
  }
  FaultProxy(const FaultProxy&) = delete;
  FaultProxy& operator=(const FaultProxy&) = delete;

  int port() const noexcept { return m_port; }
  void setRate(double r) {
    std::lock_guard lock(m_mutex);
    m_rate = r;
  }
  std::map<Fault, int> counts() const {
    std::lock_guard lock(m_mutex);
    return m_counts;
  }

 private:
  static sockaddr_in loopback(int port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
  }

  static void setTimeouts(int fd) {
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  }

  // One HTTP message (headers, then Content-Length bytes of body); nullopt on EOF or timeout.
  static std::optional<std::string> readMessage(TlsConn& conn) {
    std::string buf;
    char chunk[16384];
    std::size_t header_end = std::string::npos;
    std::size_t want = 0;
    while (true) {
      if (header_end == std::string::npos) {
        header_end = buf.find("\r\n\r\n");
        if (header_end != std::string::npos) {
          std::string head = buf.substr(0, header_end);
          std::transform(head.begin(), head.end(), head.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
          std::size_t length = 0;
          if (const auto p = head.find("content-length:"); p != std::string::npos) {
            length = std::strtoull(head.c_str() + p + 15, nullptr, 10);
          }
          want = header_end + 4 + length;
        }
      }
      if (header_end != std::string::npos && buf.size() >= want) return buf;
      const auto r = conn.recv(chunk, sizeof chunk);
      if (r <= 0) return std::nullopt;
      buf.append(chunk, static_cast<std::size_t>(r));
      if (buf.size() > (64u << 20)) return std::nullopt;
    }
  }

  std::unique_ptr<TlsConn> connectUpstream() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    setTimeouts(fd);
    sockaddr_in a = loopback(m_upstream);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
      ::close(fd);
      return nullptr;
    }
    auto conn = std::make_unique<TlsConn>(fd, m_client_ctx, false);
    if (!conn->open()) return nullptr;
    return conn;
  }

  // Sends `n` bytes of the request upstream; with n < size the connection is cut there.
  std::optional<std::string> forward(const std::string& request, std::size_t n) {
    const auto up = connectUpstream();
    if (!up) return std::nullopt;
    std::optional<std::string> response;
    if (up->send(request, n) && n == request.size()) {
      response = readMessage(*up);
      up->close(true);
    } else {
      up->close(false);
    }
    return response;
  }

  Fault pick() {
    std::lock_guard lock(m_mutex);
    std::uniform_real_distribution<double> u(0, 1);
    Fault f = Fault::None;
    if (u(m_rng) < m_rate) {
      f = kAllFaults[std::uniform_int_distribution<std::size_t>(0, std::size(kAllFaults) - 1)(m_rng)];
    }
    ++m_counts[f];
    return f;
  }

  void handle(int client_fd) {
    setTimeouts(client_fd);
    TlsConn client(client_fd, m_server_ctx, true);
    if (!client.open()) return;
    const auto request = readMessage(client);
    if (!request) return;
    const Fault f = pick();
    auto pass = [&] {
      const auto response = forward(*request, request->size());
      if (response) client.send(*response, response->size());
      client.close(true);
      if (response && m_stale) {  // a request from the past arrives after newer ones
        (void)forward(*m_stale, m_stale->size());
        m_stale.reset();
      }
    };
    switch (f) {
      case Fault::None: return pass();
      case Fault::Delay:
        std::this_thread::sleep_for(std::chrono::milliseconds(5 + m_rng() % 40));
        return pass();
      case Fault::DropRequest: client.close(false); return;
      case Fault::DropResponse:
        (void)forward(*request, request->size());
        client.close(false);
        return;
      case Fault::Duplicate: {
        const auto response = forward(*request, request->size());
        (void)forward(*request, request->size());
        if (response) client.send(*response, response->size());
        client.close(true);
        return;
      }
      case Fault::Reorder:
        if (m_stale) return pass();
        m_stale = request;
        client.close(false);
        return;
      case Fault::CutRequest:
        (void)forward(*request, request->size() / 2);
        client.reset();
        return;
      case Fault::CutResponse: {
        const auto response = forward(*request, request->size());
        if (response) client.send(*response, response->size() / 2);
        client.close(false);
        return;
      }
      case Fault::Reset:
        (void)forward(*request, request->size());
        client.reset();
        return;
    }
  }

  void loop() {
    while (!m_stop) {
      pollfd p{m_listen, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      const int client = ::accept(m_listen, nullptr, nullptr);
      if (client >= 0) handle(client);
    }
  }

  int m_upstream;
  int m_listen = -1;
  int m_port = 0;
  mutable std::mutex m_mutex;
  std::mt19937_64 m_rng;
  double m_rate;
  std::map<Fault, int> m_counts;
  std::optional<std::string> m_stale;
  std::atomic<bool> m_stop{false};
  tls::CertificatePin m_pin;
  SSL_CTX* m_server_ctx = nullptr;
  SSL_CTX* m_client_ctx = nullptr;
  std::thread m_thread;
};

}  // namespace rc::sync::test
