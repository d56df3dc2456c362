// Raft's tests: exhaustive checks of small clusters, seeded random walks of a larger one, each bug switch
// caught, and the live mode (periodic heartbeats, random timeouts) on a timed network, where it must stay
// safe and, without faults, elect a leader and apply the clients' commands on every node.
#include <raft/raft_properties.hpp>

#include <weft/checker/codec_check.hpp>
#include <weft/checker/testing.hpp>
#include <weft/checker/timed_network.hpp>

#include <weft/testing/sanitized.hpp>

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using weft::checker::Options;
using weft::checker::Strategy;
using weft::checker::Verdict;

// Under AddressSanitizer at -O0 (as scripts/test builds it) these searches run hundreds of times slower
// than optimised (measured: 20 minutes against 7 s), far past the suite's budget. There the large searches
// are left to the optimised run and the walks are fewer, as in properties/paxos and properties/abd: the
// sanitizers still see every handler, fault and timed path run, and the corpus replays each bug.
using weft::testing::sanitized;
using weft::testing::optimised_only;

/// The fairness the bundled configurations declare (tests that set their own world settings keep it).
weft::WorldFairness const fair = raft::Settings{}.world.fairness;

raft::World world_of(raft::Settings const& s, bool strict_liveness = false, bool outputs = false) {
  auto w = raft::make_world(s);
  raft::add_properties(w, s, strict_liveness, outputs);
  return w;
}

/// The verdict on property `name` of a search that stops at its first violation.
Verdict verdict(raft::World const& w, std::string const& name, Options options = {}) {
  return weft::checker::verdict_of(weft::checker::check(w, options), name);
}

/// No property fails (random walks never prove one holds).
::testing::AssertionResult none_fails(raft::World const& w, Options const& options,
                                      std::vector<raft::World::State> start = {}) {
  auto const r = weft::checker::check(w, options, {}, {}, std::move(start));
  for (auto const& p : r.properties)
    if (p.verdict == Verdict::fails)
      return ::testing::AssertionFailure() << '"' << p.name << "\" fails:\n"
                                           << (p.path ? weft::checker::describe(*p.path) : "");
  return ::testing::AssertionSuccess();
}

raft::Settings elections() { return {.nodes = 3, .max_term = 2, .requests = 0}; }
raft::Settings replication() {  // no symmetry: only n1 and n2 are alike, and renaming costs more than it saves
  return {.nodes = 3, .max_term = 1, .requests = 1, .world = {.faults = {.crashes = 1, .restarts = 1}, .fairness = fair}};
}
raft::Settings vote_bug() { return {.nodes = 3, .max_term = 2, .requests = 1, .bug_vote_without_log_check = true}; }
raft::Settings figure8() { return {.nodes = 3, .max_term = 4, .requests = 2, .bug_commit_old_term = true}; }
/// Figure 8's first half, by hand: n0 leads term 1 and takes command 1, n1 leads term 2 (with n2's vote)
/// and takes command 2, neither entry replicated; n0 hears of term 2 and wins term 3 with n2's vote. (The
/// whole counterexample, found from here, is corpus/raft/leader_completeness.bug_commit_old_term-1....json.)
std::vector<raft::World::Action> figure8_prefix() {
  using raft::World;
  auto timeout = [](weft::NodeId n) {
    return World::Action(weft::Timeout<World::Timer>{n, World::Timer(std::in_place_index<0>, raft::ElectionTimeout{})});
  };
  auto deliver = [](weft::NodeId from, weft::NodeId to, raft::Msg m) {
    return World::Action(weft::Deliver<raft::Msg>{from, to, std::move(m)});
  };
  auto input = [](weft::NodeId n, raft::Command c) {
    return World::Action(weft::UserInput<World::In>{n, World::In(raft::ClientRequest{c})});
  };
  return {timeout(0), deliver(0, 1, raft::RequestVote{1, 0, 0}), deliver(1, 0, raft::Vote{1}), input(0, 1),
          timeout(1), deliver(1, 2, raft::RequestVote{2, 0, 0}), deliver(2, 1, raft::Vote{2}), input(1, 2),
          deliver(1, 0, raft::RequestVote{2, 0, 0}), timeout(0), deliver(0, 2, raft::RequestVote{3, 1, 1}),
          deliver(2, 0, raft::Vote{3})};
}
raft::World::State figure8_start(raft::World const& w) {
  auto s = w.init_states().at(0);
  for (auto const& a : figure8_prefix()) s = weft::after(w, s, a);
  return s;
}

Options walks(std::uint64_t seed, std::uint64_t count, std::uint64_t depth) {
  return {.strategy = Strategy::random, .max_depth = depth, .seed = seed, .walks = count};
}

// The engines store its worlds as component indices and step them in place: on random walks with every
// kind of fault, each stored state loads back, its key is the plain one and each in-place step agrees
// with a plain step (weft/checker/codec_check.hpp).
TEST(Raft, EnginesStoreAndStepItsWorldsFaithfully) {
  raft::Settings s;
  s.world.faults = {.drops = 1, .duplicates = 1, .crashes = 1, .restarts = 1, .partitions = 1};
  EXPECT_EQ(weft::checker::codec_disagreement(raft::make_world(s), {.walks = sanitized ? 3u : 15u, .depth = 25}), "");
}

}  // namespace

TEST(Raft, TwoNodesWithACrashAreSafeAndLive) {
  // Small enough for every build: two terms, a request, a crash and a restart (majority: both nodes).
  raft::Settings s{.nodes = 2, .max_term = 2, .requests = 1, .world = {.faults = {.crashes = 1, .restarts = 1}, .fairness = fair}};
  EXPECT_TRUE(weft::checker::all_hold(raft::protocol(s)));
}

TEST(Raft, ElectionsInTwoTermsAreSafeAndLive) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  EXPECT_TRUE(weft::checker::all_hold(raft::protocol(elections()), {.symmetry = true}));
}

TEST(Raft, ReplicationSurvivesACrashAndRestart) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  EXPECT_TRUE(weft::checker::all_hold(raft::protocol(replication())));
}

// Under weakly fair timers, delivery and requests, "a leader is elected" still fails, and the counterexample
// says why: every node times out before a vote arrives, each votes for itself, and the split vote repeats
// until max_term (here 1), after which no election timer is left. Fairness says that a timer fires, not when; the
// Raft paper's liveness rests on timing. The bounded claim holds under fairness and fails without it.
TEST(Raft, ALeaderIsNotElectedInEveryFairRunAndTheCounterexampleIsASplitVote) {
  raft::Settings s{.nodes = 3, .max_term = 1, .requests = 0, .strict_liveness = true};
  auto const r = weft::checker::check(raft::protocol(s).model);
  auto const& strict = r.properties.back();
  ASSERT_EQ(strict.name, raft::leader_elected_name);
  ASSERT_EQ(strict.verdict, Verdict::fails);
  auto const& split = *strict.path;
  EXPECT_EQ(split.loop_start, split.length());
  for (weft::NodeId n = 0; n < 3; ++n) {
    auto const& node = raft::World::state_of<raft::Node>(split.last(), n);
    EXPECT_EQ(node.current_term, 1u);
    EXPECT_NE(node.role, raft::Role::leader);
  }
  EXPECT_FALSE(raft::has_leader(split.last()));
  s.strict_liveness = false;
  EXPECT_TRUE(weft::checker::all_hold(raft::protocol(s)));
  s.world.fairness.fair_timers = weft::Fair::none;
  EXPECT_TRUE(weft::checker::fails(raft::protocol(s), raft::leader_or_bound_name));
}

TEST(Raft, VoteWithoutLogCheckLosesACommittedEntry) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  auto const w = world_of(vote_bug());
  EXPECT_EQ(verdict(w, raft::leader_completeness_name), Verdict::fails);
}

TEST(Raft, VoteWithoutLogCheckIsFoundByRandomWalks) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  raft::Settings s = vote_bug();
  EXPECT_EQ(verdict(world_of(s), raft::leader_completeness_name, walks(1, 2000, 40)), Verdict::fails);
  s.bug_vote_without_log_check = false;
  EXPECT_TRUE(none_fails(world_of(s), walks(1, 2000, 40)));
}

TEST(Raft, CommittingAnOldTermEntryByCountingBreaksSafety) {
  if (sanitized) GTEST_SKIP() << optimised_only;
  // Random walks rarely line up figure 8's four leaders; from the state where n0 leads term 3 with its
  // unreplicated term-1 entry and n1 still leads term 2 with its own, a breadth-first search finds the
  // rest (the old entry committed by counting, then overwritten), and the fixed variant stays safe.
  raft::Settings s = figure8();
  auto const buggy = world_of(s);
  auto const r = weft::checker::check(buggy, Options{.keep_going = false}, {}, {}, {figure8_start(buggy)});
  Verdict v = Verdict::unknown;
  for (auto const& p : r.properties)
    if (p.name == raft::leader_completeness_name) v = p.verdict;
  ASSERT_EQ(v, Verdict::fails);
  s.bug_commit_old_term = false;
  auto const fixed = world_of(s);
  Options bounded{.max_depth = 9};
  EXPECT_TRUE(none_fails(fixed, bounded, {figure8_start(fixed)}));
}

TEST(Raft, FiveNodesWithFaultsRandomWalks) {
  raft::Settings s{.nodes = 5, .max_term = 4, .requests = 3,
                   .world = {.faults = {.drops = 2, .duplicates = 1, .crashes = 2, .restarts = 2, .partitions = 1}, .fairness = fair}};
  EXPECT_TRUE(none_fails(world_of(s, false, true), walks(7, sanitized ? 60 : 3000, 80)));
}

TEST(Raft, LiveModeStaysSafeOnATimedNetworkWithFaults) {
  raft::Settings s{.nodes = 3, .requests = 12, .live = true,
                   .world = {.faults = {.drops = 4, .duplicates = 2, .crashes = 2, .restarts = 2, .partitions = 1}, .fairness = fair}};
  Options o{.strategy = Strategy::random, .max_depth = 600, .seed = 3, .walks = sanitized ? 20u : 400u, .timed = true};
  EXPECT_TRUE(none_fails(world_of(s, false, true), o));
}

TEST(Raft, LiveModeAppliesCommandsEverywhereWithoutFaults) {
  // Timed walks without faults: a leader is elected and stays; requests that reach a non-leader (before
  // the election, or at a follower) are refused with NotLeader, the others are applied on every node, in
  // the same order (heartbeats bring followers up to date).
  raft::Settings s{.nodes = 3, .requests = 30, .live = true};
  auto const w = world_of(s, false, true);
  std::size_t applied_somewhere = 0;
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    weft::Rng rng = weft::Rng::from_seed(seed, 0);
    Options const o{.strategy = Strategy::random, .timed = true, .latency = weft::checker::Latency{.a = 5}};
    auto run = weft::start_run<raft::World>(w.init_states().at(0));
    weft::checker::TimedNetwork<raft::World> net(w, rng, o, run.initial());
    auto const end = weft::drive(w, run, net, weft::record_all<raft::World>, {.states = false, .max_steps = 3000});
    ASSERT_EQ(end.step, 3000u) << "a live cluster never stops";
    auto const& state = run.last();
    EXPECT_TRUE(raft::has_leader(state)) << "seed " << seed;
    EXPECT_TRUE(raft::state_machine_safety(state) && raft::applied_outputs_agree(state));
    auto const& first = raft::World::state_of<raft::Node>(state, 0).applied;
    for (weft::NodeId n = 1; n < 3; ++n) EXPECT_EQ(raft::World::state_of<raft::Node>(state, n).applied, first);
    std::size_t refused = 0;
    for (auto const& o : state.observed) refused += std::holds_alternative<raft::NotLeader>(std::get<0>(o.value));
    EXPECT_EQ(first.size() + refused, 30u) << "seed " << seed << ": every request is applied or refused";
    applied_somewhere += first.size();
  }
  EXPECT_GT(applied_somewhere, 0u);
}

// Every bug switch's counterexample from random walks shrinks to within two events of the shortest, which
// breadth-first search finds (the walks are seeded; the shrinker cuts cycles and searches from the run's
// states, so a local minimum far from the shortest is not the answer).
TEST(Raft, RandomWalkCounterexamplesShrinkNearTheShortest) {
  if (weft::testing::sanitized) GTEST_SKIP() << weft::testing::optimised_only;
  weft::checker::Options const walks{.strategy = weft::checker::Strategy::random, .max_depth = 100, .seed = 7, .walks = 3000};
  for (std::vector<std::string> const& bug : std::vector<std::vector<std::string>>{{"bug_vote_without_log_check=1", "max_term=2", "requests=1"}}) {
    raft::Settings s;
    for (auto const& assignment : bug) weft::set_setting(s, assignment);
    EXPECT_TRUE(weft::checker::shrinks_near_shortest(raft::protocol(s), "", walks)) << bug.front();
  }
}
