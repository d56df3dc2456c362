// The explicit-state model interface, like a TLA+ next-state relation: states, actions, initial states,
// the enabled actions of a state in a deterministic order, a successor function that may decline (and say
// why), and named properties. The checker engines work on any type that satisfies Model.
#pragma once

#include <weft/data.hpp>
#include <weft/property.hpp>

#include <concepts>
#include <optional>
#include <string>
#include <vector>

namespace weft {

/// A model whose steps are written into an existing state and say why an event is refused: `char const*
/// transition(State const& from, Action const&, State& out) const`, nullptr when taken.
template <class M>
concept HasTransition = requires(M const& m, typename M::State const& s, typename M::Action const& a,
                                 typename M::State& out) {
  { m.transition(s, a, out) } -> std::same_as<char const*>;
};

/// The same, reporting what each step caused: `char const* transition(State const& from, Action const&,
/// State& out, std::vector<StepEffect>* effects) const` (World: messages sent, timers, outputs).
template <class M>
concept HasEffectTransition = requires(M const& m, typename M::State const& s, typename M::Action const& a,
                                       typename M::State& out, std::vector<typename M::StepEffect>* fx) {
  { m.transition(s, a, out, fx) } -> std::same_as<char const*>;
};

/// A model defined by `next_state` (the TLA+-like form: the successor, or nothing when not enabled).
template <class M>
concept HasNextState = requires(M const& m, typename M::State const& s, typename M::Action const& a) {
  { m.next_state(s, a) } -> std::same_as<std::optional<typename M::State>>;
};

/// An explicit-state model. See check_model<M>() for the signatures spelled out; weft::step (step.hpp)
/// takes its steps, whichever of next_state or transition it defines.
template <class M>
concept Model = requires(M const& m, typename M::State const& s, std::vector<typename M::Action>& actions) {
  typename M::State;
  typename M::Action;
  { m.init_states() } -> std::same_as<std::vector<typename M::State>>;
  { m.actions(s, actions) } -> std::same_as<void>;
  { m.properties() } -> std::same_as<std::vector<Property<M>>>;
} && (HasNextState<M> || HasTransition<M> || HasEffectTransition<M>);

/// A model that can tell a state it could reach from one it could not: `std::string validate(State const&)
/// const`, why the state is impossible or "" (World has it; a hand-written model may add it). States that
/// come from outside (files, logs, other machines) are held to it before anything runs on them.
template <class M>
concept HasValidate = requires(M const& m, typename M::State const& s) {
  { m.validate(s) } -> std::convertible_to<std::string>;
};

/// Why `s` cannot be a state of `m`, or "" (always "" for a model without `validate`).
template <class M>
std::string validate_state(M const& m, typename M::State const& s) {
  if constexpr (HasValidate<M>) return m.validate(s);
  else return "";
}

/// Why `a` cannot be an action of `m`, or "": `std::string validate_event(Action const&) const` where the
/// model has it (World does: node ids in range, timers and inputs of the node's role).
template <class M>
std::string validate_action(M const& m, typename M::Action const& a) {
  if constexpr (requires { { m.validate_event(a) } -> std::convertible_to<std::string>; }) return m.validate_event(a);
  else return "";
}

namespace detail {
template <class M>
concept HasModelTypes = requires {
  typename M::State;
  typename M::Action;
};
}  // namespace detail

/// Explains, one requirement at a time, why M is not a Model: `static_assert(weft::check_model<M>())`.
template <class M>
consteval bool check_model() {
  static_assert(detail::HasModelTypes<M>, "weft::Model needs `using State = ...;` and `using Action = ...;`");
  if constexpr (detail::HasModelTypes<M>) {
    using S = typename M::State;
    using A = typename M::Action;
    static_assert(requires(M const& m) {
      { m.init_states() } -> std::same_as<std::vector<S>>;
    }, "weft::Model needs `std::vector<State> init_states() const`");
    static_assert(requires(M const& m, S const& s, std::vector<A>& out) {
      { m.actions(s, out) } -> std::same_as<void>;
    }, "weft::Model needs `void actions(State const&, std::vector<Action>& out) const` (appends, in a fixed order)");
    static_assert(HasNextState<M> || HasTransition<M> || HasEffectTransition<M>,
                  "weft::Model needs `std::optional<State> next_state(State const&, Action const&) const` (or "
                  "`char const* transition(State const& from, Action const&, State& out) const`, returning why "
                  "the action is not enabled, nullptr when taken)");
    static_assert(requires(M const& m) {
      { m.properties() } -> std::same_as<std::vector<Property<M>>>;
    }, "weft::Model needs `std::vector<weft::Property<Model>> properties() const`");
    static_assert(check_data<S>() && check_data<A>());
  }
  return Model<M>;
}

}  // namespace weft
