// Past memory on one machine: a frontier that spills to disk changes nothing but where its blocks are; the
// lossy visited sets (bitstate hashing, hash compaction) agree with exhaustive search when they have room,
// say how much they expect to have missed when they do not, and refuse what they cannot do.
#include "checker/graph_models.hpp"

#include <ping_pong/ping_pong.hpp>
#include <two_phase/two_phase.hpp>
#include <weft/checker/check.hpp>
#include <weft/testing/sanitized.hpp>

#include <gtest/gtest.h>

#include <string>

namespace {

using namespace weft::checker;

// TwoPhase with 7 RMs (296,448 states, TLC's count); under the sanitizers, 100 times slower, 6 RMs
// (50,816 states) with the bit array and the spill threshold scaled down with it: the same paths run.
constexpr bool small = weft::testing::sanitized;
constexpr unsigned rms = small ? 6 : 7;

TEST(SpilledFrontier, CountsAndVerdictsAreThoseOfMemory) {
  for (unsigned threads : {1u, 2u}) {
    Options mem;
    mem.threads = threads;
    Options disk = mem;
    disk.frontier_memory_bytes = 64 * 1024;  // one block a worker: nearly every block goes to disk
    two_phase::Model const m{rms, false, false};
    auto const a = check(m, mem);
    auto const b = check(m, disk);
    EXPECT_EQ(b.stats.distinct, a.stats.distinct) << threads;
    EXPECT_EQ(b.stats.generated, a.stats.generated) << threads;
    EXPECT_EQ(b.stats.depth, a.stats.depth) << threads;
    EXPECT_EQ(a.stats.spilled_bytes, 0u);
    EXPECT_GT(b.stats.spilled_bytes, small ? 64u << 10 : 1u << 20) << threads;
    EXPECT_EQ(b.properties.at(0).verdict, Verdict::holds);
  }
  ping_pong::Settings buggy;  // a world (stored forms are part-table indices) with a counterexample
  buggy.accept_stale_pong = true;
  buggy.requests = 3;
  buggy.world.faults.duplicates = 1;
  auto const world = ping_pong::protocol.make(buggy);
  Options disk;
  disk.frontier_memory_bytes = 1;
  auto const a = check(world, {});
  auto const b = check(world, disk);
  EXPECT_EQ(b.stats.distinct, a.stats.distinct);
  ASSERT_TRUE(b.properties.at(0).path && a.properties.at(0).path);
  EXPECT_EQ(b.properties[0].path->events.size(), a.properties[0].path->events.size());
}

TEST(Bitstate, WithRoomItFindsEveryStateAndSaysSo) {
  two_phase::Model const m{rms, false, false};
  auto const exact = check(m, {});
  for (auto lossy : {&Options::bitstate_bytes, &Options::compaction_bytes}) {
    Options o;
    o.*lossy = 64 << 20;
    auto const r = check(m, o);
    EXPECT_EQ(r.stats.distinct, exact.stats.distinct);
    EXPECT_EQ(r.stats.generated, exact.stats.generated);
    EXPECT_EQ(r.bound, Bound::lossy) << "a lossy search proves nothing";
    EXPECT_EQ(r.properties.at(0).verdict, Verdict::unknown);
    EXPECT_EQ(r.properties.at(1).verdict, Verdict::holds) << "a witness found is a real path";
    EXPECT_LT(r.stats.expected_omissions, 1e-3);
    EXPECT_EQ(r.stats.visited_bytes, 64u << 20);
    EXPECT_FALSE(r.stats.lossy.empty());
  }
  Options o;
  o.bitstate_bytes = 1 << 20;
  auto const bug = check(two_phase::Model{5, true, false}, o);
  auto const exact_bug = check(two_phase::Model{5, true, false}, {});
  ASSERT_EQ(bug.properties.at(0).verdict, Verdict::fails);
  EXPECT_EQ(bug.properties[0].path->events.size(), exact_bug.properties[0].path->events.size());
}

TEST(Bitstate, SqueezedItMissesStatesAndItsEstimateIsClose) {
  two_phase::Model const m{rms, false, false};
  auto const exact = check(m, {});
  Options o;
  o.bitstate_bytes = small ? 12 * 1024 : 64 * 1024;  // 1.9 or 1.8 bits a state
  auto const r = check(m, o);
  double const measured = static_cast<double>(r.stats.distinct) / static_cast<double>(exact.stats.distinct);
  EXPECT_LT(measured, 0.99) << "so small an array must miss states";
  // Missing a state also misses what only it leads to, so the estimate (which counts the states taken
  // for seen) is an upper bound on the coverage, and it stays within a few points of it.
  EXPECT_GE(r.coverage(), measured - 0.02);
  EXPECT_LE(r.coverage() - measured, 0.25);
}

TEST(HashCompaction, AFullTableStopsTheSearchAsAMemoryBound) {
  Options o;
  o.compaction_bytes = 64 * 1024;
  auto const r = check(two_phase::Model{8, false, false}, o);
  EXPECT_EQ(r.bound, Bound::memory);
  EXPECT_EQ(r.properties.at(0).verdict, Verdict::unknown);
}

TEST(Lossy, WhatItCannotDoIsRefused) {
  auto refused = [](Options const& o, Checkpointing const& c, auto const& model, std::string const& expected) {
    try {
      check(model, o, {}, c);
      ADD_FAILURE() << "not refused: " << expected;
    } catch (weft::Error const& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  Options bits;
  bits.bitstate_bytes = 1 << 20;
  Checkpointing c;
  c.path = "/tmp/never-written";
  refused(bits, c, two_phase::Model{3, false, false}, "checkpoint");
  graphs::Graph g;
  g.edges = {{0, {1}}, {1, {}}};
  g.goal = {1};
  refused(bits, {}, g, "--no-liveness");
  Options both = bits;
  both.compaction_bytes = 1 << 20;
  refused(both, {}, two_phase::Model{3, false, false}, "choose one");
  Options safety = bits;
  safety.liveness = false;
  EXPECT_EQ(check(g, safety).properties.at(0).verdict, Verdict::unknown);
}

}  // namespace
