// The console's own pages: who may sign in (users) and what they changed (the audit log).
// Read by the secretary and the auditor; users are added and disabled with `rc-office user`.
#include "office/console/api.h"

namespace rc::office::console {

void addSessionRoutes(Routes& routes) {
  const std::vector<ConsoleRole> readers = {ConsoleRole::Secretary, ConsoleRole::Auditor};
  routes.push_back({"GET", "users", readers, "", [](Context& c, const Request&) {
                      Reply r;
                      r.body["users"] = json::array();
                      for (const auto& u : db::ConsoleUsers(c.db).list()) {
                        r.body["users"].push_back(
                            {{"name", u.name},
                             {"role", std::string(core::toString(u.role))},
                             {"role_zh", std::string(core::roleNameZh(u.role))},
                             {"grid", u.grid_name},
                             {"disabled", u.disabled},
                             {"locked_until", core::pinLocked(u.lock, db::nowMs())
                                                  ? json(timeText(u.lock.locked_until_ms))
                                                  : json(nullptr)}});
                      }
                      return r;
                    }});
  routes.push_back({"GET", "audit", readers, "", [](Context& c, const Request& req) {
                      std::int64_t before = 0;
                      if (auto b = req.query("before", 20)) {
                        try {
                          before = std::stoll(*b);
                        } catch (const std::exception&) {
                          badInput("before：应当是整数 (should be a whole number)");
                        }
                      }
                      Reply r;
                      r.body["rows"] = json::array();
                      for (const auto& a : db::ConsoleUsers(c.db).auditLog(100, before)) {
                        r.body["rows"].push_back({{"id", a.id},
                                                  {"at", timeText(a.at_ms)},
                                                  {"user", a.user},
                                                  {"action", a.action},
                                                  {"detail", a.detail}});
                      }
                      return r;
                    }});
}

}  // namespace rc::office::console
