#include "support/fault_vfs.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <new>
#include <random>
#include <stdexcept>
#include <vector>

namespace rc::test {

namespace {

constexpr const char* kName = "rc-fault";
constexpr std::int64_t kSector = 512;

// One unsynced change to a file: what it overwrote (bytes up to the end of the file as it was)
// and what it wrote (empty for a truncation).
struct Change {
  std::int64_t order = 0;  // across every file, for the last write before the cut
  std::int64_t offset = 0;
  std::vector<unsigned char> before;
  std::vector<unsigned char> after;
};

struct FileLog {
  std::int64_t synced_size = 0;  // valid while `changes` is not empty
  std::vector<Change> changes;
  FileCounts counts;
};

}  // namespace

struct FaultVfs::State {
  sqlite3_vfs vfs{};
  sqlite3_vfs* real = nullptr;
  std::mutex mutex;
  std::map<std::string, FileLog> logs;  // by full path
  std::int64_t ops = 0;
  std::int64_t writes = 0;
  std::int64_t order = 0;
  // A power cut: armed at operation `cut_at` (0: none); `dead` once it happened.
  std::int64_t cut_at = 0;
  CutMode mode = CutMode::Discard;
  std::uint64_t seed = 0;
  bool dead = false;
  // A full or failing disk from write `fail_from` on (0: none).
  std::int64_t fail_from = 0;
  int fail_code = SQLITE_FULL;
  bool read_only = false;
};

namespace {

FaultVfs::State* g_state = nullptr;  // the one installed

struct ShimFile {
  sqlite3_file base;  // first: SQLite sees a ShimFile as its sqlite3_file
  sqlite3_file* real;
  std::string* path;  // tracked files only (the ledger, its WAL, a journal); nullptr otherwise
};

sqlite3_file* realOf(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f)->real; }
ShimFile* shimOf(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }

std::string baseName(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

// Reads what [offset, offset+amount) holds now, up to the end of the file.
int readBefore(sqlite3_file* real, std::int64_t offset, int amount, std::int64_t size,
               std::vector<unsigned char>& out) {
  const std::int64_t have = std::max<std::int64_t>(0, std::min<std::int64_t>(amount, size - offset));
  out.resize(static_cast<std::size_t>(have));
  if (have == 0) return SQLITE_OK;
  return real->pMethods->xRead(real, out.data(), static_cast<int>(have), offset);
}

// Starts a file's unsynced log: the size it had at its last sync.
int startLog(FileLog& log, sqlite3_file* real) {
  if (!log.changes.empty()) return SQLITE_OK;
  sqlite3_int64 size = 0;
  const int rc = real->pMethods->xFileSize(real, &size);
  log.synced_size = size;
  return rc;
}

// True when this operation is the one the power goes at (or it is already gone).
bool powerFails(FaultVfs::State& s) {
  if (s.dead) return true;
  ++s.ops;
  if (s.cut_at > 0 && s.ops >= s.cut_at) {
    s.dead = true;
    return true;
  }
  return false;
}

int shimClose(sqlite3_file* f) {
  ShimFile* shim = shimOf(f);
  const int rc = shim->real->pMethods ? shim->real->pMethods->xClose(shim->real) : SQLITE_OK;
  delete shim->path;
  shim->path = nullptr;
  return rc;
}

int shimRead(sqlite3_file* f, void* buf, int amount, sqlite3_int64 offset) {
  {
    std::lock_guard lock(g_state->mutex);
    if (g_state->dead) return SQLITE_IOERR_READ;
  }
  return realOf(f)->pMethods->xRead(realOf(f), buf, amount, offset);
}

int shimWrite(sqlite3_file* f, const void* buf, int amount, sqlite3_int64 offset) {
  ShimFile* shim = shimOf(f);
  FaultVfs::State& s = *g_state;
  std::lock_guard lock(s.mutex);
  if (s.dead || s.read_only) return SQLITE_IOERR_WRITE;
  if (!shim->path) return shim->real->pMethods->xWrite(shim->real, buf, amount, offset);
  ++s.writes;
  if (s.fail_from > 0 && s.writes >= s.fail_from) return s.fail_code;
  if (powerFails(s)) return SQLITE_IOERR_WRITE;
  FileLog& log = s.logs[*shim->path];
  if (const int rc = startLog(log, shim->real); rc != SQLITE_OK) return rc;
  sqlite3_int64 size = 0;
  if (const int rc = shim->real->pMethods->xFileSize(shim->real, &size); rc != SQLITE_OK) return rc;
  Change c;
  c.order = ++s.order;
  c.offset = offset;
  if (const int rc = readBefore(shim->real, offset, amount, size, c.before); rc != SQLITE_OK) {
    return rc;
  }
  const int rc = shim->real->pMethods->xWrite(shim->real, buf, amount, offset);
  if (rc != SQLITE_OK) return rc;
  const auto* bytes = static_cast<const unsigned char*>(buf);
  c.after.assign(bytes, bytes + amount);
  log.changes.push_back(std::move(c));
  ++log.counts.writes;
  log.counts.bytes += amount;
  return SQLITE_OK;
}

int shimTruncate(sqlite3_file* f, sqlite3_int64 size) {
  ShimFile* shim = shimOf(f);
  FaultVfs::State& s = *g_state;
  std::lock_guard lock(s.mutex);
  if (s.dead || s.read_only) return SQLITE_IOERR_TRUNCATE;
  if (!shim->path) return shim->real->pMethods->xTruncate(shim->real, size);
  FileLog& log = s.logs[*shim->path];
  if (const int rc = startLog(log, shim->real); rc != SQLITE_OK) return rc;
  sqlite3_int64 now = 0;
  if (const int rc = shim->real->pMethods->xFileSize(shim->real, &now); rc != SQLITE_OK) return rc;
  if (size < now) {
    Change c;
    c.order = ++s.order;
    c.offset = size;
    if (const int rc = readBefore(shim->real, size, static_cast<int>(now - size), now, c.before);
        rc != SQLITE_OK) {
      return rc;
    }
    log.changes.push_back(std::move(c));
  }
  ++log.counts.truncates;
  return shim->real->pMethods->xTruncate(shim->real, size);
}

int shimSync(sqlite3_file* f, int flags) {
  ShimFile* shim = shimOf(f);
  FaultVfs::State& s = *g_state;
  std::lock_guard lock(s.mutex);
  if (s.dead) return SQLITE_IOERR_FSYNC;
  if (!shim->path) return shim->real->pMethods->xSync(shim->real, flags);
  if (powerFails(s)) return SQLITE_IOERR_FSYNC;
  const int rc = shim->real->pMethods->xSync(shim->real, flags);
  if (rc != SQLITE_OK) return rc;
  FileLog& log = s.logs[*shim->path];
  log.changes.clear();  // on the disk now
  ++log.counts.syncs;
  return SQLITE_OK;
}

// The rest passes through.
int shimFileSize(sqlite3_file* f, sqlite3_int64* size) {
  return realOf(f)->pMethods->xFileSize(realOf(f), size);
}
int shimLock(sqlite3_file* f, int level) { return realOf(f)->pMethods->xLock(realOf(f), level); }
int shimUnlock(sqlite3_file* f, int level) {
  return realOf(f)->pMethods->xUnlock(realOf(f), level);
}
int shimCheckReservedLock(sqlite3_file* f, int* out) {
  return realOf(f)->pMethods->xCheckReservedLock(realOf(f), out);
}
int shimFileControl(sqlite3_file* f, int op, void* arg) {
  return realOf(f)->pMethods->xFileControl(realOf(f), op, arg);
}
int shimSectorSize(sqlite3_file* f) { return realOf(f)->pMethods->xSectorSize(realOf(f)); }
int shimDeviceCharacteristics(sqlite3_file* f) {
  return realOf(f)->pMethods->xDeviceCharacteristics(realOf(f));
}
int shimShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return realOf(f)->pMethods->xShmMap(realOf(f), region, size, extend, out);
}
int shimShmLock(sqlite3_file* f, int offset, int n, int flags) {
  return realOf(f)->pMethods->xShmLock(realOf(f), offset, n, flags);
}
void shimShmBarrier(sqlite3_file* f) { realOf(f)->pMethods->xShmBarrier(realOf(f)); }
int shimShmUnmap(sqlite3_file* f, int delete_flag) {
  return realOf(f)->pMethods->xShmUnmap(realOf(f), delete_flag);
}

// Version 2: no xFetch, so SQLite reads through xRead and never maps the file.
const sqlite3_io_methods kMethods = {
    2,
    shimClose,
    shimRead,
    shimWrite,
    shimTruncate,
    shimSync,
    shimFileSize,
    shimLock,
    shimUnlock,
    shimCheckReservedLock,
    shimFileControl,
    shimSectorSize,
    shimDeviceCharacteristics,
    shimShmMap,
    shimShmLock,
    shimShmBarrier,
    shimShmUnmap,
    nullptr,
    nullptr,
};

constexpr int kTracked = SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_WAL | SQLITE_OPEN_MAIN_JOURNAL;

int shimOpen(sqlite3_vfs*, sqlite3_filename name, sqlite3_file* f, int flags, int* out_flags) {
  FaultVfs::State& s = *g_state;
  ShimFile* shim = shimOf(f);
  shim->base.pMethods = nullptr;
  shim->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(ShimFile));
  shim->path = nullptr;
  const bool tracked = name != nullptr && (flags & kTracked) != 0;
  {
    std::lock_guard lock(s.mutex);
    if (s.dead) return SQLITE_CANTOPEN;
    // What unix does when O_RDWR is refused: open read-only and say so.
    if (s.read_only && tracked && (flags & SQLITE_OPEN_READWRITE) != 0) {
      flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) | SQLITE_OPEN_READONLY;
    }
  }
  std::memset(shim->real, 0, static_cast<std::size_t>(s.real->szOsFile));
  const int rc = s.real->xOpen(s.real, name, shim->real, flags, out_flags);
  if (rc != SQLITE_OK) {
    if (shim->real->pMethods) shim->real->pMethods->xClose(shim->real);
    return rc;
  }
  if (tracked) shim->path = new std::string(name);
  shim->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int shimDelete(sqlite3_vfs*, const char* name, int sync_dir) {
  FaultVfs::State& s = *g_state;
  {
    std::lock_guard lock(s.mutex);
    if (s.dead || s.read_only) return SQLITE_IOERR_DELETE;
    // A deletion is taken as durable at once.
    if (name) {
      if (auto it = s.logs.find(name); it != s.logs.end()) it->second.changes.clear();
    }
  }
  return s.real->xDelete(s.real, name, sync_dir);
}

// Puts `path` back as it was at its last sync; in Tear mode `torn` (one of its changes) then
// lands partly.
void undo(const std::string& path, const FileLog& log, const Change* torn, std::int64_t keep) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    throw std::runtime_error("fault_vfs: cannot reopen " + path + ": " + std::strerror(errno));
  }
  auto check = [&](bool ok, const char* what) {
    if (ok) return;
    const int e = errno;
    ::close(fd);
    throw std::runtime_error(std::string("fault_vfs: ") + what + " " + path + ": " +
                             std::strerror(e));
  };
  for (auto it = log.changes.rbegin(); it != log.changes.rend(); ++it) {
    if (it->before.empty()) continue;
    const auto n = ::pwrite(fd, it->before.data(), it->before.size(), it->offset);
    check(n == static_cast<ssize_t>(it->before.size()), "pwrite");
  }
  check(::ftruncate(fd, log.synced_size) == 0, "ftruncate");
  if (torn && keep > 0) {
    const auto n = ::pwrite(fd, torn->after.data(), static_cast<std::size_t>(keep), torn->offset);
    check(n == keep, "pwrite");
  }
  check(::fsync(fd) == 0, "fsync");
  ::close(fd);
}

}  // namespace

FaultVfs::FaultVfs() : m_state(std::make_unique<State>()) {
  if (g_state) throw std::logic_error("fault_vfs: one FaultVfs at a time");
  State& s = *m_state;
  s.real = sqlite3_vfs_find("unix");
  if (!s.real) throw std::runtime_error("fault_vfs: SQLite has no unix VFS");
  s.vfs = *s.real;  // the calls that touch no file (randomness, time, paths) are unix's own
  s.vfs.iVersion = std::min(s.real->iVersion, 3);
  s.vfs.pNext = nullptr;
  s.vfs.zName = kName;
  s.vfs.szOsFile = static_cast<int>(sizeof(ShimFile)) + s.real->szOsFile;
  s.vfs.pAppData = nullptr;
  s.vfs.xOpen = shimOpen;
  s.vfs.xDelete = shimDelete;
  g_state = &s;
  if (sqlite3_vfs_register(&s.vfs, 1) != SQLITE_OK) {
    g_state = nullptr;
    throw std::runtime_error("fault_vfs: cannot register the VFS");
  }
}

FaultVfs::~FaultVfs() {
  sqlite3_vfs_unregister(&m_state->vfs);
  sqlite3_vfs_register(m_state->real, 1);
  g_state = nullptr;
}

std::int64_t FaultVfs::operations() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->ops;
}

void FaultVfs::armPowerCut(std::int64_t nth, CutMode mode, std::uint64_t seed) {
  std::lock_guard lock(m_state->mutex);
  m_state->cut_at = m_state->ops + std::max<std::int64_t>(1, nth);
  m_state->mode = mode;
  m_state->seed = seed;
}

bool FaultVfs::powerIsOff() const {
  std::lock_guard lock(m_state->mutex);
  return m_state->dead;
}

CutReport FaultVfs::restoreAfterCut() {
  State& s = *m_state;
  std::lock_guard lock(s.mutex);
  CutReport report;
  // The last write before the cut, to tear.
  const Change* last = nullptr;
  const std::string* last_path = nullptr;
  for (const auto& [path, log] : s.logs) {
    for (const auto& c : log.changes) {
      if (!c.after.empty() && (!last || c.order > last->order)) {
        last = &c;
        last_path = &path;
      }
    }
  }
  std::int64_t keep = 0;
  if (s.mode == CutMode::Tear && last) {
    std::mt19937_64 rng(s.seed);
    const auto length = static_cast<std::int64_t>(last->after.size());
    const std::int64_t sectors = (length + kSector - 1) / kSector;
    // Some whole sectors reached the disk and the rest did not; a write of one sector or less
    // is all or nothing.
    if (sectors <= 1) {
      keep = std::uniform_int_distribution<int>(0, 1)(rng) ? length : 0;
    } else {
      keep = kSector * std::uniform_int_distribution<std::int64_t>(1, sectors - 1)(rng);
    }
    report.torn = true;
    report.torn_file = baseName(*last_path);
    report.torn_kept = keep;
    report.torn_length = length;
  }
  for (auto& [path, log] : s.logs) {
    if (log.changes.empty()) continue;
    ++report.files;
    report.writes_lost += static_cast<std::int64_t>(log.changes.size());
    const bool tears_here = report.torn && &path == last_path;
    undo(path, log, tears_here ? last : nullptr, tears_here ? keep : 0);
  }
  for (auto& entry : s.logs) entry.second.changes.clear();
  s.dead = false;
  s.cut_at = 0;
  return report;
}

void FaultVfs::failWritesFrom(std::int64_t nth, int sqlite_code) {
  std::lock_guard lock(m_state->mutex);
  m_state->fail_from = m_state->writes + std::max<std::int64_t>(1, nth);
  m_state->fail_code = sqlite_code;
}

void FaultVfs::diskHasRoom() {
  std::lock_guard lock(m_state->mutex);
  m_state->fail_from = 0;
}

void FaultVfs::setReadOnly(bool read_only) {
  std::lock_guard lock(m_state->mutex);
  m_state->read_only = read_only;
}

std::map<std::string, FileCounts> FaultVfs::counts() const {
  std::lock_guard lock(m_state->mutex);
  std::map<std::string, FileCounts> out;
  for (const auto& [path, log] : m_state->logs) {
    FileCounts& c = out[baseName(path)];
    c.writes += log.counts.writes;
    c.syncs += log.counts.syncs;
    c.bytes += log.counts.bytes;
    c.truncates += log.counts.truncates;
  }
  return out;
}

}  // namespace rc::test
