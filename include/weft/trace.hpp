// Trace files: a run of a model written down so that anyone can replay it on any build. A trace names
// the protocol and its configuration, the seed and search that found it, the property concerned and what
// is expected of it, the initial state, and for each step the event, what it caused, the state after it
// and that state's fingerprint. JSON for review (each event also printed as a line), binary for size.
#pragma once

#include <weft/document.hpp>
#include <weft/fingerprint.hpp>
#include <weft/choosers.hpp>
#include <weft/run.hpp>

#include <cctype>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace weft {

/// The trace format version: bump it when the layout changes.
inline constexpr std::uint32_t trace_version = 1;

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
    (std::string, text),                        ///< the event, printed (for readers; `event` is authoritative)
    (typename M::Action, event),                ///< what happened
    (std::vector<effect_of_t<M>>, effects),     ///< what it caused, in order
    (std::string, fingerprint),                 ///< of the state after it, 16 hex digits
    (typename M::State, state));                ///< the state after it
};

/// A whole trace of model M.
template <class M>
struct Trace {
  BOOST_HANA_DEFINE_STRUCT(Trace,
    (TraceHeader, header),
    (std::string, initial_fingerprint),
    (typename M::State, initial),
    (std::vector<TraceStep<M>>, steps));

  /// The events, in order.
  std::vector<typename M::Action> events() const {
    std::vector<typename M::Action> out;
    for (auto const& s : steps) out.push_back(s.event);
    return out;
  }
  /// The state after step `k` (0: the initial state).
  typename M::State const& state_at(std::size_t k) const { return k == 0 ? initial : steps.at(k - 1).state; }
  /// The run the trace writes down: its states, events, effects, loop start and dead end.
  Run<M> run() const {
    Run<M> r;
    r.states.push_back(initial);
    for (auto const& s : steps) {
      r.states.push_back(s.state);
      r.events.push_back(s.event);
      r.effects.push_back(s.effects);
    }
    r.loop_start = header.loop_start ? std::optional<std::size_t>(*header.loop_start) : std::nullopt;
    r.dead_end = header.dead_end;
    return r;
  }
};

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

/// Writes `run` down under `header` (a lasso's loop start and a dead end are taken from the run). The run must carry its
/// effects (weft::execute records them): nothing is executed again.
template <class M>
Trace<M> to_trace(Run<M> const& run, TraceHeader header) {
  if (!run.has_effects()) throw Error("a trace needs the run's effects: run it with weft::execute");
  Trace<M> t;
  t.header = std::move(header);
  if (run.loop_start) t.header.loop_start = run.loop_start;
  if (run.dead_end) t.header.dead_end = true;
  t.initial_fingerprint = to_hex(fingerprint(run.initial()));
  t.initial = run.initial();
  for (std::size_t k = 0; k < run.length(); ++k) {
    auto const& state = run.states[k + 1];
    t.steps.push_back({to_text(run.events[k]), run.events[k], run.effects[k], to_hex(fingerprint(state)), state});
  }
  return t;
}

/// Runs `events` from `initial` and writes down every step. Throws weft::Error naming the first event
/// that is not enabled.
template <Model M>
Trace<M> record_trace(M const& m, typename M::State initial, std::vector<typename M::Action> const& events,
                      TraceHeader header) {
  return to_trace(execute(m, std::move(initial), events), std::move(header));
}

/// Checks that a header is a trace this build reads; `what` names the file.
inline void check_trace_header(TraceHeader const& h, std::string const& what) {
  if (h.format != "weft-trace") throw Error(what + ": not a weft trace");
  if (h.version != trace_version)
    throw Error(what + ": trace format " + std::to_string(h.version) + ", this build reads " + std::to_string(trace_version));
  if (h.expect != expect::violates && h.expect != expect::witnesses && h.expect != expect::holds)
    throw Error(what + ": unknown expectation '" + h.expect + "' (violates, witnesses or holds)");
}

/// Reads a trace's header alone (to find its protocol before its types are known).
inline TraceHeader load_trace_header(std::filesystem::path const& path) {
  TraceHeader h = load_document_header<TraceHeader>(path);
  check_trace_header(h, path.string());
  return h;
}

/// Reads a whole trace of model M.
template <class M>
Trace<M> load_trace(std::filesystem::path const& path) {
  return load_document<Trace<M>>(path, [&](TraceHeader const& h) { check_trace_header(h, path.string()); });
}

/// Writes a trace atomically: JSON, or binary for `.bin` files unless `format` says otherwise.
template <class M>
void save_trace(std::filesystem::path const& path, Trace<M> const& t, std::optional<Format> format = std::nullopt) {
  save_document(path, t, format.value_or(format_for(path)));
}

}  // namespace weft
