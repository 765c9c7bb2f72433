// The console's villagers pages over real HTTPS (console_fixture.h): search by part of a name,
// a household code and a card; one villager's record (the same figures as db::villagerReport)
// with the score by month; a household; and a collector kept to their own grid.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "core/settings.h"
#include "db/cards.h"
#include "db/ledger.h"
#include "db/reports.h"
#include "db/roster.h"
#include "db/villager_search.h"
#include "office/console_fixture.h"

namespace rc::office::test {
namespace {

std::string encode(const std::string& s) {
  std::string out;
  for (const unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

class ConsoleVillagers : public ConsoleTest {
 protected:
  // The first villager (by id) of the grid, not moved away.
  db::Villager firstOf(core::GridId grid) {
    db::Database d(dbPath());
    for (const auto& v : db::Roster(d).villagers()) {
      if (v.grid_id == grid && !v.moved_away) return v;
    }
    ADD_FAILURE() << "no villager in grid " << grid;
    return {};
  }
  ConsoleReply find(const ConsoleSession& s, const std::string& q) {
    return get(s, "villagers?q=" + encode(q));
  }
};

TEST_F(ConsoleVillagers, PartOfANameFindsTheVillagerWithHouseholdGridScoreAndPoints) {
  const auto v = firstOf(2);
  const auto s = signIn("文书");
  // The given name without the surname: a part of the name.
  const std::string part = v.name.substr(v.name.size() >= 6 ? 3 : 0);
  const auto r = find(s, part);
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["matched_by"], "name");
  bool found = false;
  for (const auto& row : r.body["rows"]) {
    EXPECT_NE(row["name"].get<std::string>().find(part), std::string::npos) << row.dump();
    if (row["id"] == v.id) {
      found = true;
      EXPECT_EQ(row["grid"], "第二网格");
      EXPECT_FALSE(row["household"].get<std::string>().empty());
      db::Database d(dbPath());
      const auto bal = db::Ledger(d, core::Settings{}).balance(v.id);
      ASSERT_TRUE(bal);
      EXPECT_EQ(row["score"], bal->score);
      EXPECT_EQ(row["points"], bal->points);
    }
  }
  EXPECT_TRUE(found) << r.raw;
}

TEST_F(ConsoleVillagers, AManyMatchSearchIsCappedAndSaysSo) {
  const auto s = signIn("书记");
  const auto r = find(s, "刘");  // the village's surname
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_EQ(r.body["rows"].size(), 50u);
  EXPECT_EQ(r.body["more"], true);
  EXPECT_EQ(r.body["limit"], 50);
}

TEST_F(ConsoleVillagers, ACollectorsSearchHoldsOnlyTheirGrid) {
  const auto s = signIn("信息员一");
  const auto r = find(s, "刘");
  ASSERT_EQ(r.status, 200) << r.raw;
  ASSERT_FALSE(r.body["rows"].empty());
  for (const auto& row : r.body["rows"]) EXPECT_EQ(row["grid_id"], 1) << row.dump();
  // Another grid's household code finds nothing for them, but everything for the clerk.
  db::Database d(dbPath());
  const auto other = db::searchVillagers(d, firstOf(2).name, std::nullopt, 50);
  ASSERT_FALSE(other.rows.empty());
  const std::string code = other.rows.front().household_code;
  EXPECT_TRUE(find(s, code).body["rows"].empty());
  EXPECT_FALSE(find(signIn("文书"), code).body["rows"].empty());
}

TEST_F(ConsoleVillagers, AHouseholdCodeFindsItsMembersAndACardItsOwner) {
  const auto v = firstOf(1);
  std::string code;
  std::string qr;
  {
    db::Database d(dbPath());
    const auto row = db::villagerRow(d, v.id);
    ASSERT_TRUE(row);
    code = row->household_code;
    const auto card = db::Cards(d).addQr(v.id, db::nowMs());
    ASSERT_TRUE(card) << card.error().message;
    qr = card->uid;
  }
  const auto s = signIn("信息员一");
  const auto byHousehold = find(s, code);
  ASSERT_EQ(byHousehold.status, 200) << byHousehold.raw;
  EXPECT_EQ(byHousehold.body["matched_by"], "household");
  std::set<std::int64_t> ids;
  for (const auto& row : byHousehold.body["rows"]) {
    EXPECT_EQ(row["household"], code);
    ids.insert(row["id"].get<std::int64_t>());
  }
  EXPECT_TRUE(ids.count(v.id)) << byHousehold.raw;

  const auto byCard = find(s, qr);
  ASSERT_EQ(byCard.status, 200) << byCard.raw;
  EXPECT_EQ(byCard.body["matched_by"], "card");
  ASSERT_EQ(byCard.body["rows"].size(), 1u);
  EXPECT_EQ(byCard.body["rows"][0]["id"], v.id);
  // The serial alone, as it is printed under the QR code without its letter.
  const auto bySerial = find(s, qr.substr(1));
  ASSERT_EQ(bySerial.body["rows"].size(), 1u) << bySerial.raw;
  EXPECT_EQ(bySerial.body["rows"][0]["id"], v.id);
}

TEST_F(ConsoleVillagers, AnEmptySearchIsRefusedInPlainWords) {
  const auto s = signIn("书记");
  for (const std::string q : {"villagers", "villagers?q=", "villagers?q=%20%20"}) {
    const auto r = get(s, q);
    EXPECT_EQ(r.status, 400) << q;
    EXPECT_NE(r.body["error"].get<std::string>().find("请输入姓名"), std::string::npos) << r.raw;
  }
  // LIKE's wildcards are letters here: "%" matches no name.
  const auto pct = find(s, "%");
  ASSERT_EQ(pct.status, 200) << pct.raw;
  EXPECT_TRUE(pct.body["rows"].empty()) << pct.raw;
}

TEST_F(ConsoleVillagers, AVillagersPageHasTheReportsFiguresAndTwelveMonthsEndingAtItsScore) {
  const auto v = firstOf(2);
  for (const char* who : {"书记", "文书", "审计", "信息员二"}) {
    const auto r = get(signIn(who), "villagers/" + std::to_string(v.id));
    ASSERT_EQ(r.status, 200) << who << " " << r.raw;
  }
  const auto r = get(signIn("审计"), "villagers/" + std::to_string(v.id));
  db::Database d(dbPath());
  db::Roster roster(d);
  const auto month = db::defaultMonth(roster);
  const auto report = db::villagerReport(d, core::Settings{}, v.id, month);
  ASSERT_TRUE(report);
  const json& b = r.body;
  EXPECT_EQ(b["name"], v.name);
  EXPECT_EQ(b["score"], report->balance.score);
  EXPECT_EQ(b["points"], report->balance.points);
  EXPECT_EQ(b["stars"]["red"], report->stars.red);
  EXPECT_EQ(b["stars"]["grey"], report->stars.grey);
  EXPECT_EQ(b["rank"], report->rank);
  EXPECT_EQ(b["ranked"], report->ranked);
  EXPECT_EQ(b["welfare_eligible"], report->welfare_eligible);
  EXPECT_EQ(b["month"], month.toString());
  ASSERT_EQ(b["months"].size(), 12u);
  EXPECT_EQ(b["months"][11]["month"], month.toString());
  EXPECT_EQ(b["months"][11]["score"], report->month_score) << "villager_months agrees with the entries";
  EXPECT_EQ(b["months"][0]["month"], month.prev().prev().prev().prev().prev().prev().prev().prev()
                                          .prev().prev().prev().toString());
  // The entries, newest first, each saying what it was and both numbers it moved.
  const auto recent = db::Ledger(d, core::Settings{}).recentEntries(v.id, 100);
  ASSERT_EQ(b["entries"].size(), recent.size());
  ASSERT_FALSE(recent.empty());
  EXPECT_EQ(b["entries"][0]["seq"], recent.front().seq);
  for (const auto& e : b["entries"]) {
    EXPECT_FALSE(e["what"].get<std::string>().empty()) << e.dump();
    EXPECT_TRUE(e.contains("score_delta") && e.contains("points_delta"));
    if (e["kind"] == "council_award" || e["kind"] == "council_deduction") {
      // The rule's title, not its code.
      const auto rules = roster.rules();
      const bool titled = std::any_of(rules.begin(), rules.end(), [&](const db::Rule& rule) {
        return rule.title == e["what"].get<std::string>();
      });
      EXPECT_TRUE(titled) << e.dump();
    }
  }
}

TEST_F(ConsoleVillagers, ACollectorCannotOpenAVillagerOrHouseholdOfAnotherGrid) {
  const auto other = firstOf(2);
  const auto own = firstOf(1);
  const auto s = signIn("信息员一");
  const auto r = get(s, "villagers/" + std::to_string(other.id));
  EXPECT_EQ(r.status, 403) << r.raw;
  EXPECT_NE(r.body["error"].get<std::string>().find("不在你的网格"), std::string::npos) << r.raw;
  EXPECT_EQ(get(s, "households/" + std::to_string(other.household_id)).status, 403);
  EXPECT_EQ(get(s, "villagers/" + std::to_string(own.id)).status, 200);
  EXPECT_EQ(get(s, "households/" + std::to_string(own.household_id)).status, 200);
}

TEST_F(ConsoleVillagers, UnknownOrMalformedIdsAreRefused) {
  const auto s = signIn("书记");
  EXPECT_EQ(get(s, "villagers/999999").status, 404);
  EXPECT_EQ(get(s, "households/999999").status, 404);
  EXPECT_EQ(get(s, "villagers/0").status, 404);  // Request::matchId: not an id
  EXPECT_EQ(get(s, "villagers/99999999999999999999999").status, 404);
  EXPECT_EQ(get(s, "villagers/abc").status, 404);  // no such route
  const auto out = get(ConsoleSession{"rc_console=" + std::string(64, 'a'), ""}, "villagers?q=%E5%88%98");
  EXPECT_EQ(out.status, 401);
}

TEST_F(ConsoleVillagers, AHouseholdListsItsMembersHeadFirst) {
  const auto v = firstOf(1);
  const auto r = get(signIn("文书"), "households/" + std::to_string(v.household_id));
  ASSERT_EQ(r.status, 200) << r.raw;
  db::Database d(dbPath());
  std::size_t members = 0;
  for (const auto& x : db::Roster(d).villagers()) members += x.household_id == v.household_id;
  ASSERT_EQ(r.body["members"].size(), members);
  EXPECT_EQ(r.body["grid"], "第一网格");
  EXPECT_FALSE(r.body["address"].get<std::string>().empty());
  if (!r.body["head_id"].is_null()) {
    EXPECT_EQ(r.body["members"][0]["id"], r.body["head_id"]);
  }
  for (const auto& m : r.body["members"]) EXPECT_TRUE(m.contains("score") && m.contains("points"));
}

}  // namespace
}  // namespace rc::office::test
