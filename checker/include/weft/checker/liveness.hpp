// `eventually P` on cycles, not only on terminal states. It fails exactly when, from an initial state, a
// path of states that all violate P reaches either a dead end (no successor: the run stops there) or a
// cycle (the run can loop for ever). A depth-first search of the not-P subgraph finds either, and its
// stack gives the path or the lasso.
//
// Fairness: a run never stops while an event is enabled, which is weak fairness of the whole next-state
// relation: a cycle that avoids P is a counterexample even if it starves some action that stays enabled
// along it (no per-action fairness), but stuttering in a state with successors is not (TLC without any
// fairness would allow it). Symmetry reduction is not applied here: a cycle in the quotient need not be a
// cycle of the model.
#pragma once

#include <weft/checker/search.hpp>

#include <unordered_map>
#include <vector>

namespace weft::checker {

/// Searches for a path on which `p` never holds; sets `bounded` when a budget cut the search short.
template <Model M>
std::optional<Run<M>> eventually_counterexample(SearchCore<M>& core, Property<M> const& p, bool& bounded) {
  using State = typename M::State;
  struct Frame {
    State state;
    Fingerprint fp;
    std::vector<typename M::Action> actions;
    std::size_t next = 0;
    bool has_successor = false;
  };
  enum : std::uint8_t { on_stack = 1, finished = 2 };
  std::unordered_map<Fingerprint, std::uint8_t> color;
  std::vector<Frame> stack;

  auto path_of = [&](State const* last, std::optional<std::size_t> loop) {
    Run<M> path;
    for (std::size_t i = 0; i < stack.size(); ++i) {
      path.states.push_back(stack[i].state);
      if (i + 1 < stack.size() || last) path.events.push_back(stack[i].actions[stack[i].next - 1]);
    }
    if (last) path.states.push_back(*last);
    path.loop_start = loop;
    path.dead_end = !last;
    return path;
  };
  auto push = [&](State s, Fingerprint fp) {
    Frame f{std::move(s), fp, {}, 0, false};
    core.model.actions(f.state, f.actions);
    color[fp] = on_stack;
    stack.push_back(std::move(f));
  };

  for (auto const& init : core.initial) {
    if (p.predicate(core.model, init) || color.count(fingerprint(init))) continue;
    push(init, fingerprint(init));
    while (!stack.empty()) {
      if (core.stop.load() || color.size() >= core.options.max_states) {
        bounded = true;
        return std::nullopt;
      }
      Frame& top = stack.back();
      if (top.next == top.actions.size()) {
        if (!top.has_successor) return path_of(nullptr, std::nullopt);
        color[top.fp] = finished;
        stack.pop_back();
        continue;
      }
      std::optional<typename M::State> next{std::in_place};
      if (!step(core.model, top.state, top.actions[top.next++], *next)) continue;
      top.has_successor = true;
      if (p.predicate(core.model, *next)) continue;  // this run satisfies P from here on
      Fingerprint const fp = fingerprint(*next);
      auto it = color.find(fp);
      if (it == color.end()) {
        push(std::move(*next), fp);
      } else if (it->second == on_stack) {
        std::size_t loop = 0;
        while (stack[loop].fp != fp) ++loop;
        return path_of(&*next, loop);
      }
    }
  }
  return std::nullopt;
}

}  // namespace weft::checker
