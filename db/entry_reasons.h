#pragma once
// Why a ledger entry moved a villager's numbers, in the office's own words: the council rule's
// title and its evidence, the goods of a redemption, a volunteer team and its minutes, a
// booking's station. Read from what the entry holds (`reference`, `detail`) and the tables
// they name (rules, council batches, products, slots). Not thread-safe: one Database's thread.

#include <map>
#include <string>

#include "db/ledger.h"
#include "db/sqlite.h"

namespace rc::db {

struct EntryReason {
  std::string what;      // "乱堆乱放", "毛巾×2、肥皂×1", "环境整治志愿队"; empty: the kind says it
  std::string evidence;  // the council's evidence, a fund reward's words, a void's reason
  std::string month;     // "2026-11": the council's month (its batch), else the entry's month
  int minutes = 0;       // volunteer hours: the minutes served
};

// "毛巾×2、肥皂×1" from a redemption's lines ("TOWEL*2;SOAP*1"); unknown SKUs stay as SKUs.
std::string itemsText(std::string_view lines, const std::map<std::string, std::string>& names);

// Reads the rule book and the catalog once, then explains entries one by one.
class EntryReasons {
 public:
  explicit EntryReasons(Database& db);
  EntryReason of(const Entry& e);

 private:
  Database& m_db;
  std::map<std::string, std::string> m_rules;     // code → title
  std::map<std::string, std::string> m_products;  // SKU → name
};

}  // namespace rc::db
