// rc-office user: the office console's accounts. Section index: password · commands
#include "office/user_commands.h"

#include <nlohmann/json.hpp>

#include <ostream>
#include <stdexcept>

#include "core/console.h"
#include "db/console_users.h"
#include "db/ledger.h"
#include "db/staff.h"

namespace rc::office {
namespace {

using nlohmann::json;

constexpr const char* kUsage =
    "user add NAME --role secretary|clerk|collector|auditor [--grid G], user password NAME, "
    "user disable NAME, user enable NAME, user list";

// ---- password ------------------------------------------------------------------------------

std::string askPasswordTwice(const std::string& name, std::ostream& err) {
  const auto first = askSecret("Password for " + name + " (密码): ", err);
  if (!first) throw std::invalid_argument("no password given (standard input ended)");
  if (auto why = core::passwordProblem(*first)) throw std::invalid_argument(*why);
  const auto second = askSecret("Again (再输一次): ", err);
  if (!second) throw std::invalid_argument("the password was not given twice (standard input ended)");
  if (*second != *first) throw std::invalid_argument("the two passwords differ; nothing changed");
  return db::hashSecret(*first, secretCost());
}

void fail(const db::LedgerFailure& f) {
  if (f.code == db::LedgerError::Storage) throw db::DbException({db::DbErrorCode::Other, f.message});
  throw std::invalid_argument(f.message);
}

std::string roleText(const db::ConsoleUser& u) {
  std::string s = std::string(core::toString(u.role)) + " " + std::string(core::roleNameZh(u.role));
  if (!u.grid_name.empty()) s += " " + u.grid_name;
  return s;
}

json userJson(const db::ConsoleUser& u, std::int64_t now) {
  return {{"name", u.name},
          {"role", std::string(core::toString(u.role))},
          {"grid", u.grid_name},
          {"disabled", u.disabled},
          {"locked", core::pinLocked(u.lock, now)},
          {"created", core::formatChinaTime(u.created_at_ms)}};
}

// ---- commands ------------------------------------------------------------------------------

std::string oneName(const Args& a, std::string_view what) {
  if (a.words.size() != 1) {
    throw std::invalid_argument("user " + std::string(what) + " takes one user name; usage: " + kUsage);
  }
  if (!core::validConsoleUserName(a.words[0])) {
    throw std::invalid_argument("a user name is 1 to 32 bytes of text without control characters");
  }
  return a.words[0];
}

int add(const Command& c, const std::vector<std::string>& rest, std::ostream& out,
        std::ostream& err) {
  const Args a = parseArgs(rest, {"--role", "--grid"}, "user add");
  const std::string name = oneName(a, "add");
  const auto role_text = a.flag("--role");
  if (!role_text) throw std::invalid_argument("user add needs --role secretary|clerk|collector|auditor");
  const auto role = core::consoleRoleFromString(*role_text);
  if (!role) {
    throw std::invalid_argument("--role is secretary, clerk, collector or auditor, not '" +
                                *role_text + "'");
  }
  auto d = openLedger(c.db_path);
  std::optional<std::int64_t> grid;
  if (const auto g = a.flag("--grid")) {
    if (*role != core::ConsoleRole::Collector) {
      throw std::invalid_argument("only a collector has a grid (--grid)");
    }
    grid = db::gridIdByName(d, *g);
    if (!grid) throw std::invalid_argument("no grid named '" + *g + "'; see rc-office rules or the roster");
  } else if (*role == core::ConsoleRole::Collector) {
    throw std::invalid_argument("a collector needs --grid G (the grid's name or number)");
  }
  db::ConsoleUsers users(d);
  if (users.byName(name)) throw std::invalid_argument("there is already a user named " + name);
  const std::string hash = askPasswordTwice(name, err);
  const auto r = users.add(name, *role, grid, hash, db::nowMs(), "rc-office");
  if (!r) fail(r.error());
  if (c.json) {
    out << userJson(*r, db::nowMs()).dump() << "\n";
  } else {
    out << "added " << r->name << " (" << roleText(*r) << "); they sign in at /console/\n";
  }
  return 0;
}

int list(const Command& c, std::ostream& out) {
  auto d = openLedger(c.db_path);
  const auto users = db::ConsoleUsers(d).list();
  const std::int64_t now = db::nowMs();
  if (c.json) {
    json j = json::array();
    for (const auto& u : users) j.push_back(userJson(u, now));
    out << j.dump() << "\n";
    return 0;
  }
  if (users.empty()) {
    out << "no console users yet; add one with: rc-office --db PATH user add NAME --role secretary\n";
    return 0;
  }
  for (const auto& u : users) {
    out << "  " << u.name << "  " << roleText(u) << "  "
        << (u.disabled ? "DISABLED" : core::pinLocked(u.lock, now) ? "locked until " +
                                          core::formatChinaTime(u.lock.locked_until_ms)
                                                                     : std::string("active"))
        << "\n";
  }
  return 0;
}

}  // namespace

bool isUserCommand(const std::string& name) noexcept { return name == "user"; }

int runUserCommand(const Command& c, const core::Settings&, std::ostream& out, std::ostream& err) {
  if (c.args.empty()) throw std::invalid_argument("user needs a subcommand: " + std::string(kUsage));
  const std::string sub = c.args[0];
  const std::vector<std::string> rest(c.args.begin() + 1, c.args.end());
  if (sub == "add") return add(c, rest, out, err);
  if (sub == "list") {
    (void)parseArgs(rest, {}, "user list");
    if (!rest.empty()) throw std::invalid_argument("user list takes no arguments");
    return list(c, out);
  }
  if (sub == "disable" || sub == "enable" || sub == "password") {
    const Args a = parseArgs(rest, {}, "user " + sub);
    const std::string name = oneName(a, sub);
    auto d = openLedger(c.db_path);
    db::ConsoleUsers users(d);
    if (!users.byName(name)) throw std::invalid_argument("no user named " + name + "; see user list");
    const auto r = sub == "password"
                       ? users.setPasswordHash(name, askPasswordTwice(name, err), db::nowMs(), "rc-office")
                       : users.setDisabled(name, sub == "disable", db::nowMs(), "rc-office");
    if (!r) fail(r.error());
    out << (sub == "password" ? "new password set for " : sub == "disable" ? "disabled " : "enabled ")
        << r->name << (sub == "disable" ? "; their sessions end at their next request" : "") << "\n";
    return 0;
  }
  throw std::invalid_argument("unknown user subcommand '" + sub + "'; usage: " + kUsage);
}

}  // namespace rc::office
