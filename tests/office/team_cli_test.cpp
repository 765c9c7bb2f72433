// rc-office team recruit and team list as a clerk runs them: the real binary on a copy of the
// demo ledger (which has three teams recruiting in its latest month, 2026-11).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "db/sqlite.h"
#include "db/team_recruiting.h"
#include "demo_cli_fixture.h"

namespace rc::office {
namespace {

using nlohmann::json;

class TeamCli : public DemoCli {
 protected:
  void SetUp() override { m_db = copyOfDemo(); }
  test::ProcessResult onCopy(const std::vector<std::string>& args) {
    std::vector<std::string> all = {"--db", m_db};
    all.insert(all.end(), args.begin(), args.end());
    return office(all);
  }
  std::vector<std::string> recruiting(core::YearMonth m) {
    db::Database d(m_db);
    return db::recruitingTeams(d, m);
  }
  std::string m_db;
};

TEST_F(TeamCli, RecruitListAndStop) {
  const core::YearMonth nov{2026, 11};
  EXPECT_EQ(recruiting(nov), (std::vector<std::string>{"净美家园", "好家园", "银龄互助"}));

  auto r = onCopy({"team", "recruit", "护绿使者", "--month", "2026-11"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("护绿使者 recruits in 2026-11"), std::string::npos) << r.out;
  EXPECT_EQ(recruiting(nov).size(), 4u);

  r = onCopy({"--json", "team", "list", "--month", "2026-11"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j.at("month"), "2026-11");
  ASSERT_EQ(j.at("teams").size(), 14u);
  int marked = 0;
  for (const auto& t : j.at("teams")) {
    EXPECT_GT(t.at("members").get<int>(), 0) << t;
    marked += t.at("recruiting").get<bool>() ? 1 : 0;
  }
  EXPECT_EQ(marked, 4);

  r = onCopy({"team", "recruit", "护绿使者", "--month", "2026-11", "--stop"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(recruiting(nov).size(), 3u);
  EXPECT_TRUE(recruiting(nov.next()).empty()) << "a month is its own";
}

TEST_F(TeamCli, PlainErrorsForAnUnknownTeamOrABadMonth) {
  auto r = onCopy({"team", "recruit", "蓝精灵"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("no volunteer team named 蓝精灵"), std::string::npos) << r.err;
  r = onCopy({"team", "recruit", "好家园", "--month", "2026-13"});
  EXPECT_EQ(r.exit_code, 2);
  r = onCopy({"team", "recruit"});
  EXPECT_EQ(r.exit_code, 2);
  r = onCopy({"team", "sack", "好家园"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(recruiting({2026, 11}).size(), 3u) << "nothing changed";
}

}  // namespace
}  // namespace rc::office
