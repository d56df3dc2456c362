// One step of any model, for the tools that follow a given list of events (replay, traces, the shrinker,
// random walks): apply an event in place, learn why it is not enabled, and collect what it caused when
// the model reports effects (worlds do: messages sent, timers, outputs).
#pragma once

#include <weft/effects.hpp>
#include <weft/model.hpp>
#include <weft/print.hpp>

#include <string>
#include <variant>
#include <vector>

namespace weft {

/// A model whose steps report effects and reasons: `char const* try_step(State&, Action const&,
/// std::vector<StepEffect>*) const`, returning why the action is not enabled, or nullptr (World does).
template <class M>
concept HasStepEffects = requires(M const& m, typename M::State& s, typename M::Action const& a,
                                  std::vector<typename M::StepEffect>* fx) {
  { m.try_step(s, a, fx) } -> std::same_as<char const*>;
};

namespace detail {
template <class M>
struct EffectOf {
  using type = std::monostate;
};
template <HasStepEffects M>
struct EffectOf<M> {
  using type = typename M::StepEffect;
};
}  // namespace detail

/// What a step of M reports: its StepEffect type, or std::monostate for models without effects.
template <class M>
using effect_of_t = typename detail::EffectOf<M>::type;

/// Applies `a` to `s` in place; returns "" on success, else why `a` is not enabled (`s` is then
/// unspecified). Effects are appended to `effects` when given and the model reports them.
template <Model M>
std::string advance(M const& m, typename M::State& s, typename M::Action const& a,
                    std::vector<effect_of_t<M>>* effects = nullptr) {
  if constexpr (HasStepEffects<M>) {
    char const* why = m.try_step(s, a, effects);
    return why ? why : "";
  } else {
    auto next = m.next_state(s, a);
    if (!next) return "the model does not enable it here";
    s = std::move(*next);
    return "";
  }
}

/// True for effects that determinism checks compare: everything but log lines (hs-p4p's aux channel).
template <class E>
bool observable(E const& e) {
  if constexpr (requires { std::holds_alternative<Log>(e.effect); }) return !std::holds_alternative<Log>(e.effect);
  else return true;
}

}  // namespace weft
