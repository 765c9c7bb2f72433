#pragma once
// rc-office under systemd: priorities for the journal on stderr lines (sd-daemon(3)'s "<N>"
// prefixes) and sd_notify(3) messages (READY, WATCHDOG, STOPPING, STATUS) for a Type=notify
// unit. Outside systemd both do nothing: no prefixes unless main() turned them on because
// stderr is the journal's stream, and no messages without NOTIFY_SOCKET.
// Thread-safety: every function may be called from any thread.

#include <chrono>
#include <string>
#include <string_view>

namespace rc::office::service {

// The syslog priorities the office uses (sd-daemon.h's SD_ERR … SD_INFO).
enum class Priority : int { Error = 3, Warning = 4, Notice = 5, Info = 6 };

// True when standard error is the journal's stream: JOURNAL_STREAM ("DEVICE:INODE", set by
// systemd for StandardError=journal) names the file descriptor 2 points at.
bool stderrIsJournal();

// Turned on once by main() when stderr is the journal; off by default (tests, terminals).
void usePriorityPrefixes(bool on);

// "<3>" … "<6>" when priority prefixes are on, else "". Put it before each line written.
std::string_view priorityPrefix(Priority p);

// sd_notify(3): "READY=1" with a STATUS line; nothing without NOTIFY_SOCKET.
void notifyReady(const std::string& status);
// "STOPPING=1": the service is shutting down cleanly.
void notifyStopping();
// "WATCHDOG=1": the service is alive.
void notifyWatchdog();
// The watchdog interval the unit asked for (WatchdogSec, via WATCHDOG_USEC for this
// process), or zero when there is none.
std::chrono::microseconds watchdogInterval();

}  // namespace rc::office::service
