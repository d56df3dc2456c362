// Temporal properties (eventually, leads_to, always_eventually, eventually_always) on the reachable graph under
// the model's fairness. Each becomes one fair-lasso question (fair_cycles.hpp) over the graph built by
// state_graph.hpp: a property fails exactly when a fair run violates it, and such a run can always be taken
// as a lasso, which comes back as the counterexample with notes on why its cycle is fair.
//
//   eventually P          stem and cycle avoid P
//   always_eventually P   the cycle avoids P
//   eventually_always P   the cycle passes a state where P fails
//   P leads_to Q          the stem reaches P and not Q; from there on, stem and cycle avoid Q
//
// Runs may stutter: without fairness, a state that violates the property is a cycle by itself.
#pragma once

#include <weft/checker/fair_cycles.hpp>
#include <weft/checker/state_graph.hpp>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

namespace weft::checker {

/// The per-state flags of the lasso query for temporal property `i` of `graph`.
template <Model M>
std::vector<std::uint8_t> lasso_flags(StateGraph<M> const& graph, std::size_t i, Expectation e) {
  using G = StateGraph<M>;
  std::vector<std::uint8_t> flags(graph.graph.size());
  for (std::uint32_t v = 0; v < flags.size(); ++v) {
    bool const p = graph.label(v, i, G::p_holds), q = graph.label(v, i, G::q_holds);
    switch (e) {
      case Expectation::eventually: flags[v] = p ? 0 : trigger | after | accepting; break;
      case Expectation::always_eventually: flags[v] = before | (p ? 0 : trigger | after | accepting); break;
      case Expectation::eventually_always: flags[v] = before | trigger | after | (p ? 0 : accepting); break;
      case Expectation::leads_to:
        flags[v] = before | accepting | (q ? 0 : after) | (p && !q ? trigger : 0);
        break;
      default: break;
    }
  }
  return flags;
}

/// Notes on a lasso's cycle for a reader: each fairness group enabled on it and why the cycle is fair to it,
/// then the unfair actions the cycle leaves enabled but never takes.
template <Model M>
std::vector<std::string> lasso_notes(M const& m, Run<M> const& run) {
  std::vector<std::string> notes;
  if (!run.loop_start) return notes;
  std::size_t const from = *run.loop_start, last = run.states.size() - 1;
  std::size_t const cycle = last > from ? last - from : 1;
  struct Group { FairGroup g; typename M::Action example; std::size_t enabled_in = 0; bool taken = false; };
  std::vector<Group> groups;
  std::vector<std::string> idle;
  std::vector<FairGroup> gs;
  auto group = [&](FairGroup g, typename M::Action const& a) -> Group& {
    auto it = std::find_if(groups.begin(), groups.end(), [&](Group const& x) { return x.g == g; });
    if (it != groups.end()) return *it;
    return groups.emplace_back(Group{g, a});
  };
  std::vector<std::string> taken_text;
  for (std::size_t k = from; k < last; ++k) {
    taken_text.push_back(to_text(run.events[k]));
    gs.clear();
    if (fingerprint(run.states[k]) != fingerprint(run.states[k + 1])) fairness_of(m, run.states[k], run.events[k], gs);
    for (auto const& g : gs) group(g, run.events[k]).taken = true;
  }
  std::vector<typename M::Action> actions;
  typename M::State next;
  for (std::size_t k = from; k < from + cycle; ++k) {
    actions.clear();
    m.actions(run.states[k], actions);
    std::vector<FairGroup> here;
    for (auto const& a : actions) {
      if (!step(m, run.states[k], a, next) || fingerprint(next) == fingerprint(run.states[k])) continue;
      gs.clear();
      fairness_of(m, run.states[k], a, gs);
      for (auto const& g : gs)
        if (std::find(here.begin(), here.end(), g) == here.end()) here.push_back(g), ++group(g, a).enabled_in;
      std::string const text = to_text(a);
      if (gs.empty() && std::find(taken_text.begin(), taken_text.end(), text) == taken_text.end() &&
          std::find(idle.begin(), idle.end(), text) == idle.end())
        idle.push_back(text);
    }
  }
  for (auto const& x : groups) {
    if (x.enabled_in == 0 && !x.taken) continue;
    std::string why = x.taken ? "taken on the cycle"
                      : x.g.kind == Fair::weak ? "disabled in " + std::to_string(cycle - x.enabled_in) + " of the cycle's " +
                                                     std::to_string(cycle) + " states, so weak fairness does not force it"
                                               : "never enabled on the cycle";
    notes.push_back(fair_group_name(m, x.example, x.g) + ": " + why);
  }
  std::size_t const shown = std::min<std::size_t>(idle.size(), 4);
  for (std::size_t k = 0; k < shown; ++k) notes.push_back("enabled but never taken (not fair): " + idle[k]);
  if (idle.size() > shown) notes.push_back("... and " + std::to_string(idle.size() - shown) + " more unfair events enabled but never taken");
  return notes;
}

/// Judges every temporal property of `core` on its reachable graph. When a budget cuts the graph short, a
/// lasso among the states it expanded is still a counterexample; otherwise the verdict is unknown.
template <Model M>
void check_temporal(SearchCore<M>& core, Report<M>& r) {
  std::vector<std::size_t> temporal;
  for (std::size_t i = 0; i < core.properties.size(); ++i)
    if (is_temporal(core.properties[i].expectation)) temporal.push_back(i);
  if (temporal.empty() || (r.violated() && !core.options.keep_going)) return;
  // A search stopped by the clock or the memory budget leaves the graph no room: it would stop at its first
  // state, after reserving room for the whole space.
  if (r.bound == Bound::time || r.bound == Bound::memory) return;
  if (r.bound == Bound::states || r.bound == Bound::depth) core.stop.store(false);  // the graph has its own budget
  auto const started = std::chrono::steady_clock::now();
  StateGraph<M> graph(core, temporal);
  graph.reserve(r.stats.distinct, r.stats.generated);  // the search's counts: a good guess, exact without symmetry
  bool const built = graph.build();
  FairCycles cycles(graph.graph);
  for (std::size_t k = 0; k < temporal.size(); ++k) {
    std::size_t const i = temporal[k];
    if (r.violated() && !core.options.keep_going) break;
    auto lasso = cycles.find(lasso_flags(graph, k, core.properties[i].expectation));
    if (!lasso) {
      r.properties[i].verdict = built ? Verdict::holds : Verdict::unknown;
      continue;
    }
    Run<M> run = graph.run_of(*lasso);
    if (run.loop_start == run.length()) run.dead_end = weft::dead_end(core.model, run.last());
    r.properties[i].verdict = Verdict::fails;
    r.properties[i].path = std::move(run);
  }
  r.stats.graph_states = graph.graph.size();
  r.stats.graph_edges = graph.graph.edge_count;
  r.stats.graph_bytes = graph.bytes();
  r.stats.graph_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

}  // namespace weft::checker
