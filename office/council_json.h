#pragma once
// A council batch and a grid log as JSON: what `rc-office --json council list/show` and
// `log list` print, and what the console's council and grid log pages answer with (they add
// their Chinese labels to it).
#include <nlohmann/json.hpp>

#include "core/types.h"
#include "db/council.h"

namespace rc::office {

inline nlohmann::json batchJson(const db::CouncilBatch& b) {
  return {{"id", b.id},
          {"month", b.month},
          {"approvers", b.approvers},
          {"minutes", b.minutes_ref},
          {"source", std::string(db::toString(b.source))},
          {"posted_at", core::formatChinaTime(b.posted_at_ms)},
          {"lines", b.line_count},
          {"hash", b.lines_hash},
          {"reversed_at", b.reversed_at_ms ? nlohmann::json(core::formatChinaTime(*b.reversed_at_ms)) : nlohmann::json(nullptr)},
          {"reversal_reason", b.reversed_at_ms ? nlohmann::json(b.reversal_reason) : nlohmann::json(nullptr)}};
}

inline nlohmann::json logJson(const db::GridLog& l) {
  return {{"id", l.id},
          {"month", l.month},
          {"grid", l.grid},
          {"villager_id", l.villager_id},
          {"name", l.villager},
          {"rule_code", l.rule_code},
          {"evidence", l.evidence},
          {"collector", l.collector},
          {"created_at", core::formatChinaTime(l.created_at_ms)},
          {"state", std::string(db::toString(l.state))},
          {"batch", l.batch_id ? nlohmann::json(*l.batch_id) : nlohmann::json(nullptr)},
          {"drop_reason", l.state == db::LogState::Dropped ? nlohmann::json(l.drop_reason) : nlohmann::json(nullptr)}};
}

}  // namespace rc::office
