// The model options and property kinds around liveness: deadlock checking (on for models, off for those that
// finish, switchable), state constraints (successors outside counted, not explored), action properties (the
// failing step ends the counterexample), and temporal counterexamples as traces: saved, replayed with
// --expect's judgement (broken when the lasso is cut or made unfair), and shrunk.
#include <weft/checker/check.hpp>
#include <weft/fairness.hpp>
#include <weft/reflect.hpp>
#include <weft/replay.hpp>
#include <weft/shrinker/shrink.hpp>
#include <weft/trace.hpp>

#include <gtest/gtest.h>

namespace {

using namespace weft::checker;

struct Count {
  BOOST_HANA_DEFINE_STRUCT(Count, (int, x));
};

/// A counter from 0: `inc` adds one below `top`, `jump` adds two at 3 (when `jumps`), `reset` goes back to 0
/// from `top` (when `resets`, weakly fair as a group of its own); `inc` is weakly fair (group 1).
struct Counter {
  using State = Count;
  using Action = int;  // 0: inc, 1: jump, 2: reset, 3: idle (a self-loop: a stutter)
  int top = 3;
  bool jumps = false, resets = false, idles = false;
  std::vector<weft::Property<Counter>> props;

  std::vector<State> init_states() const { return {{0}}; }
  void actions(State const&, std::vector<Action>& out) const { out.insert(out.end(), {0, 1, 2, 3}); }
  std::optional<State> next_state(State const& s, Action a) const {
    if (a == 0 && s.x < top) return State{s.x + 1};
    if (a == 1 && jumps && s.x == 3) return State{s.x + 2};
    if (a == 2 && resets && s.x == top) return State{0};
    if (a == 3 && idles) return s;
    return std::nullopt;
  }
  void fairness(Action a, std::vector<weft::FairGroup>& out) const {
    if (a == 0) out.push_back({weft::Fair::weak, 1});
    if (a == 2) out.push_back({weft::Fair::weak, 2});
  }
  std::vector<weft::Property<Counter>> properties() const { return props; }
};

TEST(Deadlock, IsReportedWithItsPathForModelsAndCanBeSwitchedOff) {
  for (auto s : {Strategy::bfs, Strategy::dfs, Strategy::random}) {
    Options o;
    o.strategy = s;
    auto const r = check(Counter{}, o);
    ASSERT_EQ(r.properties.size(), 1u) << to_string(s);
    EXPECT_EQ(r.properties[0].name, deadlock_name);
    ASSERT_EQ(r.properties[0].verdict, Verdict::fails) << to_string(s);
    EXPECT_TRUE(r.properties[0].path->dead_end);
    EXPECT_EQ(r.properties[0].path->last().x, 3);
    EXPECT_EQ(r.properties[0].path->length(), 3u);
    o.deadlock = false;
    EXPECT_TRUE(check(Counter{}, o).properties.empty());
  }
  Counter cyclic;
  cyclic.resets = true;
  EXPECT_EQ(check(cyclic).properties.at(0).verdict, Verdict::holds);
}

TEST(Constraints, CountTheSuccessorsOutsideButDoNotExploreThem) {
  Counter c;
  c.top = 10;
  c.props.push_back(weft::constraint<Counter>("x <= 4", [](Counter const&, Count const& s) { return s.x <= 4; }));
  c.props.push_back(weft::always<Counter>("x <= 4 too", [](Counter const&, Count const& s) { return s.x <= 4; }));
  Options o;
  o.deadlock = false;
  for (auto s : {Strategy::bfs, Strategy::dfs}) {
    o.strategy = s;
    auto const r = check(c, o);
    EXPECT_EQ(r.stats.distinct, 5u);
    EXPECT_EQ(r.stats.generated, 6u);  // the initial state, four inside, one outside
    ASSERT_EQ(r.properties.size(), 1u);
    EXPECT_EQ(r.properties[0].verdict, Verdict::holds);
  }
  o.constraints = false;
  o.keep_going = true;
  auto const r = check(c, o);
  EXPECT_EQ(r.stats.distinct, 11u);
  EXPECT_EQ(r.properties.at(0).verdict, Verdict::fails);
}

TEST(ActionProperties, FailOnTheStepThatBreaksThemWhateverTheEngine) {
  Counter c;
  c.jumps = true;
  c.top = 6;
  c.props.push_back(weft::every_step<Counter>("steps of one", [](Counter const&, Count const& s, int, Count const& t) {
    return t.x == s.x + 1 || t.x == 0;
  }));
  for (auto s : {Strategy::bfs, Strategy::dfs, Strategy::random}) {
    Options o;
    o.strategy = s;
    o.deadlock = false;
    o.threads = s == Strategy::bfs ? 2 : 1;
    auto const r = check(c, o);
    ASSERT_EQ(r.properties.at(0).verdict, Verdict::fails) << to_string(s);
    auto const& path = *r.properties[0].path;
    ASSERT_GE(path.states.size(), 2u);
    EXPECT_EQ(path.events.back(), 1) << to_string(s);
    EXPECT_EQ(path.last().x, 5);
  }
  c.jumps = false;
  EXPECT_EQ(check(c, {.deadlock = false}).properties.at(0).verdict, Verdict::holds);
}

/// A counter that resets (weakly fair) and may idle: eventually x == 2 holds under the fairness of inc;
/// without it, the run may stop at 0.
Counter cycling() {
  Counter c;
  c.resets = c.idles = true;
  c.props.push_back(weft::always_eventually<Counter>("x = 2 again and again", [](Counter const&, Count const& s) { return s.x == 2; }));
  c.props.push_back(weft::leads_to<Counter>("1 leads to 3", [](Counter const&, Count const& s) { return s.x == 1; },
                                            [](Counter const&, Count const& s) { return s.x == 3; }));
  c.props.push_back(weft::eventually_always<Counter>("x > 0 for ever", [](Counter const&, Count const& s) { return s.x > 0; }));
  return c;
}

TEST(Temporal, EachFormGetsItsVerdictUnderTheModelsFairness) {
  for (unsigned bits : {64u, 128u}) {  // the liveness graph numbers states by keys of either width
    auto const r = check(cycling(), {.fingerprint_bits = bits, .keep_going = true});
    EXPECT_EQ(r.properties.at(0).verdict, Verdict::holds);
    EXPECT_EQ(r.properties.at(1).verdict, Verdict::holds);
    ASSERT_EQ(r.properties.at(2).verdict, Verdict::fails);  // the reset comes back to 0 for ever
    auto const& lasso = *r.properties[2].path;
    ASSERT_TRUE(lasso.loop_start);
    EXPECT_EQ(lasso.length() - *lasso.loop_start, 4u);  // 0 -> 1 -> 2 -> 3 -> 0
    EXPECT_FALSE(r.properties[2].notes.empty());
    EXPECT_GT(r.stats.graph_states, 0u);
  }
}

TEST(Temporal, LassoTracesReplayWithTheirExpectationAndShrink) {
  Counter c = cycling();
  c.props.erase(c.props.begin(), c.props.begin() + 2);
  auto const r = check(c);
  auto const& p = r.properties.at(0);
  ASSERT_EQ(p.verdict, Verdict::fails);
  auto const header = weft::trace_header("counter", {}, p.name, weft::expect::violates);
  auto const t = weft::to_trace(c, *p.path, header);
  EXPECT_EQ(weft::unmet_expectation(c, t, weft::replay(c, t)), std::nullopt);
  // A lasso padded with a detour round the cycle still violates, and shrinks back to the cycle of four.
  weft::Run<Counter> longer = *p.path;
  auto const cycle = std::vector<int>(longer.events.begin() + static_cast<std::ptrdiff_t>(*longer.loop_start), longer.events.end());
  std::vector<int> events(longer.events.begin(), longer.events.begin() + static_cast<std::ptrdiff_t>(*longer.loop_start));
  events.insert(events.end(), cycle.begin(), cycle.end());
  std::size_t const loop = events.size();
  events.insert(events.end(), cycle.begin(), cycle.end());
  auto padded = weft::execute(c, c.init_states()[0], events);
  padded.loop_start = loop;
  auto const shrunk = weft::shrinker::shrink(c, padded, p.name);
  EXPECT_EQ(shrunk.run.length(), p.path->length());
  EXPECT_LT(shrunk.stats.after, shrunk.stats.before);
  // Cut short, the lasso no longer closes; with the fair action removed from the model, it would be
  // replayed as fair but not a violation of another property: the expectation says which.
  auto broken = t;
  broken.steps.pop_back();
  EXPECT_NE(weft::unmet_expectation(c, broken, weft::replay(c, broken)), std::nullopt);
}

TEST(Temporal, AStutteringLassoIsUnfairWhenAFairActionIsEnabled) {
  Counter c = cycling();
  weft::Run<Counter> stop = weft::execute(c, Count{0}, {0});  // 0 -> 1, then stay at 1
  stop.loop_start = 1;
  auto const unfair = weft::lasso_unfairness(c, stop);
  ASSERT_TRUE(unfair.has_value());
  EXPECT_NE(unfair->find("stays enabled"), std::string::npos) << *unfair;
}

}  // namespace
