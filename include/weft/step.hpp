// The one way to take a step of any model: `weft::step(model, from, event, out, effects)` writes the
// successor into `out` (reusing its storage; `out` may be `from` itself) and returns a Step that is
// either taken or refused with the reason the event is not enabled. Every caller goes through it: the
// engines, replay, random and timed walks, RapidCheck interleavings, the shrinker and the live-log replay.
//
//   World::State s = world.init_states().at(0), next;
//   if (weft::Step st = weft::step(world, s, event, next); !st) std::puts(st.why());  // "the receiver is down"
//   s = weft::after(world, s, event);  // the same, throwing weft::Error that names the event
//
// A model defines its steps in one of two ways: the TLA+-like `std::optional<State> next_state(State
// const&, Action const&) const`, or, to say why an event is refused, to report effects, or to reuse
// storage on the checker's hot path, `char const* transition(State const& from, Action const&, State&
// out[, std::vector<StepEffect>* effects]) const`, returning the reason or nullptr (World does).
#pragma once

#include <weft/effects.hpp>
#include <weft/error.hpp>
#include <weft/model.hpp>
#include <weft/print.hpp>

#include <string>
#include <variant>
#include <vector>

namespace weft {

namespace detail {
template <class M>
struct EffectOf {
  using type = std::monostate;
};
template <class M>
  requires requires { typename M::StepEffect; }
struct EffectOf<M> {
  using type = typename M::StepEffect;
};
}  // namespace detail

/// What a step of M reports: its StepEffect type, or std::monostate for models without effects.
template <class M>
using effect_of_t = typename detail::EffectOf<M>::type;

/// The effects of one step of M, in order.
template <class M>
using Effects = std::vector<effect_of_t<M>>;

/// The outcome of one step: taken, or refused with the reason the event is not enabled.
class Step {
 public:
  /// A step that was taken.
  static constexpr Step taken() { return Step(nullptr); }
  /// A step refused for `why` (a static string).
  static constexpr Step refused(char const* why) { return Step(why ? why : "the model does not enable it here"); }
  /// True when the step was taken.
  constexpr explicit operator bool() const { return why_ == nullptr; }
  /// Why the event is not enabled ("" when the step was taken).
  constexpr char const* why() const { return why_ ? why_ : ""; }

 private:
  constexpr explicit Step(char const* why) : why_(why) {}
  char const* why_;
};

/// Writes the successor of `from` by `a` into `out` (which may be `from`), appending what the step
/// caused to `effects` when given and the model reports effects. When the step is refused, `out` is
/// unspecified.
template <Model M>
Step step(M const& m, typename M::State const& from, typename M::Action const& a, typename M::State& out,
          Effects<M>* effects = nullptr) {
  if constexpr (HasEffectTransition<M>) {
    char const* why = m.transition(from, a, out, effects);
    return why ? Step::refused(why) : Step::taken();
  } else if constexpr (HasTransition<M>) {
    char const* why = m.transition(from, a, out);
    return why ? Step::refused(why) : Step::taken();
  } else {
    auto next = m.next_state(from, a);
    if (!next) return Step::refused(nullptr);
    out = std::move(*next);
    return Step::taken();
  }
}

/// The state after `a`, appending its effects to `effects` when given; throws weft::Error naming the
/// event and saying why it is not enabled. For tests and examples that walk a known run.
template <Model M>
typename M::State after(M const& m, typename M::State const& s, typename M::Action const& a, Effects<M>* effects = nullptr) {
  typename M::State next;
  if (Step st = step(m, s, a, next, effects); !st)
    throw Error("event `" + to_text(a) + "` is not enabled: " + st.why());
  return next;
}

/// True when `a` is enabled in `s` (the successor is computed into `scratch` and dropped).
template <Model M>
bool enabled(M const& m, typename M::State const& s, typename M::Action const& a, typename M::State& scratch) {
  return static_cast<bool>(step(m, s, a, scratch));
}

/// True when no action is enabled in `s`: a run that reaches it can only stop there.
template <Model M>
bool dead_end(M const& m, typename M::State const& s) {
  std::vector<typename M::Action> actions;
  m.actions(s, actions);
  typename M::State scratch;
  for (auto const& a : actions)
    if (enabled(m, s, a, scratch)) return false;
  return true;
}

/// True for effects that determinism checks compare: everything but log lines (hs-p4p's aux channel).
template <class E>
bool observable(E const& e) {
  if constexpr (requires { std::holds_alternative<Log>(e.effect); }) return !std::holds_alternative<Log>(e.effect);
  else return true;
}

}  // namespace weft
