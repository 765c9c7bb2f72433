#include "office/team_commands.h"

#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>

#include "db/ledger.h"
#include "db/team_recruiting.h"

namespace rc::office {
namespace {

using nlohmann::json;

core::YearMonth monthArg(const Args& a) {
  if (auto m = a.flag("--month")) return parseMonthArg(*m);
  return core::monthOfMs(db::nowMs());
}

int cmdRecruit(const Command& c, const std::vector<std::string>& rest, std::ostream& out) {
  const auto a = parseArgs(rest, {"--month"}, "team recruit", {"--stop"});
  if (a.words.size() != 1) {
    throw std::invalid_argument("team recruit needs one team name, e.g. team recruit 环境整治志愿队");
  }
  const std::string& name = a.words.front();
  const core::YearMonth month = monthArg(a);
  const bool on = !a.has("--stop");
  auto d = openLedger(c.db_path);
  const auto team = db::teamByName(d, name);
  if (!team) throw std::invalid_argument("no volunteer team named " + name + " (see team list)");
  if (auto st = db::setRecruiting(d, *team, month, on); !st) {
    throw std::runtime_error(st.error().message);
  }
  if (c.json) {
    out << json{{"team", name}, {"month", month.toString()}, {"recruiting", on}}.dump(2) << "\n";
  } else {
    out << name << (on ? " recruits in " : " no longer recruits in ") << month.toString()
        << "; kiosks show it on Home\n";
  }
  return 0;
}

int cmdList(const Command& c, const std::vector<std::string>& rest, std::ostream& out) {
  const auto a = parseArgs(rest, {"--month"}, "team list");
  if (!a.words.empty()) throw std::invalid_argument("team list takes no names, only --month");
  const core::YearMonth month = monthArg(a);
  auto d = openLedger(c.db_path);
  const auto teams = db::teamsIn(d, month);
  if (c.json) {
    json list = json::array();
    for (const auto& t : teams) {
      list.push_back({{"name", t.name}, {"members", t.members}, {"recruiting", t.recruiting}});
    }
    out << json{{"month", month.toString()}, {"teams", list}}.dump(2) << "\n";
    return 0;
  }
  out << "Volunteer teams, " << month.toString() << "\n";
  for (const auto& t : teams) {
    out << "  " << pad(t.name, 20) << pad(std::to_string(t.members) + " members", 14)
        << (t.recruiting ? "recruiting 招募中" : "") << "\n";
  }
  return 0;
}

}  // namespace

bool isTeamCommand(const std::string& name) noexcept { return name == "team"; }

int runTeamCommand(const Command& c, std::ostream& out) {
  if (c.args.empty()) throw std::invalid_argument("team needs recruit or list; see rc-office --help");
  const std::string sub = c.args.front();
  const std::vector<std::string> rest(c.args.begin() + 1, c.args.end());
  if (sub == "recruit") return cmdRecruit(c, rest, out);
  if (sub == "list") return cmdList(c, rest, out);
  throw std::invalid_argument("team has recruit and list, not '" + sub + "'");
}

}  // namespace rc::office
