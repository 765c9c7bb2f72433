#pragma once
// The kiosk's reads and writes on the ledger database, synchronously: boards, catalog, card and
// barcode lookups, redemptions. Answers requests with responses, and never throws: a database
// that cannot be opened or read is a response::Unavailable ("暂停服务"), never a crash.
// Ownership: owns its connection (opened lazily, reopened after a failure).
// Not thread-safe: one thread at a time (the DbWorker's).

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "core/settings.h"
#include "db/ledger.h"
#include "db/sqlite.h"
#include "kiosk/app/events.h"

namespace rc::kiosk {

class KioskData {
 public:
  KioskData(std::string db_path, core::Settings settings, std::string kiosk_id);
  ~KioskData();

  Response handle(const Request& request);
  // Simulates a ledger outage (scripts, tests): every request answers Unavailable until false.
  void setOffline(bool offline) noexcept { m_offline = offline; }
  const std::string& kioskId() const noexcept { return m_kiosk_id; }

 private:
  bool open();
  void close() noexcept;
  Response boards();
  Response card(const std::string& uid);
  Response barcode(const std::string& code);
  Response products();
  Response redeem(const request::Redeem& r);
  // Ranks and yellow cards of the boards' month, read once and kept (they change monthly).
  void ensureMonth();
  std::optional<VillagerCard> villagerCard(core::VillagerId id);

  std::string m_path;
  core::Settings m_settings;
  std::string m_kiosk_id;
  std::atomic<bool> m_offline{false};
  std::unique_ptr<db::Database> m_db;
  std::unique_ptr<db::Ledger> m_ledger;

  std::optional<AttractBoards> m_boards;
  std::map<core::VillagerId, int> m_rank;
  int m_ranked = 0;
  std::map<core::VillagerId, std::string> m_yellow;  // yellow-carded → paired party member
};

}  // namespace rc::kiosk
