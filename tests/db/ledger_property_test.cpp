// A randomized property test of the ledger: thousands of awards, deductions, volunteer hours,
// fund rewards, redemptions, voids, retries, bookings and cancellations, each its own append
// on a real file, against an independent model kept in the test. After every operation the
// ledger's balances must equal the model and the SQL sums of the entries; the audit runs every
// 100 operations and at the end.
//
// Fixed seeds make a failure reproducible; RC_PROPERTY_OPS overrides the operations per seed.
//
// Sections: ScratchDir · the model (VillagerModel … Submission) · LedgerProperty: set-up,
// randomness, operations (one method per kind, each predicting its outcome from the model),
// checks · the parameterized test over the fixed seeds.

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/rules.h"
#include "db/catalog.h"
#include "db/ledger.h"
#include "db/roster.h"
#include "db/schema.h"
#include "db/services.h"
#include "village_fixture.h"

namespace rc::db {
namespace {

using core::CartError;
using core::EntryKind;

constexpr std::int64_t kDayMs = 86'400'000;

// The ledger file lives in shared memory when there is some: every commit here is a real
// synchronous=FULL commit, and on tmpfs the fsync that would dominate the runtime is free.
// The crash test covers durability on a real disk. RC_PROPERTY_DIR picks another place.
class ScratchDir {
 public:
  ScratchDir() {
    std::filesystem::path base = std::filesystem::temp_directory_path();
    std::error_code ec;
    if (const char* dir = std::getenv("RC_PROPERTY_DIR"); dir != nullptr && *dir != '\0') {
      base = dir;
    } else if (std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0) {
      base = "/dev/shm";
    }
    std::string tmpl = (base / "rc-property-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    m_path = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return (m_path / name).string(); }

 private:
  std::filesystem::path m_path;
};

struct VillagerModel {
  core::VillagerId id = 0;
  std::int64_t score = core::kBaseScore;
  std::int64_t points = 0;
  std::int64_t entries = 0;
};

struct ProductModel {
  std::string sku;
  int price = 0;
  std::int64_t stock = 0;
  int limit = 0;  // 0: the settings' default
  bool welfare = false;
};

struct SlotModel {
  std::int64_t id = 0;
  int capacity = 0;
  int booked = 0;
  int cost = 0;
};

struct EntryModel {
  std::int64_t seq = 0;
  std::size_t villager = 0;  // index into the villagers
  EntryKind kind = EntryKind::CouncilAward;
  int score = 0;
  int points = 0;
  std::vector<core::CartLine> lines;  // redemptions
  bool voided = false;
  bool booking = false;  // voided only by cancelling the booking
};

struct BookingModel {
  std::string uuid;
  std::size_t slot = 0;
  std::size_t villager = 0;
  int cost = 0;
  std::optional<std::int64_t> entry_seq;
  bool cancelled = false;
};

// A request that succeeded, kept to be submitted again as a retry.
struct Submission {
  enum class Type { Append, Redeem, Void, Book } type = Type::Append;
  EntryDraft append;
  RedemptionDraft redeem;
  VoidDraft voiding;
  BookingDraft book;
  std::int64_t seq = 0;         // the entry it recorded
  std::int64_t booking_id = 0;  // for bookings
};

struct Tally {
  std::map<std::string, int> ok;
  std::map<std::string, int> refused;
};

class LedgerProperty {
 public:
  LedgerProperty(std::uint64_t seed, int ops)
      : m_seed(seed),
        m_ops(ops),
        m_rng(seed),
        m_db(m_dir.file("ledger.db")),
        m_ledger(m_db, core::Settings{}),
        m_services(m_ledger) {}

  void run() {
    setUp();
    if (::testing::Test::HasFatalFailure()) return;
    for (m_op = 0; m_op < m_ops; ++m_op) {
      step();
      checkAgainstModel();
      if (::testing::Test::HasFailure()) {
        ADD_FAILURE() << "seed " << m_seed << " failed at operation " << m_op << " (" << m_last
                      << ")";
        return;
      }
      if ((m_op + 1) % 100 == 0) expectVerified();
    }
    expectVerified();
  }

  const Tally& tally() const noexcept { return m_tally; }
  std::int64_t entries() { return m_ledger.entryCount(); }

 private:
  // --- set-up ---------------------------------------------------------------------------

  void setUp() {
    auto st = migrate(m_db);
    ASSERT_TRUE(st.ok()) << st.error().message;
    Roster roster(m_db);
    auto grid = roster.addGrid("第一网格");
    ASSERT_TRUE(grid.ok());
    for (int h = 0; h < 3; ++h) {
      auto household = roster.addHousehold(*grid, "东岛路" + std::to_string(h + 1) + "号", false);
      ASSERT_TRUE(household.ok());
      for (int v = 0; v < 2; ++v) {
        Villager villager;
        villager.household_id = *household;
        villager.name = "村民" + std::to_string(h * 2 + v + 1);
        villager.birth_year = 1950 + h * 10 + v;
        auto id = roster.addVillager(villager);
        ASSERT_TRUE(id.ok());
        if (v == 0) {
          ASSERT_TRUE(roster.setHouseholdHead(*household, *id).ok());
        }
        m_villagers.push_back({*id});
      }
    }
    Catalog catalog(m_db);
    const ProductModel products[] = {
        {"RICE-5KG", 30, 8, 0, false},
        {"OIL-1L", 25, 6, 3, false},
        {"SOAP", 5, 20, 0, false},
        {"MOONCAKE", 12, 4, 2, true},  // festival welfare: score >= 1005
    };
    for (const auto& p : products) {
      core::Product row;
      row.sku = p.sku;
      row.name = p.sku;
      row.category = "超市";
      row.price_points = p.price;
      row.per_order_limit = p.limit;
      row.requires_welfare = p.welfare;
      ASSERT_TRUE(catalog.addProduct(row).ok());
      ASSERT_TRUE(
          catalog.moveStock(p.sku, static_cast<int>(p.stock), "receive", std::nullopt, nowMs(), "")
              .ok());
      m_products.push_back(p);
    }
    ASSERT_TRUE(m_services.addStation(core::StationKind::Laundry, "净衣社").ok());
    const std::int64_t start = nowMs() + 30 * kDayMs;
    const std::pair<int, int> slots[] = {{2, 0}, {3, 5}, {1, 12}, {4, 20}};
    for (std::size_t i = 0; i < std::size(slots); ++i) {
      auto id = m_services.addSlot(core::StationKind::Laundry,
                                   start + static_cast<std::int64_t>(i) * kDayMs, slots[i].first,
                                   slots[i].second);
      ASSERT_TRUE(id.ok());
      m_slots.push_back({*id, slots[i].first, 0, slots[i].second});
    }
  }

  // --- randomness -----------------------------------------------------------------------

  int uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(m_rng); }
  bool chance(int percent) { return uniform(1, 100) <= percent; }
  template <class T>
  std::size_t pick(const std::vector<T>& v) {
    return static_cast<std::size_t>(uniform(0, static_cast<int>(v.size()) - 1));
  }

  std::string nextUuid() {
    return "p" + std::to_string(m_seed) + "-" + std::to_string(m_uuidCounter++);
  }

  // One of the office (numbers allocated) or two kiosks (numbers chosen by the kiosk).
  void chooseKiosk(std::string& kiosk_id, std::int64_t& kiosk_seq) {
    switch (uniform(0, 2)) {
      case 0:
        kiosk_id = std::string(kOfficeKioskId);
        kiosk_seq = 0;
        break;
      case 1:
        kiosk_id = "kiosk-a";
        kiosk_seq = ++m_kioskSeq[0];
        break;
      default:
        kiosk_id = "kiosk-b";
        kiosk_seq = ++m_kioskSeq[1];
        break;
    }
  }

  // --- operations -----------------------------------------------------------------------

  void step() {
    const int roll = uniform(1, 100);
    if (roll <= 10) return award();
    if (roll <= 18) return deduction();
    if (roll <= 25) return volunteer();
    if (roll <= 35) return fundReward();
    if (roll <= 58) return redeem();
    if (roll <= 68) return voidSomething();
    if (roll <= 78) return resubmit();
    if (roll <= 80) return conflict();
    if (roll <= 82) return badShape();
    if (roll <= 92) return book();
    if (roll <= 97) return cancel();
    return restock();
  }

  void appendOp(const char* name, std::size_t who, EntryKind kind, int score, int points,
                std::optional<LedgerError> expected = std::nullopt) {
    m_last = name;
    EntryDraft d;
    d.uuid = nextUuid();
    chooseKiosk(d.kiosk_id, d.kiosk_seq);
    d.villager_id = m_villagers[who].id;
    d.kind = kind;
    d.score_delta = score;
    d.points_delta = points;
    d.reference = name;
    auto r = m_ledger.append(d);
    if (expected) {
      ASSERT_FALSE(r.ok()) << name << " was accepted";
      EXPECT_EQ(r.error().code, *expected) << test::describe(r.error());
      ++m_tally.refused[std::string(name) + ":" + std::string(toString(r.error().code))];
      return;
    }
    ASSERT_TRUE(r.ok()) << name << ": " << test::describe(r.error());
    EXPECT_FALSE(r->duplicate);
    record(who, kind, score, points, r->entry.seq);
    EXPECT_EQ(r->balance.score, m_villagers[who].score);
    EXPECT_EQ(r->balance.points, m_villagers[who].points);
    Submission s;
    s.type = Submission::Type::Append;
    s.append = d;
    s.seq = r->entry.seq;
    m_submissions.push_back(std::move(s));
    ++m_tally.ok[name];
  }

  EntryModel& record(std::size_t who, EntryKind kind, int score, int points, std::int64_t seq) {
    m_villagers[who].score += score;
    m_villagers[who].points += points;
    ++m_villagers[who].entries;
    EXPECT_EQ(seq, static_cast<std::int64_t>(m_entries.size()) + 1) << "seqs are dense";
    m_entries.push_back({seq, who, kind, score, points, {}, false, false});
    return m_entries.back();
  }

  void award() {
    const int score = uniform(1, 10);
    appendOp("award", pick(m_villagers), EntryKind::CouncilAward, score,
             core::awardPoints(score, m_ledger.settings()));
  }

  void deduction() {
    appendOp("deduction", pick(m_villagers), EntryKind::CouncilDeduction, -uniform(1, 12), 0);
  }

  void volunteer() {
    const int minutes = uniform(20, 300);
    const int score = core::volunteerScore(minutes, m_ledger.settings());
    const int points = core::volunteerPoints(minutes, m_ledger.settings());
    // Under an hour moves nothing, and an entry that moves nothing is refused.
    appendOp("volunteer", pick(m_villagers), EntryKind::VolunteerHours, score, points,
             score == 0 && points == 0 ? std::optional(LedgerError::BadShape) : std::nullopt);
  }

  void fundReward() {
    appendOp("fund", pick(m_villagers), EntryKind::FundReward, 0, uniform(10, 80));
  }

  void badShape() {
    switch (uniform(0, 2)) {
      case 0:
        return appendOp("bad:fund+score", pick(m_villagers), EntryKind::FundReward, 5, 10,
                        LedgerError::BadShape);
      case 1:
        return appendOp("bad:deduction+points", pick(m_villagers), EntryKind::CouncilDeduction, -5,
                        -5, LedgerError::BadShape);
      default:
        // Spending without lines would skip the stock: only redeem() writes redemptions.
        return appendOp("bad:redemption-without-lines", pick(m_villagers), EntryKind::Redemption,
                        0, -5, LedgerError::BadInput);
    }
  }

  // What core::priceCart will say, worked out independently from the model.
  std::optional<CartError> predictCart(const std::vector<core::CartLine>& lines, std::size_t who,
                                       std::int64_t& total) const {
    total = 0;
    for (const auto& line : lines) {
      const auto it = std::find_if(m_products.begin(), m_products.end(),
                                   [&](const ProductModel& p) { return p.sku == line.sku; });
      if (it == m_products.end()) return CartError::UnknownProduct;
      const int limit = it->limit > 0 ? it->limit : m_ledger.settings().default_per_order_limit;
      if (line.quantity > limit) return CartError::OverLimit;
      if (line.quantity > it->stock) return CartError::OutOfStock;
      if (it->welfare && m_villagers[who].score < m_ledger.settings().welfare_threshold) {
        return CartError::NotEligible;
      }
      total += static_cast<std::int64_t>(line.quantity) * it->price;
    }
    if (total > m_villagers[who].points) return CartError::InsufficientPoints;
    return std::nullopt;
  }

  ProductModel& product(const std::string& sku) {
    return *std::find_if(m_products.begin(), m_products.end(),
                         [&](const ProductModel& p) { return p.sku == sku; });
  }

  void redeem() {
    m_last = "redeem";
    const std::size_t who = pick(m_villagers);
    RedemptionDraft d;
    d.uuid = nextUuid();
    chooseKiosk(d.kiosk_id, d.kiosk_seq);
    d.villager_id = m_villagers[who].id;
    d.reference = "receipt-" + std::to_string(m_op);
    std::vector<std::size_t> order(m_products.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), m_rng);
    const int lines = uniform(1, 3);
    for (int i = 0; i < lines; ++i) {
      // Mostly what a villager carries home; now and then more than the limit allows.
      const int quantity = chance(85) ? uniform(1, 2) : uniform(1, 6);
      d.lines.push_back({m_products[order[static_cast<std::size_t>(i)]].sku, quantity});
    }
    if (chance(3)) d.lines.push_back({"NO-SUCH-SKU", 1});

    std::int64_t total = 0;
    const auto predicted = predictCart(d.lines, who, total);
    auto r = m_ledger.redeem(d);
    if (predicted) {
      ASSERT_FALSE(r.ok()) << "redeemed, expected " << core::toString(*predicted);
      const auto code = *predicted == CartError::InsufficientPoints
                            ? LedgerError::InsufficientPoints
                            : LedgerError::Cart;
      EXPECT_EQ(r.error().code, code) << test::describe(r.error());
      ASSERT_TRUE(r.error().cart_problem.has_value());
      EXPECT_EQ(r.error().cart_problem->error, *predicted) << test::describe(r.error());
      ++m_tally.refused["redeem:" + std::string(core::toString(*predicted))];
      return;
    }
    ASSERT_TRUE(r.ok()) << "refused, expected a redemption of " << total << ": "
                        << test::describe(r.error());
    EXPECT_EQ(r->entry.points_delta, -total);
    auto& e = record(who, EntryKind::Redemption, 0, static_cast<int>(-total), r->entry.seq);
    e.lines = d.lines;
    for (const auto& line : d.lines) product(line.sku).stock -= line.quantity;
    EXPECT_EQ(r->balance.points, m_villagers[who].points);
    Submission s;
    s.type = Submission::Type::Redeem;
    s.redeem = d;
    s.seq = r->entry.seq;
    m_submissions.push_back(std::move(s));
    ++m_tally.ok["redeem"];
  }

  void voidSomething() {
    m_last = "void";
    if (m_entries.empty()) return fundReward();
    std::vector<std::size_t> live, voided, voids;
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
      const auto& e = m_entries[i];
      if (e.booking) continue;  // bookings are given back by cancelling them
      if (e.kind == EntryKind::Void) {
        voids.push_back(i);
      } else if (e.voided) {
        voided.push_back(i);
      } else {
        live.push_back(i);
      }
    }
    std::optional<LedgerError> expected;
    std::size_t target = 0;
    const int roll = uniform(1, 100);
    if (roll <= 12 && !voided.empty()) {
      target = voided[pick(voided)];
      expected = LedgerError::AlreadyVoided;
    } else if (roll <= 20 && !voids.empty()) {
      target = voids[pick(voids)];
      expected = LedgerError::CannotVoidVoid;
    } else if (!live.empty()) {
      target = live[pick(live)];
    } else {
      return fundReward();
    }
    VoidDraft v;
    v.uuid = nextUuid();
    chooseKiosk(v.kiosk_id, v.kiosk_seq);
    v.target_seq = m_entries[target].seq;
    v.reason = "op " + std::to_string(m_op);
    auto r = m_ledger.voidEntry(v);
    if (expected) {
      ASSERT_FALSE(r.ok()) << "voided entry " << v.target_seq << " again";
      EXPECT_EQ(r.error().code, *expected) << test::describe(r.error());
      ++m_tally.refused["void:" + std::string(toString(*expected))];
      return;
    }
    ASSERT_TRUE(r.ok()) << "void of " << v.target_seq << ": " << test::describe(r.error());
    applyVoid(target, r->entry.seq);
    Submission s;
    s.type = Submission::Type::Void;
    s.voiding = v;
    s.seq = r->entry.seq;
    m_submissions.push_back(std::move(s));
    ++m_tally.ok[std::string("void:") + std::string(core::toString(m_entries[target].kind))];
  }

  void applyVoid(std::size_t target, std::int64_t void_seq) {
    auto& t = m_entries[target];
    EXPECT_FALSE(t.voided);
    t.voided = true;
    const auto lines = t.lines;
    const auto who = t.villager;
    const int score = -t.score;
    const int points = -t.points;
    record(who, EntryKind::Void, score, points, void_seq);  // may reallocate m_entries
    for (const auto& line : lines) product(line.sku).stock += line.quantity;
  }

  void resubmit() {
    m_last = "retry";
    if (m_submissions.empty()) return award();
    const auto& s = m_submissions[pick(m_submissions)];
    switch (s.type) {
      case Submission::Type::Append: {
        m_last = "retry:append";
        auto r = m_ledger.append(s.append);
        ASSERT_TRUE(r.ok()) << test::describe(r.error());
        EXPECT_TRUE(r->duplicate);
        EXPECT_EQ(r->entry.seq, s.seq);
        break;
      }
      case Submission::Type::Redeem: {
        // Even when the shelf is empty or the points are gone by now.
        m_last = "retry:redeem";
        auto r = m_ledger.redeem(s.redeem);
        ASSERT_TRUE(r.ok()) << test::describe(r.error());
        EXPECT_TRUE(r->duplicate);
        EXPECT_EQ(r->entry.seq, s.seq);
        break;
      }
      case Submission::Type::Void: {
        m_last = "retry:void";
        auto r = m_ledger.voidEntry(s.voiding);
        ASSERT_TRUE(r.ok()) << test::describe(r.error());
        EXPECT_TRUE(r->duplicate);
        EXPECT_EQ(r->entry.seq, s.seq);
        break;
      }
      case Submission::Type::Book: {
        // Even after the booking was cancelled: the retry answers with the booking as it is.
        m_last = "retry:book";
        auto r = m_services.book(s.book);
        ASSERT_TRUE(r.ok()) << test::describe(r.error());
        EXPECT_EQ(r->id, s.booking_id);
        break;
      }
    }
    ++m_tally.ok[m_last];
  }

  void conflict() {
    m_last = "conflict";
    std::vector<std::size_t> appends;
    for (std::size_t i = 0; i < m_submissions.size(); ++i) {
      if (m_submissions[i].type == Submission::Type::Append) appends.push_back(i);
    }
    if (appends.empty()) return award();
    EntryDraft d = m_submissions[appends[pick(appends)]].append;
    if (d.kind == EntryKind::CouncilDeduction) {
      d.score_delta -= 1;
    } else {
      d.points_delta += 1;
    }
    auto r = m_ledger.append(d);
    ASSERT_FALSE(r.ok()) << "a changed retry was accepted";
    EXPECT_EQ(r.error().code, LedgerError::UuidConflict) << test::describe(r.error());
    ++m_tally.refused["conflict"];
  }

  void book() {
    m_last = "book";
    const std::size_t who = pick(m_villagers);
    const std::size_t slot = pick(m_slots);
    BookingDraft d;
    d.uuid = nextUuid();
    chooseKiosk(d.kiosk_id, d.kiosk_seq);
    d.villager_id = m_villagers[who].id;
    d.slot_id = m_slots[slot].id;
    std::optional<core::BookingError> expected;
    const bool holds = std::any_of(
        m_bookings.begin(), m_bookings.end(),
        [&](const BookingModel& b) { return !b.cancelled && b.slot == slot && b.villager == who; });
    if (holds) {
      expected = core::BookingError::AlreadyBooked;
    } else if (m_slots[slot].booked >= m_slots[slot].capacity) {
      expected = core::BookingError::SlotFull;
    } else if (m_slots[slot].cost > 0 && m_slots[slot].cost > m_villagers[who].points) {
      // A free slot is never refused for points, even to an overdrawn balance.
      expected = core::BookingError::InsufficientPoints;
    }
    auto r = m_services.book(d);
    if (expected) {
      ASSERT_FALSE(r.ok()) << "booked, expected " << core::toString(*expected);
      EXPECT_EQ(r.error().code, LedgerError::Booking) << test::describe(r.error());
      ASSERT_TRUE(r.error().booking_problem.has_value());
      EXPECT_EQ(*r.error().booking_problem, *expected);
      ++m_tally.refused["book:" + std::string(core::toString(*expected))];
      return;
    }
    ASSERT_TRUE(r.ok()) << test::describe(r.error());
    const int cost = m_slots[slot].cost;
    EXPECT_EQ(r->points, cost);
    ++m_slots[slot].booked;
    BookingModel b{d.uuid, slot, who, cost, std::nullopt, false};
    if (cost > 0) {
      const auto e = m_ledger.entryByUuid(d.uuid);
      ASSERT_TRUE(e.has_value());
      record(who, EntryKind::Booking, 0, -cost, e->seq).booking = true;
      b.entry_seq = e->seq;
    }
    m_bookings.push_back(b);
    Submission s;
    s.type = Submission::Type::Book;
    s.book = d;
    s.booking_id = r->id;
    m_submissions.push_back(std::move(s));
    ++m_tally.ok["book"];
  }

  void cancel() {
    m_last = "cancel";
    if (m_bookings.empty()) return book();
    auto& b = m_bookings[pick(m_bookings)];
    auto r = m_services.cancelBooking(b.uuid, chance(50) ? "" : "plans changed", nowMs());
    ASSERT_TRUE(r.ok()) << test::describe(r.error());
    EXPECT_TRUE(r->cancelled);
    if (b.cancelled) {
      ++m_tally.ok["cancel:again"];
      return;
    }
    b.cancelled = true;
    --m_slots[b.slot].booked;
    if (b.entry_seq) {
      const auto v = m_ledger.entryByUuid(b.uuid + ":cancel");
      ASSERT_TRUE(v.has_value());
      const auto target = static_cast<std::size_t>(*b.entry_seq - 1);
      applyVoid(target, v->seq);
    }
    ++m_tally.ok["cancel"];
  }

  void restock() {
    m_last = "restock";
    auto& p = m_products[pick(m_products)];
    const int n = uniform(1, 10);
    ASSERT_TRUE(Catalog(m_db).moveStock(p.sku, n, "receive", std::nullopt, nowMs(), "").ok());
    p.stock += n;
    ++m_tally.ok["restock"];
  }

  // --- checks ---------------------------------------------------------------------------

  void checkAgainstModel() {
    for (const auto& v : m_villagers) {
      const auto b = m_ledger.balance(v.id);
      ASSERT_TRUE(b.has_value());
      EXPECT_EQ(b->score, v.score) << "villager " << v.id;
      EXPECT_EQ(b->points, v.points) << "villager " << v.id;
      EXPECT_EQ(b->entries, v.entries) << "villager " << v.id;
      const auto sums = test::sumOfEntries(m_db, v.id);
      EXPECT_EQ(sums.score, v.score) << "villager " << v.id;
      EXPECT_EQ(sums.points, v.points) << "villager " << v.id;
      EXPECT_EQ(sums.count, v.entries) << "villager " << v.id;
    }
    for (const auto& p : m_products) {
      EXPECT_EQ(test::productStock(m_db, p.sku), p.stock) << p.sku;
      EXPECT_EQ(test::sumOfMovements(m_db, p.sku), p.stock) << p.sku;
    }
    for (const auto& s : m_slots) {
      auto st = m_db.cached("SELECT booked FROM slots WHERE id = ?");
      st->bind(1, s.id);
      auto row = st->step();
      ASSERT_TRUE(row && *row);
      EXPECT_EQ(st->columnInt(0), s.booked) << "slot " << s.id;
    }
    EXPECT_EQ(m_ledger.entryCount(), static_cast<std::int64_t>(m_entries.size()));
  }

  void expectVerified() {
    const auto rep = m_ledger.verify();
    EXPECT_TRUE(rep.ok) << "seed " << m_seed << " op " << m_op << ": "
                        << (rep.problems.empty() ? "" : rep.problems.front());
    EXPECT_EQ(rep.entries_checked, static_cast<std::int64_t>(m_entries.size()));
    EXPECT_EQ(rep.balances_checked, static_cast<std::int64_t>(m_villagers.size()));
    EXPECT_EQ(rep.products_checked, static_cast<std::int64_t>(m_products.size()));
  }

  std::uint64_t m_seed;
  int m_ops;
  int m_op = 0;
  std::mt19937_64 m_rng;
  ScratchDir m_dir;
  Database m_db;
  Ledger m_ledger;
  Services m_services;
  std::vector<VillagerModel> m_villagers;
  std::vector<ProductModel> m_products;
  std::vector<SlotModel> m_slots;
  std::vector<EntryModel> m_entries;
  std::vector<BookingModel> m_bookings;
  std::vector<Submission> m_submissions;
  std::int64_t m_kioskSeq[2] = {0, 0};
  std::uint64_t m_uuidCounter = 0;
  std::string m_last;
  Tally m_tally;
};

int opsPerSeed() {
  if (const char* env = std::getenv("RC_PROPERTY_OPS")) {
    const int n = std::atoi(env);
    if (n > 0) return n;
  }
  return 1000;
}

class LedgerPropertyTest : public ::testing::TestWithParam<std::uint64_t> {};

TEST_P(LedgerPropertyTest, BalancesAlwaysEqualTheModelAndTheSumOfEntries) {
  const auto started = std::chrono::steady_clock::now();
  LedgerProperty property(GetParam(), opsPerSeed());
  property.run();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  const auto& t = property.tally();
  int ok = 0, refused = 0;
  std::string summary;
  for (const auto& [name, n] : t.ok) {
    ok += n;
    summary += " " + name + "=" + std::to_string(n);
  }
  summary += " |";
  for (const auto& [name, n] : t.refused) {
    refused += n;
    summary += " " + name + "=" + std::to_string(n);
  }
  std::cout << "[ property ] seed " << GetParam() << ": " << opsPerSeed() << " ops, " << ok
            << " accepted, " << refused << " refused, " << property.entries() << " entries, " << ms
            << " ms\n             " << summary << "\n";
  RecordProperty("entries", static_cast<int>(property.entries()));
  RecordProperty("ms", static_cast<int>(ms));
  // Every kind of operation and refusal the test means to exercise actually happened.
  for (const char* name : {"award", "deduction", "volunteer", "fund", "redeem", "retry:append",
                           "retry:redeem", "book", "cancel"}) {
    EXPECT_GT(t.ok.count(name), 0u) << name << " never succeeded";
  }
  for (const char* name : {"redeem:insufficient_points", "redeem:out_of_stock", "redeem:over_limit",
                           "void:already_voided", "conflict"}) {
    EXPECT_GT(t.refused.count(name), 0u) << name << " never happened";
  }
}

INSTANTIATE_TEST_SUITE_P(FixedSeeds, LedgerPropertyTest,
                         ::testing::Values(20250601u, 7u, 42u, 1005u, 928u));

}  // namespace
}  // namespace rc::db
