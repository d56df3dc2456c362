// Shrinking a report's counterexamples: every invariant violation found by DFS or random walks becomes a
// 1-minimal run (breadth-first paths are already shortest, hence already minimal, and are left alone), and
// every temporal property's lasso a shorter fair lasso (its stem is shortest already; its cycle, built
// greedily, may not be). check() does this before it returns, so a counterexample is short wherever it is
// shown or saved.
#pragma once

#include <weft/checker/options.hpp>
#include <weft/checker/result.hpp>
#include <weft/shrinker/shrink.hpp>

namespace weft::checker {

/// Replaces the path of each failing invariant of `r` by its shrunk run, noting what shrinking did.
template <Model M>
void shrink_counterexamples(M const& model, Report<M>& r, bool invariants, shrinker::ShrinkOptions const& options = {}) {
  for (auto& p : r.properties) {
    if (!p.path || p.verdict != Verdict::fails) continue;
    bool const temporal = is_temporal(p.expectation) && p.path->loop_start;
    if (!temporal && !(invariants && p.expectation == Expectation::always)) continue;
    auto shrunk = shrinker::shrink(model, *p.path, p.name, options);
    p.shrunk = shrunk.stats;
    p.path = std::move(shrunk.run);  // executed once by the shrinker, with its effects
  }
}

}  // namespace weft::checker
