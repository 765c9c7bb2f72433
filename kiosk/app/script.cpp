#include "kiosk/app/script.h"

#include <charconv>
#include <optional>

#include "core/text.h"

namespace rc::kiosk {
namespace {

// Splits "word rest…" at the first blank.
std::pair<std::string_view, std::string_view> head(std::string_view s) {
  const auto sp = s.find_first_of(" \t");
  if (sp == std::string_view::npos) return {s, {}};
  return {s.substr(0, sp), core::trim(s.substr(sp))};
}

// A wait of at most an hour, in either unit.
bool parseDuration(std::string_view s, std::chrono::milliseconds& out) {
  constexpr std::chrono::milliseconds kMaxWait = std::chrono::hours(1);
  std::int64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || value < 0 || value > kMaxWait.count()) return false;
  const std::string_view unit(end, static_cast<std::size_t>(s.data() + s.size() - end));
  std::chrono::milliseconds d{0};
  if (unit == "ms") {
    d = std::chrono::milliseconds(value);
  } else if (unit == "s") {
    d = std::chrono::seconds(value);
  } else {
    return false;
  }
  if (d > kMaxWait) return false;
  out = d;
  return true;
}

}  // namespace

rc::Result<std::vector<ScriptCommand>, ScriptError> parseScript(std::string_view text) {
  std::vector<ScriptCommand> out;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto nl = text.find('\n', pos);
    const std::string_view raw =
        text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (static_cast<std::size_t>(line_no) > kMaxScriptLines) {
      return rc::err(ScriptError{line_no, "too many lines"});
    }
    if (!core::validUtf8(raw)) return rc::err(ScriptError{line_no, "line is not UTF-8 text"});
    const std::string_view line = core::trim(raw);
    if (line.empty() || line.front() == '#') continue;
    // Named views, not a structured binding: clang 14 (the fuzz build) cannot capture those.
    const auto split = head(line);
    const std::string_view word = split.first;
    const std::string_view rest = split.second;
    if (rest.size() > kMaxScriptArg) return rc::err(ScriptError{line_no, "argument too long"});
    ScriptCommand cmd;
    cmd.line = line_no;
    cmd.arg = std::string(rest);
    auto need = [&](const char* what) -> std::optional<ScriptError> {
      if (rest.empty()) return ScriptError{line_no, std::string(word) + " needs " + what};
      return std::nullopt;
    };
    std::optional<ScriptError> problem;
    if (word == "scan") {
      cmd.op = ScriptOp::Scan;
      problem = need("the scanned text");
    } else if (word == "tap") {
      cmd.op = ScriptOp::Tap;
      problem = need("an element id");
    } else if (word == "double-tap") {
      cmd.op = ScriptOp::DoubleTap;
      problem = need("an element id");
    } else if (word == "type") {
      cmd.op = ScriptOp::Type;
      problem = need("text");
    } else if (word == "wait") {
      cmd.op = ScriptOp::Wait;
      if (!parseDuration(rest, cmd.duration)) {
        problem = ScriptError{line_no,
                              "wait needs a duration of at most an hour, like 45s or 500ms"};
      }
    } else if (word == "expect") {
      auto [what, arg] = head(rest);
      cmd.arg = std::string(arg);
      if (what == "screen") {
        cmd.op = ScriptOp::ExpectScreen;
      } else if (what == "text") {
        cmd.op = ScriptOp::ExpectText;
      } else if (what == "no-text") {
        cmd.op = ScriptOp::ExpectNoText;
      } else {
        problem = ScriptError{line_no, "expect screen|text|no-text, not '" + std::string(what) + "'"};
      }
      if (!problem && arg.empty()) problem = ScriptError{line_no, "expect needs a value"};
    } else if (word == "screenshot") {
      cmd.op = ScriptOp::Screenshot;
      problem = need("a name");
      if (!problem && rest.find_first_of("/\\") != std::string_view::npos) {
        problem = ScriptError{line_no, "a screenshot name cannot contain a slash"};
      }
    } else if (word == "reader") {
      if (rest == "unplug") {
        cmd.op = ScriptOp::ReaderUnplug;
      } else if (rest == "plug") {
        cmd.op = ScriptOp::ReaderPlug;
      } else {
        problem = ScriptError{line_no, "reader unplug|plug"};
      }
    } else if (word == "db") {
      if (rest == "offline") {
        cmd.op = ScriptOp::DbOffline;
      } else if (rest == "online") {
        cmd.op = ScriptOp::DbOnline;
      } else {
        problem = ScriptError{line_no, "db offline|online"};
      }
    } else if (word == "sync") {
      auto [what, state] = head(rest);
      cmd.op = ScriptOp::SyncWait;
      cmd.arg = std::string(state);
      if (what != "wait" || (state != "synced" && state != "offline")) {
        problem = ScriptError{line_no, "sync wait synced|offline"};
      }
    } else {
      problem = ScriptError{line_no, "unknown command '" + std::string(word) + "'"};
    }
    if (problem) return rc::err(std::move(*problem));
    out.push_back(std::move(cmd));
  }
  return out;
}

}  // namespace rc::kiosk
