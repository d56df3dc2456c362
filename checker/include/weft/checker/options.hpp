// What a search is asked to do: the strategy, the threads, and the budgets that bound it.
#pragma once

#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

namespace weft::checker {

class Cluster;

/// How states are visited.
enum class Strategy {
  bfs,     ///< breadth-first: shortest counterexamples; with threads > 1, level-synchronous parallel search
  dfs,     ///< depth-first: memory-lean, with an optional depth bound
  random,  ///< seeded random walks, for state spaces too big to exhaust
};

/// The printed name of a strategy.
inline char const* to_string(Strategy s) {
  return s == Strategy::bfs ? "bfs" : s == Strategy::dfs ? "dfs" : "random";
}

/// A distribution of message latencies in ticks, for random walks on a timed network.
struct Latency {
  enum Kind { constant, lognormal, weibull };
  Kind kind = constant;  ///< the family
  double a = 10;         ///< constant: the value; lognormal: mu of the log; weibull: shape k
  double b = 0;          ///< lognormal: sigma of the log; weibull: scale lambda
};

/// Everything a search can be told.
struct Options {
  Strategy strategy = Strategy::bfs;     ///< visiting order
  unsigned threads = 1;                  ///< worker threads (bfs only)
  std::uint64_t max_states = std::numeric_limits<std::uint64_t>::max();  ///< distinct states budget
  std::uint64_t max_depth = std::numeric_limits<std::uint64_t>::max();   ///< depth budget (initial state: depth 1)
  std::chrono::milliseconds time_limit = std::chrono::milliseconds::max();  ///< wall-clock budget
  std::uint64_t max_memory_bytes = std::numeric_limits<std::uint64_t>::max();  ///< resident memory budget
  bool symmetry = false;                 ///< reduce by the model's `representative(state)` when it has one
  unsigned fingerprint_bits = 64;        ///< 64, or 128: the visited set tells states apart by 128 bits
  bool keep_going = false;               ///< collect one counterexample per property instead of stopping
  std::chrono::milliseconds progress_every = std::chrono::seconds(2);  ///< progress callback period
  std::uint64_t expected_states = 1 << 16;  ///< initial visited-set sizing hint
  std::uint64_t seed = 0;                ///< random walks: walk i draws from stream i of this seed
  std::uint64_t walks = 1000;            ///< random walks to run
  std::uint64_t walk_length = 200;       ///< random walks: steps per walk when no max_depth is given
  bool timed = false;                    ///< random walks on a timed network: latencies, timer deadlines (worlds)
  std::optional<Latency> latency{};       ///< timed walks: fixed latencies (default: drawn per walk, swarm style)
  bool shrink = true;                    ///< shrink invariant counterexamples of dfs and random walks
  std::optional<bool> deadlock{};        ///< report a reachable state that enables nothing (default: on,
                                         ///< except for models that declare `finishes`, such as worlds)
  bool liveness = true;                  ///< judge liveness properties (false: leave them unknown, build no graph)
  bool constraints = true;               ///< honour the model's state constraints (false: explore past them)
  std::string work_dir{};                ///< scratch files (the parent log) go here ("": $TMPDIR, else /tmp)
  std::uint64_t frontier_memory_bytes = std::numeric_limits<std::uint64_t>::max();  ///< bfs: past this, the
                                         ///< frontier's blocks go to a scratch file in work_dir
  std::uint64_t bitstate_bytes = 0;      ///< lossy: bitstate hashing in a bit array of this many bytes (0: off)
  unsigned bitstate_hashes = 3;          ///< bitstate: bits set per state (SPIN's -k)
  std::uint64_t compaction_bytes = 0;    ///< lossy: hash compaction in a table of this many bytes (0: off)
  Cluster* cluster = nullptr;            ///< a distributed search: this process's view of the others (cluster.hpp)
};

}  // namespace weft::checker
