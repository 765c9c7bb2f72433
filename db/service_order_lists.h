#pragma once
// Which requests each list of the service hub holds, and in what order: one definition for the
// office's file (db::Services over service_orders) and a synced kiosk's (db::KioskServices over
// kiosk_orders). Each is the WHERE and ORDER BY of a query over the orders as `o` joined with
// the requester's household as `h`; ?1 is the volunteer or villager asking.

namespace rc::db {

// Requests nobody claimed yet, never the volunteer's own: their own grid first, oldest first.
inline constexpr const char* kOpenOrdersWhere =
    "WHERE o.state = 'requested' AND o.requester_id <> ?1 ORDER BY h.grid_id = (SELECT "
    "h2.grid_id FROM villagers v2 JOIN households h2 ON h2.id = v2.household_id WHERE v2.id = "
    "?1) DESC, o.requested_at_ms, o.uuid";

// What the volunteer claimed and has not seen confirmed, oldest first.
inline constexpr const char* kClaimedByWhere =
    "WHERE o.claimer_id = ?1 AND (o.state = 'claimed' OR o.state = 'done') "
    "ORDER BY o.requested_at_ms, o.uuid";

// Requests done and waiting for their requester's confirmation, oldest first (?1, bound or
// not, is unused).
inline constexpr const char* kDoneOrdersWhere =
    "WHERE o.state = 'done' AND ?1 IS ?1 ORDER BY o.updated_at_ms, o.uuid";

// The villager's own requests not yet confirmed or cancelled, oldest first.
inline constexpr const char* kRequestsOfWhere =
    "WHERE o.requester_id = ?1 AND (o.state = 'requested' OR o.state = 'claimed' OR "
    "o.state = 'done') ORDER BY o.requested_at_ms, o.uuid";

}  // namespace rc::db
