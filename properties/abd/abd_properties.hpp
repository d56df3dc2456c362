// The invariants of the ABD register: the clients' recorded Invoke/Return outputs form a linearizable
// register history, and no timestamp exceeds the number of scripted writes (what keeps the state space
// finite).
#pragma once

#include <abd/abd.hpp>

#include <weft/properties/linearizability.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

namespace abd {

/// A register history as the linearizability checker takes it.
using RegisterHistory = weft::properties::SpecHistory<weft::properties::RegisterSpec>;

/// The history in `s.observed`: an operation is called at the position of its Invoke and returns at the
/// position of its Return; operations without a Return are pending. Each client runs one at a time, so a
/// Return completes the latest Invoke of its node.
inline RegisterHistory history_of(World::State const& s) {
  using weft::properties::RegisterInput;
  using weft::properties::RegisterOutput;
  RegisterHistory h;
  std::vector<std::pair<weft::NodeId, std::size_t>> open;  // (client, its operation in h)
  for (std::size_t t = 0; t < s.observed.size(); ++t) {
    auto const& o = s.observed[t];
    auto const* report = std::get_if<1>(&o.value);
    if (!report) continue;
    if (auto const* call = std::get_if<Invoke>(report)) {
      RegisterInput in = call->op.kind == OpKind::read ? RegisterInput::read() : RegisterInput::write(call->op.value);
      std::erase_if(open, [&](auto const& p) { return p.first == o.node; });
      open.emplace_back(o.node, h.size());
      h.push_back({o.node.value, in, std::nullopt, t, 0});
    } else {
      auto const ret = std::get<Return>(*report);
      auto it = std::find_if(open.begin(), open.end(), [&](auto const& p) { return p.first == o.node; });
      if (it == open.end()) throw weft::Error("abd: node " + std::to_string(o.node) + " returned without a call");
      h[it->second].output = ret.result ? RegisterOutput::of(*ret.result) : RegisterOutput::ok();
      h[it->second].ret = t;
      open.erase(it);
    }
  }
  return h;
}

/// True when the history has a linearization. Cheap first: with no read returned, any order that
/// respects real time will do (a write's output says nothing), so the search runs only when one has.
inline bool linearizable(World::State const& s) {
  RegisterHistory const h = history_of(s);
  bool const read_returned = std::any_of(h.begin(), h.end(), [](auto const& op) {
    return op.returned() && op.input.op == weft::properties::RegisterOp::read;
  });
  return !read_returned || weft::properties::check_linearizable(weft::properties::RegisterSpec{}, h).linearizable();
}

/// True when no server or client holds, and no message carries, a timestamp above `writes`.
inline bool timestamps_bounded(World::State const& s, std::uint32_t writes) {
  auto ok = [&](Tagged const& t) { return t.tag.ts <= writes; };
  for (auto const& node : s.nodes) {
    if (auto const* server = std::get_if<0>(&node.state); server && !ok(server->stored)) return false;
    if (auto const* client = std::get_if<1>(&node.state); client && !ok(client->best)) return false;
  }
  for (auto const& e : s.network) {
    if (auto const* h = std::get_if<Held>(&e.msg); h && !ok(h->held)) return false;
    if (auto const* st = std::get_if<Store>(&e.msg); st && !ok(st->value)) return false;
  }
  return true;
}

/// Adds "linearizable" and "timestamps bounded by the writes" to a world built from `settings`.
inline void add_properties(World& w, Settings const& settings) {
  w.property(weft::always<World>("linearizable", [](World const&, World::State const& s) { return linearizable(s); }));
  w.property(weft::always<World>("timestamps bounded by the writes",
                                 [writes = settings.writes()](World const&, World::State const& s) {
                                   return timestamps_bounded(s, writes);
                                 }));
}

/// ABD as its tools and tests know it: the world of `settings` with its properties.
inline auto const protocol = weft::protocol<Settings>(
    "abd", "the ABD atomic register: majority quorums, reads write back; checked for linearizability",
    [](Settings const& s) {
      World w = make_world(s);
      add_properties(w, s);
      return w;
    });

}  // namespace abd
