#pragma once
// The kiosk's link to the office ledger server: its identity, the office's address and the
// fingerprint of the office's certificate, read from the lines `rc-office enroll-kiosk NAME`
// prints (a kiosk config file, private to the kiosk's user) and command-line flags; the kiosk
// file's first sync; and the sync worker's status in the words the status bar shows. Without
// an office URL the kiosk runs standalone on the file it is given.
// Pure functions except readKioskConfigFile and prepareKioskFile (file and network I/O, at
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

// Creates and migrates the kiosk's own ledger file if needed (start-up: throws when it cannot),
// and on its very first start, when nothing was ever pulled, runs one bounded sync round so the
// kiosk starts with the village's roster, catalog, figures and boards. Returns one line for the
// log saying what happened (the office being unreachable is not an error: the kiosk starts
// with what its file holds and keeps trying in the background).
std::string prepareKioskFile(const OfficeLink& link, const std::string& db_path,
                             const core::Settings& settings);

// What the status bar shows for a worker status; `synced_at` is HH:MM, China Standard Time.
SyncView syncViewOf(const sync::SyncStatus& status);

}  // namespace rc::kiosk
