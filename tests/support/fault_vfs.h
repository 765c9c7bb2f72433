#pragma once
// A SQLite VFS for tests that wraps the default one ("unix") and misbehaves on purpose, the way
// a village's power and cheap disks do:
//  - It records every write and sync of the ledger's files (the database, its write-ahead log,
//    a rollback journal), per file, and keeps what each unsynced write overwrote.
//  - A power cut, armed at a chosen write or sync: that operation and everything after it fails
//    (SQLITE_IOERR: the machine is dead), and once every connection is closed
//    restoreAfterCut() puts each file back as it was at its last sync, which is all a disk
//    promises to keep. In the Tear mode the last write before the cut is left half done: a
//    whole number of 512-byte sectors of it reached the platter, the rest did not.
//  - A full disk or a failing one: from a chosen write on, writes fail with SQLITE_FULL or
//    SQLITE_IOERR_WRITE until diskHasRoom().
//  - A read-only ledger: tests run as root, which ignores file modes, so the shim does what the
//    kernel does for a file mode 0444 or a file system remounted read-only: every new open is
//    read-only (as unix's own fallback when O_RDWR is refused) and writes on files already
//    open fail with SQLITE_IOERR_WRITE (EROFS).
//
// Installing one makes it SQLite's default VFS, so every connection the code under test opens
// (rc::db::Database passes no VFS name) goes through it; the destructor makes "unix" the default
// again. One at a time per process. Thread-safe: connections on other threads (a background
// checkpoint, verify's readers) may use it at once.

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace rc::test {

enum class CutMode {
  Discard,  // every unsynced write is lost
  Tear,     // and the last one is torn: a prefix of its sectors reached the disk
};

struct FileCounts {
  std::int64_t writes = 0;
  std::int64_t syncs = 0;
  std::int64_t bytes = 0;
  std::int64_t truncates = 0;
};

// What restoreAfterCut() undid.
struct CutReport {
  int files = 0;                  // files that had unsynced writes
  std::int64_t writes_lost = 0;   // unsynced writes undone
  bool torn = false;              // a write was left half done
  std::string torn_file;          // its file's name (no directory)
  std::int64_t torn_kept = 0;     // bytes of it kept
  std::int64_t torn_length = 0;   // of its length
};

class FaultVfs {
 public:
  FaultVfs();
  ~FaultVfs();
  FaultVfs(const FaultVfs&) = delete;
  FaultVfs& operator=(const FaultVfs&) = delete;

  // Writes plus syncs of the tracked files so far: what armPowerCut counts in.
  std::int64_t operations() const;
  // The power goes at the `nth` write or sync from now (1: the very next one). `seed` chooses
  // how much of a torn write is kept.
  void armPowerCut(std::int64_t nth, CutMode mode, std::uint64_t seed);
  // Whether the armed cut has happened.
  bool powerIsOff() const;
  // Call once every connection is closed: brings each file back to its last sync (tearing the
  // last write in Tear mode) and turns the power back on. Throws std::runtime_error when a file
  // cannot be put back.
  CutReport restoreAfterCut();

  // From the `nth` write from now on, every write fails with `sqlite_code` (SQLITE_FULL or
  // SQLITE_IOERR_WRITE); syncs and reads still work.
  void failWritesFrom(std::int64_t nth, int sqlite_code);
  // The disk has room (or works) again.
  void diskHasRoom();
  // See the header comment: opens become read-only, writes on open files fail.
  void setReadOnly(bool read_only);

  // Per file name (no directory), since the shim was installed.
  std::map<std::string, FileCounts> counts() const;

  struct State;  // shared with the C callbacks

 private:
  std::unique_ptr<State> m_state;
};

}  // namespace rc::test
