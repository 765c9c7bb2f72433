// Ledger::verify: the audit that proves the materialized numbers and the hash chain.
#include <unordered_map>

#include "core/rules.h"
#include "db/ledger.h"

namespace rc::db {
namespace {

std::string describe(const Entry& e) {
  return "entry " + std::to_string(e.seq) + " (" + e.uuid + ")";
}

}  // namespace

VerifyReport Ledger::verify(const std::function<void(const VerifyProgress&)>& progress) {
  VerifyReport rep;
  auto fail = [&rep](std::optional<std::int64_t> seq, std::string text) {
    if (!rep.first_bad_seq && seq) rep.first_bad_seq = seq;
    rep.ok = false;
    if (rep.problems.size() < 50) rep.problems.push_back(std::move(text));
  };

  // One read transaction: a consistent snapshot even while a kiosk keeps writing.
  if (auto st = m_db.exec("BEGIN"); !st) {
    fail(std::nullopt, "cannot read the ledger: " + st.error().message);
    return rep;
  }
  struct Sums {
    std::int64_t score = 0;
    std::int64_t points = 0;
    std::int64_t count = 0;
  };
  std::unordered_map<core::VillagerId, Sums> sums;
  VerifyProgress prog{0, entryCount()};
  {
    auto st = m_db.prepare(
        "SELECT seq, uuid, kiosk_id, kiosk_seq, villager_id, kind, score_delta, points_delta, "
        "reference, detail, voids_seq, at_ms, hash FROM entries ORDER BY seq");
    Hash prev{};
    std::int64_t expected_seq = 1;
    Entry e;
    while (true) {
      auto row = st.step();
      if (!row) {
        fail(std::nullopt, "cannot read the ledger: " + row.error().message);
        break;
      }
      if (!*row) break;
      e.seq = st.columnInt(0);
      e.uuid.assign(st.columnTextView(1));
      e.kiosk_id.assign(st.columnTextView(2));
      e.kiosk_seq = st.columnInt(3);
      e.villager_id = st.columnInt(4);
      const auto kind = core::entryKindFromString(st.columnTextView(5));
      e.kind = kind.value_or(core::EntryKind::Void);
      e.score_delta = static_cast<int>(st.columnInt(6));
      e.points_delta = static_cast<int>(st.columnInt(7));
      e.reference.assign(st.columnTextView(8));
      e.detail.assign(st.columnTextView(9));
      e.voids_seq.reset();
      if (!st.columnIsNull(10)) e.voids_seq = st.columnInt(10);
      e.at_ms = st.columnInt(11);
      const auto stored = st.columnBlob(12);

      if (e.seq != expected_seq) {
        fail(e.seq, "entries " + std::to_string(expected_seq) + " to " +
                        std::to_string(e.seq - 1) + " are missing before " + describe(e));
      }
      expected_seq = e.seq + 1;
      if (!kind) fail(e.seq, describe(e) + " has an unknown kind");
      const Hash h = chainHash(prev, e);
      if (stored.size() != h.size() ||
          !std::equal(h.begin(), h.end(), reinterpret_cast<const std::uint8_t*>(stored.data()))) {
        fail(e.seq, describe(e) + " was altered: its hash does not match its content");
      }
      if (e.kind != core::EntryKind::Void &&
          !core::checkEntryShape(e.kind, e.score_delta, e.points_delta)) {
        fail(e.seq, describe(e) + " has amounts that do not fit its kind");
      }
      if (e.voids_seq && *e.voids_seq >= e.seq) {
        fail(e.seq, describe(e) + " voids an entry that comes after it");
      }
      // Chain from the stored hash, so one altered row is reported once, not at every later row.
      if (stored.size() == prev.size()) {
        std::copy(stored.begin(), stored.end(), prev.begin());
      }
      auto& s = sums[e.villager_id];
      s.score += e.score_delta;
      s.points += e.points_delta;
      ++s.count;
      ++rep.entries_checked;
      if (progress && (rep.entries_checked % 65536) == 0) {
        prog.done = rep.entries_checked;
        progress(prog);
      }
    }
  }
  {
    // A void must mirror what it reverses, for the same villager.
    auto st = m_db.prepare(
        "SELECT v.seq FROM entries v JOIN entries t ON t.seq = v.voids_seq "
        "WHERE v.villager_id <> t.villager_id OR v.score_delta <> -t.score_delta "
        "OR v.points_delta <> -t.points_delta OR t.kind = 'void' ORDER BY v.seq LIMIT 1");
    if (auto row = st.step(); row && *row) {
      const auto seq = st.columnInt(0);
      fail(seq, "entry " + std::to_string(seq) + " does not mirror the entry it voids");
    }
  }
  {
    auto st = m_db.prepare("SELECT villager_id, score, points, entries FROM balances");
    std::int64_t rows = 0;
    while (true) {
      auto row = st.step();
      if (!row || !*row) break;
      ++rows;
      const auto id = st.columnInt(0);
      const auto it = sums.find(id);
      const Sums s = it == sums.end() ? Sums{} : it->second;
      const auto score = st.columnInt(1);
      const auto points = st.columnInt(2);
      if (score != core::kBaseScore + s.score || points != s.points || st.columnInt(3) != s.count) {
        fail(std::nullopt, "villager " + std::to_string(id) + ": stored score " +
                               std::to_string(score) + " and points " + std::to_string(points) +
                               ", but the entries add up to " +
                               std::to_string(core::kBaseScore + s.score) + " and " +
                               std::to_string(s.points));
      }
      if (it != sums.end()) sums.erase(it);
      ++rep.balances_checked;
    }
    for (const auto& [id, s] : sums) {
      fail(std::nullopt, "villager " + std::to_string(id) + " has entries but no balance");
    }
    (void)rows;
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
  if (progress) {
    prog.done = rep.entries_checked;
    progress(prog);
  }
  return rep;
}

}  // namespace rc::db
