// Ledger::verify: the audit that proves the materialized numbers and the hash chain.
//
// Speed (a town ledger holds ten million entries): one sequential scan in seq order; each row's
// fields are serialized straight from SQLite's buffers into a chunk of canonical bytes (no
// Entry, no std::string per field); the chunk is hashed (libcrypto SHA-256, SHA extensions) on
// a worker thread while the next chunk is read. Every entry chains from the previous entry's
// *stored* hash, so the entries of a chunk hash independently. Problems are merged back in seq
// order, so the report reads the same as a one-thread walk.
#include <algorithm>
#include <future>
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
  std::vector<Delta> deltas;  // summed per villager by the hasher, off the reading thread
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
    parts.push_back(std::async(std::launch::async, hashRange, std::cref(c), from, std::min(n, from + step)));
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

}  // namespace

VerifyReport Ledger::verify(const std::function<void(const VerifyProgress&)>& progress) {
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
  struct VoidRow {
    std::int64_t seq, target, villager_id, score_delta, points_delta;
  };
  std::vector<VoidRow> voids;
  VerifyProgress prog{0, entryCount()};
  {
    // Reports a hashed chunk: its problems and its altered entries, merged in seq order.
    auto report = [&](Chunk& c) {
      std::vector<EntryProblem> hashed;
      hashed.reserve(c.altered.size());
      for (const auto i : c.altered) {
        hashed.push_back({c.seqs[i], Check::Hash,
                          describe(c.seqs[i], uuidIn(c, i)) +
                              " was altered: its hash does not match its content"});
      }
      std::vector<EntryProblem> all;
      all.reserve(c.problems.size() + hashed.size());
      std::merge(std::make_move_iterator(c.problems.begin()), std::make_move_iterator(c.problems.end()),
                 std::make_move_iterator(hashed.begin()), std::make_move_iterator(hashed.end()),
                 std::back_inserter(all), [](const EntryProblem& a, const EntryProblem& b) {
                   return a.seq != b.seq ? a.seq < b.seq : a.check < b.check;
                 });
      for (auto& p : all) fail(p.seq, std::move(p.text));
    };
    const unsigned hw = std::max(2u, std::thread::hardware_concurrency());
    const unsigned helpers = std::min(4u, hw - 1);
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
        hashing = std::async(std::launch::async, hashChunk, std::ref(chunks[cur]), helpers, std::ref(sums));
        cur = 1 - cur;
      }
    };

    auto st = m_db.prepare(
        "SELECT seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, points_delta, "
        "reference, detail, voids_seq, at_ms, hash FROM entries ORDER BY seq");
    Hash prev{};
    std::int64_t expected_seq = 1;
    EntryFields f;
    while (true) {
      auto row = st.step();
      if (!row) {
        handOff();
        handOff();
        fail(std::nullopt, "cannot read the ledger: " + row.error().message);
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
        voids.push_back({f.seq, *f.voids_seq, f.villager_id, st.columnInt(6), st.columnInt(7)});
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
      if (!kind) c.problems.push_back({f.seq, Check::Kind, describe(f.seq, f.uuid) + " has an unknown kind"});
      const auto e_kind = kind.value_or(core::EntryKind::Void);
      if (e_kind != core::EntryKind::Void &&
          !core::checkEntryShape(e_kind, static_cast<int>(f.score_delta), static_cast<int>(f.points_delta))) {
        c.problems.push_back({f.seq, Check::Shape, describe(f.seq, f.uuid) + " has amounts that do not fit its kind"});
      }
      if (f.voids_seq && *f.voids_seq >= f.seq) {
        c.problems.push_back({f.seq, Check::VoidOrder, describe(f.seq, f.uuid) + " voids an entry that comes after it"});
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

      c.deltas.push_back({f.villager_id, f.score_delta, f.points_delta});
      ++rep.entries_checked;
      if (c.size() >= kChunkEntries || c.bytes.size() > (std::size_t{64} << 20)) handOff();
      if (progress && (rep.entries_checked % 65536) == 0) {
        prog.done = rep.entries_checked;
        progress(prog);
      }
    }
    handOff();  // the last partial chunk
    handOff();  // and its report
  }
  {
    // A void must mirror what it reverses, for the same villager: the voids noted during the
    // scan are compared with their targets by seq (a second scan of every entry would cost
    // as much as the first).
    auto st = m_db.prepare("SELECT villager_id, score_delta, points_delta, kind FROM entries WHERE seq = ?");
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
        fail(std::nullopt, "villager " + std::to_string(id) + ": stored score " +
                               std::to_string(score) + " and points " + std::to_string(points) +
                               ", but the entries add up to " +
                               std::to_string(core::kBaseScore + s.score) + " and " +
                               std::to_string(s.points));
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
    prog.done = rep.entries_checked;
    progress(prog);
  }
  return rep;
}

}  // namespace rc::db
