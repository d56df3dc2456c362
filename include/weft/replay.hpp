// Replay: run a trace's events again on the current build (weft::drive, following them) and judge every
// property along the way, so that a trace can be held to its recorded expectation (a corpus fixture must
// still fail, or still pass). Two modes:
//   strict      each step is held to the recording: the event must still be enabled, the state must have
//               the recorded fingerprint and the effects must print the same (log lines aside); the first
//               divergence is reported with the fields each side changed. A determinism check.
//   regression  the events must still be enabled and the verdict must hold; a state or effect that differs
//               from the recording is drift, reported as information (where it starts, which fields), so
//               that adding a field to a state does not break every fixture.
#pragma once

#include <weft/diff.hpp>
#include <weft/fairness.hpp>
#include <weft/trace.hpp>

#include <algorithm>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace weft {

/// Where a replay parted from the recording.
template <class M>
struct Divergence {
  std::size_t step = 0;                  ///< 1-based step (0: the initial state)
  std::string why;                       ///< what differs, in a sentence
  bool not_enabled = false;              ///< the event is no longer enabled (the trace no longer applies)
  std::vector<std::string> changes;      ///< "- field: a -> b" as recorded, "+ field: a -> b" as replayed
  std::vector<std::string> effects;      ///< "- recorded" and "+ replayed" lines
};

/// What happened to one property along the replay.
struct PropertyTrack {
  std::string name;                          ///< the property
  Expectation expectation;                   ///< how the property is judged
  std::optional<std::size_t> first_true;     ///< first step (0: initial state) where the predicate held
  std::optional<std::size_t> first_false;    ///< first step where it did not (every_step: the step that broke it)
};

/// The outcome of a replay.
template <class M>
struct ReplayReport {
  std::size_t steps = 0;                         ///< steps replayed
  bool complete = false;                         ///< every step of the trace was replayed
  std::optional<Divergence<M>> divergence;       ///< strict: the first step that differs (the replay stopped there)
  std::optional<Divergence<M>> drift;            ///< regression: the first step that differs (the replay went on)
  std::vector<PropertyTrack> properties;         ///< in model order
  std::optional<typename M::State> last;         ///< the last state reached
  std::vector<Fingerprint> fingerprints;         ///< of each state replayed (from the start, or from `skip`)
  std::optional<Run<M>> lasso;                   ///< the run replayed, when the trace is a lasso (to judge it)

  /// The track of property `name`, or null.
  PropertyTrack const* track(std::string const& name) const {
    for (auto const& p : properties)
      if (p.name == name) return &p;
    return nullptr;
  }
  /// True when some invariant (always) failed along the way.
  bool invariant_failed() const {
    for (auto const& p : properties)
      if (p.expectation == Expectation::always && p.first_false) return true;
    return false;
  }
};

/// How a replay holds the run to its recording.
enum class ReplayMode {
  strict,      ///< every state and effect as recorded (determinism)
  regression,  ///< the verdict; differences are drift, reported but not failing
  events,      ///< the events alone (another configuration or start state)
};

/// How to replay.
template <class M>
struct ReplayOptions {
  std::size_t until = std::numeric_limits<std::size_t>::max();  ///< stop after this many steps
  ReplayMode mode = ReplayMode::strict;   ///< what the run is held to
  std::optional<typename M::State> from;  ///< start here instead of the trace's start (a snapshot)
  std::size_t skip = 0;                   ///< the state `from` is the trace's after this many steps: resume there
  std::function<void(std::size_t, typename M::State const&)> on_step;  ///< sees each state (0: the initial one)
};

namespace detail {
template <class M>
void judge(M const& m, std::vector<PropertyTrack>& tracks, Run<M> const& run, std::size_t step) {
  auto const props = m.properties();
  std::size_t const n = run.states.size();
  for (std::size_t i = 0; i < props.size(); ++i) {
    bool holds = true;
    if (props[i].expectation == Expectation::every_step) {
      if (n < 2) continue;
      holds = props[i].step(m, run.states[n - 2], run.events.back(), run.states[n - 1]);
    } else {
      holds = props[i].predicate(m, run.states[n - 1]);
    }
    auto& slot = holds ? tracks[i].first_true : tracks[i].first_false;
    if (!slot) slot = step;
  }
}

// How replayed step k (state `after`, reached from `before`) differs from its recording, if at all.
template <class M>
std::optional<Divergence<M>> against_recording(TraceStep<M> const& rec, std::size_t k, typename M::State const& before,
                                               typename M::State const& after, Effects<M> const& effects) {
  std::vector<std::string> got, logs;
  print_effects(effects, got, logs);
  bool const same_state = to_hex(fingerprint(after)) == rec.fingerprint, same_effects = got == rec.effects;
  if (same_state && same_effects) return std::nullopt;
  Divergence<M> d{k, "", false, {}, {}};
  auto const replayed = changes(before, after);
  d.why = "step " + std::to_string(k) + " (" + rec.text + ") " +
          (same_state ? "caused other effects than recorded"
           : replayed == rec.changes ? "reached a state with another fingerprint, though it changed the same fields: "
                                       "the state's layout differs"
                                     : "reached another state than recorded") +
          ": the build or the configuration behaves differently, or a process is not deterministic";
  if (!same_state && replayed != rec.changes) {  // the lines one side has and the other has not
    auto missing = [](std::vector<std::string> const& from, std::vector<std::string> const& in) {
      std::vector<std::string> out;
      for (auto const& c : from)
        if (std::find(in.begin(), in.end(), c) == in.end()) out.push_back(c);
      return out;
    };
    for (auto const& c : missing(rec.changes, replayed)) d.changes.push_back("- " + c);
    for (auto const& c : missing(replayed, rec.changes)) d.changes.push_back("+ " + c);
  }
  if (!same_effects) {
    for (auto const& w : rec.effects) d.effects.push_back("- " + w);
    for (auto const& g : got) d.effects.push_back("+ " + g);
  }
  return d;
}
}  // namespace detail

/// Replays `t` on model `m`: the trace's events followed by weft::drive, held to the recording as
/// `o.mode` says.
template <Model M>
ReplayReport<M> replay(M const& m, Trace<M> const& t, ReplayOptions<M> const& o = {}) {
  ReplayReport<M> r;
  for (auto const& p : m.properties()) r.properties.push_back({p.name, p.expectation, std::nullopt, std::nullopt});
  std::vector<typename M::Action> events;
  for (std::size_t i = o.skip; i < t.steps.size(); ++i) events.push_back(t.steps[i].event);
  Run<M> run = start_run<M>(o.from ? *o.from : start_of(m, t));
  bool const held = o.mode != ReplayMode::events;
  if (held && o.skip == 0 && to_hex(fingerprint(run.initial())) != t.initial_fingerprint) {
    Divergence<M> d{0, "the initial state differs from the recorded one: the model's configuration or its state's layout "
                       "changed", false, {}, {}};
    (o.mode == ReplayMode::strict ? r.divergence : r.drift) = std::move(d);
    if (o.mode == ReplayMode::strict) return r;
  }
  FollowEvents<M> follow(events);
  auto observe = [&](Run<M> const& now) {
    std::size_t const k = o.skip + now.length();
    r.fingerprints.push_back(fingerprint(now.last()));
    detail::judge(m, r.properties, now, k);
    if (o.on_step) o.on_step(k, now.last());
    r.steps = k;
    if (now.length() == 0 || !held || (o.mode == ReplayMode::regression && r.drift)) return Observe::go_on;
    auto d = detail::against_recording(t.steps[k - 1], k, now.states[now.length() - 1], now.last(), now.effects.back());
    if (!d) return Observe::go_on;
    if (o.mode == ReplayMode::regression) return r.drift = std::move(d), Observe::go_on;
    r.divergence = std::move(d);
    return Observe::stop;
  };
  std::size_t const steps = o.until > o.skip ? o.until - o.skip : 0;
  DriveEnd const end = drive(m, run, follow, observe, {.effects = held, .max_steps = steps});
  r.last = run.last();
  if (end.refused) {
    std::size_t const k = o.skip + end.step + 1;
    r.divergence = Divergence<M>{k, "step " + std::to_string(k) + " (" + t.steps[k - 1].text + ") is not enabled: " + end.why,
                                 true, {}, {}};
    return r;
  }
  if (!r.divergence) r.complete = r.steps == t.steps.size();
  if (t.header.loop_start || t.header.dead_end) {
    run.loop_start = t.header.loop_start ? *t.header.loop_start : t.steps.size();
    run.dead_end = t.header.dead_end;
    r.lasso = std::move(run);
  }
  return r;
}

/// Why a replay did not meet the trace's recorded expectation, or nothing when it did.
template <Model M>
std::optional<std::string> unmet_expectation(M const& m, Trace<M> const& t, ReplayReport<M> const& r) {
  TraceHeader const& h = t.header;
  if (r.divergence) {
    std::string const advice = " The trace no longer matches this build: re-record it (weft replay FILE --rerecord OUT) "
                               "or delete it.";
    return r.divergence->why + "." + advice;
  }
  if (!r.complete) return "the replay stopped before the end of the trace";
  if (h.expect == expect::holds) {
    for (auto const& p : r.properties)
      if (p.expectation == Expectation::always && p.first_false)
        return "\"" + p.name + "\" fails at step " + std::to_string(*p.first_false) + ", but the trace expects every invariant to hold";
    return std::nullopt;
  }
  if (h.property == "no deadlock") {
    if (!r.last) return "the replay reached no state";
    std::vector<typename M::Action> enabled;
    m.actions(*r.last, enabled);
    typename M::State scratch;
    for (auto const& a : enabled)
      if (weft::enabled(m, *r.last, a, scratch)) return "the last state is not a dead end any more: " + to_text(a) + " is enabled";
    return std::nullopt;
  }
  PropertyTrack const* p = r.track(h.property);
  if (!p) return "the model has no property named \"" + h.property + "\"";
  std::size_t const last = t.steps.size();
  if (h.expect == expect::witnesses) {
    if (p->first_true == last) return std::nullopt;
    return "\"" + h.property + "\" does not hold at the last step, but the trace expects it to";
  }
  if (is_temporal(p->expectation)) {
    if (!r.lasso) return "the trace records no lasso (loop start or dead end) for \"" + h.property + "\"";
    if (h.loop_start && (*h.loop_start >= r.fingerprints.size() || r.fingerprints[*h.loop_start] != r.fingerprints.back()))
      return "the last state does not repeat step " + std::to_string(*h.loop_start) + ": the lasso is broken";
    if (h.dead_end && !weft::dead_end(m, *r.last)) return "the last state is not a dead end any more";
    for (auto const& prop : m.properties())
      if (prop.name == h.property && !lasso_violates(m, prop, *r.lasso))
        return "the lasso does not violate \"" + h.property + "\" (" + to_string(prop.expectation) + ")";
    if (auto unfair = lasso_unfairness(m, *r.lasso)) return "the lasso is not a fair run: " + *unfair;
    return std::nullopt;
  }
  if (p->first_false) return std::nullopt;
  return "\"" + h.property + "\" holds at every step, but the trace expects it to fail";
}

}  // namespace weft
