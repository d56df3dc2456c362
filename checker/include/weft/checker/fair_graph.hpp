// The reachable state graph as liveness checking needs it: states numbered 0..n-1, edges in compressed
// rows (target, the action's position among the source's actions, the set of fairness groups the step
// takes), and per state the set of groups enabled there. Group sets are interned: a state or an edge holds a
// 4-byte set id, so a state costs 16 bytes plus its fingerprint's entry and an edge 12 bytes.
//
//   FairGraph g;                                     // built by StateGraphBuilder (state_graph.hpp)
//   g.kinds = {Fair::weak};                          // group 0 is weakly fair
//   g.begin_state(g.sets.intern({0}));               // state 0 enables group 0
//   g.add_edge(1, 0, g.sets.intern({0}));            // 0 -> 1 by its first action, taking group 0
//
// Self-loops are not edges: a step that leaves the state unchanged is a stutter, which every state has.
#pragma once

#include <weft/fairness.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <span>
#include <vector>

namespace weft::checker {

/// Interned sets of fairness group ids: each distinct sorted set is stored once; set 0 is the empty set.
class GroupSets {
 public:
  GroupSets() : offsets_{0, 0} { ids_.emplace(std::vector<std::uint32_t>{}, 0); }

  /// The id of the set holding only `group` (most steps take one group: no search for those).
  std::uint32_t single(std::uint32_t group) {
    if (group >= singles_.size()) singles_.resize(group + 1, 0);
    if (singles_[group] == 0) singles_[group] = intern({group});
    return singles_[group];
  }
  /// The id of `groups` (sorted and deduplicated here), adding it when new.
  std::uint32_t intern(std::vector<std::uint32_t> groups) {
    std::sort(groups.begin(), groups.end());
    groups.erase(std::unique(groups.begin(), groups.end()), groups.end());
    auto [it, fresh] = ids_.emplace(std::move(groups), static_cast<std::uint32_t>(offsets_.size() - 1));
    if (fresh) {
      members_.insert(members_.end(), it->first.begin(), it->first.end());
      offsets_.push_back(members_.size());
    }
    return it->second;
  }
  /// The members of set `id`.
  std::span<std::uint32_t const> operator[](std::uint32_t id) const {
    return {members_.data() + offsets_[id], members_.data() + offsets_[id + 1]};
  }
  /// The number of distinct sets.
  std::size_t size() const { return offsets_.size() - 1; }

 private:
  std::vector<std::size_t> offsets_;
  std::vector<std::uint32_t> members_;
  std::map<std::vector<std::uint32_t>, std::uint32_t> ids_;
  std::vector<std::uint32_t> singles_;  // group -> its one-member set (0: not yet made)
};

/// A reachable state graph with fairness labels.
struct FairGraph {
  /// An edge: the target state, which action of the source (its position in `actions`), the groups taken.
  struct Edge {
    std::uint32_t to;
    std::uint32_t ordinal;
    std::uint32_t taken;
  };

  std::vector<Fair> kinds;               ///< per group: weak or strong
  GroupSets sets;                        ///< the group sets edges and states refer to
  std::vector<std::uint32_t> initial;    ///< the initial states
  std::vector<std::uint64_t> first{0};   ///< state v's edges are edges[first[v] .. first[v + 1])
  std::vector<Edge> edges;               ///< every edge, by source
  std::vector<std::uint32_t> enabled;    ///< per state: the set of groups some state-changing action enables

  /// The number of states.
  std::size_t size() const { return enabled.size(); }
  /// Opens the next state's row (states are numbered in the order their rows are opened).
  void begin_state(std::uint32_t enabled_set) {
    if (!enabled.empty()) first.push_back(edges.size());
    enabled.push_back(enabled_set);
  }
  /// Adds an edge from the state whose row is open.
  void add_edge(std::uint32_t to, std::uint32_t ordinal, std::uint32_t taken) { edges.push_back({to, ordinal, taken}); }
  /// Closes the last row; call once after the last state.
  void finish() {
    if (!enabled.empty()) first.push_back(edges.size());
  }
  /// Closes the last row and drops the edges to states whose rows were never opened (a graph cut short).
  void truncate() {
    finish();
    std::size_t kept = 0;
    for (std::size_t v = 0; v < size(); ++v) {
      std::size_t const begin = first[v], end = first[v + 1];
      first[v] = kept;
      for (std::size_t k = begin; k < end; ++k)
        if (edges[k].to < size()) edges[kept++] = edges[k];
    }
    first[size()] = kept;
    edges.resize(kept);
  }
  /// The edges of state `v`.
  std::span<Edge const> out(std::uint32_t v) const { return {edges.data() + first[v], edges.data() + first[v + 1]}; }
  /// Bytes held (for the report).
  std::size_t bytes() const {
    return edges.capacity() * sizeof(Edge) + first.capacity() * 8 + enabled.capacity() * 4 + initial.capacity() * 4;
  }
};

}  // namespace weft::checker
