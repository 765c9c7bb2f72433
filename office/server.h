#pragma once
// The office ledger server: HTTPS + JSON on the LAN (docs/sync-protocol.md), with the office's
// own certificate (sync/tls.h; created beside the ledger on first use), which every kiosk pins.
// Kiosks push their journal (merged exactly once) and pull changes; every request but
// /v1/health is signed. Plain HTTP is not served.
// Ownership: owns its HTTP server and its own connection to the ledger file. Thread-safety:
// requests run on the server's thread pool and take turns on the one connection; stop() may
// be called from any thread.

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>

#include "core/result.h"
#include "core/settings.h"

namespace rc::office {

struct ServerOptions {
  std::string db_path;
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port (see bind())
  std::size_t max_body_bytes = 4u << 20;
  std::int64_t clock_skew_ms = 5 * 60 * 1000;
  std::int64_t pull_page_rows = 20000;
  std::ostream* log = nullptr;  // one line per request and per refusal; never secrets
  // The office's TLS key and certificate; empty: beside the ledger
  // (sync::tls::officeCertificateFiles), created there on first use.
  std::string tls_key_path;
  std::string tls_cert_path;
  // The console's pages (office/console/console.h); empty: console::defaultWebRoot().
  std::string web_root;
};

class OfficeServer {
 public:
  // Throws (start-up) when the ledger cannot be opened or migrated, or the office's key and
  // certificate cannot be loaded or created.
  OfficeServer(ServerOptions options, core::Settings settings);
  ~OfficeServer();
  OfficeServer(const OfficeServer&) = delete;
  OfficeServer& operator=(const OfficeServer&) = delete;

  // Binds the listening socket; returns the port.
  Result<int, std::string> bind();
  // Serves until stop(); returns false if it could not serve.
  bool run();
  void stop();
  bool running() const;
  // The SHA-256 of the certificate served (64 lower-case hex digits): kiosks' office_cert_sha256.
  const std::string& certificateSha256() const noexcept;
  // True when this server created the key and certificate (neither file existed).
  bool createdCertificate() const noexcept;
  // Where the key and certificate are.
  const std::string& certificatePath() const noexcept;
  const std::string& keyPath() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace rc::office
