#include "office/command_args.h"

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>

#include <charconv>
#include <cstdio>
#include <memory>
#include <filesystem>
#include <stdexcept>

#include "db/schema.h"

namespace rc::office {

std::optional<std::string> Args::flag(std::string_view name) const {
  for (const auto& [k, v] : flags) {
    if (k == name) return v;
  }
  return std::nullopt;
}

bool Args::has(std::string_view switch_name) const {
  for (const auto& s : switches) {
    if (s == switch_name) return true;
  }
  return false;
}

Args parseArgs(const std::vector<std::string>& args, std::initializer_list<std::string_view> with_value,
               std::string_view command, std::initializer_list<std::string_view> switches) {
  Args p;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& a = args[i];
    bool known = false;
    bool is_switch = false;
    for (const auto v : with_value) known = known || a == v;
    for (const auto v : switches) is_switch = is_switch || a == v;
    if (is_switch) {
      p.switches.push_back(a);
    } else if (known) {
      if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
      p.flags.emplace_back(a, args[++i]);
    } else if (a.starts_with("-") && a.size() > 1) {
      throw std::invalid_argument(std::string(command) + " has no option '" + a + "'");
    } else {
      p.words.push_back(a);
    }
  }
  return p;
}

core::YearMonth parseMonthArg(const std::string& text) {
  auto ym = core::YearMonth::parse(text);
  if (!ym) {
    throw std::invalid_argument("'" + text + "' is not a month; write it as YYYY-MM, e.g. 2026-11");
  }
  return *ym;
}

std::int64_t parsePositiveArg(const std::string& text, std::string_view what) {
  std::int64_t v = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || p != text.data() + text.size() || v <= 0) {
    throw std::invalid_argument(std::string(what) + " must be a positive whole number, not '" +
                                text + "'");
  }
  return v;
}

db::Database openLedger(const std::string& path) {
  if (path.empty()) throw std::invalid_argument("no database given; use --db PATH");
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) {
    throw std::invalid_argument("no database at " + path + " (create one with: rc-office --db " +
                                path + " init)");
  }
  db::Database d(path, db::OpenMode::ReadWrite);
  if (db::schemaVersion(d) == 0) throw std::invalid_argument(path + " is not a red credit ledger");
  if (auto st = db::migrate(d); !st) throw std::invalid_argument(path + ": " + st.error().message);
  return d;
}

std::optional<core::TextEncoding> encodingArg(const Args& a) {
  const auto e = a.flag("--encoding");
  if (!e) return std::nullopt;
  auto enc = core::textEncodingFromString(*e);
  if (!enc) throw std::invalid_argument("--encoding is utf-8 or gbk, not '" + *e + "'");
  return enc;
}

core::CsvTable readCsvFile(const std::string& path, std::optional<core::TextEncoding> encoding,
                           const core::CsvLimits& limits) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec)) throw std::invalid_argument("no file " + path);
  const auto tooLarge = [&] {
    return std::invalid_argument(path + " is larger than " + std::to_string(limits.max_bytes >> 20) +
                                 " MiB");
  };
  if (std::filesystem::file_size(path, ec) > limits.max_bytes) throw tooLarge();
  std::unique_ptr<FILE, int (*)(FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f) throw std::invalid_argument("cannot read " + path);
  std::string bytes;
  char buf[1 << 16];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof buf, f.get())) > 0) {
    bytes.append(buf, n);
    if (bytes.size() > limits.max_bytes) throw tooLarge();  // it grew while being read
  }
  if (std::ferror(f.get())) throw std::invalid_argument("cannot read " + path);
  auto t = core::readCsv(bytes, encoding, limits);
  if (!t) {
    const auto& e = t.error();
    throw std::invalid_argument(path + (e.line > 0 ? ":" + std::to_string(e.line) : "") + ": " +
                                e.message);
  }
  return std::move(*t);
}

OutputFile::OutputFile(std::string path, bool force)
    : m_path(std::move(path)), m_tmp(m_path + ".partial") {
  std::error_code ec;
  const std::filesystem::path p(m_path);
  if (std::filesystem::exists(p, ec) && !force) {
    throw std::invalid_argument(m_path + " already exists; pass --force to replace it");
  }
  if (p.has_parent_path() && !std::filesystem::is_directory(p.parent_path(), ec)) {
    throw std::invalid_argument("the folder " + p.parent_path().string() + " does not exist");
  }
  removeTmp();
}

OutputFile::~OutputFile() {
  if (!m_done) removeTmp();
}

void OutputFile::commit() {
  std::error_code ec;
  for (const char* suffix : {"-wal", "-shm", "-journal"}) std::filesystem::remove(m_path + suffix, ec);
  std::filesystem::rename(m_tmp, m_path);
  m_done = true;
}

void OutputFile::removeTmp() noexcept {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(m_tmp + suffix, ec);
}

std::size_t displayWidth(std::string_view s) {
  std::size_t w = 0;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    w += len >= 3 ? 2 : 1;
    i += len;
  }
  return w;
}

std::string pad(std::string_view s, std::size_t width) {
  std::string out(s);
  for (std::size_t w = displayWidth(s); w < width; ++w) out.push_back(' ');
  return out;
}

// ---- secrets -------------------------------------------------------------------------------

namespace {

std::optional<std::string> readSecretLine() {
  std::string line;
  int c = 0;
  bool any = false;
  while ((c = std::getchar()) != EOF) {
    any = true;
    if (c == '\n') break;
    if (line.size() < 256) line.push_back(static_cast<char>(c));
  }
  if (!any) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace

std::optional<std::string> askSecret(const std::string& prompt, std::ostream& err) {
  if (::isatty(0) == 0) return readSecretLine();
  err << prompt << std::flush;
  termios saved{};
  const bool have = ::tcgetattr(0, &saved) == 0;
  if (have) {
    termios quiet = saved;
    quiet.c_lflag &= static_cast<tcflag_t>(~ECHO);
    quiet.c_lflag |= ECHONL;
    (void)::tcsetattr(0, TCSAFLUSH, &quiet);
  }
  auto line = readSecretLine();
  if (have) (void)::tcsetattr(0, TCSAFLUSH, &saved);
  return line;
}

db::PinCost secretCost() {
  const char* v = std::getenv("RC_PIN_COST");
  return v != nullptr && std::string_view(v) == "min" ? db::PinCost::Minimal
                                                      : db::PinCost::Interactive;
}

}  // namespace rc::office
