#pragma once
// What every page of the office console shares on the server: the routes under /console/api/,
// the request a handler sees (the signed-in user, the parsed JSON body, the query), the reply it
// gives (JSON or a download), and one way to refuse in plain words. Each page registers its
// routes in its own file (page_*.cpp) through one add…Routes function declared here; the
// handlers call the same db/ and office/ functions as the rc-office commands.
//
// The router (console.cpp) runs every handler with the ledger's lock held, checks the session,
// the role and (for POST) the CSRF token before it, and runs a POST inside one transaction with
// its audit row: the change and the audit line land together or not at all.

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/console.h"
#include "core/settings.h"
#include "db/console_users.h"
#include "db/ledger.h"
#include "db/reports.h"
#include "db/sqlite.h"

namespace httplib {
struct Request;
}

namespace rc::office::console {

using nlohmann::json;
using core::ConsoleRole;

// What the handlers work on: the office server's one connection and its ledger.
struct Context {
  db::Database& db;
  db::Ledger& ledger;
  const core::Settings& settings;
  std::string db_path;  // the ledger file (the card key lives beside it)
  std::function<void(const std::string&)> log;  // one line to the server's log; never secrets
  // Everyone's standing in a month, kept between writes (a villager's page reads it).
  db::StandingsCache* standings = nullptr;
};

// A refusal: the status and a plain sentence for the person (Chinese first), sent as
// {"error": message}. Handlers throw it; nothing they did is kept.
class ConsoleError : public std::runtime_error {
 public:
  ConsoleError(int status, const std::string& message) : std::runtime_error(message), m_status(status) {}
  int status() const noexcept { return m_status; }

 private:
  int m_status;
};

// A bad input (400) naming the field and what was expected.
[[noreturn]] void badInput(const std::string& message);

class Request {
 public:
  Request(const httplib::Request& http, const db::ConsoleUser& user, json body)
      : m_http(http), m_user(user), m_body(std::move(body)) {}

  const db::ConsoleUser& user() const noexcept { return m_user; }
  ConsoleRole role() const noexcept { return m_user.role; }
  const json& body() const noexcept { return m_body; }
  const httplib::Request& http() const noexcept { return m_http; }

  // The path's captured parts (routes written with regex groups, e.g. "villagers/(\\d+)").
  std::string match(std::size_t i) const;
  std::int64_t matchId(std::size_t i) const;  // a whole number > 0, else 404 (no such item)

  // The query's parameter (GET) as valid UTF-8 of at most max_bytes; nullopt when absent.
  std::optional<std::string> query(std::string_view name, std::size_t max_bytes = 200) const;

  // The JSON body's fields. text: a string of valid UTF-8 without control characters (newlines
  // allowed when multiline), trimmed, 1..max_bytes (0..max when optional). integer: a whole
  // number in [lo, hi]. Each refuses with 400 naming the field.
  std::string text(std::string_view field, std::size_t max_bytes, bool multiline = false) const;
  std::optional<std::string> optionalText(std::string_view field, std::size_t max_bytes,
                                          bool multiline = false) const;
  std::int64_t integer(std::string_view field, std::int64_t lo, std::int64_t hi) const;
  std::optional<std::int64_t> optionalInteger(std::string_view field, std::int64_t lo,
                                              std::int64_t hi) const;
  bool flag(std::string_view field) const;  // true only for JSON true

 private:
  const httplib::Request& m_http;
  const db::ConsoleUser& m_user;
  json m_body;
};

struct Reply {
  int status = 200;
  json body = json::object();   // the answer, unless a download is set
  // A download: its type, its file name (ASCII) and bytes.
  std::string content_type;
  std::string filename;
  std::string bytes;
  // POST only: what changed, written to the audit log with the route's action name.
  std::string audit;

  static Reply download(std::string content_type, std::string filename, std::string bytes) {
    Reply r;
    r.content_type = std::move(content_type);
    r.filename = std::move(filename);
    r.bytes = std::move(bytes);
    return r;
  }
};

using Handler = std::function<Reply(Context&, const Request&)>;

struct Route {
  std::string method;  // "GET" or "POST"
  std::string path;    // under /console/api/, a regular expression ("villagers/(\\d+)")
  std::vector<ConsoleRole> roles;  // who may call it
  std::string action;  // POST: the audit log's action name ("council post")
  Handler handler;
};
using Routes = std::vector<Route>;

// Who may read, and who may change what (one place, so the pages agree).
inline const std::vector<ConsoleRole> kEveryone = {ConsoleRole::Secretary, ConsoleRole::Clerk,
                                                   ConsoleRole::Collector, ConsoleRole::Auditor};
inline const std::vector<ConsoleRole> kOfficeReaders = {ConsoleRole::Secretary,
                                                        ConsoleRole::Clerk, ConsoleRole::Auditor};
inline const std::vector<ConsoleRole> kSecretaryOnly = {ConsoleRole::Secretary};
inline const std::vector<ConsoleRole> kSecretaryAndClerk = {ConsoleRole::Secretary,
                                                            ConsoleRole::Clerk};
inline const std::vector<ConsoleRole> kLogWriters = {ConsoleRole::Secretary,
                                                     ConsoleRole::Collector};

// A collector may only touch their own grid: 403 otherwise (everyone else passes).
void requireGrid(const Request& r, std::int64_t grid_id);
// The grid a list is limited to: a collector's own; nullopt for the office roles.
std::optional<std::int64_t> gridScope(const Request& r);

// China Standard Time texts the pages show ("2026-11-30 14:05").
std::string timeText(std::int64_t ms);

// Each page's routes (page_*.cpp).
void addSessionRoutes(Routes& routes);    // me, users, audit log (page_audit.cpp)
void addTodayRoutes(Routes& routes);      // page_today.cpp
void addVillagerRoutes(Routes& routes);   // page_villagers.cpp
void addGridLogRoutes(Routes& routes);    // page_gridlog.cpp
void addCouncilRoutes(Routes& routes);    // page_council.cpp
void addBoardRoutes(Routes& routes);      // page_boards.cpp
void addRewardRoutes(Routes& routes);     // page_rewards.cpp
void addCardRoutes(Routes& routes);       // page_cards.cpp
void addReconcileRoutes(Routes& routes);  // page_reconcile.cpp

inline Routes allRoutes() {
  Routes r;
  addSessionRoutes(r);
  addTodayRoutes(r);
  addVillagerRoutes(r);
  addGridLogRoutes(r);
  addCouncilRoutes(r);
  addBoardRoutes(r);
  addRewardRoutes(r);
  addCardRoutes(r);
  addReconcileRoutes(r);
  return r;
}

}  // namespace rc::office::console
