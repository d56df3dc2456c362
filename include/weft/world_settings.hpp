// The settings every simulated world has (network semantics, fault budgets, the RNG seed), as one
// reflected struct that a protocol's own Settings holds as a field: its keys (`delivery`, `drops`,
// `crashes`, ...) then appear among the protocol's, documented once here.
//
//   struct Settings { std::uint32_t clients = 2; weft::WorldSettings world{.delivery = weft::Delivery::fifo}; };
//   World w = ...; w.configure(s.world);
#pragma once

#include <weft/fair_group.hpp>
#include <weft/network.hpp>
#include <weft/settings.hpp>
#include <weft/world_state.hpp>

#include <cstdint>

namespace weft {

/// A world's network semantics, fault budget, seed and input mode.
struct WorldSettings {
  Delivery delivery = Delivery::unordered;  ///< how the network delivers messages
  FaultBudget faults{};                     ///< how many faults of each kind may happen
  std::uint64_t seed = 0;                   ///< node i's random stream is stream i of this seed
  bool free_inputs = false;                 ///< any input of a node's role is an event (replaying live logs)
  WorldFairness fairness{};                 ///< which events a fair run may not starve (default: none)
};

/// `--set` documentation of the world's fairness.
inline void weft_describe(Describe<WorldFairness>& d) {
  d(&WorldFairness::fair_timers, "fairness of each node's pending timers: none, weak or strong");
  d(&WorldFairness::fair_delivery, "fairness of delivery on each link: none, weak or strong");
  d(&WorldFairness::fair_inputs, "fairness of each node's next scripted input: none, weak or strong");
}

/// `--set` documentation of the fault budget.
inline void weft_describe(Describe<FaultBudget>& d) {
  d(&FaultBudget::drops, "messages the network may lose");
  d(&FaultBudget::duplicates, "messages the network may duplicate");
  d(&FaultBudget::crashes, "node crashes");
  d(&FaultBudget::restarts, "restarts of crashed nodes");
  d(&FaultBudget::partitions, "network partitions (each healed for free)");
}

/// `--set` documentation of the world settings.
inline void weft_describe(Describe<WorldSettings>& d) {
  d(&WorldSettings::delivery, "network semantics");
  d(&WorldSettings::seed, "the seed of the nodes' random streams");
  d(&WorldSettings::free_inputs, "accept any input as an event, not only the script's next (replaying live logs)");
}

}  // namespace weft

BOOST_HANA_ADAPT_STRUCT(weft::WorldSettings, delivery, faults, seed, free_inputs, fairness);
