#include "kiosk/app/office_link.h"

#include <cstdio>

#include "db/kiosk_journal.h"
#include "db/office_sync.h"
#include "db/schema.h"

namespace rc::kiosk {
namespace {

std::string_view trim(std::string_view s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string_view::npos) return {};
  const auto b = s.find_last_not_of(" \t\r");
  return s.substr(a, b - a + 1);
}

// "http://HOST:PORT" with a plain host (no placeholder, path or credentials).
bool plainHttpUrl(std::string_view url) {
  constexpr std::string_view scheme = "http://";
  if (url.size() > 200 || url.substr(0, scheme.size()) != scheme) return false;
  const std::string_view rest = url.substr(scheme.size());
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= rest.size()) return false;
  for (char c : rest.substr(0, colon)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-';
    if (!ok) return false;
  }
  int port = 0;
  for (char c : rest.substr(colon + 1)) {
    if (c < '0' || c > '9') return false;
    port = port * 10 + (c - '0');
    if (port > 65535) return false;
  }
  return port > 0;
}

}  // namespace

Result<KioskConfigFile, std::string> parseKioskConfig(std::string_view text) {
  if (text.size() > kMaxKioskConfigBytes) return err(std::string("the kiosk config is too large"));
  KioskConfigFile out;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const auto nl = text.find('\n', pos);
    const std::string_view raw = text.substr(pos, nl == std::string_view::npos ? text.npos : nl - pos);
    pos = nl == std::string_view::npos ? text.size() : nl + 1;
    ++line_no;
    const std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#') continue;
    const auto eq = line.find('=');
    const std::string where = "line " + std::to_string(line_no) + ": ";
    if (eq == std::string_view::npos) return err(where + "expected 'key = value'");
    const std::string_view key = trim(line.substr(0, eq));
    const std::string value(trim(line.substr(eq + 1)));
    std::string* slot = key == "kiosk_id"           ? &out.kiosk_id
                        : key == "kiosk_secret_key" ? &out.kiosk_secret_key
                        : key == "office_url"       ? &out.office_url
                                                    : nullptr;
    if (!slot) {
      return err(where + "unknown key '" + std::string(key) +
                 "' (kiosk_id, kiosk_secret_key, office_url)");
    }
    if (!slot->empty()) return err(where + "'" + std::string(key) + "' is given twice");
    if (value.empty()) return err(where + "'" + std::string(key) + "' has no value");
    *slot = value;
  }
  return out;
}

Result<std::optional<OfficeLink>, std::string> resolveOfficeLink(const KioskConfigFile& file,
                                                                 const std::string& flag_url,
                                                                 const std::string& flag_kiosk_id) {
  const std::string url = flag_url.empty() ? file.office_url : flag_url;
  if (url.empty()) {
    if (!file.kiosk_secret_key.empty()) {
      return err(std::string("the kiosk config has no office_url; add the office's address, e.g. "
                             "office_url = http://192.168.1.10:8080"));
    }
    return std::optional<OfficeLink>{};
  }
  if (!plainHttpUrl(url)) {
    return err("office_url must be http://HOST:PORT with the office's address, e.g. "
               "http://192.168.1.10:8080, not '" + url + "'");
  }
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
  return std::optional<OfficeLink>{std::move(link)};
}

sync::SyncConfig syncConfigFor(const OfficeLink& link, const std::string& db_path,
                               const core::Settings& settings) {
  sync::SyncConfig c;
  c.office_url = link.office_url;
  c.identity = link.identity;
  c.db_path = db_path;
  c.settings = settings;
  return c;
}

std::string prepareKioskFile(const OfficeLink& link, const std::string& db_path,
                             const core::Settings& settings) {
  {
    db::Database d(db_path, db::OpenMode::ReadWriteCreate);
    if (auto st = db::migrate(d); !st) throw db::DbException(st.error());
    db::Ledger ledger(d, settings);
    db::KioskJournal journal(ledger, link.identity.kiosk_id);
    if (journal.pullCursor() != db::PullCursor{}) return {};
  }
  sync::SyncClient client(syncConfigFor(link, db_path, settings));
  const auto r = client.round();
  if (!r) {
    return "first sync with " + link.office_url + " failed (" + r.error().message +
           "); starting with what " + db_path + " holds and retrying in the background";
  }
  return "first sync with " + link.office_url + ": the village's roster, catalog and boards are in " +
         db_path;
}

SyncView syncViewOf(const sync::SyncStatus& st) {
  SyncView v;
  v.pending = st.pending;
  if (st.rounds == 0) {
    v.state = SyncState::Connecting;
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
