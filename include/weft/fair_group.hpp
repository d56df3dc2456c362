// The data of fairness: how strongly a group of actions is fair (TLA+'s WF and SF), the group an action
// belongs to, and the fairness a simulated world offers as settings. See fairness.hpp for what they mean.
//
//   weft::WorldSettings s{.fairness = {.fair_timers = weft::Fair::weak, .fair_delivery = weft::Fair::strong}};
//   // or on the command line: weft check two_phase_commit --set fair_delivery=none
#pragma once

#include <weft/reflect.hpp>

#include <cstdint>

namespace weft {

/// The strength of a fairness condition.
enum class Fair : std::uint8_t {
  none,    ///< may be starved for ever
  weak,    ///< WF: if it stays enabled, it is eventually taken
  strong,  ///< SF: if it is enabled again and again, it is eventually taken
};

/// The printed name of a fairness strength: "WF", "SF" or "none".
inline char const* to_string(Fair f) { return f == Fair::weak ? "WF" : f == Fair::strong ? "SF" : "none"; }

/// One fairness group an action belongs to: its strength and a key that names the group in the model.
struct FairGroup {
  Fair kind = Fair::weak;  ///< weak or strong
  std::uint64_t key = 0;   ///< actions with the same key are one group
  friend bool operator==(FairGroup const&, FairGroup const&) = default;
};

/// The fairness of a simulated world's events. Faults (drops, duplicates, crashes, restarts, partitions)
/// are never fair: a crashed node may stay down for ever.
struct WorldFairness {
  Fair fair_timers = Fair::none;    ///< per node and timer: a pending timer fires
  Fair fair_delivery = Fair::none;  ///< per link (from, to): some message in flight on it is delivered
  Fair fair_inputs = Fair::none;    ///< per node: its next scripted input arrives
};

}  // namespace weft

BOOST_HANA_ADAPT_STRUCT(weft::WorldFairness, fair_timers, fair_delivery, fair_inputs);
