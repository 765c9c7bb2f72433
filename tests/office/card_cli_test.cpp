// rc-office's card commands on a copy of the demo village, as a clerk runs them: issue-card
// with the office's card key (made 0600 on first use), --replace, bind-card, revoke-card with
// its reason, cards (--json), and card-sheet's PDF read back with pdfinfo and pdftotext.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "db/cards.h"
#include "db/sqlite.h"
#include "demo_cli_fixture.h"
#include "office/pdf.h"
#include "sync/card_token.h"
#include "support/pdf_read.h"

namespace rc::office {
namespace {

std::string run(const std::string& command) { return test::commandOutput(command); }

std::string tokenIn(const std::string& text) {
  const auto at = text.find("token RC2.");
  if (at == std::string::npos) return {};
  return text.substr(at + 6, text.find('\n', at) - at - 6);
}


// What pdftotext makes of CJK text: runs of spaces between the glyphs sometimes; drop them.
std::string squeeze(std::string s) {
  std::erase(s, ' ');
  return s;
}

class CardCli : public DemoCli {
 protected:
  void SetUp() override { m_db = copyOfDemo(); }
  std::vector<std::string> with(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", m_db});
    return args;
  }
  std::vector<std::pair<std::int64_t, std::string>> villagersOf(const std::string& where) {
    db::Database d(m_db);
    auto st = d.prepare("SELECT v.id, v.name FROM villagers v JOIN households h ON "
                        "h.id = v.household_id WHERE " + where + " ORDER BY v.id");
    std::vector<std::pair<std::int64_t, std::string>> out;
    while (true) {
      auto row = st.step();
      if (!row || !*row) break;
      out.emplace_back(st.columnInt(0), st.columnText(1));
    }
    return out;
  }
  std::string meta(const std::string& key) {
    db::Database d(m_db);
    auto st = d.prepare("SELECT value FROM meta WHERE key = ?");
    st.bind(1, key);
    auto row = st.step();
    return row && *row ? st.columnText(0) : "";
  }
  std::string m_db;
};

TEST_F(CardCli, IssueMakesTheKeyOwnerOnlyAndATokenTheLedgersKeyVerifies) {
  EXPECT_FALSE(std::filesystem::exists(m_db + ".card-key"));
  const auto r = office(with({"issue-card", "3"}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("issued Q000001"), std::string::npos) << r.out;
  struct stat st {};
  ASSERT_EQ(::stat((m_db + ".card-key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  const auto key = sync::decodeCardPublicKey(meta(sync::kCardKeyMeta));
  ASSERT_TRUE(key.has_value());
  const auto token = sync::verifyCardToken(tokenIn(r.out), *key);
  ASSERT_TRUE(token.ok()) << r.out;
  EXPECT_EQ(token->villager_id, 3);
  EXPECT_EQ(token->serial, 1u);
  EXPECT_LE(pdf::qrVersionFor(tokenIn(r.out)), 8);

  // A second card needs --replace, which revokes the first with its reason.
  const auto twice = office(with({"issue-card", "3"}));
  EXPECT_EQ(twice.exit_code, 2);
  EXPECT_NE(twice.err.find("already has QR card Q000001"), std::string::npos) << twice.err;
  const auto replaced = office(with({"issue-card", "3", "--replace"}));
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_NE(replaced.out.find("revoked Q000001"), std::string::npos) << replaced.out;
  const auto listed = office(with({"cards", "3", "--json"}));
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  const auto j = nlohmann::json::parse(listed.out);
  int qr = 0;
  for (const auto& c : j["cards"]) {
    if (c["kind"] != "qr") continue;
    ++qr;
    if (c["uid"] == "Q000001") {
      EXPECT_EQ(c["revoke_reason"], "replaced by Q000002");
    } else {
      EXPECT_EQ(c["uid"], "Q000002");
      EXPECT_TRUE(c["revoked_at_ms"].is_null());
    }
  }
  EXPECT_EQ(qr, 2);

  // A key file others may read is refused, and nothing is issued.
  ASSERT_EQ(::chmod((m_db + ".card-key").c_str(), 0644), 0);
  const auto wide = office(with({"issue-card", "4"}));
  EXPECT_EQ(wide.exit_code, 2);
  EXPECT_NE(wide.err.find("chmod 600"), std::string::npos) << wide.err;
  EXPECT_EQ(office(with({"cards", "4", "--json"})).out.find("\"qr\""), std::string::npos);
}

TEST_F(CardCli, BindAndRevokeWithAReason) {
  EXPECT_EQ(office(with({"bind-card", "5", "12345"})).exit_code, 2);
  EXPECT_EQ(office(with({"bind-card", "5", "1A2B3C4G"})).exit_code, 2);
  EXPECT_EQ(office(with({"bind-card", "999999", "1A2B3C4D"})).exit_code, 2);
  const auto ic = office(with({"bind-card", "5", "1a2b3c4d"}));
  ASSERT_EQ(ic.exit_code, 0) << ic.err;
  EXPECT_NE(ic.out.find("ic card 1A2B3C4D"), std::string::npos) << ic.out;
  const auto id = office(with({"bind-card", "5", "3210987654"}));
  ASSERT_EQ(id.exit_code, 0) << id.err;
  EXPECT_NE(id.out.find("id card 3210987654"), std::string::npos) << id.out;
  const auto again = office(with({"bind-card", "6", "1A2B3C4D"}));
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already bound to villager 5"), std::string::npos) << again.err;

  EXPECT_EQ(office(with({"revoke-card", "1A2B3C4D"})).exit_code, 2);  // no reason
  const auto revoked = office(with({"revoke-card", "1a2b3c4d", "--reason", "卡丢失"}));
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(office(with({"revoke-card", "1A2B3C4D", "--reason", "again"})).exit_code, 2);
  ASSERT_EQ(office(with({"issue-card", "5"})).exit_code, 0);
  ASSERT_EQ(office(with({"revoke-card", "1", "--reason", "被复印"})).exit_code, 0);  // by serial
  const auto listed = office(with({"cards", "5"}));
  EXPECT_NE(listed.out.find("1A2B3C4D"), std::string::npos);
  EXPECT_NE(listed.out.find("卡丢失"), std::string::npos) << listed.out;
  EXPECT_NE(listed.out.find("Q000001"), std::string::npos);
  EXPECT_NE(listed.out.find("被复印"), std::string::npos) << listed.out;
  EXPECT_EQ(office(with({"revoke-card", "Q000099", "--reason", "x"})).exit_code, 2);
}

TEST_F(CardCli, CardSheetShowsEveryNameAndSerialAndReusesActiveCards) {
  const auto household = villagersOf("h.id = 1");
  ASSERT_FALSE(household.empty());
  ASSERT_EQ(office(with({"issue-card", std::to_string(household[0].first)})).exit_code, 0);
  const auto pdf_path = m_scratch.file("cards.pdf");
  const auto r = office(with({"card-sheet", "--household", "1", "--out", pdf_path}));
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find(std::to_string(household.size() - 1) + " newly issued"), std::string::npos)
      << r.out;
  EXPECT_EQ(test::pdfPages(pdf_path), 1u);
  const auto text = squeeze(run("pdftotext '" + pdf_path + "' -"));
  EXPECT_NE(text.find("红色信用卡"), std::string::npos) << text;
  for (const auto& [id, name] : household) EXPECT_NE(text.find(name), std::string::npos) << name;
  for (std::size_t i = 1; i <= household.size(); ++i) {
    EXPECT_NE(text.find(db::qrCardUid(static_cast<std::int64_t>(i))), std::string::npos) << i;
  }
  // The same sheet again needs --force, and reuses the cards: no new serials.
  EXPECT_EQ(office(with({"card-sheet", "--household", "1", "--out", pdf_path})).exit_code, 2);
  const auto again = office(with({"card-sheet", "--household", "1", "--out", pdf_path, "--force"}));
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find(" 0 newly issued"), std::string::npos) << again.out;

  // A grid: ten cards a page.
  const auto grid = villagersOf("h.grid_id = 1 AND v.moved_away = 0");
  const auto grid_pdf = m_scratch.file("grid.pdf");
  const auto g = office(with({"card-sheet", "--grid", "1", "--out", grid_pdf}));
  ASSERT_EQ(g.exit_code, 0) << g.err;
  const auto pages = (grid.size() + 9) / 10;
  EXPECT_EQ(test::pdfPages(grid_pdf), pages);
  const auto grid_text = squeeze(run("pdftotext '" + grid_pdf + "' -"));
  for (const auto& [id, name] : grid) EXPECT_NE(grid_text.find(name), std::string::npos) << name;

  EXPECT_EQ(office(with({"card-sheet", "--villagers", "1,x", "--out", m_scratch.file("x.pdf")})).exit_code, 2);
  EXPECT_EQ(office(with({"card-sheet", "--grid", "1", "--household", "1", "--out", m_scratch.file("x.pdf")})).exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(m_scratch.file("x.pdf")));
}

}  // namespace
}  // namespace rc::office
