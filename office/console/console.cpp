// Console. Section index: web root · sessions · sign-in · routing · static pages
#include "office/console/console.h"

#include <httplib.h>
#include <sodium.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>

#include "core/text.h"
#include "db/roster.h"

#ifndef RC_SOURCE_WEB_ROOT
#define RC_SOURCE_WEB_ROOT ""
#endif

namespace rc::office::console {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCookie = "rc_console";
constexpr std::size_t kMaxBodyBytes = 1u << 20;
constexpr std::size_t kMaxStaticBytes = 4u << 20;
constexpr std::size_t kMaxSessions = 1000;

const char* kSecurityPolicy =
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

void secure(httplib::Response& res) {
  res.set_header("Content-Security-Policy", kSecurityPolicy);
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Referrer-Policy", "no-referrer");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Cache-Control", "no-store");
}

void sendJson(httplib::Response& res, int status, const json& body) {
  secure(res);
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

void sendError(httplib::Response& res, int status, const std::string& message) {
  sendJson(res, status, json{{"error", message}});
}

std::string randomHex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  randombytes_buf(raw.data(), raw.size());
  std::string hex(bytes * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), reinterpret_cast<const unsigned char*>(raw.data()),
                 raw.size());
  hex.pop_back();
  return hex;
}

bool sameSecret(const std::string& a, const std::string& b) {
  return a.size() == b.size() && !a.empty() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string cookieValue(const httplib::Request& req) {
  const std::string header = req.get_header_value("Cookie");
  const std::string key = std::string(kCookie) + "=";
  std::size_t pos = 0;
  while (pos < header.size()) {
    while (pos < header.size() && (header[pos] == ' ' || header[pos] == ';')) ++pos;
    if (header.compare(pos, key.size(), key) == 0) {
      const auto end = header.find(';', pos);
      return header.substr(pos + key.size(),
                           end == std::string::npos ? std::string::npos : end - pos - key.size());
    }
    pos = header.find(';', pos);
    if (pos == std::string::npos) break;
  }
  return {};
}

// A POST from a page of another site is refused: a browser names the page's origin.
bool sameOrigin(const httplib::Request& req) {
  const std::string origin = req.get_header_value("Origin");
  if (origin.empty()) return true;  // not a browser's cross-site form (curl, tests)
  return origin == "https://" + req.get_header_value("Host");
}

// The body as JSON: a JSON object, or a form's fields as strings. Nullopt when unreadable.
std::optional<json> parseBody(const httplib::Request& req) {
  if (req.body.empty()) return json::object();
  if (req.body.size() > kMaxBodyBytes) return std::nullopt;
  const std::string type = req.get_header_value("Content-Type");
  if (type.rfind("application/x-www-form-urlencoded", 0) == 0) {
    json j = json::object();
    for (const auto& [k, v] : req.params) {
      if (!core::validUtf8(k) || k.size() > 64) return std::nullopt;
      j[k] = v;
    }
    return j;
  }
  json j = json::parse(req.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

json userJson(const db::ConsoleUser& u) {
  json j = {{"name", u.name},
            {"role", std::string(core::toString(u.role))},
            {"role_zh", std::string(core::roleNameZh(u.role))},
            {"grid_id", nullptr},
            {"grid", u.grid_name}};
  if (u.grid_id) j["grid_id"] = *u.grid_id;
  return j;
}

std::string contentType(const fs::path& p) {
  const auto ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  return {};
}

std::optional<std::string> readSmallFile(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return std::nullopt;
  const auto size = fs::file_size(p, ec);
  if (ec || size > kMaxStaticBytes) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (size > 0 && !in.read(bytes.data(), static_cast<std::streamsize>(size))) return std::nullopt;
  return bytes;
}

}  // namespace

// ---- web root ------------------------------------------------------------------------------

std::string defaultWebRoot() {
  if (const char* env = std::getenv("RC_WEB_ROOT"); env != nullptr && *env != '\0') return env;
  std::error_code ec;
  const auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const auto beside = exe.parent_path().parent_path() / "share" / "red-credit" / "web";
    if (fs::is_regular_file(beside / "index.html", ec)) return beside.string();
  }
  return RC_SOURCE_WEB_ROOT;
}

// ---- sessions ------------------------------------------------------------------------------

struct Session {
  std::int64_t user_id = 0;
  std::string csrf;
  std::int64_t last_ms = 0;
};

struct Console::Impl {
  Impl(Context c, std::mutex& m, std::string root)
      : context(std::move(c)), db_mutex(m), web_root(std::move(root)), users(context.db) {}

  Context context;
  std::mutex& db_mutex;
  std::string web_root;
  db::ConsoleUsers users;  // used under db_mutex
  std::mutex session_mutex;
  std::map<std::string, Session> sessions;  // by cookie token

  // The session of this request (its token and a copy), refreshed; nullopt when none or idle.
  std::optional<std::pair<std::string, Session>> session(const httplib::Request& req) {
    const std::string token = cookieValue(req);
    if (token.size() != 64) return std::nullopt;
    const std::int64_t now = db::nowMs();
    std::lock_guard lock(session_mutex);
    const auto it = sessions.find(token);
    if (it == sessions.end()) return std::nullopt;
    if (now - it->second.last_ms > core::kConsoleIdleMs) {
      sessions.erase(it);
      return std::nullopt;
    }
    it->second.last_ms = now;
    return std::make_pair(token, it->second);
  }

  std::pair<std::string, Session> open(std::int64_t user_id) {
    const std::int64_t now = db::nowMs();
    std::lock_guard lock(session_mutex);
    for (auto it = sessions.begin(); it != sessions.end();) {
      it = now - it->second.last_ms > core::kConsoleIdleMs ? sessions.erase(it) : std::next(it);
    }
    if (sessions.size() >= kMaxSessions) {
      const auto oldest = std::min_element(sessions.begin(), sessions.end(), [](auto& a, auto& b) {
        return a.second.last_ms < b.second.last_ms;
      });
      sessions.erase(oldest);
    }
    Session s{user_id, randomHex(32), now};
    std::string token = randomHex(32);
    sessions[token] = s;
    return {token, s};
  }

  void close(const std::string& token) {
    std::lock_guard lock(session_mutex);
    sessions.erase(token);
  }

  void login(const httplib::Request& req, httplib::Response& res);
  void logout(const httplib::Request& req, httplib::Response& res);
  void whoami(const httplib::Request& req, httplib::Response& res);
  void route(const Route& r, const httplib::Request& req, httplib::Response& res);
  void servePage(const std::string& name, httplib::Response& res);
};

// ---- sign-in -------------------------------------------------------------------------------

void Console::Impl::login(const httplib::Request& req, httplib::Response& res) {
  if (!sameOrigin(req)) return sendError(res, 403, "请从村委会的页面登录 (sign in from the console's own page)");
  const auto body = parseBody(req);
  if (!body) return sendError(res, 400, "登录表单读不懂 (the sign-in form could not be read)");
  const auto field = [&](const char* k) -> std::string {
    const auto it = body->find(k);
    return it != body->end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const std::string name = field("name");
  const std::string password = field("password");
  if (name.empty() || password.empty() || name.size() > 64 || password.size() > 128 ||
      !core::validUtf8(name)) {
    return sendError(res, 400, "请填写用户名和密码 (enter your name and password)");
  }
  const std::int64_t now = db::nowMs();
  std::unique_lock lock(db_mutex);
  const auto r = users.login(name, password, now);
  if (!r) {
    context.log("console sign-in failed on storage: " + r.error().message);
    return sendError(res, 503, "账本暂时无法写入，请稍后再试 (the ledger is busy; try again)");
  }
  const std::string who = core::validConsoleUserName(name) ? name : "(unreadable name)";
  switch (r->outcome) {
    case db::LoginOutcome::Ok: break;
    case db::LoginOutcome::Locked: {
      (void)users.audit(who, "sign-in locked", "from " + req.remote_addr, now);
      const auto minutes = std::max<std::int64_t>(1, (r->locked_until_ms - now + 59'999) / 60'000);
      return sendJson(res, 423,
                      {{"error", "密码错了太多次，账户已锁定，请 " + std::to_string(minutes) +
                                     " 分钟后再试 (locked after too many wrong passwords; try again in " +
                                     std::to_string(minutes) + " min)"},
                       {"locked_until", timeText(r->locked_until_ms)}});
    }
    case db::LoginOutcome::WrongPassword:
    case db::LoginOutcome::UnknownUser:
    case db::LoginOutcome::Disabled: {
      if (r->outcome != db::LoginOutcome::UnknownUser) {
        (void)users.audit(who, "sign-in refused", "from " + req.remote_addr, now);
      }
      std::string msg = "用户名或密码不对 (wrong name or password)";
      if (r->outcome == db::LoginOutcome::WrongPassword && r->tries_left > 0) {
        msg = "用户名或密码不对，还可以再试 " + std::to_string(r->tries_left) +
              " 次 (wrong name or password; " + std::to_string(r->tries_left) + " tries left)";
      }
      context.log("console sign-in refused for " + who + " from " + req.remote_addr);
      return sendError(res, 401, msg);
    }
  }
  (void)users.audit(r->user->name, "sign-in", "from " + req.remote_addr, now);
  lock.unlock();
  const auto [token, session] = open(r->user->id);
  res.set_header("Set-Cookie", std::string(kCookie) + "=" + token +
                                   "; Path=/console/; HttpOnly; Secure; SameSite=Strict");
  context.log("console sign-in: " + r->user->name);
  sendJson(res, 200, {{"ok", true}, {"csrf", session.csrf}, {"user", userJson(*r->user)}});
}

void Console::Impl::logout(const httplib::Request& req, httplib::Response& res) {
  const auto s = session(req);
  if (s) {
    const auto body = parseBody(req);
    std::string sent = req.get_header_value("X-CSRF-Token");
    if (sent.empty() && body && body->contains("csrf") && (*body)["csrf"].is_string()) {
      sent = (*body)["csrf"].get<std::string>();
    }
    if (!sameSecret(sent, s->second.csrf)) {
      return sendError(res, 403, "表单已过期，请刷新页面后再试 (the form's CSRF token is missing or wrong)");
    }
    close(s->first);
  }
  res.set_header("Set-Cookie", std::string(kCookie) +
                                   "=; Path=/console/; Max-Age=0; HttpOnly; Secure; SameSite=Strict");
  sendJson(res, 200, {{"ok", true}});
}

void Console::Impl::whoami(const httplib::Request& req, httplib::Response& res) {
  const auto s = session(req);
  if (!s) return sendJson(res, 401, {{"error", "请先登录 (please sign in)"}, {"signed_out", true}});
  std::lock_guard lock(db_mutex);
  const auto user = users.byId(s->second.user_id);
  if (!user || user->disabled) {
    close(s->first);
    return sendJson(res, 401, {{"error", "请先登录 (please sign in)"}, {"signed_out", true}});
  }
  const std::string village = db::Roster(context.db).meta("village").value_or("");
  sendJson(res, 200, {{"user", userJson(*user)}, {"csrf", s->second.csrf}, {"village", village},
                      {"idle_minutes", core::kConsoleIdleMs / 60'000}});
}

// ---- routing -------------------------------------------------------------------------------

void Console::Impl::route(const Route& r, const httplib::Request& req, httplib::Response& res) {
  const auto s = session(req);
  if (!s) return sendJson(res, 401, {{"error", "请先登录 (please sign in)"}, {"signed_out", true}});
  const bool post = r.method == "POST";
  std::optional<json> body = json::object();
  if (post) {
    if (!sameOrigin(req)) return sendError(res, 403, "只接受本页面提交的表单 (a form from another site)");
    body = parseBody(req);
    if (!body) return sendError(res, 400, "表单读不懂 (the form could not be read)");
    std::string sent = req.get_header_value("X-CSRF-Token");
    if (sent.empty() && body->contains("csrf") && (*body)["csrf"].is_string()) {
      sent = (*body)["csrf"].get<std::string>();
    }
    if (!sameSecret(sent, s->second.csrf)) {
      context.log("console: refused " + req.path + ": no valid CSRF token");
      return sendError(res, 403, "表单已过期，请刷新页面后再试 (the form's CSRF token is missing or wrong)");
    }
  }
  std::unique_lock lock(db_mutex);
  const auto user = users.byId(s->second.user_id);
  if (!user || user->disabled) {
    lock.unlock();
    close(s->first);
    return sendJson(res, 401, {{"error", "请先登录 (please sign in)"}, {"signed_out", true}});
  }
  if (std::find(r.roles.begin(), r.roles.end(), user->role) == r.roles.end()) {
    return sendError(res, 403, "你的角色（" + std::string(core::roleNameZh(user->role)) +
                                   "）不能做这件事 (your role cannot do this)");
  }
  Request request(req, *user, std::move(*body));
  Reply reply;
  try {
    if (post) {
      db::Transaction tx(context.db);
      reply = r.handler(context, request);
      if (reply.status >= 200 && reply.status < 300) {
        const std::string action = r.action.empty() ? "change" : r.action;
        if (auto a = users.audit(user->name, action, reply.audit, db::nowMs()); !a) {
          throw db::DbException(a.error());
        }
        if (auto c = tx.commit(); !c) throw db::DbException(c.error());
        context.log("console: " + user->name + ": " + action + ": " + reply.audit);
      }
    } else {
      reply = r.handler(context, request);
    }
  } catch (const ConsoleError& e) {
    return sendError(res, e.status(), e.what());
  } catch (const std::invalid_argument& e) {
    return sendError(res, 400, e.what());
  } catch (const db::DbException& e) {
    context.log("console: " + req.path + ": storage: " + e.what());
    return sendError(res, 503, "账本暂时无法写入，请稍后再试 (the ledger is busy; try again)");
  }
  lock.unlock();
  if (!reply.content_type.empty()) {
    secure(res);
    res.status = reply.status;
    res.set_header("Content-Disposition", "attachment; filename=\"" + reply.filename + "\"");
    res.set_content(std::move(reply.bytes), reply.content_type);
    return;
  }
  sendJson(res, reply.status, reply.body);
}

// ---- static pages --------------------------------------------------------------------------

void Console::Impl::servePage(const std::string& name, httplib::Response& res) {
  secure(res);
  const fs::path p = fs::path(web_root) / name;
  const std::string type = contentType(p);
  const auto bytes = type.empty() ? std::nullopt : readSmallFile(p);
  if (!bytes) {
    res.status = 404;
    res.set_content("没有这个页面 (no such page)\n", "text/plain; charset=utf-8");
    return;
  }
  res.status = 200;
  res.set_content(*bytes, type);
}

Console::Console(Context context, std::mutex& db_mutex, std::string web_root)
    : m_impl(std::make_unique<Impl>(std::move(context), db_mutex, std::move(web_root))) {}

Console::~Console() = default;

void Console::attach(httplib::Server& s) {
  Impl* impl = m_impl.get();
  s.Get("/console", [](const httplib::Request&, httplib::Response& res) {
    res.set_redirect("/console/");
  });
  s.Get("/console/", [impl](const httplib::Request&, httplib::Response& res) {
    impl->servePage("index.html", res);
  });
  // Only plain names under the web folder: letters, digits, '-', '_' and one dot.
  s.Get(R"(/console/((?:[a-z0-9_-]+/)?[a-z0-9_-]+\.(?:html|js|css|svg|png|ico)))",
        [impl](const httplib::Request& req, httplib::Response& res) {
          impl->servePage(req.matches[1].str(), res);
        });
  s.Post("/console/login", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->login(req, res);
  });
  s.Post("/console/logout", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->logout(req, res);
  });
  s.Get("/console/api/session", [impl](const httplib::Request& req, httplib::Response& res) {
    impl->whoami(req, res);
  });
  for (auto& r : allRoutes()) {
    auto shared = std::make_shared<Route>(std::move(r));
    const std::string path = "/console/api/" + shared->path;
    auto h = [impl, shared](const httplib::Request& req, httplib::Response& res) {
      impl->route(*shared, req, res);
    };
    if (shared->method == "POST") {
      s.Post(path, h);
    } else {
      s.Get(path, h);
    }
  }
}

}  // namespace rc::office::console
