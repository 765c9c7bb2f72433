#pragma once
// The demo village (东岛刘家村, seed 1, latest month 2026-11) built once per test binary into a
// temporary file, and fresh copies of it for each test, so tests can redeem without seeing each
// other's entries. Plus small readers of the ledger for assertions.

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "core/settings.h"
#include "db/catalog.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/schema.h"
#include "db/sqlite.h"
#include "office/demo_village.h"
#include "support/temp_dir.h"

namespace rc::kiosk::test {

// No display in tests: every rc-kiosk child runs on SDL's dummy driver.
inline const bool kDummyVideo = [] { return ::setenv("SDL_VIDEODRIVER", "dummy", 1) == 0; }();

inline const std::string& demoVillagePath() {
  static const std::unique_ptr<rc::test::TempDir> dir = [] {
    auto d = std::make_unique<rc::test::TempDir>();
    db::Database db(d->file("village.db"));
    if (!db::migrate(db)) throw std::runtime_error("migrate failed");
    db::Ledger ledger(db, core::Settings{});
    office::buildDemoVillage(ledger, office::DemoOptions{1, {2026, 11}});
    return d;
  }();
  static const std::string path = dir->file("village.db");
  return path;
}

// A private copy of the demo village in `dir`.
inline std::string villageCopy(const rc::test::TempDir& dir, const std::string& name = "v.db") {
  const std::string to = dir.file(name);
  std::filesystem::copy_file(demoVillagePath(), to,
                             std::filesystem::copy_options::overwrite_existing);
  return to;
}

struct Someone {
  core::VillagerId id = 0;
  std::string name;
  std::string card;
  std::int64_t points = 0;
  std::int64_t score = 0;
};

// The villager with the most (or fewest) points, or the lowest score, with a card.
enum class Pick { MostPoints, FewestPoints, LowestScore };
inline Someone pick(db::Database& d, Pick how) {
  db::Roster roster(d);
  db::Ledger ledger(d, core::Settings{});
  Someone best;
  bool have = false;
  for (const auto& v : roster.villagers()) {
    const auto cards = roster.cardsOf(v.id);
    const auto b = ledger.balance(v.id);
    if (cards.empty() || !b) continue;
    Someone s{v.id, v.name, cards.front(), b->points, b->score};
    const bool better = !have || (how == Pick::MostPoints && s.points > best.points) ||
                        (how == Pick::FewestPoints && s.points < best.points) ||
                        (how == Pick::LowestScore && s.score < best.score);
    if (better) {
      best = s;
      have = true;
    }
  }
  return best;
}

inline std::int64_t entryCount(const std::string& path) {
  db::Database d(path, db::OpenMode::ReadOnly);
  return db::Ledger(d, core::Settings{}).entryCount();
}

// Entries of one kind ("redemption", "booking", "void") in the ledger at `path`.
inline std::int64_t entryCountOfKind(const std::string& path, std::string_view kind) {
  db::Database d(path, db::OpenMode::ReadOnly);
  auto st = d.prepare("SELECT count(*) FROM entries WHERE kind = ?");
  st.bind(1, kind);
  auto row = st.step();
  return row && *row ? st.columnInt(0) : -1;
}

inline bool verifies(const std::string& path) {
  db::Database d(path, db::OpenMode::ReadOnly);
  return db::Ledger(d, core::Settings{}).verify().ok;
}

inline core::Product product(db::Database& d, const std::string& sku) {
  for (const auto& p : db::Catalog(d).products(false)) {
    if (p.sku == sku) return p;
  }
  ADD_FAILURE() << "no product " << sku;
  return {};
}

}  // namespace rc::kiosk::test
