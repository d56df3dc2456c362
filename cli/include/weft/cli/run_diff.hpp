// `weft diff`: where two executions part (hs-p4p: replay on slightly different inputs and see how the
// behaviour changes). Two traces; or a trace against its own events under another configuration (--set);
// or against its events with one removed (--without STEP). Prints the first differing step, the state
// fields that differ after it, and the effects.
#pragma once

#include <weft/cli/request.hpp>
#include <weft/cli/subject.hpp>

#include <weft/diff.hpp>
#include <weft/trace.hpp>

#include <cstdio>
#include <functional>
#include <string>

namespace weft::cli {

namespace detail {
// The run of `events` from `initial` on `model`, as far as the events stay enabled; `stopped` says why not.
template <class M>
Run<M> run_as_far_as_possible(M const& model, typename M::State initial, std::vector<typename M::Action> const& events,
                              std::string& stopped) {
  Run<M> run = start_run<M>(std::move(initial));
  FollowEvents<M> follow(events);
  DriveEnd const end = drive(model, run, follow, record_all<M>, {.effects = true});
  if (end.refused)
    stopped = "step " + std::to_string(end.step + 1) + " (" + to_text(events[end.step]) + ") is not enabled there: " + end.why;
  return run;
}

template <class E>
void print_effects(char const* side, std::vector<E> const& effects) {
  std::printf("    %s:", side);
  if (effects.empty()) std::printf(" (none)");
  for (auto const& e : effects) std::printf("\n      %s", to_text(e).c_str());
  std::printf("\n");
}

// Compares two executions; true when they are the same.
template <class M>
bool compare_runs(Run<M> const& a, Run<M> const& b) {
  if (canonical_bytes(a.initial()) != canonical_bytes(b.initial())) {
    std::printf("  the initial states differ, A -> B:\n%s", describe(diff(a.initial(), b.initial())).c_str());
    return false;
  }
  std::size_t const n = std::min(a.length(), b.length());
  for (std::size_t i = 0; i < n; ++i) {
    bool const same_event = equal(a.events[i], b.events[i]);
    bool const same_state = canonical_bytes(a.states[i + 1]) == canonical_bytes(b.states[i + 1]);
    bool const same_effects = canonical_bytes(a.effects[i]) == canonical_bytes(b.effects[i]);
    if (same_event && same_state && same_effects) continue;
    std::printf("  steps 1-%zu are the same; the executions part at step %zu:\n", i, i + 1);
    std::printf("    A: %s\n    B: %s\n", to_text(a.events[i]).c_str(), to_text(b.events[i]).c_str());
    if (same_event) std::printf("  the same event leads to %s\n", same_state ? "other effects" : "another state");
    if (!same_state)
      std::printf("  state after step %zu, A -> B:\n%s", i + 1, describe(diff(a.states[i + 1], b.states[i + 1])).c_str());
    if (!same_effects) {
      std::printf("  effects of step %zu:\n", i + 1);
      print_effects("A", a.effects[i]);
      print_effects("B", b.effects[i]);
    }
    return false;
  }
  if (a.length() == b.length()) {
    std::printf("  the executions are the same: %zu steps\n", n);
    return true;
  }
  std::printf("  steps 1-%zu are the same; then %s goes on for %zu more steps (next: %s)\n", n, a.length() > n ? "A" : "B",
              std::max(a.length(), b.length()) - n, to_text(a.length() > n ? a.events[n] : b.events[n]).c_str());
  return false;
}
}  // namespace detail

/// Compares the executions `req` names; exit 0 when they are the same, 1 when they part.
template <class M>
int run_diff(Subject<M> const& subject, DiffRequest const& req) {
  M const& model = subject.model;
  auto const a = subject.load_trace(req.a);
  Run<M> const ra = run_of(model, a);
  Run<M> rb;
  std::string stopped, what;
  if (!req.b.empty()) {
    rb = run_of(model, subject.load_trace(req.b));
    what = req.b;
  } else if (req.other_config) {
    M const changed = subject.remake(*req.other_config);
    // A trace from the model's own initial state starts from the other configuration's initial state.
    rb = detail::run_as_far_as_possible(changed, a.initial ? *a.initial : changed.init_states().at(0), a.events(), stopped);
    what = "its events under the other configuration";
  } else if (req.without) {
    auto events = a.events();
    if (*req.without < 1 || *req.without > events.size())
      throw Error("--without " + std::to_string(*req.without) + ": the trace has steps 1 to " + std::to_string(events.size()));
    events.erase(events.begin() + static_cast<std::ptrdiff_t>(*req.without - 1));
    rb = detail::run_as_far_as_possible(model, ra.initial(), events, stopped);
    what = "its events without step " + std::to_string(*req.without);
  } else {
    throw Error("diff needs a second trace, --set key=value or --without STEP");
  }
  std::printf("weft diff: A = %s, B = %s\n", req.a.c_str(), what.c_str());
  bool const same = detail::compare_runs(ra, rb);
  if (!stopped.empty()) std::printf("  B stops early: %s\n", stopped.c_str());
  return same && stopped.empty() ? ok : violation;
}

}  // namespace weft::cli
