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

// The walks are weft::drive with the uniform and the timed choosers. These figures were printed by the
// loops the choosers replaced (the random walk's own draw-and-step loop and TimedNetwork::next), for the
// same seeds: equal counts, depths and final states of every counterexample mean the same walks. (They
// change, legitimately, when ping_pong's state layout or the RNG changes: print them again then.)
TEST(RandomWalks, ChoosersRepeatTheWalksOfTheLoopsTheyReplaced) {
  struct Pinned {
    bool buggy, timed;
    std::uint64_t seed, generated, distinct, depth, paths;
  };
  for (Pinned const& p : std::vector<Pinned>{
      {true, false, 1, 11, 11, 11, 0x9e137655b9a8176cull},
      {true, false, 2, 10, 10, 10, 0xd7f26fb74e09f971ull},
      {true, false, 3, 15, 15, 15, 0xa09a57ee6d315f90ull},
      {true, true, 1, 221, 76, 15, 0x0d9e40a519494998ull},
      {true, true, 2, 74, 37, 13, 0x21f796899285bd21ull},
      {true, true, 3, 9, 9, 9, 0x21f796899285bd21ull},
      {false, false, 1, 11, 11, 11, 0x04160331b962512dull},
      {false, false, 2, 707, 527, 27, 0xdfc87477dc75c26eull},
      {false, false, 3, 749, 583, 27, 0x92e408b421e0809aull},
      {false, true, 1, 1178, 291, 19, 0x7d9464fa37c22dedull},
      {false, true, 2, 347, 147, 24, 0x92e408b421e0809aull},
      {false, true, 3, 1538, 387, 25, 0x8f29c1f3965ff730ull},

       }) {
    ping_pong::Settings s;
    s.requests = 3;
    s.accept_stale_pong = p.buggy;
    s.world.faults = p.buggy ? weft::FaultBudget{.drops = 1, .duplicates = 1} : weft::FaultBudget{.drops = 1, .duplicates = 1, .crashes = 1, .restarts = 1};
    Options o;
    o.strategy = Strategy::random;
    o.seed = p.seed, o.walks = 200, o.walk_length = 60, o.timed = p.timed, o.shrink = false, o.keep_going = true;
    auto const r = check(ping_pong::protocol(s).model, o);
    std::uint64_t paths = 0;
    for (auto const& prop : r.properties)
      if (prop.path) paths ^= weft::fingerprint(prop.path->states.back()) + prop.path->states.size();
    std::string const what = std::string(p.buggy ? "buggy" : "correct") + (p.timed ? " timed" : " uniform") + " seed " + std::to_string(p.seed);
    EXPECT_EQ(r.stats.generated, p.generated) << what;
    EXPECT_EQ(r.stats.distinct, p.distinct) << what;
    EXPECT_EQ(r.stats.depth, p.depth) << what;
    EXPECT_EQ(paths, p.paths) << what;
  }
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

// A model whose step throws (a handler's bad send, say) on leaving vertex 2.
struct Throwing : graphs::Graph {
  std::optional<State> next_state(State const& s, Action a) const {
    if (s.id == 2) throw weft::Error("vertex 2 cannot be left");
    return Graph::next_state(s, a);
  }
  std::vector<weft::Property<Throwing>> properties() const {
    return {weft::always<Throwing>("anything", [](Throwing const&, State const&) { return true; })};
  }
};

// The model's error ends the walks on any number of threads and reaches the caller: a walking thread
// that threw once took the whole process down.
TEST(RandomWalks, AModelsErrorEndsTheWalksOnEveryThread) {
  Throwing m;
  m.edges = {{0, {1}}, {1, {2}}, {2, {0}}};
  for (unsigned threads : {1u, 2u, 3u}) {
    try {
      check(m, walks(1, threads, 50));
      ADD_FAILURE() << threads << " threads: no error";
    } catch (weft::Error const& e) {
      EXPECT_STREQ(e.what(), "vertex 2 cannot be left") << threads << " threads";
    }
  }
}

TEST(TimedWalks, NeedAWorld) {
  Options o = walks(1);
  o.timed = true;
  graphs::Graph g;
  g.edges[0] = {};
  EXPECT_THROW(check(g, o), weft::Error);
}

}  // namespace
