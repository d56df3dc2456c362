// One thread's share of a batch of the liveness graph's queue (state_graph.hpp). Threads expand their
// slices in parallel against the state index and the fairness groups as they stood when the batch began,
// read only; each writes down what the merge needs, which then runs alone, in queue order, so that states
// and groups are numbered exactly as a one-thread build numbers them:
//
//   per state   the groups its state-changing actions belong to, in action order (a group met for the
//               first time is a placeholder, named by an example action, interned by the merge);
//   per edge    the action's position, the groups it takes, and its target: a state number, or a
//               successor the index did not hold yet, kept with its fingerprint, encoding and labels (two
//               slices may both find one: the merge numbers it once).
#pragma once

#include <weft/checker/search.hpp>
#include <weft/checker/state_index.hpp>
#include <weft/byte_buffer.hpp>
#include <weft/decode.hpp>
#include <weft/encode.hpp>
#include <weft/fairness.hpp>

#include <unordered_map>
#include <vector>

namespace weft::checker {

/// What the slices read and nobody writes while they run.
template <Model M>
struct GraphSliceInputs {
  SearchCore<M> const& core;                                   ///< the model, properties and constraints
  std::vector<std::size_t> const& temporal;                    ///< the labelled properties
  StateIndex const& index;                                     ///< the states numbered so far
  std::unordered_map<std::uint64_t, std::uint32_t> const& groups;  ///< group key -> id, interned so far
  std::vector<Fair> const& kinds;                              ///< group id -> weak or strong
};

/// The expansion of a run of queued states by one thread.
template <Model M>
class GraphSlice {
 public:
  using State = typename M::State;
  using Action = typename M::Action;
  /// In an edge's target or a group reference: not a number yet, an index into candidates / new_groups.
  static constexpr std::uint32_t fresh_bit = 0x80000000u;
  /// A label's bits: whether the property's P, and its Q, hold in a state.
  static constexpr std::uint8_t p_holds = 1, q_holds = 2;

  struct Row { std::uint32_t enabled_end, edges_end; };      ///< one expanded state: ends into enabled, edges
  struct Edge { std::uint32_t to, ordinal, taken_end; };     ///< taken_end: end into taken
  struct Candidate { Key fp; std::size_t bytes_end; };  ///< a successor not numbered yet
  struct NewGroup { FairGroup group; Action example; };      ///< a group not interned yet

  std::vector<Row> rows;                 ///< per expanded state
  std::vector<Edge> edges;               ///< every edge, by source
  std::vector<std::uint32_t> enabled;    ///< group references, per state in action order
  std::vector<std::uint32_t> taken;      ///< group references, per edge
  std::vector<Candidate> candidates;     ///< successors not numbered yet
  ByteBuffer bytes;                      ///< their encodings, back to back
  std::vector<std::uint8_t> labels;      ///< their labels, one byte per temporal property
  std::vector<NewGroup> new_groups;      ///< groups not interned yet, in the order met

  /// Appends the labels of `s`, one byte per property of `temporal`.
  static void label(SearchCore<M> const& core, std::vector<std::size_t> const& temporal, State const& s,
                    std::vector<std::uint8_t>& out) {
    for (std::size_t i : temporal) {
      auto const& p = core.properties[i];
      std::uint8_t l = p.predicate(core.model, s) ? p_holds : 0;
      if (p.target && p.target(core.model, s)) l |= q_holds;
      out.push_back(l);
    }
  }

  /// Forgets the last batch, keeps the storage.
  void clear() {
    rows.clear(), edges.clear(), enabled.clear(), taken.clear(), candidates.clear(), bytes.clear(), labels.clear();
    new_groups.clear();
  }

  /// Expands the queued states from, ..., to - 1 (state k is encoded at queue[starts[k]..starts[k + 1]), the
  /// last one up to the queue's end).
  void expand(GraphSliceInputs<M> const& in, ByteBuffer const& queue, std::vector<std::size_t> const& starts,
              std::size_t from, std::size_t to) {
    clear();
    for (std::size_t k = from; k < to; ++k) {
      std::size_t const end = k + 1 < starts.size() ? starts[k + 1] : queue.size();
      ByteReader reader(queue.view().substr(starts[k], end - starts[k]), "state graph queue");
      decode(reader, state_);
      expand(in, state_);
    }
  }

 private:
  void expand(GraphSliceInputs<M> const& in, State const& s) {
    bool const wide = in.index.wide();
    Key const here = key_of(s, wide);
    actions_.clear();
    in.core.model.actions(s, actions_);
    for (std::uint32_t ordinal = 0; ordinal < actions_.size(); ++ordinal) {
      Action const& a = actions_[ordinal];
      if (!step(in.core.model, s, a, next_)) continue;
      Key const fp = key_of(next_, wide);
      if (fp == here) continue;  // a stutter
      groups_of_.clear();
      fairness_of(in.core.model, s, a, groups_of_);
      std::size_t const first_taken = taken.size();
      for (auto const& g : groups_of_) taken.push_back(reference(in, g, a));
      enabled.insert(enabled.end(), taken.begin() + static_cast<std::ptrdiff_t>(first_taken), taken.end());
      if (!in.core.within_constraints(next_)) {
        taken.resize(first_taken);  // enabled, but its target is not in the graph
        continue;
      }
      edges.push_back({target(in, next_, fp), ordinal, static_cast<std::uint32_t>(taken.size())});
    }
    rows.push_back({static_cast<std::uint32_t>(enabled.size()), static_cast<std::uint32_t>(edges.size())});
  }

  // A group's id when it is interned with the same kind, else a placeholder the merge resolves (and where a
  // group declared both weak and strong is reported).
  std::uint32_t reference(GraphSliceInputs<M> const& in, FairGroup const& g, Action const& a) {
    if (auto it = in.groups.find(g.key); it != in.groups.end() && in.kinds[it->second] == g.kind) return it->second;
    for (std::size_t k = 0; k < new_groups.size(); ++k)
      if (new_groups[k].group.key == g.key && new_groups[k].group.kind == g.kind) return fresh_bit | static_cast<std::uint32_t>(k);
    new_groups.push_back({g, a});
    return fresh_bit | static_cast<std::uint32_t>(new_groups.size() - 1);
  }

  std::uint32_t target(GraphSliceInputs<M> const& in, State const& next, Key fp) {
    if (std::uint32_t const v = in.index.find(fp); v != StateIndex::absent) return v;
    encode(bytes, next);
    candidates.push_back({fp, bytes.size()});
    label(in.core, in.temporal, next, labels);
    return fresh_bit | static_cast<std::uint32_t>(candidates.size() - 1);
  }

  State state_{}, next_{};
  std::vector<Action> actions_;
  std::vector<FairGroup> groups_of_;
};

}  // namespace weft::checker
