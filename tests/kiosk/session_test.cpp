// Scripted end-to-end sessions: rc-kiosk --headless on a copy of the demo village, checking
// the screens, the screenshots (written under the build folder) and what landed in the ledger.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "db/product_pictures.h"
#include "db/reports.h"
#include "kiosk/app/script.h"
#include "kiosk/app/strings.h"
#include "kiosk/kiosk_app.h"
#include "kiosk/ui/theme.h"
#include "kiosk_fixture.h"
#include "screenshot_probe.h"
#include "support/run_process.h"

namespace rc::kiosk {
namespace {

using test::Pick;

const std::string kShots = RC_KIOSK_SHOTS_DIR;

class SessionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path = test::villageCopy(dir);
    db = std::make_unique<db::Database>(path);
  }
  rc::test::ProcessResult kiosk(const std::string& script, const std::string& shots,
                                std::vector<std::string> extra = {}) {
    const std::string file = dir.file("session.txt");
    std::ofstream(file) << script;
    std::vector<std::string> args{"--headless", "--db", path, "--script", file};
    if (!shots.empty()) {
      args.push_back("--shots");
      args.push_back(kShots + "/" + shots);
    }
    args.insert(args.end(), extra.begin(), extra.end());
    return rc::test::runProcess(RC_KIOSK_BIN, args, dir.path().string());
  }
  // The lowest score, whose recent records (Home lists four when it offers services) include a
  // council deduction, and that deduction's rule; no rule (and a failure) when there is none.
  struct Deduction {
    test::Someone who;
    std::vector<db::Entry> recent;
    std::size_t index = 0;
    std::optional<db::Rule> rule;
  };
  Deduction recentDeduction() {
    Deduction d;
    d.who = test::pick(*db, Pick::LowestScore);
    d.recent = db::Ledger(*db, core::Settings{}).recentEntries(d.who.id, 4);
    for (std::size_t i = 0; i < d.recent.size(); ++i) {
      if (d.recent[i].kind != core::EntryKind::CouncilDeduction) continue;
      d.index = i;
      d.rule = db::Roster(*db).ruleByCode(d.recent[i].reference);
      return d;
    }
    ADD_FAILURE() << "the lowest score has no recent council deduction";
    return d;
  }
  std::vector<db::Entry> entriesOf(core::VillagerId id) {
    return db::Ledger(*db, core::Settings{}).recentEntries(id, 50);
  }

  rc::test::TempDir dir;
  std::string path;
  std::unique_ptr<db::Database> db;
};

TEST_F(SessionTest, OneItemFromAScanInThreeTaps) {
  const auto who = test::pick(*db, Pick::MostPoints);
  const auto towel = test::product(*db, "TOWEL");  // first on the first shelf (日用)
  const auto before = entriesOf(who.id).size();
  const auto r = kiosk("scan " + who.card +
                           "\n"
                           "expect screen home\n"
                           "expect text " + who.name + "\n"
                           "tap home.supermarket\n"
                           "tap market.add.TOWEL\n"
                           "tap cart.confirm\n"
                           "expect screen receipt\n"
                           "expect text 兑换成功\n"
                           "screenshot receipt\n",
                       "three-taps", {"--dump-layout", dir.file("layout.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto entries = entriesOf(who.id);
  ASSERT_EQ(entries.size(), before + 1);
  EXPECT_EQ(entries.front().kind, core::EntryKind::Redemption);
  EXPECT_EQ(entries.front().points_delta, -towel.price_points);
  EXPECT_EQ(entries.front().detail, "TOWEL*1");
  EXPECT_EQ(entries.front().kiosk_id, "kiosk-1");
  const auto probed = test::expectScreenshotsShowTheirLayout(
      kShots + "/three-taps", dir.file("layout.json"), {{"receipt", "receipt"}});
  EXPECT_GE(probed.buttons, 1);  // receipt.done
  EXPECT_GE(probed.texts, 3);
  // The probe is not blind: a colour the screen did not draw is noticed.
  std::ifstream in(dir.file("layout.json"));
  const auto dump = nlohmann::json::parse(in);
  const auto* declared = test::screenLayout(dump, "receipt");
  ASSERT_NE(declared, nullptr);
  nlohmann::json wrong = *declared;
  for (auto& e : wrong["elements"]) {
    if (e["tappable"].get<bool>()) e["bg_color"] = "#00FF00";
  }
  const auto shot = test::loadScreenshot(kShots + "/three-taps/receipt.png");
  ASSERT_TRUE(shot.has_value());
  EXPECT_FALSE(test::probeScreen(*shot, wrong).problems.empty());
}

// The supermarket's tiles: a product with a picture shows the picture's own pixels (decoded
// here from the ledger's bytes), one without shows its first character on its coloured ground.
TEST_F(SessionTest, ATileShowsItsPictureOrAColouredTileWithTheFirstCharacter) {
  const auto who = test::pick(*db, Pick::MostPoints);
  const auto r = kiosk("scan " + who.card +
                           "\n"
                           "tap home.supermarket\n"
                           "tap market.cat.1\n"
                           "expect text 大米5kg\n"
                           "screenshot market\n",
                       "pictures", {"--dump-layout", dir.file("layout.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto probed = test::expectScreenshotsShowTheirLayout(
      kShots + "/pictures", dir.file("layout.json"), {{"market", "supermarket"}});
  EXPECT_GE(probed.buttons, 9);
  std::ifstream in(dir.file("layout.json"));
  const auto dump = nlohmann::json::parse(in);
  const auto* layout = test::screenLayout(dump, "supermarket");
  ASSERT_NE(layout, nullptr);
  const auto shot = test::loadScreenshot(kShots + "/pictures/market.png");
  ASSERT_TRUE(shot.has_value());
  auto element = [&](const std::string& id) -> const nlohmann::json* {
    for (const auto& e : (*layout)["elements"]) {
      if (e["id"] == id) return &e;
    }
    return nullptr;
  };
  // How many of a 12×12 grid of points inside `rect` show `picture`'s texel there, composed
  // over the white card.
  auto matches = [&](const nlohmann::json& rect, const db::RgbaPicture& picture) {
    const double x = rect[0], y = rect[1], w = rect[2], h = rect[3];
    int same = 0;
    for (int j = 0; j < 12; ++j) {
      for (int i = 0; i < 12; ++i) {
        const double fx = (i + 0.5) / 12;
        const double fy = (j + 0.5) / 12;
        const auto tx = static_cast<std::size_t>(fx * picture.width);
        const auto ty = static_cast<std::size_t>(fy * picture.height);
        const auto* t = &picture.rgba[(ty * static_cast<std::size_t>(picture.width) + tx) * 4];
        std::uint32_t want = 0;
        for (int c = 0; c < 3; ++c) {
          const int v = (t[c] * t[3] + 255 * (255 - t[3]) + 127) / 255;
          want = want << 8 | static_cast<std::uint32_t>(v);
        }
        const auto got = shot->at(static_cast<int>(x + fx * w), static_cast<int>(y + fy * h));
        if (test::near(got, want, 24)) ++same;
      }
    }
    return same;
  };
  const auto stored = db::ProductPictures(*db).bySku("RICE-5KG");
  ASSERT_TRUE(stored.has_value());
  const auto rice = db::decodePicture(stored->bytes);
  ASSERT_TRUE(rice.ok()) << rice.error();
  const auto* pic = element("market.picture.RICE-5KG");
  ASSERT_NE(pic, nullptr) << "no picture on the rice tile";
  EXPECT_GE(matches((*pic)["rect"], *rice), 130);
  // Not blind: the noodles' tile (no picture) does not show the rice.
  EXPECT_EQ(element("market.picture.NOODLES-1KG"), nullptr);
  const auto* initial = element("market.initial.NOODLES-1KG");
  ASSERT_NE(initial, nullptr);
  EXPECT_EQ((*initial)["text"], "挂");
  EXPECT_LT(matches((*initial)["rect"], *rice), 40);
  const auto ground = test::colourOf((*initial)["bg_color"]);
  EXPECT_NE(std::find(std::begin(ui::theme::kTileGrounds), std::end(ui::theme::kTileGrounds),
                      ground),
            std::end(ui::theme::kTileGrounds));
  EXPECT_EQ(element("market.initial.RICE-5KG"), nullptr);
}

TEST_F(SessionTest, ADoubleTapOnConfirmRedeemsOnce) {
  const auto who = test::pick(*db, Pick::MostPoints);
  const auto before = entriesOf(who.id).size();
  const auto r = kiosk("scan " + who.card + "\nscan " + test::product(*db, "SOAP").barcode +
                           "\ndouble-tap cart.confirm\nexpect screen receipt\n",
                       "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(entriesOf(who.id).size(), before + 1);
}

TEST_F(SessionTest, EveryErrorHasItsScreenAndWritesNothing) {
  ASSERT_TRUE(db::Catalog(*db).moveStock("SCHOOLBAG", -test::product(*db, "SCHOOLBAG").stock,
                                         "adjust", std::nullopt, db::nowMs(), "test"));
  const auto rich = test::pick(*db, Pick::MostPoints);
  const auto poor = test::pick(*db, Pick::FewestPoints);
  const auto low = test::pick(*db, Pick::LowestScore);
  const auto before = test::entryCount(path);
  const auto r = kiosk(
      "scan 0000000A\nexpect screen error:unknown-card\nexpect text 这张卡没有登记\n"
      "screenshot unknown-card\ntap error.back\nexpect screen attract\n"
      "scan " + test::product(*db, "SOAP").barcode + "\nexpect screen error:card-first\n"
      "screenshot card-first\ntap error.back\n"
      "scan " + poor.card + "\nscan " + test::product(*db, "RICE-10KG").barcode + "\n"
      "expect screen error:not-enough-points\nexpect text 积分不够\nscreenshot not-enough-points\n"
      "tap error.back\nexpect screen home\n"
      "scan " + rich.card + "\nscan " + test::product(*db, "SCHOOLBAG").barcode + "\n"
      "expect screen error:out-of-stock\nexpect text 书包\nscreenshot out-of-stock\ntap error.back\n"
      "scan " + low.card + "\nscan " + test::product(*db, "FESTIVAL-GIFT").barcode + "\n"
      "expect screen error:not-eligible\nexpect text 1005\nscreenshot not-eligible\ntap error.back\n"
      "scan 9999999999999\nexpect screen error:unreadable\nscreenshot unreadable\ntap error.back\n"
      "tap home.logout\nexpect screen attract\n"
      "reader unplug\nexpect screen error:reader-unplugged\nexpect text 读卡器没有连接\n"
      "expect text 读卡器未连接\nscreenshot reader-unplugged\nreader plug\nexpect screen attract\n"
      "db offline\nscan " + rich.card + "\nexpect screen error:database-unavailable\n"
      "expect text 暂停服务\nscreenshot out-of-service\n"
      "db online\nwait 16s\nexpect screen attract\n",
      "errors", {"--dump-layout", dir.file("layout.json")});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::entryCount(path), before);
  // Each error screen is seen once, and left right after its screenshot.
  const auto probed = test::expectScreenshotsShowTheirLayout(
      kShots + "/errors", dir.file("layout.json"),
      {{"unknown-card", "error:unknown-card"},
       {"card-first", "error:card-first"},
       {"not-enough-points", "error:not-enough-points"},
       {"out-of-stock", "error:out-of-stock"},
       {"not-eligible", "error:not-eligible"},
       {"unreadable", "error:unreadable"},
       {"reader-unplugged", "error:reader-unplugged"},
       {"out-of-service", "error:database-unavailable"}});
  EXPECT_GE(probed.buttons, 7);  // a way back on every screen but out-of-service
}

TEST_F(SessionTest, IdleDropsTheCartAndWritesNothing) {
  const auto before = test::entryCount(path);
  const auto r = kiosk("scan " + test::pick(*db, Pick::MostPoints).card +
                           "\ntap home.supermarket\ntap market.add.TOWEL\nwait 45s\n"
                           "expect text 还在使用吗\nscreenshot idle-warning\n"
                           "tap idle.stay\nexpect no-text 还在使用吗\nwait 44s\n"
                           "expect screen supermarket\nwait 16s\nexpect screen attract\n",
                       "idle");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(test::entryCount(path), before);
}

TEST_F(SessionTest, EnglishIsOneTapAway) {
  const auto r = kiosk("tap status.lang\nexpect text Tap card or scan code\nscreenshot attract-en\n"
                       "scan " + test::pick(*db, Pick::MostPoints).card +
                           "\nexpect text Points to spend\nscreenshot home-en\n"
                           "tap home.logout\nexpect text 请刷卡或扫码\n",
                       "english");
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(SessionTest, TypingIsAKeyboardWedgeScan) {
  const auto r = kiosk("type " + test::pick(*db, Pick::MostPoints).card + "\nexpect screen home\n", "");
  ASSERT_EQ(r.exit_code, 0) << r.err;
}

TEST_F(SessionTest, AFailedExpectationNamesTheLine) {
  const auto r = kiosk("# comment\n\nexpect screen attract\nexpect screen home\n", "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("script line 4"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("'home'"), std::string::npos) << r.err;
}

TEST_F(SessionTest, TappingWhatIsNotThereFails) {
  const auto r = kiosk("tap cart.confirm\n", "");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("script line 1: no tappable element 'cart.confirm'"), std::string::npos)
      << r.err;
}

TEST_F(SessionTest, ABadScriptIsRefusedBeforeStarting) {
  const auto r = kiosk("scan X\nfly away\n", "");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("line 2: unknown command 'fly'"), std::string::npos) << r.err;
}

TEST_F(SessionTest, AMissingDatabaseIsOutOfService) {
  path = dir.file("nowhere.db");
  const auto r = kiosk("expect screen error:database-unavailable\nexpect text 暂停服务\n", "");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(std::filesystem::exists(path));  // the kiosk never creates a ledger
}

TEST_F(SessionTest, TheTourShowsEveryScreen) {
  const std::string shots = kShots + "/tour";
  std::filesystem::remove_all(shots);
  const std::string layout = dir.file("layout.json");
  const auto r = rc::test::runProcess(
      RC_KIOSK_BIN, {"--headless", "--db", path, "--tour", "--shots", shots, "--dump-layout", layout},
      dir.path().string());
  ASSERT_EQ(r.exit_code, 0) << r.err;
  int pngs = 0;
  for (const auto& f : std::filesystem::directory_iterator(shots)) {
    if (f.path().extension() != ".png") continue;
    ++pngs;
    const auto image = test::loadScreenshot(f.path().string());
    ASSERT_TRUE(image.has_value()) << f.path();
    EXPECT_EQ(image->width, 1920) << f.path();
    EXPECT_EQ(image->height, 1080) << f.path();
  }
  EXPECT_GE(pngs, 14);
  // The screens the tour visits once, probed where their layout says what is drawn.
  test::expectScreenshotsShowTheirLayout(shots, layout,
                                         {{"04-receipt", "receipt"},
                                          {"05-error-unknown-card", "error:unknown-card"},
                                          {"10-error-unreadable", "error:unreadable"}});
}

TEST_F(SessionTest, TheFirstScanShowsItsReasonsWithoutStoppingToBakeGlyphs) {
  // Home names each record's rule or team. Those words are baked into the font atlas at start:
  // a rebuild on the scan (about 30 ms) would show the villager's Home two frames late.
  const auto d = recentDeduction();
  ASSERT_TRUE(d.rule.has_value());
  const auto& low = d.who;
  const auto& rule = d.rule;
  KioskOptions o;
  o.db_path = path;
  o.headless = true;
  KioskApp app(o);
  ASSERT_TRUE(app.settle());
  const auto builds = app.frameStats().font_builds;
  const auto script = parseScript("scan " + low.card + "\nexpect screen home\nexpect text " +
                                  rule->title + "\n");
  ASSERT_TRUE(static_cast<bool>(script));
  std::ostringstream log;
  ASSERT_EQ(app.runScript(script.value(), "", log), 0) << log.str();
  EXPECT_EQ(app.frameStats().font_builds, builds) << "the scan rebuilt the font atlas";
}

// Say why: Home names each record's rule (or goods, or team) with both numbers it moved, a tap
// opens the evidence and the council's month, the welfare box names the teams recruiting, and
// the attract screen counts stars in words and keeps everyone tied on the honour roll.
TEST_F(SessionTest, HomeSaysWhyAndATapShowsTheEvidence) {
  db::Ledger ledger(*db, core::Settings{});
  const auto d = recentDeduction();
  ASSERT_TRUE(d.rule.has_value());
  const auto& low = d.who;
  const auto& low_recent = d.recent;
  const auto ded = low_recent.begin() + static_cast<std::ptrdiff_t>(d.index);
  const auto& rule = d.rule;
  const auto rich = test::pick(*db, Pick::MostPoints);
  const auto rich_recent = ledger.recentEntries(rich.id, 4);
  const auto both = std::find_if(rich_recent.begin(), rich_recent.end(), [](const db::Entry& e) {
    return e.score_delta > 0 && e.points_delta > 0;
  });
  ASSERT_NE(both, rich_recent.end()) << "an award or volunteer hours among the recent records";
  const std::string moved = "信用分 +" + std::to_string(both->score_delta) + " · 积分 +" +
                            std::to_string(both->points_delta);
  const std::string month = std::to_string(core::monthOfMs(ded->at_ms).year) + "年" +
                            std::to_string(core::monthOfMs(ded->at_ms).month) + "月 信用议事会议";
  const std::string layout = dir.file("layout.json");
  const auto r = kiosk("scan " + low.card + "\nexpect screen home\n"
                       "expect text " + rule->title + "\n"
                       "expect text 信用分 " + std::to_string(ded->score_delta) + "\n"
                       "expect text 本月招募志愿者：净美家园、好家园、银龄互助\n"
                       "tap home.recent." + std::to_string(ded - low_recent.begin()) + "\n"
                       "expect screen entry\nexpect text " + month + "\n"
                       "screenshot entry\ntap entry.back\nexpect screen home\n"
                       "tap home.logout\nexpect screen attract\n"
                       "scan " + rich.card + "\nexpect screen home\nexpect text " + moved + "\n"
                       "tap status.lang\nexpect text score +\nexpect text Recruiting volunteers\n"
                       "tap status.lang\ntap home.logout\nexpect screen attract\n",
                       "why", {"--dump-layout", layout});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  std::ifstream in(layout);
  const auto dump = nlohmann::json::parse(in);
  const auto* entry = test::screenLayout(dump, "entry");
  ASSERT_NE(entry, nullptr);
  std::map<std::string, std::string> texts;
  for (const auto& e : (*entry)["elements"]) texts[e["id"]] = e["text"];
  EXPECT_EQ(texts["entry.what"], rule->title);
  EXPECT_EQ(texts["entry.deltas"], "信用分 " + std::to_string(ded->score_delta));
  EXPECT_EQ(texts["entry.evidence"], "依据：" + ded->detail);  // the demo's words, whole
  // The screenshot shows what the layout declared: the reason's text in its colours.
  const auto probed =
      test::expectScreenshotsShowTheirLayout(kShots + "/why", layout, {{"entry", "entry"}});
  EXPECT_GE(probed.texts, 5);
  EXPECT_GE(probed.buttons, 1);  // entry.back

  // The attract screen: every villager tied at the honour roll's cut-off, as core's boards.
  const auto* attract = test::screenLayout(dump, "attract");
  ASSERT_NE(attract, nullptr);
  db::Roster roster(*db);
  const auto boards = db::monthBoards(*db, core::Settings{}, db::defaultMonth(roster));
  ASSERT_GT(boards.commended.size(), 10u) << "the demo has villagers tied at rank 10";
  std::size_t honour = 0;
  std::size_t counted = 0;
  for (const auto& e : (*attract)["elements"]) {
    if (e["id"] == "attract.honour.name") ++honour;
    if (e["id"] != "attract.party.stars") continue;
    ++counted;
    const std::string t = e["text"];
    EXPECT_TRUE(t.ends_with("颗红星") || t.ends_with("颗灰星")) << t;
  }
  EXPECT_EQ(honour, boards.commended.size());
  EXPECT_GE(counted, std::min<std::size_t>(boards.party.size(), 36) - 2);
}

}  // namespace
}  // namespace rc::kiosk
