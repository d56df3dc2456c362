// The safety properties of single-decree Paxos over a paxos world: agreement (at most one value is ever
// learned, by all learners together and by each over time) and validity (only proposed values are
// accepted or learned); and, so that an exhaustive pass cannot be vacuous, that some value is learned.
#pragma once

#include <paxos/paxos.hpp>

#include <algorithm>
#include <vector>

namespace paxos {

/// The learners' ids in `w`.
inline std::vector<weft::NodeId> learner_ids(World const& w) { return w.nodes_of<Learner>(); }

/// Agreement: every value any learner ever learned is the same one. A learner's `learned` keeps each
/// value in order, so this also says that no learner changes its mind.
inline weft::Property<World> agreement() {
  return weft::always<World>("agreement", [](World const& w, World::State const& s) {
    std::optional<Value> first;
    for (weft::NodeId n : learner_ids(w))
      for (Value v : World::state_of<Learner>(s, n).learned) {
        if (first && *first != v) return false;
        first = v;
      }
    return true;
  });
}

/// Validity: only a value some proposer proposed is ever accepted by an acceptor or learned.
inline weft::Property<World> validity(std::vector<Value> proposed) {
  return weft::always<World>("validity", [proposed = std::move(proposed)](World const& w, World::State const& s) {
    auto ok = [&](Value v) { return std::find(proposed.begin(), proposed.end(), v) != proposed.end(); };
    for (weft::NodeId n = 0; n < w.node_count(); ++n) {
      if (w.runs<Acceptor>(n)) {
        auto const& a = World::state_of<Acceptor>(s, n).accepted;
        if (a && !ok(a->value)) return false;
      } else if (w.runs<Learner>(n)) {
        for (Value v : World::state_of<Learner>(s, n).learned)
          if (!ok(v)) return false;
      }
    }
    return true;
  });
}

/// Non-vacuity: some run lets a learner learn a value.
inline weft::Property<World> some_value_learned() {
  return weft::sometimes<World>("a value is learned", [](World const& w, World::State const& s) {
    for (weft::NodeId n : learner_ids(w))
      if (!World::state_of<Learner>(s, n).learned.empty()) return true;
    return false;
  });
}

/// Liveness: every fair run lets a learner learn a value. Paxos promises it once one distinguished proposer
/// proposes alone. Here ballots are bounded, and the proposer of the highest ballot is that proposer: once
/// the others have used up their ballots, its last round cannot be pre-empted. Under weakly fair timers and
/// delivery it holds; a lost message (drops are faults, never fair, and a round is not re-sent) or an
/// unfair network breaks it.
inline weft::Property<World> value_learned() {
  return weft::eventually<World>("a value is eventually learned", [](World const& w, World::State const& s) {
    for (weft::NodeId n : learner_ids(w))
      if (!World::state_of<Learner>(s, n).learned.empty()) return true;
    return false;
  });
}

/// Adds agreement, validity (against the values of `settings`) and the non-vacuity witness to `w`, and
/// the liveness property when `settings.liveness`.
inline World& add_properties(World& w, Settings const& settings) {
  w.property(agreement()).property(validity(settings.proposed())).property(some_value_learned());
  if (settings.liveness) w.property(value_learned());
  return w;
}

/// The world of `settings` with its properties.
inline World make_checked_world(Settings const& settings) {
  World w = make_world(settings);
  add_properties(w, settings);
  return w;
}

/// Paxos as its tools and tests know it: the world of `settings` with its properties.
inline auto const protocol = weft::protocol<Settings>(
    "paxos", "single-decree Paxos: proposers, acceptors, learners; agreement and validity", &make_checked_world);

}  // namespace paxos
