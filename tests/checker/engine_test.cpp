// The engines: BFS, DFS and parallel BFS agree on counts, with 64-bit keys and 128-bit ones; BFS
// counterexamples are shortest; always,
// sometimes and eventually (on cycles and dead ends) get the right verdicts; bounded runs say so.
#include "checker/graph_models.hpp"
#include "support/reach.hpp"
#include "weft/toy_processes.hpp"

#include <ping_pong/ping_pong.hpp>
#include <weft/checker/check.hpp>

#include <gtest/gtest.h>

namespace {

using namespace weft::checker;

Options with(Strategy s, unsigned threads = 1) {
  Options o;
  o.strategy = s;
  o.threads = threads;
  return o;
}

template <class M>
void expect_engines_agree(M const& m) {
  auto const reference = weft::test::reach(m);
  for (unsigned bits : {64u, 128u})
    for (auto [strategy, threads] : {std::pair{Strategy::bfs, 1u}, {Strategy::bfs, 2u}, {Strategy::bfs, 4u}, {Strategy::dfs, 1u}}) {
      Options o = with(strategy, threads);
      o.keep_going = true;
      o.fingerprint_bits = bits;
      auto r = check(m, o);
      std::string const how = std::string(to_string(strategy)) + " x" + std::to_string(threads) + ", " + std::to_string(bits) + "-bit";
      EXPECT_EQ(r.stats.distinct, reference.states) << how;
      EXPECT_EQ(r.stats.generated, reference.transitions + m.init_states().size()) << how;
      EXPECT_EQ(r.stats.fingerprint_bits, bits) << how;
    }
}

TEST(Engines, AgreeOnCountsAcrossModels) {
  expect_engines_agree(toy::pair({'a', 'b', 'c'}, weft::Delivery::unordered, {.drops = 1, .duplicates = 1}));
  expect_engines_agree(toy::pair({'a', 'b'}, weft::Delivery::fifo, {.crashes = 1, .restarts = 1, .partitions = 1}));
  expect_engines_agree(ping_pong::make_world({1, 2}).faults({.drops = 1, .duplicates = 1}));
}

// A ladder: from (i) you may step to i+1 or jump to 0; the goal 6 is 6 steps away at best.
graphs::Graph ladder() {
  graphs::Graph g;
  for (int i = 0; i < 6; ++i) g.edges[i] = {0, i + 1};
  g.edges[6] = {};
  g.goal = {6};
  return g;
}

TEST(Engines, BfsFindsAShortestCounterexample) {
  auto g = ladder();
  g.expectation = weft::Expectation::always;
  g.goal = {0, 1, 2, 3, 4, 5};  // "always not 6"
  auto r = check(g, with(Strategy::bfs, 2));
  ASSERT_EQ(r.properties.at(0).verdict, Verdict::fails);
  EXPECT_EQ(r.properties[0].path->events.size(), 6u);
  EXPECT_EQ(r.properties[0].path->states.back().id, 6);
  auto d = check(g, with(Strategy::dfs));
  ASSERT_EQ(d.properties.at(0).verdict, Verdict::fails);
  EXPECT_EQ(d.properties[0].path->states.back().id, 6);
  EXPECT_EQ(r.bound, Bound::violation);
  Options wide = with(Strategy::bfs, 2);
  wide.fingerprint_bits = 128;
  auto w = check(g, wide);  // a hand-written model: XXH3-128 over its encoding
  ASSERT_EQ(w.properties.at(0).verdict, Verdict::fails);
  EXPECT_EQ(w.properties[0].path->events.size(), 6u);
}

// Symmetry on a hand-written model whose representative() itself fingerprints (and so uses the scratch
// buffer the engines hash in): every engine still counts one state per class.
struct Ring {  // 0 -> 1 -> ... -> 5 -> 0, with i and i + 3 interchangeable
  using State = graphs::Node;
  using Action = int;
  std::vector<State> init_states() const { return {{0}}; }
  void actions(State const&, std::vector<Action>& out) const { out.push_back(0); }
  std::optional<State> next_state(State const& s, Action) const { return State{(s.id + 1) % 6}; }
  std::vector<weft::Property<Ring>> properties() const { return {}; }
  State representative(State const& s) const {
    (void)weft::fingerprint(s);
    return {s.id % 3};
  }
};

TEST(Engines, SymmetryCountsOneStatePerClassWhateverTheRepresentativeDoes) {
  Ring const ring;
  for (unsigned bits : {64u, 128u})
    for (auto strategy : {Strategy::bfs, Strategy::dfs}) {
      Options o = with(strategy);
      o.symmetry = true;
      o.fingerprint_bits = bits;
      EXPECT_EQ(check(ring, o).stats.distinct, 3u) << to_string(strategy) << ", " << bits << "-bit";
    }
}

TEST(Engines, SometimesGetsAWitness) {
  auto g = ladder();
  g.expectation = weft::Expectation::sometimes;
  auto r = check(g);
  ASSERT_EQ(r.properties.at(0).verdict, Verdict::holds);
  EXPECT_EQ(r.properties[0].path->states.size(), 7u);
  g.goal = {42};
  EXPECT_EQ(check(g).properties.at(0).verdict, Verdict::fails);
}

TEST(Eventually, FailsOnACycleThatAvoidsTheGoal) {
  auto r = check(ladder());  // 0 -> 1 -> 0 loops for ever without reaching 6
  auto const& p = r.properties.at(0);
  ASSERT_EQ(p.verdict, Verdict::fails);
  ASSERT_TRUE(p.path->loop_start.has_value());
  EXPECT_EQ(p.path->states.back().id, p.path->states.at(*p.path->loop_start).id);
}

TEST(Eventually, FailsOnADeadEndAndHoldsWhenEveryRunArrives) {
  graphs::Graph g;
  g.edges = {{0, {1, 2}}, {1, {3}}, {2, {3}}, {3, {}}};
  g.goal = {3};
  EXPECT_EQ(check(g).properties.at(0).verdict, Verdict::holds);
  g.edges[2] = {4};
  g.edges[4] = {};
  auto r = check(g);
  ASSERT_EQ(r.properties.at(0).verdict, Verdict::fails);
  EXPECT_TRUE(r.properties[0].path->dead_end);
  EXPECT_EQ(r.properties[0].path->states.back().id, 4);
}

TEST(Bounds, BoundedRunsSayWhatBoundedThem) {
  auto g = ladder();
  g.expectation = weft::Expectation::always;
  g.goal = {0, 1, 2, 3, 4, 5, 6};
  Options o;
  o.max_depth = 3;
  auto r = check(g, o);
  EXPECT_EQ(r.bound, Bound::depth);
  EXPECT_EQ(r.properties.at(0).verdict, Verdict::unknown);
  EXPECT_EQ(r.stats.distinct, 3u);
  o.strategy = Strategy::dfs;
  EXPECT_EQ(check(g, o).bound, Bound::depth);
  Options s;
  s.max_states = 2;
  EXPECT_EQ(check(toy::pair({'a', 'b', 'c'}), s).bound, Bound::states);
  Options full;
  auto complete = check(g, full);
  EXPECT_TRUE(complete.complete());
  EXPECT_EQ(complete.properties.at(0).verdict, Verdict::holds);
}

TEST(Report, KeepGoingCollectsOnePathPerProperty) {
  ping_pong::Client buggy;
  buggy.accept_stale_pong = true;
  auto w = ping_pong::make_world({1, 2}, buggy).faults({.drops = 1, .duplicates = 1});
  w.property(weft::always<ping_pong::World>("never two answers",
                                            [](auto const&, auto const& s) { return ping_pong::World::state_of<ping_pong::Client>(s, 0).answers.size() < 2; }));
  Options o;
  o.keep_going = true;
  auto r = check(w, o);
  ASSERT_EQ(r.properties.size(), 2u);
  for (auto const& p : r.properties) {
    EXPECT_EQ(p.verdict, Verdict::fails) << p.name;
    ASSERT_TRUE(p.path) << p.name;
    EXPECT_FALSE(p.path->states.empty());
  }
  EXPECT_TRUE(r.complete());
  EXPECT_GT(r.collision_probability(), 0.0);
  EXPECT_LT(r.collision_probability(), 1e-9);
  o.fingerprint_bits = 128;  // the same counterexamples; the estimate shrinks by 2^64
  auto wide = check(w, o);
  ASSERT_EQ(wide.properties.size(), 2u);
  for (std::size_t i = 0; i < 2; ++i) EXPECT_EQ(wide.properties[i].path->events.size(), r.properties[i].path->events.size());
  EXPECT_DOUBLE_EQ(wide.collision_probability(), std::ldexp(r.collision_probability(), -64));
  o.fingerprint_bits = 96;
  EXPECT_THROW(check(w, o), weft::Error);
}

}  // namespace

#include <weft/checker/testing.hpp>

namespace {

TEST(TestingApi, PassesAndFailsWithReadableMessages) {
  EXPECT_TRUE(weft::checker::all_hold(ping_pong::make_world({1, 2}).faults({.drops = 1})));
  ping_pong::Client buggy;
  buggy.accept_stale_pong = true;
  auto bad = ping_pong::make_world({1, 2}, buggy).faults({.duplicates = 1});
  auto result = weft::checker::all_hold(bad);
  ASSERT_FALSE(result);
  std::string const message = result.message();
  EXPECT_NE(message.find("always \"answers match questions\": fails"), std::string::npos) << message;
  EXPECT_NE(message.find("deliver n1->n0 Pong"), std::string::npos) << message;
  EXPECT_TRUE(weft::checker::fails(bad, "answers match questions"));
  EXPECT_FALSE(weft::checker::fails(bad, "no such property"));
}

}  // namespace
