// The lock service's invariants, and the protocol as its tool and tests know it: name, settings, the
// world with its properties.
#pragma once

#include "lock_service.hpp"

namespace lock {

/// How many clients are in the critical section.
inline std::size_t holders(World::State const& s) {
  std::size_t n = 0;
  for (weft::NodeId c = 1; c < s.nodes.size(); ++c) n += World::state_of<Client>(s, c).phase == Phase::holding ? 1 : 0;
  return n;
}

/// True when every client has started all `uses` of the lock and is idle again.
inline bool all_done(World::State const& s, std::uint32_t uses) {
  for (weft::NodeId c = 1; c < s.nodes.size(); ++c) {
    auto const& client = World::state_of<Client>(s, c);
    if (client.seq != uses || client.phase != Phase::idle) return false;
  }
  return true;
}

/// The property names, as the tool and the tests spell them.
inline constexpr char const* mutual_exclusion = "mutual exclusion";
inline constexpr char const* someone_holds = "some client gets the lock";
inline constexpr char const* every_client_finishes = "every client finishes its uses";

/// Adds the invariant (at most one client holds the lock), a reachability witness against vacuity and,
/// when `liveness`, that every client finishes its uses on every fair run (none waits for ever).
inline void add_properties(World& w, Settings const& settings) {
  w.property(weft::always<World>(mutual_exclusion, [](World const&, World::State const& s) { return holders(s) <= 1; }));
  w.property(weft::sometimes<World>(someone_holds, [](World const&, World::State const& s) { return holders(s) == 1; }));
  if (!settings.liveness) return;
  w.property(weft::eventually<World>(every_client_finishes,
                                     [uses = settings.uses](World const&, World::State const& s) { return all_done(s, uses); }));
}

/// The lock service as its tool (`lockcheck`) and its tests know it.
inline auto const protocol = weft::protocol<Settings>("lock", "a lock server and clients that retransmit Acquire and Release",
                                                      [](Settings const& s) {
                                                        World w = make_world(s);
                                                        add_properties(w, s);
                                                        return w;
                                                      });

}  // namespace lock
