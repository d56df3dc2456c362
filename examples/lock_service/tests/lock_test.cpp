// The lock service's properties as tests: mutual exclusion holds exhaustively with lost and duplicated
// messages, the stale-release bug is caught (its shrunk counterexample saved as a trace that `lockcheck
// replay` replays), every client finishes under fair timers and delivery (and starves without them, or
// when the server grants a retransmitted Acquire whose use is over), and RapidCheck drives interleavings
// of a larger configuration.
#include <lock/lock_properties.hpp>

#include <weft/checker/codec_check.hpp>
#include <weft/checker/testing.hpp>
#include <weft/testing/interleaving.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace {

using weft::checker::Verdict;

/// The fairness a real clock, network and user give: the settings' default.
weft::WorldFairness const fair = lock::Settings{}.world.fairness;

TEST(Lock, MutualExclusionHoldsWithLossAndDuplication) {
  auto const service = lock::protocol({.clients = 3, .liveness = false, .world = {.faults = {.drops = 1, .duplicates = 1}}});
  EXPECT_TRUE(weft::checker::all_hold(service, {.symmetry = true}));
}

TEST(Lock, TwoUsesEachStayExclusive) {
  EXPECT_TRUE(weft::checker::all_hold(lock::protocol({.clients = 2, .uses = 2}), {.symmetry = true}));
}

TEST(Lock, AStaleReleaseBreaksMutualExclusion) {
  auto const buggy = lock::protocol({.bug_stale_release = true});
  EXPECT_TRUE(weft::checker::fails(buggy, lock::mutual_exclusion));
}

TEST(Lock, RandomWalksFindTheStaleRelease) {
  auto const buggy = lock::protocol({.clients = 4, .uses = 2, .retries = 2, .bug_stale_release = true});
  auto const r = weft::checker::check(buggy.model, {.strategy = weft::checker::Strategy::random, .seed = 1, .walks = 2000});
  EXPECT_FALSE(weft::checker::no_violation(buggy, r));  // the message holds the shrunk trace and its replay line
}

// Under fair timers, delivery and uses, every client finishes, also across a duplicated message (the server
// ignores Acquires of finished uses). A lost Grant starves its client once the client has spent its
// bounded retransmissions waiting in the queue (real clients retry for ever). Without delivery fairness a message may stay in flight for ever: the counterexample is a
// lasso whose cycle is empty, the run stopping with a message undelivered.
TEST(Lock, EveryClientFinishesUnderFairnessAndStarvesWithoutIt) {
  EXPECT_TRUE(weft::checker::all_hold(lock::protocol({.clients = 2, .uses = 2})));
  EXPECT_TRUE(weft::checker::all_hold(lock::protocol({.clients = 2, .world = {.faults = {.duplicates = 1}, .fairness = fair}})));
  auto const lossy = weft::checker::check(lock::protocol({.clients = 2, .world = {.faults = {.drops = 1}, .fairness = fair}}).model);
  ASSERT_EQ(weft::checker::verdict_of(lossy, lock::every_client_finishes), Verdict::fails);
  auto const& end = lossy.properties.at(2).path->last();
  bool spent = false;
  for (weft::NodeId c = 1; c < end.nodes.size(); ++c) {
    auto const& client = lock::World::state_of<lock::Client>(end, c);
    spent = spent || (client.phase == lock::Phase::acquiring && client.sends > 1);
  }
  EXPECT_TRUE(spent);
  lock::Settings unfair{.clients = 2};
  unfair.world.fairness.fair_delivery = weft::Fair::none;
  auto const r = weft::checker::check(lock::protocol(unfair).model);
  ASSERT_EQ(weft::checker::verdict_of(r, lock::every_client_finishes), Verdict::fails);
  auto const& lasso = *r.properties.at(2).path;
  EXPECT_EQ(lasso.loop_start, lasso.length());
  EXPECT_FALSE(lasso.last().network.empty());
}

// A server that forgets finished uses grants a retransmitted Acquire that arrives after its use ended; that
// client ignores the Grant, never releases it, and the others wait for ever. No fault is needed, and
// mutual exclusion still holds: a liveness bug, found only by a liveness property.
TEST(Lock, AStaleAcquireStarvesTheOthers) {
  auto const r = weft::checker::check(lock::protocol({.clients = 2, .bug_stale_acquire = true}).model, {.keep_going = true});
  EXPECT_EQ(weft::checker::verdict_of(r, lock::mutual_exclusion), Verdict::holds);
  ASSERT_EQ(weft::checker::verdict_of(r, lock::every_client_finishes), Verdict::fails);
  auto const& end = r.properties.at(2).path->last();
  auto const& holder = lock::World::state_of<lock::Server>(end, 0).holder;
  ASSERT_TRUE(holder.has_value());
  EXPECT_EQ(lock::World::state_of<lock::Client>(end, holder->client).phase, lock::Phase::idle);
}

RC_GTEST_PROP(Lock, InterleavingsOfFourClientsStayExclusive, ()) {
  weft::testing::check_interleavings(
      lock::protocol({.clients = 4, .uses = 2, .liveness = false, .world = {.faults = {.drops = 2, .duplicates = 2}}}));
}

// weft's engines store this world as indices into part tables and step it in place; the self-check walks
// it with every fault and compares stored forms, keys and steps with the plain definitions.
TEST(Lock, EnginesStoreAndStepTheWorldFaithfully) {
  lock::Settings s{.clients = 3, .uses = 2};
  s.world.faults = {.drops = 1, .duplicates = 1, .crashes = 1, .restarts = 1, .partitions = 1};
  EXPECT_EQ(weft::checker::codec_disagreement(lock::make_world(s)), "");
  EXPECT_EQ(weft::checker::codec_disagreement(lock::make_world(s), {.symmetry = true}), "");
}

}  // namespace
