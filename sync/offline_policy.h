#pragma once
// The offline limit (policy: Settings::offline_points_per_villager_per_day): while the office
// is unreachable a villager may spend only so many points a day at this kiosk; beyond it the
// redemption waits for the office, and the screen says so in plain words. Pure; thread-safe.

#include <string>

#include "core/settings.h"

namespace rc::sync {

struct OfflineCheck {
  bool allowed = true;
  int remaining = 0;     // points still spendable offline today (when offline)
  std::string message;   // for the screen, Chinese first; empty when allowed
};

// `spent_today` is what the villager already spent today in entries the office has not yet
// acknowledged (db::KioskJournal::offlineSpentToday).
OfflineCheck checkOfflineLimit(const core::Settings& settings, bool office_reachable,
                               int spent_today, int points_wanted);

}  // namespace rc::sync
