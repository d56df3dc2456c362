// Fingerprints: pinned values (an accidental format change must be noticed), canonical order of hash
// containers, 128-bit variant.
#include "weft/sample_types.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>

namespace {

using sample::Point;

TEST(Fingerprint, XxhashIsTheReferenceImplementation) {
  EXPECT_EQ(XXH3_64bits("abc", 3), 0x78af5f94892f3950ULL);
}

TEST(Fingerprint, CanonicalEncodingIsLittleEndianWithFixedWidthSizes) {
  EXPECT_EQ(weft::canonical_bytes(Point{1, 2}), std::string("\x01\0\0\0\x02\0\0\0", 8));
  EXPECT_EQ(weft::canonical_bytes(std::vector<std::uint8_t>{7}), std::string("\x01\0\0\0\0\0\0\0\x07", 9));
  EXPECT_EQ(weft::canonical_bytes(std::string("hi")), std::string("\x02\0\0\0\0\0\0\0hi", 10));
}

// Pinned: these change only if the encoding or the seed changes, which invalidates every saved trace.
TEST(Fingerprint, PinnedValues) {
  EXPECT_EQ(weft::to_hex(weft::fingerprint(Point{1, 2})), "5c3013ca60e73f3a");
  EXPECT_EQ(weft::to_hex(weft::fingerprint(std::string("weft"))), "8ead28dc3ec58b91");
  EXPECT_EQ(weft::to_hex(weft::fingerprint(sample::Everything{})), "0d94ead3960d6152");
}

TEST(Fingerprint, Wide128BitVariantDiffers) {
  auto const a = weft::fingerprint128(Point{1, 2});
  auto const b = weft::fingerprint128(Point{2, 1});
  EXPECT_FALSE(a == b);
  EXPECT_EQ(a, weft::fingerprint128(Point{1, 2}));
  EXPECT_NE(a.low, a.high);
}

RC_GTEST_PROP(Fingerprint, HashContainersAreCanonicalWhateverTheInsertionOrder, (std::vector<std::uint32_t> keys)) {
  sample::Hashed a, b;
  for (auto k : keys) a.set.insert(k), a.map[std::to_string(k)] = k;
  std::reverse(keys.begin(), keys.end());
  b.set.reserve(keys.size() * 4 + 64);  // different bucket count, different iteration order
  b.map.reserve(keys.size() * 4 + 64);
  for (auto k : keys) b.set.insert(k), b.map[std::to_string(k)] = k;
  RC_ASSERT(weft::fingerprint(a) == weft::fingerprint(b));
  RC_ASSERT(weft::equal(a, b));
}

RC_GTEST_PROP(Fingerprint, DistinctPointsHashApart, (Point a, Point b)) {
  RC_PRE(!weft::equal(a, b));
  RC_ASSERT(weft::fingerprint(a) != weft::fingerprint(b));
}

TEST(Fingerprint, RepeatedRunsAgreeAndTheBufferIsReused) {
  sample::Everything e{};
  e.points.assign(100, Point{1, 1});
  auto const first = weft::fingerprint(e);
  auto const* buffer = weft::scratch_buffer().data();
  for (int i = 0; i < 100; ++i) ASSERT_EQ(weft::fingerprint(e), first);
  EXPECT_EQ(weft::scratch_buffer().data(), buffer) << "the per-thread buffer should not reallocate";
}

}  // namespace
