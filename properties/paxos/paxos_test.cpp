// Paxos: a fault-free decision step by step, the rules that make it safe (durable acceptors, phase 2
// adopting the highest accepted value), the exhaustive check of a small configuration with crashes,
// restarts and drops (and its symmetry reduction), each bug switch caught, and random walks over a
// larger configuration.
#include <paxos/paxos.hpp>
#include <paxos/paxos_properties.hpp>

#include <weft/checker/codec_check.hpp>
#include <weft/checker/testing.hpp>

#include <weft/testing/sanitized.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using paxos::World;
using weft::checker::Options;
using weft::checker::Strategy;
using Deliver = weft::Deliver<paxos::Msg>;

// Under AddressSanitizer at -O0 (as scripts/test builds it) these searches run about 100 times slower
// than optimised (measured: 665 s of CPU against 6 s), far past the suite's budget. There the exhaustive
// searches are left to the optimised run, and the random walks are fewer: the sanitizers still see
// every handler, fault and symmetry path run, and the corpus replays each bug's counterexample.
using weft::testing::sanitized;
using weft::testing::optimised_only;

// Nodes of the default layout (2 proposers, 3 acceptors, 1 learner).
constexpr weft::NodeId p0 = 0, p1 = 1, a0 = 2, a1 = 3, a2 = 4, l0 = 5;

paxos::Settings settings(std::uint32_t max_rounds = 1) {
  paxos::Settings s;
  s.layout = {2, 3, 1};
  s.max_rounds = max_rounds;
  return s;
}

// Options built field by field: designated initialisers would leave Options::latency without an
// initialiser, which -Wmissing-field-initializers reports.
Options symmetric() {
  Options o;
  o.symmetry = true;
  return o;
}

/// The world of `s` with its properties and fault budget `faults`, named for traces.
weft::Configured<World> configured(paxos::Settings s, weft::FaultBudget faults = {}) {
  s.world.faults = faults;
  return paxos::protocol(s);
}

World checked(paxos::Settings const& s, weft::FaultBudget faults = {}) { return configured(s, faults).model; }

std::string step(World const& w, World::State& s, World::Action const& a) {
  std::vector<World::StepEffect> fx;
  s = weft::after(w, s, a, &fx);
  std::string out;
  for (auto const& e : fx) out += weft::to_text(e) + "\n";
  return out;
}

// Runs phase 1 of proposer `p` (ballot `b`) with acceptors `x` and `y`.
void prepare(World const& w, World::State& s, weft::NodeId p, paxos::Ballot b, weft::NodeId x, weft::NodeId y) {
  for (weft::NodeId a : {x, y}) step(w, s, Deliver{p, a, paxos::Prepare{b}});
  for (weft::NodeId a : {x, y}) {
    std::vector<World::Action> enabled;
    w.actions(s, enabled);
    for (auto const& e : enabled)  // the promise, whatever it reports
      if (auto const* d = std::get_if<Deliver>(&e); d && d->from == a && d->to == p) {
        s = weft::after(w, s, e);
        break;
      }
  }
}

TEST(Paxos, FaultFreeDecisionStepByStep) {
  World w = checked(settings());
  World::State s = w.init_states().at(0);
  EXPECT_EQ(World::state_of<paxos::Proposer>(s, p1).phase, paxos::Phase::preparing);
  EXPECT_EQ(step(w, s, Deliver{p0, a0, paxos::Prepare{1}}), "n2: send to n0: Promise{ballot: 1, accepted: none}\n");
  step(w, s, Deliver{p0, a1, paxos::Prepare{1}});
  EXPECT_EQ(step(w, s, Deliver{a0, p0, paxos::Promise{1, std::nullopt}}), "");
  EXPECT_EQ(step(w, s, Deliver{a1, p0, paxos::Promise{1, std::nullopt}}),
            "n0: send to n2: Accept{ballot: 1, value: 10}\nn0: send to n3: Accept{ballot: 1, value: 10}\n"
            "n0: output Proposed{ballot: 1, value: 10}\n");
  EXPECT_EQ(step(w, s, Deliver{p0, a0, paxos::Accept{1, 10}}), "n2: send to n5: Accepted{ballot: 1, value: 10}\n");
  step(w, s, Deliver{p0, a1, paxos::Accept{1, 10}});
  EXPECT_EQ(step(w, s, Deliver{a0, l0, paxos::Accepted{1, 10}}), "");
  EXPECT_EQ(step(w, s, Deliver{a1, l0, paxos::Accepted{1, 10}}), "n5: output Learned{value: 10}\n");
  EXPECT_EQ(World::state_of<paxos::Learner>(s, l0).learned, std::vector<paxos::Value>{10});
  // Proposer 1's ballot 2 now finds value 10 accepted, and must propose it rather than its own 20.
  prepare(w, s, p1, 2, a1, a2);
  EXPECT_EQ(step(w, s, Deliver{p1, a2, paxos::Accept{2, 10}}), "n4: send to n5: Accepted{ballot: 2, value: 10}\n");
  for (auto const& p : w.properties()) {
    if (p.expectation == weft::Expectation::always) {
      EXPECT_TRUE(p.predicate(w, s)) << p.name;
    }
  }
}

TEST(Paxos, PhaseTwoAdoptsTheHighestAcceptedValueUnlessTheBugIsOn) {
  for (bool bug : {false, true}) {
    paxos::Settings st = settings();
    st.bug_ignore_accepted = bug;
    World w = checked(st);
    World::State s = w.init_states().at(0);
    prepare(w, s, p0, 1, a0, a1);
    step(w, s, Deliver{p0, a1, paxos::Accept{1, 10}});
    step(w, s, Deliver{p1, a1, paxos::Prepare{2}});
    step(w, s, Deliver{p1, a2, paxos::Prepare{2}});
    step(w, s, Deliver{a2, p1, paxos::Promise{2, std::nullopt}});
    std::string const phase2 = step(w, s, Deliver{a1, p1, paxos::Promise{2, paxos::Proposal{1, 10}}});
    EXPECT_NE(phase2.find(bug ? "Proposed{ballot: 2, value: 20}" : "Proposed{ballot: 2, value: 10}"), std::string::npos) << phase2;
  }
}

TEST(Paxos, RetriesUseHigherBallotsUniqueToTheProposer) {
  paxos::Settings st = settings(3);
  World w = checked(st);
  World::State s = w.init_states().at(0);
  World::Action const retry = weft::Timeout<World::Timer>{p1, World::Timer{paxos::Retry{}}};
  EXPECT_EQ(step(w, s, retry), "n1: send to n2: Prepare{ballot: 4}\nn1: send to n3: Prepare{ballot: 4}\n"
                               "n1: send to n4: Prepare{ballot: 4}\nn1: set timer Retry{} +100\n");
  EXPECT_EQ(step(w, s, retry), "n1: send to n2: Prepare{ballot: 6}\nn1: send to n3: Prepare{ballot: 6}\n"
                               "n1: send to n4: Prepare{ballot: 6}\n");  // the last round: no timer left
  EXPECT_THROW(weft::after(w, s, retry), weft::Error);
  EXPECT_EQ(World::state_of<paxos::Proposer>(s, p1).rounds, 3u);
}

TEST(Paxos, AcceptorStateIsDurableUnlessTheBugIsOn) {
  for (bool bug : {false, true}) {
    paxos::Settings st = settings();
    st.bug_forget_promise = bug;
    World w = checked(st, {.crashes = 1, .restarts = 1});
    World::State s = w.init_states().at(0);
    prepare(w, s, p0, 1, a0, a1);
    step(w, s, Deliver{p0, a0, paxos::Accept{1, 10}});
    s = weft::after(w, weft::after(w, s, weft::Crash{a0}), weft::Restart{a0});
    auto const& acceptor = World::state_of<paxos::Acceptor>(s, a0);
    EXPECT_EQ(acceptor.promised, bug ? 0u : 1u);
    EXPECT_EQ(acceptor.accepted.has_value(), !bug);
  }
}

TEST(Paxos, ProposerKeepsItsRoundAcrossARestart) {
  World w = checked(settings(2), {.crashes = 1, .restarts = 1});
  World::State s = w.init_states().at(0);
  s = weft::after(w, s, weft::Crash{p0});
  // A restarted proposer never reuses a ballot: it could otherwise propose two values in one ballot.
  EXPECT_EQ(step(w, s, weft::Restart{p0}), "n0: send to n2: Prepare{ballot: 3}\nn0: send to n3: Prepare{ballot: 3}\n"
                                            "n0: send to n4: Prepare{ballot: 3}\n");
}

TEST(Paxos, PropertiesRejectConflictingOrInventedValues) {
  World w = checked(settings());
  World::State const s = w.init_states().at(0);
  auto with_learned = [&](std::vector<paxos::Value> learned) {
    World::State t = s;
    auto record = World::node(t, l0);
    record.state = World::RoleState(std::in_place_index<2>, paxos::LearnerState{{}, std::move(learned)});
    w.put_node(t, l0, record);
    return t;
  };
  auto holds = [&](char const* name, World::State const& t) {
    for (auto const& p : w.properties())
      if (p.name == name) return p.predicate(w, t);
    ADD_FAILURE() << "no property " << name;
    return false;
  };
  EXPECT_TRUE(holds("agreement", with_learned({10})));
  EXPECT_FALSE(holds("agreement", with_learned({10, 20})));
  EXPECT_TRUE(holds("validity", with_learned({20})));
  EXPECT_FALSE(holds("validity", with_learned({99})));
}

// The counts pin the model's semantics; symmetry over the 3 acceptors divides them by almost 3! = 6.
// Under the sanitizers only the reduced search runs (the full one is 6 times larger).
TEST(Paxos, SymmetryReducesTheFaultFreeSpace) {
  auto const reduced = weft::checker::check(checked(settings()), symmetric());
  ASSERT_TRUE(reduced.complete());
  EXPECT_FALSE(reduced.violated());
  EXPECT_EQ(reduced.stats.distinct, 3049u);
  if (sanitized) return;
  auto const full = weft::checker::check(checked(settings()));
  ASSERT_TRUE(full.complete());
  EXPECT_FALSE(full.violated());
  EXPECT_EQ(full.stats.distinct, 17163u);
}

// The small configuration, exhaustively: 2 proposers, 3 acceptors, 1 learner, one ballot each. All of
// drops, duplicates and a crash-restart at once is 11 M states generated (40 s), so the faults are split:
// a lost message and a crash and restart of any node anywhere; then a duplicated message anywhere.
// Under weakly fair timers and delivery a value is learned: the highest ballot's round is the distinguished
// proposer's, and nothing pre-empts it. A lost message is not re-sent, and faults are not
// fair: with a drop, the lasso stops with the value unlearned; so it does when delivery is not fair.
TEST(Paxos, AValueIsLearnedUnderFairnessUnlessAMessageIsLost) {
  paxos::Settings s = settings();
  s.liveness = true;
  auto const fair = weft::checker::check(paxos::protocol(s).model);
  EXPECT_EQ(fair.properties.back().name, "a value is eventually learned");
  EXPECT_EQ(fair.properties.back().verdict, weft::checker::Verdict::holds);
  if (sanitized) return;  // the lossy space is several times larger: left to the optimised run
  auto const lossy = weft::checker::check(configured(s, {.drops = 1}).model);
  ASSERT_EQ(lossy.properties.back().verdict, weft::checker::Verdict::fails);
  auto const& lasso = *lossy.properties.back().path;
  EXPECT_EQ(lasso.loop_start, lasso.length());
  EXPECT_EQ(lasso.last().budget.drops, 0u);
  s.world.fairness.fair_delivery = weft::Fair::none;
  EXPECT_TRUE(weft::checker::fails(paxos::protocol(s), "a value is eventually learned"));
}

TEST(Paxos, SmallConfigurationWithLossAndRestartHoldsExhaustively) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  EXPECT_TRUE(weft::checker::all_hold(configured(settings(), {.drops = 1, .crashes = 1, .restarts = 1}), symmetric()));
}

TEST(Paxos, SmallConfigurationWithDuplicationHoldsExhaustively) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  EXPECT_TRUE(weft::checker::all_hold(configured(settings(), {.duplicates = 1}), symmetric()));
}

TEST(Paxos, ForgettingPromisesBreaksAgreement) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  paxos::Settings st = settings();
  st.bug_forget_promise = true;
  EXPECT_TRUE(weft::checker::fails(configured(st, {.crashes = 1, .restarts = 1}), "agreement", symmetric()));
}

TEST(Paxos, IgnoringAcceptedValuesBreaksAgreement) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  paxos::Settings st = settings();
  st.bug_ignore_accepted = true;
  EXPECT_TRUE(weft::checker::fails(configured(st), "agreement", symmetric()));
}

// A larger configuration by seeded random walks: 3 proposers retrying, 5 acceptors, 2 learners, every
// kind of fault. The correct protocol survives; the same walks catch a bug, so they can fail.
paxos::Settings larger() {
  paxos::Settings s;
  s.layout = {3, 5, 2};
  s.max_rounds = 3;
  return s;
}
constexpr weft::FaultBudget larger_faults{.drops = 2, .duplicates = 2, .crashes = 2, .restarts = 2};
Options walks() {
  Options o;
  o.strategy = Strategy::random;
  o.seed = 1;
  o.walks = sanitized ? 30 : 3000;
  return o;
}

TEST(Paxos, LargerConfigurationSurvivesRandomWalks) {
  auto const r = weft::checker::check(checked(larger(), larger_faults), walks());
  EXPECT_FALSE(r.violated());
  EXPECT_GT(r.stats.distinct, sanitized ? 1000u : 10000u);
  for (auto const& p : r.properties) {
    if (p.expectation == weft::Expectation::sometimes) {
      EXPECT_EQ(p.verdict, weft::checker::Verdict::holds) << p.name;
    }
  }
}

TEST(Paxos, RandomWalksCatchIgnoredAcceptedValuesInTheLargerConfiguration) {
  if (sanitized) GTEST_SKIP() << optimised_only;  // a minute there; PhaseTwoAdopts... runs the bug's code
  paxos::Settings st = larger();
  st.bug_ignore_accepted = true;
  EXPECT_TRUE(weft::checker::fails(configured(st, larger_faults), "agreement", walks()));
}

// The engines store its worlds as component indices and step them in place: on random walks with every
// kind of fault, each stored state loads back, its key is the plain one and each in-place step agrees
// with a plain step (weft/checker/codec_check.hpp).
TEST(Paxos, EnginesStoreAndStepItsWorldsFaithfully) {
  paxos::Settings s;
  s.world.faults = {.drops = 1, .duplicates = 1, .crashes = 1, .restarts = 1, .partitions = 1};
  EXPECT_EQ(weft::checker::codec_disagreement(paxos::make_world(s), {.walks = sanitized ? 3u : 15u, .depth = 25}), "");
}

}  // namespace

// Every bug switch's counterexample from random walks shrinks to within two events of the shortest, which
// breadth-first search finds (the walks are seeded; the shrinker cuts cycles and searches from the run's
// states, so a local minimum far from the shortest is not the answer).
TEST(Paxos, RandomWalkCounterexamplesShrinkNearTheShortest) {
  if (weft::testing::sanitized) GTEST_SKIP() << weft::testing::optimised_only;
  weft::checker::Options const walks{.strategy = weft::checker::Strategy::random, .max_depth = 100, .seed = 7, .walks = 3000};
  for (std::vector<std::string> const& bug : std::vector<std::vector<std::string>>{{"bug_ignore_accepted=1"}, {"bug_forget_promise=1", "crashes=1", "restarts=1"}}) {
    paxos::Settings s;
    for (auto const& assignment : bug) weft::set_setting(s, assignment);
    EXPECT_TRUE(weft::checker::shrinks_near_shortest(paxos::protocol(s), "", walks)) << bug.front();
  }
}
