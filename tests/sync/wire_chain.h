#pragma once
// Hand-built kiosk entries for the protocol's edge cases, given the hashes a kiosk's own file
// would give them (db::kioskChainHash), as anyone holding a kiosk's key could compute them:
// the chain proves continuity, not authority.

#include <map>
#include <string>
#include <vector>

#include "db/office_sync.h"

namespace rc::sync::test {

class WireChain {
 public:
  explicit WireChain(std::string kiosk_id) : m_kiosk(std::move(kiosk_id)) {}

  // Entries past the last one seen chain on from it; an entry at a seq already seen gets the
  // hash that seq had (a retry, or a conflicting entry at a held seq).
  std::vector<db::WireEntry> operator()(std::vector<db::WireEntry> batch) {
    for (auto& w : batch) {
      if (auto it = m_hashes.find(w.kiosk_seq); it != m_hashes.end()) {
        w.hash = it->second;
        continue;
      }
      std::optional<std::int64_t> target;
      if (w.voids_uuid) {
        if (auto t = m_seqs.find(*w.voids_uuid); t != m_seqs.end()) target = t->second;
      }
      w.hash = db::kioskChainHash(m_head, m_kiosk, w, target);
      m_head = w.hash;
      m_hashes[w.kiosk_seq] = w.hash;
      m_seqs[w.uuid] = w.kiosk_seq;
    }
    return batch;
  }
  const db::Hash& head() const noexcept { return m_head; }

 private:
  std::string m_kiosk;
  db::Hash m_head{};
  std::map<std::int64_t, db::Hash> m_hashes;
  std::map<std::string, std::int64_t> m_seqs;
};

}  // namespace rc::sync::test
