// rc-office as an installer or clerk runs it: the real binary on a real ledger file.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "db/ledger.h"
#include "db/sqlite.h"
#include "office/config.h"
#include "demo_cli_fixture.h"

namespace rc::office {
namespace {

using nlohmann::json;
using test::ProcessResult;

using OfficeCli = DemoCli;

TEST_F(OfficeCli, SummaryJsonHasTheVillagesFigures) {
  const auto r = office({"--db", s_db, "summary", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j.at("households"), 358);
  EXPECT_EQ(j.at("villagers"), 928);
  EXPECT_EQ(j.at("party_members"), 36);
  EXPECT_EQ(j.at("grids"), 5);
  EXPECT_EQ(j.at("volunteer_teams"), 14);
  EXPECT_EQ(j.at("rule_categories"), 11);
  EXPECT_EQ(j.at("rules"), 35);
  EXPECT_EQ(j.at("below_threshold"), 31);
  EXPECT_EQ(j.at("households_below_threshold"), 17);
  EXPECT_EQ(j.at("month"), "2026-11");
}

TEST_F(OfficeCli, SummaryTextNamesTheThreshold) {
  const auto r = office({"--db", s_db, "summary"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("villagers below 1005"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("928"), std::string::npos);
}

TEST_F(OfficeCli, VillagerShowsScorePointsAndEntries) {
  const auto r = office({"--db", s_db, "--json", "villager", "1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_EQ(j.at("id"), 1);
  EXPECT_FALSE(j.at("name").get<std::string>().empty());
  EXPECT_TRUE(j.at("score").is_number_integer());
  EXPECT_GE(j.at("points").get<int>(), 0);
  EXPECT_FALSE(j.at("recent_entries").empty());
  EXPECT_FALSE(j.at("cards").empty());
}

TEST_F(OfficeCli, BoardHasTopTenYellowCardsPairedAndTheParty) {
  const auto r = office({"--db", s_db, "--json", "board", "--month", "2026-11"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  EXPECT_GE(j.at("commended").size(), 10u);
  EXPECT_GE(j.at("yellow_cards").size(), 10u);
  EXPECT_EQ(j.at("party_board").size(), 36u);
  for (const auto& y : j.at("yellow_cards")) EXPECT_TRUE(y.contains("paired_with")) << y.dump();
  // Commended villagers outscore every yellow card.
  EXPECT_GT(j.at("commended").back().at("score").get<int>(),
            j.at("yellow_cards").back().at("score").get<int>());
}

TEST_F(OfficeCli, VerifyPassesOnTheDemo) {
  const auto r = office({"--db", s_db, "verify"});
  EXPECT_EQ(r.exit_code, 0) << r.out << r.err;
  EXPECT_NE(r.out.find("The ledger holds"), std::string::npos) << r.out;
}

TEST_F(OfficeCli, VerifyNamesARowEditedBehindTheLedgersBack) {
  const auto path = copyOfDemo();
  std::int64_t victim = 0;
  {
    db::Database d(path, db::OpenMode::ReadWrite);
    ASSERT_TRUE(d.exec("DROP TRIGGER entries_no_update"));
    auto st = d.prepare("SELECT seq FROM entries WHERE kind = 'redemption' ORDER BY seq LIMIT 1");
    ASSERT_TRUE(st.step().value());
    victim = st.columnInt(0);
    st.reset();
    // Make a redemption cheaper, and the balance agree with it, as a forger would.
    auto upd = d.prepare("UPDATE entries SET points_delta = points_delta + 1 WHERE seq = ?");
    upd.bind(1, victim);
    ASSERT_TRUE(upd.run());
    auto bal = d.prepare(
        "UPDATE balances SET points = points + 1 WHERE villager_id = "
        "(SELECT villager_id FROM entries WHERE seq = ?)");
    bal.bind(1, victim);
    ASSERT_TRUE(bal.run());
  }
  const auto r = office({"--db", path, "verify", "--json"});
  EXPECT_EQ(r.exit_code, 1) << r.out << r.err;
  const auto j = json::parse(r.out);
  EXPECT_FALSE(j.at("ok").get<bool>());
  EXPECT_EQ(j.at("first_bad_entry"), victim);

  const auto text = office({"--db", path, "verify"});
  EXPECT_NE(text.out.find("first bad entry: " + std::to_string(victim)), std::string::npos)
      << text.out;
}

TEST_F(OfficeCli, VerifyNamesABalanceEditedAlone) {
  const auto path = copyOfDemo();
  {
    db::Database d(path, db::OpenMode::ReadWrite);
    ASSERT_TRUE(d.exec("UPDATE balances SET points = points + 50 WHERE villager_id = 3"));
  }
  const auto r = office({"--db", path, "verify"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.out.find("villager 3"), std::string::npos) << r.out;
}

TEST_F(OfficeCli, BadInputIsOnePlainLineAndExitTwo) {
  const std::vector<std::vector<std::string>> cases = {
      {"--db", s_db, "villager", "99999"},
      {"--db", s_db, "villager", "abc"},
      {"--db", s_db, "board", "--month", "2026-13"},
      {"--db", s_db, "board", "--month", "26-1"},
      {"--db", m_scratch.file("missing.db"), "summary"},
      {"--db", s_db, "frobnicate"},
      {"summary"},
      {"--db", s_db, "--config", m_scratch.file("nope.conf"), "summary"},
  };
  for (const auto& args : cases) {
    const auto r = office(args);
    EXPECT_EQ(r.exit_code, 2) << args.back() << ": " << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_EQ(r.err.rfind("rc-office: ", 0), 0u) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  EXPECT_FALSE(std::filesystem::exists(m_scratch.file("missing.db")));
}

TEST_F(OfficeCli, NotALedgerIsRefusedAndLeftAlone) {
  const auto path = m_scratch.file("notes.txt");
  { std::ofstream(path) << "shopping list\n"; }
  const auto r = office({"--db", path, "summary"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(test::slurp(path), "shopping list\n");
}

TEST_F(OfficeCli, InitDemoRefusesToOverwriteAndLeavesNoPartialFile) {
  const auto path = copyOfDemo();
  const auto before = std::filesystem::file_size(path);
  const auto r = office({"--db", path, "init-demo"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("--force"), std::string::npos);
  EXPECT_EQ(std::filesystem::file_size(path), before);

  const auto bad = office({"--db", m_scratch.file("no/such/dir/v.db"), "init-demo"});
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(m_scratch.file("no/such/dir/v.db.partial")));
}

TEST_F(OfficeCli, HelpExplainsTheCommands) {
  const auto r = office({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  for (const char* word : {"init-demo", "summary", "villager", "board", "verify", "--json"}) {
    EXPECT_NE(r.out.find(word), std::string::npos) << word;
  }
}

TEST(OfficeConfig, TheShippedSettingsFileHoldsTheDefaults) {
  EXPECT_EQ(loadSettingsFile(std::string(RC_SOURCE_DIR) + "/assets/red_credit.conf"),
            core::Settings{});
}

TEST(OfficeConfig, ABadSettingsFileNamesItsLine) {
  test::TempDir dir;
  const auto path = dir.file("bad.conf");
  { std::ofstream(path) << "# ok\nwelfare_threshold = 1005\nstar_step = lots\n"; }
  try {
    (void)loadSettingsFile(path);
    FAIL() << "a bad value was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("line 3"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace rc::office

namespace rc::office {
namespace {

using OfficeServicesCli = DemoCli;

TEST_F(OfficeServicesCli, BookingsOfADayListTheDemosLaundryBookings) {
  // The demo books the first laundry slot after its last moment; find that day.
  int found = 0;
  for (int day = 0; day < 14 && found == 0; ++day) {
    // 2026-11-25 .. 2026-12-08
    const std::string d = day < 6 ? "2026-11-" + std::to_string(25 + day)
                                  : "2026-12-0" + std::to_string(day - 5);
    const auto r = office({"--db", s_db, "--json", "bookings", "--day", d});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto j = json::parse(r.out);
    EXPECT_EQ(j.at("day"), d);
    for (const auto& b : j.at("bookings")) {
      ++found;
      EXPECT_EQ(b.at("station"), "laundry");
      EXPECT_EQ(b.at("station_name"), "净衣社");
      EXPECT_EQ(b.at("state"), "booked");
      EXPECT_EQ(b.at("ticket").get<std::string>().substr(0, 2), "L-");
      EXPECT_FALSE(b.at("villager").get<std::string>().empty());
      EXPECT_EQ(b.at("start").get<std::string>().substr(0, 10), d);
    }
    if (found > 0) {
      const auto text = office({"--db", s_db, "bookings", "--day", d});
      ASSERT_EQ(text.exit_code, 0) << text.err;
      EXPECT_NE(text.out.find("净衣社"), std::string::npos) << text.out;
      EXPECT_NE(text.out.find("bookings (" + std::to_string(found) + ")"), std::string::npos)
          << text.out;
    }
  }
  EXPECT_GE(found, 1) << "the demo books a few laundry places ahead";
  const auto none = office({"--db", s_db, "bookings", "--day", "2026-03-01"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find("(none)"), std::string::npos) << none.out;
}

TEST_F(OfficeServicesCli, OrdersListTheOpenRequestsWithTheirPresetNotes) {
  const auto r = office({"--db", s_db, "--json", "orders", "--state", "requested"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = json::parse(r.out);
  ASSERT_GE(j.size(), 3u) << "the demo has a few open requests";
  std::int64_t last = 0;
  for (const auto& o : j) {
    EXPECT_EQ(o.at("state"), "requested");
    EXPECT_TRUE(o.at("claimer_id").is_null());
    EXPECT_FALSE(o.at("note").get<std::string>().empty());
    EXPECT_FALSE(o.at("note_en").get<std::string>().empty());
    EXPECT_FALSE(o.at("grid").get<std::string>().empty());
    EXPECT_GE(o.at("requested_ms").get<std::int64_t>(), last) << "oldest first";
    last = o.at("requested_ms").get<std::int64_t>();
  }
  const auto done = office({"--db", s_db, "--json", "orders", "--state", "confirmed"});
  ASSERT_EQ(done.exit_code, 0) << done.err;
  EXPECT_TRUE(json::parse(done.out).empty());
  const auto text = office({"--db", s_db, "orders"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("修水管"), std::string::npos) << text.out;
}

TEST_F(OfficeServicesCli, BadDaysAndStatesAreOnePlainLineAndExitTwo) {
  const std::vector<std::vector<std::string>> bad = {
      {"bookings"},
      {"bookings", "--day"},
      {"bookings", "--day", "2026-13-01"},
      {"bookings", "--day", "2026-02-30"},
      {"bookings", "--day", "26-11-01"},
      {"bookings", "--day", "2026-11-01", "extra"},
      {"orders", "--state", "open"},
      {"orders", "--frob"},
  };
  for (const auto& args : bad) {
    std::vector<std::string> full = {"--db", s_db};
    full.insert(full.end(), args.begin(), args.end());
    const auto r = office(full);
    EXPECT_EQ(r.exit_code, 2) << args.back();
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_TRUE(r.out.empty()) << r.out;
  }
  const auto help = office({"--help"});
  EXPECT_NE(help.out.find("bookings --day YYYY-MM-DD"), std::string::npos);
  EXPECT_NE(help.out.find("orders [--state S]"), std::string::npos);
}

}  // namespace
}  // namespace rc::office
