#include "kiosk/app/office_link.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "core/services.h"
#include "core/text.h"
#include "db/kiosk_journal.h"
#include "db/office_sync.h"
#include "db/schema.h"
#include "sync/tls.h"

namespace rc::kiosk {

Result<KioskConfigFile, std::string> readKioskConfigFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return err("cannot read " + path + ": " + std::strerror(errno));
  struct stat st {};
  std::string text;
  bool too_large = false;
  const bool stat_ok = ::fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
  if (stat_ok) {
    char buf[4096];
    while (true) {
      const auto n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      text.append(buf, static_cast<std::size_t>(n));
      if (text.size() > kMaxKioskConfigBytes) {
        too_large = true;
        break;
      }
    }
  }
  ::close(fd);
  if (!stat_ok) return err(path + " is not a regular file");
  if (too_large) return err(path + ": the kiosk config is too large");
  auto parsed = parseKioskConfig(text);
  if (!parsed) return err(path + " " + parsed.error());
  constexpr mode_t kOthers = S_IRGRP | S_IWGRP | S_IROTH | S_IWOTH;
  if (!parsed->kiosk_secret_key.empty() && (st.st_mode & kOthers) != 0) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    return err(path + " holds the kiosk's secret key but group or others may read or write it "
               "(mode " + mode + "); make it private: chmod 600 " + path);
  }
  return parsed;
}

Result<std::optional<OfficeLink>, std::string> resolveOfficeLink(const KioskConfigFile& file,
                                                                 const std::string& flag_url,
                                                                 const std::string& flag_kiosk_id) {
  const std::string url = flag_url.empty() ? file.office_url : flag_url;
  if (url.empty()) {
    if (!file.kiosk_secret_key.empty()) {
      return err(std::string("the kiosk config has no office_url; add the office's address, e.g. "
                             "office_url = https://192.168.1.10:8080"));
    }
    return std::optional<OfficeLink>{};
  }
  if (auto address = sync::parseOfficeUrl(url); !address) return err(address.error());
  if (file.kiosk_secret_key.empty()) {
    return err(std::string("an office URL needs the kiosk's identity: --kiosk-config FILE with "
                           "the lines rc-office enroll-kiosk printed"));
  }
  if (!flag_kiosk_id.empty() && !file.kiosk_id.empty() && flag_kiosk_id != file.kiosk_id) {
    return err("--kiosk-id " + flag_kiosk_id + " differs from the config's kiosk_id " +
               file.kiosk_id + "; the secret key belongs to the latter");
  }
  OfficeLink link;
  link.office_url = url;
  link.identity.kiosk_id = file.kiosk_id.empty() ? flag_kiosk_id : file.kiosk_id;
  if (!db::validKioskId(link.identity.kiosk_id)) {
    return err(std::string("the kiosk config needs kiosk_id, the name given to rc-office "
                           "enroll-kiosk (1-64 of A-Z a-z 0-9 - _ . :)"));
  }
  const auto key = sync::fromBase64(file.kiosk_secret_key);
  if (!key || key->size() != link.identity.secret_key.size()) {
    return err(std::string("kiosk_secret_key is not a key printed by rc-office enroll-kiosk "
                           "(base64 of 64 bytes)"));
  }
  std::copy(key->begin(), key->end(), link.identity.secret_key.begin());
  if (file.office_cert_sha256.empty()) {
    return err(std::string("the kiosk config has no office_cert_sha256; add the line rc-office "
                           "enroll-kiosk printed (the fingerprint of the office's certificate)"));
  }
  const auto pin = sync::tls::normalizeSha256(file.office_cert_sha256);
  if (!pin) {
    return err(std::string("office_cert_sha256 must be the 64 hex digits rc-office enroll-kiosk "
                           "printed"));
  }
  link.office_cert_sha256 = *pin;
  link.stations = file.stations;
  return std::optional<OfficeLink>{std::move(link)};
}

sync::SyncConfig syncConfigFor(const OfficeLink& link, const std::string& db_path,
                               const core::Settings& settings) {
  sync::SyncConfig c;
  c.office_url = link.office_url;
  c.office_cert_sha256 = link.office_cert_sha256;
  c.identity = link.identity;
  c.db_path = db_path;
  c.settings = settings;
  return c;
}

std::string prepareKioskFile(const OfficeLink& link, const std::string& db_path,
                             const core::Settings& settings) {
  db::Database d(db_path, db::OpenMode::ReadWriteCreate);
  if (auto st = db::migrate(d); !st) throw db::DbException(st.error());
  db::Ledger ledger(d, settings);
  db::KioskJournal journal(ledger, link.identity.kiosk_id);
  if (journal.rosterReceived()) return {};
  return "first start: downloading the village's roster, catalog and boards from " +
         link.office_url + " into " + db_path + "; cards wait until it is here";
}

std::string fetchRosterNow(const OfficeLink& link, const std::string& db_path,
                           const core::Settings& settings) {
  sync::SyncClient client(syncConfigFor(link, db_path, settings));
  if (client.journal().rosterReceived()) return {};
  const auto r = client.round();
  if (!r) {
    return "first sync with " + link.office_url + " failed (" + r.error().message + ")";
  }
  return "first sync with " + link.office_url + ": the village's roster, catalog and boards are in " +
         db_path;
}

SyncView syncViewOf(const sync::SyncStatus& st) {
  SyncView v;
  v.pending = st.pending;
  v.roster_ready = st.roster_received;
  v.roster_pages = st.roster_pages;
  v.roster_villagers = st.roster_villagers;
  v.roster_products = st.roster_products;
  v.failures = st.consecutive_failures;
  if (st.rounds == 0) {
    v.state = SyncState::Connecting;
  } else if (st.consecutive_failures > 0 &&
             st.last_error_code == sync::SyncErrorCode::CertificateMismatch) {
    v.state = SyncState::CertificateMismatch;
  } else if (!st.office_reachable) {
    v.state = SyncState::Offline;
  } else if (st.pending > 0) {
    v.state = SyncState::Pending;
  } else {
    v.state = SyncState::Synced;
  }
  if (st.last_success_ms) {
    constexpr std::int64_t kCstOffsetMs = 8 * 3'600'000;  // China Standard Time, UTC+8
    const std::int64_t minutes = (*st.last_success_ms + kCstOffsetMs) / 60'000 % (24 * 60);
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02d:%02d", static_cast<int>(minutes / 60),
                  static_cast<int>(minutes % 60));
    v.synced_at = buf;
  }
  return v;
}

}  // namespace rc::kiosk
