#pragma once
// The office console's people and what each may do: the secretary runs the credit cycle, the
// clerk keeps cards and the hub's days, a grid collector records their own grid's log, an
// auditor reads everything and changes nothing. Pure values; docs/console.md tells the story.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rc::core {

enum class ConsoleRole {
  Secretary,  // 书记: everything, the council and the rewards included; reads the audit log
  Clerk,      // 文书: cards, the hub's days, exports; reads the rest
  Collector,  // 信息员: their own grid's villagers and log
  Auditor,    // 审计: reads everything, changes nothing
};
std::string_view toString(ConsoleRole r) noexcept;     // "secretary", "clerk", …
std::string_view roleNameZh(ConsoleRole r) noexcept;   // 书记, 文书, 信息员, 审计
std::optional<ConsoleRole> consoleRoleFromString(std::string_view text) noexcept;

// A console user's name: 1..32 bytes of valid UTF-8 without control characters (the same
// rule as a staff name).
bool validConsoleUserName(std::string_view name) noexcept;

// A password: 8..128 bytes of valid UTF-8 without control characters. Nullopt when it is
// acceptable, else why not (Chinese, for the terminal and the console alike).
std::optional<std::string> passwordProblem(std::string_view password);

// A console session ends after this long without a request.
inline constexpr std::int64_t kConsoleIdleMs = 30 * 60'000;

}  // namespace rc::core
