// What a search reports: counts, whether it was complete or bounded (and by what), and each property's
// verdict with its counterexample or witness path.
#pragma once

#include <weft/checker/coverage.hpp>
#include <weft/fingerprint.hpp>
#include <weft/property.hpp>
#include <weft/run.hpp>
#include <weft/shrinker/shrinking.hpp>

#include <cmath>
#include <tuple>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace weft::checker {

/// A property's outcome.
enum class Verdict {
  holds,    ///< proven over the whole reachable space (or, for sometimes, witnessed)
  fails,    ///< a counterexample exists (for sometimes: no reachable state satisfies it)
  unknown,  ///< the search was bounded before it could decide
};

/// The printed name of a verdict.
inline char const* to_string(Verdict v) {
  return v == Verdict::holds ? "holds" : v == Verdict::fails ? "fails" : "unknown";
}

/// What shrinking did to a counterexample.
using Shrinking = shrinker::Shrinking;

/// The verdict on one property, with its path where it has one.
template <class M>
struct PropertyResult {
  std::string name;                ///< the property's name
  Expectation expectation;         ///< how the property is judged
  Verdict verdict = Verdict::unknown;  ///< the outcome
  std::optional<Run<M>> path;      ///< counterexample (always, eventually) or witness (sometimes)
  std::optional<Shrinking> shrunk;  ///< set when the path is the shrunk form of the one found
  std::vector<std::string> notes{};  ///< temporal counterexamples: why the lasso's cycle is fair, for a reader
};

/// Why a search stopped before exhausting the state space.
enum class Bound { none, states, depth, time, memory, violation, sampled, lossy };

/// The printed name of a bound.
inline char const* to_string(Bound b) {
  switch (b) {
    case Bound::none: return "none";
    case Bound::states: return "max-states";
    case Bound::depth: return "max-depth";
    case Bound::time: return "time-limit";
    case Bound::memory: return "memory-limit";
    case Bound::violation: return "stopped at first violation";
    case Bound::sampled: return "random walks (not exhaustive)";
    case Bound::lossy: return "a lossy visited set (no proof: see its coverage)";
  }
  return "?";
}

/// One rank's share of a distributed search.
struct RankStats {
  std::uint64_t distinct = 0;           ///< states this rank owns
  std::uint64_t generated = 0;          ///< successors it computed (rank 0: and the initial states)
  std::uint64_t bytes_sent = 0;         ///< bytes of successors it sent to other ranks
  double idle_seconds = 0;              ///< time at level ends, waiting for the others and receiving
  std::uint64_t peak_memory_bytes = 0;  ///< its process's peak resident memory
};

/// Counts, TLC-style: `generated` counts initial states plus every successor computed; `depth` counts the
/// initial state as depth 1.
struct Stats {
  std::uint64_t generated = 0;  ///< initial states + successors computed
  std::uint64_t distinct = 0;   ///< distinct states found
  std::uint64_t depth = 0;      ///< deepest level reached
  std::uint64_t frontier = 0;   ///< states waiting to be expanded
  double seconds = 0;           ///< wall-clock time
  std::uint64_t memory_bytes = 0;  ///< resident memory now (at the end, in a report)
  std::uint64_t peak_memory_bytes = 0;  ///< the most resident memory the process has held
  /// Set when the search looks unbounded: the depth kept rising while the frontier stayed flat.
  std::uint64_t flat_levels = 0;
  std::uint64_t graph_states = 0;  ///< temporal properties: states of the graph they were judged on
  std::uint64_t graph_edges = 0;   ///< its edges (stutters are not edges)
  std::uint64_t graph_bytes = 0;   ///< bytes it held: rows, edges, labels and its fingerprint index
  double graph_seconds = 0;        ///< wall-clock time of the liveness pass (also counted in `seconds`)
  /// Summed over the threads of a breadth-first search: time spent waiting for the others at the end of
  /// each level (the barrier's share of the loss from perfect scaling).
  double wait_seconds = 0;
  std::uint64_t part_bytes = 0;  ///< simulated worlds: bytes of the tables of distinct nodes, messages and rests
  unsigned fingerprint_bits = 64;  ///< how many bits of a state's key the visited set compared
  std::vector<RankStats> ranks{};  ///< a distributed search: each rank's figures, in rank order (empty alone)
  std::uint64_t spilled_bytes = 0;  ///< bfs: frontier bytes written to disk past the frontier's memory bound
  std::string lossy{};              ///< "bitstate" or "hash compaction" when the visited set was lossy, else ""
  std::uint64_t visited_bytes = 0;  ///< lossy: the table's bytes
  double hash_factor = 0;           ///< lossy: bits (bitstate) or slots (compaction) per state kept
  double expected_omissions = 0;    ///< lossy: states it expects to have taken for seen when they were new
};

/// True when a search looks unbounded: deep, and for many levels its frontier neither grew nor shrank by a
/// tenth (a counter or a queue that rises for ever adds about as many states at each depth).
inline bool looks_unbounded(Stats const& s) { return s.flat_levels >= 20 && s.depth >= 30; }

/// The whole outcome of a search.
template <class M>
struct Report {
  Stats stats;                                ///< counts
  Bound bound = Bound::none;                  ///< Bound::none: the reachable space was exhausted
  std::vector<PropertyResult<M>> properties;  ///< one per model property, in model order
  std::vector<ActionCoverage> actions;        ///< per action class: enabled, taken, new states (coverage.hpp)

  /// True when the search covered every reachable state.
  bool complete() const { return bound == Bound::none; }
  /// True when some property fails.
  bool violated() const {
    for (auto const& p : properties)
      if (p.verdict == Verdict::fails) return true;
    return false;
  }
  /// Lossy modes: the estimated share of the reachable states explored, kept / (kept + expected omissions).
  double coverage() const {
    double const n = static_cast<double>(stats.distinct);
    return n > 0 ? n / (n + stats.expected_omissions) : 1;
  }
  /// The probability that a fingerprint collision hid a state, TLC's optimistic estimate:
  /// n * (g - n) / 2^b for n distinct states, g states generated and b-bit fingerprints.
  double collision_probability() const {
    double const n = static_cast<double>(stats.distinct);
    double const g = static_cast<double>(stats.generated);
    return std::ldexp(n * (g > n ? g - n : 0), -static_cast<int>(stats.fingerprint_bits));
  }
};

}  // namespace weft::checker
