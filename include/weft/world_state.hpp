// The data of a simulated world: each node's state, timers, input position and RNG; the messages in
// flight; the fault budget left; the current partition. Plain reflected structs, so a world state
// serialises, prints, compares and fingerprints like any user type.
#pragma once

#include <weft/network.hpp>
#include <weft/rng.hpp>

#include <cstdint>
#include <vector>

namespace weft {

/// How many faults of each kind the network and nodes may still suffer. All zero: a fault-free world.
/// Written with designated initialisers: `{.drops = 2, .crashes = 1}`.
struct FaultBudget {
  std::uint32_t drops = 0;       ///< messages the network may lose
  std::uint32_t duplicates = 0;  ///< messages the network may duplicate
  std::uint32_t crashes = 0;     ///< node crashes
  std::uint32_t restarts = 0;    ///< restarts of crashed nodes
  std::uint32_t partitions = 0;  ///< network partitions (each healed for free)
};

}  // namespace weft

BOOST_HANA_ADAPT_STRUCT(weft::FaultBudget, drops, duplicates, crashes, restarts, partitions);

namespace weft {

/// One node of a world. `timers` holds the pending timer tags, sorted and distinct.
template <class RoleState, class Timer>
struct NodeRecord {
  BOOST_HANA_DEFINE_STRUCT(NodeRecord,
    (bool, up),
    (RoleState, state),
    (std::vector<Timer>, timers),
    (std::uint32_t, next_input),
    (Rng, rng)
  );
};

/// A user output as the world observed it: which node, and what (for histories, see World::record_outputs).
template <class Out>
struct Observation {
  BOOST_HANA_DEFINE_STRUCT(Observation, (NodeId, node), (Out, value));
};

/// A whole world. `partition` is 0 when the network is whole, else the set of nodes on node 0's side.
/// `observed` is empty unless the world records outputs: then it is every output so far, in the order
/// the world produced them (a global order across nodes, which the nodes themselves cannot see).
template <class Node, class Msg, class Out>
struct WorldState {
  BOOST_HANA_DEFINE_STRUCT(WorldState,
    (std::vector<Node>, nodes),
    (std::vector<Envelope<Msg>>, network),
    (FaultBudget, budget),
    (std::uint64_t, partition),
    (std::vector<Observation<Out>>, observed)
  );
};

/// An effect caused by one node during one world step.
template <class Effect>
struct NodeEffect {
  BOOST_HANA_DEFINE_STRUCT(NodeEffect, (NodeId, node), (Effect, effect));
};

template <class Msg>
void weft_print(std::string& out, Envelope<Msg> const& e) {
  out += "n" + std::to_string(e.from) + "->n" + std::to_string(e.to) + " ";
  print_to(out, e.msg);
}

template <class RoleState, class Timer>
void weft_print(std::string& out, NodeRecord<RoleState, Timer> const& n) {
  out += n.up ? "" : "(down) ";
  print_to(out, n.state);
  if (!n.timers.empty()) {
    out += " timers ";
    print_to(out, n.timers);
  }
  if (n.next_input) out += " inputs taken " + std::to_string(n.next_input);
}

/// A world prints one node per line, then the network, the partition, the fault budget left and what it observed.
template <class Node, class Msg, class Out>
void weft_print(std::string& out, WorldState<Node, Msg, Out> const& w) {
  for (std::size_t i = 0; i < w.nodes.size(); ++i) {
    out += "\n    n" + std::to_string(i) + ": ";
    print_to(out, w.nodes[i]);
  }
  out += "\n    in flight: ";
  print_to(out, w.network);
  if (w.partition) out += "\n    partitioned: side " + std::to_string(w.partition);
  FaultBudget const& b = w.budget;
  if (b.drops || b.duplicates || b.crashes || b.restarts || b.partitions) {
    out += "\n    faults left: ";
    print_to(out, b);
  }
  if (!w.observed.empty()) {
    out += "\n    observed: ";
    print_to(out, w.observed);
  }
}

template <class Out>
void weft_print(std::string& out, Observation<Out> const& o) {
  out += "n" + std::to_string(o.node.value) + " ";
  print_to(out, o.value);
}

template <class Effect>
void weft_print(std::string& out, NodeEffect<Effect> const& e) {
  out += "n" + std::to_string(e.node) + ": ";
  print_to(out, e.effect);
}

}  // namespace weft
