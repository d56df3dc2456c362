// The machinery every strategy shares: the visited set, the counters, the budgets, the property checks
// on each newly found state, and the rebuilding of paths. BFS and DFS differ only in their frontier.
#pragma once

#include <weft/checker/cluster.hpp>
#include <weft/checker/coverage.hpp>
#include <weft/checker/fingerprint_set.hpp>
#include <weft/checker/frontier.hpp>
#include <weft/checker/memory.hpp>
#include <weft/checker/options.hpp>
#include <weft/checker/result.hpp>
#include <weft/checker/state_codec.hpp>
#include <weft/error.hpp>
#include <weft/fingerprint.hpp>
#include <weft/step.hpp>
#include <weft/print.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace weft::checker {

/// A model whose runs may stop for good (a World: every message delivered, every timer fired): declares
/// `static constexpr bool finishes = true;`, and deadlock checking is then off unless asked for.
template <class M>
concept Finishes = requires { requires M::finishes; };

/// The name of the deadlock check in reports and traces.
inline constexpr char const* deadlock_name = "no deadlock";

/// Called with a snapshot of the counters while a search runs.
using ProgressFn = std::function<void(Stats const&)>;

/// Shared state of one search: strategies insert keys into `visited` and call check() on every new state.
template <Model M>
class SearchCore {
 public:
  using State = typename M::State;

  /// What was found for a property: where (by fingerprint and depth), and the path when the strategy knows it.
  struct Finding {
    Fingerprint fp = 0;
    std::size_t depth = 0;
    std::optional<Run<M>> path;
  };

  /// A search of `model` from `start` (its own initial states when empty: a snapshot's state, say).
  SearchCore(M const& model, Options const& options, std::vector<State> start = {})
      : model(model), options(options), initial(start.empty() ? model.init_states() : std::move(start)),
        properties(checked(model, options)), constraints(constraints_of(model, options)),
        codec(model, options.symmetry, wide(options)), visited(options.expected_states, wide(options), lossy(options)),
        spill{options.frontier_memory_bytes / std::max(1u, options.threads), options.work_dir},
        findings(properties.size()), coverage(model) {
    if (options.symmetry && !HasSymmetry<M>)
      throw Error("--symmetry: this model declares no symmetry (no `representative(state)`)");
    if constexpr (requires { model.has_symmetry(); })
      if (options.symmetry && !model.has_symmetry())
        throw Error("--symmetry: this model declares no interchangeable nodes");
  }

  /// The key a state is deduplicated by: of its symmetry representative when reduction is on (see
  /// state_codec.hpp: a world's is compositional, any other model's is XXH3 over its encoding).
  Key key(State const& s) const { return codec.key(s); }

  /// True while some always or sometimes property is undecided, so that new states must be looked at.
  bool checking_states() const { return undecided(Expectation::always) || undecided(Expectation::sometimes); }
  /// True while some action property is undecided, so that every step must be looked at.
  bool checking_steps() const { return undecided(Expectation::every_step); }
  /// True when dead ends are looked for.
  bool checking_deadlock() const { return undecided(Expectation::deadlock_free); }

  /// True when `s` is inside every state constraint (always, with constraints switched off).
  bool within_constraints(State const& s) const {
    for (auto const& c : constraints)
      if (!c.predicate(model, s)) return false;
    return true;
  }

  /// Checks the action properties on the step `from` -a-> `to`; `path` builds the path to `to` when asked.
  template <class PathFn>
  void check_step(State const& from, typename M::Action const& a, State const& to, Fingerprint from_key,
                  std::size_t depth, PathFn&& path) {
    for (std::size_t i = 0; i < properties.size(); ++i) {
      auto const& p = properties[i];
      if (p.expectation != Expectation::every_step || decided[i].load(std::memory_order_relaxed)) continue;
      if (p.step(model, from, a, to)) continue;
      found(i, Finding{from_key, depth, path()});
    }
  }

  /// Records that `s` (at `depth`) enables no action, when deadlocks are checked.
  template <class PathFn>
  void check_dead_end(Fingerprint key, std::size_t depth, PathFn&& path) {
    for (std::size_t i = 0; i < properties.size(); ++i)
      if (properties[i].expectation == Expectation::deadlock_free && !decided[i].load(std::memory_order_relaxed))
        found(i, Finding{key, depth, path()});
  }

  /// Checks always/sometimes properties on a newly found state; `path` builds its path when asked (DFS).
  template <class PathFn>
  void check(State const& s, Fingerprint fp, std::size_t depth, PathFn&& path) {
    for (std::size_t i = 0; i < properties.size(); ++i) {
      auto const& p = properties[i];
      if ((p.expectation != Expectation::always && p.expectation != Expectation::sometimes) ||
          decided[i].load(std::memory_order_relaxed))
        continue;
      bool const holds_here = p.predicate(model, s);
      if (holds_here == (p.expectation == Expectation::always)) continue;
      found(i, Finding{fp, depth, path()});
    }
  }

  /// Stops every worker, remembering the first reason given.
  void halt(Bound why) {
    int expected = static_cast<int>(Bound::none);
    bound.compare_exchange_strong(expected, static_cast<int>(why));
    stop.store(true, std::memory_order_relaxed);
  }

  /// Halts when the wall-clock budget is spent (workers call it between chunks; the monitor also does).
  void check_clock() {
    if (options.time_limit != std::chrono::milliseconds::max() &&
        std::chrono::steady_clock::now() - started >= options.time_limit)
      halt(Bound::time);
  }

  /// Halts when resident memory is within a tenth of the memory budget: growth comes in steps (a shard
  /// doubles, a frontier block fills), so stopping at the limit itself would end past it.
  void check_memory() {
    if (visited.full()) halt(Bound::memory);  // a hash-compaction table is full: the bound is its size
    if (options.max_memory_bytes == std::numeric_limits<std::uint64_t>::max()) return;
    if (resident_bytes() > options.max_memory_bytes - options.max_memory_bytes / 10) halt(Bound::memory);
  }

  /// True when the distinct-state budget is spent (in a distributed search: as of the last level end
  /// elsewhere, and now here).
  bool states_exhausted() const { return visited.size() + others_distinct.load(std::memory_order_relaxed) >= options.max_states; }

  /// This process's rank in a distributed search (0 alone).
  unsigned rank() const { return options.cluster ? options.cluster->rank() : 0; }
  /// The processes of the search (1 alone).
  unsigned ranks() const { return options.cluster ? options.cluster->size() : 1; }

  /// Rebuilds a path, with its effects, by replaying the model along a chain of fingerprints (first: an
  /// initial state).
  Run<M> replay(std::vector<Fingerprint> const& chain) const {
    Run<M> path;
    for (auto const& s : initial)
      if (key(s).fp == chain.at(0)) {
        path.states.push_back(s);
        break;
      }
    if (path.states.empty()) throw Error("cannot rebuild the path: no initial state matches");
    std::vector<typename M::Action> actions;
    for (std::size_t i = 1; i < chain.size(); ++i) {
      actions.clear();
      model.actions(path.states.back(), actions);
      bool found = false;
      typename M::State next;
      Effects<M> fx;
      for (auto const& a : actions) {
        fx.clear();
        if (step(model, path.states.back(), a, next, &fx) && key(next).fp == chain[i]) {
          path.events.push_back(a);
          path.states.push_back(std::move(next));
          path.effects.push_back(std::move(fx));
          found = true;
          break;
        }
      }
      if (!found) throw Error("cannot rebuild the path at step " + std::to_string(i) + ": is the model deterministic?");
    }
    return path;
  }

  /// A snapshot of the counters.
  Stats snapshot() const {
    Stats s;
    s.generated = generated.load(std::memory_order_relaxed) + others_generated.load(std::memory_order_relaxed);
    s.distinct = visited.size() + others_distinct.load(std::memory_order_relaxed);
    s.depth = depth.load(std::memory_order_relaxed);
    s.frontier = frontier.load(std::memory_order_relaxed);
    s.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    s.memory_bytes = resident_bytes();
    s.peak_memory_bytes = peak_resident_bytes();
    s.flat_levels = flat_levels_;
    s.wait_seconds = static_cast<double>(wait_ns.load(std::memory_order_relaxed)) * 1e-9;
    s.part_bytes = codec.table_bytes();
    s.fingerprint_bits = visited.wide() ? 128 : 64;
    s.spilled_bytes = spilled_bytes.load(std::memory_order_relaxed);
    if (LossySet const* l = visited.lossy()) {
      s.lossy = l->kind() == LossySet::bitstate ? "bitstate" : "hash compaction";
      s.visited_bytes = l->bytes();
      s.hash_factor = l->hash_factor();
      s.expected_omissions = l->expected_omissions();
    }
    return s;
  }

  /// Notes that a level ended with `size` states in the next frontier: a long run of levels whose
  /// frontier neither grows nor shrinks by a tenth is how an unbounded state space looks (a counter that
  /// rises for ever adds about as many states at each depth).
  void note_level(std::size_t size) {
    bool const flat = size > 0 && last_level_ > 0 && size * 10 >= last_level_ * 9 && size * 10 <= last_level_ * 11;
    flat_levels_ = flat ? flat_levels_ + 1 : 0;
    last_level_ = size;
  }

  M const& model;                                  ///< the model explored
  Options const& options;                          ///< what was asked
  std::vector<State> const initial;                ///< where the search starts
  std::vector<Property<M>> const properties;       ///< the model's properties in order (no constraints), then deadlock
  std::vector<Property<M>> const constraints;      ///< the state constraints in force
  Codec<M> codec;                                  ///< how states are stored and fingerprinted
  FingerprintSet visited;                          ///< every state found, by key
  SpillPolicy const spill;                         ///< bfs: each worker's share of the frontier's memory bound
  std::vector<std::optional<Finding>> findings;    ///< per property: counterexample or witness
  Coverage coverage;                               ///< per action class: enabled, taken, new states
  std::vector<std::atomic<bool>> decided = std::vector<std::atomic<bool>>(properties.size());
  std::atomic<std::uint64_t> generated{0};         ///< initial states + successors computed
  std::atomic<std::uint64_t> depth{0};             ///< deepest level (initial states: 1)
  std::atomic<std::uint64_t> frontier{0};          ///< states waiting
  std::atomic<std::uint64_t> wait_ns{0};           ///< summed over workers: waiting at the end of levels
  std::atomic<std::uint64_t> spilled_bytes{0};     ///< bfs: frontier bytes written to the scratch file
  std::atomic<std::uint64_t> others_distinct{0};   ///< distributed: the other ranks' states, as of the last level end
  std::atomic<std::uint64_t> others_generated{0};  ///< distributed: the other ranks' generated states, likewise
  std::atomic<bool> stop{false};                   ///< set to end the search early
  std::atomic<int> bound{static_cast<int>(Bound::none)};  ///< why it ended early
  std::chrono::steady_clock::time_point const started = std::chrono::steady_clock::now();

 private:
  bool undecided(Expectation e) const {
    for (std::size_t i = 0; i < properties.size(); ++i)
      if (properties[i].expectation == e && !decided[i].load(std::memory_order_relaxed)) return true;
    return false;
  }

  void found(std::size_t i, Finding f) {
    std::lock_guard lock(mutex_);
    if (findings[i]) return;
    findings[i] = std::move(f);
    decided[i].store(true, std::memory_order_relaxed);
    if (properties[i].expectation != Expectation::sometimes && !options.keep_going) halt(Bound::violation);
  }

  static bool wide(Options const& options) {
    if (options.fingerprint_bits != 64 && options.fingerprint_bits != 128)
      throw Error("fingerprints have 64 or 128 bits, not " + std::to_string(options.fingerprint_bits));
    return options.fingerprint_bits == 128;
  }
  static std::unique_ptr<LossySet> lossy(Options const& o) {
    if (o.bitstate_bytes && o.compaction_bytes) throw Error("bitstate hashing and hash compaction exclude each other: choose one");
    if (o.bitstate_hashes < 1 || o.bitstate_hashes > 32) throw Error("bitstate sets 1 to 32 bits a state, not " + std::to_string(o.bitstate_hashes));
    // A distributed bfs gives each rank its own shards (see BfsWorker); random walks count in every shard.
    bool const sharded = o.cluster && o.strategy == Strategy::bfs;
    unsigned const rank = sharded ? o.cluster->rank() : 0, ranks = sharded ? o.cluster->size() : 1;
    if (o.bitstate_bytes) return std::make_unique<LossySet>(LossySet::bitstate, o.bitstate_bytes, o.bitstate_hashes, rank, ranks);
    if (o.compaction_bytes) return std::make_unique<LossySet>(LossySet::compaction, o.compaction_bytes, 0, rank, ranks);
    return nullptr;
  }
  static std::vector<Property<M>> checked(M const& model, Options const& options) {
    std::vector<Property<M>> out;
    for (auto& p : model.properties())
      if (p.expectation != Expectation::constraint) out.push_back(std::move(p));
    if (options.deadlock.value_or(!Finishes<M>)) out.push_back({Expectation::deadlock_free, deadlock_name, {}});
    return out;
  }
  static std::vector<Property<M>> constraints_of(M const& model, Options const& options) {
    std::vector<Property<M>> out;
    if (!options.constraints) return out;
    for (auto& p : model.properties())
      if (p.expectation == Expectation::constraint) out.push_back(std::move(p));
    return out;
  }

  std::mutex mutex_;
  std::atomic<std::uint64_t> flat_levels_{0};
  std::size_t last_level_ = 0;
};

/// Watches the clock and memory while a search runs, and reports progress at the requested period.
template <Model M>
class Monitor {
 public:
  Monitor(SearchCore<M>& core, ProgressFn progress) : core_(core), progress_(std::move(progress)) {
    thread_ = std::thread([this] { watch(); });
  }
  ~Monitor() {
    {
      std::lock_guard lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void watch() {
    auto last_report = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, std::chrono::milliseconds(50), [this] { return done_; })) {
      auto const now = std::chrono::steady_clock::now();
      core_.check_clock();
      core_.check_memory();
      if (progress_ && now - last_report >= core_.options.progress_every) {
        last_report = now;
        progress_(core_.snapshot());
      }
    }
  }

  SearchCore<M>& core_;
  ProgressFn progress_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace weft::checker
