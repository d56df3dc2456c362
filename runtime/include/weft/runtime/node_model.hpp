// One live node as a model: its state is the node's record (process state, timers, RNG), its events are
// the node's local events (a message received, a timer fired, an input entered, a restart), and a step is
// the handler path the simulated world and the live runtime share (Roles::run_local). So a live log is
// replayed like any trace: weft::drive with the chooser that follows the logged inputs.
#pragma once

#include <weft/model.hpp>
#include <weft/property.hpp>
#include <weft/step.hpp>

#include <vector>

namespace weft::runtime {

/// Node `id` of world W, on its own: the events come from outside (a log), so it lists none.
template <class W>
class NodeModel {
 public:
  using State = typename W::Node;
  using Action = typename W::Local;
  using StepEffect = typename W::WorldEffect;

  /// Node `id` of `world` (which must outlive the model).
  NodeModel(W const& world, NodeId id) : world_(world), id_(id) {}

  std::vector<State> init_states() const { return {world_.fresh_node(id_, Rng{})}; }
  void actions(State const&, std::vector<Action>&) const {}
  std::vector<Property<NodeModel>> properties() const { return {}; }

  /// Runs the node's handler for `e`; every local event is enabled (the world outside decided it).
  char const* transition(State const& from, Action const& e, State& out, std::vector<StepEffect>* effects) const {
    if (&out != &from) out = from;
    world_.run_local(out, id_, e, [&](StepEffect&& fx) {
      if (effects) effects->push_back(std::move(fx));
    });
    return nullptr;
  }

 private:
  W const& world_;
  NodeId id_;
};

}  // namespace weft::runtime
