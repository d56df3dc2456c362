// One driver for every way of running a model by a policy. A chooser proposes the next event at each
// state; the driver takes it with weft::step and tells the chooser and the observer what happened. Replay
// (follow a recorded run), random walks (uniform), timed walks (a clock over the simulated network),
// RapidCheck interleavings (a list of choices), the shrinker's candidate runs (skip events no longer
// enabled) and the live-log replay are choosers (choosers.hpp, checker/timed_network.hpp,
// testing/interleaving.hpp); what they share, stepping, recording and stopping, is written once here.
//
//   weft::Run<World> run = weft::start_run<World>(initial);
//   weft::FollowEvents<World> follow(events);
//   weft::DriveEnd end = weft::drive(world, run, follow, weft::record_all<World>);
//   if (end.refused) std::cout << "step " << end.step << " is not enabled: " << end.why << '\n';
#pragma once

#include <weft/run.hpp>
#include <weft/step.hpp>

#include <concepts>
#include <optional>
#include <string>

namespace weft {

/// What a chooser does after its proposal was refused.
enum class OnRefusal {
  retry,  ///< propose again at the same state (the chooser has dropped the refused event)
  stop,   ///< end the run here: the refusal is the outcome (a replay that no longer applies)
};

/// A policy that chooses the next event of a run of M.
///   std::optional<Action> propose(State const&)           the next event to try; nothing ends the run
///   OnRefusal refused(Action const&, Step)                 the proposal was not enabled
///   void taken(Action const&, State const&, Effects const&)  the proposal was taken (the state after it)
/// `static constexpr bool needs_effects` asks the driver to collect each step's effects for `taken`.
template <class C, class M>
concept Chooser = requires(C& c, typename M::State const& s, typename M::Action const& a, Step st, Effects<M> const& fx) {
  { c.propose(s) } -> std::same_as<std::optional<typename M::Action>>;
  { c.refused(a, st) } -> std::same_as<OnRefusal>;
  c.taken(a, s, fx);
};

/// What the observer says after each state.
enum class Observe { go_on, stop };

/// How a drive ended.
struct DriveEnd {
  std::size_t step = 0;   ///< events taken
  bool refused = false;   ///< a proposal was refused and the chooser stopped
  bool stopped = false;   ///< the observer stopped the run
  std::string why;        ///< for a refusal: why the event is not enabled
  /// True when the chooser had nothing more to propose (a replay reached its end, a walk a dead end).
  bool exhausted() const { return !refused && !stopped; }
};

namespace detail {
template <class C>
constexpr bool needs_effects() {
  if constexpr (requires { C::needs_effects; }) return C::needs_effects;
  else return false;
}
}  // namespace detail

/// What a drive keeps and how far it goes.
struct DriveOptions {
  bool effects = false;             ///< record each step's effects in the run
  bool states = true;               ///< keep every state (false: only the current one, in run.states[0])
  std::size_t max_steps = SIZE_MAX;  ///< take at most this many events
};

/// Drives `run` (holding at least its initial state) on by `chooser`, appending each event and state
/// (and effects, when asked). `observe(run)` sees the initial state and every state after a step;
/// Observe::stop ends the drive there.
template <Model M, Chooser<M> C, class O>
DriveEnd drive(M const& m, Run<M>& run, C& chooser, O&& observe, DriveOptions const& o = {}) {
  DriveEnd end;
  if (observe(run) == Observe::stop) return end.stopped = true, end;
  bool const effects = o.effects || detail::needs_effects<C>();
  typename M::State next;
  Effects<M> fx;
  while (end.step < o.max_steps) {
    std::optional<typename M::Action> a = chooser.propose(run.states.back());
    if (!a) return end;
    fx.clear();
    Step const st = step(m, run.states.back(), *a, next, effects ? &fx : nullptr);
    if (!st) {
      if (chooser.refused(*a, st) == OnRefusal::stop) return end.refused = true, end.why = st.why(), end;
      continue;
    }
    chooser.taken(*a, next, fx);
    if (o.states) run.states.push_back(std::move(next));
    else std::swap(run.states.back(), next);
    run.events.push_back(std::move(*a));
    if (o.effects) run.effects.push_back(fx);
    ++end.step;
    if (observe(run) == Observe::stop) return end.stopped = true, end;
  }
  return end;
}

/// A run that starts at `initial`, with nothing taken yet.
template <class M>
Run<M> start_run(typename M::State initial) {
  Run<M> run;
  run.states.push_back(std::move(initial));
  return run;
}

/// An observer that lets a drive run to its chooser's end.
template <class M>
Observe record_all(Run<M> const&) { return Observe::go_on; }

}  // namespace weft
