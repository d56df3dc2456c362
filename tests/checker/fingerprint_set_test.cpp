// The visited set: exact membership through growth, batched inserts that agree with single ones, and
// owners inserting their own shards concurrently without losing or double counting.
#include <weft/checker/fingerprint_set.hpp>

#include <gtest/gtest.h>

#include <thread>

namespace {

using weft::checker::FingerprintSet;
using weft::checker::Key;

std::uint64_t mix(std::uint64_t x) {  // splitmix64: spreads test keys over all bits
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

TEST(FingerprintSet, MembershipSurvivesGrowth) {
  FingerprintSet set(16);
  for (std::uint64_t i = 0; i < 100000; ++i) ASSERT_TRUE(set.insert({mix(i)}));
  for (std::uint64_t i = 0; i < 100000; ++i) ASSERT_FALSE(set.insert({mix(i)}));
  EXPECT_EQ(set.size(), 100000u);
  EXPECT_TRUE(set.contains({mix(5)}));
  EXPECT_FALSE(set.contains({mix(100001)}));
  EXPECT_LE(set.bytes(), 100000u * 8 * 4);  // at most 4x the raw fingerprints
  std::size_t seen = 0;
  set.for_each([&](auto) { ++seen; });
  EXPECT_EQ(seen, 100000u);
}

TEST(FingerprintSet, ZeroIsAValidFingerprint) {
  FingerprintSet set;
  EXPECT_TRUE(set.insert({0}));
  EXPECT_FALSE(set.insert({0}));
}

TEST(FingerprintSet, BatchedInsertsAgreeWithOneAtATime) {
  FingerprintSet one(16), batched(16);
  std::vector<Key> keys;
  for (std::uint64_t i = 0; i < 20000; ++i) keys.push_back({mix(i % 7000)});  // duplicates, also within a batch
  std::vector<char> expected;
  for (auto k : keys) expected.push_back(one.insert(k));
  bool fresh[100];
  for (std::size_t at = 0; at < keys.size(); at += 100) {
    batched.insert_batch(keys.data() + at, 100, fresh);
    for (std::size_t i = 0; i < 100; ++i) ASSERT_EQ(fresh[i], expected[at + i] != 0) << at + i;
  }
  EXPECT_EQ(batched.size(), 7000u);
}

// Each thread inserts only the fingerprints whose shard it owns, as the search's workers do.
TEST(FingerprintSet, OwnersInsertTheirShardsConcurrently) {
  FingerprintSet set(16);
  constexpr unsigned owners = 4;
  std::atomic<std::size_t> fresh{0};
  std::vector<std::thread> threads;
  for (unsigned t = 0; t < owners; ++t)
    threads.emplace_back([&, t] {
      for (int pass = 0; pass < 2; ++pass)  // the second pass finds everything already there
        for (std::uint64_t i = 0; i < 50000; ++i)
          if (FingerprintSet::owner_of(mix(i), owners) == t) fresh += set.insert({mix(i)});
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(fresh.load(), 50000u);
  EXPECT_EQ(set.size(), 50000u);
  std::size_t per_owner[owners] = {};
  for (std::uint64_t i = 0; i < 50000; ++i) ++per_owner[FingerprintSet::owner_of(mix(i), owners)];
  for (auto n : per_owner) EXPECT_GT(n, 50000u / owners * 9 / 10);  // shards deal the work out evenly
}

// With 128-bit keys, two states whose fingerprints agree are still told apart by the second half, and
// both halves survive growth and come back from for_each.
TEST(FingerprintSet, WideKeysCompareBothHalves) {
  FingerprintSet set(16, true);
  ASSERT_TRUE(set.wide());
  for (std::uint64_t i = 0; i < 30000; ++i) {
    ASSERT_TRUE(set.insert({mix(i % 10000), i / 10000}));  // each fingerprint three times, other second halves
  }
  for (std::uint64_t i = 0; i < 30000; ++i) ASSERT_FALSE(set.insert({mix(i % 10000), i / 10000}));
  EXPECT_EQ(set.size(), 30000u);
  EXPECT_TRUE(set.contains({mix(3), 2}));
  EXPECT_FALSE(set.contains({mix(3), 3}));
  std::uint64_t halves = 0;
  set.for_each([&](Key k) { halves += k.check; });
  EXPECT_EQ(halves, 10000u * (0 + 1 + 2));
  FingerprintSet narrow(16);
  for (std::uint64_t i = 0; i < 30000; ++i) narrow.insert({mix(i % 10000), i / 10000});
  EXPECT_EQ(narrow.size(), 10000u);  // 64-bit keys see only the fingerprint
  EXPECT_EQ(FingerprintSet(1000, true).bytes(), 2 * FingerprintSet(1000).bytes());  // 16 bytes a slot, not 8
}

}  // namespace
