// Delta debugging over plain sequences: the result still fails, is 1-minimal (no single element can go),
// keeps the order, and a spent budget stops it with what it has.
#include <weft/shrinker/ddmin.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <algorithm>
#include <vector>

namespace {

using weft::shrinker::ddmin;

// "Fails" while every element of `needed` is still there: the only 1-minimal result is `needed` itself.
RC_GTEST_PROP(Ddmin, FindsExactlyTheElementsAFailureNeeds, ()) {
  auto const n = *rc::gen::inRange(0, 60);
  std::vector<int> seq(static_cast<std::size_t>(n));
  for (int i = 0; i < n; ++i) seq[static_cast<std::size_t>(i)] = i;
  std::vector<int> needed;
  for (int i : seq)
    if (*rc::gen::inRange(0, 5) == 0) needed.push_back(i);
  auto fails = [&](std::vector<int> const& c) {
    return std::all_of(needed.begin(), needed.end(), [&](int x) { return std::find(c.begin(), c.end(), x) != c.end(); });
  };
  std::size_t tries = 0;
  ddmin(seq, [&](std::vector<int> c) {
    ++tries;
    if (!fails(c)) return false;
    seq = std::move(c);
    return true;
  }, [] { return false; });
  RC_ASSERT(seq == needed || (needed.empty() && seq.size() <= 1));
  RC_ASSERT(tries <= static_cast<std::size_t>(n) * static_cast<std::size_t>(n) + 1);
}

TEST(Ddmin, StopsWhenTheBudgetIsSpent) {
  std::vector<int> seq{1, 2, 3, 4, 5, 6, 7, 8};
  int tries = 0;
  ddmin(seq, [&](std::vector<int>) { return ++tries, false; }, [&] { return tries >= 3; });
  EXPECT_EQ(tries, 3);
  EXPECT_EQ(seq.size(), 8u);
}

}  // namespace
