// Named properties of a model: always (an invariant), sometimes (reachability), eventually (liveness).
#pragma once

#include <functional>
#include <string>
#include <utility>

namespace weft {

/// How a property's predicate is judged over the reachable states.
enum class Expectation {
  always,      ///< holds in every reachable state; a counterexample is a path to a state where it fails
  sometimes,   ///< holds in some reachable state; a witness is a path to one
  eventually,  ///< holds at some point on every path; a counterexample is a path or lasso avoiding it
};

/// The printed name of an expectation.
inline char const* to_string(Expectation e) {
  switch (e) {
    case Expectation::always: return "always";
    case Expectation::sometimes: return "sometimes";
    case Expectation::eventually: return "eventually";
  }
  return "?";
}

/// A named predicate over a model's states, with the expectation it is checked against.
template <class M>
struct Property {
  Expectation expectation;                                                ///< how it is judged
  std::string name;                                                       ///< shown in reports
  std::function<bool(M const&, typename M::State const&)> predicate;     ///< the condition
};

/// An invariant: `predicate` holds in every reachable state.
template <class M, class F>
Property<M> always(std::string name, F&& predicate) {
  return {Expectation::always, std::move(name), std::forward<F>(predicate)};
}

/// A reachability goal: `predicate` holds in at least one reachable state.
template <class M, class F>
Property<M> sometimes(std::string name, F&& predicate) {
  return {Expectation::sometimes, std::move(name), std::forward<F>(predicate)};
}

/// A liveness goal: on every path, `predicate` eventually holds.
template <class M, class F>
Property<M> eventually(std::string name, F&& predicate) {
  return {Expectation::eventually, std::move(name), std::forward<F>(predicate)};
}

}  // namespace weft
