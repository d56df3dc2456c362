// Builds the reachable state graph of a model for liveness checking: breadth-first from the initial states,
// numbering states in the order found, with each edge's fairness groups, each state's enabled groups and,
// per temporal property, whether P (and Q) hold in each state.
//
// The queue is expanded in batches: the search's threads each expand a slice of the batch in parallel
// (graph_slice.hpp), then one merge numbers the new states and interns the groups in queue order, so the
// graph is the same whatever the number of threads.
//
// The graph is built without symmetry reduction, so liveness verdicts are exact with --symmetry on: a cycle
// of the quotient need not be a cycle of the model, and fairness groups name particular nodes, which a
// renaming would mix up. (TLC checks liveness on the quotient and may then miss or invent violations.) States
// outside a state constraint are not in the graph; the actions leading to them still count as enabled, as
// TLC's ENABLED counts them.
#pragma once

#include <weft/checker/fair_graph.hpp>
#include <weft/checker/graph_slice.hpp>
#include <weft/checker/search.hpp>
#include <weft/checker/state_index.hpp>

#include <algorithm>
#include <exception>
#include <thread>
#include <unordered_map>
#include <vector>

namespace weft::checker {

/// The reachable graph of a search's model, with what liveness checking needs to know about each state.
template <Model M>
class StateGraph {
 public:
  using State = typename M::State;
  using Action = typename M::Action;
  using Slice = GraphSlice<M>;

  /// Per state and temporal property: whether P and Q hold there.
  enum Label : std::uint8_t { p_holds = Slice::p_holds, q_holds = Slice::q_holds };

  /// The graph of `core`'s model, with labels for `temporal` (indices into core.properties).
  StateGraph(SearchCore<M>& core, std::vector<std::size_t> temporal)
      : core_(core), temporal_(std::move(temporal)), slices_(std::max(1u, core.options.threads)) {}

  /// Explores and labels the graph; false when a budget or a stop cut it short.
  bool build() {
    for (std::size_t i = 0; i < core_.initial.size(); ++i) {
      State const& s = core_.initial[i];
      auto const [v, fresh] = index_.insert(key_of(s, index_.wide()));
      if (fresh) {
        initial_of_.emplace(v, i);
        Slice::label(core_, temporal_, s, labels_);
        starts_.push_back(queue_.size());
        encode(queue_, s);
        depth_of_.push_back(1);
      }
      graph.initial.push_back(v);
    }
    while (head_ < starts_.size()) {
      std::size_t const n = batch();
      if (n == 0 || core_.stop.load(std::memory_order_relaxed)) {
        graph.truncate();  // keep the expanded states, whose rows are exact
        return false;
      }
      expand(n);
      for (Slice const& s : slices_) merge(s);
      core_.check_memory();
      if (head_ >= 4096 && 2 * head_ >= starts_.size()) compact();
    }
    graph.finish();
    return true;
  }

  /// Room for about `states` states and `edges` edges (the search's counts), so the build does not regrow.
  void reserve(std::uint64_t states, std::uint64_t edges) {
    index_.reserve(states);
    labels_.reserve(states * temporal_.size());
    graph.reserve(states, edges);
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
  /// An action that belongs to group `gid` (for naming the group).
  Action const& example(std::uint32_t gid) const { return examples_.at(gid); }
  /// Bytes held by the graph and its index.
  std::size_t bytes() const { return graph.bytes() + index_.bytes() + labels_.capacity(); }

  FairGraph graph;  ///< the graph

 private:
  static constexpr std::size_t per_thread = 1024;  // states a thread expands per batch

  // How many queued states the next batch expands: as many as are queued, up to the batch size, the
  // state budget and the depth budget (the queue is in breadth-first order, so depths only grow).
  std::size_t batch() const {
    std::size_t const states = graph.size(), budget = core_.options.max_states;
    std::size_t n = std::min(starts_.size() - head_, per_thread * slices_.size());
    n = std::min(n, states >= budget ? 0 : budget - states);
    std::size_t k = 0;
    while (k < n && depth_of_[head_ + k] < core_.options.max_depth) ++k;
    return k;
  }

  // Each slice expands its share of the next n states; slice 0 on this thread, the others on their own.
  void expand(std::size_t n) {
    GraphSliceInputs<M> const in{core_, temporal_, index_, groups_, graph.kinds};
    std::size_t const used = n < 64 * slices_.size() ? 1 : slices_.size();  // small batches: not worth a thread
    std::vector<std::exception_ptr> failed(used);
    auto work = [&](std::size_t t) {
      try {
        slices_[t].expand(in, queue_, starts_, head_ + n * t / used, head_ + n * (t + 1) / used);
      } catch (...) {
        failed[t] = std::current_exception();
      }
    };
    std::vector<std::jthread> helpers;
    for (std::size_t t = 1; t < used; ++t) helpers.emplace_back(work, t);
    work(0);
    helpers.clear();  // joins
    for (std::size_t t = used; t < slices_.size(); ++t) slices_[t].clear();
    for (auto const& e : failed)
      if (e) std::rethrow_exception(e);
  }

  // Numbers the slice's new states and groups, in its order, and adds its rows to the graph.
  void merge(Slice const& s) {
    new_ids_.clear();
    for (auto const& g : s.new_groups) new_ids_.push_back(group_id(g.group, g.example));
    std::size_t enabled_at = 0, edge_at = 0, taken_at = 0;
    for (auto const& row : s.rows) {
      std::uint64_t const depth = depth_of_[head_++];
      enabled_.clear();
      for (; enabled_at < row.enabled_end; ++enabled_at) enabled_.push_back(resolve(s.enabled[enabled_at]));
      std::sort(enabled_.begin(), enabled_.end());
      enabled_.erase(std::unique(enabled_.begin(), enabled_.end()), enabled_.end());
      graph.begin_state(set_of(enabled_));
      for (; edge_at < row.edges_end; ++edge_at) {
        auto const& e = s.edges[edge_at];
        taken_.clear();
        for (; taken_at < e.taken_end; ++taken_at) taken_.push_back(resolve(s.taken[taken_at]));
        graph.add_edge(number(s, e.to, depth), e.ordinal, set_of(taken_));
      }
    }
  }

  std::uint32_t resolve(std::uint32_t ref) const { return ref & Slice::fresh_bit ? new_ids_[ref & ~Slice::fresh_bit] : ref; }
  std::uint32_t set_of(std::vector<std::uint32_t> const& ids) {
    return ids.empty() ? 0u : ids.size() == 1 ? graph.sets.single(ids[0]) : graph.sets.intern(ids);
  }

  // The number of an edge's target; a candidate new to the index is queued at depth + 1.
  std::uint32_t number(Slice const& s, std::uint32_t to, std::uint64_t depth) {
    if (!(to & Slice::fresh_bit)) return to;
    std::uint32_t const c = to & ~Slice::fresh_bit;
    auto const [v, fresh] = index_.insert(s.candidates[c].fp);
    if (fresh) {
      if (v >= Slice::fresh_bit) throw Error("liveness graph: more than 2^31 states");
      std::size_t const begin = c == 0 ? 0 : s.candidates[c - 1].bytes_end;
      starts_.push_back(queue_.size());
      queue_.append(s.bytes.data() + begin, s.candidates[c].bytes_end - begin);
      auto const labels = s.labels.begin() + static_cast<std::ptrdiff_t>(c * temporal_.size());
      labels_.insert(labels_.end(), labels, labels + static_cast<std::ptrdiff_t>(temporal_.size()));
      depth_of_.push_back(depth + 1);
    }
    return v;
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

  // Drops the expanded prefix of the queue (keeping its storage).
  void compact() {
    std::size_t const from = starts_[head_];
    queue_.erase_front(from);
    starts_.erase(starts_.begin(), starts_.begin() + static_cast<std::ptrdiff_t>(head_));
    depth_of_.erase(depth_of_.begin(), depth_of_.begin() + static_cast<std::ptrdiff_t>(head_));
    for (auto& at : starts_) at -= from;
    head_ = 0;
  }

  SearchCore<M>& core_;
  std::vector<std::size_t> temporal_;
  std::vector<Slice> slices_;
  StateIndex index_{core_.visited.wide()};
  std::unordered_map<std::uint32_t, std::size_t> initial_of_;
  std::unordered_map<std::uint64_t, std::uint32_t> groups_;
  std::vector<Action> examples_;
  std::vector<std::uint8_t> labels_;
  // The states waiting, encoded back to back (starts_[k] is where the k-th begins), from head_ on; the
  // expanded prefix is dropped now and then.
  ByteBuffer queue_;
  std::vector<std::size_t> starts_;
  std::vector<std::uint64_t> depth_of_;  // of each queued state (initial states: 1), for the depth budget
  std::size_t head_ = 0;
  std::vector<std::uint32_t> enabled_, taken_, new_ids_;
};

}  // namespace weft::checker
