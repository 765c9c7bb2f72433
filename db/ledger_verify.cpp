// Ledger::verify: the audit that proves the materialized numbers and the hash chain.
//
// Speed (a town ledger holds ten million entries): one SQLite scan tops out below two million
// rows a second, so the entries are split by seq into ranges, each scanned in seq order by its
// own read-only connection (the caller's connection takes the first). The highest seq is read
// once inside the caller's read transaction and every reader stops there: entries are
// append-only, so each reader's snapshot holds the same rows up to it. Each row's fields are
// serialized straight from SQLite's buffers into a chunk of canonical bytes (no Entry, no
// std::string per field); the chunk is hashed (libcrypto SHA-256, SHA extensions) on a worker
// thread while the next chunk is read. Every entry chains from the previous entry's *stored*
// hash, so a range starts from the stored hash (and seq) of the entry before it, exactly as a
// one-thread walk would, and the entries of a chunk hash independently. Problems are merged
// back in seq order, so the report reads the same as a one-thread walk.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <future>
#include <limits>
#include <thread>
#include <unordered_map>

#include "core/rules.h"
#include "db/ledger.h"
#include "db/sha256.h"

namespace rc::db {
namespace {

constexpr std::size_t kChunkEntries = 32768;

// Per entry, checks run in this order, so that one entry's problems read as before.
enum class Check : int { Gap = 0, Kind = 1, Hash = 2, Shape = 3, VoidOrder = 4 };

struct EntryProblem {
  std::int64_t seq = 0;
  Check check = Check::Gap;
  std::string text;
};

struct Sums {
  std::int64_t score = 0;
  std::int64_t points = 0;
  std::int64_t count = 0;
  Sums& operator+=(const Sums& o) noexcept {
    score += o.score;
    points += o.points;
    count += o.count;
    return *this;
  }
};

// Per-villager sums: a flat table for the usual dense ids, a map for any others.
class SumTable {
 public:
  Sums& at(std::int64_t id) {
    if (id >= 0 && id < kDense) {
      const auto i = static_cast<std::size_t>(id);
      if (i >= m_dense.size()) {
        m_dense.resize(std::max(i + 1, m_dense.size() * 2));
        m_seen.resize(m_dense.size());
      }
      m_seen[i] = 1;
      return m_dense[i];
    }
    return m_sparse[id];
  }
  // Takes the sums of `id` out of the table (zero when it has no entries).
  Sums take(std::int64_t id) {
    if (id >= 0 && id < kDense) {
      const auto i = static_cast<std::size_t>(id);
      if (i >= m_dense.size() || !m_seen[i]) return {};
      m_seen[i] = 0;
      return m_dense[i];
    }
    const auto it = m_sparse.find(id);
    if (it == m_sparse.end()) return {};
    const Sums s = it->second;
    m_sparse.erase(it);
    return s;
  }
  // Adds another table's sums (a range scanned by another reader).
  void add(const SumTable& o) {
    for (std::size_t i = 0; i < o.m_seen.size(); ++i) {
      if (o.m_seen[i]) at(static_cast<std::int64_t>(i)) += o.m_dense[i];
    }
    for (const auto& [id, s] : o.m_sparse) m_sparse[id] += s;
  }
  // Villagers whose sums were not taken: entries but no balance.
  template <class F>
  void forEachLeft(F&& f) const {
    for (std::size_t i = 0; i < m_seen.size(); ++i) {
      if (m_seen[i]) f(static_cast<std::int64_t>(i));
    }
    for (const auto& [id, s] : m_sparse) f(id);
  }

 private:
  static constexpr std::int64_t kDense = std::int64_t{1} << 24;
  std::vector<Sums> m_dense;
  std::vector<std::uint8_t> m_seen;
  std::unordered_map<std::int64_t, Sums> m_sparse;
};

// A run of entries: their canonical bytes back to back, and what the hasher compares them to.
struct Chunk {
  std::vector<std::uint8_t> bytes;
  std::vector<std::uint32_t> ends;  // end of each entry's bytes in `bytes`
  std::vector<Hash> stored;
  std::vector<std::uint8_t> stored_ok;  // the stored hash is 32 bytes
  std::vector<std::int64_t> seqs;
  struct Delta {
    std::int64_t villager_id, score, points;
  };
  std::vector<Delta> deltas;           // summed per villager by the hasher, off the reading thread
  std::vector<EntryProblem> problems;  // found while reading, in seq order
  std::vector<std::size_t> altered;    // indexes whose hash does not match (hasher)

  void clear() {
    bytes.clear();
    ends.clear();
    stored.clear();
    stored_ok.clear();
    seqs.clear();
    deltas.clear();
    problems.clear();
    altered.clear();
  }
  std::size_t size() const noexcept { return seqs.size(); }
};

// Hashes entries [from, to) of a chunk; returns the indexes that do not match.
std::vector<std::size_t> hashRange(const Chunk& c, std::size_t from, std::size_t to) {
  std::vector<std::size_t> bad;
  auto& sha = Sha256::local();
  for (std::size_t i = from; i < to; ++i) {
    const std::uint32_t begin = i == 0 ? 0 : c.ends[i - 1];
    const auto h = sha.digest({c.bytes.data() + begin, c.ends[i] - begin});
    if (!c.stored_ok[i] || h != c.stored[i]) bad.push_back(i);
  }
  return bad;
}

// Hashes a chunk and adds its amounts to the villagers' sums (one chunk at a time, so the
// table is never touched by two threads at once).
void hashChunk(Chunk& c, unsigned helpers, SumTable& sums) {
  for (const auto& d : c.deltas) {
    auto& s = sums.at(d.villager_id);
    s.score += d.score;
    s.points += d.points;
    ++s.count;
  }
  const std::size_t n = c.size();
  if (helpers <= 1 || n < 1024) {
    c.altered = hashRange(c, 0, n);
    return;
  }
  std::vector<std::future<std::vector<std::size_t>>> parts;
  const std::size_t step = (n + helpers - 1) / helpers;
  for (std::size_t from = step; from < n; from += step) {
    parts.push_back(
        std::async(std::launch::async, hashRange, std::cref(c), from, std::min(n, from + step)));
  }
  c.altered = hashRange(c, 0, std::min(n, step));
  for (auto& p : parts) {
    auto more = p.get();
    c.altered.insert(c.altered.end(), more.begin(), more.end());
  }
}

// The uuid as serialized: after the previous hash (32), seq (8) and the uuid's length (8).
std::string_view uuidIn(const Chunk& c, std::size_t i) {
  const std::uint32_t begin = i == 0 ? 0 : c.ends[i - 1];
  const std::uint8_t* p = c.bytes.data() + begin;
  std::uint64_t len = 0;
  for (int b = 0; b < 8; ++b) len |= static_cast<std::uint64_t>(p[40 + b]) << (8 * b);
  return {reinterpret_cast<const char*>(p + 48), static_cast<std::size_t>(len)};
}

std::string describe(std::int64_t seq, std::string_view uuid) {
  return "entry " + std::to_string(seq) + " (" + std::string(uuid) + ")";
}

struct VoidRow {
  std::int64_t seq, target, villager_id, score_delta, points_delta;
};

// A range of seqs (lo, hi] and where the chain stands just before it.
struct Range {
  std::int64_t lo = 0, hi = 0;
  Hash prev{};                    // the last 32-byte stored hash before the range (zero if none)
  std::int64_t expected_seq = 1;  // the seq after the last entry before the range
};

// What one reader found in its range; the ranges are merged in seq order.
struct RangeResult {
  static constexpr std::size_t kKeep = 50;  // a report keeps no more problems than this
  std::vector<EntryProblem> problems;       // the first kKeep, in seq order
  std::optional<std::string> read_error;    // the scan stopped here
  std::vector<VoidRow> voids;
  SumTable sums;
  std::int64_t entries = 0;
};

// Scans one range on `db`, which must be inside a read transaction.
RangeResult scanRange(Database& db, const Range& range, unsigned helpers,
                      std::atomic<std::int64_t>& done,
                      const std::function<void(std::int64_t)>& progress) {
  RangeResult out;
  // Reports a hashed chunk: its problems and its altered entries, merged in seq order.
  auto report = [&](Chunk& c) {
    if (out.problems.size() >= RangeResult::kKeep) return;
    std::vector<EntryProblem> hashed;
    hashed.reserve(c.altered.size());
    for (const auto i : c.altered) {
      hashed.push_back({c.seqs[i], Check::Hash,
                        describe(c.seqs[i], uuidIn(c, i)) +
                            " was altered: its hash does not match its content"});
    }
    std::merge(std::make_move_iterator(c.problems.begin()),
               std::make_move_iterator(c.problems.end()), std::make_move_iterator(hashed.begin()),
               std::make_move_iterator(hashed.end()), std::back_inserter(out.problems),
               [](const EntryProblem& a, const EntryProblem& b) {
                 return a.seq != b.seq ? a.seq < b.seq : a.check < b.check;
               });
    if (out.problems.size() > RangeResult::kKeep) out.problems.resize(RangeResult::kKeep);
  };
  Chunk chunks[2];
  int cur = 0;
  std::future<void> hashing;  // of chunks[1 - cur]
  auto handOff = [&] {
    if (hashing.valid()) {
      hashing.get();
      report(chunks[1 - cur]);
      chunks[1 - cur].clear();
    }
    if (chunks[cur].size() > 0) {
      hashing = std::async(std::launch::async, hashChunk, std::ref(chunks[cur]), helpers,
                           std::ref(out.sums));
      cur = 1 - cur;
    }
  };

  auto st = db.prepare(
      "SELECT seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, points_delta, "
      "reference, detail, voids_seq, at_ms, hash FROM entries WHERE seq > ? AND seq <= ? "
      "ORDER BY seq");
  st.bind(1, range.lo).bind(2, range.hi);
  Hash prev = range.prev;
  std::int64_t expected_seq = range.expected_seq;
  std::int64_t unreported = 0;  // rows not yet added to `done`
  EntryFields f;
  while (true) {
    auto row = st.step();
    if (!row) {
      handOff();
      handOff();
      out.read_error = "cannot read the ledger: " + row.error().message;
      break;
    }
    if (!*row) break;
    Chunk& c = chunks[cur];
    f.seq = st.columnInt(0);
    f.uuid = st.columnTextView(1);
    f.kiosk_id = st.columnTextView(2);
    f.kiosk_seq = st.columnInt(3);
    f.villager_id = st.columnInt(4);
    const std::string_view kind_text = st.columnTextView(5);
    const auto kind = core::entryKindFromString(kind_text);
    // A known kind hashes as its canonical name, an unknown one as "void" (as an Entry would).
    f.kind = core::toString(kind.value_or(core::EntryKind::Void));
    f.score_delta = st.columnInt(6);
    f.points_delta = st.columnInt(7);
    f.reference = st.columnTextView(8);
    f.detail = st.columnTextView(9);
    f.voids_seq.reset();
    if (!st.columnIsNull(10)) {
      f.voids_seq = st.columnInt(10);
      out.voids.push_back({f.seq, *f.voids_seq, f.villager_id, st.columnInt(6), st.columnInt(7)});
    }
    f.at_ms = st.columnInt(11);
    const auto stored = st.columnBlob(12);

    if (f.seq != expected_seq) {
      c.problems.push_back({f.seq, Check::Gap,
                            "entries " + std::to_string(expected_seq) + " to " +
                                std::to_string(f.seq - 1) + " are missing before " +
                                describe(f.seq, f.uuid)});
    }
    expected_seq = f.seq + 1;
    if (!kind)
      c.problems.push_back({f.seq, Check::Kind, describe(f.seq, f.uuid) + " has an unknown kind"});
    const auto e_kind = kind.value_or(core::EntryKind::Void);
    // Every kind is bounded (a void mirrors a bounded entry); the sums below add only bounded
    // amounts, so no stored value, however altered, can overflow them.
    const auto shape = core::checkEntryShape(e_kind, f.score_delta, f.points_delta);
    const bool bounded = shape || shape.error() != core::EntryShapeError::OverBound;
    if (!shape && (e_kind != core::EntryKind::Void || !bounded)) {
      c.problems.push_back({f.seq, Check::Shape, describe(f.seq, f.uuid) + " has amounts that do not fit its kind (" +
                                                     std::string(core::explain(shape.error())) + ")"});
    }
    if (f.voids_seq && *f.voids_seq >= f.seq) {
      c.problems.push_back({f.seq, Check::VoidOrder,
                            describe(f.seq, f.uuid) + " voids an entry that comes after it"});
    }

    appendChainBytes(c.bytes, prev, f);
    c.ends.push_back(static_cast<std::uint32_t>(c.bytes.size()));
    c.seqs.push_back(f.seq);
    Hash h{};
    const bool ok = stored.size() == h.size();
    if (ok) std::copy(stored.begin(), stored.end(), h.begin());
    c.stored.push_back(h);
    c.stored_ok.push_back(ok ? 1 : 0);
    // Chain from the stored hash, so one altered row is reported once, not at every later row.
    if (ok) prev = h;

    c.deltas.push_back({f.villager_id, bounded ? f.score_delta : 0, bounded ? f.points_delta : 0});
    ++out.entries;
    if (c.size() >= kChunkEntries || c.bytes.size() > (std::size_t{64} << 20)) handOff();
    if (++unreported == 65536) {
      const auto now = done.fetch_add(unreported) + unreported;
      unreported = 0;
      if (progress) progress(now);
    }
  }
  handOff();  // the last partial chunk
  handOff();  // and its report
  done.fetch_add(unreported);
  return out;
}

// Where the chain stands after the entries up to `seq`, read on `db` (inside its snapshot).
Range rangeAfter(Database& db, std::int64_t seq) {
  Range r;
  r.lo = seq;
  auto last = db.prepare("SELECT seq, hash FROM entries WHERE seq <= ? ORDER BY seq DESC LIMIT 1");
  last.bind(1, seq);
  if (auto row = last.step(); !row || !*row) return r;
  r.expected_seq = last.columnInt(0) + 1;
  auto blob = last.columnBlob(1);
  if (blob.size() != r.prev.size()) {
    // A stored hash of the wrong length is skipped by the chain, as in the scan.
    auto valid = db.prepare(
        "SELECT hash FROM entries WHERE seq <= ? AND length(hash) = ? ORDER BY seq DESC LIMIT 1");
    valid.bind(1, seq).bind(2, static_cast<std::int64_t>(r.prev.size()));
    if (auto row = valid.step(); row && *row) {
      blob = valid.columnBlob(0);
      std::copy(blob.begin(), blob.end(), r.prev.begin());
    }
    return r;
  }
  std::copy(blob.begin(), blob.end(), r.prev.begin());
  return r;
}

bool inMemory(const std::string& path) {
  return path.empty() || path == ":memory:" || path.starts_with("file:");
}

// One reader's connection: read-only, mapped, inside its own read transaction. The hash of the
// range's highest entry is checked against the caller's, so a reader that somehow sees another
// file (or another history) is not used: its range is scanned on the caller's connection.
struct Reader {
  std::optional<Database> db;
  bool begun = false;
  ~Reader() {
    if (db && begun) (void)db->exec("COMMIT");
  }
};

bool openReader(Reader& r, const std::string& path, std::int64_t top_seq, const Hash& top_hash) {
  try {
    r.db.emplace(path, OpenMode::ReadOnly);
  } catch (const DbException&) {
    return false;
  }
  (void)r.db->exec("PRAGMA mmap_size = 68719476736");
  if (!r.db->exec("BEGIN").ok()) return false;
  r.begun = true;
  auto st = r.db->prepare("SELECT hash FROM entries WHERE seq = ?");
  st.bind(1, top_seq);
  auto row = st.step();
  if (!row || !*row) return false;
  const auto blob = st.columnBlob(0);
  return blob.size() == top_hash.size() &&
         std::memcmp(blob.data(), top_hash.data(), top_hash.size()) == 0;
}

}  // namespace

VerifyReport Ledger::verify(const std::function<void(const VerifyProgress&)>& progress,
                            const VerifyOptions& options) {
  VerifyReport rep;
  auto fail = [&rep](std::optional<std::int64_t> seq, std::string text) {
    if (!rep.first_bad_seq && seq) rep.first_bad_seq = seq;
    rep.ok = false;
    if (rep.problems.size() < 50) rep.problems.push_back(std::move(text));
  };

  // Map the file for the scan rather than copying every page through read(); put back
  // whatever the connection had before.
  std::int64_t mmap_before = 0;
  {
    auto st = m_db.prepare("PRAGMA mmap_size");
    if (auto row = st.step(); row && *row) mmap_before = st.columnInt(0);
  }
  (void)m_db.exec("PRAGMA mmap_size = 68719476736");
  // One read transaction: a consistent snapshot even while a kiosk keeps writing.
  if (auto st = m_db.exec("BEGIN"); !st) {
    fail(std::nullopt, "cannot read the ledger: " + st.error().message);
    (void)m_db.exec("PRAGMA mmap_size = " + std::to_string(mmap_before));
    return rep;
  }
  SumTable sums;
  std::vector<VoidRow> voids;
  // The snapshot's first and last seq (each an index probe; counting ten million rows would
  // cost more than half a second). Every reader stops at the last; the progress total is the
  // span, which is the count in a ledger without gaps.
  std::int64_t min_seq = 0, max_seq = 0;
  Hash top_hash{};
  bool top_ok = false;
  {
    auto first = m_db.prepare("SELECT seq FROM entries ORDER BY seq LIMIT 1");
    auto last = m_db.prepare("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1");
    if (auto row = first.step(); row && *row) min_seq = first.columnInt(0);
    if (auto row = last.step(); row && *row) {
      max_seq = last.columnInt(0);
      const auto blob = last.columnBlob(1);
      top_ok = blob.size() == top_hash.size();
      if (top_ok) std::memcpy(top_hash.data(), blob.data(), top_hash.size());
    }
  }
  VerifyProgress prog{0, max_seq >= min_seq && max_seq > 0 ? max_seq - min_seq + 1 : 0};
  {
    const unsigned hw = std::max(2u, std::thread::hardware_concurrency());
    // One reader per core (at most four); each hands its chunks to a hashing thread. Reading
    // is the larger part of the work, so on two cores two readers beat one reader and one
    // hasher: 10M town entries, alternating runs, 2.37-2.59M against 1.68-1.70M entries/s.
    std::int64_t readers =
        options.readers > 0 ? options.readers : std::clamp<std::int64_t>(hw, 1, 4);
    const std::int64_t span = max_seq - min_seq + 1;
    readers = std::min(
        readers,
        std::max<std::int64_t>(1, span / std::max<std::int64_t>(1, options.min_range_entries)));
    if (inMemory(m_db.path()) || !top_ok || prog.total == 0) readers = 1;
    const unsigned helpers = readers == 1 ? std::min(4u, hw - 1)
                                          : std::max(1u, (hw - 1) / static_cast<unsigned>(readers));

    std::vector<Range> ranges;
    ranges.push_back(Range{std::numeric_limits<std::int64_t>::min(), max_seq, Hash{}, 1});
    for (std::int64_t i = 1; i < readers; ++i) {
      const std::int64_t boundary = min_seq - 1 + span / readers * i;
      ranges.back().hi = boundary;
      Range next = rangeAfter(m_db, boundary);
      next.hi = max_seq;
      ranges.push_back(next);
    }

    std::atomic<std::int64_t> done{0};
    std::function<void(std::int64_t)> tick;
    if (progress) {
      tick = [&](std::int64_t now) {
        prog.done = now;
        progress(prog);
      };
    }
    // Ranges 1.. on their own connections and threads; range 0 here, on the caller's.
    std::vector<Reader> conns(ranges.size());
    std::vector<std::future<RangeResult>> others(ranges.size());
    const std::function<void(std::int64_t)> silent;
    for (std::size_t i = 1; i < ranges.size(); ++i) {
      if (!openReader(conns[i], m_db.path(), max_seq, top_hash)) continue;
      others[i] = std::async(std::launch::async, [&, i] {
        return scanRange(*conns[i].db, ranges[i], helpers, done, silent);
      });
    }
    std::vector<RangeResult> results;
    results.reserve(ranges.size());
    results.push_back(scanRange(m_db, ranges[0], helpers, done, tick));
    rep.readers = 1;
    for (std::size_t i = 1; i < ranges.size(); ++i) {
      if (others[i].valid()) ++rep.readers;
      results.push_back(others[i].valid() ? others[i].get()
                                          : scanRange(m_db, ranges[i], helpers, done, tick));
    }
    conns.clear();  // ends the readers' transactions

    // In seq order; a range that could not be read ends the scan there, as one walk would.
    for (auto& r : results) {
      for (auto& p : r.problems) fail(p.seq, std::move(p.text));
      sums.add(r.sums);
      voids.insert(voids.end(), r.voids.begin(), r.voids.end());
      rep.entries_checked += r.entries;
      if (r.read_error) {
        fail(std::nullopt, std::move(*r.read_error));
        break;
      }
    }
  }
  {
    // A void must mirror what it reverses, for the same villager: the voids noted during the
    // scan are compared with their targets by seq (a second scan of every entry would cost
    // as much as the first).
    auto st = m_db.prepare(
        "SELECT villager_id, score_delta, points_delta, kind FROM entries WHERE seq = ?");
    for (const auto& v : voids) {
      st.bind(1, v.target);
      auto row = st.step();
      if (row && *row &&
          (st.columnInt(0) != v.villager_id || st.columnInt(1) != -v.score_delta ||
           st.columnInt(2) != -v.points_delta || st.columnTextView(3) == "void")) {
        fail(v.seq, "entry " + std::to_string(v.seq) + " does not mirror the entry it voids");
        break;
      }
      st.reset();
    }
  }
  {
    auto st = m_db.prepare("SELECT villager_id, score, points, entries FROM balances");
    while (true) {
      auto row = st.step();
      if (!row || !*row) break;
      const auto id = st.columnInt(0);
      const Sums s = sums.take(id);
      const auto score = st.columnInt(1);
      const auto points = st.columnInt(2);
      if (score != core::kBaseScore + s.score || points != s.points || st.columnInt(3) != s.count) {
        fail(std::nullopt,
             "villager " + std::to_string(id) + ": stored score " + std::to_string(score) +
                 " and points " + std::to_string(points) + ", but the entries add up to " +
                 std::to_string(core::kBaseScore + s.score) + " and " + std::to_string(s.points));
      }
      ++rep.balances_checked;
    }
    sums.forEachLeft([&](std::int64_t id) {
      fail(std::nullopt, "villager " + std::to_string(id) + " has entries but no balance");
    });
  }
  {
    auto st = m_db.prepare(
        "SELECT p.sku, p.stock, COALESCE((SELECT SUM(m.delta) FROM stock_movements m "
        "WHERE m.product_id = p.id), 0) FROM products p ORDER BY p.id");
    while (true) {
      auto row = st.step();
      if (!row || !*row) break;
      ++rep.products_checked;
      if (st.columnInt(1) != st.columnInt(2)) {
        fail(std::nullopt, "product " + st.columnText(0) + ": stock " +
                               std::to_string(st.columnInt(1)) + ", but its movements add up to " +
                               std::to_string(st.columnInt(2)));
      }
    }
  }
  (void)m_db.exec("COMMIT");
  (void)m_db.exec("PRAGMA mmap_size = " + std::to_string(mmap_before));
  if (progress) {
    // The span counted any missing seqs; the walk is done either way.
    prog.done = prog.total = rep.entries_checked;
    progress(prog);
  }
  return rep;
}

}  // namespace rc::db
