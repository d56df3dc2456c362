// Four TLA+ specifications from tlaplus/Examples whose configurations check liveness, against TLC: the
// distinct and generated counts its manifest records for the configuration (and the verdict: every property
// holds), and the violation when a fairness conjunct is removed or weakened, as the specs' own comments and
// theorems say (SimpleAllocator2 does not imply ClientsWillObtain; the lossy channel needs SF).
#include <alternating_bit/alternating_bit.hpp>
#include <dining_philosophers/dining_philosophers.hpp>
#include <ewd840/ewd840.hpp>
#include <simple_allocator/simple_allocator.hpp>
#include <weft/checker/check.hpp>
#include <weft/fairness.hpp>

#include <gtest/gtest.h>

namespace {

using namespace weft::checker;

template <class M>
Report<M> exhaustive(M const& m, Strategy s = Strategy::bfs) {
  Options o;
  o.strategy = s;
  o.keep_going = true;
  o.threads = s == Strategy::bfs ? 2 : 1;
  return check(m, o);
}

template <class M>
Verdict verdict(Report<M> const& r, std::string const& name) {
  for (auto const& p : r.properties)
    if (p.name == name) return p.verdict;
  ADD_FAILURE() << "no property " << name;
  return Verdict::unknown;
}

// Every counterexample is a fair lasso that violates its property (judged by the public lasso functions).
template <class M>
void expect_genuine_lassos(M const& m, Report<M> const& r) {
  for (auto const& p : r.properties) {
    if (p.verdict != Verdict::fails || !weft::is_temporal(p.expectation)) continue;
    ASSERT_TRUE(p.path && p.path->loop_start) << p.name;
    for (auto const& prop : m.properties())
      if (prop.name == p.name) {
        EXPECT_TRUE(weft::lasso_violates(m, prop, *p.path)) << p.name;
      }
    EXPECT_FALSE(weft::lasso_unfairness(m, *p.path).has_value()) << p.name;
  }
}

TEST(TlaPorts, SimpleAllocatorNeedsStrongFairnessOfAllocate) {
  for (auto s : {Strategy::bfs, Strategy::dfs}) {
    auto const r = exhaustive(simple_allocator::Model{}, s);
    EXPECT_EQ(r.stats.distinct, 400u);
    if (s == Strategy::bfs) {
      EXPECT_EQ(r.stats.generated, 1633u);
    }
    for (auto const& p : r.properties) EXPECT_EQ(p.verdict, Verdict::holds) << p.name;
  }
  // SimpleAllocator2: clients need return only what a fully satisfied request got.
  auto const two = simple_allocator::Model{simple_allocator::Fairness::spec2};
  auto const r2 = exhaustive(two);
  EXPECT_EQ(verdict(r2, "ClientsWillReturn(c1)"), Verdict::holds);
  EXPECT_EQ(verdict(r2, "ClientsWillObtain(c1, r1)"), Verdict::fails);
  EXPECT_EQ(verdict(r2, "InfOftenSatisfied(c1)"), Verdict::fails);
  expect_genuine_lassos(two, r2);
  // Weak fairness of Allocate: the other clients keep taking the resource a client waits for.
  auto const weak = simple_allocator::Model{simple_allocator::Fairness::weak_allocation};
  auto const rw = exhaustive(weak);
  EXPECT_EQ(verdict(rw, "ClientsWillReturn(c1)"), Verdict::holds);
  EXPECT_EQ(verdict(rw, "ClientsWillObtain(c1, r1)"), Verdict::fails);
  expect_genuine_lassos(weak, rw);
  // Without the fairness of Return, a client may keep what it holds for ever.
  auto const keep = simple_allocator::Model{simple_allocator::Fairness::no_return};
  auto const rk = exhaustive(keep);
  EXPECT_EQ(verdict(rk, "ClientsWillReturn(c1)"), Verdict::fails);
  expect_genuine_lassos(keep, rk);
}

TEST(TlaPorts, DiningPhilosophersStarveOnlyWithoutFairness) {
  for (auto s : {Strategy::bfs, Strategy::dfs}) {
    auto const r = exhaustive(dining_philosophers::Model{}, s);
    EXPECT_EQ(r.stats.distinct, 67u);
    if (s == Strategy::bfs) {
      EXPECT_EQ(r.stats.generated, 336u);
    }
    for (auto const& p : r.properties) EXPECT_EQ(p.verdict, Verdict::holds) << p.name;
  }
  dining_philosophers::Model const unfair{false};
  auto const r = exhaustive(unfair);
  EXPECT_EQ(verdict(r, "NobodyStarves(1)"), Verdict::fails);
  EXPECT_EQ(verdict(r, "ExclusiveAccess"), Verdict::holds);
  expect_genuine_lassos(unfair, r);
}

TEST(TlaPorts, Ewd840DetectsTerminationUnderWeakFairnessOfTheSystem) {
  for (auto s : {Strategy::bfs, Strategy::dfs}) {
    auto const r = exhaustive(ewd840::Model{}, s);
    EXPECT_EQ(r.stats.distinct, 302u);
    if (s == Strategy::bfs) {
      EXPECT_EQ(r.stats.generated, 2001u);
    }
    for (auto const& p : r.properties) EXPECT_EQ(p.verdict, Verdict::holds) << p.name;
  }
  ewd840::Model unfair;
  unfair.fair = false;
  auto const r = exhaustive(unfair);
  EXPECT_EQ(verdict(r, "Liveness"), Verdict::fails);
  expect_genuine_lassos(unfair, r);
  ewd840::Model colours;
  colours.never_change_color = true;
  auto const c = exhaustive(colours);
  ASSERT_EQ(verdict(c, "NeverChangeColor"), Verdict::fails);  // an action property, false by design
  auto const& path = *c.properties.back().path;
  EXPECT_NE(path.states[path.length() - 1].black, path.last().black);
}

TEST(TlaPorts, AlternatingBitNeedsStrongFairnessOfItsLossyReceives) {
  for (auto s : {Strategy::bfs, Strategy::dfs}) {
    auto const r = exhaustive(alternating_bit::Model{}, s);
    EXPECT_EQ(r.stats.distinct, 240u);
    if (s == Strategy::bfs) {
      EXPECT_EQ(r.stats.generated, 1392u);
    }
    for (auto const& p : r.properties) EXPECT_EQ(p.verdict, Verdict::holds) << p.name;
  }
  alternating_bit::Model weak;
  weak.receive = weft::Fair::weak;
  auto const r = exhaustive(weak);
  EXPECT_EQ(verdict(r, "SentLeadsToRcvd(d1)"), Verdict::fails);
  expect_genuine_lassos(weak, r);
}

}  // namespace
