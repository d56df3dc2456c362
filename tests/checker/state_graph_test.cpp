// The liveness graph builder: the graph (rows, edges, group sets, labels, state numbers) is the same
// whatever the number of threads that expand its batches, budgets cut it where a one-thread build would,
// and a model's error in a helper thread reaches the caller.
#include <weft/checker/check.hpp>
#include <weft/checker/state_graph.hpp>
#include <weft/reflect.hpp>

#include <gtest/gtest.h>

#include <stdexcept>

namespace {

using namespace weft::checker;

struct Cell {
  BOOST_HANA_DEFINE_STRUCT(Cell, (int, x), (int, y));
};

/// A torus of n x n cells: step right, step up (each its own group, weak and strong), jump back to the
/// origin (unfair), and a constraint that keeps the diagonal x == y + 1 out of the graph. Big enough that
/// every batch is split between threads.
struct Torus {
  using State = Cell;
  using Action = int;  // 0: right, 1: up, 2: home
  int n = 60;
  bool throws = false;  // the step into (n - 1, n - 1) throws

  std::vector<State> init_states() const { return {{0, 0}}; }
  void actions(State const&, std::vector<Action>& out) const { out.insert(out.end(), {0, 1, 2}); }
  std::optional<State> next_state(State const& s, Action a) const {
    State t = a == 0 ? State{(s.x + 1) % n, s.y} : a == 1 ? State{s.x, (s.y + 1) % n} : State{0, 0};
    if (throws && t.x == n - 1 && t.y == n - 1) throw std::runtime_error("the model broke at the far corner");
    return t;
  }
  void fairness(State const& s, Action a, std::vector<weft::FairGroup>& out) const {
    if (a == 0) out.push_back({weft::Fair::weak, static_cast<std::uint64_t>(s.y)});  // per row
    if (a == 1) out.push_back({weft::Fair::strong, 1000});
  }
  std::vector<weft::Property<Torus>> properties() const {
    return {weft::always_eventually<Torus>("returns home", [](Torus const&, State const& s) { return s.x == 0 && s.y == 0; }),
            weft::constraint<Torus>("off the diagonal", [](Torus const&, State const& s) { return s.x != s.y + 1; })};
  }
};

/// The graph built with `threads`, and whether it was complete.
struct Built {
  FairGraph graph;
  std::vector<std::uint8_t> labels;
  bool complete;
};

Built build(Torus const& m, unsigned threads, Options o = {}) {
  o.threads = threads;
  SearchCore<Torus> core(m, o);
  std::vector<std::size_t> temporal;
  for (std::size_t i = 0; i < core.properties.size(); ++i)
    if (weft::is_temporal(core.properties[i].expectation)) temporal.push_back(i);
  StateGraph<Torus> g(core, temporal);
  bool const complete = g.build();  // apart: gcc 12 destroys twice an aggregate whose initialiser throws
  Built b{{}, {}, complete};
  for (std::uint32_t v = 0; v < g.graph.size(); ++v)
    for (std::size_t i = 0; i < temporal.size(); ++i) b.labels.push_back(g.label(v, i, StateGraph<Torus>::p_holds));
  b.graph = std::move(g.graph);
  return b;
}

void expect_same(Built const& a, Built const& b) {
  EXPECT_EQ(a.complete, b.complete);
  ASSERT_EQ(a.graph.size(), b.graph.size());
  EXPECT_EQ(a.graph.kinds, b.graph.kinds);
  EXPECT_EQ(a.graph.first, b.graph.first);
  EXPECT_EQ(a.graph.enabled, b.graph.enabled);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_EQ(a.graph.edge_count, b.graph.edge_count);
  EXPECT_EQ(a.graph.encoded, b.graph.encoded);
  ASSERT_EQ(a.graph.sets.size(), b.graph.sets.size());
  for (std::uint32_t s = 0; s < a.graph.sets.size(); ++s) {
    auto const x = a.graph.sets[s], y = b.graph.sets[s];
    EXPECT_TRUE(std::equal(x.begin(), x.end(), y.begin(), y.end())) << "set " << s;
  }
}

TEST(StateGraph, IsTheSameWhateverTheThreads) {
  Built const one = build(Torus{}, 1);
  EXPECT_TRUE(one.complete);
  EXPECT_EQ(one.graph.size(), 60u * 60u - 59u);  // (1, 0) .. (59, 58) are outside the constraint
  EXPECT_EQ(one.graph.kinds.size(), 61u);        // 60 rows and the strong "up"
  for (unsigned threads : {2u, 3u}) expect_same(one, build(Torus{}, threads));
}

TEST(StateGraph, BudgetsCutItAsOneThreadDoes) {
  for (Options const& o : {Options{.max_depth = 30}, Options{.max_states = 1000}}) {
    Built const one = build(Torus{}, 1, o);
    EXPECT_FALSE(one.complete);
    EXPECT_GT(one.graph.size(), 100u);
    expect_same(one, build(Torus{}, 2, o));
  }
}

TEST(StateGraph, VerdictsAndLassosAgreeAcrossThreads) {
  Report<Torus> const one = check(Torus{}, {.threads = 1}), two = check(Torus{}, {.threads = 2});
  ASSERT_EQ(one.properties.at(0).verdict, Verdict::fails);  // strong "up" and weak rows: a run may circle a column
  ASSERT_EQ(two.properties.at(0).verdict, Verdict::fails);
  EXPECT_EQ(one.properties[0].path->events, two.properties[0].path->events);
  EXPECT_EQ(one.properties[0].path->loop_start, two.properties[0].path->loop_start);
}

TEST(StateGraph, AModelErrorInAHelperThreadReachesTheCaller) {
  Torus m;
  m.throws = true;
  EXPECT_THROW(build(m, 2), std::runtime_error);
}

}  // namespace
