// The liveness graph's storage: edges written as variable-length integers read back exactly (targets before
// and far after their source, positions and set ids of every size), rows kept apart, and a graph cut short
// keeping only the edges between the states it opened.
#include <weft/checker/fair_graph.hpp>

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <tuple>
#include <vector>

namespace {

using weft::checker::FairGraph;
using Edges = std::vector<std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>>>;

std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> row(FairGraph const& g, std::uint32_t v) {
  std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> out;
  for (auto const& e : g.out(v)) out.emplace_back(e.to, e.ordinal, e.taken);
  return out;
}

RC_GTEST_PROP(FairGraph, EdgesReadBackAsWritten, ()) {
  auto const states = *rc::gen::inRange<std::uint32_t>(1, 40);
  auto const big = rc::gen::oneOf(rc::gen::inRange<std::uint32_t>(0, 200), rc::gen::arbitrary<std::uint32_t>());
  Edges edges(states);
  FairGraph g;
  for (std::uint32_t v = 0; v < states; ++v) {
    g.begin_state(v);
    auto const n = *rc::gen::inRange(0, 6);
    for (int k = 0; k < n; ++k) {
      auto const to = *rc::gen::oneOf(rc::gen::inRange<std::uint32_t>(0, states), rc::gen::arbitrary<std::uint32_t>());
      edges[v].emplace_back(to, *big, *big);
      g.add_edge(to, std::get<1>(edges[v].back()), std::get<2>(edges[v].back()));
    }
  }
  g.finish();
  RC_ASSERT(g.size() == states);
  for (std::uint32_t v = 0; v < states; ++v) RC_ASSERT(row(g, v) == edges[v]);
  g.truncate();
  std::uint64_t kept = 0;
  for (std::uint32_t v = 0; v < states; ++v) {
    std::erase_if(edges[v], [&](auto const& e) { return std::get<0>(e) >= states; });
    kept += edges[v].size();
    RC_ASSERT(row(g, v) == edges[v]);
  }
  RC_ASSERT(g.edge_count == kept);
}

TEST(FairGraph, ShortDistancesTakeThreeBytesAnEdge) {
  FairGraph g;
  for (std::uint32_t v = 0; v < 1000; ++v) {
    g.begin_state(0);
    g.add_edge(v + 1, 2, 1);
    g.add_edge(v, 0, 0);  // a self-loop never is an edge in a built graph, but storage does not care
  }
  g.finish();
  EXPECT_EQ(g.encoded.size(), 2000u * 3u);
  EXPECT_EQ(g.edge_count, 2000u);
}

}  // namespace
