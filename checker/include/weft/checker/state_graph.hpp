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
#include <weft/fairness.hpp>

#include <deque>
#include <unordered_map>
#include <vector>

namespace weft::checker {

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
      auto const [v, fresh] = index_of(core_.initial[i]);
      if (fresh) initial_of_.emplace(v, i);
      graph.initial.push_back(v);
    }
    std::uint64_t expanded = 0;
    while (!queue_.empty()) {
      if (core_.stop.load(std::memory_order_relaxed) || graph.size() >= core_.options.max_states ||
          depth_of_.front() >= core_.options.max_depth) {
        graph.truncate();  // keep the expanded states, whose rows are exact
        return false;
      }
      depth_ = depth_of_.front();
      expand(queue_.front());
      queue_.pop_front();
      depth_of_.pop_front();
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
  std::pair<std::uint32_t, bool> index_of(State const& s) {
    auto [it, fresh] = index_.emplace(fingerprint(s), static_cast<std::uint32_t>(index_.size()));
    if (fresh) {
      for (std::size_t i : temporal_) {
        auto const& p = core_.properties[i];
        std::uint8_t l = p.predicate(core_.model, s) ? p_holds : 0;
        if (p.target && p.target(core_.model, s)) l |= q_holds;
        labels_.push_back(l);
      }
      queue_.push_back(s);
      depth_of_.push_back(depth_ + 1);  // breadth-first: the depth of the state being expanded, plus one
    }
    return {it->second, fresh};
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
      if (!step(core_.model, s, a, next_) || fingerprint(next_) == here) continue;  // refused, or a stutter
      groups_of_.clear();
      fairness_of(core_.model, s, a, groups_of_);
      taken_.clear();
      for (auto const& g : groups_of_) taken_.push_back(group_id(g, a));
      enabled_.insert(enabled_.end(), taken_.begin(), taken_.end());
      if (!core_.within_constraints(next_)) continue;
      std::uint32_t const to = index_of(next_).first;
      edges_.push_back({to, ordinal, taken_.empty() ? 0u : graph.sets.intern(taken_)});
    }
    graph.begin_state(enabled_.empty() ? 0u : graph.sets.intern(enabled_));
    for (auto const& e : edges_) graph.add_edge(e.to, e.ordinal, e.taken);
  }

  SearchCore<M>& core_;
  std::vector<std::size_t> temporal_;
  std::unordered_map<Fingerprint, std::uint32_t> index_;
  std::unordered_map<std::uint32_t, std::size_t> initial_of_;
  std::unordered_map<std::uint64_t, std::uint32_t> groups_;
  std::vector<std::uint8_t> labels_;
  std::deque<State> queue_;
  std::deque<std::uint64_t> depth_of_;  // of each queued state (initial states: 1), for the depth budget
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
