// The entry point: explore a model with the chosen strategy and return a report with every property's
// verdict and path.
#pragma once

#include <weft/checker/bfs.hpp>
#include <weft/checker/checkpoint.hpp>
#include <weft/checker/dfs.hpp>
#include <weft/checker/distributed.hpp>
#include <weft/checker/liveness.hpp>
#include <weft/checker/parent_log.hpp>
#include <weft/checker/random_walk.hpp>
#include <weft/checker/search.hpp>
#include <weft/checker/shrink_paths.hpp>

namespace weft::checker {

namespace detail {
// An action property failed on a step from the last state of `run` (rebuilt from the parent log, possibly a
// symmetric variant of the state where it was seen): appends a step from there on which it fails.
template <Model M>
void take_failing_step(M const& m, Property<M> const& p, Run<M>& run) {
  std::vector<typename M::Action> actions;
  m.actions(run.last(), actions);
  for (auto const& a : actions) {
    typename M::State next;
    Effects<M> fx;
    if (!step(m, run.last(), a, next, &fx) || p.step(m, run.last(), a, next)) continue;
    run.events.push_back(a);
    run.states.push_back(std::move(next));
    run.effects.push_back(std::move(fx));
    return;
  }
  throw Error("cannot rebuild the step on which \"" + p.name + "\" fails: is the model deterministic?");
}

// False when the visited set is lossy: a search that ends proves nothing, so no verdict rests on it.
template <Model M>
bool exact(SearchCore<M> const& core) {
  return core.visited.lossy() == nullptr;
}

// `chain(fp, depth)`: the fingerprints from an initial state to the state found, for replay. `ended`: the
// search ran out of states; it is complete only on an exact visited set (a lossy one bounds it instead).
template <Model M, class ChainFn>
Report<M> report(SearchCore<M>& core, ChainFn&& chain, bool ended) {
  Report<M> r;
  r.stats = core.snapshot();
  r.bound = static_cast<Bound>(core.bound.load());
  if (!exact(core) && r.bound == Bound::none) r.bound = Bound::lossy;
  bool const complete = ended && exact(core);
  r.actions = core.coverage.table();
  for (std::size_t i = 0; i < core.properties.size(); ++i) {
    auto const& p = core.properties[i];
    PropertyResult<M> pr{p.name, p.expectation, Verdict::unknown, std::nullopt, std::nullopt};
    if (auto& f = core.findings[i]) {
      pr.verdict = p.expectation == Expectation::sometimes ? Verdict::holds : Verdict::fails;
      pr.path = f->path ? std::move(f->path) : core.replay(chain(f->fp, f->depth));
      if (p.expectation == Expectation::every_step && !f->path) take_failing_step(core.model, p, *pr.path);
      if (p.expectation == Expectation::deadlock_free) pr.path->dead_end = true;
    } else if (complete && !is_temporal(p.expectation)) {
      pr.verdict = p.expectation == Expectation::sometimes ? Verdict::fails : Verdict::holds;
    }
    r.properties.push_back(std::move(pr));
  }
  return r;
}

template <Model M>
auto no_chain() {
  return [](Fingerprint, std::size_t) -> std::vector<Fingerprint> { throw Error("this strategy keeps no parent links"); };
}

// A breadth-first search, from its start or a checkpoint, saving checkpoints as asked; over a cluster,
// the findings and counts are merged so that every rank reports the same.
template <Model M>
Report<M> breadth_first(SearchCore<M>& core, Checkpointing const& checkpoints) {
  ParentLog log(core.options.work_dir);
  BreadthFirst<M> bfs(core, log);
  if (checkpoints.resume_from.empty()) bfs.seed();
  else load_checkpoint(checkpoints.resume_from, core, bfs, log);
  auto last = std::chrono::steady_clock::now();
  bool const complete = bfs.run([&](auto const&, std::size_t) {
    if (checkpoints.path.empty()) return;
    bool due = std::chrono::steady_clock::now() - last >= checkpoints.every;
    if (distributed(core.options.cluster)) due = any(*core.options.cluster, due);  // the ranks checkpoint together
    if (!due) return;
    save_checkpoint(checkpoints, core, bfs, log);
    last = std::chrono::steady_clock::now();
  });
  // A run bounded by time or memory leaves a checkpoint to resume from (taken at the last full level).
  if (!checkpoints.path.empty() && !complete && bfs.level_complete()) save_checkpoint(checkpoints, core, bfs, log);
  if (!distributed(core.options.cluster))
    return report(core, [&](Fingerprint fp, std::size_t depth) { return log.chain_to(fp, depth); }, complete);
  merge_findings(core);
  merge_coverage(core);
  Report<M> r = report(core, [&](Fingerprint fp, std::size_t depth) { return chain_across(core, log, fp, depth); }, complete);
  merge_stats(core, bfs.traffic(), r.stats);
  return r;
}

// What a distributed search cannot do yet, refused with one line before any rank starts.
inline void check_distributed(Options const& options) {
  if (!distributed(options.cluster)) return;
  if (options.strategy == Strategy::dfs) throw Error("a distributed search is breadth-first or random walks, not dfs");
  if (options.strategy == Strategy::bfs && options.threads > 1)
    throw Error("a distributed search runs one thread a rank: start more ranks rather than --threads");
}

// What the lossy visited sets cannot do, refused with one line: they keep no keys to checkpoint, and a
// liveness graph would need every state in memory after all.
template <Model M>
void check_lossy(SearchCore<M> const& core, Checkpointing const& checkpoints) {
  if (!core.visited.lossy()) return;
  if (!checkpoints.path.empty() || !checkpoints.resume_from.empty())
    throw Error("bitstate hashing and hash compaction keep no states to checkpoint: drop --checkpoint");
  if (core.options.liveness && core.options.strategy != Strategy::random)
    for (auto const& p : core.properties)
      if (is_temporal(p.expectation))
        throw Error("bitstate hashing and hash compaction judge safety only: add --no-liveness (\"" + p.name + "\" is a liveness property)");
}
}  // namespace detail

/// Explores `model` as `options` say and judges every property; invariant counterexamples of DFS and
/// random walks come back shrunk (Options::shrink). `progress` is called periodically.
/// With `checkpoints` (bfs only), the search is saved between levels and can resume from a saved file.
/// `start` replaces the model's initial states (a snapshot's state, a production state from logs).
template <Model M>
Report<M> check(M const& model, Options const& options = {}, ProgressFn progress = {},
                Checkpointing const& checkpoints = {}, std::vector<typename M::State> start = {}) {
  static_assert(check_data<typename M::State>() && check_data<typename M::Action>());
  SearchCore<M> core(model, options, std::move(start));
  Report<M> r;
  {
    Monitor<M> monitor(core, std::move(progress));
    if (options.strategy != Strategy::bfs && (!checkpoints.path.empty() || !checkpoints.resume_from.empty()))
      throw Error("checkpoints are taken by the bfs strategy only");
    detail::check_distributed(options);
    detail::check_lossy(core, checkpoints);
    if (options.strategy == Strategy::random) {
      RandomWalks<M> walks(core);
      walks.run();
      if (distributed(options.cluster)) merge_coverage(core);
      r = detail::report(core, detail::no_chain<M>(), false);
      if (distributed(options.cluster)) merge_stats(core, walks.traffic(), r.stats);
    } else if (options.strategy == Strategy::dfs) {
      DepthFirst<M> dfs(core);
      bool const complete = dfs.run();
      r = detail::report(core, detail::no_chain<M>(), complete);
    } else {
      r = detail::breadth_first(core, checkpoints);
    }
    // A distributed search judges liveness on rank 0 alone, on a graph of the whole space (as TLC does).
    if (options.strategy != Strategy::random && options.liveness && core.rank() == 0) check_temporal(core, r);
    if (distributed(options.cluster) && options.liveness) share_temporal_verdicts(core, r);
  }
  if (options.shrink) shrink_counterexamples(model, r, options.strategy != Strategy::bfs);
  for (auto& p : r.properties)  // a lasso's notes say, for a reader, why its cycle is a fair run
    if (is_temporal(p.expectation) && p.path && p.path->loop_start) p.notes = lasso_notes(model, *p.path);
  for (auto& p : r.properties)  // a path found without its effects is executed once, here, for the screen and the file
    if (p.path && !p.path->has_effects()) {
      Run<M> run = execute(model, p.path->initial(), p.path->events);
      run.loop_start = p.path->loop_start;
      run.dead_end = p.path->dead_end;
      p.path = std::move(run);
    }
  r.stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - core.started).count();
  r.stats.peak_memory_bytes = peak_resident_bytes();  // the liveness pass, when there is one, comes after the search
  return r;
}

}  // namespace weft::checker
