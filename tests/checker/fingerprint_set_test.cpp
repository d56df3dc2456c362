// The visited set: exact membership through growth, and concurrent inserts that never lose or double count.
#include <weft/checker/fingerprint_set.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace {

using weft::checker::FingerprintSet;

std::uint64_t mix(std::uint64_t x) {  // splitmix64: spreads test keys over all bits
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

TEST(FingerprintSet, MembershipSurvivesGrowth) {
  FingerprintSet set(16);
  for (std::uint64_t i = 0; i < 100000; ++i) ASSERT_TRUE(set.insert(mix(i)));
  for (std::uint64_t i = 0; i < 100000; ++i) ASSERT_FALSE(set.insert(mix(i)));
  EXPECT_EQ(set.size(), 100000u);
  EXPECT_TRUE(set.contains(mix(5)));
  EXPECT_FALSE(set.contains(mix(100001)));
  EXPECT_LE(set.bytes(), 100000u * 8 * 4);  // at most 4x the raw fingerprints
  std::size_t seen = 0;
  set.for_each([&](auto) { ++seen; });
  EXPECT_EQ(seen, 100000u);
}

TEST(FingerprintSet, ZeroIsAValidFingerprint) {
  FingerprintSet set;
  EXPECT_TRUE(set.insert(0));
  EXPECT_FALSE(set.insert(0));
}

TEST(FingerprintSet, ConcurrentInsertsCountEachFingerprintOnce) {
  FingerprintSet set(16);
  std::atomic<std::size_t> fresh{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (std::uint64_t i = 0; i < 50000; ++i) fresh += set.insert(mix(i));  // all threads insert the same keys
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 50000u);
  EXPECT_EQ(set.size(), 50000u);
}

}  // namespace
