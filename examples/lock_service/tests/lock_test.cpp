// The lock service's invariants as tests: mutual exclusion holds exhaustively with lost and duplicated
// messages, the stale-release bug is caught (its shrunk counterexample saved as a trace that `lockcheck
// replay` replays), and RapidCheck drives interleavings of a larger configuration.
#include <lock/lock_properties.hpp>

#include <weft/checker/testing.hpp>
#include <weft/testing/interleaving.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

namespace {

TEST(Lock, MutualExclusionHoldsWithLossAndDuplication) {
  auto const service = lock::protocol({.clients = 3, .world = {.faults = {.drops = 1, .duplicates = 1}}});
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

RC_GTEST_PROP(Lock, InterleavingsOfFourClientsStayExclusive, ()) {
  weft::testing::check_interleavings(lock::protocol({.clients = 4, .uses = 2, .world = {.faults = {.drops = 2, .duplicates = 2}}}));
}

}  // namespace
