#pragma once
// The built-in tour: a session script, made from what is in the database, that visits every
// screen and error and takes a screenshot of each (scripts/demo, --dump-layout, the benchmark).
// It redeems, so it runs on a copy of a village, never the real ledger.

#include <optional>
#include <string>

#include "core/settings.h"
#include "db/sqlite.h"

namespace rc::kiosk {

// Throws db::DbException when the database cannot be read (a start-up path). With
// `synced_kiosk_id`, the file is that kiosk's own (synced with an office): villagers are picked
// by their standing, and the tour ends by waiting for the office to hold its redemption.
std::string tourScript(db::Database& db, const core::Settings& settings,
                       std::optional<std::string> synced_kiosk_id = std::nullopt);

}  // namespace rc::kiosk
