// serve (with a clean stop on SIGTERM/SIGINT), enroll-kiosk, revoke-kiosk, kiosks, overdrafts.
#include "office/sync_commands.h"

#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <iomanip>
#include <nlohmann/json.hpp>
#include <ostream>
#include <stdexcept>
#include <thread>

#include "core/types.h"
#include "core/text.h"
#include "db/backup.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/schema.h"
#include "office/server.h"
#include "office/systemd_service.h"
#include "sync/protocol.h"
#include "sync/tls.h"

namespace rc::office {
namespace {

using nlohmann::json;

std::pair<std::string, int> parseListen(const std::string& text) {
  const auto colon = text.rfind(':');
  int port = -1;
  if (colon != std::string::npos && colon > 0) {
    const char* b = text.data() + colon + 1;
    const char* e = text.data() + text.size();
    const auto [p, ec] = std::from_chars(b, e, port);
    if (ec != std::errc() || p != e) port = -1;
  }
  if (port < 0 || port > 65535) {
    throw std::invalid_argument("--listen wants HOST:PORT, e.g. 127.0.0.1:8080, not '" + text + "'");
  }
  return {text.substr(0, colon), port};
}

int cmdServe(const SyncCommand& c, const core::Settings& settings, std::ostream& out,
             std::ostream& err) {
  ServerOptions o;
  o.db_path = c.db_path;
  std::string listen = "127.0.0.1:8080";
  for (std::size_t i = 0; i < c.args.size(); ++i) {
    if (c.args[i] == "--listen" && i + 1 < c.args.size()) {
      listen = c.args[++i];
    } else if (c.args[i] == "--max-body" && i + 1 < c.args.size()) {
      const auto bytes = core::parseWholeNumber(c.args[++i], 1024, std::int64_t{1} << 30);
      if (!bytes) {
        throw std::invalid_argument("--max-body takes a number of bytes from 1024 to 1073741824, "
                                    "not '" + c.args[i] + "'");
      }
      o.max_body_bytes = static_cast<std::size_t>(*bytes);
    } else if (c.args[i] == "--web" && i + 1 < c.args.size()) {
      o.web_root = c.args[++i];
      std::error_code ec;
      if (!std::filesystem::is_regular_file(std::filesystem::path(o.web_root) / "index.html", ec)) {
        throw std::invalid_argument("--web wants the console's folder (with index.html), not '" +
                                    o.web_root + "'");
      }
    } else {
      throw std::invalid_argument("serve takes --listen HOST:PORT [--max-body BYTES] [--web DIR], not '" +
                                  c.args[i] + "'");
    }
  }
  std::tie(o.host, o.port) = parseListen(listen);
  (void)openLedger(c.db_path);  // the same checks and migration as every other command
  // Held while serving, so a restore never swaps the file under the server (db/backup.h).
  const auto serving = db::LedgerLock::tryAcquire(c.db_path);
  if (!serving) {
    throw std::invalid_argument("another rc-office serve, or a restore, is using " + c.db_path);
  }
  o.log = &err;

  // SIGTERM and SIGINT are taken by one thread that stops the server; every other thread
  // (the server's pool included) inherits the blocked mask.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  OfficeServer server(o, settings);
  const auto port = server.bind();
  if (!port) {
    err << service::priorityPrefix(service::Priority::Error) << "rc-office: " << port.error() << "\n";
    return 1;
  }
  if (server.createdCertificate()) {
    err << service::priorityPrefix(service::Priority::Notice) << "rc-office serve: created the office's TLS key " << server.keyPath()
        << " and certificate " << server.certificatePath() << "\n";
  }
  out << "listening on https://" << o.host << ":" << *port << "\n"
      << "office certificate SHA-256 " << server.certificateSha256()
      << " (every kiosk's office_cert_sha256)\n"
      << "office console on https://" << o.host << ":" << *port << "/console/\n"
      << std::flush;
  // Under systemd (Type=notify): ready once the socket is bound, alive at half the unit's
  // WatchdogSec while the server runs, and stopping on SIGTERM. Nothing outside systemd.
  service::notifyReady("listening on " + o.host + ":" + std::to_string(*port));
  const auto watchdog = service::watchdogInterval();
  std::atomic<bool> done{false};
  std::thread watcher([&] {
    const timespec tick{0, 200'000'000};
    auto last_ping = std::chrono::steady_clock::now();
    if (watchdog.count() > 0) service::notifyWatchdog();
    while (!done) {
      const int sig = sigtimedwait(&stop_signals, nullptr, &tick);
      if (sig == SIGTERM || sig == SIGINT) {
        service::notifyStopping();
        err << service::priorityPrefix(service::Priority::Notice) << "rc-office serve: stopping (signal "
            << sig << ")\n" << std::flush;
        server.stop();
        return;
      }
      const auto now = std::chrono::steady_clock::now();
      if (watchdog.count() > 0 && now - last_ping >= watchdog / 2 && server.running()) {
        service::notifyWatchdog();
        last_ping = now;
      }
    }
  });
  const bool served = server.run();
  done = true;
  watcher.join();
  err << service::priorityPrefix(service::Priority::Notice) << "rc-office serve: stopped\n" << std::flush;
  return served ? 0 : 1;
}

int cmdEnrollKiosk(const SyncCommand& c, const core::Settings& settings, std::ostream& out) {
  if (c.args.size() != 1) throw std::invalid_argument("enroll-kiosk takes one NAME, e.g. supermarket");
  const std::string& name = c.args.front();
  if (!db::validKioskId(name)) {
    throw std::invalid_argument("a kiosk name is 1-64 of A-Z a-z 0-9 - _ . : and not 'office'");
  }
  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::OfficeSync sync(ledger);
  for (const auto& k : sync.kiosks()) {
    if (k.id != name) continue;
    // Its entries are numbered 1..held under this name; a new kiosk would start again at 1.
    if (k.revoked_at_ms) {
      throw std::invalid_argument("kiosk '" + name +
                                  "' was revoked; enroll the replacement under a new name");
    }
    throw std::invalid_argument("kiosk '" + name + "' is already enrolled");
  }
  // The certificate the kiosk will pin: made now if serve never ran, so the lines below are
  // complete; before the enrolment, so a failure leaves no kiosk half set up.
  const auto cert =
      sync::tls::loadOrCreateOfficeCertificate(sync::tls::officeCertificateFiles(c.db_path));
  if (!cert) throw std::runtime_error("the office's TLS certificate: " + cert.error());
  const auto keys = sync::newKeyPair();
  if (auto st = sync.enrollKiosk(name, keys.public_key, db::nowMs()); !st) {
    throw std::invalid_argument("cannot enroll '" + name + "': " + st.error().message);
  }
  const auto secret = sync::toBase64(keys.secret_key);
  const auto pub = sync::toBase64(keys.public_key);
  if (c.json) {
    out << json{{"kiosk_id", name},
                {"kiosk_secret_key", secret},
                {"public_key", pub},
                {"office_cert_sha256", cert->sha256}}
               .dump(2)
        << "\n";
  } else {
    out << "Kiosk '" << name << "' is enrolled (public key " << pub << ").\n"
        << "Put these lines in the kiosk's config, a file only the kiosk's user may read\n"
        << "(chmod 600); the secret key is shown only this once and must stay on that kiosk:\n\n"
        << "  kiosk_id = " << name << "\n"
        << "  kiosk_secret_key = " << secret << "\n"
        << "  office_cert_sha256 = " << cert->sha256 << "\n"
        << "  office_url = https://<this office's address>:<port given to serve --listen>\n";
  }
  return 0;
}

int cmdRevokeKiosk(const SyncCommand& c, const core::Settings& settings, std::ostream& out) {
  if (c.args.size() != 1) {
    throw std::invalid_argument("revoke-kiosk takes one NAME, e.g. supermarket");
  }
  const std::string& name = c.args.front();
  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::OfficeSync sync(ledger);
  const auto all = sync.kiosks();
  const auto it =
      std::find_if(all.begin(), all.end(), [&](const db::KioskRow& k) { return k.id == name; });
  if (it == all.end()) throw std::invalid_argument("no kiosk '" + name + "' is enrolled");
  if (it->revoked_at_ms) {
    throw std::invalid_argument("kiosk '" + name + "' was already revoked at " +
                                core::formatChinaTime(*it->revoked_at_ms));
  }
  const auto r = sync.revokeKiosk(name, db::nowMs());
  if (!r) throw std::runtime_error("cannot revoke '" + name + "': " + r.error().message);
  if (c.json) {
    out << json{{"kiosk_id", name}, {"revoked", true}, {"entries_held", it->held}}.dump(2) << "\n";
  } else {
    out << "Kiosk '" << name << "' is revoked: the office refuses its requests from now on.\n"
        << "The " << it->held << " entries it pushed stay in the ledger. A replacement kiosk is\n"
        << "enrolled under a new name (rc-office enroll-kiosk NAME).\n";
  }
  return 0;
}

int cmdKiosks(const SyncCommand& c, const core::Settings& settings, std::ostream& out) {
  if (!c.args.empty()) throw std::invalid_argument("kiosks takes no argument");
  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::OfficeSync sync(ledger);
  const auto all = sync.kiosks();
  if (c.json) {
    json list = json::array();
    for (const auto& k : all) {
      list.push_back({{"kiosk_id", k.id}, {"enrolled_at_ms", k.enrolled_at_ms},
                      {"revoked_at_ms", k.revoked_at_ms ? json(*k.revoked_at_ms) : json(nullptr)},
                      {"entries_held", k.held},
                      {"chain_break_at_ms", k.chain_break_at_ms ? json(*k.chain_break_at_ms) : json(nullptr)},
                      {"chain_break", k.chain_break},
                      {"last_contact_ms", k.last_contact_ms ? json(*k.last_contact_ms) : json(nullptr)}});
    }
    out << list.dump(2) << "\n";
    return 0;
  }
  if (all.empty()) {
    out << "No kiosk is enrolled (rc-office enroll-kiosk NAME).\n";
    return 0;
  }
  out << "Kiosks (自助终端):\n";
  for (const auto& k : all) {
    out << "  " << std::left << std::setw(16) << k.id << " enrolled "
        << core::formatChinaTime(k.enrolled_at_ms) << "  entries held " << k.held;
    if (k.revoked_at_ms) out << "  REVOKED " << core::formatChinaTime(*k.revoked_at_ms);
    out << "  last sync "
        << (k.last_contact_ms ? core::formatChinaTime(*k.last_contact_ms) : std::string("never"));
    out << "\n";
    if (k.chain_break_at_ms) {
      // Someone must look at this kiosk's file before it syncs again (docs/sync-protocol.md).
      out << "    NEEDS ATTENTION since " << core::formatChinaTime(*k.chain_break_at_ms)
          << ": a push did not extend its chain: " << k.chain_break << "\n";
    }
  }
  return 0;
}

int cmdOverdrafts(const SyncCommand& c, const core::Settings& settings, std::ostream& out) {
  if (!c.args.empty()) throw std::invalid_argument("overdrafts takes no argument");
  auto d = openLedger(c.db_path);
  db::Ledger ledger(d, settings);
  db::OfficeSync sync(ledger);
  const auto items = sync.reconciliation();
  const auto refused = sync.refusedEntries();
  const auto services = sync.serviceProblems();
  const auto staff = sync.staffProblems();
  if (c.json) {
    json list = json::array();
    for (const auto& i : items) {
      list.push_back({{"entry", i.entry_seq}, {"problem", i.problem}, {"villager_id", i.villager_id},
                      {"villager", i.villager_name}, {"kiosk", i.kiosk_id}, {"uuid", i.entry_uuid},
                      {"points_after", i.points_after}, {"note", i.note}, {"at_ms", i.at_ms}});
    }
    // Refused entries never reached the ledger: no entry number, the kiosk's seq instead.
    for (const auto& r : refused) {
      list.push_back({{"entry", nullptr}, {"problem", "refused"}, {"villager_id", r.villager_id},
                      {"villager", r.villager_name}, {"kiosk", r.kiosk_id}, {"uuid", r.uuid},
                      {"kiosk_seq", r.kiosk_seq}, {"kind", r.kind}, {"points_delta", r.points_delta},
                      {"note", r.reason}, {"at_ms", r.at_ms}});
    }
    // Service hub: what the office decided when kiosks' events met (docs/sync-protocol.md).
    for (const auto& p : services) {
      list.push_back({{"entry", nullptr}, {"problem", p.problem}, {"villager_id", p.villager_id},
                      {"villager", p.villager_name}, {"kiosk", p.kiosk_id},
                      {"uuid", p.subject_uuid}, {"note", p.note}, {"at_ms", p.at_ms}});
    }
    // Staff work a kiosk pushed that the office could not take as it was.
    for (const auto& p : staff) {
      list.push_back({{"entry", nullptr}, {"problem", p.problem}, {"kiosk", p.kiosk_id},
                      {"uuid", p.subject}, {"note", p.note}, {"at_ms", p.noted_at_ms}});
    }
    out << list.dump(2) << "\n";
    return 0;
  }
  if (items.empty() && refused.empty() && services.empty() && staff.empty()) {
    out << "Nothing to reconcile: no kiosk entry overdrew a balance or an empty shelf, was "
           "charged off the catalog's prices, or was refused.\n";
    return 0;
  }
  if (!items.empty()) {
    out << "To reconcile (对账) — kiosk entries recorded as sold, which broke a rule:\n";
    for (const auto& i : items) {
      out << "  entry " << i.entry_seq << "  " << std::left << std::setw(16) << i.problem
          << i.villager_name << " (" << i.villager_id << ")  kiosk " << i.kiosk_id
          << "  points now " << i.points_after;
      if (!i.note.empty()) out << "  " << i.note;
      out << "\n";
    }
  }
  if (!refused.empty()) {
    out << "Refused (拒收) — kiosk entries the office did not record; the kiosk synced on past "
           "them:\n";
    for (const auto& r : refused) {
      out << "  " << r.kiosk_id << "#" << r.kiosk_seq << "  " << r.kind << "  "
          << (r.villager_name.empty() ? "unknown villager" : r.villager_name) << " ("
          << r.villager_id << ")  points " << r.points_delta << "  at "
          << core::formatChinaTime(r.at_ms) << "\n      " << r.reason << "\n";
    }
  }
  if (!services.empty()) {
    out << "Service hub (服务) — what the office decided between kiosks:\n";
    for (const auto& p : services) {
      out << "  " << std::left << std::setw(14) << p.problem << p.villager_name << " ("
          << p.villager_id << ")  kiosk " << p.kiosk_id << "  " << p.subject_uuid << "  at "
          << core::formatChinaTime(p.at_ms) << "\n      " << p.note << "\n";
    }
  }
  if (!staff.empty()) {
    out << "Staff work (员工) — stock movements and day closes the office could not take:\n";
    for (const auto& p : staff) {
      out << "  " << std::left << std::setw(17) << p.problem << "kiosk " << p.kiosk_id << "  "
          << p.subject << "  at " << core::formatChinaTime(p.noted_at_ms) << "\n      " << p.note
          << "\n";
    }
  }
  return 0;
}

}  // namespace

bool isSyncCommand(const std::string& name) noexcept {
  return name == "serve" || name == "enroll-kiosk" || name == "revoke-kiosk" ||
         name == "kiosks" || name == "overdrafts";
}

int runSyncCommand(const SyncCommand& c, const core::Settings& settings, std::ostream& out,
                   std::ostream& err) {
  if (c.name == "serve") return cmdServe(c, settings, out, err);
  if (c.name == "enroll-kiosk") return cmdEnrollKiosk(c, settings, out);
  if (c.name == "revoke-kiosk") return cmdRevokeKiosk(c, settings, out);
  if (c.name == "kiosks") return cmdKiosks(c, settings, out);
  return cmdOverdrafts(c, settings, out);
}

}  // namespace rc::office
