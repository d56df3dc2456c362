// Checks from GoogleTest in a line: `EXPECT_TRUE(weft::checker::all_hold(model));`. On failure the message
// names each failing property and prints its counterexample step by step.
#pragma once

#include <weft/checker/check.hpp>
#include <weft/print.hpp>

#include <gtest/gtest.h>

#include <string>

namespace weft::checker {

/// A path as numbered lines: each action, then the final state (and where a lasso loops back).
template <class M>
std::string describe(Path<M> const& path) {
  std::string out = "    0  initial state\n";
  for (std::size_t i = 0; i < path.actions.size(); ++i)
    out += "  " + std::to_string(i + 1) + "  " + to_text(path.actions[i]) + "\n";
  if (path.loop_start) out += "  (then back to step " + std::to_string(*path.loop_start) + ", for ever)\n";
  if (path.dead_end) out += "  (dead end: nothing is enabled)\n";
  return out + "  final state: " + to_text(path.states.back()) + "\n";
}

/// The verdict on property `name` in a report (a test failure, and `unknown`, when there is no such property).
template <class M>
Verdict verdict_of(Report<M> const& r, std::string const& name) {
  for (auto const& p : r.properties)
    if (p.name == name) return p.verdict;
  ADD_FAILURE() << "no property named \"" << name << "\"";
  return Verdict::unknown;
}

/// Success when the search is complete and every property holds; otherwise a readable explanation.
template <Model M>
::testing::AssertionResult all_hold(M const& model, Options options = {}) {
  options.keep_going = true;
  auto const r = check(model, options);
  std::string why;
  for (auto const& p : r.properties) {
    if (p.verdict == Verdict::holds) continue;
    why += "\n" + std::string(to_string(p.expectation)) + " \"" + p.name + "\": " + to_string(p.verdict) + "\n";
    if (p.path) why += describe(*p.path);
  }
  if (!r.complete()) why += "\nthe search was bounded by " + std::string(to_string(r.bound)) + "\n";
  if (why.empty()) return ::testing::AssertionSuccess() << r.stats.distinct << " states, every property holds";
  return ::testing::AssertionFailure() << r.stats.distinct << " states explored" << why;
}

/// Success when property `name` fails (a bug switch must still be caught); the message shows its path.
template <Model M>
::testing::AssertionResult fails(M const& model, std::string const& name, Options options = {}) {
  options.keep_going = true;
  auto const r = check(model, options);
  for (auto const& p : r.properties)
    if (p.name == name)
      return p.verdict == Verdict::fails
                 ? ::testing::AssertionSuccess() << "counterexample:\n" << (p.path ? describe(*p.path) : "")
                 : ::testing::AssertionFailure() << "\"" << name << "\" " << to_string(p.verdict);
  return ::testing::AssertionFailure() << "no property named \"" << name << "\"";
}

}  // namespace weft::checker
