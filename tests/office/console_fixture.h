#pragma once
// The office console over real HTTPS: the demo village's ledger (a copy of one made once per
// test binary with `rc-office init-demo --seed 3 --month 2026-11`), its console users, and an
// OfficeServer in this process on 127.0.0.1. Sessions sign in as a browser does (cookie and
// CSRF token) and call /console/api/ with JSON.
//
// Users (password kPassword each): 书记 secretary, 文书 clerk, 信息员一 collector of grid 1
// (第一网格), 信息员二 collector of grid 2, 审计 auditor.

#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>

#include "core/settings.h"
#include "db/console_users.h"
#include "db/schema.h"
#include "db/staff.h"
#include "office/cli.h"
#include "office/server.h"
#include "support/temp_dir.h"

namespace rc::office::test {

using nlohmann::json;

inline constexpr const char* kPassword = "village-2026";

struct ConsoleReply {
  int status = 0;
  json body;             // parsed JSON (null when the answer is not JSON)
  std::string raw;       // the bytes as sent
  std::string content_type;
  std::string disposition;
};

struct ConsoleSession {
  std::string cookie;  // "rc_console=…"
  std::string csrf;
};

class ConsoleTest : public ::testing::Test {
 protected:
  static std::string demoTemplate() {
    static std::once_flag once;
    static std::unique_ptr<rc::test::TempDir> dir;
    std::call_once(once, [] {
      dir = std::make_unique<rc::test::TempDir>();
      const std::string path = dir->file("template.db");
      std::ostringstream out, err;
      const int code = runOffice({"--db", path, "init-demo", "--seed", "3", "--month", "2026-11"},
                                 out, err);
      if (code != 0) throw std::runtime_error("init-demo failed: " + err.str());
      db::Database d(path);
      if (auto st = db::migrate(d); !st) throw std::runtime_error(st.error().message);
      db::ConsoleUsers users(d);
      const auto add = [&](const char* name, core::ConsoleRole role, std::optional<std::int64_t> grid) {
        const auto r = users.add(name, role, grid, db::hashSecret(kPassword, db::PinCost::Minimal),
                                 db::nowMs(), "test");
        if (!r) throw std::runtime_error(r.error().message);
      };
      add("书记", core::ConsoleRole::Secretary, std::nullopt);
      add("文书", core::ConsoleRole::Clerk, std::nullopt);
      add("信息员一", core::ConsoleRole::Collector, 1);
      add("信息员二", core::ConsoleRole::Collector, 2);
      add("审计", core::ConsoleRole::Auditor, std::nullopt);
    });
    return dir->file("template.db");
  }

  void SetUp() override {
    m_db = m_dir.file("village.db");
    std::filesystem::copy_file(demoTemplate(), m_db);
    ServerOptions o;
    o.db_path = m_db;
    o.web_root = std::string(RC_SOURCE_DIR) + "/assets/web";
    m_server = std::make_unique<OfficeServer>(o, core::Settings{});
    const auto port = m_server->bind();
    ASSERT_TRUE(port) << port.error();
    m_port = *port;
    m_thread = std::thread([this] { m_server->run(); });
    for (int i = 0; i < 500 && !m_server->running(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  void TearDown() override {
    if (m_server) m_server->stop();
    if (m_thread.joinable()) m_thread.join();
    m_server.reset();
  }

  std::unique_ptr<httplib::SSLClient> client() const {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", m_port);
    c->enable_server_certificate_verification(false);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(30, 0);
    return c;
  }

  static ConsoleReply toReply(const httplib::Result& r) {
    ConsoleReply out;
    if (!r) return out;
    out.status = r->status;
    out.raw = r->body;
    out.content_type = r->get_header_value("Content-Type");
    out.disposition = r->get_header_value("Content-Disposition");
    if (out.content_type.rfind("application/json", 0) == 0) {
      out.body = json::parse(r->body, nullptr, false);
    }
    return out;
  }

  // Signs in; fails the test when it does not work.
  ConsoleSession signIn(const std::string& name, const std::string& password = kPassword) {
    ConsoleSession s;
    auto c = client();
    const auto r = c->Post("/console/login", json{{"name", name}, {"password", password}}.dump(),
                          "application/json");
    EXPECT_TRUE(r) << "no answer to the sign-in";
    if (!r) return s;
    EXPECT_EQ(r->status, 200) << r->body;
    const std::string cookie = r->get_header_value("Set-Cookie");
    s.cookie = cookie.substr(0, cookie.find(';'));
    const auto j = json::parse(r->body, nullptr, false);
    if (j.is_object() && j.contains("csrf")) s.csrf = j["csrf"].get<std::string>();
    return s;
  }

  ConsoleReply get(const ConsoleSession& s, const std::string& path) {
    auto c = client();
    return toReply(c->Get("/console/api/" + path, {{"Cookie", s.cookie}}));
  }

  ConsoleReply post(const ConsoleSession& s, const std::string& path, const json& body,
                    bool with_csrf = true) {
    auto c = client();
    httplib::Headers h = {{"Cookie", s.cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", s.csrf);
    return toReply(c->Post("/console/api/" + path, h, body.dump(), "application/json"));
  }

  const std::string& dbPath() const noexcept { return m_db; }
  int port() const noexcept { return m_port; }

  rc::test::TempDir m_dir;
  std::string m_db;
  std::unique_ptr<OfficeServer> m_server;
  std::thread m_thread;
  int m_port = 0;
};

}  // namespace rc::office::test
