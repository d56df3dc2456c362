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

/// The property names, as the tool and the tests spell them.
inline constexpr char const* mutual_exclusion = "mutual exclusion";
inline constexpr char const* someone_holds = "some client gets the lock";

/// Adds the invariant (at most one client holds the lock) and a reachability witness against vacuity.
inline void add_properties(World& w) {
  w.property(weft::always<World>(mutual_exclusion, [](World const&, World::State const& s) { return holders(s) <= 1; }));
  w.property(weft::sometimes<World>(someone_holds, [](World const&, World::State const& s) { return holders(s) == 1; }));
}

/// The lock service as its tool (`lockcheck`) and its tests know it.
inline auto const protocol = weft::protocol<Settings>("lock", "a lock server and clients that retransmit Acquire and Release",
                                                      [](Settings const& s) {
                                                        World w = make_world(s);
                                                        add_properties(w);
                                                        return w;
                                                      });

}  // namespace lock
