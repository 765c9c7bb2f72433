#include "sync/offline_policy.h"

#include <algorithm>

namespace rc::sync {

OfflineCheck checkOfflineLimit(const core::Settings& settings, bool office_reachable,
                               int spent_today, int points_wanted) {
  OfflineCheck c;
  const int limit = settings.offline_points_per_villager_per_day;
  c.remaining = std::max(0, limit - spent_today);
  if (office_reachable || points_wanted <= c.remaining) return c;
  c.allowed = false;
  c.message = "暂时连不上村委会。断网时每人每天最多兑换 " + std::to_string(limit) +
              " 积分，您今天还可兑换 " + std::to_string(c.remaining) +
              " 积分。请少选一些，或等网络恢复后再兑换。\n"
              "The office cannot be reached. Offline, each villager may spend at most " +
              std::to_string(limit) + " points a day; " + std::to_string(c.remaining) +
              " remain today. Take fewer items, or wait until the network is back.";
  return c;
}

}  // namespace rc::sync
