// Replaying a live node's log on the current build: from one of its snapshots, feed the logged inputs to
// the process again and hold every output to the recorded one (log lines aside) and every later snapshot
// to the record reached. On the build that wrote the log they are all identical; on another build the
// first divergence says which input, which outputs and which fields differ.
#pragma once

#include <weft/diff.hpp>
#include <weft/runtime/log.hpp>

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

/// Replays `log` on `world` from its snapshot number `from` (0: the first, taken before the node started);
/// `on_input(k, event, node)` sees each input and the record after it.
template <class W>
LogReplayReport replay_log(W const& world, LogFile<W> const& log, std::size_t from = 0,
                           std::function<void(std::size_t, typename W::Local const&, typename W::Node const&)> on_input = {}) {
  LogReplayReport r;
  NodeId const id = log.header.node;
  std::optional<typename W::Node> node;
  std::size_t seen_snapshots = 0, k = 0;
  std::vector<typename W::WorldEffect> produced, recorded;
  std::string last_input;
  auto settle = [&]() -> bool {  // compares the outputs of the last input; false on a divergence
    auto const want = detail::observable(recorded), got = detail::observable(produced);
    r.outputs += want.size();
    if (want != got) {
      std::string d = "input " + std::to_string(k) + " (" + last_input + ") produced other outputs than logged:";
      for (auto const& w : want) d += "\n    - " + w.second;
      for (auto const& g : got) d += "\n    + " + g.second;
      r.divergence = d;
    }
    recorded.clear(), produced.clear();
    return !r.divergence;
  };
  for (auto const& record : log.records) {
    if (auto const* s = std::get_if<LogSnapshot<W>>(&record)) {
      if (!node) {
        if (seen_snapshots++ == from) node = s->node;
        continue;
      }
      if (!settle()) return r;
      ++r.snapshots;
      if (canonical_bytes(*node) != canonical_bytes(s->node)) {
        r.divergence = "after input " + std::to_string(k) + " (" + last_input + ") the record differs from the logged snapshot:\n" +
                       describe(diff(s->node, *node));
        return r;
      }
    } else if (!node) {
      continue;
    } else if (auto const* in = std::get_if<LogInput<W>>(&record)) {
      if (!settle()) return r;
      ++k, ++r.inputs;
      last_input = to_text(in->event);
      world.run_local(*node, id, in->event, [&](typename W::WorldEffect&& e) { produced.push_back(std::move(e)); });
      if (on_input) on_input(k, in->event, *node);
    } else if (auto const* out = std::get_if<LogOutput<W>>(&record)) {
      recorded.push_back(out->effect);
    }
  }
  if (!node) throw Error("the log has " + std::to_string(seen_snapshots) + " snapshots; there is no snapshot " + std::to_string(from));
  settle();
  return r;
}

}  // namespace weft::runtime
