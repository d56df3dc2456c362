// Fairness: which actions a run may not starve. A model puts each action into fairness groups (TLA+'s
// WF_vars(A) and SF_vars(A), one A per group); every other action, and stuttering, may be avoided for ever.
//
//   // A hand-written model: Receive is strongly fair (a lossy channel's receive), Send weakly fair.
//   void fairness(Action const& a, std::vector<weft::FairGroup>& out) const {
//     if (a.kind == Kind::receive) out.push_back({weft::Fair::strong, 1});
//     if (a.kind == Kind::send) out.push_back({weft::Fair::weak, 2});
//   }
//   // A World declares it as data: world.fairness({.timers = Fair::weak, .delivery = Fair::weak}).
//
// As in TLA+, a group counts as enabled in a state only when one of its actions changes the state there
// (<<A>>_vars), and as taken only by such a step. A run is fair when, on its cycle, every weakly fair group
// that is enabled in every state is taken, and every strongly fair group enabled in some state is taken.
// This header also judges a lasso (a Run whose last state repeats states[loop_start]) under fairness, for
// replaying and shrinking liveness counterexamples.
#pragma once

#include <weft/fair_group.hpp>
#include <weft/fingerprint.hpp>
#include <weft/model.hpp>
#include <weft/print.hpp>
#include <weft/run.hpp>
#include <weft/step.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace weft {

/// A model that declares fairness by action: `void fairness(Action const&, std::vector<FairGroup>& out) const`.
template <class M>
concept HasActionFairness = requires(M const& m, typename M::Action const& a, std::vector<FairGroup>& out) {
  { m.fairness(a, out) } -> std::same_as<void>;
};
/// A model whose groups also depend on the state the action is taken in (TLA+'s WF_vars(Return(c, alloc[c]))):
/// `void fairness(State const& from, Action const&, std::vector<FairGroup>& out) const`.
template <class M>
concept HasStateFairness =
    requires(M const& m, typename M::State const& s, typename M::Action const& a, std::vector<FairGroup>& out) {
      { m.fairness(s, a, out) } -> std::same_as<void>;
    };
/// A model that declares fairness either way.
template <class M>
concept HasFairness = HasActionFairness<M> || HasStateFairness<M>;

/// Appends the fairness groups of `a` taken in `from` (none for a model without fairness).
template <class M>
void fairness_of(M const& m, typename M::State const& from, typename M::Action const& a, std::vector<FairGroup>& out) {
  if constexpr (HasStateFairness<M>) m.fairness(from, a, out);
  else if constexpr (HasActionFairness<M>) m.fairness(a, out);
}

/// A readable name of the group `g` that action `a` belongs to: the model's
/// `std::string fair_group_name(Action const&, FairGroup) const` where it has one, else the action printed.
template <class M>
std::string fair_group_name(M const& m, typename M::Action const& a, FairGroup g) {
  if constexpr (requires { { m.fair_group_name(a, g) } -> std::convertible_to<std::string>; })
    return std::string(to_string(g.kind)) + "(" + m.fair_group_name(a, g) + ")";
  else return std::string(to_string(g.kind)) + "(" + to_text(a) + ")";
}

/// Why the cycle of lasso `run` is not fair under `m`'s fairness, or nothing when it is. The cycle is
/// states[loop_start..] (just the last state, stuttering, when loop_start is the last index).
template <Model M>
std::optional<std::string> lasso_unfairness(M const& m, Run<M> const& run) {
  if (!run.loop_start || *run.loop_start >= run.states.size()) return "the run is not a lasso";
  std::size_t const from = *run.loop_start, last = run.states.size() - 1;
  std::vector<FairGroup> taken, groups;
  for (std::size_t k = from; k < last; ++k)
    if (fingerprint(run.states[k]) != fingerprint(run.states[k + 1])) fairness_of(m, run.states[k], run.events[k], taken);
  struct Seen { FairGroup g; typename M::Action example; std::size_t enabled_in = 0; };
  std::vector<Seen> seen;
  std::vector<typename M::Action> actions;
  typename M::State next;
  std::size_t const states = last > from ? last - from : 1;  // the last state repeats states[from]
  for (std::size_t k = from; k < from + states; ++k) {
    actions.clear();
    m.actions(run.states[k], actions);
    Fingerprint const here = fingerprint(run.states[k]);
    std::vector<FairGroup> here_groups;
    for (auto const& a : actions) {
      if (!step(m, run.states[k], a, next) || fingerprint(next) == here) continue;
      groups.clear();
      fairness_of(m, run.states[k], a, groups);
      for (auto const& g : groups) {
        if (std::find(here_groups.begin(), here_groups.end(), g) != here_groups.end()) continue;
        here_groups.push_back(g);
        auto it = std::find_if(seen.begin(), seen.end(), [&](Seen const& s) { return s.g == g; });
        if (it == seen.end()) seen.push_back({g, a, 1});
        else ++it->enabled_in;
      }
    }
  }
  for (auto const& s : seen) {
    if (std::find(taken.begin(), taken.end(), s.g) != taken.end()) continue;
    if (s.g.kind == Fair::strong)
      return fair_group_name(m, s.example, s.g) + " is enabled on the cycle but never taken";
    if (s.g.kind == Fair::weak && s.enabled_in == states)
      return fair_group_name(m, s.example, s.g) + " stays enabled on the cycle but is never taken";
  }
  return std::nullopt;
}

/// True when lasso `run` violates temporal property `p` (ignoring fairness; see lasso_unfairness).
template <Model M>
bool lasso_violates(M const& m, Property<M> const& p, Run<M> const& run) {
  if (!run.loop_start || run.states.empty()) return false;
  std::size_t const from = std::min(*run.loop_start, run.states.size() - 1);
  auto holds = [&](std::size_t k) { return p.predicate(m, run.states[k]); };
  auto none_from = [&](std::size_t k, auto&& f) {
    for (; k < run.states.size(); ++k)
      if (f(k)) return false;
    return true;
  };
  switch (p.expectation) {
    case Expectation::eventually: return none_from(0, holds);
    case Expectation::always_eventually: return none_from(from, holds);
    case Expectation::eventually_always: return !none_from(from, [&](std::size_t k) { return !holds(k); });
    case Expectation::leads_to:
      for (std::size_t k = 0; k < run.states.size(); ++k)
        if (holds(k) && none_from(std::min(k, from), [&](std::size_t j) { return p.target(m, run.states[j]); }))
          return true;
      return false;
    default: return false;
  }
}

}  // namespace weft
