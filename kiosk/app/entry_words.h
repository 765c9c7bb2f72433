#pragma once
// A ledger entry in the villager's words, for Home's recent records, the entry's detail screen
// and anything that reads them aloud: what it was for and both numbers it moved
// ("信用分 +4 · 积分 +8"). Pure functions; thread-safe.

#include <string>

#include "kiosk/app/state.h"
#include "kiosk/app/strings.h"

namespace rc::kiosk {

// The kind in a word ("议事会扣分", "超市兑换").
Str kindWord(core::EntryKind k) noexcept;
// What the entry was for: the rule, the goods, the team or the station; else the kind's word.
std::string entryTitle(const EntryLine& e, Lang lang);
// "+4", "-5", "0".
std::string signedNumber(int v);
// Every number the entry moved: "信用分 +4 · 积分 +8", "积分 -10", "信用分 -5".
std::string entryDeltas(const EntryLine& e, Lang lang);
// "11-05" in China Standard Time.
std::string monthDay(std::int64_t at_ms);

}  // namespace rc::kiosk
