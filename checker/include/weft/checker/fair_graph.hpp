// The reachable state graph as liveness checking needs it: states numbered 0..n-1, edges in compressed
// rows (target, the action's position among the source's actions, the set of fairness groups the step
// takes), and per state the set of groups enabled there. Group sets are interned: a state holds a 4-byte
// set id. An edge is three variable-length integers (LEB128): the target as a signed distance from the
// source (breadth-first numbering keeps it short), the action's position, the set id: 3 to 6 bytes where
// a plain record takes 12. A state costs 12 bytes plus its row.
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
#include <iterator>
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

  /// The edges of one state, decoded as they are read.
  class Row {
   public:
    struct iterator {
      using iterator_category = std::input_iterator_tag;
      using value_type = Edge;
      using difference_type = std::ptrdiff_t;
      iterator(FairGraph const* g, std::uint32_t from, std::size_t at, std::size_t end) : g_(g), from_(from), at_(at), end_(end) {
        if (at_ < end_) edge_ = g_->edge_at(from_, at_, next_);
      }
      Edge const& operator*() const { return edge_; }
      iterator& operator++() { return *this = iterator(g_, from_, next_, end_); }
      bool operator==(iterator const& o) const { return at_ == o.at_; }

     private:
      FairGraph const* g_;
      std::uint32_t from_;
      std::size_t at_, end_, next_ = 0;
      Edge edge_{};
    };
    iterator begin() const { return {g_, from_, begin_, end_}; }
    iterator end() const { return {g_, from_, end_, end_}; }

   private:
    friend struct FairGraph;
    Row(FairGraph const* g, std::uint32_t from, std::size_t begin, std::size_t end) : g_(g), from_(from), begin_(begin), end_(end) {}
    FairGraph const* g_;
    std::uint32_t from_;
    std::size_t begin_, end_;
  };

  std::vector<Fair> kinds;               ///< per group: weak or strong
  GroupSets sets;                        ///< the group sets edges and states refer to
  std::vector<std::uint32_t> initial;    ///< the initial states
  std::vector<std::uint64_t> first{0};   ///< state v's edges are encoded[first[v] .. first[v + 1])
  std::vector<std::uint8_t> encoded;     ///< every edge, by source
  std::vector<std::uint32_t> enabled;    ///< per state: the set of groups some state-changing action enables
  std::uint64_t edge_count = 0;          ///< the number of edges

  /// The number of states.
  std::size_t size() const { return enabled.size(); }
  /// Room for `states` states and `edges` edges of the shortest encoding (3 bytes).
  void reserve(std::size_t states, std::size_t edges) {
    first.reserve(states + 1);
    enabled.reserve(states);
    encoded.reserve(3 * edges);
  }
  /// Opens the next state's row (states are numbered in the order their rows are opened).
  void begin_state(std::uint32_t enabled_set) {
    if (!enabled.empty()) first.push_back(encoded.size());
    enabled.push_back(enabled_set);
  }
  /// Adds an edge from the state whose row is open.
  void add_edge(std::uint32_t to, std::uint32_t ordinal, std::uint32_t taken) {
    put(zigzag(static_cast<std::int64_t>(to) - static_cast<std::int64_t>(enabled.size() - 1)));
    put(ordinal);
    put(taken);
    ++edge_count;
  }
  /// Closes the last row; call once after the last state.
  void finish() {
    if (!enabled.empty()) first.push_back(encoded.size());
  }
  /// Closes the last row and drops the edges to states whose rows were never opened (a graph cut short).
  void truncate() {
    finish();
    FairGraph old;  // the rows as they were, read while this graph is written again
    old.first = std::move(first);
    old.encoded = std::move(encoded);
    encoded.clear();
    first.assign(1, 0);
    std::vector<std::uint32_t> states = std::move(enabled);
    enabled.clear();
    edge_count = 0;
    for (std::uint32_t v = 0; v < states.size(); ++v) {
      begin_state(states[v]);
      for (Edge const& e : old.row_from(v, old.first[v], old.first[v + 1]))
        if (e.to < states.size()) add_edge(e.to, e.ordinal, e.taken);
    }
    finish();
  }
  /// The edges of state `v`.
  Row out(std::uint32_t v) const { return row_from(v, first[v], first[v + 1]); }
  /// The edge of `from` encoded at byte `at`; `next` is where the following one starts.
  Edge edge_at(std::uint32_t from, std::size_t at, std::size_t& next) const {
    Edge e;
    e.to = static_cast<std::uint32_t>(static_cast<std::int64_t>(from) + unzigzag(get(at)));
    e.ordinal = static_cast<std::uint32_t>(get(at));
    e.taken = static_cast<std::uint32_t>(get(at));
    next = at;
    return e;
  }
  /// Bytes held (for the report).
  std::size_t bytes() const {
    return encoded.capacity() + first.capacity() * 8 + enabled.capacity() * 4 + initial.capacity() * 4;
  }

 private:
  Row row_from(std::uint32_t v, std::size_t begin, std::size_t end) const { return Row(this, v, begin, end); }
  static std::uint64_t zigzag(std::int64_t d) { return (static_cast<std::uint64_t>(d) << 1) ^ static_cast<std::uint64_t>(d >> 63); }
  static std::int64_t unzigzag(std::uint64_t u) { return static_cast<std::int64_t>(u >> 1) ^ -static_cast<std::int64_t>(u & 1); }
  void put(std::uint64_t u) {
    // Grown by a quarter, not doubled: the edges are most of the graph, and a doubling can leave half of
    // that unused at the end.
    if (encoded.size() + 10 > encoded.capacity()) encoded.reserve(encoded.capacity() + encoded.capacity() / 4 + 4096);
    while (u >= 0x80) {
      encoded.push_back(static_cast<std::uint8_t>(u | 0x80));
      u >>= 7;
    }
    encoded.push_back(static_cast<std::uint8_t>(u));
  }
  std::uint64_t get(std::size_t& at) const {
    std::uint64_t u = 0;
    for (unsigned shift = 0;; shift += 7) {
      std::uint8_t const b = encoded[at++];
      u |= static_cast<std::uint64_t>(b & 0x7f) << shift;
      if (!(b & 0x80)) return u;
    }
  }
};

}  // namespace weft::checker
