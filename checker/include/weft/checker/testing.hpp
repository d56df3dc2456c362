// Checks from GoogleTest in a line. On failure the message names each failing property and prints its
// counterexample (shrunk) step by step; for a model built from its protocol definition it also saves the
// counterexample as a trace and says how to replay it with the protocol's tool:
//
//   auto const lock = lock::protocol({.bug_stale_release = true});
//   EXPECT_TRUE(weft::checker::all_hold(lock));
//   //   always "mutual exclusion": fails
//   //     counterexample (7 steps):
//   //       1  input n1 Acquire{}
//   //       ...
//   //     trace: /build/tests/weft-traces/lock/mutual_exclusion.bug_stale_release-1.json
//   //     replay: lockcheck replay /build/tests/weft-traces/lock/mutual_exclusion.bug_stale_release-1.json
//
// Traces go to $WEFT_TRACE_DIR/PROTOCOL/ (default weft-traces/), and the replay line names $WEFT_TOOL
// (default weft): weft_add_test in CMake sets both (include/weft/testing/environment.hpp).
#pragma once

#include <weft/checker/check.hpp>
#include <weft/checker/describe.hpp>
#include <weft/checker/traces.hpp>
#include <weft/print.hpp>
#include <weft/protocol.hpp>
#include <weft/testing/environment.hpp>

#include <gtest/gtest.h>

#include <optional>
#include <string>

namespace weft::checker {

/// The verdict on property `name` in a report (a test failure, and `unknown`, when there is no such property).
template <class M>
Verdict verdict_of(Report<M> const& r, std::string const& name) {
  for (auto const& p : r.properties)
    if (p.name == name) return p.verdict;
  ADD_FAILURE() << "no property named \"" << name << "\"";
  return Verdict::unknown;
}

namespace detail {
// What a test checks: a bare model, or a model configured from its protocol definition (whose traces a
// tool can replay).
template <class T>
struct Subject {
  using M = T;
  static M const& model(T const& t) { return t; }
  static std::optional<TraceLabel> label(T const&) { return std::nullopt; }
};
template <class M0>
struct Subject<Configured<M0>> {
  using M = M0;
  static M const& model(Configured<M0> const& c) { return c.model; }
  static std::optional<TraceLabel> label(Configured<M0> const& c) { return label_of(c, "test"); }
};
template <class T>
concept Checkable = Model<typename Subject<T>::M>;

// Property `p`'s counterexample or witness as lines: how it was shrunk, the steps, and where its trace is.
template <class T>
std::string explain(T const& subject, PropertyResult<typename Subject<T>::M> const& p) {
  std::string out = std::string(to_string(p.expectation)) + " \"" + p.name + "\": " + to_string(p.verdict) + "\n";
  if (!p.path) return out;
  out += "  " + std::string(p.verdict == Verdict::fails ? "counterexample" : "witness") + " (" +
         std::to_string(p.path->events.size()) + " steps";
  if (p.shrunk && p.shrunk->before != p.shrunk->after) out += ", shrunk from " + std::to_string(p.shrunk->before);
  out += "):\n" + describe(*p.path);
  if (auto label = Subject<T>::label(subject)) {
    auto const file = save_path(Subject<T>::model(subject), p, *label, weft::testing::trace_dir() / label->protocol);
    out += "  trace: " + std::filesystem::absolute(file).string() + "\n  replay: " + weft::testing::replay_command(file) + "\n";
  } else {
    out += "  (no trace saved: build the model from its weft::protocol definition, `protocol(settings)`, so that "
           "its tool can replay it)\n";
  }
  return out;
}
}  // namespace detail

/// Success when report `r` of `subject` shows no failing property; otherwise each failure explained (and
/// saved as a trace, for a configured model): `EXPECT_TRUE(weft::checker::no_violation(lock, report))`.
template <detail::Checkable T>
::testing::AssertionResult no_violation(T const& subject, Report<typename detail::Subject<T>::M> const& r) {
  std::string why;
  for (auto const& p : r.properties)
    if (p.verdict == Verdict::fails) why += "\n" + detail::explain(subject, p);
  if (why.empty()) return ::testing::AssertionSuccess() << r.stats.distinct << " states, no property fails";
  return ::testing::AssertionFailure() << r.stats.distinct << " states explored" << why;
}

/// Success when the search is complete and every property holds; otherwise a readable explanation.
template <detail::Checkable T>
::testing::AssertionResult all_hold(T const& subject, Options options = {}) {
  options.keep_going = true;
  auto const r = check(detail::Subject<T>::model(subject), options);
  std::string why;
  for (auto const& p : r.properties)
    if (p.verdict != Verdict::holds) why += "\n" + detail::explain(subject, p);
  if (!r.complete()) why += "\nthe search was bounded by " + std::string(to_string(r.bound)) + "\n";
  if (why.empty()) return ::testing::AssertionSuccess() << r.stats.distinct << " states, every property holds";
  return ::testing::AssertionFailure() << r.stats.distinct << " states explored" << why;
}

/// Success when property `name` fails (a bug switch must still be caught); the message shows its
/// counterexample and, for a configured model, the trace it was saved as (a corpus fixture in the making).
template <detail::Checkable T>
::testing::AssertionResult fails(T const& subject, std::string const& name, Options options = {}) {
  options.keep_going = true;
  auto const r = check(detail::Subject<T>::model(subject), options);
  for (auto const& p : r.properties)
    if (p.name == name)
      return p.verdict == Verdict::fails ? ::testing::AssertionSuccess() << detail::explain(subject, p)
                                         : ::testing::AssertionFailure() << "\"" << name << "\" " << to_string(p.verdict);
  return ::testing::AssertionFailure() << "no property named \"" << name << "\"";
}

/// Success when the counterexample to invariant `name` that random walks (`walks`) find shrinks to within
/// `slack` events of the shortest one, which breadth-first search finds: the shrinker's target on every
/// bundled bug. An empty `name` stands for the invariant the walks break. The message gives the lengths.
template <detail::Checkable T>
::testing::AssertionResult shrinks_near_shortest(T const& subject, std::string const& name, Options walks,
                                                 std::size_t slack = 2) {
  auto const& model = detail::Subject<T>::model(subject);
  walks.strategy = Strategy::random;
  auto const random = check(model, walks);
  auto const bfs = check(model);
  for (std::size_t i = 0; i < random.properties.size(); ++i) {
    auto const& r = random.properties[i];
    if (name.empty() ? r.verdict != Verdict::fails : r.name != name) continue;
    auto const& b = bfs.properties.at(i);
    if (r.verdict != Verdict::fails || !r.path) return ::testing::AssertionFailure() << "the walks do not break \"" << name << "\"";
    if (b.verdict != Verdict::fails || !b.path) return ::testing::AssertionFailure() << "breadth-first search does not break \"" << name << "\"";
    std::size_t const walk = r.shrunk ? r.shrunk->before : r.path->length(), shrunk = r.path->length(), shortest = b.path->length();
    auto result = shrunk <= shortest + slack ? ::testing::AssertionSuccess() : ::testing::AssertionFailure();
    return result << "\"" << r.name << "\": a walk of " << walk << " events shrank to " << shrunk << "; the shortest has " << shortest;
  }
  if (name.empty()) return ::testing::AssertionFailure() << "the walks break no invariant";
  return ::testing::AssertionFailure() << "no property named \"" << name << "\"";
}

}  // namespace weft::checker
