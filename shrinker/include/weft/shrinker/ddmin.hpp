// Zeller's delta debugging (ddmin) by complements, over any sequence: remove ever smaller chunks while the
// smaller sequence still fails. Both shrinkers use it: the invariant shrinker over a run's events, the
// lasso shrinker over its stem and its cycle.
//
//   std::vector<int> events = {1, 2, 3, 4};
//   ddmin(events, [&](std::vector<int> c) { if (!still_fails(c)) return false; events = std::move(c); return true; },
//         [] { return false; });
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>

namespace weft::shrinker {

/// Delta-debugs `seq`: offers `keep` the sequence without one chunk at a time, halving the chunks when no
/// removal is kept, until they are single elements or `spent()`. `keep(candidate)` returns whether the
/// candidate still fails, and when it does, makes it the new `seq` (which this function reads again).
template <class Seq, class Keep, class Spent>
void ddmin(Seq const& seq, Keep&& keep, Spent&& spent) {
  std::size_t n = 2;
  while (seq.size() >= 2 && !spent()) {
    std::size_t const chunk = (seq.size() + n - 1) / n;
    bool removed = false;
    for (std::size_t begin = 0; begin < seq.size() && !spent(); begin += chunk) {
      auto const first = seq.begin();
      Seq candidate(first, first + static_cast<std::ptrdiff_t>(begin));
      candidate.insert(candidate.end(), first + static_cast<std::ptrdiff_t>(std::min(begin + chunk, seq.size())), seq.end());
      if (keep(std::move(candidate))) {
        removed = true;
        n = std::max<std::size_t>(n - 1, 2);
        break;
      }
    }
    if (removed) continue;
    if (n >= seq.size()) break;
    n = std::min(n * 2, seq.size());
  }
}

}  // namespace weft::shrinker
