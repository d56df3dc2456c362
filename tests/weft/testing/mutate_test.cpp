// weft::testing::mutate (mutate.hpp): one seed, the same edits, whichever compiler built the test. The
// pinned figures were printed by a g++ build; the sanitizer build of scripts/test (clang) checks them
// again, where a draw left to the order of a call's arguments would give other edits.
#include <weft/fingerprint.hpp>
#include <weft/testing/mutate.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

TEST(Mutate, ASeedGivesTheSameEditsWhicheverCompilerBuiltIt) {
  weft::Rng rng = weft::Rng::from_seed(7);
  std::vector<std::string> seen;
  std::string s = "abc";
  for (int i = 0; i < 64; ++i) {
    weft::testing::mutate(s, rng);
    seen.push_back(s);
  }
  std::size_t grown = 0;
  for (std::size_t i = 1; i < seen.size(); ++i) grown += seen[i].size() > seen[i - 1].size();
  EXPECT_GT(grown, 8u) << "the strings were grown, with drawn lengths and characters";
  EXPECT_EQ(weft::fingerprint(seen), 0xde4e3592e1ff3698ull);
}

}  // namespace
