#pragma once
// The kiosk's reads and writes on the ledger database, synchronously: boards, catalog, card and
// barcode lookups, redemptions. Answers requests with responses, and never throws: a database
// that cannot be opened or read is a response::Unavailable ("暂停服务"), never a crash.
// Standalone, the file is a whole ledger and its balances are the truth. Synced with an office
// (SyncMode), the file is the kiosk's own: what a villager may spend is KioskJournal::standing()
// (the office's figures plus this kiosk's entries not yet counted there), the boards are the
// ones the office sent, and redemptions past the offline limit wait for the office.
// The service hub (stations, slots, bookings, requests, volunteers' claims) is reached only
// through a db::ServiceDesk made by a ServiceDeskFactory when the connection opens: on a
// standalone kiosk the office's own rules on the whole ledger, on a synced kiosk its journal's.
// No factory (or one that makes nothing): the kiosk offers no services and Home shows no way on.
// Ownership: owns its connection (opened lazily, reopened after a failure) and the desk.
// Not thread-safe: one thread at a time (the DbWorker's).

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/settings.h"
#include "db/backup.h"
#include "db/checkpoint.h"
#include "db/kiosk_journal.h"
#include "db/ledger.h"
#include "db/service_desk.h"
#include "db/sqlite.h"
#include "kiosk/app/events.h"

namespace rc::kiosk {

// What dailyBackup() did.
struct DailyBackup {
  bool ran = false;    // false: not due (done today, or a failure less than an hour ago)
  std::string path;    // the backup written
  std::string error;   // why it failed (nothing was kept, nothing removed)
};

struct SyncMode {
  // Whether the office answered lately; asked on the DB worker's thread, so thread-safe.
  std::function<bool()> office_reachable;
};

// Makes the kiosk's ServiceDesk on the ledger just opened; `journal` is the synced kiosk's
// (nullptr standalone). Called on the DB worker's thread; the desk is used there only and
// dropped before the ledger. May return nullptr: no services on this kiosk.
using ServiceDeskFactory =
    std::function<std::unique_ptr<db::ServiceDesk>(db::Ledger& ledger, db::KioskJournal* journal)>;

// The desk rc-kiosk uses: standalone, db::Services on the office's file; synced,
// db::KioskServices on the kiosk's own file and journal. `offered`: the stations of the kiosk
// config's `stations` line, in its order; empty: every station the file has.
ServiceDeskFactory defaultServiceDesk(std::vector<core::StationKind> offered = {});

class KioskData {
 public:
  KioskData(std::string db_path, core::Settings settings, std::string kiosk_id,
            std::optional<SyncMode> sync = std::nullopt, ServiceDeskFactory desk = {});
  ~KioskData();

  Response handle(const Request& request);
  // Simulates a ledger outage (scripts, tests): every request answers Unavailable until false.
  void setOffline(bool offline) noexcept { m_offline = offline; }
  const std::string& kioskId() const noexcept { return m_kiosk_id; }
  // The kiosk's own daily copy of its ledger (db::backupLedger: verified before it is kept) in
  // backupDir(), once a day (China Standard Time); the two newest days are kept. Called by the
  // DbWorker when it has nothing else to do. A failure is retried an hour later.
  DailyBackup dailyBackup(std::int64_t now_ms);
  // "LEDGER.backups" beside the ledger file: a folder of its own, never the office's backup
  // folder, whose rotation keeps more (a standalone kiosk may run on the office's file).
  std::string backupDir() const;

 private:
  bool open();
  void close() noexcept;
  Response boards();
  Response card(const std::string& uid);
  // The villager of a signed QR card token (sync/card_token.h), or nullopt: refused.
  std::optional<core::VillagerId> villagerByToken(const std::string& token);
  Response barcode(const std::string& code);
  Response products();
  Response redeem(const request::Redeem& r);
  // Ranks and yellow cards of the boards' month, read once and kept (they change monthly).
  void ensureMonth();
  std::optional<VillagerCard> villagerCard(core::VillagerId id);
  // Synced: refused when the office is unreachable and `lines` would take the villager past
  // today's offline allowance.
  std::optional<response::RedeemRefused> offlineRefusal(const request::Redeem& r);
  // The service hub (kiosk_data.cpp's second half).
  bool officeReachable() const;
  Response stations();
  Response slots(const request::LoadSlots& r);
  HubView hubOf(const VillagerCard& card);
  std::optional<HubView> hubFor(core::VillagerId id);
  Response book(const request::Book& r);
  Response requestOrder(const request::RequestOrder& r);
  Response cancelBooking(const request::CancelBooking& r);
  Response actOnOrder(const request::ActOnOrder& r);
  Response acknowledge(const request::Acknowledge& r);
  response::ServiceRefused refusal(response::HubOp op, const db::LedgerFailure& f,
                                   core::StationKind station, const std::string& station_name,
                                   core::VillagerId villager, int cost);
  response::Served served(response::HubOp op, core::VillagerId villager);
  // Staff (kiosk_staff.cpp): a staff card, the PIN, today's list, voids, restock and count,
  // the requests done, the day close.
  std::optional<Response> staffCard(const std::string& uid);
  Response staffPin(const request::StaffPin& r);
  StaffDay dayOf(std::int64_t now_ms);
  Response staffVoid(const request::StaffVoid& r);
  Response restock(const request::Restock& r);
  Response stockCount(const request::StockCount& r);
  Response staffOrders(response::StaffOp op, std::string line, std::string line_en);
  Response staffConfirmOrder(const request::StaffConfirmOrder& r);
  Response closeDay(const request::CloseDay& r);

  std::string m_path;
  core::Settings m_settings;
  std::string m_kiosk_id;
  std::atomic<bool> m_offline{false};
  std::unique_ptr<db::Database> m_db;
  std::unique_ptr<db::BackgroundCheckpoint> m_checkpoint;  // a sale never waits for one
  std::unique_ptr<db::Ledger> m_ledger;
  std::optional<SyncMode> m_sync;
  std::unique_ptr<db::KioskJournal> m_journal;  // synced only
  ServiceDeskFactory m_desk_factory;
  std::unique_ptr<db::ServiceDesk> m_desk;  // nullptr: no services

  std::string m_backup_day;             // the day of the last backup kept ("2026-12-02")
  std::int64_t m_backup_failed_ms = 0;  // when the last one failed; 0: none did

  std::optional<AttractBoards> m_boards;
  std::map<core::VillagerId, int> m_rank;
  int m_ranked = 0;
  std::map<core::VillagerId, std::string> m_yellow;  // yellow-carded → paired party member
  // Product pictures decoded once, by SHA-256 (those the catalog no longer names are dropped).
  std::map<std::string, std::shared_ptr<const db::RgbaPicture>> m_pictures;
};

}  // namespace rc::kiosk
