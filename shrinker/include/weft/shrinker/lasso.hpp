// Shrinking a liveness counterexample: a lasso (a stem, then a cycle repeated for ever) that violates a
// temporal property under the model's fairness. A candidate is a stem and a cycle of events, run from the
// initial state skipping events no longer enabled; it still fails when its cycle closes (the state after
// the cycle is the state before it), the lasso violates the property, and the cycle is fair
// (fairness.hpp). Passes: delta debugging over the stem, then over the cycle, repeated while either
// gains; then single removals, so that the result is 1-minimal in each part unless a budget ran out.
//
//   auto shrunk = weft::shrinker::shrink(world, run, "every participant decides");  // run.loop_start set
#pragma once

#include <weft/choosers.hpp>
#include <weft/fairness.hpp>
#include <weft/shrinker/ddmin.hpp>
#include <weft/shrinker/shrinking.hpp>

#include <chrono>
#include <optional>
#include <vector>

namespace weft::shrinker {

/// The lasso that `stem` then `cycle` make from `initial` (events not enabled are skipped), when it is a
/// fair lasso violating `p`; else nothing.
template <Model M>
std::optional<Run<M>> failing_lasso(M const& m, typename M::State const& initial, std::vector<typename M::Action> const& stem,
                                    std::vector<typename M::Action> const& cycle, Property<M> const& p) {
  Run<M> run = start_run<M>(initial);
  auto go = [&](std::vector<typename M::Action> const& events) {
    auto chooser = skip_disabled<M>(events);
    drive(m, run, chooser, [](Run<M> const&) { return Observe::go_on; }, {});
  };
  go(stem);
  std::size_t const loop = run.length();
  go(cycle);
  if (fingerprint(run.states[loop]) != fingerprint(run.last())) return std::nullopt;
  run.loop_start = loop;
  if (!lasso_violates(m, p, run) || lasso_unfairness(m, run)) return std::nullopt;
  return run;
}

namespace detail {
template <Model M>
class LassoShrinker {
 public:
  using Events = std::vector<typename M::Action>;

  LassoShrinker(M const& m, typename M::State const& initial, Property<M> const& p, std::size_t max_candidates,
                std::chrono::milliseconds time_limit)
      : m_(m), initial_(initial), p_(p), max_(max_candidates), limit_(time_limit) {}

  Run<M> run(Run<M> const& lasso, Shrinking& stats) {
    std::size_t const loop = *lasso.loop_start;
    stem_.assign(lasso.events.begin(), lasso.events.begin() + static_cast<std::ptrdiff_t>(loop));
    cycle_.assign(lasso.events.begin() + static_cast<std::ptrdiff_t>(loop), lasso.events.end());
    auto best = failing_lasso(m_, initial_, stem_, cycle_, p_);
    if (!best) throw Error("the run is not a fair lasso that violates \"" + p_.name + "\": nothing to shrink");
    stats.before = lasso.events.size();
    for (std::size_t size = SIZE_MAX; stem_.size() + cycle_.size() < size && !spent();) {
      size = stem_.size() + cycle_.size();
      reduce(stem_, best);
      reduce(cycle_, best);
    }
    stats.after = best->length();
    stats.candidates = candidates_;
    stats.minimal = !spent();
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
    return execute_lasso(*best);
  }

 private:
  bool spent() const { return candidates_ >= max_ || std::chrono::steady_clock::now() - started_ >= limit_; }

  // Keeps `candidate` in place of `part` when the lasso still fails; the parts become what actually ran.
  bool attempt(Events& part, Events candidate, std::optional<Run<M>>& best) {
    ++candidates_;
    Events const saved = std::move(part);
    part = std::move(candidate);
    auto got = failing_lasso(m_, initial_, stem_, cycle_, p_);
    if (!got || got->length() >= best->length()) {
      part = saved;
      return false;
    }
    std::size_t const loop = *got->loop_start;
    stem_.assign(got->events.begin(), got->events.begin() + static_cast<std::ptrdiff_t>(loop));
    cycle_.assign(got->events.begin() + static_cast<std::ptrdiff_t>(loop), got->events.end());
    best = std::move(got);
    return true;
  }

  // Delta debugging over one part: all of it first (an empty stem, or a cycle that stutters), then ever
  // smaller chunks, down to single events.
  void reduce(Events& part, std::optional<Run<M>>& best) {
    if (!part.empty() && attempt(part, {}, best)) return;
    ddmin(part, [&](Events candidate) { return attempt(part, std::move(candidate), best); }, [&] { return spent(); });
  }

  Run<M> execute_lasso(Run<M> const& best) const {
    Run<M> run = execute(m_, initial_, best.events);
    run.loop_start = best.loop_start;
    if (*run.loop_start == run.length()) run.dead_end = weft::dead_end(m_, run.last());  // a stutter: a dead end?
    return run;
  }

  M const& m_;
  typename M::State const& initial_;
  Property<M> const& p_;
  std::size_t max_;
  std::chrono::milliseconds limit_;
  Events stem_, cycle_;
  std::size_t candidates_ = 0;
  std::chrono::steady_clock::time_point const started_ = std::chrono::steady_clock::now();
};
}  // namespace detail

}  // namespace weft::shrinker
