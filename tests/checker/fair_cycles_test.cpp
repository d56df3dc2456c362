// The fair-lasso search against a brute-force reference on small random graphs: every form of temporal
// property, weak and strong fairness groups on edges, self-loops (stutters), several initial states. The
// reference enumerates every set of states a fair run could visit infinitely often (a strongly connected set,
// repeated with all its inner edges, fair and reachable as the form asks), independently of Tarjan and of
// the Streett refinement. Each counterexample the checker returns is replayed and judged by the public lasso
// functions (fairness.hpp). With symmetry reduction (two interchangeable tokens on such a graph), every
// verdict is the one without it.
#include <weft/checker/check.hpp>
#include <weft/fairness.hpp>
#include <weft/reflect.hpp>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <vector>

namespace {

using weft::Expectation;
using weft::Fair;
using namespace weft::checker;

struct Vertex {
  BOOST_HANA_DEFINE_STRUCT(Vertex, (int, id));
};

struct RandomEdge {
  int from, to;
  std::vector<int> groups;  // fairness groups this edge's action belongs to
};

/// A graph as a model: action i is edge i; group g's strength is kinds[g].
struct FairGraphModel {
  using State = Vertex;
  using Action = int;
  static constexpr bool finishes = true;
  int n = 1;
  std::vector<int> initial{0};
  std::vector<RandomEdge> edges;
  std::vector<Fair> kinds;
  std::vector<bool> p, q;  // labels
  Expectation form = Expectation::eventually;

  std::vector<State> init_states() const {
    std::vector<State> out;
    for (int v : initial) out.push_back({v});
    return out;
  }
  void actions(State const& s, std::vector<Action>& out) const {
    for (int i = 0; i < static_cast<int>(edges.size()); ++i)
      if (edges[i].from == s.id) out.push_back(i);
  }
  std::optional<State> next_state(State const& s, Action a) const {
    if (edges.at(a).from != s.id) return std::nullopt;
    return State{edges[a].to};
  }
  void fairness(Action a, std::vector<weft::FairGroup>& out) const {
    for (int g : edges.at(a).groups) out.push_back({kinds[g], static_cast<std::uint64_t>(g)});
  }
  std::vector<weft::Property<FairGraphModel>> properties() const {
    auto P = [](FairGraphModel const& m, State const& s) { return bool(m.p[s.id]); };
    auto Q = [](FairGraphModel const& m, State const& s) { return bool(m.q[s.id]); };
    return {{form, "form", P, Q}};
  }
};

// ---- the reference -------------------------------------------------------------------------------------

bool in(unsigned set, int v) { return (set >> v) & 1; }

// States reachable from `from` (a set) through states of `through` (the start states must be in it too).
unsigned reach(FairGraphModel const& m, unsigned from, unsigned through) {
  unsigned seen = from & through;
  for (bool grew = true; grew;) {
    grew = false;
    for (auto const& e : m.edges)
      if (in(seen, e.from) && in(through, e.to) && !in(seen, e.to)) seen |= 1u << e.to, grew = true;
  }
  return seen;
}

bool strongly_connected(FairGraphModel const& m, unsigned s) {
  for (int v = 0; v < m.n; ++v)
    if (in(s, v) && reach(m, 1u << v, s) != s) return false;
  return true;
}

bool fair(FairGraphModel const& m, unsigned s) {
  for (std::size_t g = 0; g < m.kinds.size(); ++g) {
    bool taken = false, some = false, all = true;
    for (int v = 0; v < m.n; ++v) {
      if (!in(s, v)) continue;
      bool enabled = false;
      for (auto const& e : m.edges)
        if (e.from == v && e.to != v && std::count(e.groups.begin(), e.groups.end(), static_cast<int>(g))) enabled = true;
      some = some || enabled;
      all = all && enabled;
    }
    for (auto const& e : m.edges)
      if (in(s, e.from) && in(s, e.to) && e.from != e.to && std::count(e.groups.begin(), e.groups.end(), static_cast<int>(g)))
        taken = true;
    if (!taken && (m.kinds[g] == Fair::strong ? some : all)) return false;
  }
  return true;
}

bool reference_fails(FairGraphModel const& m) {
  unsigned const all = (1u << m.n) - 1, init = [&] {
    unsigned i = 0;
    for (int v : m.initial) i |= 1u << v;
    return i;
  }();
  unsigned not_p = 0, not_q = 0, trig = 0;
  for (int v = 0; v < m.n; ++v) {
    if (!m.p[v]) not_p |= 1u << v;
    if (!m.q[v]) not_q |= 1u << v;
    if (m.p[v] && !m.q[v]) trig |= 1u << v;
  }
  unsigned const reachable = reach(m, init, all);
  for (unsigned s = 1; s <= all; ++s) {
    if (!strongly_connected(m, s) || !fair(m, s)) continue;
    switch (m.form) {
      case Expectation::eventually:
        if ((s & ~reach(m, init, not_p)) == 0) return true;
        break;
      case Expectation::always_eventually:
        if ((s & ~not_p) == 0 && (s & reachable) == s) return true;
        break;
      case Expectation::eventually_always:
        if ((s & not_p) != 0 && (s & reachable) == s) return true;
        break;
      case Expectation::leads_to:
        if ((s & ~reach(m, trig & reachable, not_q)) == 0) return true;
        break;
      default: break;
    }
  }
  return false;
}

// ---- generators ----------------------------------------------------------------------------------------

rc::Gen<FairGraphModel> graphs() {
  return rc::gen::exec([] {
    FairGraphModel m;
    m.n = *rc::gen::inRange(1, 7);
    int const groups = *rc::gen::inRange(0, 4);
    for (int g = 0; g < groups; ++g) m.kinds.push_back(*rc::gen::element(Fair::weak, Fair::strong));
    int const edges = *rc::gen::inRange(0, 3 * m.n + 1);
    for (int i = 0; i < edges; ++i) {
      RandomEdge e{*rc::gen::inRange(0, m.n), *rc::gen::inRange(0, m.n), {}};
      for (int g = 0; g < groups; ++g)
        if (*rc::gen::inRange(0, 3) == 0) e.groups.push_back(g);
      m.edges.push_back(e);
    }
    m.initial = {0};
    if (m.n > 1 && *rc::gen::inRange(0, 3) == 0) m.initial.push_back(m.n - 1);
    for (int v = 0; v < m.n; ++v) m.p.push_back(*rc::gen::inRange(0, 3) == 0), m.q.push_back(*rc::gen::inRange(0, 3) == 0);
    m.form = *rc::gen::element(Expectation::eventually, Expectation::always_eventually, Expectation::eventually_always,
                               Expectation::leads_to);
    return m;
  });
}

RC_GTEST_PROP(FairCycles, AgreeWithTheBruteForceReferenceOnEveryFormAndFairness, ()) {
  FairGraphModel const m = *graphs();
  Options o;
  o.strategy = *rc::gen::element(Strategy::bfs, Strategy::dfs);
  auto const r = check(m, o);
  auto const& p = r.properties.at(0);
  RC_ASSERT(r.complete());
  RC_ASSERT((p.verdict == Verdict::fails) == reference_fails(m));
  if (p.verdict == Verdict::fails) {
    RC_ASSERT(p.path.has_value());
    auto const prop = m.properties().at(0);
    RC_ASSERT(weft::lasso_violates(m, prop, *p.path));
    RC_ASSERT(!weft::lasso_unfairness(m, *p.path).has_value());
  }
}

// ---- symmetry ------------------------------------------------------------------------------------------

struct Tokens {
  BOOST_HANA_DEFINE_STRUCT(Tokens, (int, a), (int, b));
};

/// Two interchangeable tokens on a random graph: each moves along its edges, fair per token as the graph's
/// groups say; the properties look at both tokens alike, so swapping them is a symmetry the search may
/// reduce by.
struct TwoTokens {
  using State = Tokens;
  using Action = int;  // token * edges + edge
  static constexpr bool finishes = true;
  FairGraphModel g;

  int edges() const { return static_cast<int>(g.edges.size()); }
  std::vector<State> init_states() const { return {{g.initial.front(), g.initial.back()}}; }
  void actions(State const& s, std::vector<Action>& out) const {
    for (int t = 0; t < 2; ++t)
      for (int i = 0; i < edges(); ++i)
        if (g.edges[i].from == (t == 0 ? s.a : s.b)) out.push_back(t * edges() + i);
  }
  std::optional<State> next_state(State const& s, Action a) const {
    int const t = a / edges(), i = a % edges();
    State n = s;
    (t == 0 ? n.a : n.b) = g.edges.at(i).to;
    return n;
  }
  void fairness(Action a, std::vector<weft::FairGroup>& out) const {
    for (int k : g.edges.at(a % edges()).groups) out.push_back({g.kinds[k], static_cast<std::uint64_t>(2 * k + a / edges())});
  }
  State representative(State const& s) const { return {std::min(s.a, s.b), std::max(s.a, s.b)}; }
  std::vector<weft::Property<TwoTokens>> properties() const {
    auto P = [](TwoTokens const& m, State const& s) { return m.g.p[s.a] || m.g.p[s.b]; };
    auto Q = [](TwoTokens const& m, State const& s) { return m.g.q[s.a] && m.g.q[s.b]; };
    return {{g.form, "form", P, Q}};
  }
};

RC_GTEST_PROP(FairCycles, SymmetryReductionKeepsEveryVerdict, ()) {
  TwoTokens const m{*graphs()};
  Options reduce;
  reduce.symmetry = true;
  auto const plain = check(m), reduced = check(m, reduce);
  RC_ASSERT(reduced.stats.distinct <= plain.stats.distinct);
  auto const& p = reduced.properties.at(0);
  RC_ASSERT(p.verdict == plain.properties.at(0).verdict);
  if (p.verdict == Verdict::fails) {
    RC_ASSERT(weft::lasso_violates(m, m.properties().at(0), *p.path));
    RC_ASSERT(!weft::lasso_unfairness(m, *p.path).has_value());
  }
}

// ---- hand-built graphs with known answers ----------------------------------------------------------------

FairGraphModel two_way(Fair kind) {
  // 0 <-> 1 by weakly fair edges (group 1: the run cannot stop in 1); 0 -> 2 (the goal) by an edge of
  // group 0, enabled only in state 0.
  FairGraphModel m;
  m.n = 3;
  m.kinds = {kind, Fair::weak};
  m.edges = {{0, 1, {1}}, {1, 0, {1}}, {0, 2, {0}}};
  m.p = {false, false, true};
  m.q = {false, false, false};
  return m;
}

TEST(FairCycles, WeakFairnessAllowsACycleThatDisablesTheActionStrongFairnessDoesNot) {
  auto const weak = check(two_way(Fair::weak));
  ASSERT_EQ(weak.properties.at(0).verdict, Verdict::fails);
  auto const& lasso = *weak.properties.at(0).path;
  EXPECT_EQ(lasso.loop_start, 0u);  // 0 -> 1 -> 0, for ever
  EXPECT_EQ(lasso.length(), 2u);
  EXPECT_EQ(check(two_way(Fair::strong)).properties.at(0).verdict, Verdict::holds);
}

TEST(FairCycles, WithoutFairnessTheRunMayStutterInTheInitialState) {
  auto m = two_way(Fair::weak);
  m.kinds.clear();
  for (auto& e : m.edges) e.groups.clear();
  auto const r = check(m);
  ASSERT_EQ(r.properties.at(0).verdict, Verdict::fails);
  EXPECT_EQ(r.properties.at(0).path->length(), 0u);
  EXPECT_EQ(r.properties.at(0).path->loop_start, 0u);
}

TEST(FairCycles, EveryEngineGivesTheSameVerdicts) {
  for (Fair kind : {Fair::weak, Fair::strong})
    for (auto s : {Strategy::bfs, Strategy::dfs}) {
      Options o;
      o.strategy = s;
      o.threads = s == Strategy::bfs ? 2 : 1;
      EXPECT_EQ(check(two_way(kind), o).properties.at(0).verdict, kind == Fair::weak ? Verdict::fails : Verdict::holds);
    }
}

}  // namespace
