// SyncClient (one round: push until drained, then pull until current) and SyncWorker.
#include "sync/client.h"

#include <httplib.h>

#include <algorithm>
#include <future>
#include <random>
#include <stdexcept>

#include "db/schema.h"
#include "sync/tls.h"

namespace rc::sync {
namespace {

Err<SyncError> failure(SyncErrorCode code, std::string message) {
  return err(SyncError{code, std::move(message)});
}

std::int64_t nowMs() { return db::nowMs(); }

// "HOST:PORT" with a plain host: letters, digits, dots and dashes (no placeholder, path or
// credentials).
std::optional<OfficeAddress> hostAndPort(std::string_view rest) {
  const auto colon = rest.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 >= rest.size()) return std::nullopt;
  OfficeAddress a;
  for (char c : rest.substr(0, colon)) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '-';
    if (!ok) return std::nullopt;
  }
  a.host = std::string(rest.substr(0, colon));
  for (char c : rest.substr(colon + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    a.port = a.port * 10 + (c - '0');
    if (a.port > 65535) return std::nullopt;
  }
  if (a.port == 0) return std::nullopt;
  return a;
}

}  // namespace

Result<OfficeAddress, std::string> parseOfficeUrl(std::string_view url) {
  constexpr std::string_view kHttps = "https://";
  constexpr std::string_view kHttp = "http://";
  if (url.size() <= 200 && url.starts_with(kHttps)) {
    if (auto a = hostAndPort(url.substr(kHttps.size()))) return *a;
  }
  if (url.size() <= 200 && url.starts_with(kHttp) && hostAndPort(url.substr(kHttp.size()))) {
    return err("office_url must be https://HOST:PORT: the office speaks only HTTPS, so write https://" +
               std::string(url.substr(kHttp.size())) + " instead of " + std::string(url));
  }
  return err("office_url must be https://HOST:PORT with the office's address, e.g. "
             "https://192.168.1.10:8080, not '" + std::string(url.substr(0, 200)) + "'");
}

std::string_view toString(SyncErrorCode c) noexcept {
  switch (c) {
    case SyncErrorCode::Network: return "network";
    case SyncErrorCode::CertificateMismatch: return "certificate_mismatch";
    case SyncErrorCode::Unauthorized: return "unauthorized";
    case SyncErrorCode::Refused: return "refused";
    case SyncErrorCode::Server: return "server";
    case SyncErrorCode::BadReply: return "bad_reply";
    case SyncErrorCode::Storage: return "storage";
    case SyncErrorCode::ChainBreak: return "chain_break";
  }
  return "unknown";
}

// ---- SyncClient ----------------------------------------------------------------------------

struct SyncClient::Http {
  Http(const OfficeAddress& a, std::string_view office_sha256)
      : pin(office_sha256), client(a.host, a.port) {
    if (!client.is_valid()) throw std::runtime_error("cannot set up TLS for the office's link");
    tls::ignoreBrokenPipes();
    // httplib's own check (a CA and the host name) cannot accept the office's self-signed
    // certificate; the pin replaces it, on every connection the client makes.
    client.enable_server_certificate_verification(false);
    pin.install(client.ssl_context());
  }
  tls::CertificatePin pin;  // declared first: it outlives the client's connections
  httplib::SSLClient client;
};

namespace {
db::Database openMigrated(const std::string& path) {
  db::Database d(path, db::OpenMode::ReadWriteCreate);
  if (auto st = db::migrate(d); !st) throw db::DbException(st.error());
  return d;
}

OfficeAddress addressOf(const std::string& url) {
  auto a = parseOfficeUrl(url);
  if (!a) throw std::invalid_argument(a.error());
  return *a;
}
}  // namespace

SyncClient::SyncClient(SyncConfig config)
    : m_config(std::move(config)),
      m_db(openMigrated(m_config.db_path)),
      m_ledger(m_db, m_config.settings),
      m_journal(m_ledger, m_config.identity.kiosk_id),
      m_http(std::make_unique<Http>(addressOf(m_config.office_url), m_config.office_cert_sha256)),
      m_batch_limit(std::clamp(m_config.batch_size, 1, static_cast<int>(kMaxBatchEntries))) {
  m_config.batch_size = m_batch_limit;
  auto& c = m_http->client;
  // Without TCP_NODELAY every request stalls on Nagle + delayed ACK (~87 ms measured here).
  c.set_tcp_nodelay(true);
  c.set_keep_alive(false);
  const auto secs = [](std::chrono::milliseconds ms) {
    return std::pair<time_t, time_t>(static_cast<time_t>(ms.count() / 1000),
                                     static_cast<time_t>((ms.count() % 1000) * 1000));
  };
  const auto [cs, cus] = secs(m_config.connect_timeout);
  c.set_connection_timeout(cs, cus);
  const auto [rs, rus] = secs(m_config.read_timeout);
  c.set_read_timeout(rs, rus);
  c.set_write_timeout(rs, rus);
}

SyncClient::~SyncClient() = default;

Result<SyncClient::Reply, SyncError> SyncClient::post(std::string_view path,
                                                      const std::string& body) {
  const auto h = signRequest(m_config.identity, "POST", path, body, nowMs());
  httplib::Headers headers = {{kHeaderKiosk, h.kiosk},
                              {kHeaderTimestamp, h.timestamp},
                              {kHeaderNonce, h.nonce},
                              {kHeaderSignature, h.signature}};
  m_http->pin.clear();
  const auto sent = std::chrono::steady_clock::now();
  // Sent straight from `body`: the overload taking a string copies it into the request first.
  auto res = m_http->client.Post(
      std::string(path), headers, body.size(),
      [&body](std::size_t offset, std::size_t length, httplib::DataSink& sink) {
        return sink.write(body.data() + offset, std::min(length, body.size() - offset));
      },
      "application/json");
  if (!res) {
    // The handshake ended before the request was sent: say so plainly, it is not the network.
    if (const auto seen = m_http->pin.mismatch()) {
      return failure(SyncErrorCode::CertificateMismatch,
                     "the office's certificate does not match the one this kiosk was enrolled "
                     "with: office_cert_sha256 is " + m_config.office_cert_sha256 + ", " +
                         m_config.office_url + " presented " + *seen + "; nothing was sent");
    }
    return failure(SyncErrorCode::Network, "office unreachable: " + httplib::to_string(res.error()));
  }
  if (m_config.on_reply) {
    m_config.on_reply(path, std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - sent));
  }
  return Reply{res->status, res->body};
}

namespace {
SyncError replyError(int status, const std::string& body) {
  const auto e = decodeError(body);
  const std::string why = e ? e->error + ": " + e->reason : "HTTP " + std::to_string(status);
  if (status == 401) return {SyncErrorCode::Unauthorized, "the office refused this kiosk: " + why};
  if (status == 409 && e && e->error == "chain_break") {
    return {SyncErrorCode::ChainBreak, "the office refused: " + why};
  }
  if (status == 409 || status == 422) return {SyncErrorCode::Refused, "the office refused: " + why};
  return {SyncErrorCode::Server, "the office failed: " + why};
}
}  // namespace

SyncClient::Batch SyncClient::prepare(std::int64_t after) {
  Batch b;
  b.after = after;
  b.entries = m_journal.outbox(after, std::max(1, m_batch_limit));
  b.body = encodePush(b.entries);
  // Long details (up to 2,000 bytes each, escaped) can make a full batch larger than the office
  // accepts: halve it until it fits (one entry always goes, whatever its size).
  while (b.body.size() > m_config.max_body_bytes && b.entries.size() > 1) {
    b.entries.resize(b.entries.size() / 2);
    b.body = encodePush(b.entries);
  }
  return b;
}

Result<bool, SyncError> SyncClient::pushOnce(RoundReport& rep, std::optional<Batch>& next) {
  const std::int64_t after = m_resend_after.value_or(m_journal.ackedSeq());
  Batch batch = next && next->after == after ? std::move(*next) : prepare(after);
  next.reset();
  if (batch.entries.empty()) return false;
  // While the office checks and merges this batch, read and encode the one after it (used if
  // the office takes this one whole, as it nearly always does).
  auto sending =
      std::async(std::launch::async, [this, &batch] { return post(kPushPath, batch.body); });
  Batch following = prepare(batch.entries.back().kiosk_seq);
  auto reply = sending.get();
  if ((!reply && reply.error().code == SyncErrorCode::Network) || (reply && reply->status == 413)) {
    // A slow or failing link, or an office that takes smaller bodies than we thought: half as
    // many entries next time, so each request has a better chance.
    m_batch_limit = std::max(1, static_cast<int>(batch.entries.size()) / 2);
  }
  if (!reply) return err(reply.error());
  ++rep.push_requests;
  if (reply->status == 409) {
    // A gap: the office holds less than we thought (e.g. restored from a backup). Start again
    // from what it holds; entries it already has are compared and skipped.
    const auto e = decodeError(reply->body);
    if (e && e->error == "gap" && e->held && *e->held < batch.entries.front().kiosk_seq - 1) {
      m_resend_after = *e->held;
      return true;
    }
  }
  if (reply->status == 422) {
    // An entry the office will not take. When it was the batch's first, the office holds its
    // seq (and lists it for staff): go on after it. Else send fewer, so it comes first.
    const auto e = decodeError(reply->body);
    const std::int64_t front = batch.entries.front().kiosk_seq;
    if (e && e->held && *e->held >= front) {
      if (auto st = m_journal.setAcked(*e->held); !st) {
        return failure(SyncErrorCode::Storage, st.error().message);
      }
      m_resend_after.reset();
      ++rep.refused;
      rep.acked = std::max(rep.acked, *e->held);
      return true;
    }
    if (batch.entries.size() > 1) {
      m_batch_limit = std::max(1, static_cast<int>(batch.entries.size()) / 2);
      return true;
    }
  }
  if (reply->status != 200) return err(replyError(reply->status, reply->body));
  auto r = decodePushReply(reply->body);
  if (!r) return failure(SyncErrorCode::BadReply, "push reply: " + r.error());
  const std::int64_t before = m_journal.ackedSeq();
  if (auto st = m_journal.setAcked(r->held); !st) {
    // The office holds an entry of ours this file does not have: the file was rolled back.
    return failure(st.error().code == db::DbErrorCode::Constraint ? SyncErrorCode::ChainBreak
                                                                   : SyncErrorCode::Storage,
                   st.error().message);
  }
  m_resend_after.reset();
  m_batch_limit = std::min(m_config.batch_size, m_batch_limit * 2);
  rep.acked = std::max(before, r->held);
  rep.pushed += std::max<std::int64_t>(0, r->held - before);
  if (r->held < batch.entries.back().kiosk_seq) {
    return failure(SyncErrorCode::BadReply, "the office acknowledged less than it was sent");
  }
  next = std::move(following);
  return true;
}

Result<bool, SyncError> SyncClient::pushEventsOnce(RoundReport& rep) {
  // After the entries: each event goes once its entry (a booking's points) is held.
  const auto events = m_journal.serviceOutbox(static_cast<int>(kMaxServiceEvents));
  if (events.empty()) return false;
  auto reply = post(kPushPath, encodePush({}, events));
  if (!reply) return err(reply.error());
  ++rep.push_requests;
  if (reply->status != 200) return err(replyError(reply->status, reply->body));
  if (auto st = m_journal.ackServiceEvents(events); !st) {
    return failure(SyncErrorCode::Storage, st.error().message);
  }
  rep.service_events += static_cast<int>(events.size());
  return true;
}

Result<bool, SyncError> SyncClient::pushStaffOnce(RoundReport& rep) {
  // After the entries: a day close goes once the office holds the entries it counts.
  const auto work = m_journal.staffOutbox(static_cast<int>(kMaxDayCloses));
  if (work.empty()) return false;
  auto reply = post(kPushPath, encodePush({}, {}, work));
  if (!reply) return err(reply.error());
  ++rep.push_requests;
  if (reply->status != 200) return err(replyError(reply->status, reply->body));
  if (auto st = m_journal.ackStaffWork(work); !st) {
    return failure(SyncErrorCode::Storage, st.error().message);
  }
  rep.staff_items +=
      static_cast<int>(work.movements.size() + work.closes.size() + work.events.size());
  return true;
}

Result<bool, SyncError> SyncClient::pullOnce(RoundReport& rep) {
  const db::PullCursor before = m_journal.pullCursor();
  auto reply = post(kPullPath, encodePullRequest(before));
  if (!reply) return err(reply.error());
  if (reply->status != 200) return err(replyError(reply->status, reply->body));
  auto page = decodePullPage(reply->body);
  if (!page) return failure(SyncErrorCode::BadReply, "pull reply: " + page.error());
  if (auto st = m_journal.applyPull(*page); !st) {
    return failure(SyncErrorCode::Storage, "cannot store what the office sent: " + st.error().message);
  }
  ++rep.pull_pages;
  if (page->next != before || page->boards) rep.pulled_changes = true;
  if (m_on_page) {
    m_on_page({page->more, static_cast<std::int64_t>(page->villagers.size()),
               static_cast<std::int64_t>(page->products.size())});
  }
  return page->more;
}

Result<RoundReport, SyncError> SyncClient::round() {
  RoundReport rep;
  rep.acked = m_journal.ackedSeq();
  // Nothing leaves a file that no longer holds what the office acknowledged.
  if (auto problem = m_journal.chainProblem()) return failure(SyncErrorCode::ChainBreak, *problem);
  // Push first, so the balances pulled next already count what this kiosk sold.
  std::optional<Batch> next;
  while (true) {
    auto more = pushOnce(rep, next);
    if (!more) return err(more.error());
    if (!*more) break;
  }
  while (true) {
    auto more = pushEventsOnce(rep);
    if (!more) return err(more.error());
    if (!*more) break;
  }
  while (true) {
    auto more = pushStaffOnce(rep);
    if (!more) return err(more.error());
    if (!*more) break;
  }
  for (int i = 0; i < m_config.max_pull_pages; ++i) {
    auto more = pullOnce(rep);
    if (!more) return err(more.error());
    if (!*more) break;
  }
  return rep;
}

// ---- SyncWorker ----------------------------------------------------------------------------

SyncWorker::SyncWorker(SyncConfig config) : m_config(std::move(config)) {
  try {
    db::Database d(m_config.db_path, db::OpenMode::ReadOnly);
    db::Ledger ledger(d, m_config.settings);
    m_status.roster_received = db::KioskJournal(ledger, m_config.identity.kiosk_id).rosterReceived();
  } catch (const std::exception&) {
    m_status.roster_received = false;  // no file yet, or not migrated: the first pull will tell
  }
}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
  std::lock_guard lock(m_mutex);
  if (m_thread.joinable()) return;
  m_stopping = false;
  m_thread = std::thread([this] { loop(); });
}

void SyncWorker::stop() {
  {
    std::lock_guard lock(m_mutex);
    m_stopping = true;
  }
  m_wake.notify_all();
  if (m_thread.joinable()) m_thread.join();
}

void SyncWorker::nudge() {
  {
    std::lock_guard lock(m_mutex);
    m_nudged = true;
  }
  m_wake.notify_all();
}

SyncStatus SyncWorker::status() const {
  std::lock_guard lock(m_mutex);
  SyncStatus s = m_status;
  s.office_reachable = s.last_success_ms && s.consecutive_failures == 0 &&
                       nowMs() - *s.last_success_ms <= m_config.reachable_for.count();
  return s;
}

OfflineCheck SyncWorker::checkOfflineLimit(int spent_today, int points) const {
  return rc::sync::checkOfflineLimit(m_config.settings, status().office_reachable, spent_today,
                                     points);
}

std::chrono::milliseconds SyncWorker::backoffDelay(const SyncConfig& c, int failures,
                                                   std::uint64_t random) {
  const auto cap = std::max<std::int64_t>(1, c.backoff_max.count());
  std::int64_t d = std::max<std::int64_t>(1, c.backoff_initial.count());
  for (int i = 1; i < failures && d < cap; ++i) d *= 2;
  d = std::min(d, cap);
  const std::int64_t half = d / 2;
  return std::chrono::milliseconds(half + static_cast<std::int64_t>(random % static_cast<std::uint64_t>(d - half + 1)));
}

void SyncWorker::pageStored(const SyncClient::PageStored& p) {
  {
    std::lock_guard lock(m_mutex);
    if (m_status.roster_received) return;
    ++m_status.roster_pages;
    m_status.roster_villagers += p.villagers;
    m_status.roster_products += p.products;
    if (!p.more) m_status.roster_received = true;
  }
  // The progress screen moves with every page; the last one is told with the round's end,
  // together with the figures it brought.
  if (p.more && m_config.on_status_change) m_config.on_status_change();
}

void SyncWorker::loop() {
  std::mt19937_64 rng(m_config.jitter_seed != 0
                          ? m_config.jitter_seed
                          : static_cast<std::uint64_t>(nowMs()));
  std::unique_ptr<SyncClient> client;
  while (true) {
    std::optional<SyncError> error;
    std::int64_t pending = -1;
    bool pulled_changes = false;
    try {
      if (!client) {
        client = std::make_unique<SyncClient>(m_config);
        client->onPageStored([this](const SyncClient::PageStored& p) { pageStored(p); });
      }
      auto r = client->round();
      if (!r) {
        error = r.error();
      } else {
        pulled_changes = r->pulled_changes;
      }
      pending = client->pendingCount();
    } catch (const std::exception& e) {
      error = SyncError{SyncErrorCode::Storage, std::string("the kiosk's ledger file: ") + e.what()};
      client.reset();
    }
    std::unique_lock lock(m_mutex);
    const SyncStatus before = m_status;
    ++m_status.rounds;
    if (pulled_changes) ++m_status.pulls_with_changes;
    if (pending >= 0) m_status.pending = pending;
    std::chrono::milliseconds wait = m_config.idle_interval;
    if (!error) {
      m_status.last_success_ms = nowMs();
      m_status.last_error.clear();
      m_status.last_error_code.reset();
      m_status.consecutive_failures = 0;
    } else {
      m_status.last_error = error->message;
      m_status.last_error_code = error->code;
      ++m_status.consecutive_failures;
      wait = backoffDelay(m_config, m_status.consecutive_failures, rng());
    }
    // The status bar shows the time of the last success to the minute: a new minute is news.
    constexpr std::int64_t kMinuteMs = 60'000;
    const bool changed =
        before.pending != m_status.pending || before.last_error != m_status.last_error ||
        before.consecutive_failures != m_status.consecutive_failures ||
        before.pulls_with_changes != m_status.pulls_with_changes ||
        before.last_success_ms.value_or(-1) / kMinuteMs != m_status.last_success_ms.value_or(-1) / kMinuteMs;
    if (changed && m_config.on_status_change) {
      lock.unlock();
      m_config.on_status_change();
      lock.lock();
    }
    if (error && error->code == SyncErrorCode::ChainBreak) {
      // Out of service until someone looks at the file: no more rounds.
      m_wake.wait(lock, [&] { return m_stopping; });
      return;
    }
    const bool backing_off = error.has_value();
    m_wake.wait_for(lock, wait, [&] { return m_stopping || (!backing_off && m_nudged); });
    m_nudged = false;
    if (m_stopping) return;
  }
}

}  // namespace rc::sync
