// The file commands: `weft snapshot` (suspend a trace's state to a file), `weft transplant` (move one
// node's state from a snapshot into another), `weft convert` (JSON <-> binary) and `weft shrink`.
#pragma once

#include <weft/cli/request.hpp>
#include <weft/cli/subject.hpp>

#include <weft/replay.hpp>
#include <weft/shrinker/shrink.hpp>
#include <weft/snapshot.hpp>

#include <cstdio>
#include <string>

namespace weft::cli {

/// Writes the state after step `req.step` of a trace, as this build reaches it.
template <class M>
int run_snapshot(Subject<M> const& subject, SnapshotRequest const& req) {
  M const& model = subject.model;
  auto const t = subject.load_trace(req.trace);
  if (req.step > t.steps.size())
    throw Error(req.trace + " has " + std::to_string(t.steps.size()) + " steps; --step " + std::to_string(req.step) + " is past its end");
  ReplayOptions<M> o;
  o.until = req.step;
  auto const r = replay(model, t, o);
  if (r.divergence) throw Error(req.trace + ": " + r.divergence->why);
  auto const snap = make_snapshot<M>(t.header.protocol, t.header.config,
                                     req.trace + ", step " + std::to_string(req.step), *r.last);
  save_snapshot(req.out, snap);
  std::printf("snapshot of %s after step %zu written to %s (fingerprint %s)\n", req.trace.c_str(), req.step,
              req.out.c_str(), snap.header.fingerprint.c_str());
  return ok;
}

/// Puts node `req.node` of one snapshot into another (as node `req.as`), hs-p4p style.
template <class M>
int run_transplant(Subject<M> const& subject, TransplantRequest const& req) {
  M const& model = subject.model;
  if constexpr (requires(typename M::State& s) { model.put_node(s, NodeId{}, M::node(s, NodeId{})); }) {
    auto const source = subject.load_snapshot(req.source);
    auto target = subject.load_snapshot(req.target);
    model.put_node(target.state, req.as, M::node(source.state, req.node));
    auto const out = make_snapshot<M>(target.header.protocol, target.header.config,
                                      target.header.source + ", with node " + std::to_string(req.as) + " from node " +
                                          std::to_string(req.node) + " of " + req.source,
                                      target.state);
    save_snapshot(req.out, out);
    std::printf("node %u of %s put into %s as node %u: %s\n", req.node, req.source.c_str(), req.target.c_str(), req.as,
                req.out.c_str());
    return ok;
  } else {
    throw Error("this protocol is a hand-written model: its states have no nodes to move");
  }
}

/// Rewrites a trace or snapshot in the other format (or the one `--to` names).
template <class M>
int run_convert(Subject<M> const& subject, ConvertRequest const& req) {
  Format const to = req.to.value_or(format_for(req.out));
  if (document_kind(req.in) == "weft-snapshot") save_snapshot(req.out, subject.load_snapshot(req.in), to);
  else save_trace(req.out, subject.load_trace(req.in), to);
  std::printf("%s -> %s (%s)\n", req.in.c_str(), req.out.c_str(), to_string(to));
  return ok;
}

/// Shrinks a trace that breaks an invariant, or a lasso that breaks a temporal property, to a short one.
template <class M>
int run_shrink(Subject<M> const& subject, ShrinkRequest const& req) {
  M const& model = subject.model;
  auto const t = subject.load_trace(req.trace);
  if (t.header.expect != expect::violates) throw Error(req.trace + " does not record a violation: nothing to shrink");
  auto const shrunk = shrinker::shrink(model, run_of(model, t), t.header.property);
  auto header = t.header;
  header.origin += ", shrunk";
  save_trace(req.out, to_trace(model, shrunk.run, header));
  auto const& s = shrunk.stats;
  std::printf("shrunk %s from %zu to %zu events in %.2f s (%zu runs tried, %zu states searched, %s): %s\n",
              req.trace.c_str(), s.before, s.after, s.seconds, s.candidates, s.searched,
              s.minimal ? "1-minimal" : "stopped by its budget", req.out.c_str());
  return ok;
}

}  // namespace weft::cli
