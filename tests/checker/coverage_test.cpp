// Coverage of actions: per class, the times enabled and taken and the new states found, counted by every
// engine (BFS on 1 to 4 threads, DFS, distributed ranks, random walks) and checked against counts made by
// hand on a counter and by a plain reference search on TwoPhase and a faulty ping_pong world; a checkpoint
// keeps them; a class never enabled is named.
#include "support/reach.hpp"

#include <ping_pong/ping_pong.hpp>
#include <two_phase/two_phase.hpp>
#include <weft/checker/check.hpp>
#include <weft/checker/thread_cluster.hpp>

#include <gtest/gtest.h>

#include <filesystem>
#include <numeric>
#include <thread>

namespace {

using namespace weft::checker;

// A counter from 0 to 3: inc below 3, dec above 0, reset above 1; jump is never enabled.
enum class Op : std::uint8_t { inc, dec, reset, jump };

struct Counter {
  struct State {
    BOOST_HANA_DEFINE_STRUCT(State, (int, x));
  };
  using Action = Op;
  bool labelled = false;  // name the classes by hand instead (LabelsActions)
  int bad_label = -1;     // >= 0: action_label gives this out-of-range class
  bool judged = true;     // false: no property (random walks then run to their end)

  std::vector<State> init_states() const { return {State{0}}; }
  void actions(State const& s, std::vector<Action>& out) const {
    if (s.x < 3) out.push_back(Op::inc);
    if (s.x > 0) out.push_back(Op::dec);
    if (s.x > 1) out.push_back(Op::reset);
  }
  std::optional<State> next_state(State const& s, Action a) const {
    switch (a) {
      case Op::inc: return State{s.x + 1};
      case Op::dec: return State{s.x - 1};
      case Op::reset: return State{0};
      case Op::jump: return State{3};
    }
    return std::nullopt;
  }
  std::vector<weft::Property<Counter>> properties() const {
    if (!judged) return {};
    return {weft::always<Counter>("x below 3", [](auto const&, State const& s) { return s.x < 3; })};
  }
};

// Hand-named classes: "up" for inc, "down" for the rest (or an out-of-range class when asked).
struct LabelledCounter : Counter {
  std::vector<std::string> action_labels() const { return {"up", "down"}; }
  std::size_t action_label(Op a) const {
    if (bad_label >= 0) return static_cast<std::size_t>(bad_label);
    return a == Op::inc ? 0 : 1;
  }
  std::vector<weft::Property<LabelledCounter>> properties() const { return {}; }
};

Options keep_going(Strategy s = Strategy::bfs, unsigned threads = 1) {
  Options o;
  o.strategy = s;
  o.threads = threads;
  o.keep_going = true;
  return o;
}

// Per class: the enabled steps from every reachable state, by the tests' own plain search.
template <class M>
std::vector<std::uint64_t> reference_enabled(M const& m) {
  std::vector<std::uint64_t> out(weft::action_classes(m).size());
  weft::test::reach_with(m, [&](auto const&, auto const& a) { ++out.at(weft::action_class(m, a)); });
  return out;
}

// Every engine's table against the reference: enabled and taken per class, new states summing to the
// distinct states less the initial ones (which class finds a state first depends on the schedule).
template <class M>
void expect_counts(M const& m, Report<M> const& r, std::string const& how) {
  auto const enabled = reference_enabled(m);
  auto const names = weft::action_classes(m);
  std::uint64_t fresh = 0;
  std::size_t row = 0;
  for (std::size_t c = 0; c < enabled.size(); ++c) {
    if (names[c].empty()) {  // a stand-in no event carries: left out of the table
      EXPECT_EQ(enabled[c], 0u) << how;
      continue;
    }
    ASSERT_LT(row, r.actions.size()) << how;
    auto const& a = r.actions[row++];
    EXPECT_EQ(a.name, names[c]) << how;
    EXPECT_EQ(a.enabled, enabled[c]) << how << ": " << a.name;
    EXPECT_EQ(a.taken, enabled[c]) << how << ": " << a.name;
    fresh += a.fresh;
  }
  EXPECT_EQ(row, r.actions.size()) << how;
  EXPECT_EQ(fresh + m.init_states().size(), r.stats.distinct) << how;
}

TEST(Coverage, CountsACounterByHand) {
  auto const r = check(Counter{}, keep_going());
  ASSERT_EQ(r.actions.size(), 4u);
  std::vector<std::string> names;
  for (auto const& a : r.actions) names.push_back(a.name);
  EXPECT_EQ(names, (std::vector<std::string>{"inc", "dec", "reset", "jump"}));
  // inc from 0, 1, 2 finds 1, 2, 3; dec from 1, 2, 3 and reset from 2, 3 find nothing new.
  EXPECT_EQ(r.actions[0], (ActionCoverage{"inc", 3, 3, 3}));
  EXPECT_EQ(r.actions[1], (ActionCoverage{"dec", 3, 3, 0}));
  EXPECT_EQ(r.actions[2], (ActionCoverage{"reset", 2, 2, 0}));
  EXPECT_EQ(r.actions[3], (ActionCoverage{"jump", 0, 0, 0}));
  EXPECT_EQ(never_enabled(r.actions), (std::vector<std::string>{"jump"}));
  EXPECT_EQ(r.stats.generated, 9u);
}

TEST(Coverage, EveryEngineCountsAsTheReference) {
  two_phase::Model const tp{3, false, false};
  auto const world = ping_pong::make_world({1, 2}).faults({.drops = 1, .duplicates = 1});
  for (auto [strategy, threads] : {std::pair{Strategy::bfs, 1u}, {Strategy::bfs, 2u}, {Strategy::bfs, 4u}, {Strategy::dfs, 1u}}) {
    std::string const how = std::string(to_string(strategy)) + " x" + std::to_string(threads);
    expect_counts(Counter{}, check(Counter{}, keep_going(strategy, threads)), "counter, " + how);
    expect_counts(tp, check(tp, keep_going(strategy, threads)), "two_phase, " + how);
    Options o = keep_going(strategy, threads);
    o.liveness = false;
    expect_counts(world, check(world, o), "ping_pong, " + how);
  }
}

TEST(Coverage, AWorldIsClassedByEventAndMessageType) {
  auto const world = ping_pong::make_world({1, 2});  // no faults: drops, duplicates, crashes never enabled
  Options o;
  o.liveness = false;
  auto const r = check(world, o);
  auto const find = [&](std::string const& name) {
    for (auto const& a : r.actions)
      if (a.name == name) return a;
    ADD_FAILURE() << "no class " << name;
    return ActionCoverage{};
  };
  EXPECT_GT(find("Deliver Ping").enabled, 0u);
  EXPECT_GT(find("Deliver Pong").enabled, 0u);
  EXPECT_EQ(find("Drop Ping").enabled, 0u);
  auto const never = never_enabled(r.actions);
  EXPECT_NE(std::find(never.begin(), never.end(), "Drop (all 2)"), never.end());
  EXPECT_NE(std::find(never.begin(), never.end(), "Crash"), never.end());
  for (auto const& a : r.actions) EXPECT_FALSE(a.name.empty() || a.name.find("NoTimer") != std::string::npos) << a.name;
  EXPECT_EQ(r.actions.size(), 12u) << "Deliver, Drop and Duplicate of Ping and Pong, Timeout Retry, UserInput Ask, Crash, "
                                      "Restart, Partition, Heal: the server's missing timer and input are no classes";
  EXPECT_EQ(std::find(never.begin(), never.end(), "Deliver Ping"), never.end());
}

TEST(Coverage, RandomWalksCountWhatTheyTakeAndSee) {
  Options o;
  o.strategy = Strategy::random;
  o.walks = 50;
  o.walk_length = 20;
  o.threads = 2;
  Counter m;
  m.judged = false;
  auto const r = check(m, o);
  std::uint64_t taken = 0, fresh = 0;
  for (auto const& a : r.actions) {
    taken += a.taken;
    fresh += a.fresh;
    EXPECT_GE(a.enabled, a.taken) << a.name;
  }
  EXPECT_EQ(taken + o.walks, r.stats.generated) << "every step of every walk is one action taken";
  EXPECT_EQ(fresh + 1, r.stats.distinct) << "the initial state, then one class finds each new state";
  EXPECT_EQ(r.actions[3].enabled, 0u);
}

TEST(Coverage, AModelMayNameItsOwnClasses) {
  auto const r = check(LabelledCounter{}, keep_going());
  ASSERT_EQ(r.actions.size(), 2u);
  EXPECT_EQ(r.actions[0], (ActionCoverage{"up", 3, 3, 3}));
  EXPECT_EQ(r.actions[1], (ActionCoverage{"down", 5, 5, 0}));
  LabelledCounter bad;
  bad.bad_label = 7;
  try {
    check(bad, keep_going());
    ADD_FAILURE() << "an out-of-range label was counted";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("past the 2 of action_labels()"), std::string::npos) << e.what();
  }
}

TEST(Coverage, ACheckpointKeepsTheCounts) {
  two_phase::Model const m{4, false, false};
  auto const whole = check(m, {});
  std::string const path = ::testing::TempDir() + "/weft-coverage.ckpt";
  Options bounded;
  bounded.max_depth = 5;
  Checkpointing save;
  save.path = path;
  save.every = std::chrono::milliseconds(0);
  check(m, bounded, {}, save);
  Checkpointing resume;
  resume.resume_from = path;
  auto const resumed = check(m, {}, {}, resume);
  EXPECT_EQ(resumed.stats.distinct, whole.stats.distinct);
  EXPECT_EQ(resumed.actions, whole.actions);
  std::filesystem::remove(path);
}

TEST(Coverage, RanksAddUpToOneProcess) {
  two_phase::Model const m{4, false, false};
  auto const one = check(m, {});
  for (unsigned ranks = 2; ranks <= 3; ++ranks) {
    ThreadCluster cluster(ranks);
    std::vector<Report<two_phase::Model>> out(ranks);
    std::vector<std::thread> threads;
    for (unsigned r = 0; r < ranks; ++r)
      threads.emplace_back([&, r] {
        Options o;
        o.cluster = &cluster.rank(r);
        out[r] = check(m, o);
      });
    for (auto& t : threads) t.join();
    for (unsigned r = 0; r < ranks; ++r) expect_counts(m, out[r], std::to_string(r) + " of " + std::to_string(ranks) + " ranks");
  }
  expect_counts(m, one, "one process");
}

}  // namespace
