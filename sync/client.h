#pragma once
// The kiosk's sync client: pushes the journal's outbox to the office in batches, then pulls
// changes, over signed requests (sync/protocol.h) on HTTPS with the office's certificate pinned
// (sync/tls.h). SyncClient runs one round on the caller's thread; SyncWorker runs rounds on its
// own thread with exponential backoff and jitter and publishes a SyncStatus for the status bar.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/result.h"
#include "core/settings.h"
#include "db/kiosk_journal.h"
#include "sync/offline_policy.h"
#include "sync/protocol.h"

namespace rc::sync {

// The office's address as a kiosk config gives it: "https://HOST:PORT", HOST a name or an IPv4
// address, nothing after the port. The error is one plain sentence saying what to write
// instead (for http://, the same address with https://).
struct OfficeAddress {
  std::string host;
  int port = 0;
};
Result<OfficeAddress, std::string> parseOfficeUrl(std::string_view url);

struct SyncConfig {
  std::string office_url;  // e.g. "https://192.168.1.10:8080" (parseOfficeUrl)
  // The SHA-256 of the office's certificate (64 hex digits, as enroll-kiosk prints it): the
  // client talks to no other.
  std::string office_cert_sha256;
  KioskIdentity identity;
  std::string db_path;     // the kiosk's own ledger file
  core::Settings settings;
  int batch_size = static_cast<int>(kMaxBatchEntries);  // entries per push, at most
  std::size_t max_body_bytes = kMaxBodyBytes;             // the office's cap on a request body
  int max_pull_pages = 1000;  // per round, so one round always ends
  std::chrono::milliseconds idle_interval{5000};
  std::chrono::milliseconds backoff_initial{500};
  std::chrono::milliseconds backoff_max{60000};
  std::chrono::milliseconds connect_timeout{2000};
  std::chrono::milliseconds read_timeout{10000};
  // The office counts as reachable this long after the last successful round.
  std::chrono::milliseconds reachable_for{60000};
  std::uint64_t jitter_seed = 0;  // 0: from the clock
  // Called on the worker's thread after a round that changed what status() shows (the kiosk
  // wakes its event loop with it). Must not block or call back into the worker.
  std::function<void()> on_status_change;
  // Called after each request the office answered (on the thread that sent it; one at a
  // time), with its path and the time from sending to the whole reply read (the load
  // benchmark's latencies). Must not block.
  std::function<void(std::string_view path, std::chrono::microseconds took)> on_reply;
};

enum class SyncErrorCode {
  Network,       // no connection, timeout, cut response
  CertificateMismatch,  // the office presented another certificate than the pinned one
  Unauthorized,  // 401: the kiosk's identity is not accepted
  Refused,       // 409/422: a gap or conflict the office will not take
  Server,        // 4xx/5xx otherwise
  BadReply,      // the office answered something we cannot parse
  Storage,       // the kiosk's own file failed
  // The kiosk's file no longer holds what the office acknowledged, or the office refused a
  // push as not extending the chain it holds (409 chain_break): the file was rolled back,
  // replaced or edited. The kiosk goes out of service; the worker stops syncing.
  ChainBreak,
};
std::string_view toString(SyncErrorCode c) noexcept;

struct SyncError {
  SyncErrorCode code = SyncErrorCode::Network;
  std::string message;
};

struct RoundReport {
  std::int64_t pushed = 0;  // entries the office newly acknowledged
  int push_requests = 0;
  int service_events = 0;  // service events the office took
  int staff_items = 0;     // stock movements, day closes and lockouts the office took
  int pull_pages = 0;
  std::int64_t acked = 0;
  bool pulled_changes = false;  // a pulled page moved the cursor: new figures, roster or boards
  int refused = 0;  // entries the office refused for good (it lists them; they do not block)
};

// Owns its own connection to the kiosk file (WAL) and an HTTP client. One thread at a time.
class SyncClient {
 public:
  // Throws (start-up) when the kiosk file cannot be opened or migrated, or the office's URL
  // or fingerprint is malformed.
  explicit SyncClient(SyncConfig config);
  ~SyncClient();
  SyncClient(const SyncClient&) = delete;
  SyncClient& operator=(const SyncClient&) = delete;

  Result<RoundReport, SyncError> round();
  // Called after each pulled page is stored (on the caller's thread), with the page's rows:
  // the first pull's progress. Must not block.
  struct PageStored {
    bool more = false;
    std::int64_t villagers = 0;
    std::int64_t products = 0;
  };
  void onPageStored(std::function<void(const PageStored&)> f) { m_on_page = std::move(f); }
  std::int64_t pendingCount() { return m_journal.pendingCount(); }
  db::KioskJournal& journal() noexcept { return m_journal; }

 private:
  struct Reply {
    int status = 0;
    std::string body;
  };
  // Entries after `after` from the outbox, encoded: at most m_batch_limit of them, and fewer
  // when their body would pass max_body_bytes.
  struct Batch {
    std::int64_t after = 0;
    std::vector<db::WireEntry> entries;
    std::string body;
  };
  Result<Reply, SyncError> post(std::string_view path, const std::string& body);
  Batch prepare(std::int64_t after);
  // False when nothing was left to send. `next` carries a batch read ahead to the next call.
  Result<bool, SyncError> pushOnce(RoundReport& rep, std::optional<Batch>& next);
  Result<bool, SyncError> pullOnce(RoundReport& rep);  // false when the office has no more
  // Sends the service events whose entries the office holds; false when none was left.
  Result<bool, SyncError> pushEventsOnce(RoundReport& rep);
  // Sends the staff work waiting (KioskJournal::staffOutbox); false when none was left.
  Result<bool, SyncError> pushStaffOnce(RoundReport& rep);

  SyncConfig m_config;
  db::Database m_db;
  db::Ledger m_ledger;
  db::KioskJournal m_journal;
  struct Http;
  std::unique_ptr<Http> m_http;
  std::optional<std::int64_t> m_resend_after;  // the office asked us to start again here
  // Entries per push: half of what failed after a network failure or a 413, doubled back (up
  // to batch_size) after each success.
  int m_batch_limit = 0;
  std::function<void(const PageStored&)> m_on_page;
};

struct SyncStatus {
  std::optional<std::int64_t> last_success_ms;  // Unix ms of the last complete round
  std::int64_t pending = 0;                     // entries not yet acknowledged by the office
  std::string last_error;                       // empty after a successful round
  std::optional<SyncErrorCode> last_error_code;  // with last_error
  int consecutive_failures = 0;
  bool office_reachable = false;
  std::uint64_t rounds = 0;              // rounds finished, successful or not
  std::uint64_t pulls_with_changes = 0;  // rounds whose pull brought something new
  // The kiosk file's first pull (KioskJournal::rosterReceived): until it has run to its last
  // page the kiosk does not know the village, and says so instead of "unknown card".
  bool roster_received = false;
  int roster_pages = 0;                // while not: pages of it stored so far
  std::int64_t roster_villagers = 0;   // and the villagers and products in them
  std::int64_t roster_products = 0;
};

// Runs SyncClient rounds on a background thread. All public functions are thread-safe.
class SyncWorker {
 public:
  // Reads the kiosk file once (whether its first pull has finished) so that status() is right
  // before the first round; a file that cannot be read yet counts as not received.
  explicit SyncWorker(SyncConfig config);
  ~SyncWorker();  // stops and joins
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  void start();
  void stop();
  // Something new is in the journal: sync soon (does not cut a backoff short).
  void nudge();
  SyncStatus status() const;
  // The offline-limit check for a redemption of `points` by a villager who already spent
  // `spent_today` offline today (KioskJournal::offlineSpentToday).
  OfflineCheck checkOfflineLimit(int spent_today, int points) const;
  // The delay before retry number `failures` (1, 2, …): exponential, capped, jittered into
  // [d/2, d] so that kiosks coming back together do not retry in step.
  static std::chrono::milliseconds backoffDelay(const SyncConfig& c, int failures,
                                                std::uint64_t random);

 private:
  void loop();
  void pageStored(const SyncClient::PageStored& p);

  SyncConfig m_config;
  mutable std::mutex m_mutex;
  std::condition_variable m_wake;
  bool m_stopping = false;
  bool m_nudged = false;
  SyncStatus m_status;
  std::thread m_thread;
};

}  // namespace rc::sync
