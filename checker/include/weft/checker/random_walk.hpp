// Seeded random walks, for state spaces too big to exhaust. Walk i draws from stream i of the seed, so a
// run is reproducible whatever the number of threads, and the counterexample reported for a property is
// the one of the lowest-numbered walk that found one. A walk is weft::drive with a chooser that picks
// uniformly among enabled events (choosers.hpp) or follows a timed network (timed_network.hpp). Invariants are checked on every state and action
// properties on every step; a walk that comes back to a state of its own path ends in a lasso, and so does
// one that stops (it may stay in its last state for ever): a lasso that is fair under the model's fairness
// (fairness.hpp) and violates a temporal property is a genuine counterexample.
// Over a cluster (a swarm across ranks), rank r of R runs walks r, r + R, r + 2R, ...; a rank that finds a
// counterexample tells the others its walk's number, so that they skip the walks above it, and at the
// end every rank runs again the cluster's lowest walk for each property (a walk is its seed and number),
// so the result is the single process's with the same seed and walk count.
#pragma once

#include <weft/checker/rank_exchange.hpp>
#include <weft/checker/search.hpp>
#include <weft/checker/timed_network.hpp>
#include <weft/byte_order.hpp>
#include <weft/choosers.hpp>
#include <weft/fairness.hpp>
#include <weft/rng.hpp>

#include <atomic>
#include <exception>
#include <mutex>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>
#include <vector>

namespace weft::checker {

/// Random walks over a SearchCore; findings carry their paths.
template <Model M>
class RandomWalks {
 public:
  using State = typename M::State;
  using Action = typename M::Action;

  explicit RandomWalks(SearchCore<M>& core) : core_(core), best_(core.properties.size()) {
    if (core.options.timed && !TimedWorld<M>)
      throw Error("timed random walks need a simulated world (this model has no network to time)");
  }

  /// Bytes this rank sent to others, and its time waiting for them at the end (a swarm across ranks).
  std::pair<std::uint64_t, double> traffic() const { return traffic_; }

  /// Runs the walks; the search is never complete (Bound::sampled) unless it stopped earlier.
  void run() {
    unsigned const ranks = core_.ranks(), rank = core_.rank();
    std::optional<RankExchange> exchange;
    if (distributed(core_.options.cluster)) exchange.emplace(*core_.options.cluster);
    std::uint64_t told = UINT64_MAX;  // the lowest cutoff told to the other ranks
    auto hear = [&](ByteBuffer& b) {
      if (b.size() == 8) cutoff_.store(std::min(cutoff_.load(), weft::load_le<std::uint64_t>(b.data())));
    };
    std::atomic<std::uint64_t> next{0};
    unsigned const threads = std::max(1u, core_.options.threads);
    std::vector<std::exception_ptr> errors(threads);
    auto work = [&](unsigned t) {  // only the thread that started MPI (0) talks to the other ranks
      CoverageCounts counts(core_.coverage.classes());
      try {
        for (std::uint64_t i; !core_.stop.load();) {
          std::uint64_t const w = (i = next.fetch_add(1)) * ranks + rank;
          if (w >= core_.options.walks || w > cutoff_.load()) break;  // a lower walk has every counterexample wanted
          walk(w, counts);
          core_.check_clock();
          if (core_.states_exhausted()) core_.halt(Bound::states);
          if (t == 0 && exchange) tell(*exchange, told, hear);
        }
      } catch (...) {
        errors[t] = std::current_exception();  // a model that throws ends the walks, as it ends a search
        core_.stop.store(true);
      }
      core_.coverage.add(counts);
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool) t.join();
    for (auto& e : errors)
      if (e) std::rethrow_exception(e);
    if (exchange) {
      tell(*exchange, told, hear);
      exchange->finish_level(hear);
      share_lowest();
      traffic_ = {exchange->bytes_sent(), exchange->idle_seconds()};
    }
    for (std::size_t i = 0; i < best_.size(); ++i)
      if (best_[i]) core_.findings[i] = typename SearchCore<M>::Finding{0, best_[i]->path.states.size(), std::move(best_[i]->path)};
    core_.halt(Bound::sampled);
  }

 private:
  struct Found {
    std::uint64_t walk;
    Run<M> path;
  };

  // Tells the other ranks a new cutoff, and hears theirs.
  template <class Hear>
  void tell(RankExchange& exchange, std::uint64_t& told, Hear&& hear) {
    exchange.poll(hear);
    std::uint64_t const cutoff = cutoff_.load();
    if (cutoff >= told) return;
    told = cutoff;
    for (unsigned r = 0; r < core_.ranks(); ++r) {
      if (r == core_.rank()) continue;
      ByteBuffer b;
      weft::store_le(b.extend(8), cutoff);
      exchange.send(r, b);
    }
  }

  // Every rank takes, for each property, the cluster's lowest walk that found it, running that walk again
  // when another rank ran it (it is not counted twice). Collective.
  void share_lowest() {
    std::vector<std::uint64_t> mine;
    for (auto const& b : best_) mine.push_back(b ? b->walk : UINT64_MAX);
    std::vector<std::uint64_t> lowest(best_.size(), UINT64_MAX);
    for (auto const& theirs : gather(*core_.options.cluster, mine))
      for (std::size_t i = 0; i < lowest.size() && i < theirs.size(); ++i) lowest[i] = std::min(lowest[i], theirs[i]);
    std::set<std::uint64_t> again;
    for (std::size_t i = 0; i < lowest.size(); ++i)
      if (lowest[i] != UINT64_MAX && (!best_[i] || best_[i]->walk != lowest[i])) again.insert(lowest[i]);
    std::uint64_t const generated = core_.generated.load();
    CoverageCounts uncounted(core_.coverage.classes());  // another rank counted these walks
    for (auto w : again) walk(w, uncounted);
    core_.generated = generated;
  }

  // One walk: its own RNG stream, its own path, driven by the uniform or the timed chooser; `counts`: the
  // coverage of the actions enabled in the states it visits and of those it takes.
  void walk(std::uint64_t index, CoverageCounts& counts) {
    Rng rng = Rng::from_seed(core_.options.seed, index);
    auto const& inits = core_.initial;
    Run<M> path = start_run<M>(inits[rng.below(inits.size())]);
    core_.generated.fetch_add(1, std::memory_order_relaxed);  // as TLC counts: initial states are generated too
    std::unordered_map<Fingerprint, std::size_t> on_path;
    std::size_t const length = core_.options.max_depth != UINT64_MAX ? core_.options.max_depth - 1 : core_.options.walk_length;
    bool closed = false;
    // Invariants on every state, action properties on every step; a walk that comes back to a state of its
    // own path is a lasso.
    std::vector<Action> enabled;
    auto observe = [&](Run<M> const&) {
      std::size_t const step = path.length();
      std::size_t taken = 0;
      if (step > 0) {
        counts.taken(taken = action_class(core_.model, path.events.back()));
        core_.generated.fetch_add(1, std::memory_order_relaxed);
        if (core_.checking_steps() && violates_step(index, path)) return Observe::stop;
        if (!core_.within_constraints(path.last())) return closed = true, Observe::stop;  // outside: not explored
      }
      Fingerprint const fp = fingerprint(path.last());
      if (note(fp, step + 1) && step > 0) counts.found(taken);
      enabled.clear();
      core_.model.actions(path.last(), enabled);
      for (auto const& a : enabled) counts.enabled(action_class(core_.model, a));
      if (judge(index, path)) return closed = true, Observe::stop;
      if (auto seen = on_path.find(fp); seen != on_path.end() && step > 0) {
        path.loop_start = seen->second;
        lasso(index, path);
        return closed = true, Observe::stop;
      }
      on_path.emplace(fp, step);
      return step >= length ? Observe::stop : Observe::go_on;
    };
    auto go = [&](auto& chooser) {
      bool const dead = drive(core_.model, path, chooser, observe).exhausted();
      if (closed) return;
      path.loop_start = path.length();  // the run may stay in its last state for ever, if that is fair
      path.dead_end = dead;
      if (dead) offer_deadlock(index, path);
      lasso(index, path);
    };
    if constexpr (TimedWorld<M>) {
      if (core_.options.timed) {
        TimedNetwork<M> timed(core_.model, rng, core_.options, path.initial());
        return go(timed);
      }
    }
    UniformRandom<M> uniform(core_.model, rng);
    go(uniform);
  }

  // Counts a visited state; true when it is new to the search.
  bool note(Fingerprint fp, std::size_t depth) {
    std::lock_guard lock(mutex_);
    bool const fresh = core_.visited.insert(Key{fp, 0});  // counted only: walks judge their own paths
    if (depth > core_.depth.load(std::memory_order_relaxed)) core_.depth = depth;
    return fresh;
  }

  // Checks always/sometimes on the walk's last state; true when the walk can stop.
  bool judge(std::uint64_t index, Run<M> const& path) {
    State const& s = path.states.back();
    bool stop = false;
    for (std::size_t i = 0; i < core_.properties.size(); ++i) {
      auto const& p = core_.properties[i];
      if (p.expectation != Expectation::always && p.expectation != Expectation::sometimes) continue;
      if (p.predicate(core_.model, s) != (p.expectation == Expectation::always)) {
        offer(i, index, path);
        stop = stop || p.expectation == Expectation::always;
      }
    }
    return stop;
  }

  // Checks the action properties on the walk's last step; true when one fails.
  bool violates_step(std::uint64_t index, Run<M> const& path) {
    std::size_t const n = path.states.size();
    bool stop = false;
    for (std::size_t i = 0; i < core_.properties.size(); ++i) {
      auto const& p = core_.properties[i];
      if (p.expectation != Expectation::every_step || p.step(core_.model, path.states[n - 2], path.events.back(), path.states[n - 1]))
        continue;
      offer(i, index, path);
      stop = true;
    }
    return stop;
  }

  void offer_deadlock(std::uint64_t index, Run<M> const& path) {
    for (std::size_t i = 0; i < core_.properties.size(); ++i)
      if (core_.properties[i].expectation == Expectation::deadlock_free) offer(i, index, path);
  }

  // The walk ends in a lasso (a cycle, or staying in its last state): each temporal property it violates,
  // when the lasso is fair, has its counterexample.
  void lasso(std::uint64_t index, Run<M> const& path) {
    std::optional<bool> fair;
    for (std::size_t i = 0; i < core_.properties.size(); ++i) {
      auto const& p = core_.properties[i];
      if (!is_temporal(p.expectation) || !lasso_violates(core_.model, p, path)) continue;
      if (!fair) fair = !lasso_unfairness(core_.model, path);
      if (*fair) offer(i, index, path);
    }
  }

  void offer(std::size_t property, std::uint64_t index, Run<M> const& path) {
    std::lock_guard lock(mutex_);
    auto& b = best_[property];
    if (b && b->walk <= index) return;
    b = Found{index, path};
    core_.decided[property].store(true, std::memory_order_relaxed);
    if (!core_.options.keep_going && core_.properties[property].expectation != Expectation::sometimes)
      cutoff_.store(std::min(cutoff_.load(), index));
    bool all = true;  // with --keep-going, stop once every property has its counterexample or witness
    for (auto const& f : best_) all = all && f.has_value();
    if (all) cutoff_.store(std::min(cutoff_.load(), index));
  }

  SearchCore<M>& core_;
  std::pair<std::uint64_t, double> traffic_{0, 0.0};
  std::vector<std::optional<Found>> best_;
  std::atomic<std::uint64_t> cutoff_{UINT64_MAX};
  std::mutex mutex_;
};

}  // namespace weft::checker
