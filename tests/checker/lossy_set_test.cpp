// The lossy visited sets: with room to spare they omit nothing and say so; squeezed, they omit states,
// and the number they expect to have omitted is close to the number they did omit; a hash-compaction
// table that fills up says so rather than probing for ever.
#include <weft/checker/lossy_set.hpp>

#include <gtest/gtest.h>

#include <random>
#include <unordered_set>

namespace {

using weft::checker::Key;
using weft::checker::LossySet;

// Inserts `n` distinct random keys (each twice) of the shards `s % ranks == rank`; returns how many were
// taken for new.
std::size_t fill(LossySet& set, std::size_t n, std::uint64_t seed = 7, unsigned rank = 0, unsigned ranks = 1) {
  std::mt19937_64 rng(seed);
  std::unordered_set<std::uint64_t> seen;
  std::size_t fresh = 0;
  while (seen.size() < n) {
    std::uint64_t const fp = rng();
    if ((fp >> 56) % ranks != rank || !seen.insert(fp).second) continue;
    Key const k{fp, 0};
    std::size_t const shard = fp >> 56;
    if (set.insert(shard, k)) ++fresh;
    EXPECT_FALSE(set.insert(shard, k)) << "a key inserted twice is new twice";
  }
  return fresh;
}

TEST(LossySet, WithRoomToSpareNothingIsOmitted) {
  for (auto kind : {LossySet::bitstate, LossySet::compaction}) {
    LossySet set(kind, 64 << 20, 3);
    EXPECT_EQ(fill(set, 100000), 100000u) << kind;
    EXPECT_EQ(set.size(), 100000u);
    EXPECT_LT(set.expected_omissions(), 0.01) << kind;
    EXPECT_FALSE(set.full());
    EXPECT_EQ(set.bytes(), 64u << 20);
  }
}

TEST(LossySet, SqueezedBitstateOmitsAboutAsManyAsItExpects) {
  LossySet set(LossySet::bitstate, 64 << 10, 3);  // 2 bits a state for 262,144 states: heavy loss
  std::size_t const n = 262144;
  std::size_t const fresh = fill(set, n);
  double const omitted = static_cast<double>(n - fresh);
  EXPECT_GT(omitted, 0.05 * n);
  EXPECT_NEAR(set.expected_omissions(), omitted, 0.15 * omitted);
  EXPECT_NEAR(set.hash_factor(), 64.0 * 1024 * 8 / static_cast<double>(fresh), 1e-9);
}

// A rank of a distributed search spreads its whole table over its own shards: with a quarter of them it
// keeps a quarter of the states in as many bytes, and its estimate still matches.
TEST(LossySet, ARankSpreadsItsTableOverItsOwnShards) {
  LossySet set(LossySet::bitstate, 64 << 10, 3, 1, 4);
  EXPECT_EQ(set.bytes(), 64u << 10);
  std::size_t const n = 196608;  // under 3 bits a state
  std::size_t const fresh = fill(set, n, 7, 1, 4);
  double const omitted = static_cast<double>(n - fresh);
  EXPECT_GT(omitted, 0.05 * n);
  EXPECT_NEAR(set.expected_omissions(), omitted, 0.15 * omitted);
  EXPECT_NEAR(set.hash_factor(), 64.0 * 1024 * 8 / static_cast<double>(fresh), 1e-9);
}

TEST(LossySet, HashCompactionStopsTakingStatesWhenFull) {
  LossySet set(LossySet::compaction, 256 * 1024, 0);  // 256 slots a shard
  std::size_t const fresh = fill(set, 100000);
  EXPECT_TRUE(set.full());
  EXPECT_LE(fresh, 256u * 256 * 9 / 10);
  EXPECT_GT(fresh, 256u * 256 * 8 / 10);
}

}  // namespace
