// Replaying a live node's log on the current build: from one of its snapshots, the node as a model
// (node_model.hpp) is driven by the logged inputs, and every output is held to the recorded one (log lines
// aside) and every later snapshot to the record reached. On the build that wrote the log they are all
// identical; on another build the first divergence says which input, which outputs and which fields differ.
#pragma once

#include <weft/diff.hpp>
#include <weft/choosers.hpp>
#include <weft/runtime/log.hpp>
#include <weft/runtime/node_model.hpp>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace weft::runtime {

/// The outcome of replaying a log.
struct LogReplayReport {
  std::size_t inputs = 0;               ///< inputs replayed
  std::size_t outputs = 0;              ///< outputs compared
  std::size_t snapshots = 0;            ///< snapshots compared
  std::optional<std::string> divergence;  ///< the first difference, described
};

namespace detail {
// The effects the world outside sees (log lines aside), byte for byte and as text.
template <class E>
std::vector<std::pair<std::string, std::string>> observable(std::vector<E> const& effects) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto const& e : effects)
    if (!std::holds_alternative<Log>(e)) out.emplace_back(canonical_bytes(e), to_text(e));
  return out;
}
}  // namespace detail

namespace detail {
// What the log says happened after snapshot `from`: the inputs, the outputs each produced and the snapshot
// (if any) taken after each; and the record to start from.
template <class W>
struct Recorded {
  typename W::Node start;
  std::vector<typename W::Local> inputs;
  std::vector<std::vector<typename W::WorldEffect>> outputs;    // outputs[k]: after inputs[k]
  std::vector<std::vector<typename W::Node const*>> snapshots;  // snapshots[k]: taken after inputs[k]
  std::vector<typename W::Node const*> before_first;            // snapshots between `from` and the first input
};

template <class W>
Recorded<W> recorded(LogFile<W> const& log, std::size_t from) {
  Recorded<W> r;
  std::size_t seen = 0;
  bool started = false;
  for (auto const& record : log.records) {
    if (auto const* s = std::get_if<LogSnapshot<W>>(&record)) {
      if (!started && seen++ == from) r.start = s->node, started = true;
      else if (started) (r.inputs.empty() ? r.before_first : r.snapshots.back()).push_back(&s->node);
    } else if (!started) {
      continue;
    } else if (auto const* in = std::get_if<LogInput<W>>(&record)) {
      r.inputs.push_back(in->event);
      r.outputs.emplace_back();
      r.snapshots.emplace_back();
    } else if (auto const* out = std::get_if<LogOutput<W>>(&record); out && !r.inputs.empty()) {
      r.outputs.back().push_back(out->effect);
    }
  }
  if (!started) throw Error("the log has " + std::to_string(seen) + " snapshots; there is no snapshot " + std::to_string(from));
  return r;
}
}  // namespace detail

/// Replays `log` on `world` from its snapshot number `from` (0: the first, taken before the node started):
/// the node as a model (node_model.hpp) driven by the logged inputs; `on_input(k, event, node)` sees each
/// input and the record after it.
template <class W>
LogReplayReport replay_log(W const& world, LogFile<W> const& log, std::size_t from = 0,
                           std::function<void(std::size_t, typename W::Local const&, typename W::Node const&)> on_input = {}) {
  LogReplayReport r;
  auto const rec = detail::recorded(log, from);
  NodeModel<W> const node(world, log.header.node);
  auto snapshot_differs = [&](std::size_t k, typename W::Node const& logged, typename W::Node const& now) {
    if (canonical_bytes(now) == canonical_bytes(logged)) return ++r.snapshots, false;
    std::string const input = k == 0 ? "the start" : "input " + std::to_string(k) + " (" + to_text(rec.inputs[k - 1]) + ")";
    r.divergence = "after " + input + " the record differs from the logged snapshot:\n" + describe(diff(logged, now));
    return true;
  };
  for (auto const* s : rec.before_first)
    if (snapshot_differs(0, *s, rec.start)) return r;
  Run<NodeModel<W>> run = start_run<NodeModel<W>>(rec.start);
  FollowEvents<NodeModel<W>> follow(rec.inputs);
  drive(node, run, follow, [&](Run<NodeModel<W>> const& now) {
    std::size_t const k = now.length();
    if (k == 0) return Observe::go_on;
    r.inputs = k;
    if (on_input) on_input(k, rec.inputs[k - 1], now.last());
    auto const want = detail::observable(rec.outputs[k - 1]), got = detail::observable(now.effects.back());
    r.outputs += want.size();
    if (want != got) {
      std::string d = "input " + std::to_string(k) + " (" + to_text(rec.inputs[k - 1]) + ") produced other outputs than logged:";
      for (auto const& w : want) d += "\n    - " + w.second;
      for (auto const& g : got) d += "\n    + " + g.second;
      r.divergence = d;
      return Observe::stop;
    }
    for (auto const* s : rec.snapshots[k - 1])
      if (snapshot_differs(k, *s, now.last())) return Observe::stop;
    return Observe::go_on;
  }, {.effects = true, .states = false});
  return r;
}

}  // namespace weft::runtime
