// Builds the reachable state graph of a model for liveness checking: breadth-first from the initial states,
// numbering states in the order found, with each edge's fairness groups, each state's enabled groups and,
// per temporal property, whether P (and Q) hold in each state.
//
// The graph is built without symmetry reduction, so liveness verdicts are exact with --symmetry on: a cycle
// of the quotient need not be a cycle of the model, and fairness groups name particular nodes, which a
// renaming would mix up. (TLC checks liveness on the quotient and may then miss or invent violations.) States
// outside a state constraint are not in the graph; the actions leading to them still count as enabled, as
// TLC's ENABLED counts them.
#pragma once

#include <weft/checker/fair_graph.hpp>
#include <weft/checker/search.hpp>
#include <weft/byte_buffer.hpp>
#include <weft/decode.hpp>
#include <weft/encode.hpp>
#include <weft/fairness.hpp>

#include <algorithm>
#include <unordered_map>
#include <vector>

namespace weft::checker {

/// Fingerprint -> state number, open addressing with linear probing (12 bytes a slot, at most half full):
/// no allocation per state, unlike a node-based map.
class StateIndex {
 public:
  /// The number of `fp`, and whether it was added now (numbered size() - 1).
  std::pair<std::uint32_t, bool> insert(Fingerprint fp) {
    if (2 * (size_ + 1) > numbers_.size()) grow();
    std::size_t i = slot(fp);
    for (; numbers_[i] != empty; i = (i + 1) & mask_)
      if (keys_[i] == fp) return {numbers_[i], false};
    keys_[i] = fp;
    numbers_[i] = static_cast<std::uint32_t>(size_);
    return {static_cast<std::uint32_t>(size_++), true};
  }
  /// The number of states.
  std::size_t size() const { return size_; }

 private:
  static constexpr std::uint32_t empty = 0xffffffffu;
  std::size_t slot(Fingerprint fp) const { return static_cast<std::size_t>(fp * 0x9e3779b97f4a7c15ULL >> 20) & mask_; }
  void grow() {
    std::vector<Fingerprint> keys = std::move(keys_);
    std::vector<std::uint32_t> numbers = std::move(numbers_);
    std::size_t const n = numbers.empty() ? 1024 : 2 * numbers.size();
    keys_.assign(n, 0);
    numbers_.assign(n, empty);
    mask_ = n - 1;
    for (std::size_t k = 0; k < numbers.size(); ++k) {
      if (numbers[k] == empty) continue;
      std::size_t i = slot(keys[k]);
      while (numbers_[i] != empty) i = (i + 1) & mask_;
      keys_[i] = keys[k];
      numbers_[i] = numbers[k];
    }
  }
  std::vector<Fingerprint> keys_;
  std::vector<std::uint32_t> numbers_;
  std::size_t mask_ = 0, size_ = 0;
};

/// The reachable graph of a search's model, with what liveness checking needs to know about each state.
template <Model M>
class StateGraph {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  /// Per state and temporal property: whether P and Q hold there.
  enum Label : std::uint8_t { p_holds = 1, q_holds = 2 };

  /// The graph of `core`'s model, with labels for `temporal` (indices into core.properties).
  StateGraph(SearchCore<M>& core, std::vector<std::size_t> temporal) : core_(core), temporal_(std::move(temporal)) {}

  /// Explores and labels the graph; false when a budget or a stop cut it short.
  bool build() {
    for (std::size_t i = 0; i < core_.initial.size(); ++i) {
      auto const [v, fresh] = index_of(core_.initial[i], fingerprint(core_.initial[i]));
      if (fresh) initial_of_.emplace(v, i);
      graph.initial.push_back(v);
    }
    std::uint64_t expanded = 0;
    State s{};
    while (head_ < starts_.size()) {
      if (core_.stop.load(std::memory_order_relaxed) || graph.size() >= core_.options.max_states ||
          depth_of_[head_] >= core_.options.max_depth) {
        graph.truncate();  // keep the expanded states, whose rows are exact
        return false;
      }
      depth_ = depth_of_[head_];
      std::size_t const end = head_ + 1 < starts_.size() ? starts_[head_ + 1] : queue_.size();
      ByteReader in(queue_.view().substr(starts_[head_], end - starts_[head_]), "state graph queue");
      decode(in, s);
      ++head_;
      expand(s);
      if (head_ >= 4096 && 2 * head_ >= starts_.size()) compact();
      if (++expanded % 1024 == 0) core_.check_memory();
    }
    graph.finish();
    return true;
  }

  /// The lasso `l` as a run of the model (states replayed from the initial state by action positions).
  Run<M> run_of(FairLasso const& l) const {
    Run<M> run;
    run.states.push_back(core_.initial.at(initial_of_.at(l.states.at(0))));
    std::vector<Action> actions;
    for (std::uint32_t ordinal : l.ordinals) {
      actions.clear();
      core_.model.actions(run.states.back(), actions);
      State next;
      if (ordinal >= actions.size() || !step(core_.model, run.states.back(), actions[ordinal], next))
        throw Error("cannot rebuild the lasso: is the model deterministic?");
      run.events.push_back(actions[ordinal]);
      run.states.push_back(std::move(next));
    }
    run.loop_start = l.loop_start;
    return run;
  }

  /// Whether label `l` holds for the i-th temporal property in state `v`.
  bool label(std::uint32_t v, std::size_t i, Label l) const { return (labels_[v * temporal_.size() + i] & l) != 0; }

  FairGraph graph;  ///< the graph

 private:
  std::pair<std::uint32_t, bool> index_of(State const& s, Fingerprint fp) {
    auto const [number, fresh] = index_.insert(fp);
    if (fresh) {
      for (std::size_t i : temporal_) {
        auto const& p = core_.properties[i];
        std::uint8_t l = p.predicate(core_.model, s) ? p_holds : 0;
        if (p.target && p.target(core_.model, s)) l |= q_holds;
        labels_.push_back(l);
      }
      starts_.push_back(queue_.size());
      encode(queue_, s);
      depth_of_.push_back(depth_ + 1);  // breadth-first: the depth of the state being expanded, plus one
    }
    return {number, fresh};
  }

  std::uint32_t group_id(FairGroup g, Action const& example) {
    auto [it, fresh] = groups_.emplace(g.key, static_cast<std::uint32_t>(graph.kinds.size()));
    if (fresh) {
      graph.kinds.push_back(g.kind);
      examples_.push_back(example);
    } else if (graph.kinds[it->second] != g.kind) {
      throw Error("fairness group " + fair_group_name(core_.model, example, g) + " is declared both weak and strong");
    }
    return it->second;
  }

  void expand(State const& s) {
    Fingerprint const here = fingerprint(s);
    actions_.clear();
    core_.model.actions(s, actions_);
    enabled_.clear();
    edges_.clear();
    for (std::uint32_t ordinal = 0; ordinal < actions_.size(); ++ordinal) {
      Action const& a = actions_[ordinal];
      if (!step(core_.model, s, a, next_)) continue;
      Fingerprint const fp = fingerprint(next_);
      if (fp == here) continue;  // a stutter
      groups_of_.clear();
      fairness_of(core_.model, s, a, groups_of_);
      taken_.clear();
      for (auto const& g : groups_of_) taken_.push_back(group_id(g, a));
      enabled_.insert(enabled_.end(), taken_.begin(), taken_.end());
      if (!core_.within_constraints(next_)) continue;
      std::uint32_t const to = index_of(next_, fp).first;
      std::uint32_t const set = taken_.empty() ? 0u : taken_.size() == 1 ? graph.sets.single(taken_[0]) : graph.sets.intern(taken_);
      edges_.push_back({to, ordinal, set});
    }
    std::sort(enabled_.begin(), enabled_.end());
    enabled_.erase(std::unique(enabled_.begin(), enabled_.end()), enabled_.end());
    graph.begin_state(enabled_.empty() ? 0u : enabled_.size() == 1 ? graph.sets.single(enabled_[0]) : graph.sets.intern(enabled_));
    for (auto const& e : edges_) graph.add_edge(e.to, e.ordinal, e.taken);
  }

  void compact() {
    std::size_t const from = starts_[head_];
    ByteBuffer rest;
    rest.append(queue_.data() + from, queue_.size() - from);
    queue_ = std::move(rest);
    starts_.erase(starts_.begin(), starts_.begin() + static_cast<std::ptrdiff_t>(head_));
    depth_of_.erase(depth_of_.begin(), depth_of_.begin() + static_cast<std::ptrdiff_t>(head_));
    for (auto& at : starts_) at -= from;
    head_ = 0;
  }

  SearchCore<M>& core_;
  std::vector<std::size_t> temporal_;
  StateIndex index_;
  std::unordered_map<std::uint32_t, std::size_t> initial_of_;
  std::unordered_map<std::uint64_t, std::uint32_t> groups_;
  std::vector<std::uint8_t> labels_;
  // The states waiting, encoded back to back (starts_[k] is where the k-th begins), from head_ on; the
  // expanded prefix is dropped now and then.
  ByteBuffer queue_;
  std::vector<std::size_t> starts_;
  std::vector<std::uint64_t> depth_of_;  // of each queued state (initial states: 1), for the depth budget
  std::size_t head_ = 0;
  std::uint64_t depth_ = 0;
  std::vector<Action> examples_;
  std::vector<Action> actions_;
  std::vector<FairGroup> groups_of_;
  std::vector<std::uint32_t> enabled_, taken_;
  std::vector<FairGraph::Edge> edges_;
  State next_{};

 public:
  /// An action that belongs to group `gid` (for naming the group).
  Action const& example(std::uint32_t gid) const { return examples_.at(gid); }
};

}  // namespace weft::checker
