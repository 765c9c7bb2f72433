// backup --to DIR and restore FILE [--force]: the shared work is db/backup.h's.
#include "office/backup_commands.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "core/types.h"
#include "db/backup.h"
#include "db/ledger.h"
#include "sync/card_token.h"
#include "sync/private_file.h"
#include "sync/tls.h"

namespace rc::office {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// What a person reads when the ledger is in use by the server.
constexpr const char* kStopServe =
    "rc-office serve is using this ledger; stop it first (sudo systemctl stop red-credit-office), "
    "restore, then start it again (sudo systemctl start red-credit-office) — 服务正在使用账本，请先停止服务";

db::CopyProgressFn progressOn(std::ostream& err, const char* what) {
  if (::isatty(2) == 0) return {};
  return [&err, what](const db::CopyProgress& p) {
    if (p.pages_total > 0) {
      err << "\r  " << what << " " << (100 * p.pages_done / p.pages_total) << "% " << std::flush;
    }
  };
}

void clearProgress(std::ostream& err) {
  if (::isatty(2) != 0) err << "\r                              \r" << std::flush;
}

// The office's keys beside the ledger (TLS key and certificate, which kiosks pin; the card key,
// which signs every printed QR card) copied into the backup folder under their own names, 0600:
// without them a new office PC needs every kiosk re-pinned and every QR card reprinted.
// Returns the files copied; a key that cannot be copied is a failure of the backup.
std::vector<std::string> copyKeys(const std::string& ledger, const std::string& dir) {
  const auto tls = sync::tls::officeCertificateFiles(ledger);
  std::vector<std::string> copied;
  for (const auto& from : {tls.key_path, tls.cert_path, sync::cardKeyPath(ledger)}) {
    std::error_code ec;
    if (!fs::is_regular_file(from, ec)) continue;
    const auto size = fs::file_size(from, ec);
    if (ec || size > (std::uintmax_t{1} << 20)) {
      throw std::runtime_error(from + " cannot be read or is larger than a key file can be");
    }
    std::string data(static_cast<std::size_t>(size), '\0');
    std::ifstream in(from, std::ios::binary);
    if (!in.read(data.data(), static_cast<std::streamsize>(data.size()))) {
      throw std::runtime_error("cannot read " + from);
    }
    const auto to = (fs::path(dir) / fs::path(from).filename()).string();
    if (auto w = sync::writePrivateFile(to, data); !w) {
      throw std::runtime_error("cannot copy " + from + " to " + to + ": " + w.error());
    }
    copied.push_back(to);
  }
  return copied;
}

int cmdBackup(const Command& c, const core::Settings& settings, std::ostream& out, std::ostream& err) {
  const auto a = parseArgs(c.args, {"--to"}, c.name);
  if (!a.words.empty()) throw std::invalid_argument("backup takes no argument '" + a.words.front() + "'");
  const auto to = a.flag("--to");
  if (!to || to->empty()) throw std::invalid_argument("backup needs --to DIR, the folder for the backups");
  if (c.db_path.empty()) throw std::invalid_argument("no database given; use --db PATH");
  auto done = db::backupLedger(c.db_path, *to, settings, db::nowMs(), {}, progressOn(err, "copying"));
  clearProgress(err);
  if (!done) {
    err << "rc-office: backup failed — 备份失败: " << done.error().message << "\n";
    return 1;
  }
  std::vector<std::string> keys;
  try {
    keys = copyKeys(c.db_path, *to);
  } catch (const std::exception& e) {
    err << "rc-office: backup failed — 备份失败: the ledger was copied to " << done->path
        << " but its keys were not: " << e.what() << "\n";
    return 1;
  }
  if (c.json) {
    out << json{{"backup", done->path},
                {"keys", keys},
                {"bytes", done->bytes},
                {"entries", done->entries},
                {"verified", true},
                {"kept", done->kept},
                {"removed", done->removed}}
               .dump(2)
        << "\n";
    return 0;
  }
  out << "Backed up " << c.db_path << " to " << done->path << " (" << done->entries << " entries, "
      << (done->bytes + 1023) / 1024 << " KiB); the copy verified: integrity check ok, every entry "
      << "chained, every balance and stock level equal to its entries.\n"
      << (keys.empty() ? "" : "The office's keys are copied beside it (" + std::to_string(keys.size()) + " files, 0600).\n")
      << "Backups kept: " << done->kept.size() << " (the last 7 days and one for each of the last 12 months)";
  if (!done->removed.empty()) out << "; removed " << done->removed.size() << " older";
  out << ".\n";
  return 0;
}

// "office.db.before-restore-2026-12-02-1405": where the replaced ledger is kept.
std::string asideName(const std::string& path) {
  std::string stamp = core::formatChinaTime(db::nowMs());  // "2026-12-02 14:05"
  for (auto& ch : stamp) {
    if (ch == ' ' || ch == ':') ch = '-';
  }
  std::string aside = path + ".before-restore-" + stamp;
  std::error_code ec;
  for (int n = 2; fs::exists(aside, ec); ++n) aside = path + ".before-restore-" + stamp + "-" + std::to_string(n);
  return aside;
}

// The restored file gets the ledger's owner (root restoring for the redcredit user) and 0600.
bool keepOwner(const std::string& file, const std::string& like) {
  if (::chmod(file.c_str(), 0600) != 0) return false;
  struct stat st {};
  if (::geteuid() == 0 && ::stat(like.c_str(), &st) == 0) {
    return ::chown(file.c_str(), st.st_uid, st.st_gid) == 0;
  }
  return true;
}

int cmdRestore(const Command& c, const core::Settings& settings, std::ostream& out, std::ostream& err) {
  const auto a = parseArgs(c.args, {}, c.name, {"--force"});
  if (a.words.size() != 1) throw std::invalid_argument("restore takes one FILE, the backup to put back");
  if (c.db_path.empty()) throw std::invalid_argument("no database given; use --db PATH");
  const std::string file = a.words.front();
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) throw std::invalid_argument("no backup file " + file);
  const fs::path live(c.db_path);
  if (live.has_parent_path() && !fs::is_directory(live.parent_path(), ec)) {
    throw std::invalid_argument("the folder " + live.parent_path().string() + " does not exist");
  }

  std::int64_t entries = 0;
  if (auto why = db::ledgerFileProblem(file, settings, &entries)) {
    err << "rc-office: " << file << " cannot be restored — 备份文件校验失败，未恢复: " << *why
        << ". Nothing was changed; try an older backup.\n";
    return 1;
  }
  auto lock = db::LedgerLock::tryAcquire(c.db_path);
  if (!lock) {
    err << "rc-office: " << kStopServe << ".\n";
    return 2;
  }
  const bool exists = fs::exists(live, ec);
  if (exists && !a.has("--force")) {
    std::int64_t live_entries = -1;
    const auto live_problem = db::ledgerFileProblem(c.db_path, settings, &live_entries);
    err << "rc-office: " << c.db_path << " exists (";
    if (live_problem) {
      err << "it does not verify: " << *live_problem;
    } else {
      err << live_entries << " entries, verified";
    }
    err << "); the backup holds " << entries << " entries. Pass --force to replace it; the current "
        << "ledger is then kept beside it as " << c.db_path << ".before-restore-DATE.\n";
    return 2;
  }
  // The copy goes in beside the ledger first, so the swap is two renames in one folder.
  const std::string tmp = c.db_path + ".restoring";
  for (const char* s : {"", "-journal", "-wal", "-shm"}) fs::remove(tmp + s, ec);
  if (auto copied = db::copyLedger(file, tmp, progressOn(err, "restoring")); !copied) {
    clearProgress(err);
    for (const char* s : {"", "-journal"}) fs::remove(tmp + s, ec);
    err << "rc-office: restore failed — 恢复失败: " << copied.error().message << ". Nothing was changed.\n";
    return 1;
  }
  clearProgress(err);
  if (!keepOwner(tmp, exists ? c.db_path : (live.has_parent_path() ? live.parent_path().string() : "."))) {
    fs::remove(tmp, ec);
    err << "rc-office: cannot give the restored file the ledger's owner and mode 0600. Nothing was changed.\n";
    return 1;
  }
  if (auto why = db::ledgerFileProblem(tmp, settings)) {
    fs::remove(tmp, ec);
    err << "rc-office: the restored copy does not verify (" << *why << "). Nothing was changed.\n";
    return 1;
  }
  std::string aside;
  if (exists) {
    aside = asideName(c.db_path);
    // The ledger with its write-ahead log, renamed together so the pair still opens as it was.
    fs::rename(c.db_path, aside, ec);
    if (ec) {
      fs::remove(tmp, ec);
      err << "rc-office: cannot move " << c.db_path << " aside: " << ec.message() << ". Nothing was changed.\n";
      return 1;
    }
    for (const char* s : {"-wal", "-shm"}) {
      if (fs::exists(c.db_path + s, ec)) fs::rename(c.db_path + s, aside + s, ec);
    }
  }
  fs::rename(tmp, c.db_path, ec);
  if (ec) {
    err << "rc-office: cannot put the backup in place: " << ec.message() << ". The old ledger is at "
        << aside << "; move it back to " << c.db_path << ".\n";
    return 1;
  }
  if (c.json) {
    out << json{{"restored", file}, {"ledger", c.db_path}, {"entries", entries},
                {"previous", aside.empty() ? json(nullptr) : json(aside)}}
               .dump(2)
        << "\n";
    return 0;
  }
  out << "Restored " << file << " to " << c.db_path << " (" << entries << " entries, verified).\n";
  if (!aside.empty()) out << "The ledger it replaced is kept as " << aside << ".\n";
  return 0;
}

}  // namespace

bool isBackupCommand(const std::string& name) noexcept { return name == "backup" || name == "restore"; }

int runBackupCommand(const Command& c, const core::Settings& settings, std::ostream& out,
                     std::ostream& err) {
  if (c.name == "backup") return cmdBackup(c, settings, out, err);
  return cmdRestore(c, settings, out, err);
}

}  // namespace rc::office
