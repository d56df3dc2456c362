// Named properties of a model: invariants (always), reachability (sometimes), temporal properties judged on
// infinite runs under the model's fairness (eventually, leads_to, always_eventually, eventually_always),
// action properties judged on every step, and state constraints that bound the explored space.
//
//   w.property(weft::always<World>("one leader per term", one_leader_per_term));
//   w.property(weft::leads_to<World>("a request is answered", has_request, has_answer));
//   w.property(weft::every_step<World>("terms never decrease",
//       [](World const&, State const& s, Action const&, State const& t) { return term(t) >= term(s); }));
//   w.property(weft::constraint<World>("term <= 3", [](World const&, State const& s) { return term(s) <= 3; }));
//
// The temporal forms are TLA+'s: a run is infinite; it may stutter (stay in a state for ever) unless a
// fairness condition the model declares forbids it (see fairness.hpp). Without declared fairness, a state
// where P does not hold is already a counterexample to `eventually P`, as in TLC without WF/SF.
#pragma once

#include <functional>
#include <string>
#include <utility>

namespace weft {

/// How a property is judged.
enum class Expectation {
  always,             ///< holds in every reachable state; a counterexample is a path to a state where it fails
  sometimes,          ///< holds in some reachable state; a witness is a path to one
  eventually,         ///< <>P: holds at some point of every fair run; a counterexample is a lasso avoiding it
  leads_to,           ///< P ~> Q: on every fair run, each state where P holds is followed by one where Q holds
  always_eventually,  ///< []<>P: holds infinitely often on every fair run
  eventually_always,  ///< <>[]P: from some point on, holds for ever on every fair run
  every_step,         ///< [][A]: the step predicate holds on every transition between reachable states
  constraint,         ///< not a property: successors where it fails are counted but not explored (TLC's CONSTRAINT)
  deadlock_free,      ///< added by the checker: no reachable state enables nothing (its name: "no deadlock")
};

/// The printed name of an expectation.
inline char const* to_string(Expectation e) {
  switch (e) {
    case Expectation::always: return "always";
    case Expectation::sometimes: return "sometimes";
    case Expectation::eventually: return "eventually";
    case Expectation::leads_to: return "leads-to";
    case Expectation::always_eventually: return "always-eventually";
    case Expectation::eventually_always: return "eventually-always";
    case Expectation::every_step: return "every-step";
    case Expectation::constraint: return "constraint";
    case Expectation::deadlock_free: return "deadlock-free";
  }
  return "?";
}

/// True for the expectations judged on infinite runs (lassos) under fairness.
inline bool is_temporal(Expectation e) {
  return e == Expectation::eventually || e == Expectation::leads_to || e == Expectation::always_eventually ||
         e == Expectation::eventually_always;
}

/// A named predicate over a model's states (or steps), with the expectation it is checked against.
template <class M>
struct Property {
  using State = typename M::State;
  using Action = typename M::Action;
  Expectation expectation;                                     ///< how it is judged
  std::string name;                                            ///< shown in reports
  std::function<bool(M const&, State const&)> predicate;       ///< P (unused by every_step)
  std::function<bool(M const&, State const&)> target{};        ///< leads_to: Q
  std::function<bool(M const&, State const&, Action const&, State const&)> step{};  ///< every_step: A(s, a, t)
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

/// <>P: on every fair run, `predicate` eventually holds.
template <class M, class F>
Property<M> eventually(std::string name, F&& predicate) {
  return {Expectation::eventually, std::move(name), std::forward<F>(predicate)};
}

/// P ~> Q: on every fair run, whenever `p` holds, `q` holds then or later.
template <class M, class P, class Q>
Property<M> leads_to(std::string name, P&& p, Q&& q) {
  return {Expectation::leads_to, std::move(name), std::forward<P>(p), std::forward<Q>(q)};
}

/// []<>P: on every fair run, `predicate` holds infinitely often.
template <class M, class F>
Property<M> always_eventually(std::string name, F&& predicate) {
  return {Expectation::always_eventually, std::move(name), std::forward<F>(predicate)};
}

/// <>[]P: on every fair run, `predicate` holds for ever from some point on.
template <class M, class F>
Property<M> eventually_always(std::string name, F&& predicate) {
  return {Expectation::eventually_always, std::move(name), std::forward<F>(predicate)};
}

/// An action property: `step(model, from, action, to)` holds on every transition of a reachable state.
template <class M, class F>
Property<M> every_step(std::string name, F&& step) {
  return {Expectation::every_step, std::move(name), {}, {}, std::forward<F>(step)};
}

/// A state constraint: successors where `predicate` fails are counted as generated but neither checked nor
/// explored (the checker's `constraints = false` explores them anyway).
template <class M, class F>
Property<M> constraint(std::string name, F&& predicate) {
  return {Expectation::constraint, std::move(name), std::forward<F>(predicate)};
}

}  // namespace weft
