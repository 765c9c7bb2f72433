#pragma once
// The rows that travel between a kiosk and the office (docs/sync-protocol.md), as plain values:
// a kiosk's journal entry as pushed, and one page of changes as pulled. The JSON form lives in
// sync/protocol.h; these are what the repositories read and write.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/cart.h"
#include "core/services.h"
#include "core/types.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/staff.h"

namespace rc::db {

// A kiosk journal entry on the wire. A void names its target by UUID, since sequence numbers
// differ between the kiosk's file and the office's.
struct WireEntry {
  std::string uuid;
  std::int64_t kiosk_seq = 0;
  core::VillagerId villager_id = 0;
  core::EntryKind kind = core::EntryKind::Redemption;
  int score_delta = 0;
  int points_delta = 0;
  std::string reference;
  std::string detail;
  std::int64_t at_ms = 0;
  std::optional<std::string> voids_uuid;
  // The entry's hash in the kiosk's own file, chained on the one before it: the office checks
  // that each push extends the chain it holds (docs/sync-protocol.md "Chain continuity").
  Hash hash{};
  bool operator==(const WireEntry&) const = default;
};

struct PullCursor {
  std::int64_t entries = 0;  // the office entry seq the balances are current to
  std::int64_t changes = 0;  // the change_log id the roster and catalog are current to
  bool operator==(const PullCursor&) const = default;
};

struct GridRow {
  core::GridId id = 0;
  std::string name;
  std::optional<core::VillagerId> collector_id;
};

struct CardRow {
  std::string uid;
  core::VillagerId villager_id = 0;
  std::string kind;
  std::int64_t issued_at_ms = 0;
  std::optional<std::int64_t> revoked_at_ms;
};

struct StationRow {
  std::int64_t id = 0;
  core::StationKind kind = core::StationKind::Laundry;
  std::string name;
};

// One line of a public board as the office sends it; the kiosk draws the stars from the score.
struct BoardLineRow {
  core::VillagerId villager_id = 0;
  std::string name;
  int score = core::kBaseScore;
  int rank = 0;
  std::string paired_name;  // yellow cards: the party member helping
  bool operator==(const BoardLineRow&) const = default;
};

// The month's public boards, computed by the office (the kiosk's file holds only its own
// entries, so it cannot compute them) and shown on the kiosk's Attract screen.
struct PulledBoards {
  core::YearMonth month;
  std::vector<BoardLineRow> party;         // the red/grey board, by rank
  std::vector<BoardLineRow> commended;     // the honour roll
  std::vector<BoardLineRow> yellow_cards;  // with their pairings
  int volunteer_minutes = 0;
  int volunteer_sessions = 0;
  // The volunteer teams recruiting (db::recruitingFor): the kiosk's Home names them.
  core::YearMonth recruiting_month;
  std::vector<std::string> recruiting;
  bool operator==(const PulledBoards&) const = default;
};

// A service-hub action recorded on a kiosk, pushed with the entries (docs/sync-protocol.md
// "Service events"). It never carries credit: a booking's points are its own `booking` entry
// (named by entry_kiosk_seq), a cancellation's refund that entry's `void`, and the office
// computes volunteer hours itself when an order is confirmed.
enum class ServiceEventKind { Book, CancelBooking, Request, OrderAction };
std::string_view toString(ServiceEventKind k) noexcept;
std::optional<ServiceEventKind> serviceEventKindFromString(std::string_view text) noexcept;

struct ServiceEvent {
  std::string uuid;     // the event's own id: the office applies each once
  std::int64_t seq = 0;  // the kiosk's order of its events (not sent)
  ServiceEventKind kind = ServiceEventKind::Book;
  std::string subject;  // the booking's or the order's uuid
  core::VillagerId villager_id = 0;  // who books or asks; the actor of an order action
  core::VillagerId booked_by = 0;    // a volunteer acting for the villager; 0: none
  std::int64_t slot_id = 0;          // Book
  core::StationKind station = core::StationKind::Laundry;  // Request
  core::OrderAction action = core::OrderAction::Claim;    // OrderAction
  bool staff = false;
  int minutes = 0;      // OrderAction Complete
  int points = 0;       // Book, Request: what the kiosk charged (its entry)
  std::string note;     // Request: preset notes, joined
  std::string ticket;   // Book, Request: the number on the villager's ticket
  std::int64_t entry_kiosk_seq = 0;  // the kiosk entry that goes with it; 0: none
  std::int64_t at_ms = 0;
  bool operator==(const ServiceEvent&) const = default;
};

// A service event of a push the office could not read (a field missing, out of bounds or not
// UTF-8): a `refused_event` line for the staff, while the push's other events apply, so no
// event can stop a kiosk's sync. `uuid` is the event's id when that much was readable.
struct UnreadableEvent {
  std::string uuid;
  core::VillagerId villager_id = 0;
  std::string reason;
};

// Staff work a kiosk pushes beside its entries (docs/sync-protocol.md "Staff work"): stock
// movements (restock, stock count), day closes and PIN lockouts. The kiosk id is the pusher's.
struct StaffWork {
  std::vector<StockMovementWire> movements;
  std::vector<DayCloseRow> closes;     // kiosk_id empty on the wire
  std::vector<StaffEventRow> events;   // kiosk_id empty on the wire
  bool empty() const noexcept { return movements.empty() && closes.empty() && events.empty(); }
};

// An item of staff work the office could not read (a field missing, out of range or not
// UTF-8): a line for the staff, never the push's failure. `what`: movement | close | event;
// `id` is the item's uuid (or "Z-0001") when that much was readable.
struct UnreadableStaffItem {
  std::string what;
  std::string id;
  std::string reason;
};

// The office's service-hub rows as a kiosk mirrors them.
struct PulledBooking {
  std::string uuid;
  std::string ticket;
  std::int64_t slot_id = 0;
  core::VillagerId villager_id = 0;
  core::VillagerId booked_by = 0;
  int points = 0;
  std::string state;  // booked | cancelled | refused
  std::int64_t created_at_ms = 0;
  bool operator==(const PulledBooking&) const = default;
};

struct PulledOrder {
  std::string uuid;
  std::string ticket;
  core::StationKind station = core::StationKind::Repair;
  core::OrderState state = core::OrderState::Requested;
  core::VillagerId requester = 0;
  core::VillagerId claimer = 0;
  core::VillagerId booked_by = 0;
  std::string note;
  int minutes = 0;
  int points = 0;
  std::int64_t requested_at_ms = 0;
  std::int64_t updated_at_ms = 0;
  bool operator==(const PulledOrder&) const = default;
};

struct PulledNotice {
  std::string id;
  std::string kind;  // booking_refused | claim_lost
  core::VillagerId villager_id = 0;
  core::StationKind station = core::StationKind::Laundry;
  std::int64_t about_ms = 0;
  int points_refunded = 0;
  std::string other_name;
  bool operator==(const PulledNotice&) const = default;
};

// One of a villager's recent entries as the office explains it (db::EntryReasons): what a
// synced kiosk's Home lists, since the kiosk's file holds only its own entries. The office
// sends, for each villager whose entries moved in the window, the newest few of them in it;
// the kiosk keeps the newest kHistoryKept per villager.
struct PulledHistory {
  std::string uuid;
  core::VillagerId villager_id = 0;
  core::EntryKind kind = core::EntryKind::CouncilAward;
  int score_delta = 0;
  int points_delta = 0;
  std::int64_t at_ms = 0;
  std::string what;      // the rule's title, the goods, the team; empty: the kind says it
  std::string evidence;  // the council's evidence, a fund reward's words
  std::string month;     // "2026-11": the council's month, else the entry's; may be empty
  int minutes = 0;       // volunteer hours: the minutes served
  bool operator==(const PulledHistory&) const = default;
};
inline constexpr std::size_t kMaxHistoryTextBytes = 800;  // `what`, `evidence` on the wire
inline constexpr int kHistoryKept = 10;      // per villager, on the kiosk
inline constexpr int kHistoryPerWindow = 5;  // per villager and pull page, from the office
// A product's picture as a pull carries it (docs/sync-protocol.md "Product pictures"): the
// PNG or JPEG bytes and their SHA-256 (hex), or no bytes when the office removed it.
struct PulledPicture {
  std::string sku;
  std::optional<std::vector<std::uint8_t>> bytes;
  std::string sha256;  // empty when removed
  bool operator==(const PulledPicture&) const = default;
};

struct PullPage {
  PullCursor next;
  bool more = false;  // another page is waiting; ask again with `next`
  // How many of the asking kiosk's entries the balances below include.
  std::int64_t kiosk_seq_included = 0;
  std::vector<GridRow> grids;
  std::vector<Household> households;
  std::vector<Villager> villagers;
  std::vector<CardRow> cards;
  std::vector<Balance> balances;
  std::vector<core::Product> products;
  // Pictures set or removed in the window, at most kMaxPicturesPerPage (db/product_pictures.h).
  std::vector<PulledPicture> pictures;
  std::vector<StationRow> stations;
  std::vector<core::Slot> slots;
  std::vector<PulledBooking> bookings;
  std::vector<PulledOrder> orders;
  std::vector<PulledNotice> notices;
  // Villagers who joined a volunteer team (party members are volunteers by their roster row).
  std::vector<core::VillagerId> volunteers;
  // Recent entries, explained, of the villagers whose entries moved in the window.
  std::vector<PulledHistory> history;
  // Staff accounts changed in the window (change-log topic 'staff'), PINs as hashes.
  std::vector<StaffMember> staff;
  // On the last page of a pull whose window moved (or a first pull): the boards as they
  // stand; nullopt leaves the kiosk's copy as it is.
  std::optional<PulledBoards> boards;
  // The office's card public key (Ed25519), on every page once the office has one: what the
  // kiosk checks QR card tokens with (sync/card_token.h), base64 of its 32 bytes (checked when
  // the page is decoded). nullopt: the office has none yet.
  std::optional<std::string> card_public_key;
};

}  // namespace rc::db
