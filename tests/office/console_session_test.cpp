// The console's sign-in, sessions, roles, CSRF and audit log over real HTTPS (console_fixture.h),
// and `rc-office user` on a real ledger file.
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <tuple>

#include "office/console_fixture.h"

namespace rc::office::test {
namespace {

class ConsoleSession_ : public ConsoleTest {};

TEST_F(ConsoleSession_, SignInSetsAStrictSecureHttpOnlyCookieAndTheSessionNamesTheUser) {
  auto c = client();
  const auto r = c->Post("/console/login", json{{"name", "书记"}, {"password", kPassword}}.dump(),
                        "application/json");
  ASSERT_TRUE(r);
  ASSERT_EQ(r->status, 200) << r->body;
  const std::string cookie = r->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Secure"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("Path=/console/"), std::string::npos) << cookie;

  const auto s = signIn("信息员一");
  const auto me = get(s, "session");
  ASSERT_EQ(me.status, 200) << me.raw;
  EXPECT_EQ(me.body["user"]["name"], "信息员一");
  EXPECT_EQ(me.body["user"]["role"], "collector");
  EXPECT_EQ(me.body["user"]["grid"], "第一网格");
  EXPECT_EQ(me.body["village"], "东岛刘家村");
  EXPECT_EQ(me.body["csrf"].get<std::string>().size(), 64u);
}

TEST_F(ConsoleSession_, WithoutASessionTheApiAsksToSignIn) {
  const auto r = get(ConsoleSession{"rc_console=" + std::string(64, 'a'), ""}, "audit");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body["signed_out"], true);
}

TEST_F(ConsoleSession_, FiveWrongPasswordsLockTheAccountEvenForTheRightOne) {
  auto c = client();
  const auto attempt = [&](const char* pw) {
    return c->Post("/console/login", json{{"name", "文书"}, {"password", pw}}.dump(),
                  "application/json");
  };
  for (int i = 1; i <= 4; ++i) {
    const auto r = attempt("wrong-password");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 401) << r->body;
    EXPECT_NE(r->body.find("还可以再试 " + std::to_string(5 - i) + " 次"), std::string::npos) << r->body;
  }
  const auto fifth = attempt("wrong-password");
  ASSERT_TRUE(fifth);
  EXPECT_EQ(fifth->status, 423) << fifth->body;
  const auto right = attempt(kPassword);
  ASSERT_TRUE(right);
  EXPECT_EQ(right->status, 423) << "a locked account refuses even the right password";
  EXPECT_NE(right->body.find("分钟后再试"), std::string::npos) << right->body;

  // The lockout is kept in the ledger file and the secretary reads it in the audit log.
  db::Database d(dbPath());
  const auto u = db::ConsoleUsers(d).byName("文书");
  ASSERT_TRUE(u);
  EXPECT_GT(u->lock.locked_until_ms, db::nowMs());
  const auto s = signIn("书记");
  const auto audit = get(s, "audit");
  ASSERT_EQ(audit.status, 200);
  bool saw_lock = false;
  for (const auto& row : audit.body["rows"]) saw_lock |= row["action"] == "sign-in locked";
  EXPECT_TRUE(saw_lock) << audit.raw;
}

TEST_F(ConsoleSession_, AnUnknownNameAndAWrongPasswordReadTheSame) {
  auto c = client();
  const auto unknown = c->Post("/console/login", json{{"name", "没有这个人"}, {"password", "whatever1"}}.dump(),
                              "application/json");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
  EXPECT_NE(unknown->body.find("用户名或密码不对"), std::string::npos);
  const auto bad = c->Post("/console/login", "{not json", "application/json");
  ASSERT_TRUE(bad);
  EXPECT_EQ(bad->status, 400);
}

TEST_F(ConsoleSession_, APostWithoutItsCsrfTokenIsRefusedAndNothingIsLogged) {
  const auto s = signIn("书记");
  const auto before = get(s, "audit").body["rows"].size();
  auto c = client();
  const auto no_token = c->Post("/console/logout", {{"Cookie", s.cookie}}, "{}", "application/json");
  ASSERT_TRUE(no_token);
  EXPECT_EQ(no_token->status, 403);
  EXPECT_NE(no_token->body.find("CSRF"), std::string::npos);
  const auto wrong = c->Post("/console/logout", {{"Cookie", s.cookie}, {"X-CSRF-Token", std::string(64, '0')}},
                            "{}", "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  EXPECT_EQ(get(s, "session").status, 200) << "the session is still open";
  EXPECT_EQ(get(s, "audit").body["rows"].size(), before);
  // With the token the session ends.
  const auto ok = c->Post("/console/logout", {{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}}, "{}",
                         "application/json");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  EXPECT_EQ(get(s, "session").status, 401);
}

TEST_F(ConsoleSession_, AFormFromAnotherSiteIsRefused) {
  auto c = client();
  const auto r = c->Post("/console/login", {{"Origin", "https://evil.example"}},
                        json{{"name", "书记"}, {"password", kPassword}}.dump(), "application/json");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 403);
}

TEST_F(ConsoleSession_, EachRoleReadsOnlyItsOwn) {
  EXPECT_EQ(get(signIn("信息员一"), "audit").status, 403);
  EXPECT_EQ(get(signIn("文书"), "users").status, 403);
  EXPECT_EQ(get(signIn("审计"), "audit").status, 200);
  const auto users = get(signIn("书记"), "users");
  ASSERT_EQ(users.status, 200);
  EXPECT_EQ(users.body["users"].size(), 5u);
  EXPECT_EQ(users.raw.find("argon2"), std::string::npos) << "no hash leaves the office";
}

TEST_F(ConsoleSession_, ADisabledUsersSessionEndsAtTheirNextRequest) {
  const auto s = signIn("文书");
  ASSERT_EQ(get(s, "session").status, 200);
  {
    db::Database d(dbPath());
    ASSERT_TRUE(db::ConsoleUsers(d).setDisabled("文书", true, db::nowMs(), "test"));
  }
  EXPECT_EQ(get(s, "session").status, 401);
  auto c = client();
  const auto again = c->Post("/console/login", json{{"name", "文书"}, {"password", kPassword}}.dump(),
                            "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 401);
}

TEST_F(ConsoleSession_, ThePagesAreServedFromTheWebFolderWithAStrictPolicyAndNothingElse) {
  auto c = client();
  const auto index = c->Get("/console/");
  ASSERT_TRUE(index);
  EXPECT_EQ(index->status, 200);
  EXPECT_NE(index->body.find("console.js"), std::string::npos);
  EXPECT_NE(index->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(index->body.find("http://"), std::string::npos) << "nothing is fetched from outside";
  const auto js = c->Get("/console/console.js");
  ASSERT_TRUE(js);
  EXPECT_EQ(js->status, 200);
  EXPECT_EQ(js->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  for (const char* path : {"/console/../village.db", "/console/%2e%2e/village.db",
                           "/console/pages/../../CMakeLists.txt", "/console/village.db",
                           "/console/nothing.js"}) {
    const auto r = c->Get(path);
    ASSERT_TRUE(r) << path;
    EXPECT_EQ(r->status, 404) << path;
  }
}

TEST(UserCli, AddListDisableAndBadInputWithOnePlainLine) {
  rc::test::TempDir dir;
  const std::string db = dir.file("v.db");
  std::ostringstream out, err;
  ASSERT_EQ(runOffice({"--db", db, "init", "--village", "测试村"}, out, err), 0) << err.str();
  const auto run = [&](std::vector<std::string> args, const std::string& input) {
    std::ostringstream o, e;
    args.insert(args.begin(), {"--db", db});
    // The password arrives on standard input (two lines), as from a pipe.
    std::FILE* in = std::tmpfile();
    std::fputs(input.c_str(), in);
    std::rewind(in);
    std::FILE* saved = stdin;
    stdin = in;
    const int code = runOffice(args, o, e);
    stdin = saved;
    std::fclose(in);
    return std::make_tuple(code, o.str(), e.str());
  };
  ::setenv("RC_PIN_COST", "min", 1);
  auto [code, o, e] = run({"user", "add", "李书记", "--role", "secretary"}, "long-enough\nlong-enough\n");
  EXPECT_EQ(code, 0) << e;
  std::tie(code, o, e) = run({"user", "add", "小王", "--role", "collector", "--grid", "第二网格"},
                             "long-enough\nlong-enough\n");
  EXPECT_EQ(code, 0) << e;
  std::tie(code, o, e) = run({"user", "list"}, "");
  EXPECT_NE(o.find("李书记"), std::string::npos);
  EXPECT_NE(o.find("第二网格"), std::string::npos);
  EXPECT_EQ(o.find("argon2"), std::string::npos);
  std::tie(code, o, e) = run({"user", "disable", "小王"}, "");
  EXPECT_EQ(code, 0) << e;
  std::tie(code, o, e) = run({"user", "list", }, "");
  EXPECT_NE(o.find("DISABLED"), std::string::npos) << o;

  const std::vector<std::pair<std::vector<std::string>, std::string>> bad = {
      {{"user", "add", "甲", "--role", "secretary"}, "short\nshort\n"},
      {{"user", "add", "甲", "--role", "secretary"}, "long-enough\ndifferent-one\n"},
      {{"user", "add", "甲", "--role", "mayor"}, ""},
      {{"user", "add", "甲", "--role", "collector"}, ""},
      {{"user", "add", "甲", "--role", "clerk", "--grid", "第一网格"}, ""},
      {{"user", "add", "甲", "--role", "collector", "--grid", "第九网格"}, ""},
      {{"user", "add", "李书记", "--role", "clerk"}, "long-enough\nlong-enough\n"},
      {{"user", "disable", "nobody"}, ""},
      {{"user", "frobnicate"}, ""},
      {{"user"}, ""},
  };
  for (const auto& [args, input] : bad) {
    std::tie(code, o, e) = run(args, input);
    EXPECT_EQ(code, 2) << args[1] << " " << e;
    EXPECT_EQ(std::count(e.begin(), e.end(), '\n'), 1) << e;
  }
  db::Database d(db);
  EXPECT_EQ(db::ConsoleUsers(d).list().size(), 2u);
  const auto audit = db::ConsoleUsers(d).auditLog(10);
  ASSERT_EQ(audit.size(), 3u);
  EXPECT_EQ(audit[0].action, "user disable");
}

}  // namespace
}  // namespace rc::office::test
