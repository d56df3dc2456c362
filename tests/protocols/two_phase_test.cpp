// TwoPhase against TLC's published figures, on every engine, with and without symmetry reduction.
#include <two_phase/two_phase.hpp>
#include <weft/checker/check.hpp>
#include <weft/checker/testing.hpp>

#include <gtest/gtest.h>

namespace {

using namespace weft::checker;

Report<two_phase::Model> run(unsigned rms, Strategy s = Strategy::bfs, unsigned threads = 1, bool symmetry = false) {
  Options o;
  o.strategy = s;
  o.threads = threads;
  o.symmetry = symmetry;
  o.keep_going = true;
  return check(two_phase::Model{rms}, o);
}

// TLC: 288 distinct states, 1,146 states generated, depth 11.
TEST(TwoPhase, ThreeRmsMatchTlc) {
  for (auto [s, t] : {std::pair{Strategy::bfs, 1u}, {Strategy::bfs, 2u}, {Strategy::dfs, 1u}}) {
    auto r = run(3, s, t);
    EXPECT_EQ(r.stats.distinct, 288u) << to_string(s);
    EXPECT_EQ(r.stats.generated, 1146u) << to_string(s);
    EXPECT_EQ(r.properties.at(0).verdict, Verdict::holds);
    EXPECT_EQ(r.properties.at(1).verdict, Verdict::holds);  // a commit is reachable: witnessed
    if (s == Strategy::bfs) {
      EXPECT_EQ(r.stats.depth, 11u);
    }
  }
}

TEST(TwoPhase, DistinctStatesFollowTheClosedForm) {
  for (unsigned n = 1; n <= 6; ++n) {
    auto power = [](std::uint64_t b, unsigned e) { std::uint64_t p = 1; while (e--) p *= b; return p; };
    std::uint64_t const expected = power(6, n) + power(4, n) + power(2, n);
    EXPECT_EQ(run(n).stats.distinct, expected) << n << " RMs";
  }
}

// TLC: 8,832 distinct states with 5 RMs; 314 under RM symmetry.
TEST(TwoPhase, FiveRmsWithAndWithoutSymmetry) {
  EXPECT_EQ(run(5, Strategy::bfs, 2).stats.distinct, 8832u);
  EXPECT_EQ(run(5, Strategy::dfs).stats.distinct, 8832u);
  EXPECT_EQ(run(5, Strategy::bfs, 1, true).stats.distinct, 314u);
  EXPECT_EQ(run(5, Strategy::dfs, 1, true).stats.distinct, 314u);
}

// TLC: 296,448 distinct states with 7 RMs.
TEST(TwoPhase, SevenRms) { EXPECT_EQ(run(7, Strategy::bfs, 2).stats.distinct, 296448u); }

TEST(TwoPhase, BugSwitchesAreCaught) {
  two_phase::Model commit{3, true, false}, abort{3, false, true};
  EXPECT_TRUE(fails(commit, "TCConsistent"));
  EXPECT_TRUE(fails(abort, "TCConsistent"));
  EXPECT_TRUE(all_hold(two_phase::Model{4}));
  EXPECT_THROW(two_phase::Model{0}.init_states(), weft::Error);
}

}  // namespace
