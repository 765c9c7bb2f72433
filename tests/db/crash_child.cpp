// ledger_crash_child DBPATH START_INDEX COUNT
//
// The victim of the crash test: redeems one unit of crash::kSku for crash::kVillagerId, for
// i = START_INDEX .. START_INDEX+COUNT-1, each with a uuid and kiosk sequence number derived
// from i, and acknowledges each one on stdout once redeem() has returned. The parent kills it
// with SIGKILL at random moments; it must never need to clean up.
//
// Exit codes: 0 done, 2 bad arguments, 3 cannot open the ledger, 4 a redemption failed.

#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "core/settings.h"
#include "crash_protocol.h"
#include "db/ledger.h"
#include "db/schema.h"
#include "db/sqlite.h"

namespace {

bool parseIndex(const char* text, std::int64_t& out) {
  if (text == nullptr || *text == '\0') return false;
  char* end = nullptr;
  errno = 0;
  const long long v = std::strtoll(text, &end, 10);
  if (errno != 0 || *end != '\0' || v < 0 || v > 100'000'000) return false;
  out = v;
  return true;
}

// write(2) straight to the pipe: nothing sits in a stdio buffer when the kill comes, and a
// line this short is written atomically (< PIPE_BUF).
bool writeAll(const std::string& line) {
  std::size_t done = 0;
  while (done < line.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, line.data() + done, line.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t start = 0;
  std::int64_t count = 0;
  if (argc != 4 || !parseIndex(argv[2], start) || !parseIndex(argv[3], count)) {
    std::fprintf(stderr, "usage: ledger_crash_child DBPATH START_INDEX COUNT\n");
    return 2;
  }
  using namespace rc;
  try {
    db::Database database(argv[1], db::OpenMode::ReadWrite);
    if (auto st = db::migrate(database); !st) {
      std::fprintf(stderr, "crash child: migrate: %s\n", st.error().message.c_str());
      return 3;
    }
    db::Ledger ledger(database, core::Settings{});
    for (std::int64_t i = start; i < start + count; ++i) {
      db::RedemptionDraft d;
      d.uuid = db::crash::uuidFor(i);
      d.kiosk_id = db::crash::kKioskId;
      d.kiosk_seq = db::crash::kioskSeqFor(i);
      d.villager_id = db::crash::kVillagerId;
      d.lines = {{db::crash::kSku, 1}};
      d.reference = "crash " + std::to_string(i);
      auto r = ledger.redeem(d);
      if (!r) {
        std::fprintf(stderr, "crash child: redemption %lld failed: %s: %s\n",
                     static_cast<long long>(i), std::string(db::toString(r.error().code)).c_str(),
                     r.error().message.c_str());
        return 4;
      }
      if (!writeAll("ACK " + std::to_string(i) + (r->duplicate ? " dup\n" : "\n"))) return 0;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "crash child: %s\n", e.what());
    return 3;
  }
  return 0;
}
