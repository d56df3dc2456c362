// Cutting the cycle between two symmetric states of a run. When the run reaches a state that equals an
// earlier one up to renaming interchangeable nodes, the rest of the run can start from the earlier state
// instead, renamed the same way: after node 0 and node 1 have traded places, whatever node 1 did next,
// node 0 does from the earlier state. The property of a symmetric model cannot tell the two apart, so the
// shorter run still fails (the shrinker runs it to make sure).
//
//   // states[1] = {a: 1, b: 0}, states[3] = {a: 0, b: 1}; events[3..] act on b
//   auto cut = weft::shrinker::cut_symmetric_cycle(model, run);   // events[0..1) + events[3..] acting on a
#pragma once

#include <weft/fingerprint.hpp>
#include <weft/rewrite.hpp>
#include <weft/run.hpp>

#include <optional>
#include <unordered_map>
#include <vector>

namespace weft::shrinker {

/// A model that names the renaming to its symmetry class's representative:
/// `State representative(State const&, NodeMap* renaming) const` (weft::World does).
template <class M>
concept HasRenamingRepresentative = requires(M const& m, typename M::State const& s, NodeMap* map) {
  { m.representative(s, map) } -> std::same_as<typename M::State>;
};

/// The run's events with its longest cycle between two symmetric states cut out and the events after it
/// renamed to start from the earlier state; nothing when no two states of the run are symmetric (beyond
/// being equal: plain cycles are cut by the shrinker's cheaper pass).
template <class M>
  requires HasRenamingRepresentative<M>
std::optional<std::vector<typename M::Action>> cut_symmetric_cycle(M const& m, Run<M> const& run) {
  std::vector<NodeMap> to_rep(run.states.size());
  std::unordered_map<Fingerprint, std::size_t> first;
  std::size_t from = 0, to = 0;
  for (std::size_t k = 0; k < run.states.size(); ++k) {
    Fingerprint const rep = fingerprint(m.representative(run.states[k], &to_rep[k]));
    auto [it, fresh] = first.emplace(rep, k);
    if (!fresh && k - it->second > to - from && !equal(run.states[it->second], run.states[k])) from = it->second, to = k;
  }
  if (to == from) return std::nullopt;
  // states[to] -> representative -> states[from]: the second renaming is the inverse of from's.
  NodeMap const& there = to_rep[to];
  NodeMap const& here = to_rep[from];
  NodeMap back{std::vector<NodeId>(there.to.size())};
  for (NodeId n = 0; n < there.to.size(); ++n) {
    NodeId const r = there(n);
    for (NodeId k = 0; k < here.to.size(); ++k)
      if (here(k) == r) back.to[n] = k;
  }
  std::vector<typename M::Action> out(run.events.begin(), run.events.begin() + static_cast<std::ptrdiff_t>(from));
  for (std::size_t k = to; k < run.events.size(); ++k) {
    out.push_back(run.events[k]);
    rewrite_ids(out.back(), back);
  }
  return out;
}

}  // namespace weft::shrinker
