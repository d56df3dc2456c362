// TCommit against TLC's published figure: 34 distinct states with 3 RMs.
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
    EXPECT_EQ(r.properties.at(0).verdict, Verdict::holds);
  }
}

}  // namespace
