// The console's today page (GET /console/api/today) over real HTTPS: who may read it, today's
// figures per kiosk, and the "需要处理" box (a kiosk never synced or silent for an hour, a
// staff card locked by wrong PINs).
#include <algorithm>

#include "core/staff.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/staff.h"
#include "office/console_fixture.h"

namespace rc::office::test {
namespace {

class ConsoleToday : public ConsoleTest {};

const json* findKiosk(const json& body, const std::string& id) {
  for (const auto& k : body["kiosks"]) {
    if (k["kiosk"] == id) return &k;
  }
  return nullptr;
}

std::vector<json> todoOf(const json& body, const std::string& problem) {
  std::vector<json> out;
  for (const auto& t : body["todo"]) {
    if (t["problem"] == problem) out.push_back(t);
  }
  return out;
}

TEST_F(ConsoleToday, TheOfficeRolesReadTodayAndACollectorIsRefused) {
  for (const char* name : {"书记", "文书", "审计"}) {
    const auto r = get(signIn(name), "today");
    ASSERT_EQ(r.status, 200) << name << ": " << r.raw;
    EXPECT_EQ(r.body["day"], core::chinaDay(db::nowMs()));
    EXPECT_TRUE(r.body["kiosks"].is_array());
    EXPECT_TRUE(r.body["todo"].is_array());
  }
  const auto r = get(signIn("信息员一"), "today");
  EXPECT_EQ(r.status, 403);
  EXPECT_NE(r.body["error"].get<std::string>().find("不能做这件事"), std::string::npos) << r.raw;
}

TEST_F(ConsoleToday, ARedemptionMadeTodayIsCountedForItsCounter) {
  {
    db::Database d(dbPath());
    db::Ledger ledger(d, core::Settings{});
    core::VillagerId who = 0;
    for (core::VillagerId id = 1; id < 1000 && who == 0; ++id) {
      const auto b = ledger.balance(id);
      if (b && b->points >= 12) who = id;
    }
    ASSERT_NE(who, 0);
    db::RedemptionDraft draft;
    draft.villager_id = who;
    draft.lines = {{"NOODLES-1KG", 1}};
    draft.reference = "T-1";
    draft.at_ms = db::nowMs();
    ASSERT_TRUE(ledger.redeem(draft));
  }
  const auto r = get(signIn("文书"), "today");
  ASSERT_EQ(r.status, 200) << r.raw;
  const json* k = findKiosk(r.body, "office");
  ASSERT_NE(k, nullptr) << r.body.dump(2);
  EXPECT_EQ((*k)["name"], "村委会柜台");
  EXPECT_EQ((*k)["today"]["redemptions"], 1);
  EXPECT_EQ((*k)["today"]["redeemed_points"], 12);
  EXPECT_EQ((*k)["today"]["bookings"], 0);
}

TEST_F(ConsoleToday, TheBoxNamesAnUnsyncedKioskASilentOneAndALockedStaffCard) {
  const std::int64_t now = db::nowMs();
  {
    db::Database d(dbPath());
    db::Ledger ledger(d, core::Settings{});
    db::OfficeSync sync(ledger);
    std::array<std::uint8_t, 32> key{};
    key.fill(7);
    ASSERT_TRUE(sync.enrollKiosk("shop-2", key, now - 5 * 3'600'000));
    ASSERT_TRUE(sync.enrollKiosk("shop-3", key, now - 5 * 3'600'000));
  }
  auto s = signIn("书记");
  auto r = get(s, "today");
  ASSERT_EQ(r.status, 200) << r.raw;
  auto never = todoOf(r.body, "never_seen");
  ASSERT_EQ(never.size(), 2u) << r.body.dump(2);
  EXPECT_EQ(never[0]["title"], "终端登记后还没有同步过");
  EXPECT_FALSE(never[0]["next"].get<std::string>().empty());
  ASSERT_NE(findKiosk(r.body, "shop-2"), nullptr);
  EXPECT_TRUE((*findKiosk(r.body, "shop-2"))["last_sync"].is_null());

  {
    db::Database d(dbPath());
    db::Ledger ledger(d, core::Settings{});
    db::OfficeSync sync(ledger);
    // shop-2 last reached the office two hours ago; shop-3 a minute ago.
    ASSERT_TRUE(sync.rememberNonce("shop-2", "n-old", now - 2 * 3'600'000, 3 * 3'600'000));
    ASSERT_TRUE(sync.rememberNonce("shop-3", "n-new", now - 60'000, 3 * 3'600'000));
    db::StaffRepo staff(d);
    const auto added = staff.add("周晓红", "04C0FFEE", core::StaffRole::Keeper, now);
    ASSERT_TRUE(added) << added.error().message;
    db::StaffEventRow e;
    e.uuid = "lock-1";
    e.kiosk_id = "shop-3";
    e.staff_name = "周晓红";
    e.card_uid = "04C0FFEE";
    e.failures = 5;
    e.until_ms = now + 15 * 60'000;
    e.at_ms = now - 30'000;
    ASSERT_TRUE(db::recordStaffEvent(d, e, true));
  }
  r = get(s, "today");
  ASSERT_EQ(r.status, 200) << r.raw;
  EXPECT_TRUE(todoOf(r.body, "never_seen").empty()) << r.body.dump(2);
  const auto silent = todoOf(r.body, "not_seen");
  ASSERT_EQ(silent.size(), 1u) << r.body.dump(2);
  EXPECT_EQ(silent[0]["kiosk"], "shop-2");
  EXPECT_EQ(silent[0]["title"], "终端一小时以上没有同步");
  const json* shop2 = findKiosk(r.body, "shop-2");
  ASSERT_NE(shop2, nullptr);
  EXPECT_GE((*shop2)["minutes_ago"].get<int>(), 119);
  EXPECT_LE((*findKiosk(r.body, "shop-3"))["minutes_ago"].get<int>(), 2);
  const auto locked = todoOf(r.body, "locked");
  ASSERT_EQ(locked.size(), 1u) << r.body.dump(2);
  EXPECT_EQ(locked[0]["title"], "员工卡被锁定");
  EXPECT_NE(locked[0]["detail"].get<std::string>().find("周晓红"), std::string::npos);
  EXPECT_NE(locked[0]["detail"].get<std::string>().find("5 次"), std::string::npos);
  EXPECT_NE(locked[0]["next"].get<std::string>().find("rc-office staff pin"), std::string::npos);
  // The newest first: the lockout (30 s ago) before the silent kiosk (two hours ago).
  EXPECT_EQ(r.body["todo"][0]["problem"], "locked");

  // rc-office kiosks says the same last contact.
  std::ostringstream out, err;
  ASSERT_EQ(runOffice({"--db", dbPath(), "--json", "kiosks"}, out, err), 0) << err.str();
  const auto list = json::parse(out.str());
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["kiosk_id"], "shop-2");
  EXPECT_EQ(list[0]["last_contact_ms"], now - 2 * 3'600'000);
}

}  // namespace
}  // namespace rc::office::test
