// Random walks: reproducible from the seed whatever the thread count, never claiming a property holds,
// finding lassos for liveness, and on a timed network following latencies and timer deadlines: a retry
// that fires only after the reply arrives cannot cause the stale-reply bug.
#include "checker/graph_models.hpp"

#include <ping_pong/ping_pong.hpp>
#include <weft/checker/check.hpp>

#include <gtest/gtest.h>

namespace {

using namespace weft::checker;

Options walks(std::uint64_t seed, unsigned threads = 1, std::uint64_t n = 300) {
  Options o;
  o.strategy = Strategy::random;
  o.seed = seed;
  o.threads = threads;
  o.walks = n;
  o.walk_length = 40;
  return o;
}

ping_pong::World buggy(weft::FaultBudget faults = {}) {
  ping_pong::Client c;
  c.accept_stale_pong = true;
  auto w = ping_pong::make_world({10, 20}, c);
  w.faults(faults);
  return w;
}

TEST(RandomWalks, AreReproducibleFromTheSeedWhateverTheThreads) {
  auto const w = buggy();
  auto const one = check(w, walks(11, 1));
  auto const two = check(w, walks(11, 2));
  ASSERT_EQ(one.properties.at(0).verdict, Verdict::fails);
  ASSERT_EQ(two.properties.at(0).verdict, Verdict::fails);
  EXPECT_EQ(weft::canonical_bytes(one.properties[0].path->events), weft::canonical_bytes(two.properties[0].path->events));
  auto const again = check(w, walks(11, 1));
  EXPECT_EQ(weft::canonical_bytes(one.properties[0].path->events), weft::canonical_bytes(again.properties[0].path->events));
  EXPECT_EQ(one.bound, Bound::sampled);
}

TEST(RandomWalks, NeverClaimThatAPropertyHolds) {
  auto const r = check(ping_pong::make_world({10, 20}), walks(3));
  EXPECT_EQ(r.properties.at(0).verdict, Verdict::unknown);
  EXPECT_FALSE(r.complete());
  EXPECT_GT(r.stats.generated, 300u);
  EXPECT_GT(r.stats.distinct, 10u);
  EXPECT_LE(r.stats.depth, 41u);
}

TEST(RandomWalks, FindLassosThatAvoidAnEventuallyProperty) {
  graphs::Graph g;  // 0 -> 1 -> 0 for ever, or 1 -> 2 (the goal)
  g.edges[0] = {1};
  g.edges[1] = {0, 2};
  g.edges[2] = {};
  g.goal = {2};
  auto const r = check(g, walks(5, 1, 50));
  auto const& p = r.properties.at(0);
  ASSERT_EQ(p.verdict, Verdict::fails);
  ASSERT_TRUE(p.path->loop_start.has_value());
  EXPECT_EQ(p.path->states.back().id, p.path->states.at(*p.path->loop_start).id);
}

TEST(TimedWalks, FollowLatenciesAndTimerDeadlines) {
  auto const w = buggy();
  Options fast = walks(1, 1, 200);
  fast.timed = true;
  fast.latency = Latency{Latency::constant, 1, 0};  // replies arrive long before the 100-tick retry
  EXPECT_EQ(check(w, fast).properties.at(0).verdict, Verdict::unknown);
  // 150 ticks each way: the retry (100) re-sends, the client gives up at 200 and asks its next question,
  // and the first question's reply, due at 300, is taken as the answer to the second.
  Options slow = fast;
  slow.latency = Latency{Latency::constant, 150, 0};
  EXPECT_EQ(check(w, slow).properties.at(0).verdict, Verdict::fails);
  EXPECT_EQ(check(w, walks(1, 1, 200)).properties.at(0).verdict, Verdict::fails) << "untimed walks find it too";
}

TEST(TimedWalks, SwarmWalksDrawTheirOwnParameters) {
  std::set<int> kinds;
  std::set<double> drops;
  for (std::uint64_t i = 0; i < 40; ++i) {
    weft::Rng rng = weft::Rng::from_seed(9, i);
    auto const p = WalkParameters::draw(rng, Options{});
    kinds.insert(p.latency.kind);
    drops.insert(p.drop);
    EXPECT_GE(sample(p.latency, rng), 1.0);
  }
  EXPECT_EQ(kinds.size(), 3u);
  EXPECT_GT(drops.size(), 10u);
  auto const w = buggy({.drops = 1, .duplicates = 1, .crashes = 1, .restarts = 1});
  Options swarm = walks(2, 2, 200);
  swarm.timed = true;
  EXPECT_EQ(check(w, swarm).properties.at(0).verdict, Verdict::fails);
}

TEST(TimedWalks, NeedAWorld) {
  Options o = walks(1);
  o.timed = true;
  graphs::Graph g;
  g.edges[0] = {};
  EXPECT_THROW(check(g, o), weft::Error);
}

}  // namespace
