#include "office/systemd_service.h"

#include <sys/stat.h>
#include <systemd/sd-daemon.h>

#include <atomic>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace rc::office::service {
namespace {

std::atomic<bool> g_prefixes{false};

// JOURNAL_STREAM is "DEVICE:INODE", both decimal (systemd.exec(5)).
bool parseDeviceInode(std::string_view text, std::uint64_t& dev, std::uint64_t& ino) {
  if (text.size() > 64) return false;
  const auto colon = text.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size()) return false;
  const char* b = text.data();
  const char* e = text.data() + text.size();
  const auto [p1, ec1] = std::from_chars(b, b + colon, dev);
  if (ec1 != std::errc() || p1 != b + colon) return false;
  const auto [p2, ec2] = std::from_chars(b + colon + 1, e, ino);
  return ec2 == std::errc() && p2 == e;
}

}  // namespace

bool stderrIsJournal() {
  const char* env = std::getenv("JOURNAL_STREAM");
  if (env == nullptr) return false;
  std::uint64_t dev = 0;
  std::uint64_t ino = 0;
  if (!parseDeviceInode(std::string_view(env, ::strnlen(env, 65)), dev, ino)) return false;
  struct stat st {};
  if (::fstat(2, &st) != 0) return false;
  return static_cast<std::uint64_t>(st.st_dev) == dev && static_cast<std::uint64_t>(st.st_ino) == ino;
}

void usePriorityPrefixes(bool on) { g_prefixes = on; }

std::string_view priorityPrefix(Priority p) {
  if (!g_prefixes) return {};
  switch (p) {
    case Priority::Error: return SD_ERR;
    case Priority::Warning: return SD_WARNING;
    case Priority::Notice: return SD_NOTICE;
    case Priority::Info: return SD_INFO;
  }
  return SD_INFO;
}

void notifyReady(const std::string& status) {
  const std::string message = "READY=1\nSTATUS=" + status;
  (void)sd_notify(0, message.c_str());
}

void notifyStopping() { (void)sd_notify(0, "STOPPING=1\nSTATUS=stopping"); }

void notifyWatchdog() { (void)sd_notify(0, "WATCHDOG=1"); }

std::chrono::microseconds watchdogInterval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0) return std::chrono::microseconds{0};
  return std::chrono::microseconds{static_cast<std::int64_t>(usec)};
}

}  // namespace rc::office::service
