// Trace files: a run of a model written down so that anyone can replay it on any build, and review it.
// A trace names the protocol and its configuration, the seed and search that found it, the property
// concerned and what is expected of it; the initial state's fingerprint, printed form and (only when the
// run does not start at the model's own initial state) the state itself; and for each step the event
// (typed, and printed), what it caused, printed, the fields of the state it changed ("nodes[1].state.
// served: 0 -> 1") and the fingerprint of the state after it. States are never stored whole, so a trace
// stays small and diffable in review, and a field added to a state does not stop old traces from loading:
// replay re-runs the events, in strict mode holding each step to the recording (a determinism check) or in
// regression mode holding only the verdict and reporting drift (replay.hpp).
#pragma once

#include <weft/document.hpp>
#include <weft/fingerprint.hpp>
#include <weft/choosers.hpp>
#include <weft/diff.hpp>
#include <weft/run.hpp>

#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace weft {

/// The trace format version: bump it when the layout changes.
inline constexpr std::uint32_t trace_version = 2;

/// What a trace expects of its property when replayed.
namespace expect {
inline constexpr char const* violates = "violates";    ///< the property fails (always: at the last step; eventually: on the lasso)
inline constexpr char const* witnesses = "witnesses";  ///< the property (sometimes) holds at the last step
inline constexpr char const* holds = "holds";          ///< every step replays and no invariant fails
}  // namespace expect

/// Everything about a trace but its steps, readable without knowing the protocol's types.
struct TraceHeader {
  BOOST_HANA_DEFINE_STRUCT(TraceHeader,
    (std::string, format),                         ///< "weft-trace"
    (std::uint32_t, version),                      ///< trace_version when written
    (std::string, protocol),                       ///< as `weft list` names it
    (std::map<std::string, std::string>, config),  ///< every configuration key's value
    (std::uint64_t, seed),                         ///< the seed of the run that found it (0 if none)
    (std::string, origin),                         ///< how it was found: bfs, dfs, random, rapidcheck, shrunk...
    (std::string, property),                       ///< the property concerned ("" for none)
    (std::string, expect),                         ///< violates, witnesses or holds
    (std::optional<std::uint64_t>, loop_start),    ///< for a lasso: the step whose state the last one repeats
    (bool, dead_end));                             ///< the last state enables nothing
};

/// One step of a trace.
template <class M>
struct TraceStep {
  BOOST_HANA_DEFINE_STRUCT(TraceStep,
    (std::string, text),                   ///< the event, printed (for readers; `event` is authoritative)
    (typename M::Action, event),           ///< what happened
    (std::vector<std::string>, effects),   ///< what it caused, printed, in order (log lines aside)
    (std::vector<std::string>, logs),      ///< the log lines it wrote (not held to on replay)
    (std::vector<std::string>, changes),   ///< the state's fields it changed, `path: before -> after`
    (std::string, fingerprint));           ///< of the state after it, 16 hex digits
};

/// A whole trace of model M.
template <class M>
struct Trace {
  BOOST_HANA_DEFINE_STRUCT(Trace,
    (TraceHeader, header),
    (std::string, initial_fingerprint),
    (std::string, initial_text),                      ///< the initial state, printed
    (std::optional<typename M::State>, initial),      ///< only when it is not the model's initial state
    (std::vector<TraceStep<M>>, steps));

  /// The events, in order.
  std::vector<typename M::Action> events() const {
    std::vector<typename M::Action> out;
    for (auto const& s : steps) out.push_back(s.event);
    return out;
  }
  /// The recorded fingerprint of the state after step `k` (0: the initial state).
  std::string const& fingerprint_at(std::size_t k) const { return k == 0 ? initial_fingerprint : steps.at(k - 1).fingerprint; }
};

/// The state trace `t` starts from: its own, or the first initial state of `m`.
template <Model M>
typename M::State start_of(M const& m, Trace<M> const& t) {
  if (t.initial) return *t.initial;
  auto inits = m.init_states();
  if (inits.empty()) throw Error("the model has no initial state to start the trace from");
  return std::move(inits.front());
}

/// The trace's run on model `m`: its events executed once from its start, with every state and effect.
/// Throws weft::Error naming the first event that is not enabled.
template <Model M>
Run<M> run_of(M const& m, Trace<M> const& t) {
  Run<M> run = execute(m, start_of(m, t), t.events());
  run.loop_start = t.header.loop_start ? std::optional<std::size_t>(*t.header.loop_start) : std::nullopt;
  run.dead_end = t.header.dead_end;
  if (run.dead_end && !run.loop_start) run.loop_start = run.length();  // stopping is staying in the last state
  return run;
}

/// The fields that differ from `before` to `after`, as `path: before -> after` lines.
template <class S>
std::vector<std::string> changes(S const& before, S const& after) {
  std::vector<std::string> out;
  for (auto const& d : diff(before, after)) out.push_back(d.path + ": " + d.left + " -> " + d.right);
  return out;
}

namespace detail {
// Printed effects, the observable ones and the log lines apart.
template <class E>
void print_effects(std::vector<E> const& effects, std::vector<std::string>& observable_out, std::vector<std::string>& logs) {
  for (auto const& e : effects) (observable(e) ? observable_out : logs).push_back(to_text(e));
}
}  // namespace detail

/// A string safe in a file name: letters and digits kept, anything else `_`.
inline std::string slug(std::string const& text) {
  std::string out;
  for (char c : text) out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return out;
}

/// The file name of a trace: the property, then the settings that differ from the defaults
/// (`answers_match_questions.accept_stale_pong-1.json`), so that each bug switch gets its own file.
inline std::string trace_file_name(std::string const& property, std::map<std::string, std::string> const& config,
                                   std::map<std::string, std::string> const& defaults) {
  std::string name = slug(property.empty() ? "run" : property);
  for (auto const& [k, v] : config) {
    auto d = defaults.find(k);
    if (d == defaults.end() || d->second != v) name += "." + slug(k) + "-" + slug(v);
  }
  return name + ".json";
}

/// A header with the format and version filled in.
inline TraceHeader trace_header(std::string protocol, std::map<std::string, std::string> config, std::string property,
                                std::string expectation, std::string origin = "", std::uint64_t seed = 0) {
  return {"weft-trace", trace_version, std::move(protocol), std::move(config), seed, std::move(origin),
          std::move(property), std::move(expectation), std::nullopt, false};
}

/// Writes `run` (of model `m`) down under `header`; a lasso's loop start and a dead end are taken from
/// the run. The run must carry its effects (weft::execute records them): nothing is executed again.
template <Model M>
Trace<M> to_trace(M const& m, Run<M> const& run, TraceHeader header) {
  if (!run.has_effects()) throw Error("a trace needs the run's effects: run it with weft::execute");
  Trace<M> t;
  t.header = std::move(header);
  if (run.loop_start) t.header.loop_start = run.loop_start;
  if (run.dead_end) t.header.dead_end = true;
  t.initial_fingerprint = to_hex(fingerprint(run.initial()));
  t.initial_text = to_text(run.initial());
  auto const inits = m.init_states();
  if (inits.empty() || canonical_bytes(inits.front()) != canonical_bytes(run.initial())) t.initial = run.initial();
  for (std::size_t k = 0; k < run.length(); ++k) {
    TraceStep<M> step;
    step.text = to_text(run.events[k]);
    step.event = run.events[k];
    detail::print_effects(run.effects[k], step.effects, step.logs);
    step.changes = changes(run.states[k], run.states[k + 1]);
    step.fingerprint = to_hex(fingerprint(run.states[k + 1]));
    t.steps.push_back(std::move(step));
  }
  return t;
}

/// Runs `events` from `initial` and writes down every step. Throws weft::Error naming the first event
/// that is not enabled.
template <Model M>
Trace<M> record_trace(M const& m, typename M::State initial, std::vector<typename M::Action> const& events,
                      TraceHeader header) {
  return to_trace(m, execute(m, std::move(initial), events), std::move(header));
}

/// Checks that a header is a trace this build reads; `what` names the file.
inline void check_trace_header(TraceHeader const& h, std::string const& what) {
  if (h.format != "weft-trace") throw Error(what + ": not a weft trace");
  if (h.version < 1 || h.version > trace_version)
    throw Error(what + ": trace format " + std::to_string(h.version) + ", this build reads 1 to " + std::to_string(trace_version));
  if (h.expect != expect::violates && h.expect != expect::witnesses && h.expect != expect::holds)
    throw Error(what + ": unknown expectation '" + h.expect + "' (violates, witnesses or holds)");
}

/// Reads a trace's header alone (to find its protocol before its types are known).
inline TraceHeader load_trace_header(std::filesystem::path const& path) {
  TraceHeader h = load_document_header<TraceHeader>(path);
  check_trace_header(h, path.string());
  return h;
}

/// Reads a whole trace of model M in the current format (trace_v1.hpp reads and upgrades older ones).
template <class M>
Trace<M> load_trace(std::filesystem::path const& path) {
  return load_document<Trace<M>>(path, [&](TraceHeader const& h) {
    check_trace_header(h, path.string());
    if (h.version != trace_version)
      throw Error(path.string() + ": trace format " + std::to_string(h.version) + ": `weft convert FILE NEW` upgrades it");
  });
}

/// Writes a trace atomically: JSON, or binary for `.bin` files unless `format` says otherwise.
template <class M>
void save_trace(std::filesystem::path const& path, Trace<M> const& t, std::optional<Format> format = std::nullopt) {
  save_document(path, t, format.value_or(format_for(path)));
}

}  // namespace weft
