// A deliberately simple breadth-first search for tests: the reference the checker engines are measured
// against. It stores fingerprints in std::unordered_set and is slow on purpose-free code paths.
#pragma once

#include <weft/fingerprint.hpp>
#include <weft/step.hpp>

#include <cstddef>
#include <deque>
#include <unordered_set>
#include <vector>

namespace weft::test {

/// Distinct reachable states (by fingerprint) and transitions taken while finding them.
struct Reach {
  std::size_t states = 0;
  std::size_t transitions = 0;
};

/// Explores every reachable state of `m`, calling `on_step(state, action)` on each transition taken; stops
/// at `limit` states so a mistake cannot hang a test.
template <Model M, class OnStep>
Reach reach_with(M const& m, OnStep&& on_step, std::size_t limit = 1'000'000) {
  Reach r;
  std::unordered_set<Fingerprint> seen;
  std::deque<typename M::State> queue;
  for (auto& s : m.init_states())
    if (seen.insert(fingerprint(s)).second) queue.push_back(std::move(s));
  std::vector<typename M::Action> actions;
  while (!queue.empty() && seen.size() < limit) {
    auto s = std::move(queue.front());
    queue.pop_front();
    actions.clear();
    m.actions(s, actions);
    for (auto const& a : actions) {
      typename M::State next;
      if (!weft::step(m, s, a, next)) continue;
      ++r.transitions;
      on_step(s, a);
      if (seen.insert(fingerprint(next)).second) queue.push_back(std::move(next));
    }
  }
  r.states = seen.size();
  return r;
}

/// The same, counting only.
template <Model M>
Reach reach(M const& m, std::size_t limit = 1'000'000) {
  return reach_with(m, [](auto const&, auto const&) {}, limit);
}

}  // namespace weft::test
