#include "core/console.h"

#include "core/staff.h"
#include "core/text.h"

namespace rc::core {

std::string_view toString(ConsoleRole r) noexcept {
  switch (r) {
    case ConsoleRole::Secretary: return "secretary";
    case ConsoleRole::Clerk: return "clerk";
    case ConsoleRole::Collector: return "collector";
    case ConsoleRole::Auditor: return "auditor";
  }
  return "auditor";
}

std::string_view roleNameZh(ConsoleRole r) noexcept {
  switch (r) {
    case ConsoleRole::Secretary: return "书记";
    case ConsoleRole::Clerk: return "文书";
    case ConsoleRole::Collector: return "信息员";
    case ConsoleRole::Auditor: return "审计";
  }
  return "审计";
}

std::optional<ConsoleRole> consoleRoleFromString(std::string_view text) noexcept {
  for (auto r : {ConsoleRole::Secretary, ConsoleRole::Clerk, ConsoleRole::Collector,
                 ConsoleRole::Auditor}) {
    if (text == toString(r)) return r;
  }
  return std::nullopt;
}

bool validConsoleUserName(std::string_view name) noexcept { return validStaffName(name); }

std::optional<std::string> passwordProblem(std::string_view password) {
  if (password.size() < 8) return "密码至少 8 个字符 (a password has at least 8 characters)";
  if (password.size() > 128) return "密码最多 128 个字节 (a password has at most 128 bytes)";
  if (!validUtf8(password)) return "密码不是有效的 UTF-8 文字 (the password is not valid UTF-8)";
  for (unsigned char c : password) {
    if (c < 0x20 || c == 0x7f) {
      return "密码里不能有控制字符 (a password cannot hold control characters)";
    }
  }
  return std::nullopt;
}

}  // namespace rc::core
