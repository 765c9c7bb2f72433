#pragma once
// The office console (docs/console.md): the village's web pages under /console/ on the office
// server's HTTPS port. Serves the static pages from the web folder (assets/web), signs people in
// (console users, Argon2id passwords, lockout after five wrong ones), keeps their sessions
// (cookie HttpOnly + Secure + SameSite=Strict, 30 minutes idle) and routes /console/api/ to the
// pages' handlers (office/console/api.h) with the role and CSRF checks and the audit log.
// Ownership: borrows the ledger's connection and lock from the office server. Thread-safety:
// requests arrive on the server's pool; sessions have their own lock, the ledger its lock.

#include <memory>
#include <mutex>
#include <string>

#include "office/console/api.h"

namespace httplib {
class Server;
}

namespace rc::office::console {

// Where the pages live when the server is not told: RC_WEB_ROOT, else beside the binary
// (../share/red-credit/web), else the source tree's assets/web.
std::string defaultWebRoot();

class Console {
 public:
  Console(Context context, std::mutex& db_mutex, std::string web_root);
  ~Console();
  Console(const Console&) = delete;
  Console& operator=(const Console&) = delete;

  // Registers /console/ and everything under it.
  void attach(httplib::Server& server);

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace rc::office::console
