// Reading traces of format 1, which stored every state whole (and so broke whenever a state's layout
// changed): the events are run again from the recorded initial state, each step held to its recorded
// fingerprint, and written down in the current format. A trace whose states no longer load or no longer
// replay alike cannot be upgraded by this build: the error says at which step.
//
//   weft::Trace<World> t = weft::load_any_trace(world, "old.json");  // format 1 or 2
#pragma once

#include <weft/trace.hpp>

namespace weft {

/// One step of a format-1 trace.
template <class M>
struct TraceStepV1 {
  BOOST_HANA_DEFINE_STRUCT(TraceStepV1,
    (std::string, text),
    (typename M::Action, event),
    (std::vector<effect_of_t<M>>, effects),
    (std::string, fingerprint),
    (typename M::State, state));
};

/// A format-1 trace.
template <class M>
struct TraceV1 {
  BOOST_HANA_DEFINE_STRUCT(TraceV1,
    (TraceHeader, header),
    (std::string, initial_fingerprint),
    (typename M::State, initial),
    (std::vector<TraceStepV1<M>>, steps));
};

/// Upgrades a format-1 trace (read from `what`) by running its events again on `m`.
template <Model M>
Trace<M> upgrade_trace(M const& m, TraceV1<M> const& old, std::string const& what) {
  if (to_hex(fingerprint(old.initial)) != old.initial_fingerprint)
    throw Error(what + ": the initial state does not have its recorded fingerprint (edited or corrupt)");
  if (std::string why = validate_state(m, old.initial); !why.empty()) throw Error(what + ": the initial state: " + why);
  std::vector<typename M::Action> events;
  for (auto const& s : old.steps) {
    if (std::string why = validate_action(m, s.event); !why.empty()) throw Error(what + ": an event: " + why);
    events.push_back(s.event);
  }
  Run<M> run = execute(m, old.initial, events);
  for (std::size_t k = 0; k < old.steps.size(); ++k)
    if (to_hex(fingerprint(run.states[k + 1])) != old.steps[k].fingerprint)
      throw Error(what + ": step " + std::to_string(k + 1) + " (" + old.steps[k].text +
                  ") reaches another state on this build than recorded: it cannot be upgraded here");
  TraceHeader header = old.header;
  header.version = trace_version;
  return to_trace(m, run, header);
}

/// Reads a trace of `m` in any format this build knows, upgrading an older one in memory.
template <Model M>
Trace<M> load_any_trace(M const& m, std::filesystem::path const& path) {
  TraceHeader const h = load_trace_header(path);
  if (h.version == trace_version) return load_trace<M>(path);
  auto const old = load_document<TraceV1<M>>(path, [&](TraceHeader const& hh) { check_trace_header(hh, path.string()); });
  return upgrade_trace(m, old, path.string());
}

}  // namespace weft
