#pragma once
// The kiosk's link to the office ledger server: its identity, the office's address and the
// fingerprint of the office's certificate, read from the lines `rc-office enroll-kiosk NAME`
// prints (a kiosk config file, private to the kiosk's user) and command-line flags; the kiosk
// file's preparation; and the sync worker's status in the words the status bar shows. Without
// an office URL the kiosk runs standalone on the file it is given.
// Pure functions except readKioskConfigFile, prepareKioskFile and fetchRosterNow (file and network I/O, at
// start-up); thread-safe.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <vector>

#include "core/result.h"
#include "core/services.h"
#include "core/settings.h"
#include "kiosk/app/kiosk_config.h"
#include "kiosk/app/state.h"
#include "sync/client.h"
#include "sync/protocol.h"

namespace rc::kiosk {

struct OfficeLink {
  std::string office_url;          // "https://HOST:PORT"
  std::string office_cert_sha256;  // 64 lower-case hex digits: the only certificate accepted
  sync::KioskIdentity identity;
  std::vector<core::StationKind> stations;  // the service stations offered here; empty: all
};

// Reads and parses the kiosk config at `path`. A file holding the secret key that group or
// others may read or write is refused, as ssh refuses such a key (the mode is taken from the
// opened file, so it is the file that was read). The error is one line naming the file and,
// for the mode, the command that fixes it; never the key.
Result<KioskConfigFile, std::string> readKioskConfigFile(const std::string& path);

// The file's values with the flags' on top (an empty flag leaves the file's value). nullopt:
// no office URL anywhere, so the kiosk runs standalone. An error names what is missing or wrong,
// never the secret key.
Result<std::optional<OfficeLink>, std::string> resolveOfficeLink(const KioskConfigFile& file,
                                                                 const std::string& flag_url,
                                                                 const std::string& flag_kiosk_id);

sync::SyncConfig syncConfigFor(const OfficeLink& link, const std::string& db_path,
                               const core::Settings& settings);

// Creates and migrates the kiosk's own ledger file if needed (start-up: throws when it cannot).
// Returns one line for the log when the file has not yet received the village's roster: the
// sync worker downloads it in the background while the FirstSync screen shows its progress.
std::string prepareKioskFile(const OfficeLink& link, const std::string& db_path,
                             const core::Settings& settings);

// One bounded sync round now, on the caller's thread, when the file has not yet received the
// roster: the built-in tour is made from what the file holds, so it needs the village first.
// Returns one line for the log (empty when the roster was already there).
std::string fetchRosterNow(const OfficeLink& link, const std::string& db_path,
                           const core::Settings& settings);

// What the status bar shows for a worker status; `synced_at` is HH:MM, China Standard Time.
SyncView syncViewOf(const sync::SyncStatus& status);

}  // namespace rc::kiosk
