// Linearizability checking (namespace weft::properties): does some order of a history's operations that
// respects real time replay through a sequential spec? The entry point is check_linearizable; histories
// are in history.hpp, specs (and a ready-made register and key-value map) in spec.hpp, the search in
// search.hpp. A spec with partition_key is checked one key at a time (P-compositionality).
#pragma once

#include <weft/properties/history.hpp>
#include <weft/properties/search.hpp>
#include <weft/properties/spec.hpp>

#include <weft/compare.hpp>
#include <weft/error.hpp>
#include <weft/print.hpp>
#include <weft/reflect.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace weft::properties {

/// How check_linearizable searches.
struct LinearizabilityOptions {
  std::uint64_t max_steps = std::numeric_limits<std::uint64_t>::max();  ///< search steps before answering unknown
  bool partition = true;  ///< check each partition_key on its own, when the spec has partition_key
};

/// What check_linearizable found. Operations are named by their index in the history.
struct LinearizabilityResult {
  Verdict verdict = Verdict::unknown;  ///< the outcome
  std::vector<std::size_t> order;      ///< linearizable: the operations that took effect, in linearization order
  std::vector<std::size_t> prefix;     ///< otherwise: the longest linearizable prefix found (of one partition)
  std::vector<std::size_t> stuck;      ///< not linearizable: operations none of which can follow the prefix
  std::uint64_t steps = 0;             ///< search steps taken, over all partitions
  std::string explanation;             ///< a readable account of the verdict

  /// True when the history is linearizable.
  bool linearizable() const { return verdict == Verdict::linearizable; }
  /// The readable account: on failure, the prefix, the state after it and the operations stuck there.
  std::string describe() const { return explanation; }
};

namespace detail {

// Before any search, so that the outcome does not depend on which part is searched first.
template <SequentialSpec S>
void require_step_pending_if_needed(SpecHistory<S> const& history) {
  if constexpr (!HasStepPending<S>) {
    for (std::size_t i = 0; i < history.size(); ++i)
      if (!history[i].returned())
        throw Error("operation " + describe_operation(history, i) + " never returned, and " +
                    std::string(type_name<S>()) + " has no step_pending to say what it may have done");
  }
}

// One independent sub-history: its label for explanations and the history indices it holds.
struct Part {
  std::string label;
  std::vector<std::size_t> ids;
};

// The history split by partition_key (when the spec has one and it is wanted), else one part.
template <SequentialSpec S>
std::vector<Part> partitions(S const& spec, SpecHistory<S> const& history, bool wanted) {
  std::vector<Part> parts;
  if constexpr (HasPartitionKey<S>) {
    if (wanted) {
      using Key = std::decay_t<decltype(spec.partition_key(history[0].input))>;
      std::map<Key, std::vector<std::size_t>, Less> by_key;
      for (std::size_t i = 0; i < history.size(); ++i) by_key[spec.partition_key(history[i].input)].push_back(i);
      for (auto& [key, ids] : by_key) parts.push_back({"partition key " + to_text(key), std::move(ids)});
      // Smallest first, so that a cheap violation is found before a large part can spend the whole budget.
      std::stable_sort(parts.begin(), parts.end(),
                       [](Part const& a, Part const& b) { return a.ids.size() < b.ids.size(); });
      return parts;
    }
  }
  parts.push_back({"", std::vector<std::size_t>(history.size())});
  for (std::size_t i = 0; i < history.size(); ++i) parts[0].ids[i] = i;
  return parts;
}

// One global order from the parts' linearizations. By locality (Herlihy & Wing) the parts' orders and
// real time together are acyclic, and the chain head called earliest is always safe to take next: an
// operation returning before its call would make the head of that operation's own chain earlier still.
template <class Input, class Output>
std::vector<std::size_t> merge_orders(History<Input, Output> const& history,
                                      std::vector<std::vector<std::size_t>> const& chains) {
  using Head = std::pair<std::uint64_t, std::size_t>;  // (call time, chain)
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  std::vector<std::size_t> next(chains.size(), 0), order;
  for (std::size_t c = 0; c < chains.size(); ++c)
    if (!chains[c].empty()) heads.push({history[chains[c][0]].call, c});
  while (!heads.empty()) {
    std::size_t const c = heads.top().second;
    heads.pop();
    order.push_back(chains[c][next[c]++]);
    if (next[c] < chains[c].size()) heads.push({history[chains[c][next[c]]].call, c});
  }
  return order;
}

// One line per operation; only the last `limit`, since what went wrong is at the end of a long prefix.
template <class Input, class Output>
void append_operations(std::string& out, History<Input, Output> const& history, std::vector<std::size_t> const& ids,
                       std::size_t limit = std::numeric_limits<std::size_t>::max()) {
  std::size_t const skip = ids.size() > limit ? ids.size() - limit : 0;
  if (skip > 0) out += "\n  ... " + std::to_string(skip) + " earlier operations";
  for (std::size_t k = skip; k < ids.size(); ++k) out += "\n  " + describe_operation(history, ids[k]);
}

// The account of a search that did not find a linearization.
template <SequentialSpec S>
void explain_failure(LinearizabilityResult& result, Search<S> const& search, SpecHistory<S> const& history,
                     Part const& part, std::uint64_t max_steps) {
  std::string& out = result.explanation;
  out = to_string(result.verdict);
  if (!part.label.empty()) out += " (" + part.label + ")";
  if (result.verdict == Verdict::unknown) out += ": gave up after " + std::to_string(max_steps) + " steps";
  out += "; the longest linearizable prefix found has " + std::to_string(result.prefix.size()) + " of " +
         std::to_string(part.ids.size()) + " operations" + (result.prefix.empty() ? "" : ":");
  append_operations(out, history, result.prefix, 20);
  if (result.verdict == Verdict::unknown) return;
  result.stuck = search.stuck();
  out += "\nafter it the state is " + to_text(search.best_state()) +
         ", in which the spec allows none of the operations that could come next:";
  append_operations(out, history, result.stuck);
}

}  // namespace detail

/// Checks whether `history` is linearizable with respect to `spec`. Operations that never returned may
/// take effect at any point after their call, or not at all. Throws weft::Error for a malformed history,
/// or a pending operation when the spec has no step_pending. The search allocates only as its tables grow;
/// when partitioned, `options.max_steps` is shared by all parts.
template <SequentialSpec S>
LinearizabilityResult check_linearizable(S const& spec, SpecHistory<S> const& history,
                                         LinearizabilityOptions const& options = {}) {
  validate_history(history);
  detail::require_step_pending_if_needed<S>(history);
  LinearizabilityResult result;
  std::vector<std::vector<std::size_t>> orders;
  auto const parts = detail::partitions(spec, history, options.partition);
  for (detail::Part const& part : parts) {
    detail::Search<S> search(spec, history, part.ids);
    result.verdict = search.run(options.max_steps - result.steps);
    result.steps += search.steps();
    if (result.verdict != Verdict::linearizable) {
      result.prefix = search.best_prefix();
      detail::explain_failure(result, search, history, part, options.max_steps);
      return result;
    }
    orders.push_back(search.order());
  }
  result.order = detail::merge_orders(history, orders);
  std::size_t const pending = static_cast<std::size_t>(
      std::count_if(history.begin(), history.end(), [](auto const& op) { return !op.returned(); }));
  std::size_t const took_effect = result.order.size() - (history.size() - pending);
  result.explanation = "linearizable: " + std::to_string(history.size()) + " operations (" + std::to_string(pending) +
                       " pending, " + std::to_string(took_effect) + " of them took effect) in " +
                       std::to_string(parts.size()) + " part(s), " + std::to_string(result.steps) + " steps";
  return result;
}

}  // namespace weft::properties
