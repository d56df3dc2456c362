// Distributed breadth-first search over a cluster of ranks (threads of this process, thread_cluster.hpp,
// so the logic runs under the sanitizers without MPI): with 1 to 4 ranks the counts, depth, verdicts and
// counterexample lengths are those of one process, on hand-written models and worlds, with symmetry,
// 128-bit keys and budgets; liveness is judged once and shared; what is not supported is refused.
#include "checker/graph_models.hpp"

#include <alternating_bit/alternating_bit.hpp>
#include <dining_philosophers/dining_philosophers.hpp>
#include <ewd840/ewd840.hpp>
#include <ping_pong/ping_pong.hpp>
#include <simple_allocator/simple_allocator.hpp>
#include <two_phase/two_phase.hpp>
#include <weft/checker/check.hpp>
#include <weft/checker/thread_cluster.hpp>

#include <gtest/gtest.h>

#include <chrono>
#include <exception>
#include <filesystem>
#include <string>
#include <thread>

namespace {

using namespace weft::checker;

// Runs `m` as `o` says (checkpointing as `c` says) over `ranks` ranks; every rank's report and error
// ("" when none), in rank order.
// `adjust(r, options)` may give a rank options of its own.
template <class M, class Adjust = void (*)(unsigned, Options&)>
std::pair<std::vector<Report<M>>, std::vector<std::string>> try_ranks(M const& m, Options const& o, unsigned ranks,
                                                                      Checkpointing const& c = {},
                                                                      Adjust adjust = [](unsigned, Options&) {}) {
  ThreadCluster cluster(ranks);
  std::vector<Report<M>> out(ranks);
  std::vector<std::string> errors(ranks);
  std::vector<std::thread> threads;
  for (unsigned r = 0; r < ranks; ++r)
    threads.emplace_back([&, r] {
      Options mine = o;
      mine.cluster = &cluster.rank(r);
      adjust(r, mine);
      try {
        out[r] = check(m, mine, {}, c);
      } catch (std::exception const& e) {
        errors[r] = e.what();
      }
    });
  for (auto& t : threads) t.join();
  return {std::move(out), std::move(errors)};
}

// The same, failing the test on any rank's error.
template <class M>
std::vector<Report<M>> run_ranks(M const& m, Options const& o, unsigned ranks) {
  auto [out, errors] = try_ranks(m, o, ranks);
  for (auto const& e : errors) EXPECT_EQ(e, "");
  return out;
}

template <class M>
void expect_same(Report<M> const& one, Report<M> const& rank, bool lead, std::string const& how) {
  EXPECT_EQ(rank.stats.distinct, one.stats.distinct) << how;
  EXPECT_EQ(rank.stats.generated, one.stats.generated) << how;
  EXPECT_EQ(rank.stats.depth, one.stats.depth) << how;
  EXPECT_EQ(rank.bound, one.bound) << how;
  ASSERT_EQ(rank.properties.size(), one.properties.size()) << how;
  for (std::size_t i = 0; i < one.properties.size(); ++i) {
    auto const& a = one.properties[i];
    auto const& b = rank.properties[i];
    EXPECT_EQ(b.verdict, a.verdict) << how << ": " << a.name;
    if (weft::is_temporal(a.expectation) && !lead) continue;  // the lasso stays on rank 0, which found it
    ASSERT_EQ(b.path.has_value(), a.path.has_value()) << how << ": " << a.name;
    if (a.path) {
      EXPECT_EQ(b.path->events.size(), a.path->events.size()) << how << ": " << a.name;
    }
  }
}

// One process's report against every rank's, with 1 to 4 ranks.
template <class M>
void expect_ranks_agree(M const& m, Options const& o, std::string const& what) {
  auto const one = check(m, o);
  for (unsigned ranks = 1; ranks <= 4; ++ranks) {
    auto const all = run_ranks(m, o, ranks);
    std::uint64_t owned = 0;
    for (unsigned r = 0; r < ranks; ++r) expect_same(one, all[r], r == 0, what + ", rank " + std::to_string(r) + " of " + std::to_string(ranks));
    if (ranks > 1) {
      ASSERT_EQ(all[0].stats.ranks.size(), ranks) << what;
      for (auto const& k : all[0].stats.ranks) owned += k.distinct;
      EXPECT_EQ(owned, one.stats.distinct) << what << ": the ranks own disjoint shares of the states";
      if (one.stats.distinct > 100) {
        EXPECT_GT(all[0].stats.ranks[1].bytes_sent, 0u) << what << ": successors travel";
      }
    }
  }
}

TEST(Distributed, HandWrittenModelsCountAndJudgeAsOneProcess) {
  expect_ranks_agree(two_phase::Model{4, false, false}, {}, "TwoPhase-4");
  Options wide;
  wide.fingerprint_bits = 128;
  expect_ranks_agree(two_phase::Model{4, false, false}, wide, "TwoPhase-4, 128-bit");
  expect_ranks_agree(two_phase::Model{4, true, false}, {}, "TwoPhase-4 with a bug");
  Options all;
  all.keep_going = true;
  expect_ranks_agree(two_phase::Model{3, true, true}, all, "TwoPhase-3 with two bugs, keep going");
}

TEST(Distributed, WorldsCountAndJudgeAsOneProcess) {
  // A world's stored form indexes its process's part tables: states cross ranks as canonical encodings.
  expect_ranks_agree(ping_pong::make_world({1, 2}).faults({.drops = 1, .duplicates = 1}), {}, "ping_pong with faults");
  ping_pong::Settings buggy;
  buggy.accept_stale_pong = true;
  buggy.world.faults.duplicates = 1;
  expect_ranks_agree(ping_pong::protocol.make(buggy), {}, "ping_pong with a bug");
  Options sym;
  sym.symmetry = true;
  expect_ranks_agree(two_phase::Model{4, false, false}, sym, "TwoPhase-4 under symmetry");
}

// The TLA+ ports without an entry in the weft command (cli.mpi runs the others under mpirun), with their
// liveness properties, holding and (fairness removed) failing.
TEST(Distributed, TlaPortsCountAndJudgeAsOneProcess) {
  expect_ranks_agree(alternating_bit::Model{}, {}, "AlternatingBit");
  expect_ranks_agree(dining_philosophers::Model{}, {}, "DiningPhilosophers");
  expect_ranks_agree(dining_philosophers::Model{false}, {}, "DiningPhilosophers without fairness");
  expect_ranks_agree(ewd840::Model{}, {}, "EWD840");
  expect_ranks_agree(simple_allocator::Model{}, {}, "SimpleAllocator");
  expect_ranks_agree(simple_allocator::Model{simple_allocator::Fairness::weak_allocation}, {}, "SimpleAllocator, weak allocation");
}

TEST(Distributed, LivenessIsJudgedOnceAndShared) {
  graphs::Graph g;  // 0 -> 1 -> 2 -> 0, and 1 -> 3 (the goal): a cycle that avoids the goal
  g.edges = {{0, {1}}, {1, {2, 3}}, {2, {0}}, {3, {}}};
  g.goal = {3};
  g.expectation = weft::Expectation::eventually;
  expect_ranks_agree(g, {}, "a cycle avoiding the goal");
  auto const all = run_ranks(g, {}, 3);
  EXPECT_EQ(all[2].properties.at(0).verdict, Verdict::fails);
}

// A swarm across ranks: walk i runs on rank i mod R, and each property's counterexample is the lowest
// walk's, as in one process with the same seed and walk count.
TEST(Distributed, SwarmFindsTheSingleProcessCounterexample) {
  ping_pong::Settings buggy;
  buggy.accept_stale_pong = true;
  buggy.requests = 3;
  buggy.world.faults.duplicates = 1;
  auto const world = ping_pong::protocol.make(buggy);
  Options o;
  o.strategy = Strategy::random;
  o.seed = 5;
  o.walks = 300;
  o.shrink = false;  // the walk's own path, not its shrunk form
  auto const one = check(world, o);
  ASSERT_EQ(one.properties.at(0).verdict, Verdict::fails);
  for (unsigned ranks = 2; ranks <= 4; ++ranks) {
    auto const all = run_ranks(world, o, ranks);
    for (unsigned r = 0; r < ranks; ++r) {
      auto const& p = all[r].properties.at(0);
      ASSERT_EQ(p.verdict, Verdict::fails) << ranks << " ranks, rank " << r;
      EXPECT_EQ(p.path->events.size(), one.properties[0].path->events.size()) << ranks << " ranks, rank " << r;
      EXPECT_EQ(weft::fingerprint(p.path->states.back()), weft::fingerprint(one.properties[0].path->states.back()));
    }
    EXPECT_EQ(all[0].stats.ranks.size(), ranks);
  }
}

TEST(Distributed, BudgetsStopEveryRankAlike) {
  Options o;
  o.max_states = 200;
  auto const all = run_ranks(two_phase::Model{5, false, false}, o, 3);
  for (auto const& r : all) {
    EXPECT_EQ(r.bound, Bound::states);
    EXPECT_EQ(r.stats.distinct, all[0].stats.distinct);
    EXPECT_GE(r.stats.distinct, 200u);
    EXPECT_EQ(r.properties.at(0).verdict, Verdict::unknown);
  }
  Options deep;
  deep.max_depth = 4;
  expect_ranks_agree(two_phase::Model{4, false, false}, deep, "TwoPhase-4 to depth 4");
}

// A clock met by one rank alone, at any moment of a level, stops every rank at the same level end:
// none leaves the loop while the others wait for it there.
TEST(Distributed, AClockMetByOneRankStopsThemAll) {
  for (int ms : {20, 45, 70}) {
    auto [all, errors] = try_ranks(two_phase::Model{7, false, false}, Options{}, 3, {}, [ms](unsigned r, Options& o) {
      if (r == 1) o.time_limit = std::chrono::milliseconds(ms);
    });
    for (unsigned r = 0; r < all.size(); ++r) {
      EXPECT_EQ(errors[r], "");
      EXPECT_EQ(all[r].bound, Bound::time) << "rank " << r << " after " << ms << " ms";
      EXPECT_EQ(all[r].stats.distinct, all[0].stats.distinct) << "rank " << r;
      EXPECT_EQ(all[r].properties.at(0).verdict, Verdict::unknown) << "rank " << r;
    }
  }
}

TEST(Distributed, WhatIsNotSupportedIsRefusedBeforeAnyRankStarts) {
  ThreadCluster cluster(2);
  auto const refused = [&](Options o, Checkpointing const& c, std::string const& expected) {
    o.cluster = &cluster.rank(0);
    try {
      check(two_phase::Model{3, false, false}, o, {}, c);
      ADD_FAILURE() << "not refused: " << expected;
    } catch (weft::Error const& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
    }
  };
  Options threads;
  threads.threads = 2;
  refused(threads, {}, "one thread a rank");
  Options dfs;
  dfs.strategy = Strategy::dfs;
  refused(dfs, {}, "breadth-first");
}

// Each rank checkpoints its own part at the same level end; all ranks resume together to the counts of
// an uninterrupted run, and a checkpoint is resumed only by as many ranks as took it.
TEST(Distributed, CheckpointsArePerRankAndResumeTogether) {
  two_phase::Model const m{5, false, false};
  auto const one = check(m, {});
  std::string const path = ::testing::TempDir() + "/weft-distributed.ckpt";
  Options bounded;
  bounded.max_depth = 6;  // stops early, leaving a checkpoint of its last full level
  Checkpointing save;
  save.path = path;
  save.every = std::chrono::milliseconds(0);
  auto const [first, first_errors] = try_ranks(m, bounded, 3, save);
  for (auto const& e : first_errors) ASSERT_EQ(e, "");
  EXPECT_EQ(first[0].bound, Bound::depth);
  for (unsigned r = 0; r < 3; ++r) EXPECT_TRUE(std::filesystem::exists(path + ".rank" + std::to_string(r)));
  Checkpointing resume;
  resume.resume_from = path;
  auto const [rest, rest_errors] = try_ranks(m, {}, 3, resume);
  for (unsigned r = 0; r < 3; ++r) {
    ASSERT_EQ(rest_errors[r], "");
    expect_same(one, rest[r], r == 0, "resumed, rank " + std::to_string(r));
  }
  auto const [wrong, wrong_errors] = try_ranks(m, {}, 2, resume);
  EXPECT_NE(wrong_errors[0].find("resume it with mpirun -n 3"), std::string::npos) << wrong_errors[0];
  try {
    check(m, {}, {}, resume);
    ADD_FAILURE() << "one process resumed a distributed checkpoint";
  } catch (weft::Error const& e) {
    EXPECT_NE(std::string(e.what()).find("distributed"), std::string::npos) << e.what();
  }
  for (unsigned r = 0; r < 3; ++r) std::filesystem::remove(path + ".rank" + std::to_string(r));
}

}  // namespace
