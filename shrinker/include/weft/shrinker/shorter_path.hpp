// The shrinker's search pass: from a state on a failing run, a breadth-first search, bounded in depth and
// in states, for a shorter way to break the invariant. Removing events only reaches a local minimum (a
// 59-event ABD run shrank to 44 by removals alone while the shortest is 16); a search from the run's own
// states finds paths that no removal of its events can give.
#pragma once

#include <weft/fingerprint.hpp>
#include <weft/property.hpp>
#include <weft/step.hpp>

#include <deque>
#include <optional>
#include <unordered_map>
#include <vector>

namespace weft::shrinker {

/// The shortest path (at most `max_length` events) from `from` to a state where invariant `property`
/// fails, looking at no more than `max_states` distinct states; nothing when none is found within them.
/// `searched` is increased by the states looked at.
template <Model M>
std::optional<std::vector<typename M::Action>> shorter_failing_path(M const& m, typename M::State const& from,
                                                                   Property<M> const& property, std::size_t max_length,
                                                                   std::size_t max_states, std::size_t& searched) {
  using Action = typename M::Action;
  struct Link {
    Fingerprint parent;
    std::size_t depth;
    std::optional<Action> event;  // none for the start
  };
  std::unordered_map<Fingerprint, Link> seen;
  std::deque<typename M::State> queue;
  Fingerprint const start = fingerprint(from);
  seen.emplace(start, Link{start, 0, std::nullopt});
  queue.push_back(from);
  std::vector<Action> actions;
  typename M::State next;
  auto path_to = [&](Fingerprint fp) {
    std::vector<Action> path;
    for (auto it = seen.find(fp); it->second.event; it = seen.find(it->second.parent)) path.push_back(*it->second.event);
    return std::vector<Action>(path.rbegin(), path.rend());
  };
  while (!queue.empty() && seen.size() < max_states) {
    typename M::State s = std::move(queue.front());
    queue.pop_front();
    Fingerprint const fp = fingerprint(s);
    std::size_t const depth = seen.at(fp).depth;
    if (depth >= max_length) break;  // breadth first: every later state is at least as deep
    actions.clear();
    m.actions(s, actions);
    for (auto const& a : actions) {
      if (!step(m, s, a, next)) continue;
      ++searched;
      Fingerprint const nfp = fingerprint(next);
      if (!seen.emplace(nfp, Link{fp, depth + 1, a}).second) continue;
      if (!property.predicate(m, next)) return path_to(nfp);
      queue.push_back(next);
    }
  }
  return std::nullopt;
}

}  // namespace weft::shrinker
