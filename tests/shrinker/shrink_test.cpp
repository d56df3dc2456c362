// The shrinker: on generated failing runs of a toy model the result still fails and is 1-minimal; payloads
// shrink where the model offers smaller values; and on the bundled protocols a random walk's counterexample
// shrinks to within two events of the BFS shortest one.
#include <ping_pong/ping_pong.hpp>
#include <two_phase/two_phase.hpp>
#include <weft/checker/check.hpp>
#include <weft/shrinker/shrink.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace {

using weft::shrinker::failing_run;
using weft::shrinker::shrink;

// x may grow only while y is even, so removing a step can disable later ones (orphans).
struct Counters {
  struct State {
    BOOST_HANA_DEFINE_STRUCT(State, (std::uint8_t, x), (std::uint8_t, y), (bool, flag));
  };
  enum class Op : std::uint8_t { inc_x, inc_y, reset_y, toggle, add };
  struct Action {
    BOOST_HANA_DEFINE_STRUCT(Action, (Op, op), (std::uint8_t, amount));
  };
  std::uint8_t limit = 3;

  std::vector<State> init_states() const { return {State{}}; }
  void actions(State const&, std::vector<Action>& out) const {
    for (Op op : {Op::inc_x, Op::inc_y, Op::reset_y, Op::toggle}) out.push_back({op, 1});
  }
  std::optional<State> next_state(State s, Action const& a) const {
    switch (a.op) {
      case Op::inc_x: if (s.y % 2) return std::nullopt; ++s.x; break;
      case Op::inc_y: if (s.y >= 5) return std::nullopt; ++s.y; break;
      case Op::reset_y: s.y = 0; break;
      case Op::toggle: s.flag = !s.flag; break;
      case Op::add: s.x = static_cast<std::uint8_t>(std::min(255, s.x + a.amount)); break;
    }
    return s;
  }
  std::vector<weft::Property<Counters>> properties() const {
    return {weft::always<Counters>("x stays small unless flagged",
                                   [](Counters const& m, State const& s) { return s.x < m.limit || s.flag; })};
  }
  /// Smaller amounts for `add`, smallest first.
  void shrink_action(Action const& a, std::vector<Action>& out) const {
    if (a.op != Op::add) return;
    for (std::uint8_t v : {std::uint8_t(a.amount / 2), std::uint8_t(a.amount - 1)})
      if (v < a.amount) out.push_back({Op::add, v});
  }
};

RC_GTEST_PROP(Shrinker, ResultStillFailsAndIsOneMinimal, (std::vector<std::uint8_t> picks)) {
  Counters const m;
  auto const p = m.properties().at(0);
  std::vector<Counters::Action> events;
  for (auto k : picks) events.push_back({static_cast<Counters::Op>(k % 4), 1});
  auto const run = failing_run(m, Counters::State{}, events, p);
  RC_PRE(run.has_value());
  auto const shrunk = shrink(m, Counters::State{}, events, p.name);
  RC_ASSERT(shrunk.stats.minimal);
  RC_ASSERT(failing_run(m, Counters::State{}, shrunk.run.events, p).has_value());
  RC_ASSERT(shrunk.run.events.size() <= run->size());
  RC_ASSERT(shrunk.run.events.size() >= 3u);  // x must be incremented three times
  for (std::size_t i = 0; i < shrunk.run.events.size(); ++i) {
    auto without = shrunk.run.events;
    without.erase(without.begin() + static_cast<std::ptrdiff_t>(i));
    RC_ASSERT(!failing_run(m, Counters::State{}, without, p).has_value());
  }
}

TEST(Shrinker, PayloadsShrinkWhereTheModelOffersSmallerValues) {
  Counters m;
  m.limit = 10;
  std::vector<Counters::Action> events{{Counters::Op::toggle, 1}, {Counters::Op::add, 200}, {Counters::Op::toggle, 1}};
  auto const shrunk = shrink(m, Counters::State{}, events, "x stays small unless flagged");
  ASSERT_EQ(shrunk.run.events.size(), 1u);
  EXPECT_EQ(shrunk.run.events[0].op, Counters::Op::add);
  EXPECT_EQ(shrunk.run.events[0].amount, 10);  // the smallest amount that still breaks the limit
  EXPECT_EQ(shrunk.stats.before, 3u);
}

TEST(Shrinker, RefusesRunsThatDoNotFailAndPropertiesItCannotShrink) {
  Counters const m;
  EXPECT_THROW(shrink(m, Counters::State{}, {{Counters::Op::inc_x, 1}}, "x stays small unless flagged"), weft::Error);
  EXPECT_THROW(shrink(m, Counters::State{}, {}, "no such property"), weft::Error);
}

// x starts at 0; `inc` adds one, `twice` doubles. The bug is x == 5: five incs are 1-minimal by removals
// (drop any and x stops at 4), but inc, inc, twice, inc is shorter, and only a search can find it.
struct Doubling {
  struct State {
    BOOST_HANA_DEFINE_STRUCT(State, (std::uint8_t, x));
  };
  enum class Op : std::uint8_t { inc, twice };
  struct Action {
    BOOST_HANA_DEFINE_STRUCT(Action, (Op, op));
  };
  std::vector<State> init_states() const { return {State{}}; }
  void actions(State const&, std::vector<Action>& out) const { out.push_back({Op::inc}), out.push_back({Op::twice}); }
  std::optional<State> next_state(State s, Action const& a) const {
    if (s.x >= 20) return std::nullopt;
    s.x = static_cast<std::uint8_t>(a.op == Op::inc ? s.x + 1 : s.x * 2);
    return s;
  }
  std::vector<weft::Property<Doubling>> properties() const {
    return {weft::always<Doubling>("x is not 5", [](Doubling const&, State const& s) { return s.x != 5; })};
  }
};

TEST(Shrinker, ASearchFromTheRunsStatesFindsWhatRemovalsCannot) {
  Doubling const m;
  std::vector<Doubling::Action> const five(5, {Doubling::Op::inc});
  weft::shrinker::ShrinkOptions removals_only;
  removals_only.search_states = 0;
  auto const local = shrink(m, Doubling::State{}, five, "x is not 5", removals_only);
  EXPECT_EQ(local.run.length(), 5u) << "five incs are 1-minimal";
  auto const searched = shrink(m, Doubling::State{}, five, "x is not 5");
  ASSERT_EQ(searched.run.length(), 4u);
  EXPECT_EQ(searched.run.last().x, 5);
  EXPECT_TRUE(searched.stats.minimal);
  EXPECT_GT(searched.stats.searched, 0u);
  EXPECT_TRUE(searched.run.has_effects()) << "the result is executed once, with its effects";
}

// Two nodes each count to two; the bug is both at two. Among the 4-event runs, the one that finishes a
// node before switching to the other is preferred.
struct TwoCounters {
  struct State {
    BOOST_HANA_DEFINE_STRUCT(State, (std::uint8_t, a), (std::uint8_t, b));
  };
  struct Action {
    BOOST_HANA_DEFINE_STRUCT(Action, (weft::NodeId, node));
  };
  std::vector<State> init_states() const { return {State{}}; }
  void actions(State const&, std::vector<Action>& out) const { out.push_back({0}), out.push_back({1}); }
  std::optional<State> next_state(State s, Action const& e) const {
    auto& c = e.node == 0u ? s.a : s.b;
    if (c >= 3) return std::nullopt;
    ++c;
    return s;
  }
  std::vector<weft::Property<TwoCounters>> properties() const {
    return {weft::always<TwoCounters>("not both at two", [](TwoCounters const&, State const& s) { return s.a < 2 || s.b < 2; })};
  }
};

TEST(Shrinker, AmongEquallyShortRunsPrefersFewerSwitchesBetweenNodes) {
  TwoCounters const m;
  std::vector<TwoCounters::Action> const alternating{{0}, {1}, {0}, {1}};
  EXPECT_EQ(weft::shrinker::switches(alternating), 3u);
  auto const shrunk = shrink(m, TwoCounters::State{}, alternating, "not both at two");
  ASSERT_EQ(shrunk.run.length(), 4u);
  EXPECT_EQ(weft::shrinker::switches(shrunk.run.events), 1u) << weft::to_text(shrunk.run.events);
}

TEST(Shrinker, CutsTheCycleBetweenTwoVisitsOfOneState) {
  // up and back down before the real climb: the state after the detour equals the one before it.
  Counters const m;
  using Op = Counters::Op;
  std::vector<Counters::Action> events{{Op::inc_y, 1}, {Op::reset_y, 1}, {Op::inc_x, 1}, {Op::inc_x, 1}, {Op::inc_x, 1}};
  std::vector<weft::Fingerprint> fps;
  ASSERT_TRUE(failing_run(m, Counters::State{}, events, m.properties().at(0), &fps));
  EXPECT_EQ(fps.size(), 6u);
  EXPECT_EQ(fps[0], fps[2]) << "the detour comes back to the initial state";
  auto const shrunk = shrink(m, Counters::State{}, events, "x stays small unless flagged");
  EXPECT_EQ(shrunk.run.length(), 3u);
}

// Two interchangeable counters, named by node id in their actions so that a renaming moves them.
struct TwinCounters {
  struct State {
    BOOST_HANA_DEFINE_STRUCT(State, (std::array<std::uint8_t, 2>, c));
  };
  enum class Op : std::uint8_t { inc, dec };
  struct Action {
    BOOST_HANA_DEFINE_STRUCT(Action, (weft::NodeId, node), (Op, op));
  };
  std::vector<State> init_states() const { return {State{}}; }
  void actions(State const&, std::vector<Action>& out) const {
    for (weft::NodeId n : {0u, 1u})
      for (Op op : {Op::inc, Op::dec}) out.push_back({n, op});
  }
  std::optional<State> next_state(State s, Action const& a) const {
    auto& c = s.c.at(a.node);
    if (a.op == Op::inc ? c >= 3 : c == 0) return std::nullopt;
    c = a.op == Op::inc ? c + 1 : c - 1;
    return s;
  }
  std::vector<weft::Property<TwinCounters>> properties() const {
    return {weft::always<TwinCounters>("no counter climbs alone", [](TwinCounters const&, State const& s) {
      return std::max(s.c[0], s.c[1]) < 3 || std::min(s.c[0], s.c[1]) > 0;
    })};
  }
  // The larger counter first.
  State representative(State const& s, weft::NodeMap* renaming) const {
    bool const swap = s.c[0] < s.c[1];
    if (renaming) renaming->to = swap ? std::vector<weft::NodeId>{1, 0} : std::vector<weft::NodeId>{0, 1};
    return swap ? State{{s.c[1], s.c[0]}} : s;
  }
};

TEST(Shrinker, CutsTheCycleBetweenTwoSymmetricStatesAndRenamesTheRest) {
  TwinCounters const m;
  using A = TwinCounters::Action;
  using Op = TwinCounters::Op;
  // (1,0) then, two steps later, (0,1): the same state with the counters traded; then counter 1 climbs.
  std::vector<A> const events{{0, Op::inc}, {1, Op::inc}, {0, Op::dec}, {1, Op::inc}, {1, Op::inc}};
  auto const run = weft::execute(m, TwinCounters::State{}, events);
  auto const cut = weft::shrinker::cut_symmetric_cycle(m, run);
  ASSERT_TRUE(cut.has_value());
  std::vector<A> const expected{{0, Op::inc}, {0, Op::inc}, {0, Op::inc}};  // counter 0 climbs instead
  EXPECT_EQ(weft::to_text(*cut), weft::to_text(expected));
  EXPECT_TRUE(failing_run(m, TwinCounters::State{}, *cut, m.properties().at(0)));
  // A run whose states are all distinct up to renaming has no such cycle.
  EXPECT_FALSE(weft::shrinker::cut_symmetric_cycle(m, weft::execute(m, TwinCounters::State{}, expected)).has_value());
}

TEST(Shrinker, GroupsEventsByTheirSubject) {
  using W = ping_pong::World;
  std::vector<W::Action> events{weft::Crash{1}, weft::Restart{1}, weft::Crash{0},
                                weft::Timeout<W::Timer>{0, W::Timer(std::in_place_index<0>, ping_pong::Retry{0})}};
  auto const groups = weft::shrinker::group_events(events);
  ASSERT_EQ(groups.size(), 1u);  // node 1's crash and restart; node 0's crash is alone
  EXPECT_EQ(groups[0], (std::set<std::size_t>{0, 1}));
}

// A random walk's counterexample, shrunk, against the BFS shortest one.
template <class M>
void shrinks_close_to_shortest(M const& m, std::string const& property) {
  weft::checker::Options walks;
  walks.strategy = weft::checker::Strategy::random;
  walks.seed = 7;
  walks.walks = 2000;
  walks.walk_length = 80;
  auto const random = weft::checker::check(m, walks);
  auto const bfs = weft::checker::check(m);
  std::size_t i = 0;
  while (random.properties.at(i).name != property) ++i;
  ASSERT_EQ(random.properties[i].verdict, weft::checker::Verdict::fails) << property;
  ASSERT_EQ(bfs.properties[i].verdict, weft::checker::Verdict::fails);
  auto const& path = *random.properties[i].path;
  auto const shrunk = shrink(m, path.states.at(0), path.events, property);
  std::size_t const shortest = bfs.properties[i].path->events.size();
  EXPECT_LE(shrunk.run.events.size(), shortest + 2) << "walk " << path.events.size() << ", BFS " << shortest;
  EXPECT_TRUE(shrunk.stats.minimal);
}

TEST(Shrinker, RandomWalkCounterexamplesOfTheBundledProtocolsShrinkNearTheShortest) {
  ping_pong::Client stale;
  stale.accept_stale_pong = true;
  auto w = ping_pong::make_world({10, 20}, stale);
  w.faults({.duplicates = 1});
  shrinks_close_to_shortest(w, "answers match questions");
  shrinks_close_to_shortest(two_phase::Model{3, true, false}, "TCConsistent");
  shrinks_close_to_shortest(two_phase::Model{3, false, true}, "TCConsistent");
}

}  // namespace
