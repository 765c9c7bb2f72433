#pragma once
// The kiosk's session scripts (docs/kiosk-script.md): one command a line, '#' starts a comment.
//   scan TEXT | tap ID | double-tap ID | type TEXT | wait 45s|500ms
//   expect screen NAME | expect text TEXT | expect no-text TEXT
//   screenshot NAME | reader unplug|plug | db offline|online | sync wait synced|offline
// Parsing is pure; the headless runner (kiosk_app) executes the commands.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace rc::kiosk {

enum class ScriptOp {
  Scan,
  Tap,
  DoubleTap,
  Type,
  Wait,
  ExpectScreen,
  ExpectText,
  ExpectNoText,
  Screenshot,
  ReaderUnplug,
  ReaderPlug,
  DbOffline,
  DbOnline,
  SyncWait,  // arg: "synced" or "offline"; waits in real time, bounded
};

struct ScriptCommand {
  int line = 0;  // 1-based, for messages
  ScriptOp op = ScriptOp::Scan;
  std::string arg;
  std::chrono::milliseconds duration{0};  // Wait
};

struct ScriptError {
  int line = 0;
  std::string message;
};

inline constexpr std::size_t kMaxScriptLines = 10'000;
inline constexpr std::size_t kMaxScriptArg = 512;

rc::Result<std::vector<ScriptCommand>, ScriptError> parseScript(std::string_view text);

}  // namespace rc::kiosk
