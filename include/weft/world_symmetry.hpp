// Symmetry reduction for worlds: a canonical member of each class of world states that differ only by a
// renaming of interchangeable nodes. A node is judged by its whole tuple (its record, the messages in
// flight from it and to it), with the ids of interchangeable nodes inside abstracted to "myself" or "one
// of group g"; nodes are ordered by that signature, and only nodes with equal signatures are tried in
// every order, the smallest encoding winning. So the representative is exact (equal for every member of a
// class) whenever the tie permutations stay under a cap, and always sound (it is a renaming of the state).
#pragma once

#include <weft/network.hpp>
#include <weft/rewrite.hpp>
#include <weft/world_state.hpp>

#include <algorithm>
#include <string>
#include <vector>

namespace weft {

/// Interchangeable nodes, each group listed in increasing id order.
using SymmetryGroups = std::vector<std::vector<NodeId>>;

/// The world state with every node id renamed by `map`: nodes move, ids inside them and in messages
/// follow, and everything kept in canonical order is sorted again.
template <class Node, class Msg, class Out>
WorldState<Node, Msg, Out> rename_nodes(WorldState<Node, Msg, Out> const& s, NodeMap const& map, Delivery delivery) {
  WorldState<Node, Msg, Out> out = s;
  for (NodeId i = 0; i < s.nodes.size(); ++i) {
    Node& node = out.nodes[map(i)];
    node = s.nodes[i];
    rewrite_ids(node.state, map);
    rewrite_ids(node.timers, map);
    std::sort(node.timers.begin(), node.timers.end(), Less{});
  }
  for (auto& e : out.network) rewrite_ids(e, map);
  Network<Msg>::canonicalize(delivery, out.network);
  rewrite_ids(out.observed, map);  // a log: renamed, never reordered
  if (s.partition) {
    std::uint64_t side = 0;
    for (NodeId i = 0; i < s.nodes.size(); ++i)
      if (s.partition >> i & 1) side |= std::uint64_t{1} << map(i);
    std::uint64_t const all = (std::uint64_t{1} << s.nodes.size()) - 1;
    out.partition = (side & 1) ? side : all & ~side;  // the side that holds node 0 names the partition
  }
  return out;
}

namespace detail {
inline constexpr std::uint32_t self_marker = 0xFFFFFFF0u;
inline constexpr std::uint32_t group_marker = 0xFFFF0000u;

// Node i's tuple with the ids of interchangeable nodes abstracted: equal for i in s and for π(i) in π(s).
template <class Node, class Msg, class Out>
std::string signature(WorldState<Node, Msg, Out> const& s, SymmetryGroups const& groups, NodeId i) {
  NodeMap abstract{std::vector<NodeId>(s.nodes.size())};
  for (NodeId j = 0; j < s.nodes.size(); ++j) abstract.to[j] = j;
  for (std::size_t g = 0; g < groups.size(); ++g)
    for (NodeId j : groups[g]) abstract.to[j] = j == i ? self_marker : group_marker + static_cast<std::uint32_t>(g);
  ByteBuffer out;
  Node node = s.nodes[i];
  rewrite_ids(node, abstract);
  std::sort(node.timers.begin(), node.timers.end(), Less{});
  encode(out, node);
  std::vector<std::string> from, to;
  for (auto const& e : s.network) {
    if (e.from != i && e.to != i) continue;
    Envelope<Msg> copy = e;
    rewrite_ids(copy, abstract);
    (e.from == i ? from : to).push_back(canonical_bytes(copy));
  }
  std::sort(from.begin(), from.end());
  std::sort(to.begin(), to.end());
  encode(out, from);
  encode(out, to);
  return out.str();
}

// Calls f(map) for every renaming that sorts each group by signature, ties tried in every order, until f
// returns false.
template <class F>
void for_each_sorting(std::vector<std::vector<std::pair<std::string, NodeId>>>& ranked, SymmetryGroups const& groups,
                      std::size_t node_count, F&& f) {
  NodeMap map{std::vector<NodeId>(node_count)};
  for (NodeId j = 0; j < node_count; ++j) map.to[j] = j;
  auto assign = [&] {
    for (std::size_t g = 0; g < groups.size(); ++g)
      for (std::size_t k = 0; k < groups[g].size(); ++k) map.to[ranked[g][k].second] = groups[g][k];
    return f(map);
  };
  // Odometer over the permutations of each run of equal signatures.
  auto next = [&]() -> bool {
    for (auto& group : ranked) {
      for (std::size_t b = 0; b < group.size();) {
        std::size_t e = b + 1;
        while (e < group.size() && group[e].first == group[b].first) ++e;
        auto by_id = [](auto const& x, auto const& y) { return x.second < y.second; };
        if (std::next_permutation(group.begin() + b, group.begin() + e, by_id)) return true;
        b = e;  // this run wrapped back to its first order: carry into the next run
      }
    }
    return false;
  };
  while (assign() && next()) {
  }
}
}  // namespace detail

/// How many renamings canonical_world tries at most before settling for the first (still sound).
inline constexpr std::size_t max_symmetry_candidates = 720;

/// The representative of `s`'s symmetry class under renamings within each of `groups`; `renaming`, when
/// given, receives the renaming that takes `s` to it.
template <class Node, class Msg, class Out>
WorldState<Node, Msg, Out> canonical_world(WorldState<Node, Msg, Out> const& s, SymmetryGroups const& groups, Delivery delivery,
                                           NodeMap* renaming = nullptr) {
  std::vector<std::vector<std::pair<std::string, NodeId>>> ranked(groups.size());
  std::size_t candidates = 1;
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (NodeId i : groups[g]) ranked[g].emplace_back(detail::signature(s, groups, i), i);
    std::sort(ranked[g].begin(), ranked[g].end());
    for (std::size_t b = 0, e; b < ranked[g].size(); b = e) {
      for (e = b + 1; e < ranked[g].size() && ranked[g][e].first == ranked[g][b].first; ++e)
        candidates = std::min(candidates * (e - b + 1), max_symmetry_candidates + 1);
    }
  }
  WorldState<Node, Msg, Out> best;
  std::string best_bytes;
  bool first = true;
  bool const exhaustive = candidates <= max_symmetry_candidates;
  detail::for_each_sorting(ranked, groups, s.nodes.size(), [&](NodeMap const& map) {
    WorldState<Node, Msg, Out> candidate = rename_nodes(s, map, delivery);
    std::string bytes = canonical_bytes(candidate);
    if (first || bytes < best_bytes) {
      best = std::move(candidate), best_bytes = std::move(bytes), first = false;
      if (renaming) *renaming = map;
    }
    return exhaustive;
  });
  return best;
}

}  // namespace weft
