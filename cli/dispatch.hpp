// Turns a protocol's model factory into a catalogue entry that runs every command on that model type.
// Each protocol's entry is built in its own translation unit (cli/protocols/), so the command templates
// are compiled once per protocol, in parallel.
#pragma once

#include "catalogue.hpp"
#include "run_check.hpp"
#include "run_diff.hpp"
#include "run_files.hpp"
#include "run_live.hpp"
#include "run_replay.hpp"
#include "show_html.hpp"

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace weft::cli {

/// `weft check`: from the model's initial state, a snapshot's, or the state live logs leave.
template <class M>
int check_command(M const& model, CheckRequest const& req) {
  if (!req.from.empty()) return run_check_from(model, req);
  if (req.from_logs.empty()) return run_check(model, req);
  if constexpr (LiveWorld<M>) {
    auto const state = runtime::state_from_logs(model, load_logs<M>(req.from_logs));
    std::printf("exploring from the state %zu live logs leave\n", req.from_logs.size());
    return run_check(model, req, {state});
  } else {
    throw Error("--from-logs: " + req.protocol + " is a hand-written model; only worlds run live and leave logs");
  }
}

/// A catalogue entry for the models `make` builds from a configuration.
template <class Factory>
Protocol entry(std::string name, std::string summary, std::vector<ConfigKey> keys, Factory make) {
  using M = std::decay_t<decltype(make(std::declval<Config const&>()))>;
  auto properties = [make](Config const& c) {
    std::vector<std::pair<std::string, std::string>> out;
    for (auto const& p : make(c).properties()) out.emplace_back(to_string(p.expectation), p.name);
    return out;
  };
  auto run = [make, name](Config const& c, Command const& command) -> int {
    M const model = make(c);
    return std::visit(
        [&](auto const& req) -> int {
          using R = std::decay_t<decltype(req)>;
          if constexpr (std::is_same_v<R, CheckRequest>) return check_command(model, req);
          else if constexpr (std::is_same_v<R, ReplayRequest>) return run_replay(model, req, c.values());
          else if constexpr (std::is_same_v<R, SnapshotRequest>) return run_snapshot(model, req);
          else if constexpr (std::is_same_v<R, ConvertRequest>) return run_convert(model, req);
          else if constexpr (std::is_same_v<R, ShrinkRequest>) return run_shrink(model, req);
          else if constexpr (std::is_same_v<R, DiffRequest>) return run_diff<M>(model, make, c, req);
          else if constexpr (std::is_same_v<R, ShowRequest>) return run_show(model, req);
          else if constexpr (std::is_same_v<R, RunRequest>) return run_live(model, req, name, c.values());
          else if constexpr (std::is_same_v<R, LogReplayRequest>) return run_log_replay<M>(model, make, c, req);
          else return run_transplant(model, req);
        },
        command);
  };
  return Protocol{std::move(name), std::move(summary), std::move(keys), properties, run};
}

/// The configuration keys every simulated world has: network semantics, fault budgets, the RNG seed.
inline std::vector<ConfigKey> world_keys(std::vector<ConfigKey> keys) {
  std::vector<ConfigKey> common{
      {"delivery", "unordered", "network semantics: unordered, duplicating or fifo"},
      {"drops", "0", "messages the network may lose"},
      {"duplicates", "0", "messages the network may duplicate"},
      {"crashes", "0", "node crashes"},
      {"restarts", "0", "restarts of crashed nodes"},
      {"partitions", "0", "network partitions"},
      {"seed", "0", "the seed of the nodes' random streams"},
      {"free_inputs", "0", "accept any input as an event, not only the script's next (replaying live logs)"},
  };
  keys.insert(keys.end(), common.begin(), common.end());
  return keys;
}

/// Applies the world_keys settings to a world.
template <class W>
W& apply_world_keys(W& w, Config const& c) {
  auto n = [&](char const* k) { return static_cast<std::uint32_t>(c.number(k)); };
  std::string const d = c.text("delivery");
  Delivery delivery = Delivery::unordered;
  if (d == "duplicating") delivery = Delivery::duplicating;
  else if (d == "fifo") delivery = Delivery::fifo;
  else if (d != "unordered") throw Error("delivery must be unordered, duplicating or fifo, got '" + d + "'");
  w.delivery(delivery);
  w.faults({.drops = n("drops"), .duplicates = n("duplicates"), .crashes = n("crashes"), .restarts = n("restarts"),
            .partitions = n("partitions")});
  w.seed(c.number("seed"));
  w.free_inputs(c.flag("free_inputs"));
  return w;
}

}  // namespace weft::cli
