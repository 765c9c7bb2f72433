// The console's today page (今日): each kiosk's day so far as the office holds it (the export's
// rows counted as a day close counts them, core::summarizeDay), its last sync and chain, and the
// "需要处理" box: today's lines on the office's lists (rc-office overdrafts), chain breaks,
// locked staff cards and kiosks not heard from for an hour, each with what to do next.
#include <algorithm>
#include <map>
#include <set>
#include <stdexcept>

#include "core/staff.h"
#include "core/types.h"
#include "db/office_sync.h"
#include "db/reconcile.h"
#include "db/staff.h"
#include "office/console/api.h"
#include "office/console/kiosk_problems.h"
#include "office/kiosk_export.h"

namespace rc::office::console {
namespace {

constexpr std::int64_t kMinuteMs = 60'000;
constexpr std::int64_t kHourMs = 60 * kMinuteMs;
constexpr std::int64_t kDayMs = 24 * kHourMs;

// The name a clerk reads for a kiosk id: the office's own counter has no kiosk.
std::string kioskName(const std::string& id) {
  return id == db::kOfficeKioskId ? std::string("村委会柜台") : "终端 " + id;
}

std::string who(const std::string& name, core::VillagerId id) {
  return (name.empty() ? std::string("未知村民") : name) + "（编号 " + std::to_string(id) + "）";
}

std::string signedText(std::int64_t n) { return (n > 0 ? "+" : "") + std::to_string(n); }

std::string kindZh(const std::string& kind) {
  const auto k = core::entryKindFromString(kind);
  return k ? std::string(core::entryKindZh(*k)) : kind;
}

// One line of the "需要处理" box.
json todo(const std::string& problem, const std::string& kiosk, const std::string& detail,
          std::int64_t at_ms) {
  const auto words = problemWords(problem);
  return {{"problem", problem}, {"title", words.title}, {"next", words.next},
          {"kiosk", kiosk},     {"kiosk_name", kioskName(kiosk)},
          {"detail", detail},   {"at", timeText(at_ms)}, {"at_ms", at_ms}};
}

Reply today(Context& c, const Request&) {
  const std::int64_t now = db::nowMs();
  const std::string day = core::chinaDay(now);
  const std::int64_t from = core::chinaDayStartMs(day).value_or(now - now % kDayMs);
  db::OfficeSync sync(c.ledger);
  const auto enrolled = sync.kiosks();

  // Today's figures per kiosk, from the rows the export writes.
  const auto totals = transactionTotals(c.db, exportDay(day));
  // Today's closes (what the kiosks say they hold) as the reconcile page checks them.
  auto report = db::reconcileDay(c.db, day);
  if (!report) throw std::runtime_error(report.error().message);
  std::map<std::string, const db::KioskReconcile*> closes;
  for (const auto& k : report->kiosks) closes[k.kiosk_id] = &k;

  std::vector<std::string> ids;
  for (const auto& k : enrolled) {
    if (!k.revoked_at_ms || totals.count(k.id) != 0) ids.push_back(k.id);
  }
  std::set<std::string> others;
  for (const auto& [id, _] : totals) others.insert(id);
  for (const auto& [id, _] : closes) others.insert(id);
  for (const auto& id : others) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  }

  Reply r;
  r.body["day"] = day;
  r.body["now"] = timeText(now);
  r.body["kiosks"] = json::array();
  json items = json::array();
  for (const auto& id : ids) {
    const auto it = std::find_if(enrolled.begin(), enrolled.end(),
                                 [&](const db::KioskRow& k) { return k.id == id; });
    const auto t = totals.find(id);
    const auto sum = t == totals.end() ? core::DaySummary{} : t->second;
    json k = {{"kiosk", id},
              {"name", kioskName(id)},
              {"enrolled", it != enrolled.end()},
              {"revoked", it != enrolled.end() && it->revoked_at_ms.has_value()},
              {"today", daySummaryJson(sum)}};
    const std::int64_t held = it != enrolled.end() ? it->held : db::kioskHeldSeq(c.db, id);
    k["held"] = held;
    // A close today counts entries up to its last seq; those past `held` are still on the way.
    std::int64_t waiting = 0;
    json closed = json::array();
    if (const auto cl = closes.find(id); cl != closes.end()) {
      for (const auto& cc : cl->second->closes) {
        waiting = std::max(waiting, cc.close.last_seq - held);
        closed.push_back({{"number", core::dayCloseNumber(cc.close.number)},
                          {"at", timeText(cc.close.closed_at_ms)},
                          {"agrees", cc.differences.empty()}});
      }
    }
    k["waiting"] = waiting;
    k["closes"] = closed;
    k["last_sync"] = nullptr;
    k["minutes_ago"] = nullptr;
    k["chain_ok"] = true;
    if (it != enrolled.end()) {
      if (it->last_contact_ms) {
        k["last_sync"] = timeText(*it->last_contact_ms);
        k["minutes_ago"] = std::max<std::int64_t>(0, (now - *it->last_contact_ms) / kMinuteMs);
      }
      if (it->chain_break_at_ms) {
        k["chain_ok"] = false;
        k["chain_break"] = it->chain_break;
        items.push_back(todo("chain_break", id,
                             "从 " + timeText(*it->chain_break_at_ms) +
                                 " 起，终端送来的记录接不上村委会已有的记录：" + it->chain_break,
                             *it->chain_break_at_ms));
      }
      if (!it->revoked_at_ms) {
        if (!it->last_contact_ms) {
          items.push_back(todo("never_seen", id, "登记于 " + timeText(it->enrolled_at_ms) + "，还没有同步过。",
                               it->enrolled_at_ms));
        } else if (now - *it->last_contact_ms > kHourMs) {
          items.push_back(todo("not_seen", id, "上次同步是 " + timeText(*it->last_contact_ms) + "。",
                               *it->last_contact_ms));
        }
      }
    }
    r.body["kiosks"].push_back(std::move(k));
  }

  // The office's lists (rc-office overdrafts): today's lines here, the earlier ones counted.
  std::int64_t earlier = 0;
  auto isToday = [&](std::int64_t at) {
    if (at >= from) return true;
    ++earlier;
    return false;
  };
  for (const auto& i : sync.reconciliation()) {
    if (!isToday(i.at_ms)) continue;
    std::string d = who(i.villager_name, i.villager_id) + "，兑换后积分 " +
                    std::to_string(i.points_after) + "（村委会第 " + std::to_string(i.entry_seq) +
                    " 笔）";
    if (!i.note.empty()) d += "。" + i.note;
    items.push_back(todo(i.problem, i.kiosk_id, d, i.at_ms));
  }
  for (const auto& e : sync.refusedEntries()) {
    if (!isToday(e.at_ms)) continue;
    items.push_back(todo("refused", e.kiosk_id,
                         who(e.villager_name, e.villager_id) + " 的" + kindZh(e.kind) + " " +
                             signedText(e.points_delta) + " 分（终端第 " +
                             std::to_string(e.kiosk_seq) + " 笔）。原因：" + e.reason,
                         e.at_ms));
  }
  for (const auto& p : sync.serviceProblems()) {
    if (!isToday(p.at_ms)) continue;
    items.push_back(todo(p.problem, p.kiosk_id, who(p.villager_name, p.villager_id) + "。" + p.note,
                         p.at_ms));
  }
  for (const auto& p : sync.staffProblems()) {
    if (!isToday(p.noted_at_ms)) continue;
    items.push_back(todo(p.problem, p.kiosk_id, p.subject + "。" + p.note, p.noted_at_ms));
  }
  // Staff cards locked by wrong PINs: locked today, or still locked.
  for (const auto& m : db::StaffRepo(c.db).list()) {
    const auto lock = db::lastLockout(c.db, m.card_uid);
    if (!lock || (lock->at_ms < from && lock->until_ms <= now)) continue;
    items.push_back(todo("locked", lock->kiosk_id,
                         m.name + " 的员工卡输错 PIN " + std::to_string(lock->failures) +
                             " 次，锁到 " + timeText(lock->until_ms) + "。",
                         lock->at_ms));
  }
  std::stable_sort(items.begin(), items.end(), [](const json& a, const json& b) {
    return a["at_ms"].get<std::int64_t>() > b["at_ms"].get<std::int64_t>();
  });
  r.body["todo"] = std::move(items);
  r.body["earlier"] = earlier;
  return r;
}

}  // namespace

void addTodayRoutes(Routes& routes) {
  routes.push_back({"GET", "today", kOfficeReaders, "", today});
}

}  // namespace rc::office::console
