// A model explored from a given state instead of its own initial states: a snapshot forked and checked,
// or a production state taken from live logs. Everything else (actions, successors, properties, symmetry,
// effects) is the wrapped model's.
#pragma once

#include <weft/stepping.hpp>

#include <utility>
#include <vector>

namespace weft {

namespace detail {
template <class M>
struct EffectTypes {};
template <HasStepEffects M>
struct EffectTypes<M> {
  using StepEffect = typename M::StepEffect;
};
}  // namespace detail

/// Model M with `start` as its only initial state.
template <Model M>
class StartingFrom : public detail::EffectTypes<M> {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  /// Explores `model` (kept by reference) from `start`.
  StartingFrom(M const& model, State start) : model_(&model), start_(std::move(start)) {}

  /// The wrapped model.
  M const& inner() const { return *model_; }

  std::vector<State> init_states() const { return {start_}; }
  void actions(State const& s, std::vector<Action>& out) const { model_->actions(s, out); }
  std::optional<State> next_state(State const& s, Action const& a) const { return model_->next_state(s, a); }
  bool next_state_into(State const& s, Action const& a, State& out) const { return successor(*model_, s, a, out); }

  /// The wrapped model's properties, judged on its own terms.
  std::vector<Property<StartingFrom>> properties() const {
    std::vector<Property<StartingFrom>> out;
    for (auto p : model_->properties())
      out.push_back({p.expectation, p.name,
                     [pred = std::move(p.predicate)](StartingFrom const& m, State const& s) { return pred(m.inner(), s); }});
    return out;
  }

  /// Symmetry, when the wrapped model has it.
  State representative(State const& s) const
    requires requires(M const& m) { m.representative(s); }
  {
    return model_->representative(s);
  }
  /// Whether the wrapped model declares symmetry (worlds may not).
  bool has_symmetry() const
    requires requires(M const& m) { m.representative(std::declval<State const&>()); }
  {
    if constexpr (requires(M const& m) { m.has_symmetry(); }) return model_->has_symmetry();
    else return true;
  }

  /// Steps with effects, when the wrapped model reports them (see World::try_step).
  char const* try_step(State& s, Action const& a, std::vector<effect_of_t<M>>* fx) const
    requires HasStepEffects<M>
  {
    return model_->try_step(s, a, fx);
  }

 private:
  M const* model_;
  State start_;
};

}  // namespace weft
