#include "drivers/scan_assembler.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace rc::drivers {
namespace {

using std::chrono::milliseconds;

const Clock::time_point kT0 = Clock::time_point{} + std::chrono::hours(1);
const ScanSource kCardReader{ReaderKind::Usb, "ffff:0035 at 1-2", ReaderRole::Card};

RawScan at(std::string text, milliseconds t) { return RawScan{std::move(text), ScanFault::None, "", kT0 + t}; }

TEST(ScanAssembler, ACardLeftOnTheReaderActsOnce) {
  ScanAssembler a(ClassifyPolicy{}, milliseconds(2000));
  // The reader re-reads a resting card every second: only the first read acts, and because
  // every repeat restarts the hold-off, so does nothing while it stays.
  ASSERT_TRUE(a.accept(kCardReader, at("0004567890", milliseconds(0))));
  for (int s = 1; s <= 10; ++s) {
    EXPECT_FALSE(a.accept(kCardReader, at("0004567890", milliseconds(1000 * s)))) << s;
  }
  // Lifted for longer than the hold-off, then shown again: it acts again.
  EXPECT_TRUE(a.accept(kCardReader, at("0004567890", milliseconds(10000 + 2001))));
  EXPECT_EQ(a.suppressed(), 10U);
}

TEST(ScanAssembler, DifferentCardsAndRejectionsAreKeptApart) {
  ScanAssembler a(ClassifyPolicy{}, milliseconds(2000));
  EXPECT_TRUE(a.accept(kCardReader, at("0004567890", milliseconds(0))));
  EXPECT_TRUE(a.accept(kCardReader, at("0004567891", milliseconds(10))));
  const auto rejected = a.accept(kCardReader, at("bad", milliseconds(20)));
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->payload.reason, RejectReason::Unrecognised);
  // A damaged card resting on the reader does not flood the screen with errors either.
  EXPECT_FALSE(a.accept(kCardReader, at("bad", milliseconds(30))));
}

TEST(ScanAssembler, TheEventCarriesSourceClassificationAndTime) {
  ScanAssembler a(ClassifyPolicy{}, milliseconds(2000));
  const auto e = a.accept(kCardReader, at("1a2b3c4d", milliseconds(5)));
  ASSERT_TRUE(e);
  EXPECT_EQ(e->source, kCardReader);
  EXPECT_EQ(e->payload.kind, PayloadKind::CardUid);
  EXPECT_EQ(e->payload.text, "1A2B3C4D");
  EXPECT_EQ(e->time, kT0 + milliseconds(5));
}

TEST(ScanAssembler, AZeroHoldOffLetsEveryRepeatThrough) {
  ScanAssembler a(ClassifyPolicy{}, milliseconds(0));
  EXPECT_TRUE(a.accept(kCardReader, at("0004567890", milliseconds(0))));
  EXPECT_TRUE(a.accept(kCardReader, at("0004567890", milliseconds(1))));
}

TEST(ScanAssembler, AFloodOfDistinctScansCannotGrowItsMemory) {
  ScanAssembler a(ClassifyPolicy{}, milliseconds(2000));
  for (int i = 0; i < 1000; ++i) {
    EXPECT_TRUE(a.accept(kCardReader, at(std::to_string(1'000'000'000 + i), milliseconds(i))));
  }
  // The first card was forgotten to make room: shown again, it acts again. The last is held.
  EXPECT_TRUE(a.accept(kCardReader, at("1000000000", milliseconds(1000))));
  EXPECT_FALSE(a.accept(kCardReader, at("1000000999", milliseconds(1000))));
}

TEST(ScanQueue, WhenFullTheOldestScanIsDropped) {
  ScanQueue q(3);
  for (int i = 0; i < 5; ++i) {
    q.push(ScanEvent{kCardReader, Payload{PayloadKind::CardUid, std::to_string(i)}, kT0});
  }
  EXPECT_EQ(q.size(), 3U);
  EXPECT_EQ(q.dropped(), 2U);
  EXPECT_EQ(q.tryPop()->payload.text, "2");
  EXPECT_EQ(q.tryPop()->payload.text, "3");
  EXPECT_EQ(q.tryPop()->payload.text, "4");
  EXPECT_FALSE(q.tryPop());
}

TEST(ScanQueue, PopWaitsForAPushFromAnotherThreadAndWakesTheConsumer) {
  ScanQueue q(8);
  std::atomic<int> wakeups{0};
  q.setWakeup([&] { ++wakeups; });
  EXPECT_FALSE(q.pop(milliseconds(10)));
  std::thread producer([&] {
    std::this_thread::sleep_for(milliseconds(20));
    q.push(ScanEvent{kCardReader, Payload{PayloadKind::CardUid, "x"}, kT0});
  });
  const auto e = q.pop(milliseconds(5000));
  producer.join();
  ASSERT_TRUE(e);
  EXPECT_EQ(e->payload.text, "x");
  EXPECT_EQ(wakeups.load(), 1);
}

TEST(ScanSink, ReadersOnManyThreadsShareOneHoldOff) {
  ScanQueue q(1000);
  ScanSink sink(q, ClassifyPolicy{}, milliseconds(2000));
  std::vector<std::thread> readers;
  for (int r = 0; r < 4; ++r) {
    readers.emplace_back([&, r] {
      for (int i = 0; i < 100; ++i) {
        // Every reader sees the same 50 cards: each card acts once in all.
        sink.submit(ScanSource{ReaderKind::Fake, "r" + std::to_string(r), ReaderRole::Card},
                    at("00000000" + std::to_string(10 + i % 50), milliseconds(i)));
      }
    });
  }
  for (auto& t : readers) t.join();
  EXPECT_EQ(q.size(), 50U);
  EXPECT_EQ(sink.suppressed(), 350U);
}

}  // namespace
}  // namespace rc::drivers
