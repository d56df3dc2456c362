// Shrinking a report's counterexamples: every invariant violation found by DFS or random walks becomes a
// 1-minimal run (breadth-first paths are already shortest, hence already minimal, and are left alone).
// check() does this before it returns, so a counterexample is short wherever it is shown or saved.
#pragma once

#include <weft/checker/options.hpp>
#include <weft/checker/result.hpp>
#include <weft/shrinker/shrink.hpp>

namespace weft::checker {

/// Replaces the path of each failing invariant of `r` by its shrunk run, noting what shrinking did.
template <Model M>
void shrink_counterexamples(M const& model, Report<M>& r, shrinker::ShrinkOptions const& options = {}) {
  for (auto& p : r.properties) {
    if (!p.path || p.verdict != Verdict::fails || p.expectation != Expectation::always) continue;
    auto const shrunk = shrinker::shrink(model, p.path->states.at(0), p.path->actions, p.name, options);
    Path<M> path;
    path.states.push_back(p.path->states.at(0));
    for (auto const& a : shrunk.events) {
      path.states.push_back(*model.next_state(path.states.back(), a));
      path.actions.push_back(a);
    }
    p.shrunk = Shrinking{shrunk.before, shrunk.events.size(), shrunk.candidates, shrunk.seconds, shrunk.minimal};
    p.path = std::move(path);
  }
}

}  // namespace weft::checker
