// A run of a model: the one type that holds an execution wherever it goes. The checker's counterexamples
// and witnesses, trace files, the shrinker's results and the command line's output are all Runs:
// states[0] is the initial state, events[k] leads from states[k] to states[k+1], and effects[k] is what
// events[k] caused (when recorded). A lasso's last state repeats states[*loop_start].
//
//   weft::Run<World> run = weft::execute(world, world.init_states().at(0), events);  // states and effects
//   for (std::size_t k = 0; k < run.length(); ++k) std::cout << weft::to_text(run.events[k]) << '\n';
#pragma once

#include <weft/step.hpp>

#include <optional>
#include <vector>

namespace weft {

/// A run of model M: the states it visits, the events between them and what each event caused.
template <class M>
struct Run {
  using State = typename M::State;
  using Action = typename M::Action;

  std::vector<State> states;               ///< states[0] is initial; states[k + 1] follows events[k]
  std::vector<Action> events;              ///< the events taken, in order
  std::vector<Effects<M>> effects;         ///< effects[k]: what events[k] caused (empty when not recorded)
  std::optional<std::size_t> loop_start;   ///< for a lasso: the step whose state the last one repeats
  bool dead_end = false;                   ///< the last state enables no event at all

  /// The initial state.
  State const& initial() const { return states.at(0); }
  /// The last state.
  State const& last() const { return states.at(states.size() - 1); }
  /// The number of events.
  std::size_t length() const { return events.size(); }
  /// True when each event's effects were recorded.
  bool has_effects() const { return effects.size() == events.size(); }
};

}  // namespace weft
