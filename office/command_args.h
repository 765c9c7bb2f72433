#pragma once
// What every rc-office command shares: the command as the dispatcher hands it over, its
// arguments split into "--flag value" pairs, switches and bare words, the usual argument
// checks, and opening an existing ledger. Bad input throws std::invalid_argument, which the CLI
// prints as one plain line and exit code 2.

#include <cstdint>
#include <iosfwd>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "core/types.h"
#include "db/sqlite.h"
#include "db/staff.h"

namespace rc::office {

// One rc-office command: its name, the ledger path (--db), its own arguments, --json.
struct Command {
  std::string name;
  std::string db_path;
  std::vector<std::string> args;
  bool json = false;
};

struct Args {
  std::vector<std::pair<std::string, std::string>> flags;  // in the order given
  std::vector<std::string> words;
  std::vector<std::string> switches;

  std::optional<std::string> flag(std::string_view name) const;
  bool has(std::string_view switch_name) const;
};

// Splits `args`: names in `with_value` take the next argument, names in `switches` stand alone,
// any other "-..." is refused naming `command` ("staff add has no option '--x'").
Args parseArgs(const std::vector<std::string>& args, std::initializer_list<std::string_view> with_value,
               std::string_view command, std::initializer_list<std::string_view> switches = {});

// "2026-11" → the month; anything else refused with an example.
core::YearMonth parseMonthArg(const std::string& text);
// A whole number > 0 written in decimal; `what` names the argument in the error.
std::int64_t parsePositiveArg(const std::string& text, std::string_view what);

// Opens an existing ledger and migrates it; refused when PATH is empty, missing, not a file, or
// not a red credit ledger.
db::Database openLedger(const std::string& path);

// --encoding utf-8|gbk (nullopt: detect); refused otherwise.
std::optional<core::TextEncoding> encodingArg(const Args& a);
// A spreadsheet saved as CSV (core::readCsv, within `limits`): refused when it is not a file,
// is larger than limits.max_bytes, or does not read; the error names PATH and the line.
core::CsvTable readCsvFile(const std::string& path, std::optional<core::TextEncoding> encoding,
                           const core::CsvLimits& limits = {});

// A file a command writes (an export, a new ledger): built beside PATH under a temporary name
// and renamed into place by commit(), so a failure never leaves a half-written file. Refused
// over an existing file unless `force`, and when PATH's folder does not exist. Removed again
// (with any SQLite -wal, -shm or -journal beside it) when not committed.
class OutputFile {
 public:
  OutputFile(std::string path, bool force);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;
  const std::string& tmp() const noexcept { return m_tmp; }
  void commit();

 private:
  void removeTmp() noexcept;
  std::string m_path;
  std::string m_tmp;
  bool m_done = false;
};

// Terminal columns of UTF-8 text (CJK and full-width characters take two), and `s` padded with
// spaces to `width` columns.
std::size_t displayWidth(std::string_view s);
std::string pad(std::string_view s, std::size_t width);

// Asks for a secret (a PIN, a password) on the terminal with echo off; from a pipe (tests,
// scripts) reads one line as it comes, at most 256 bytes kept. Nullopt at the end of input.
std::optional<std::string> askSecret(const std::string& prompt, std::ostream& err);

// The cost of the Argon2id hashes written: RC_PIN_COST=min gives the cheapest, for tests only
// (the hash records its cost, so it is checked the same way); anything else the interactive.
db::PinCost secretCost();

}  // namespace rc::office
