// `weft replay`: re-run a trace on this build, step by step, holding each step to the recording; report
// the first divergence field by field, the properties along the way, and (with --expect) whether the
// trace's recorded expectation is met. --rerecord writes the events' run on this build as a new trace.
#pragma once

#include <weft/cli/property_table.hpp>
#include <weft/cli/request.hpp>
#include <weft/cli/subject.hpp>

#include <weft/replay.hpp>
#include <weft/snapshot.hpp>

#include <cstdio>
#include <string>

namespace weft::cli {

namespace detail {
template <class M>
void print_divergence(Divergence<M> const& d, char const* label = "diverged") {
  std::printf("  %s: %s\n", label, d.why.c_str());
  if (!d.changes.empty()) {
    std::printf("  fields changed by the step, - recorded / + replayed:\n");
    for (auto const& line : d.changes) std::printf("    %s\n", line.c_str());
  }
  if (!d.effects.empty()) {
    std::printf("  effects, - recorded / + replayed:\n");
    for (auto const& line : d.effects) std::printf("    %s\n", line.c_str());
  }
}

inline void print_tracks(std::vector<PropertyTrack> const& tracks) {
  int const width = kind_width(tracks);
  for (auto const& p : tracks) {
    std::string line;
    if (p.expectation == Expectation::always)
      line = p.first_false ? "fails at step " + std::to_string(*p.first_false) : "holds at every step";
    else if (p.expectation == Expectation::sometimes)
      line = p.first_true ? "holds at step " + std::to_string(*p.first_true) : "never holds";
    else
      line = p.first_true ? "holds at step " + std::to_string(*p.first_true) : "never holds on this run";
    print_property_line(width, p.expectation, p.name, line);
  }
}

template <class M>
int rerecord(M const& model, Trace<M> const& t, typename M::State const& initial, ReplayReport<M> const& r,
             ReplayRequest const& req, std::map<std::string, std::string> const& config) {
  if (r.divergence) {
    std::printf("  cannot re-record: %s\n", r.divergence->why.c_str());
    return diverged;
  }
  auto header = t.header;
  header.config = config;
  auto const* track = r.track(header.property);
  bool const fails = track && track->expectation == Expectation::always && track->first_false;
  if (header.expect == expect::violates && !fails) header.expect = expect::holds;
  else if (header.expect == expect::holds && fails) header.expect = expect::violates;
  header.origin = "re-recorded from " + req.trace;
  auto events = t.events();
  events.resize(r.steps);
  save_trace(req.rerecord, record_trace(model, initial, events, header));
  std::printf("  re-recorded as %s (expects: %s \"%s\")\n", req.rerecord.c_str(), header.expect.c_str(),
              header.property.c_str());
  return ok;
}
}  // namespace detail

/// Replays the trace `req.trace` on `model`.
template <class M>
int run_replay(Subject<M> const& subject, ReplayRequest const& req) {
  M const& model = subject.model;
  auto const& config = subject.config;
  auto const t = subject.load_trace(req.trace);
  ReplayOptions<M> o;
  if (req.until) o.until = *req.until;
  o.mode = req.config_changed || !req.rerecord.empty() ? ReplayMode::events
           : req.regression                            ? ReplayMode::regression
                                                       : ReplayMode::strict;
  if (!req.from.empty()) {
    // A snapshot of one of this trace's states resumes the trace there; any other state forks it: the
    // trace's events are tried from that state, and the recording is not held to.
    auto const snap = subject.load_snapshot(req.from);
    o.from = snap.state;
    bool resumed = false;
    for (std::size_t k = 0; k <= t.steps.size() && !resumed; ++k)
      if (k == 0 ? t.initial_fingerprint == snap.header.fingerprint : t.steps[k - 1].fingerprint == snap.header.fingerprint)
        o.skip = k, resumed = true;
    if (!resumed) o.mode = ReplayMode::events;
    std::printf("  from %s: %s\n", req.from.c_str(),
                resumed ? ("the trace's state after step " + std::to_string(o.skip) + ", resumed there").c_str()
                        : "another state: the trace's events are tried from it");
  }
  if (req.print)
    o.on_step = [&](std::size_t k, typename M::State const& s) {
      std::string const state = to_text(s);  // a world prints one node per line, a flat model on one line
      std::printf("  %3zu  %s%s%s\n", k, k == 0 ? "initial state" : t.steps[k - 1].text.c_str(),
                  state.starts_with("\n") ? "" : "\n       ", state.c_str());
    };
  std::printf("weft replay %s: %s, %zu steps, expects: %s%s\n", req.trace.c_str(), t.header.protocol.c_str(),
              t.steps.size(), t.header.expect.c_str(),
              t.header.property.empty() ? "" : (" \"" + t.header.property + "\"").c_str());
  if (o.mode == ReplayMode::events && req.rerecord.empty())
    std::printf("  (another configuration or start: the recording is not held to)\n");
  auto const r = replay(model, t, o);
  if (!req.rerecord.empty()) return detail::rerecord(model, t, o.from ? *o.from : start_of(model, t), r, req, config);
  if (r.divergence) detail::print_divergence(*r.divergence);
  else std::printf("  replayed %zu of %zu steps%s\n", r.steps, t.steps.size(),
                   o.mode == ReplayMode::strict ? ": every state and effect matches the recording"
                   : o.mode == ReplayMode::regression && !r.drift ? ": no drift from the recording" : "");
  if (r.drift) detail::print_divergence(*r.drift, "drift (information; --regression holds the verdict only)");
  detail::print_tracks(r.properties);
  if (req.expect) {
    auto const unmet = unmet_expectation(model, t, r);
    std::printf("  expectation %s%s\n", unmet ? "NOT met: " : "met", unmet ? unmet->c_str() : "");
    return unmet ? violation : ok;
  }
  if (r.divergence) return diverged;
  if (r.invariant_failed()) return violation;
  return r.complete ? ok : incomplete;
}

}  // namespace weft::cli
