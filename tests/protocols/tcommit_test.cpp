// TCommit against TLC: 34 distinct states and 94 generated with 3 RMs (Decide's two disjuncts are both
// enabled when every RM is prepared, and TLC counts a successor for each).
#include <tcommit/tcommit.hpp>
#include <weft/checker/check.hpp>

#include <gtest/gtest.h>

namespace {

using namespace weft::checker;

TEST(TCommit, ThreeRmsMatchTlc) {
  for (auto s : {Strategy::bfs, Strategy::dfs}) {
    Options o;
    o.strategy = s;
    auto r = check(tcommit::Model{3}, o);
    EXPECT_EQ(r.stats.distinct, 34u) << to_string(s);
    if (s == Strategy::bfs) {
      EXPECT_EQ(r.stats.generated, 94u);
    }
    EXPECT_EQ(r.properties.at(0).verdict, Verdict::holds);
  }
}

}  // namespace
