// OfficeServer. Section index: state · authentication · handlers · lifecycle
#include "office/server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <thread>
#include <mutex>
#include <ostream>
#include <stdexcept>

#include "db/checkpoint.h"
#include "db/ledger.h"
#include "db/office_sync.h"
#include "db/reports.h"
#include "db/schema.h"
#include "office/console/console.h"
#include "office/systemd_service.h"
#include "sync/protocol.h"
#include "sync/tls.h"

namespace rc::office {
namespace {

constexpr const char* kJson = "application/json";
// The server's worker threads (see the OfficeServer constructor).
constexpr std::size_t kWorkers = 64;
// Connections the kernel queues before the server accepts them. Debian's libcpp-httplib is
// built with a backlog of 5: when more kiosks connect at once the kernel drops their SYNs and
// each waits a second for its retry (a load of 30 kiosks saw pull p99 of 1 s from this alone).
constexpr int kListenBacklog = 512;

db::Database openMigrated(const std::string& path) {
  db::Database d(path, db::OpenMode::ReadWriteCreate);
  if (auto st = db::migrate(d); !st) throw db::DbException(st.error());
  return d;
}

void reply(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, kJson);
}

ServerOptions withTlsFiles(ServerOptions o) {
  if (o.tls_key_path.empty() || o.tls_cert_path.empty()) {
    const auto files = sync::tls::officeCertificateFiles(o.db_path);
    o.tls_key_path = files.key_path;
    o.tls_cert_path = files.cert_path;
  }
  return o;
}

sync::tls::OfficeCertificate officeCertificate(const ServerOptions& o) {
  auto c = sync::tls::loadOrCreateOfficeCertificate({o.tls_key_path, o.tls_cert_path});
  if (!c) throw std::runtime_error("the office's TLS certificate: " + c.error());
  return std::move(*c);
}

}  // namespace

// ---- state ---------------------------------------------------------------------------------

struct OfficeServer::Impl {
  Impl(ServerOptions o, core::Settings s)
      : options(withTlsFiles(std::move(o))), db(openMigrated(options.db_path)),
        checkpoint(db), ledger(db, std::move(s)), sync(ledger), certificate(officeCertificate(options)),
        http(certificate.cert.get(), certificate.key.get()),
        console(console::Context{db, ledger, ledger.settings(), options.db_path,
                                 [this](const std::string& line) { log(line); }, &standings},
                db_mutex,
                options.web_root.empty() ? console::defaultWebRoot() : options.web_root) {
    if (!http.is_valid()) {
      throw std::runtime_error("cannot serve TLS with " + options.tls_cert_path + " and its key");
    }
    sync::tls::requireModernTls(http.ssl_context());
    sync::tls::ignoreBrokenPipes();
  }

  // Requests served are info; refusals (a client's fault) warnings; failures errors.
  void log(const std::string& line, service::Priority priority = service::Priority::Info) {
    if (!options.log) return;
    std::lock_guard lock(log_mutex);
    *options.log << service::priorityPrefix(priority) << "rc-office serve: " << line << "\n"
                 << std::flush;
  }

  std::optional<std::string> authenticate(const httplib::Request& req, std::string_view body,
                                          httplib::Response& res);
  void push(const httplib::Request& req, std::string_view body, httplib::Response& res);
  void pull(const httplib::Request& req, std::string_view body, httplib::Response& res);
  // A route whose body is read into one buffer sized from Content-Length (httplib's own
  // reading grows a string 4 KiB at a time: three times slower for a megabyte-sized push).
  httplib::Server::HandlerWithContentReader withBody(
      void (Impl::*handler)(const httplib::Request&, std::string_view, httplib::Response&));

  ServerOptions options;
  std::mutex db_mutex;  // one connection; requests take turns
  db::Database db;
  db::BackgroundCheckpoint checkpoint;  // no request waits for the log to be copied back
  db::Ledger ledger;
  db::OfficeSync sync;
  db::StandingsCache standings;  // the console's villager pages, under db_mutex
  db::KioskBoardsCache boards;   // the kiosks' boards, under db_mutex
  std::mutex log_mutex;
  sync::tls::OfficeCertificate certificate;
  httplib::SSLServer http;  // HTTPS only: a plain HTTP request never gets past the handshake
  console::Console console;  // the village's web pages under /console/
  // stop() may come before, during or after run(); these let it never be lost.
  std::atomic<bool> stopping{false};
  std::atomic<bool> run_entered{false};
  std::atomic<bool> run_returned{false};
  int listen_socket = -1;  // the socket bind() made, to widen its backlog
};

// ---- authentication ------------------------------------------------------------------------

// The kiosk id when the request is signed by an enrolled kiosk, fresh and never seen; else a
// 401 is written and logged (the kiosk's claimed id and the reason, never key material).
std::optional<std::string> OfficeServer::Impl::authenticate(const httplib::Request& req,
                                                            std::string_view body,
                                                            httplib::Response& res) {
  sync::SignedHeaders h{req.get_header_value(sync::kHeaderKiosk),
                        req.get_header_value(sync::kHeaderTimestamp),
                        req.get_header_value(sync::kHeaderNonce),
                        req.get_header_value(sync::kHeaderSignature)};
  const auto ts = sync::wellFormedTimestamp(h);
  auto refuse = [&](sync::AuthError why) -> std::optional<std::string> {
    const std::string who = db::validKioskId(h.kiosk) ? h.kiosk : "(malformed)";
    log("refused " + req.method + " " + req.path + " from " + req.remote_addr + ": kiosk " + who +
        ": " + std::string(sync::toString(why)), service::Priority::Warning);
    reply(res, 401, sync::encodeError("unauthorized", sync::toString(why)));
    return std::nullopt;
  };
  if (!ts) return refuse(sync::AuthError::Missing);
  std::lock_guard lock(db_mutex);
  const auto key = sync.kioskKey(h.kiosk);
  if (!key) {
    const auto all = sync.kiosks();
    const bool revoked = std::any_of(all.begin(), all.end(), [&](const db::KioskRow& k) {
      return k.id == h.kiosk && k.revoked_at_ms.has_value();
    });
    return refuse(revoked ? sync::AuthError::RevokedKiosk : sync::AuthError::UnknownKiosk);
  }
  if (!sync::signatureValid(*key, req.method, req.path, body, h)) {
    return refuse(sync::AuthError::BadSignature);
  }
  const std::int64_t now = db::nowMs();
  if (*ts < now - options.clock_skew_ms || *ts > now + options.clock_skew_ms) {
    return refuse(sync::AuthError::StaleTimestamp);
  }
  // Only a correctly signed request may store a nonce, so nobody else can fill the table.
  auto fresh = boards.kioskWrite(
      db, [&] { return sync.rememberNonce(h.kiosk, h.nonce, now, 2 * options.clock_skew_ms); });
  if (!fresh) {
    reply(res, 503, sync::encodeError("storage", fresh.error().message));
    return std::nullopt;
  }
  if (!*fresh) return refuse(sync::AuthError::ReplayedNonce);
  return h.kiosk;
}

// ---- handlers ------------------------------------------------------------------------------

void OfficeServer::Impl::push(const httplib::Request& req, std::string_view body,
                              httplib::Response& res) {
  const auto kiosk = authenticate(req, body, res);
  if (!kiosk) return;
  const auto batch = sync::decodePush(body);
  if (!batch) {
    log("bad push from kiosk " + *kiosk + ": " + batch.error(), service::Priority::Warning);
    return reply(res, 400, sync::encodeError("bad_request", batch.error()));
  }
  const auto events = sync::decodeServiceEvents(body);
  if (!events) {
    log("bad push from kiosk " + *kiosk + ": " + events.error(), service::Priority::Warning);
    return reply(res, 400, sync::encodeError("bad_request", events.error()));
  }
  for (const auto& u : events->unreadable) {
    log("push from kiosk " + *kiosk + ": a service event could not be read (" + u.reason +
        "); listed for the staff", service::Priority::Warning);
  }
  const auto staff = sync::decodeStaffWork(body);
  if (!staff) {
    log("bad push from kiosk " + *kiosk + ": " + staff.error(), service::Priority::Warning);
    return reply(res, 400, sync::encodeError("bad_request", staff.error()));
  }
  for (const auto& u : staff->unreadable) {
    log("push from kiosk " + *kiosk + ": a staff " + u.what + " could not be read (" + u.reason +
        "); listed for the staff", service::Priority::Warning);
  }
  std::lock_guard lock(db_mutex);
  const auto r = boards.kioskWrite(db, [&] {
    return sync.applyBatch(*kiosk, *batch, events->events, events->unreadable, staff->work,
                           staff->unreadable);
  });
  if (!r) {
    const auto& f = r.error();
    log("push from kiosk " + *kiosk + " refused: " + std::string(db::toString(f.code)) + ": " +
            f.message,
        f.code == db::PushError::Storage ? service::Priority::Error : service::Priority::Warning);
    const int status = f.code == db::PushError::Storage    ? 503
                       : f.code == db::PushError::Rejected ? 422
                                                           : 409;
    return reply(res, status, sync::encodeError(db::toString(f.code), f.message, f.held));
  }
  log("push from kiosk " + *kiosk + ": " + std::to_string(batch->size()) + " entries, " +
      std::to_string(r->applied) + " new, " + std::to_string(r->duplicates) + " already held, " +
      std::to_string(r->flagged) + " flagged, " + std::to_string(r->events) +
      " service events, " + std::to_string(r->staff) + " staff items; holds 1.." +
      std::to_string(r->held));
  reply(res, 200, sync::encodePushReply({r->held, r->applied, r->duplicates}));
}

void OfficeServer::Impl::pull(const httplib::Request& req, std::string_view body,
                              httplib::Response& res) {
  const auto kiosk = authenticate(req, body, res);
  if (!kiosk) return;
  const auto cursor = sync::decodePullRequest(body);
  if (!cursor) return reply(res, 400, sync::encodeError("bad_request", cursor.error()));
  std::unique_lock lock(db_mutex);
  auto page = boards.kioskWrite(db, [&] { return sync.pull(*kiosk, *cursor, options.pull_page_rows); });
  // The boards follow the scores: sent on the last page of a first pull, or of any pull whose
  // window moved, from the same connection (and so the same ledger) as the page.
  if (page && !page->more && (page->next != *cursor || *cursor == db::PullCursor{})) {
    page->boards = boards.get(db, ledger.settings());
  }
  lock.unlock();
  if (!page) return reply(res, 503, sync::encodeError("storage", page.error().message));
  reply(res, 200, sync::encodePullPage(*page));
}

httplib::Server::HandlerWithContentReader OfficeServer::Impl::withBody(
    void (Impl::*handler)(const httplib::Request&, std::string_view, httplib::Response&)) {
  return [this, handler](const httplib::Request& req, httplib::Response& res,
                         const httplib::ContentReader& read) {
    std::string body;
    const std::string length = req.get_header_value("Content-Length");
    std::size_t expected = 0;
    const auto [p, ec] = std::from_chars(length.data(), length.data() + length.size(), expected);
    if (ec == std::errc() && p == length.data() + length.size()) {
      body.reserve(std::min(expected, options.max_body_bytes));
    }
    // False when the body is over the cap (httplib has set 413) or did not arrive whole.
    const bool whole = read([&body](const char* data, std::size_t n) {
      body.append(data, n);
      return true;
    });
    if (!whole) {
      if (res.status == 413) {
        log("refused " + req.method + " " + req.path + " from " + req.remote_addr +
            ": body over " + std::to_string(options.max_body_bytes) + " bytes (413)",
            service::Priority::Warning);
      } else {
        log("refused " + req.method + " " + req.path + " from " + req.remote_addr +
            ": the body did not arrive whole", service::Priority::Warning);
        reply(res, 400, sync::encodeError("bad_request", "the body did not arrive whole"));
      }
      return;
    }
    (this->*handler)(req, body, res);
  };
}

// ---- lifecycle -----------------------------------------------------------------------------

OfficeServer::OfficeServer(ServerOptions options, core::Settings settings)
    : m_impl(std::make_unique<Impl>(std::move(options), std::move(settings))) {
  auto& s = m_impl->http;
  Impl* impl = m_impl.get();
  // Without TCP_NODELAY each answer waits on Nagle + delayed ACK (~87 ms measured here).
  s.set_tcp_nodelay(true);
  s.set_payload_max_length(impl->options.max_body_bytes);
  s.set_read_timeout(5, 0);
  s.set_write_timeout(5, 0);
  s.set_keep_alive_max_count(100);
  s.set_socket_options([impl](socket_t sock) {
    // SO_REUSEADDR only: a restart binds at once over the last run's closing connections,
    // while a second server on a port in use fails to bind. (httplib's default sets
    // SO_REUSEPORT, with which two servers would share the port and its kiosks.)
    int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    impl->listen_socket = sock;  // the last one tried is the one bound
  });
  // A kept-alive connection (a browser keeps up to six) holds a worker while it stays open, and
  // a kiosk's TLS handshake waits for a free worker within its connect timeout (2 s): with
  // httplib's default of 8 workers, 30 kiosks starting at once while a console user reads
  // failed their first round. Idle workers cost a stack each; the ledger is one connection
  // either way (db_mutex).
  s.new_task_queue = [] { return new httplib::ThreadPool(kWorkers); };
  s.Get(std::string(sync::kHealthPath), [](const httplib::Request&, httplib::Response& res) {
    reply(res, 200, R"({"ok":true})");
  });
  s.Post(std::string(sync::kPushPath), impl->withBody(&Impl::push));
  s.Post(std::string(sync::kPullPath), impl->withBody(&Impl::pull));
  impl->console.attach(s);
  s.set_error_handler([](const httplib::Request&, httplib::Response& res) {
    if (!res.body.empty()) return;
    const char* code = res.status == 413 ? "too_large" : res.status == 404 ? "not_found" : "error";
    const char* why = res.status == 413 ? "the body is larger than the office accepts"
                      : res.status == 404 ? "no such path"
                                          : "the request could not be served";
    res.set_content(sync::encodeError(code, why), kJson);
  });
  s.set_exception_handler([impl](const httplib::Request& req, httplib::Response& res,
                                 std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      if (ep) std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    impl->log("failed " + req.method + " " + req.path + ": " + what, service::Priority::Error);
    reply(res, 500, sync::encodeError("internal", "the office failed to serve the request"));
  });
}

OfficeServer::~OfficeServer() { stop(); }

Result<int, std::string> OfficeServer::bind() {
  const int port = m_impl->options.port == 0
                       ? m_impl->http.bind_to_any_port(m_impl->options.host)
                       : (m_impl->http.bind_to_port(m_impl->options.host, m_impl->options.port)
                              ? m_impl->options.port
                              : -1);
  if (port <= 0) {
    return err("cannot listen on " + m_impl->options.host + ":" +
               std::to_string(m_impl->options.port));
  }
  // Listening already; a second listen() on the socket only sets a longer queue (Linux).
  if (m_impl->listen_socket >= 0) (void)::listen(m_impl->listen_socket, kListenBacklog);
  return port;
}

bool OfficeServer::run() {
  m_impl->run_entered = true;
  if (m_impl->stopping) {
    m_impl->run_returned = true;
    return true;
  }
  const bool ok = m_impl->http.listen_after_bind();
  m_impl->run_returned = true;
  return ok;
}

void OfficeServer::stop() {
  m_impl->stopping = true;
  while (m_impl->run_entered && !m_impl->run_returned && !m_impl->http.is_running()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  m_impl->http.stop();
}

bool OfficeServer::running() const { return m_impl->http.is_running(); }

const std::string& OfficeServer::certificateSha256() const noexcept {
  return m_impl->certificate.sha256;
}

bool OfficeServer::createdCertificate() const noexcept { return m_impl->certificate.created; }

const std::string& OfficeServer::certificatePath() const noexcept {
  return m_impl->options.tls_cert_path;
}

const std::string& OfficeServer::keyPath() const noexcept { return m_impl->options.tls_key_path; }

}  // namespace rc::office
