#pragma once
// The built-in tour: a session script, made from what is in the database, that visits every
// screen and error and takes a screenshot of each (scripts/demo, --dump-layout, the benchmark).
// It redeems, so it runs on a copy of a village, never the real ledger.

#include <optional>
#include <string>

#include "core/settings.h"
#include "db/sqlite.h"
#include "kiosk/app/kiosk_data.h"

namespace rc::kiosk {

// Throws db::DbException when the database cannot be read (a start-up path). With
// `synced_kiosk_id`, the file is that kiosk's own (synced with an office): villagers are picked
// by their standing, and the tour ends by waiting for the office to hold its redemption.
// With a service desk (the kiosk's own factory, made here on `db`), the tour also books,
// cancels, requests, claims, marks done and confirms, books for an elder, and meets the hub's
// refusals the village's data allows (not eligible for the farm machinery or the canteen,
// already booked, not enough points), one screenshot each.
std::string tourScript(db::Database& db, const core::Settings& settings,
                       std::optional<std::string> synced_kiosk_id = std::nullopt,
                       const ServiceDeskFactory& desk = {});

}  // namespace rc::kiosk
