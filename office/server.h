#pragma once
// The office ledger server: HTTP + JSON on the LAN (docs/sync-protocol.md). Kiosks push their
// journal (merged exactly once) and pull changes; every request but /v1/health is signed.
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
};

class OfficeServer {
 public:
  // Throws (start-up) when the ledger cannot be opened or migrated.
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

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace rc::office
