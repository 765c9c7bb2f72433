// What the console's page handlers share (office/console/api.h): reading the request's fields
// with caps, and the grid rule for collectors.
#include "office/console/api.h"

#include <httplib.h>

#include <charconv>

#include "core/text.h"
#include "core/types.h"

namespace rc::office::console {
namespace {

bool hasControl(std::string_view s, bool multiline) {
  for (unsigned char c : s) {
    if (multiline && (c == '\n' || c == '\t')) continue;
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string trimmed(std::string_view s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string_view::npos) return {};
  const auto e = s.find_last_not_of(" \t\r\n");
  return std::string(s.substr(b, e - b + 1));
}

std::string checkedText(std::string_view field, std::string_view raw, std::size_t max_bytes,
                        bool multiline) {
  if (!core::validUtf8(raw)) badInput(std::string(field) + "：不是有效的文字 (not valid UTF-8)");
  std::string s = trimmed(raw);
  if (multiline) {
    std::string no_cr;
    for (char c : s) {
      if (c != '\r') no_cr.push_back(c);
    }
    s = std::move(no_cr);
  }
  if (hasControl(s, multiline)) badInput(std::string(field) + "：不能有控制字符 (control characters)");
  if (s.size() > max_bytes) {
    badInput(std::string(field) + "：太长了，最多 " + std::to_string(max_bytes) + " 个字节 (at most " +
             std::to_string(max_bytes) + " bytes)");
  }
  return s;
}

}  // namespace

void badInput(const std::string& message) { throw ConsoleError(400, message); }

std::string Request::match(std::size_t i) const {
  if (i >= m_http.matches.size()) return {};
  return m_http.matches[i].str();
}

std::int64_t Request::matchId(std::size_t i) const {
  const std::string s = match(i);
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || p != s.data() + s.size() || v <= 0) {
    throw ConsoleError(404, "没有这一项 (no such item)");
  }
  return v;
}

std::optional<std::string> Request::query(std::string_view name, std::size_t max_bytes) const {
  const std::string key(name);
  if (!m_http.has_param(key)) return std::nullopt;
  return checkedText(name, m_http.get_param_value(key), max_bytes, false);
}

std::optional<std::string> Request::optionalText(std::string_view field, std::size_t max_bytes,
                                                 bool multiline) const {
  if (!m_body.is_object()) return std::nullopt;
  const auto it = m_body.find(std::string(field));
  if (it == m_body.end() || it->is_null()) return std::nullopt;
  if (!it->is_string()) badInput(std::string(field) + "：应当是文字 (should be text)");
  return checkedText(field, it->get_ref<const std::string&>(), max_bytes, multiline);
}

std::string Request::text(std::string_view field, std::size_t max_bytes, bool multiline) const {
  auto t = optionalText(field, max_bytes, multiline);
  if (!t || t->empty()) badInput(std::string(field) + "：请填写 (required)");
  return *t;
}

std::optional<std::int64_t> Request::optionalInteger(std::string_view field, std::int64_t lo,
                                                     std::int64_t hi) const {
  if (!m_body.is_object()) return std::nullopt;
  const auto it = m_body.find(std::string(field));
  if (it == m_body.end() || it->is_null()) return std::nullopt;
  std::int64_t v = 0;
  if (it->is_number_integer()) {
    v = it->get<std::int64_t>();
  } else if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || p != s.data() + s.size()) {
      badInput(std::string(field) + "：应当是整数 (should be a whole number)");
    }
  } else {
    badInput(std::string(field) + "：应当是整数 (should be a whole number)");
  }
  if (v < lo || v > hi) {
    badInput(std::string(field) + "：应在 " + std::to_string(lo) + " 到 " + std::to_string(hi) +
             " 之间 (between " + std::to_string(lo) + " and " + std::to_string(hi) + ")");
  }
  return v;
}

std::int64_t Request::integer(std::string_view field, std::int64_t lo, std::int64_t hi) const {
  auto v = optionalInteger(field, lo, hi);
  if (!v) badInput(std::string(field) + "：请填写 (required)");
  return *v;
}

bool Request::flag(std::string_view field) const {
  if (!m_body.is_object()) return false;
  const auto it = m_body.find(std::string(field));
  return it != m_body.end() && it->is_boolean() && it->get<bool>();
}

void requireGrid(const Request& r, std::int64_t grid_id) {
  if (r.role() != ConsoleRole::Collector) return;
  if (r.user().grid_id != grid_id) {
    throw ConsoleError(403, "这不在你的网格里 (not in your grid)");
  }
}

std::optional<std::int64_t> gridScope(const Request& r) {
  if (r.role() == ConsoleRole::Collector) return r.user().grid_id;
  return std::nullopt;
}

std::string timeText(std::int64_t ms) { return core::formatChinaTime(ms); }

}  // namespace rc::office::console
