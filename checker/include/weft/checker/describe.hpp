// A path as a reader sees it, the same in a test's failure message and on the command line: numbered
// events, where a lasso loops back or a run stops, then the last state.
//
//       0  initial state
//       1  input n0 Ask{value: 10}
//       2  deliver n0->n1 Ping{seq: 0, value: 10}   (back to step 1: the cycle repeats)
//     final state: ...
#pragma once

#include <weft/checker/result.hpp>
#include <weft/print.hpp>

#include <cstdio>
#include <string>

namespace weft::checker {

/// A path as numbered lines: each action, then the final state (and where a lasso loops back).
template <class M>
std::string describe(Run<M> const& path) {
  std::string out = "    0  initial state\n";
  char number[32];
  for (std::size_t i = 0; i < path.events.size(); ++i) {
    std::snprintf(number, sizeof number, "  %3zu  ", i + 1);
    out += number + to_text(path.events[i]);
    if (path.loop_start && *path.loop_start < path.events.size() && i + 1 == path.events.size())
      out += "   (back to step " + std::to_string(*path.loop_start) + ": the cycle repeats)";
    out += "\n";
  }
  if (path.dead_end) out += "       (dead end: no event is enabled)\n";
  else if (path.loop_start && *path.loop_start == path.events.size()) out += "       (the run stays in this state for ever)\n";
  return out + "  final state: " + to_text(path.states.back()) + "\n";
}

}  // namespace weft::checker
